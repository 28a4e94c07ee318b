//! Which two versions the gate compares, and under which scheme.
//!
//! Like is compared with like: a version declared in the spec's `info.version` is compared
//! with the base spec's `info.version`; one declared by a tag, a flag or a package manifest
//! with the base's release tag. So a repository whose tags are package releases (Stripe tags
//! `v1`…`v395` while `info.version` carries the API's date) is gated on the API's versions.
//!
//! The scheme is weir.toml's `version-scheme`, or detected from the base's version (the
//! declared one for a first release); a placeholder on either side means [`Scheme::None`].

use crate::error::{Error, Located, Result};
use crate::model::Spec;
use crate::versions::{ApiVersion, Configured, Scheme, none};
use crate::vocabulary::NodeRef;

/// The scheme the gate applied, and why.
#[derive(Clone, Debug)]
pub struct Applied {
    pub scheme: Scheme,
    /// `detected from the base's version 2022-11-15 (info.version of v394:openapi/spec3.yaml)`.
    pub why: String,
}

/// One side's version as written, and where it was read.
pub(crate) struct WrittenVersion<'s> {
    pub text: String,
    /// For messages: `info.version of api/openapi.yaml`, `tag v2.0.0`, `--declared-version`.
    pub from: String,
    /// The node it was read from, to point errors at file:line:col.
    pub at: Option<(&'s Spec, NodeRef)>,
}

impl WrittenVersion<'_> {
    /// An error about this version, at its place in the spec when it came from one.
    fn error(&self, message: String, help: String) -> Error {
        match self.at {
            Some((spec, at)) => {
                Error::invalid(Located::at_node(spec.tree(at), at.node, message).with_help(help))
            }
            None => Error::Usage(format!("{message} ({}); {help}", self.from)),
        }
    }
}

/// The two versions, read under one scheme.
pub(crate) struct Settled {
    pub applied: Applied,
    pub base: Option<ApiVersion>,
    pub declared: ApiVersion,
}

/// Of the base's versions (its `info.version` and its release tag, in order of preference),
/// the first written in the declared version's scheme (weir.toml's, else the one the
/// declared version fits), else the first: a date is compared with a date even when it is
/// given by a flag and the tags are package releases.
pub(crate) fn pick_base<'s>(
    candidates: Vec<WrittenVersion<'s>>,
    declared: &WrittenVersion<'_>,
    configured: Option<&Configured>,
) -> Option<WrittenVersion<'s>> {
    let fits = |w: &WrittenVersion<'_>| match configured {
        Some(c) => c.scheme.parse(&w.text).is_some(),
        None => {
            Scheme::detect(&w.text).is_some()
                && Scheme::detect(&w.text) == Scheme::detect(&declared.text)
        }
    };
    let at = candidates.iter().position(fits).unwrap_or(0);
    candidates.into_iter().nth(at)
}

/// Pick the scheme and read both versions under it. `base` is `None` for a first release.
pub(crate) fn settle(
    configured: Option<&Configured>,
    base: Option<&WrittenVersion<'_>>,
    declared: &WrittenVersion<'_>,
) -> Result<Settled> {
    let applied = match (configured, base) {
        (Some(f), _) => Applied {
            scheme: f.scheme,
            why: format!("version-scheme = \"{}\" in {}", f.scheme, f.place),
        },
        (None, Some(b)) => placeholder(b, "the base's version")
            .or_else(|| placeholder(declared, "the declared version"))
            .or_else(|| detect(b, "the base's version"))
            .ok_or_else(|| no_scheme(b))?,
        (None, None) => placeholder(declared, "the declared version")
            .or_else(|| detect(declared, "the declared version (a first release)"))
            .ok_or_else(|| no_scheme(declared))?,
    };
    let read = |w: &WrittenVersion<'_>| {
        applied.scheme.parse(&w.text).ok_or_else(|| {
            w.error(
                format!("`{}` is not {}", w.text, noun(applied.scheme)),
                format!(
                    "the version scheme is {} ({}); declare a version of that form, or set \
                     version-scheme for this [[spec]] in weir.toml (\"none\" judges the changes alone)",
                    applied.scheme, applied.why
                ),
            )
        })
    };
    Ok(Settled {
        base: base.map(read).transpose()?,
        declared: read(declared)?,
        applied,
    })
}

/// The scheme `w` is written in (after [`placeholder`]: `0.0.0-development` reads as a
/// version otherwise).
fn detect(w: &WrittenVersion<'_>, what: &str) -> Option<Applied> {
    let scheme = Scheme::detect(&w.text)?;
    Some(Applied {
        scheme,
        why: format!("detected from {what} `{}` ({})", w.text, w.from),
    })
}

/// [`Scheme::None`] when `w` is a placeholder.
fn placeholder(w: &WrittenVersion<'_>, what: &str) -> Option<Applied> {
    none::is_placeholder(&w.text).then(|| Applied {
        scheme: Scheme::None,
        why: format!(
            "{what} `{}` ({}) is a placeholder, not a version: the changes alone are judged",
            w.text, w.from
        ),
    })
}

fn no_scheme(w: &WrittenVersion<'_>) -> Error {
    w.error(
        format!("`{}` fits no version scheme (semver, date, major)", w.text),
        "set version-scheme for this [[spec]] in weir.toml (\"none\" judges the changes alone), \
         or declare a version with --declared-version or --tag"
            .into(),
    )
}

/// How the scheme's versions are named in messages.
fn noun(scheme: Scheme) -> String {
    match scheme {
        Scheme::Semver => "a semantic version".into(),
        s => format!("a {s} version: {}", s.form()),
    }
}

/// A word for the reader when the base's release tag and its `info.version` disagree: the
/// tags are package releases (another scheme), or the spec's version does not track them.
pub(crate) fn tag_note(tag: &str, tagged: &ApiVersion, base: &ApiVersion) -> Option<String> {
    if base.scheme() == Scheme::None {
        return None;
    }
    if tagged.scheme() != base.scheme() {
        return Some(format!(
            "the release tag {tag} names a package release, not the API's version: the API's \
             version is info.version ({base}, {} scheme)",
            base.scheme()
        ));
    }
    (tagged.cmp_precedence(base) != Some(std::cmp::Ordering::Equal)).then(|| {
        format!(
            "info.version at {tag} is {base}, not the tag's {tagged}: the spec's version does not \
             track the releases. weir compares info.version with info.version; pass --tag with \
             the tag you are about to create to gate on the tags, or set version-scheme = \"none\" \
             for this [[spec]] in weir.toml to judge the changes alone"
        )
    })
}
