//! Revision mode: serve the next revision of a spec, and for each request it refuses that the
//! base accepted, name the breaking change behind the refusal. The mock judges nothing
//! itself: the findings come from the one assessment every command uses; a refusal is mapped
//! to the finding(s) at the spec node that refused (the violation's location → the finding's
//! pointer).

use super::{Checked, Mock, Request};
use crate::model::Spec;
use crate::vocabulary::{Finding, Level, NodeRef, OperationId};

/// A change that breaks a request the base accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    pub rule: String,
    pub fingerprint: String,
    pub level: Level,
    pub message: String,
}

/// The base a revision is served against, and the assessed changes between them.
pub(crate) struct AgainstBase {
    pub base: Mock,
    pub findings: Vec<Finding>,
}

/// Which spec a pointer is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Base,
    Revision,
}

impl AgainstBase {
    /// The findings behind the revision's refusal of a request the base accepts; `None` when
    /// the revision accepts it or the base refuses it too. An empty list is a refusal no
    /// finding explains: a change weir's rules miss.
    pub(crate) fn explain(
        &self,
        revision: &Spec,
        request: &Request,
        checked: &Checked,
    ) -> Option<Vec<Break>> {
        let refusal = checked.refusal.as_ref()?;
        if !matches!(refusal.status, 400 | 401 | 404 | 405 | 415 | 422) {
            return None;
        }
        let base_checked = self.base.check(request);
        if base_checked.refusal.is_some() {
            return None;
        }
        let base = &self.base.spec;
        // The operations the request reached on each side, as the findings name them.
        let mut reached = Vec::new();
        let mut anchors: Vec<(Side, NodeRef)> = Vec::new();
        if let Some(op) = super::request::operation(base, &base_checked) {
            reached.push(OperationId::endpoint(op.method, &op.path));
        }
        if let Some(op) = super::request::operation(revision, checked) {
            reached.push(OperationId::endpoint(op.method, &op.path));
        }
        anchors.extend(
            refusal
                .problems
                .iter()
                .filter_map(|p| p.at)
                .map(|n| (Side::Revision, n)),
        );
        if anchors.is_empty()
            && let Some(op) = super::request::operation(base, &base_checked)
        {
            anchors.push((Side::Base, op.at));
        }
        let mut out: Vec<Break> = Vec::new();
        for (side, at) in anchors {
            let spec = if side == Side::Base { base } else { revision };
            for f in self.nearest(spec, side, at, &reached) {
                let b = Break {
                    rule: f.rule.clone(),
                    fingerprint: f.fingerprint.clone(),
                    level: f.level,
                    message: f.message.clone(),
                };
                if !out.contains(&b) {
                    out.push(b);
                }
            }
        }
        out.sort_by_key(|b| std::cmp::Reverse(b.level));
        Some(out)
    }

    /// The findings about the anchor node: those at it or inside it, else the ones enclosing
    /// it most closely; else those about its nearest ancestor that has any (up to an
    /// operation or a component). Breaking findings, when some are among them.
    fn nearest(
        &self,
        spec: &Spec,
        side: Side,
        at: NodeRef,
        reached: &[OperationId],
    ) -> Vec<&Finding> {
        let of_operation = |f: &Finding| {
            f.change.operations.is_empty()
                || f.change.operations.iter().any(|o| reached.contains(o))
        };
        let placed: Vec<(&Finding, String)> = self
            .findings
            .iter()
            .filter(|f| of_operation(f))
            .filter_map(|f| {
                let node = match side {
                    Side::Base => f.change.base,
                    Side::Revision => f.change.revision,
                }?;
                (node.file == at.file).then(|| (f, spec.pointer(node)))
            })
            .collect();
        let mut pointer = spec.pointer(at);
        loop {
            let inside: Vec<&Finding> = placed
                .iter()
                .filter(|(_, p)| within(p, &pointer))
                .map(|(f, _)| *f)
                .collect();
            let found = if inside.is_empty() {
                let deepest = placed
                    .iter()
                    .filter(|(_, p)| within(&pointer, p))
                    .map(|(_, p)| p.len())
                    .max();
                placed
                    .iter()
                    .filter(|(_, p)| Some(p.len()) == deepest && within(&pointer, p))
                    .map(|(f, _)| *f)
                    .collect()
            } else {
                inside
            };
            if !found.is_empty() {
                let breaking: Vec<&Finding> = found
                    .iter()
                    .copied()
                    .filter(|f| f.level == Level::Breaking)
                    .collect();
                return if breaking.is_empty() { found } else { breaking };
            }
            match pointer.rfind('/') {
                Some(cut) if pointer.matches('/').count() > 3 => pointer.truncate(cut),
                _ => return Vec::new(),
            }
        }
    }
}

/// `inner` is the pointer `outer` or inside it (segment-wise).
fn within(inner: &str, outer: &str) -> bool {
    inner == outer || inner.starts_with(&format!("{outer}/"))
}

#[cfg(test)]
mod tests {
    use super::within;

    #[test]
    fn pointers_nest_by_whole_segments() {
        assert!(within(
            "/paths/~1pets/get/parameters/0",
            "/paths/~1pets/get"
        ));
        assert!(within("/a/b", "/a/b"));
        assert!(!within("/a/bc", "/a/b"));
        assert!(!within("/a", "/a/b"));
    }
}
