//! `weir.toml`: which specs a repository has and the policies that apply to them. Found from
//! the current folder upward; paths in it are relative to the folder it is in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Located, Result};
use crate::tree::Pos;
use crate::vocabulary::{Bump, Level};

pub(crate) const FILE_NAME: &str = "weir.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// One entry per spec the repository publishes.
    #[serde(default, rename = "spec")]
    pub specs: Vec<SpecConfig>,
    /// Defaults for every spec; a spec's own `[spec.policy]` overrides them field by field.
    #[serde(default)]
    pub policy: Policy,
    /// `[consumers]`: the consumer registry and its policy.
    #[serde(default)]
    pub consumers: crate::consumers::RegistryConfig,
    /// Rule id → the level (and bump) this repository gives it, or `"off"`.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<RuleOverride>>,
    /// Findings accepted for now, each with why and until when.
    #[serde(default, rename = "ignore")]
    pub ignores: Vec<Ignore>,
    /// Which API paths count, for every spec.
    #[serde(default)]
    pub paths: PathGlobs,
    /// Where the file was read from (set after parsing).
    #[serde(skip)]
    pub path: Option<PathBuf>,
    /// The file's text, to point errors found after parsing at their line.
    #[serde(skip)]
    pub source: Option<Arc<str>>,
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
    /// How the spec's versions are written and judged: `semver`, `date`, `major` or
    /// `none`; detected from the base's version when unset.
    pub version_scheme: Option<Spanned<crate::versions::Scheme>>,
    /// The folder of this spec's registered consumers, relative to `weir.toml`.
    pub consumers: Option<String>,
    /// This spec's own policy, over the file's `[policy]`.
    #[serde(default)]
    pub policy: SpecPolicy,
    /// API paths of this spec that count (added to `[paths]`).
    #[serde(default)]
    pub include: Vec<String>,
    /// API paths of this spec to leave out (added to `[paths]`).
    #[serde(default)]
    pub exclude: Vec<String>,
}

impl SpecConfig {
    /// A spec named on the command line only.
    pub fn at(path: &str) -> SpecConfig {
        SpecConfig {
            path: path.to_string(),
            name: None,
            tag_pattern: None,
            version_scheme: None,
            consumers: None,
            policy: SpecPolicy::default(),
            include: Vec::new(),
            exclude: Vec::new(),
        }
    }

    /// How reports name the spec: its `name`, else its path.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.path)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Policy {
    /// Removing a deprecated operation or property is allowed only this many days after it
    /// was deprecated (or once its `x-sunset` date has passed). 0 turns the policy off.
    #[serde(default)]
    pub deprecation_days: u32,
    /// What fails `weir check` besides an insufficient version.
    #[serde(default)]
    pub fail_on: FailOn,
    /// A set of rule levels under `[rules]`: `strict` makes responses that got wider breaking.
    #[serde(default)]
    pub preset: Preset,
}

/// Rule levels chosen as a set (`rules/presets/<name>.toml`); `[rules]` still wins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// The rules' own levels.
    #[default]
    Default,
    /// For clients that validate responses or use generated types: a response that admits
    /// more than before is breaking.
    Strict,
}

/// A spec's overrides of the file-wide [`Policy`]; unset fields inherit it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SpecPolicy {
    pub deprecation_days: Option<u32>,
    pub fail_on: Option<FailOn>,
    pub preset: Option<Preset>,
}

/// What makes the gate fail. The version check always applies; `breaking` and `warning`
/// also refuse changes of that level even when the version allows them (a PR policy of "no
/// breaking changes at all").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum FailOn {
    /// Only a version too small for the changes.
    #[default]
    Version,
    /// Also any breaking change.
    Breaking,
    /// Also any breaking change or warning.
    Warning,
}

impl FailOn {
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Version => "version",
            FailOn::Breaking => "breaking",
            FailOn::Warning => "warning",
        }
    }

    /// The lowest finding level that fails the gate by itself, if any.
    pub fn threshold(self) -> Option<Level> {
        match self {
            FailOn::Version => None,
            FailOn::Breaking => Some(Level::Breaking),
            FailOn::Warning => Some(Level::Warning),
        }
    }
}

/// `rule-id = "warning"`, `rule-id = "off"` or `rule-id = { level = "info", bump = "patch" }`.
/// Read by hand rather than as an untagged enum, whose only error is "did not match any
/// variant": a misspelt level is named, with the levels there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleOverride {
    Level(LevelOrOff),
    Full {
        level: LevelOrOff,
        bump: Option<Bump>,
    },
}

impl<'de> Deserialize<'de> for RuleOverride {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RuleOverride;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    r#"a level ("breaking", "warning", "info" or "off") or a table { level = "info", bump = "patch" }"#,
                )
            }
            fn visit_str<E: serde::de::Error>(
                self,
                v: &str,
            ) -> std::result::Result<Self::Value, E> {
                LevelOrOff::named(v)
                    .map(RuleOverride::Level)
                    .map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Full {
                    level: String,
                    bump: Option<Bump>,
                }
                let full = Full::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                let level = LevelOrOff::named(&full.level).map_err(serde::de::Error::custom)?;
                Ok(RuleOverride::Full {
                    level,
                    bump: full.bump,
                })
            }
        }
        d.deserialize_any(Visitor)
    }
}

impl RuleOverride {
    pub fn level(&self) -> LevelOrOff {
        match self {
            RuleOverride::Level(l) | RuleOverride::Full { level: l, .. } => *l,
        }
    }

    pub fn bump(&self) -> Option<Bump> {
        match self {
            RuleOverride::Level(_) => None,
            RuleOverride::Full { bump, .. } => *bump,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelOrOff {
    Breaking,
    Warning,
    Info,
    Off,
}

impl From<Level> for LevelOrOff {
    fn from(level: Level) -> LevelOrOff {
        match level {
            Level::Breaking => LevelOrOff::Breaking,
            Level::Warning => LevelOrOff::Warning,
            Level::Info => LevelOrOff::Info,
        }
    }
}

impl LevelOrOff {
    const NAMES: [&str; 4] = ["breaking", "warning", "info", "off"];

    /// The level a rule override names, or why `text` is none.
    fn named(text: &str) -> std::result::Result<LevelOrOff, String> {
        match text {
            "breaking" => Ok(LevelOrOff::Breaking),
            "warning" => Ok(LevelOrOff::Warning),
            "info" => Ok(LevelOrOff::Info),
            "off" => Ok(LevelOrOff::Off),
            _ => Err(format!(
                "`{text}` is not a level{}: a rule's level is \"breaking\", \"warning\", \"info\" or \"off\"",
                crate::error::did_you_mean(text, LevelOrOff::NAMES)
            )),
        }
    }

    pub fn level(self) -> Option<Level> {
        match self {
            LevelOrOff::Breaking => Some(Level::Breaking),
            LevelOrOff::Warning => Some(Level::Warning),
            LevelOrOff::Info => Some(Level::Info),
            LevelOrOff::Off => None,
        }
    }
}

/// An accepted finding: its fingerprint (`weir diff --format json` prints it), why, and the
/// day the acceptance ends. After that day the ignore is an error, so nothing stays ignored
/// by accident.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Ignore {
    pub fingerprint: Spanned<String>,
    /// The rule of the finding, for readers of the file (checked when given).
    pub rule: Option<Spanned<String>>,
    pub reason: String,
    /// `2025-06-30`, as a TOML date or a string.
    pub expires: Spanned<toml::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PathGlobs {
    /// Only findings about these API paths (`/pets/**`) count; empty: all.
    #[serde(default)]
    pub include: Vec<String>,
    /// Findings about these API paths do not count.
    #[serde(default)]
    pub exclude: Vec<String>,
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
        let source: Arc<str> = text.clone().into();
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            Error::invalid(located(
                path,
                &source,
                at,
                format!(
                    "invalid {FILE_NAME}: {}",
                    in_toml_words(e.message(), &text[at..])
                ),
            ))
        })?;
        config.path = Some(path.to_path_buf());
        config.source = Some(source);
        Ok(config)
    }

    /// An error at a byte offset of the file (from a [`Spanned`] value), as file:line:col.
    pub fn error_at(&self, byte: usize, message: impl Into<String>) -> Error {
        let path = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(FILE_NAME));
        let source = self.source.clone().unwrap_or_else(|| "".into());
        Error::invalid(located(&path, &source, byte.min(source.len()), message))
    }

    /// The version scheme weir.toml names for a spec, with its place (`weir.toml:4:18`).
    pub fn version_scheme(&self, spec: &SpecConfig) -> Option<crate::versions::Configured> {
        let scheme = spec.version_scheme.as_ref()?;
        let path = self
            .path
            .clone()
            .unwrap_or_else(|| PathBuf::from(FILE_NAME));
        let source = self.source.clone().unwrap_or_else(|| "".into());
        let byte = scheme.span().start.min(source.len());
        Some(crate::versions::Configured {
            scheme: *scheme.get_ref(),
            place: located(&path, &source, byte, "").place,
        })
    }

    /// The policy of a spec: its own settings over the file's.
    pub fn policy_for(&self, spec: &SpecConfig) -> Policy {
        Policy {
            deprecation_days: spec
                .policy
                .deprecation_days
                .unwrap_or(self.policy.deprecation_days),
            fail_on: spec.policy.fail_on.unwrap_or(self.policy.fail_on),
            preset: spec.policy.preset.unwrap_or(self.policy.preset),
        }
    }

    /// Every spec the file lists, with paths as seen from the current folder.
    pub fn all_specs(&self) -> Vec<SpecConfig> {
        self.specs.iter().map(|s| self.resolved(s)).collect()
    }

    fn resolved(&self, spec: &SpecConfig) -> SpecConfig {
        SpecConfig {
            path: from_cwd(&self.base_dir().join(&spec.path)),
            ..spec.clone()
        }
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
                    .map(|s| SpecConfig {
                        path: p.to_string(),
                        ..s.clone()
                    })
                    .unwrap_or_else(|| SpecConfig::at(p)))
            }
            (None, [one]) => Ok(self.resolved(one)),
            (None, []) => Err(Error::Usage(match find_spec(&self.base_dir()) {
                Some(found) => format!(
                    "which spec? pass --spec PATH (here: `--spec {}`), or list it in {FILE_NAME} ([[spec]] path = \"…\"; `weir init` writes one)",
                    from_cwd(&self.base_dir().join(found))
                ),
                None => format!(
                    "which spec? pass --spec PATH, or list it in {FILE_NAME} ([[spec]] path = \"…\")"
                ),
            })),
            (None, _) => Err(Error::Usage(format!(
                "{FILE_NAME} lists several specs: pick one with --spec PATH (`weir check --all` checks them all)"
            ))),
        }
    }
}

/// A parse error in the words of TOML rather than of serde: `[spec]` written for the list of
/// tables `[[spec]]` is "invalid type: map, expected a sequence" to serde. `from` is the file
/// from the error's place on.
fn in_toml_words(message: &str, from: &str) -> String {
    let table = from
        .strip_prefix('[')
        .filter(|rest| !rest.starts_with('['))
        .and_then(|rest| rest.split_once(']'))
        .map(|(name, _)| name.trim());
    if let Some(name) =
        table.filter(|_| message.starts_with("invalid type: map, expected a sequence"))
    {
        return format!("`[{name}]` is a list of tables: write `[[{name}]]`, once for each entry");
    }
    // "unknown field `paths`, expected one of `path`, `name`, …": the closest one first.
    if let Some((typed, expected)) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        let known: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let close = crate::error::did_you_mean(typed, known.iter().copied());
        if !close.is_empty() {
            return format!("unknown field `{typed}`{close}{expected}");
        }
    }
    message.to_string()
}

/// The first spec-looking file here or up to two folders down, in name order; build and
/// dependency folders are skipped.
pub(crate) fn find_spec(dir: &Path) -> Option<String> {
    fn walk(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if p.is_dir() {
                let skip = name.starts_with('.')
                    || ["target", "node_modules", "vendor", "dist", "build"]
                        .contains(&name.as_str());
                if depth > 0 && !skip {
                    walk(&p, depth - 1, found);
                }
            } else if ["openapi", "swagger"].iter().any(|s| {
                ["yaml", "yml", "json"]
                    .iter()
                    .any(|e| name == format!("{s}.{e}"))
            }) {
                found.push(p);
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, 2, &mut found);
    found.sort_by_key(|p| (p.components().count(), p.clone()));
    found.first().map(|p| {
        p.strip_prefix(dir)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    })
}

/// A path as seen from the current folder: relative to it (what reports should show), or as
/// it is when the two share no folder but the root.
fn from_cwd(path: &Path) -> String {
    let relative = std::env::current_dir().ok().and_then(|cwd| {
        let cwd = std::fs::canonicalize(cwd).ok()?;
        let dir = std::fs::canonicalize(path.parent()?).ok()?;
        let common = cwd
            .components()
            .zip(dir.components())
            .take_while(|(a, b)| a == b)
            .count();
        if common <= 1 {
            return None;
        }
        let mut rel = PathBuf::new();
        for _ in cwd.components().skip(common) {
            rel.push("..");
        }
        for c in dir.components().skip(common) {
            rel.push(c);
        }
        rel.push(path.file_name()?);
        Some(rel)
    });
    relative
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
        .replace('\\', "/")
}

fn located(path: &Path, text: &Arc<str>, byte: usize, message: impl Into<String>) -> Located {
    let line = text[..byte].matches('\n').count() as u32 + 1;
    let column = (byte - text[..byte].rfind('\n').map_or(0, |n| n + 1)) as u32 + 1;
    let pos = Pos {
        byte: byte as u32,
        line,
        column,
    };
    Located::at_pos(&path.display().to_string(), text, pos, message)
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
