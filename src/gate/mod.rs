//! The release gate: the bump a revision's changes require, compared with the version it
//! declares, against the last release (or a given base).

pub mod declared;
pub mod release;
pub mod write;

use std::path::{Path, PathBuf};

use crate::assess::{self, Assessment, BaseHistory, Ignored, Pair, Settings};
use crate::config::{FailOn, SpecConfig};
use crate::error::{Error, Result};
use crate::load::Locator;
use crate::model::Spec;
use crate::semver::{Verdict, Version, judge, next_version, parse_version};
use crate::vocabulary::{Bump, Finding};

pub use declared::{Declared, VersionSource};
pub use release::{Release, last_release, tag_version};

/// What `weir check` was asked to compare.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub spec: SpecConfig,
    /// A git revision (`v1.4.0`, `main`) or a full locator; `None`: the last release.
    pub base: Option<String>,
    /// A git revision or a full locator; `None`: the working tree.
    pub revision: Option<String>,
    pub version: VersionSource,
    pub strict: bool,
    /// What fails the gate besides an insufficient version.
    pub fail_on: FailOn,
    /// How changes are assessed: weir.toml and the consumer registry.
    pub settings: Settings,
}

/// What the gate found.
pub struct Outcome {
    pub spec_path: String,
    /// The spec's `name` in `weir.toml`, if it has one.
    pub spec_name: Option<String>,
    /// `v1.4.0`, or what `--base` said; `None` before the first release.
    pub base_label: Option<String>,
    pub revision_label: String,
    pub base: Option<Spec>,
    pub revision: Spec,
    pub findings: Vec<Finding>,
    pub bump: Bump,
    pub base_version: Option<Version>,
    pub declared: Declared,
    /// The smallest version the changes allow.
    pub required: Option<Version>,
    /// What weir suggests releasing as.
    pub next: Version,
    pub verdict: Verdict,
    /// Findings `weir.toml` accepts for now.
    pub ignored: Vec<Ignored>,
    pub fail_on: FailOn,
    /// What the changes do to registered consumers; the gate fails when one breaks.
    pub consumers: Option<crate::consumers::Impact>,
}

impl Outcome {
    /// The version fits the changes, and no change is of a level the policy refuses.
    pub fn passed(&self) -> bool {
        self.verdict.passed()
            && self.refused().is_empty()
            && self.consumers.as_ref().is_none_or(|c| c.passed())
    }

    /// Findings that fail the gate by their level alone (`fail-on = "breaking"`).
    pub fn refused(&self) -> Vec<&Finding> {
        match self.fail_on.threshold() {
            Some(t) => self.findings.iter().filter(|f| f.level >= t).collect(),
            None => Vec::new(),
        }
    }

    /// The registered consumers the changes break.
    pub fn broken_consumers(&self) -> Vec<&str> {
        self.consumers
            .as_ref()
            .map(|c| c.broken())
            .unwrap_or_default()
    }

    /// The version check alone, in one word: `pass`, `too-small`, `unchanged`,
    /// `went-backwards`.
    pub fn version_verdict(&self) -> &'static str {
        match &self.verdict {
            Verdict::Pass => "pass",
            Verdict::WentBackwards => "went-backwards",
            Verdict::Unchanged => "unchanged",
            Verdict::TooSmall { .. } => "too-small",
        }
    }

    /// The gate's result in one word, for machines: `pass`, or the first reason it failed —
    /// the version's (see [`Outcome::version_verdict`]), `refused` (fail-on) or
    /// `consumers-broken`.
    pub fn result(&self) -> &'static str {
        if !self.verdict.passed() {
            self.version_verdict()
        } else if !self.refused().is_empty() {
            "refused"
        } else if !self.broken_consumers().is_empty() {
            "consumers-broken"
        } else {
            "pass"
        }
    }

    /// How reports name the spec.
    pub fn label(&self) -> &str {
        self.spec_name.as_deref().unwrap_or(&self.spec_path)
    }

    /// The findings that need the bump the release did not make.
    pub fn blocking(&self) -> Vec<&Finding> {
        let declared_bump = match (&self.base_version, &self.verdict) {
            (_, Verdict::TooSmall { .. }) => self.achieved_bump(),
            (_, Verdict::Pass) => Bump::Major,
            _ => Bump::None,
        };
        let refused = self.fail_on.threshold();
        self.findings
            .iter()
            .filter(|f| f.bump > declared_bump || refused.is_some_and(|t| f.level >= t))
            .collect()
    }

    /// For each finding (in order), whether it fails the gate: none when the gate passes.
    /// Breaking findings that reach a broken consumer count too.
    pub fn failing(&self) -> Vec<bool> {
        if self.passed() {
            return vec![false; self.findings.len()];
        }
        let blocking = self.blocking();
        let breaks_consumers: Vec<usize> = self
            .consumers
            .iter()
            .flat_map(|i| &i.consumers)
            .filter(|c| c.broken)
            .flat_map(|c| c.findings.iter().copied())
            .collect();
        self.findings
            .iter()
            .enumerate()
            .map(|(k, f)| {
                blocking.iter().any(|b| std::ptr::eq(*b, f))
                    || (f.level == crate::vocabulary::Level::Breaking
                        && breaks_consumers.contains(&k))
            })
            .collect()
    }

    /// The bump the declared version makes over the base.
    fn achieved_bump(&self) -> Bump {
        let (Some(b), d) = (&self.base_version, &self.declared.version) else {
            return Bump::None;
        };
        if d.major > b.major {
            Bump::Major
        } else if d.minor > b.minor {
            if b.major == 0 {
                Bump::Major
            } else {
                Bump::Minor
            }
        } else if d.patch > b.patch {
            Bump::Patch
        } else {
            Bump::None
        }
    }
}

/// The spec's path relative to the repository root, for `REV:PATH` locators.
pub fn repo_relative(path: &str) -> Result<(PathBuf, String)> {
    let cwd = std::env::current_dir().map_err(|e| Error::Io {
        path: ".".into(),
        reason: e.to_string(),
    })?;
    let repo = git2::Repository::discover(&cwd).map_err(|_| Error::NotARepository {
        dir: cwd.display().to_string(),
        locator: format!("the releases of {path}"),
    })?;
    let workdir = repo
        .workdir()
        .and_then(|w| std::fs::canonicalize(w).ok())
        .ok_or_else(|| Error::Git("a bare repository has no working tree".into()))?;
    let abs = std::fs::canonicalize(cwd.join(path)).unwrap_or_else(|_| cwd.join(path));
    let rel = abs.strip_prefix(&workdir).map_err(|_| {
        Error::Usage(format!(
            "{path} is not inside the repository at {}",
            workdir.display()
        ))
    })?;
    Ok((workdir, rel.to_string_lossy().replace('\\', "/")))
}

/// A `--base` / `--revision` value: a full locator (`REV:PATH`, a file) or a git revision
/// of the spec.
fn locator_for(value: &str, rel: &str) -> Locator {
    if value.contains(':') || Path::new(value).is_file() {
        Locator::parse(value)
    } else {
        Locator::Git {
            rev: value.to_string(),
            path: rel.to_string(),
        }
    }
}

pub fn check(opts: &CheckOptions) -> Result<Outcome> {
    let path = opts.spec.path.clone();
    let pattern = opts.spec.tag_pattern.as_deref();
    let (workdir, rel) = repo_relative(&path)?;
    let revision_locator = match &opts.revision {
        Some(r) => locator_for(r, &rel),
        None => Locator::File(PathBuf::from(&path)),
    };
    let revision_label = match &opts.revision {
        Some(r) => r.clone(),
        None => "working tree".into(),
    };
    let (base_locator, base_label, tagged_version) = match &opts.base {
        Some(b) => {
            let tagged = tag_version(b, pattern);
            (Some(locator_for(b, &rel)), Some(b.clone()), tagged)
        }
        // The last release before the revision; the tag being created is not its own base.
        None => match last_release(
            &workdir,
            match &revision_locator {
                Locator::Git { rev, .. } => Some(rev.as_str()),
                _ => None,
            },
            pattern,
            declared_tag(&opts.version),
        )? {
            Some(r) => (
                Some(Locator::Git {
                    rev: r.tag.clone(),
                    path: rel.clone(),
                }),
                Some(r.tag.clone()),
                Some(r.version),
            ),
            None => (None, None, None),
        },
    };
    let (base, revision) = match &base_locator {
        Some(bl) => {
            let (a, b) = crate::load::open_pair(bl, &revision_locator, opts.strict)?;
            (Some(a), b)
        }
        None => (
            None,
            crate::load::open_spec(&revision_locator, opts.strict)?,
        ),
    };
    let declared = declared::declared(&opts.version, &revision, pattern, &workdir)?;
    let Some(base) = base else {
        // The first release: nothing to compare with, but Pact interactions still verify.
        let consumers = assess::consumers::apply(
            &mut [],
            &revision,
            &revision,
            &opts.settings.consumers,
            Some(&declared.version),
        );
        return Ok(Outcome {
            consumers,
            spec_path: path,
            spec_name: opts.spec.name.clone(),
            base_label: None,
            revision_label,
            base: None,
            next: declared.version.clone(),
            revision,
            findings: Vec::new(),
            bump: Bump::None,
            base_version: None,
            declared,
            required: None,
            verdict: Verdict::Pass,
            ignored: Vec::new(),
            fail_on: opts.fail_on,
        });
    };
    let history = match &base_locator {
        Some(Locator::Git { rev, path }) => Some(BaseHistory {
            repo_dir: &workdir,
            rev: rev.clone(),
            path: path.clone(),
        }),
        _ => None,
    };
    let pair = Pair {
        base: &base,
        revision: &revision,
        history,
        version: Some(declared.version.clone()),
    };
    let Assessment {
        findings,
        ignored,
        impact: consumers,
        ..
    } = assess::assess(&pair, crate::diff::diff(&base, &revision), &opts.settings);
    let bump = findings.iter().map(|f| f.bump).max().unwrap_or(Bump::None);
    let base_version = match tagged_version {
        Some(v) => v,
        None => base
            .version
            .as_ref()
            .and_then(|v| parse_version(&v.value))
            .ok_or_else(|| {
                Error::Usage(format!(
                    "the base ({}) has no semantic `info.version`; name a release tag with --base",
                    base_label.as_deref().unwrap_or("?")
                ))
            })?,
    };
    let verdict = judge(&base_version, &declared.version, bump);
    let required = (bump > Bump::None).then(|| next_version(&base_version, bump));
    let next = next_version(&base_version, bump);
    Ok(Outcome {
        spec_path: path,
        spec_name: opts.spec.name.clone(),
        base_label,
        revision_label,
        base: Some(base),
        revision,
        findings,
        bump,
        base_version: Some(base_version),
        declared,
        required,
        next,
        verdict,
        ignored,
        fail_on: opts.fail_on,
        consumers,
    })
}

fn declared_tag(source: &VersionSource) -> Option<&str> {
    match source {
        VersionSource::Tag(t) => Some(t),
        _ => None,
    }
}
