//! `weir bump [--write]`: the version the changes since the last release call for.

use std::path::PathBuf;

use super::{check_options, print, print_outcome_warnings};
use crate::cli::{BumpArgs, Exit};
use crate::error::{Error, Result};
use crate::gate::{self, VersionSource};
use crate::output;

pub fn run(args: BumpArgs) -> Result<Exit> {
    let outcome = gate::check(&check_options(&args.target, VersionSource::Spec)?)?;
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
