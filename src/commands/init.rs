//! `weir init`: a commented starter `weir.toml`, with the spec found in the folder if there is
//! one.

use std::path::{Path, PathBuf};

use super::Exit;
use crate::config::FILE_NAME;
use crate::error::{Error, Result};
use crate::gate::write::write_atomically;

#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:\n  weir init\n  weir init --spec api/openapi.yaml")]
pub(crate) struct InitArgs {
    /// The spec to list (default: the first openapi.* or swagger.* found here).
    #[arg(long)]
    pub spec: Option<String>,
    /// Replace an existing weir.toml.
    #[arg(long)]
    pub force: bool,
}

pub(crate) fn run(args: InitArgs) -> Result<Exit> {
    let path = PathBuf::from(FILE_NAME);
    if path.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{FILE_NAME} already exists here; pass --force to replace it"
        )));
    }
    let spec = args
        .spec
        .or_else(|| crate::config::find_spec(Path::new(".")))
        .unwrap_or_else(|| "openapi.yaml".into());
    write_atomically(&path, &starter(&spec))?;
    if !crate::output::quiet() {
        eprintln!("wrote {FILE_NAME} for {spec}; `weir check` runs the release gate");
    }
    Ok(Exit::Ok)
}

/// The file `weir init` writes. Every setting is shown, the optional ones commented out.
pub(crate) fn starter(spec: &str) -> String {
    let spec = toml::Value::String(spec.to_string()).to_string();
    // The sample ignore expires in the future, counted from today: a past date would make it
    // an error the moment it is uncommented.
    let expires = crate::versions::date::from_epoch_days(crate::assess::dates::today() + 90);
    format!(
        r#"# weir.toml: how weir checks this repository's API specs.
# weir finds it from the current folder upward (`--config FILE` names another).
# Paths are relative to this file.

# One [[spec]] per spec the repository publishes. `weir check --all` checks them all.
[[spec]]
path = {spec}
# name = "public-api"            # how reports name it (default: the path)
# tag-pattern = "api-v*"         # its release tags (default: v1.2.3 and 1.2.3)
# consumers = "consumers/"       # its registered consumers
# include = ["/v1/**"]           # only these API paths count for this spec
# exclude = ["/v1/internal/**"]  # these do not
#
# [spec.policy]                  # this spec's own policy, over [policy] below
# fail-on = "breaking"

[policy]
# Removing something deprecated without an x-sunset is allowed (a minor bump) once it has
# been deprecated this many days, and new deprecations must announce an x-sunset that far
# ahead. An x-sunset decides by itself. 0 turns the period off.
deprecation-days = 0
# What fails `weir check`: "version" (only a version too small for the changes),
# "breaking" (also any breaking change) or "warning" (also any warning).
fail-on = "version"
# "strict" if your clients validate responses or use generated types: a response that admits
# more than before (a new enum value, a raised maximum) is then breaking, not a warning.
# preset = "strict"

# Levels of your own for rules (`weir rules` lists them): "breaking", "warning", "info",
# "off", or a table with a bump.
[rules]
# response-enum-value-added = "breaking"
# operation-id-changed = {{ level = "info", bump = "patch" }}

# API paths that count, for every spec (globs: * within a segment, ** across).
[paths]
include = []
exclude = []

# Findings accepted for a while. The fingerprint is in `weir diff --format json`; an ignore
# past its expiry date is an error, so nothing stays ignored by accident.
# [[ignore]]
# fingerprint = "5ce56893705329d7"
# rule = "request-parameter-became-required"
# reason = "The only client sending this request was updated in March"
# expires = {expires}
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_file_is_a_valid_config() {
        let c: crate::config::Config = toml::from_str(&starter("api/openapi.yaml")).unwrap();
        assert_eq!(c.specs[0].path, "api/openapi.yaml");
        assert!(c.rules.is_empty() && c.ignores.is_empty());
        // Quotes in the path are escaped, not a broken file.
        let c: crate::config::Config = toml::from_str(&starter("a \"b\".yaml")).unwrap();
        assert_eq!(c.specs[0].path, "a \"b\".yaml");
    }

    #[test]
    fn every_commented_setting_is_valid_uncommented() {
        let text: String = starter("openapi.yaml")
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") || rest.starts_with('[') => rest,
                _ => l,
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let mut c: crate::config::Config = toml::from_str(&text).unwrap();
        c.source = Some(text.as_str().into());
        assert_eq!(c.specs[0].name.as_deref(), Some("public-api"));
        assert_eq!(c.rules.len(), 2);
        assert_eq!(c.ignores.len(), 1);
        // Rule ids are real, and the example's expiry is still ahead in 89 days.
        let today = crate::assess::dates::today();
        crate::assess::Decisions::from_config(&c, Some(&c.specs[0]), today + 89).unwrap();
        let late = crate::assess::Decisions::from_config(&c, Some(&c.specs[0]), today + 91);
        assert!(late.unwrap_err().to_string().contains("expired"));
    }
}
