//! Reports: what a run found, rendered for people (text, markdown) and for tools (json,
//! sarif, junit, github).

pub(crate) mod changelog;
pub(crate) mod consumers;
pub(crate) mod downgraded;
pub(crate) mod gate;
pub(crate) mod github;
pub(crate) mod item;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod log;
pub(crate) mod markdown;
mod pretty;
mod pretty_writer;
pub(crate) mod publishing;
pub(crate) mod sarif;
pub(crate) mod summary;
pub(crate) mod text;
pub(crate) mod timeline;

use crate::gate::Outcome;
use crate::model::Spec;
use crate::vocabulary::{Bump, Finding, Level, Location};

/// Everything a diff found, with the two specs it is about.
pub struct Report<'s> {
    pub base: &'s Spec,
    pub revision: &'s Spec,
    pub findings: Vec<Finding>,
}

impl<'s> Report<'s> {
    /// The diff a gate's outcome holds (none before the first release).
    pub fn of(o: &'s Outcome) -> Option<Report<'s>> {
        o.base.as_ref().map(|base| Report {
            base,
            revision: &o.revision,
            findings: o.findings.clone(),
        })
    }

    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// The highest bump any finding needs.
    pub fn required_bump(&self) -> Bump {
        summary::required_bump(&self.findings)
    }

    pub fn base_location(&self, f: &Finding) -> Option<Location> {
        f.change.base.map(|at| self.base.location(at))
    }

    pub fn revision_location(&self, f: &Finding) -> Option<Location> {
        f.change.revision.map(|at| self.revision.location(at))
    }
}
