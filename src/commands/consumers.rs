//! `weir consumers`: who is registered, what each uses, and (with `--spec`) whether their
//! Pact interactions still validate.

use super::{consumer_settings, load_registry, print, print_warnings};
use std::path::PathBuf;

use super::Exit;
use crate::config::Config;
use crate::consumers;
use crate::error::Result;
use crate::load::Locator;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir consumers\n  weir consumers --consumers contracts/ --spec api/openapi.yaml\n  weir consumers --format json"
)]
pub(crate) struct ConsumersArgs {
    /// The consumer registry folder (default: from weir.toml, else `consumers/`).
    #[arg(long, value_name = "DIR")]
    pub consumers: Option<PathBuf>,
    /// Verify the Pact interactions against this spec (PATH, `-` or REV:PATH).
    #[arg(long)]
    pub spec: Option<String>,
    /// weir.toml to use instead of the nearest one (it says where the registry is).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The listing: text, or JSON for scripts.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
}

/// `weir consumers` lists; it has no findings to render in the other formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ListFormat {
    Text,
    Json,
}

pub(crate) fn run(args: ConsumersArgs) -> Result<Exit> {
    let config = Config::discover(args.config.as_deref())?;
    let settings = consumer_settings(&config, args.consumers)?;
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
            let mut text = crate::report::consumers::listing_text(&registry);
            if let Some(i) = &verified {
                text.push_str(&crate::report::consumers::verification_text(
                    i,
                    args.spec.as_deref(),
                ));
            }
            text
        }
        ListFormat::Json => crate::report::consumers::listing_json(&registry, verified.as_ref()),
    };
    print(&text);
    // An interaction the spec refuses is a failed verification.
    Ok(match verified {
        Some(i) if !i.pact_failures.is_empty() => Exit::GateFailed,
        _ => Exit::Ok,
    })
}
