//! `weir.toml`: which specs a repository has and the policies that apply to them. Found from
//! the current folder upward; paths in it are relative to the folder it is in.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::error::{Error, Located, Result};
use crate::load::tree::Pos;

pub const FILE_NAME: &str = "weir.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// One entry per spec the repository publishes.
    #[serde(default, rename = "spec")]
    pub specs: Vec<SpecConfig>,
    #[serde(default)]
    pub policy: Policy,
    /// `[consumers]`: the consumer registry and its policy.
    #[serde(default)]
    pub consumers: crate::consumers::Config,
    /// Where the file was read from (set after parsing).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SpecConfig {
    /// The spec's path, relative to `weir.toml`.
    pub path: String,
    /// A short name for reports (defaults to the path).
    pub name: Option<String>,
    /// Release tags of this spec: `api-v*` matches `api-v1.2.0`. By default `v1.2.3` and
    /// `1.2.3` both count.
    pub tag_pattern: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Policy {
    /// Removing a deprecated operation or property is allowed only this many days after it
    /// was deprecated (or once its `x-sunset` date has passed). 0 turns the policy off.
    #[serde(default)]
    pub deprecation_days: u32,
}

impl Config {
    /// The nearest `weir.toml` from `start` upward, if any.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let source: Arc<str> = text.clone().into();
            let byte = e.span().map_or(0, |s| s.start);
            let line = text[..byte].matches('\n').count() as u32 + 1;
            let column = (byte - text[..byte].rfind('\n').map_or(0, |n| n + 1)) as u32 + 1;
            let pos = Pos {
                byte: byte as u32,
                line,
                column,
            };
            Error::invalid(Located::at_pos(
                &path.display().to_string(),
                &source,
                pos,
                format!("invalid {FILE_NAME}: {}", e.message()),
            ))
        })?;
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// `weir.toml` from the current folder upward, or the defaults when there is none.
    pub fn discover(explicit: Option<&Path>) -> Result<Config> {
        match explicit {
            Some(p) => Config::load(p),
            None => {
                let cwd = std::env::current_dir().map_err(|e| Error::Io {
                    path: ".".into(),
                    reason: e.to_string(),
                })?;
                match Config::find(&cwd) {
                    Some(p) => Config::load(&p),
                    None => Ok(Config::default()),
                }
            }
        }
    }

    /// The folder the config's relative paths start from.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// The spec entry for a path given on the command line, or the only one configured.
    pub fn spec_for(&self, path: Option<&str>) -> Result<SpecConfig> {
        match (path, self.specs.as_slice()) {
            (Some(p), specs) => {
                let wanted = normalize(p);
                Ok(specs
                    .iter()
                    .find(|s| {
                        normalize(&self.base_dir().join(&s.path).display().to_string()) == wanted
                            || normalize(&s.path) == wanted
                    })
                    .cloned()
                    .unwrap_or(SpecConfig {
                        path: p.to_string(),
                        name: None,
                        tag_pattern: None,
                    }))
            }
            (None, [one]) => Ok(SpecConfig {
                path: self.base_dir().join(&one.path).display().to_string(),
                ..one.clone()
            }),
            (None, []) => Err(Error::Usage(format!(
                "which spec? pass --spec PATH, or list it in {FILE_NAME} ([[spec]] path = \"…\")"
            ))),
            (None, _) => Err(Error::Usage(format!(
                "{FILE_NAME} lists several specs: pick one with --spec PATH"
            ))),
        }
    }
}

fn normalize(p: &str) -> String {
    p.trim_start_matches("./").replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_specs_and_policy() {
        let c: Config = toml::from_str(
            "[[spec]]\npath = \"api/openapi.yaml\"\ntag-pattern = \"api-v*\"\n\n[policy]\ndeprecation-days = 90\n",
        )
        .unwrap();
        assert_eq!(c.specs[0].tag_pattern.as_deref(), Some("api-v*"));
        assert_eq!(c.policy.deprecation_days, 90);
        assert!(toml::from_str::<Config>("[[spec]]\npaht = \"x\"\n").is_err());
    }
}
