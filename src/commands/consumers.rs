//! `weir consumers`: who is registered, what each uses, and (with `--spec`) whether their
//! Pact interactions still validate.

use super::{consumer_settings, load_registry, print, print_warnings};
use crate::cli::{ConsumersArgs, Exit, ListFormat};
use crate::config::Config;
use crate::consumers;
use crate::error::Result;
use crate::load::Locator;

pub fn run(args: ConsumersArgs) -> Result<Exit> {
    let config = Config::discover(args.config.as_deref())?;
    let settings = consumer_settings(&config, args.consumers);
    let registry = load_registry(&settings)?.unwrap_or_else(|| consumers::Registry {
        dir: settings.dir.display().to_string(),
        consumers: Vec::new(),
        skipped: Vec::new(),
    });
    let verified = match &args.spec {
        Some(spec) => {
            let s = crate::load::open_spec(&Locator::parse(spec), false)?;
            print_warnings(&[&s]);
            consumers::analyze(&mut [], &s, &s, Some(&registry), settings.policy, None)
        }
        None => None,
    };
    let text = match args.format {
        ListFormat::Text => {
            let mut text = consumers::report::listing_text(&registry);
            if let Some(i) = &verified {
                text.push_str(&consumers::report::verification_text(
                    i,
                    args.spec.as_deref(),
                ));
            }
            text
        }
        ListFormat::Json => consumers::report::listing_json(&registry, verified.as_ref()),
    };
    print(&text);
    Ok(Exit::Ok)
}
