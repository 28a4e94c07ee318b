//! The version a release declares: the revision spec's `info.version` by default, or a
//! version given on the command line, the tag being created, `Cargo.toml` or `package.json`.

use std::path::Path;

use crate::error::{Error, Located, Result};
use crate::model::Spec;
use crate::semver::{Version, parse_version};

use super::release::tag_version;

/// Where to read the declared version from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionSource {
    /// `info.version` of the revision spec.
    Spec,
    /// `--version X.Y.Z`.
    Given(String),
    /// `--tag v2.0.0`: the tag being created.
    Tag(String),
    /// `version` of `Cargo.toml` (`[package]` or `[workspace.package]`).
    Cargo,
    /// `version` of `package.json`.
    Npm,
}

#[derive(Clone, Debug)]
pub struct Declared {
    pub version: Version,
    /// What was written (`1.5`, `v2.0.0`).
    pub text: String,
    /// Where it came from, for reports (`info.version of api/openapi.yaml`).
    pub from: String,
}

pub fn declared(
    source: &VersionSource,
    revision: &Spec,
    tag_pattern: Option<&str>,
    dir: &Path,
) -> Result<Declared> {
    let not_a_version = |text: &str, from: &str| {
        Error::Usage(format!(
            "{from} is `{text}`, which is not a semantic version; declare one with --version, \
             --tag or --version-from"
        ))
    };
    match source {
        VersionSource::Spec => {
            let Some(v) = &revision.version else {
                return Err(Error::invalid(
                    Located::at_node(
                        revision.tree(revision.root),
                        revision.root.node,
                        "the spec has no `info.version`",
                    )
                    .with_help("add `info.version`, or pass --version / --tag / --version-from"),
                ));
            };
            let from = format!("info.version of {}", revision.file_name(v.at));
            let version = parse_version(&v.value).ok_or_else(|| {
                Error::invalid(
                    Located::at_node(revision.tree(v.at), v.at.node, format!("`{}` is not a semantic version", v.value))
                        .with_help("weir compares versions as MAJOR.MINOR.PATCH; pass --version to declare one"),
                )
            })?;
            Ok(Declared {
                version,
                text: v.value.clone(),
                from,
            })
        }
        VersionSource::Given(text) => Ok(Declared {
            version: parse_version(text).ok_or_else(|| not_a_version(text, "--version"))?,
            text: text.clone(),
            from: "--version".into(),
        }),
        VersionSource::Tag(tag) => {
            let version = tag_version(tag, tag_pattern)
                .or_else(|| parse_version(tag))
                .ok_or_else(|| not_a_version(tag, "the tag"))?;
            Ok(Declared {
                version,
                text: tag.clone(),
                from: format!("tag {tag}"),
            })
        }
        VersionSource::Cargo => {
            let (path, text) = find_file(dir, "Cargo.toml")?;
            let doc: toml::Table = toml::from_str(&text)
                .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            let version = doc
                .get("package")
                .and_then(|p| p.get("version"))
                .or_else(|| {
                    doc.get("workspace")
                        .and_then(|w| w.get("package"))
                        .and_then(|p| p.get("version"))
                })
                .and_then(|v| v.as_str())
                .ok_or_else(|| {
                    Error::Usage(format!("{} has no package version", path.display()))
                })?;
            let from = path.display().to_string();
            Ok(Declared {
                version: parse_version(version).ok_or_else(|| not_a_version(version, &from))?,
                text: version.to_string(),
                from,
            })
        }
        VersionSource::Npm => {
            let (path, text) = find_file(dir, "package.json")?;
            let doc: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            let version = doc["version"]
                .as_str()
                .ok_or_else(|| Error::Usage(format!("{} has no \"version\"", path.display())))?;
            let from = path.display().to_string();
            Ok(Declared {
                version: parse_version(version).ok_or_else(|| not_a_version(version, &from))?,
                text: version.to_string(),
                from,
            })
        }
    }
}

/// The nearest file of that name from `dir` upward.
fn find_file(dir: &Path, name: &str) -> Result<(std::path::PathBuf, String)> {
    let path = dir
        .ancestors()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| Error::Usage(format!("no {name} in {} or above", dir.display())))?;
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok((path, text))
}
