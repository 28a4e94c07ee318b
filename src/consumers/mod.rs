//! Downstream consumers: who uses which operations and fields (consumer manifests and Pact
//! files in a folder), what each finding does to them, the policy that follows, and the proof
//! of a break — a witness payload valid on one side of the change and invalid on the other.
//!
//! The stage runs after the rules: `analyze` attaches witnesses to breaking schema findings
//! and, with a registry, assesses every finding for every consumer.

pub(crate) mod impact;
pub mod locate;
pub(crate) mod registry;
pub mod witness;

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub(crate) use impact::{ConsumerPolicy, Impact, check_names};
pub(crate) use registry::Registry;

use crate::error::{Error, Result};
use crate::model::Spec;
use crate::versions::Version;
use crate::vocabulary::{Finding, Level};

/// `[consumers]` in weir.toml.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RegistryConfig {
    /// The registry folder, relative to weir.toml (default `consumers`).
    pub dir: Option<String>,
    /// Only Pact files whose `provider.name` is this count.
    pub provider: Option<String>,
    /// The registry lists every consumer of the API: only then may a breaking change no
    /// registered consumer uses be downgraded (default: not declared, it stays breaking).
    #[serde(default)]
    pub complete: bool,
    /// What a breaking change no registered consumer uses is reported as, when the registry
    /// is `complete`: `warning` (default) or `breaking`.
    pub unused_breaking: Option<Spanned<Level>>,
}

/// Where the registry is and how to apply it.
#[derive(Clone, Debug)]
pub(crate) struct RegistrySettings {
    pub dir: PathBuf,
    /// The folder was named (`--consumers`, `dir =`): it must exist.
    pub explicit: bool,
    pub provider: Option<String>,
    pub policy: ConsumerPolicy,
}

impl RegistrySettings {
    /// From `[consumers]` (relative to `config_dir`) and a `--consumers` folder, which wins.
    pub(crate) fn new(
        config: &RegistryConfig,
        config_dir: &Path,
        flag: Option<&Path>,
    ) -> RegistrySettings {
        let (dir, explicit) = match (flag, &config.dir) {
            (Some(d), _) => (d.to_path_buf(), true),
            (None, Some(d)) => (config_dir.join(d), true),
            (None, None) => (config_dir.join(registry::DEFAULT_DIR), false),
        };
        RegistrySettings {
            dir,
            explicit,
            provider: config.provider.clone(),
            policy: ConsumerPolicy {
                complete: config.complete,
                unused_breaking: config
                    .unused_breaking
                    .as_ref()
                    .map_or(Level::Warning, |l| *l.get_ref()),
            },
        }
    }

    /// The registry, if there is one: the default folder may be absent, a named one not.
    pub(crate) fn load(&self) -> Result<Option<Registry>> {
        if !self.dir.is_dir() {
            return if self.explicit {
                Err(Error::Usage(format!(
                    "the consumer registry `{}` is not a folder",
                    self.dir.display()
                )))
            } else {
                Ok(None)
            };
        }
        Registry::load(&self.dir, self.provider.as_deref()).map(Some)
    }
}

/// The consumer stage of a run: witnesses for breaking schema findings, then, with a
/// registry, each finding's consumers and the consumer policy. `version` is the revision's
/// (declared) version, for consumers pinned to versions.
pub(crate) fn analyze(
    findings: &mut [Finding],
    base: &Spec,
    revision: &Spec,
    registry: Option<&Registry>,
    policy: ConsumerPolicy,
    version: Option<&Version>,
) -> Option<Impact> {
    let sides = locate::Sides::new(base, revision);
    witness::attach(findings, &sides);
    registry.map(|r| impact::assess(findings, &sides, r, policy, version))
}
