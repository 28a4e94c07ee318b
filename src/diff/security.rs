//! Security: the document's security schemes (type, details, OAuth flows and scopes) and
//! each operation's requirements (alternatives added, removed, tightened or relaxed).

use super::walk::{Membership, Scope, Walk, merge_join};
use crate::model::{Operation, Requirement, Security, SecurityScheme, Spec};
use crate::vocabulary::{Change, Context, Kind, NodeRef};

impl<'a> Walk<'a> {
    pub(super) fn security_scheme(
        &mut self,
        doc: &Scope,
        x: &'a SecurityScheme,
        y: &'a SecurityScheme,
    ) {
        if x.kind != y.kind {
            self.change(
                doc,
                Kind::SecuritySchemeType,
                Context::Security,
                Some(x.at),
                Some(y.at),
            )
            .named(x.name.clone())
            .values(Some(x.kind.clone()), Some(y.kind.clone()));
            return;
        }
        let details = [
            ("scheme", &x.scheme, &y.scheme),
            ("bearerFormat", &x.bearer_format, &y.bearer_format),
            ("in", &x.location, &y.location),
            ("name", &x.parameter_name, &y.parameter_name),
            (
                "openIdConnectUrl",
                &x.open_id_connect_url,
                &y.open_id_connect_url,
            ),
        ];
        self.scheme_details(doc, &x.name, None, (x.at, y.at), &details);
        let flows = Membership {
            added: Kind::SecuritySchemeFlowAdded,
            removed: Kind::SecuritySchemeFlowRemoved,
            context: Context::Security,
            parents: (x.at, y.at),
        };
        let kept = self.membership(
            doc,
            flows,
            &x.flows,
            &y.flows,
            |f| (&f.kind, f.at),
            |c, f| {
                c.named(x.name.clone()).with("flow", &f.kind);
            },
        );
        for (fx, fy) in kept {
            let urls = [
                (
                    "authorizationUrl",
                    &fx.authorization_url,
                    &fy.authorization_url,
                ),
                ("tokenUrl", &fx.token_url, &fy.token_url),
                ("refreshUrl", &fx.refresh_url, &fy.refresh_url),
            ];
            self.scheme_details(doc, &x.name, Some(&fx.kind), (fx.at, fy.at), &urls);
            merge_join(
                &fx.scopes,
                &fy.scopes,
                |s| s,
                |sx, sy| {
                    let (kind, before, after) = match (sx, sy) {
                        (Some(s), None) => {
                            (Kind::SecuritySchemeScopeRemoved, Some(s.clone()), None)
                        }
                        (None, Some(s)) => (Kind::SecuritySchemeScopeAdded, None, Some(s.clone())),
                        _ => return,
                    };
                    self.change(doc, kind, Context::Security, Some(fx.at), Some(fy.at))
                        .named(x.name.clone())
                        .values(before, after)
                        .with("flow", &fx.kind);
                },
            );
        }
    }

    /// A `security-scheme.detail` change for each field of a scheme, or of one of its OAuth
    /// `flow`s, whose value differs: `fields` holds (field name, base value, revision value).
    fn scheme_details(
        &mut self,
        doc: &Scope,
        scheme: &str,
        flow: Option<&str>,
        (at_x, at_y): (NodeRef, NodeRef),
        fields: &[(&str, &Option<String>, &Option<String>)],
    ) {
        for &(field, p, q) in fields {
            if p != q {
                let c = self
                    .change(
                        doc,
                        Kind::SecuritySchemeDetail,
                        Context::Security,
                        Some(at_x),
                        Some(at_y),
                    )
                    .named(scheme)
                    .values(p.clone(), q.clone())
                    .with("field", field);
                if let Some(flow) = flow {
                    c.with("flow", flow);
                }
            }
        }
    }

    /// A change to an operation's security requirements, anchored at both sides' `security`
    /// lists (at the operation on a side that declares none).
    fn security_change(
        &mut self,
        scope: &Scope,
        kind: Kind,
        (at_x, at_y): (NodeRef, NodeRef),
    ) -> &mut Change {
        self.change(scope, kind, Context::Security, Some(at_x), Some(at_y))
    }

    pub(super) fn security(&mut self, scope: &Scope, x: &Operation, y: &Operation) {
        let empty = |s: &Option<Security>| -> Vec<Requirement> {
            s.as_ref()
                .map(|s| s.alternatives.clone())
                .unwrap_or_default()
        };
        let (xa, ya) = (empty(&x.security), empty(&y.security));
        let public =
            |alts: &[Requirement]| alts.is_empty() || alts.iter().any(|r| r.schemes.is_empty());
        let (was_public, now_public) = (public(&xa), public(&ya));
        let at = (anchor(self.a, x, self.b, y), anchor(self.b, y, self.a, x));
        let names = |r: &Requirement| r.schemes.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        let subset = |small: &Requirement, big: &Requirement| {
            small
                .schemes
                .iter()
                .all(|(n, _)| big.schemes.iter().any(|(m, _)| m == n))
        };
        let mut matched_y = vec![false; ya.len()];
        let mut removed: Vec<&Requirement> = Vec::new();
        for p in xa.iter().filter(|r| !r.schemes.is_empty()) {
            // The same schemes; else one alternative grew or shrank by whole schemes.
            let found = ya
                .iter()
                .enumerate()
                .position(|(j, q)| !matched_y[j] && names(q) == names(p))
                .or_else(|| {
                    ya.iter().enumerate().position(|(j, q)| {
                        !matched_y[j] && !q.schemes.is_empty() && (subset(q, p) || subset(p, q))
                    })
                });
            let Some(j) = found else {
                removed.push(p);
                continue;
            };
            matched_y[j] = true;
            let q = &ya[j];
            merge_join(
                &p.schemes,
                &q.schemes,
                |s| &s.0,
                |a, b| {
                    let (kind, scheme) = match (a, b) {
                        (Some((n, _)), None) => (Kind::SecurityRequirementRelaxed, n),
                        (None, Some((n, _))) => (Kind::SecurityRequirementTightened, n),
                        (Some((scheme, sp)), Some((_, sq))) => {
                            merge_join(
                                sp,
                                sq,
                                |s| s,
                                |u, v| {
                                    let (kind, before, after) = match (u, v) {
                                        (Some(s), None) => {
                                            (Kind::SecurityScopeRemoved, Some(s.clone()), None)
                                        }
                                        (None, Some(s)) => {
                                            (Kind::SecurityScopeAdded, None, Some(s.clone()))
                                        }
                                        _ => return,
                                    };
                                    self.security_change(scope, kind, at)
                                        .named(scheme.clone())
                                        .values(before, after);
                                },
                            );
                            return;
                        }
                        (None, None) => return,
                    };
                    self.security_change(scope, kind, at)
                        .named(scheme.clone())
                        .values(Some(p.label()), Some(q.label()));
                },
            );
        }
        // The alternatives of one `security` list are alternatives: a public endpoint that now
        // needs one of them (or a protected one that needs none) changed once, not once per
        // alternative. Alternatives added to or removed from a protected endpoint that stays
        // protected each serve their own clients, and are reported one by one.
        let removed_as_one = now_public && !was_public;
        for group in alternatives(&removed, removed_as_one) {
            self.security_change(scope, Kind::SecurityRequirementRemoved, at)
                .named(group)
                .with("now-public", now_public);
        }
        let added: Vec<&Requirement> = (ya.iter().enumerate())
            .filter(|&(j, q)| !matched_y[j] && !q.schemes.is_empty())
            .map(|(_, q)| q)
            .collect();
        for group in alternatives(&added, was_public && !now_public) {
            self.security_change(scope, Kind::SecurityRequirementAdded, at)
                .named(group)
                .with("was-public", was_public)
                .with("now-public", now_public);
        }
        // An anonymous alternative (`{}`) that appears makes a protected operation public;
        // one that disappears makes a public operation protected.
        let anon = |alts: &[Requirement]| alts.iter().any(|r| r.schemes.is_empty());
        if !anon(&xa) && !xa.is_empty() && anon(&ya) {
            self.security_change(scope, Kind::SecurityAnonymousAdded, at)
                .named("{} (anonymous)");
        }
        if anon(&xa) && !anon(&ya) && !ya.is_empty() {
            self.security_change(scope, Kind::SecurityRequirementRemoved, at)
                .named("{} (anonymous)")
                .with("now-public", false);
        }
    }
}

/// Where an operation's security requirements are, on one side: its own `security` list, or
/// the document's it inherits. A side that has none anchors where the other side's list sits:
/// at its document when the other side inherits the document's (so one top-level edit is one
/// change for every operation), else at the operation.
fn anchor(spec: &Spec, op: &Operation, other_spec: &Spec, other: &Operation) -> NodeRef {
    match (&op.security, &other.security) {
        (Some(s), _) => s.at,
        (None, Some(o)) if other_spec.pointer(o.at) == "/security" => spec.root,
        (None, _) => op.at,
    }
}

/// The names of requirements to report: one name for all of them when they are one change
/// (`basicAuth or bearerAuth`), else one each.
fn alternatives(list: &[&Requirement], as_one: bool) -> Vec<String> {
    if as_one && !list.is_empty() {
        let names: Vec<String> = list.iter().map(|r| r.label()).collect();
        vec![names.join(" or ")]
    } else {
        list.iter().map(|r| r.label()).collect()
    }
}
