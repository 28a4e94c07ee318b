//! `weir bump [--write]`: the version the changes since the last release call for.

use std::path::PathBuf;

use super::check::{Target, check_spec, select_spec};
use super::{print, print_outcome_warnings};
use crate::cli::{BumpArgs, Exit};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::gate::{self, VersionSource};
use crate::output;

pub fn run(args: BumpArgs) -> Result<Exit> {
    // The gate's own assessment, as `weir check` makes it.
    let config = Config::discover(args.target.config.as_deref())?;
    let spec = select_spec(&config, args.target.spec.as_deref(), None)?;
    let target = Target {
        base: args.target.base.clone(),
        revision: args.target.revision.clone(),
        strict: args.target.strict,
        consumers: args.target.consumers.clone(),
    };
    let outcome = check_spec(&config, spec, &target, &VersionSource::Spec, None)?;
    print_outcome_warnings(&outcome);
    let next = outcome.next.to_string();
    if args.write {
        if args.target.revision.is_some() {
            return Err(Error::Usage(
                "--write changes the working tree; drop --revision".into(),
            ));
        }
        let text = gate::write::with_version(&outcome.revision, &next)?;
        let path = PathBuf::from(&outcome.spec_path);
        if text != *outcome.revision.files[0].source {
            gate::write::write_atomically(&path, &text)?;
        }
        if !output::quiet() {
            eprintln!("{}: info.version is now {next}", path.display());
        }
    }
    print(&format!("{next}\n"));
    Ok(Exit::Ok)
}
