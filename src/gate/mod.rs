//! The release gate: the bump a revision's changes require, compared with the version it
//! declares, against the last release (or a given base).

pub(crate) mod declared;
pub(crate) mod release;
pub(crate) mod suggest;
pub(crate) mod versioning;
pub mod write;

use std::path::{Path, PathBuf};

use crate::assess::{self, Assessment, BaseHistory, Ignored, Pair, Settings};
use crate::config::{FailOn, SpecConfig};
use crate::error::{Error, Result};
use crate::load::Locator;
use crate::model::Spec;
use crate::versions::{self, ApiVersion, Verdict};
use crate::vocabulary::{Bump, Finding};

pub(crate) use declared::{Declared, VersionSource};
pub(crate) use release::{last_release, tag_version};
pub(crate) use versioning::Applied;

/// What `weir check` was asked to compare.
#[derive(Clone, Debug)]
pub(crate) struct CheckOptions {
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
    /// weir.toml's `version-scheme` for the spec; `None`: detected.
    pub scheme: Option<versions::Configured>,
    /// The day a dated version suggested now carries (UTC today, or `weir bump --date`).
    pub today: jiff::civil::Date,
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
    /// The base's version the declared one is compared with (see `versioning`).
    pub base_version: Option<ApiVersion>,
    pub declared: Declared,
    /// The version scheme applied, and why.
    pub scheme: Applied,
    /// The smallest version the changes allow.
    pub required: Option<ApiVersion>,
    /// What weir suggests releasing as: never a version a tag already names, unless it is
    /// the base's own (nothing needs a new one).
    pub next: ApiVersion,
    /// How `next` was reached, step by step (`weir bump -v`).
    pub next_steps: Vec<String>,
    pub verdict: Verdict,
    /// Why the verdict follows from the scheme, the changes and the versions.
    pub reason: String,
    /// What the reader should know about the versions (tags that are package releases, a
    /// spec version that does not track the releases).
    pub notes: Vec<String>,
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
    /// `went-backwards`, or `breaking` (scheme none: a breaking change).
    pub fn version_verdict(&self) -> &'static str {
        self.verdict.as_str()
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
        let allowed = match &self.base_version {
            _ if self.verdict.passed() => Bump::Major,
            Some(base) => base.allows(&self.declared.version),
            None => Bump::Major,
        };
        let refused = self.fail_on.threshold();
        self.findings
            .iter()
            .filter(|f| f.bump > allowed || refused.is_some_and(|t| f.level >= t))
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
}

/// The repository the current directory is in, with that directory; `needed_for` completes
/// the `NotARepository` error when there is none.
pub(crate) fn discover_repository(needed_for: &str) -> Result<(PathBuf, git2::Repository)> {
    let cwd = std::env::current_dir().map_err(|e| Error::Io {
        path: ".".into(),
        reason: e.to_string(),
    })?;
    let repo = git2::Repository::discover(&cwd).map_err(|_| Error::NotARepository {
        dir: cwd.display().to_string(),
        locator: needed_for.to_string(),
    })?;
    Ok((cwd, repo))
}

/// The spec's path relative to the repository root, for `REV:PATH` locators.
pub(crate) fn repo_relative(path: &str) -> Result<(PathBuf, String)> {
    let (cwd, repo) = discover_repository(path).map_err(|e| match e {
        Error::NotARepository { dir, .. } => Error::NoReleasesOutsideGit {
            dir,
            spec: path.to_string(),
        },
        e => e,
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

/// The spec missing from the last release tag that weir picked (not one `--base` named): it
/// moved since, or it is new. Either way the user has to say what to compare with.
fn not_in_last_release(e: Error, picked: bool, rel: &str) -> Error {
    match e {
        Error::PathNotAtRevision { rev, path, help } if picked && path == rel => {
            let said = help.map(|h| format!("{h}. ")).unwrap_or_default();
            let help = Some(format!(
                "{said}`weir check` compares the spec with the last release tag, {rev}. If the spec \
                 moved since, name where it was: `--base {rev}:OLD/PATH`; if it is new since, \
                 {rev} holds no release of it: give its releases their own tags (`tag-pattern` \
                 of its [[spec]] in weir.toml) or name a base with `--base`"
            ));
            Error::PathNotAtRevision { rev, path, help }
        }
        e => e,
    }
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

pub(crate) fn check(opts: &CheckOptions) -> Result<Outcome> {
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
    let (base_locator, base_label, tagged) = match &opts.base {
        Some(b) => {
            let tagged = tag_version(b, pattern).map(|v| (b.clone(), v));
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
                Some((r.tag, r.version)),
            ),
            None => (None, None, None),
        },
    };
    let (base, revision) = match &base_locator {
        Some(bl) => {
            let (a, b) = crate::load::open_pair(bl, &revision_locator, opts.strict)
                .map_err(|e| not_in_last_release(e, opts.base.is_none(), &rel))?;
            (Some(a), b)
        }
        None => (
            None,
            crate::load::open_spec(&revision_locator, opts.strict)?,
        ),
    };
    let written = declared::written(&opts.version, &revision, pattern, &workdir)?;
    let base_written = match &base {
        Some(b) => Some(base_written(
            b,
            tagged.as_ref(),
            &written,
            &opts.version,
            opts.scheme.as_ref(),
            pattern,
        )?),
        None => None,
    };
    let settled = versioning::settle(opts.scheme.as_ref(), base_written.as_ref(), &written)?;
    let notes: Vec<String> = match (&tagged, &settled.base, &base_written) {
        (Some((tag, tagged)), Some(base_version), Some(b)) if b.at.is_some() => {
            versioning::tag_note(tag, tagged, base_version)
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    };
    let declared = Declared {
        version: settled.declared,
        text: written.text,
        from: written.from,
    };
    let Some(base) = base else {
        // The first release: nothing to compare with, but Pact interactions still verify.
        let sides = assess::consumers::sides(
            &Pair::new(&revision, &revision),
            &opts.settings.consumers,
            &[],
        );
        let consumers = assess::consumers::apply(
            &mut [],
            sides.as_ref(),
            &opts.settings.consumers,
            declared.version.semver(),
        );
        return Ok(Outcome {
            consumers,
            spec_path: path,
            spec_name: opts.spec.name.clone(),
            base_label: None,
            revision_label,
            base: None,
            next: declared.version.clone(),
            next_steps: vec![format!("a first release: {} as declared", declared.text)],
            revision,
            findings: Vec::new(),
            bump: Bump::None,
            base_version: None,
            declared,
            scheme: settled.applied,
            required: None,
            verdict: Verdict::Pass,
            reason: "a first release: nothing to compare with".into(),
            notes,
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
        version: declared.version.semver().cloned(),
        nodes: Default::default(),
        places: None,
    };
    if let Some(r) = &opts.settings.consumers.registry {
        crate::consumers::check_names(r, &base, &revision)?;
    }
    let Assessment {
        findings,
        ignored,
        impact: consumers,
        ..
    } = assess::assess(&pair, crate::diff::diff(&base, &revision), &opts.settings);
    let bump = findings.iter().map(|f| f.bump).max().unwrap_or(Bump::None);
    let base_version = settled
        .base
        .expect("a base's version is settled whenever there is a base");
    let verdict = versions::judge(&base_version, &declared.version, bump);
    let reason = versions::reason(&base_version, &declared.version, bump, &verdict);
    let required = base_version.required(bump);
    let tagged_versions = git2::Repository::discover(&workdir)
        .map(|repo| release::tagged_versions(&repo, pattern))
        .unwrap_or_default();
    let next = suggest::suggest(&base_version, bump, opts.today, &tagged_versions);
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
        scheme: settled.applied,
        required,
        next: next.version,
        next_steps: next.steps,
        verdict,
        reason,
        notes,
        ignored,
        fail_on: opts.fail_on,
        consumers,
    })
}

/// The base's version to compare the declared one with, like with like (see
/// [`versioning::pick_base`]): the base spec's `info.version` for a version declared in the
/// spec, the base's release tag for one declared by a tag, a flag or a manifest — unless only
/// the other is written in the declared version's scheme.
fn base_written<'s>(
    base: &'s Spec,
    tagged: Option<&(String, versions::ApiVersion)>,
    declared: &versioning::WrittenVersion<'_>,
    source: &VersionSource,
    configured: Option<&versions::Configured>,
    pattern: Option<&str>,
) -> Result<versioning::WrittenVersion<'s>> {
    let info = base.version.as_ref().map(|v| versioning::WrittenVersion {
        text: v.value.clone(),
        from: format!("info.version of {}", base.file_name(v.at)),
        at: Some((base, v.at)),
    });
    let tag = tagged.map(|(tag, _)| versioning::WrittenVersion {
        text: release::tag_text(tag, pattern).unwrap_or(tag).to_string(),
        from: format!("tag {tag}"),
        at: None,
    });
    let candidates = if source.is_spec() {
        [info, tag]
    } else {
        [tag, info]
    };
    versioning::pick_base(candidates.into_iter().flatten().collect(), declared, configured).ok_or_else(|| {
        Error::Usage(
            "the base has no `info.version` and is not a release tag; name a release tag with --base"
                .into(),
        )
    })
}

fn declared_tag(source: &VersionSource) -> Option<&str> {
    match source {
        VersionSource::Tag(t) => Some(t),
        _ => None,
    }
}
