//! The version a release declares: the revision spec's `info.version` by default, or a
//! version given on the command line, the tag being created, `Cargo.toml` or `package.json`.

use std::path::Path;

use crate::error::{Error, Located, Result};
use crate::model::Spec;
use crate::versions::ApiVersion;

use super::release::tag_text;
use super::versioning::WrittenVersion;

/// Where to read the declared version from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum VersionSource {
    /// `info.version` of the revision spec.
    Spec,
    /// `--declared-version X`.
    Given(String),
    /// `--tag v2.0.0`: the tag being created.
    Tag(String),
    /// `version` of `Cargo.toml` (`[package]` or `[workspace.package]`).
    Cargo,
    /// `version` of `package.json`.
    Npm,
}

/// The version a release declares, read under the gate's scheme.
#[derive(Clone, Debug)]
pub struct Declared {
    pub version: ApiVersion,
    /// What was written (`1.5`, `v2.0.0`).
    pub text: String,
    /// Where it came from, for reports (`info.version of api/openapi.yaml`).
    pub from: String,
}

impl VersionSource {
    /// Whether the version is the spec's own (compared with the base spec's), rather than a
    /// release's (compared with the base's release tag).
    pub(crate) fn is_spec(&self) -> bool {
        *self == VersionSource::Spec
    }
}

/// The declared version as written, and where; the gate reads it under its scheme.
pub(crate) fn written<'s>(
    source: &VersionSource,
    revision: &'s Spec,
    tag_pattern: Option<&str>,
    dir: &Path,
) -> Result<WrittenVersion<'s>> {
    let plain = |text: &str, from: String| WrittenVersion {
        text: text.to_string(),
        from,
        at: None,
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
                    .with_help(
                        "add `info.version`, or pass --declared-version / --tag / --version-from",
                    ),
                ));
            };
            Ok(WrittenVersion {
                text: v.value.clone(),
                from: format!("info.version of {}", revision.file_name(v.at)),
                at: Some((revision, v.at)),
            })
        }
        VersionSource::Given(text) => Ok(plain(text, "--declared-version".into())),
        VersionSource::Tag(tag) => Ok(plain(
            tag_text(tag, tag_pattern).unwrap_or(tag),
            format!("tag {tag}"),
        )),
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
            Ok(plain(version, path.display().to_string()))
        }
        VersionSource::Npm => {
            let (path, text) = find_file(dir, "package.json")?;
            let doc: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
            let version = doc["version"]
                .as_str()
                .ok_or_else(|| Error::Usage(format!("{} has no \"version\"", path.display())))?;
            Ok(plain(version, path.display().to_string()))
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
