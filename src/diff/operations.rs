//! The walk over everything but schema bodies: document, operations, parameters, bodies,
//! responses, headers, media types, security, servers, callbacks and webhooks. Schemas are
//! handed to the pair graph in `schema.rs`, which compares each pair of schemas once.

use super::schema::SchemaPairs;
use super::value;
use super::{Change, Context, Direction, Kind};
use crate::model::schema::TypeSet;
use crate::model::{
    Header, MediaType, Operation, Parameter, Requirement, Response, SchemaId, Security,
    SecurityScheme, Server, Spec,
};
use crate::vocabulary::{NodeRef, OperationId};

pub(super) struct Walk<'a> {
    pub a: &'a Spec,
    pub b: &'a Spec,
    pub changes: Vec<Change>,
    pub pairs: SchemaPairs<'a>,
    /// Schema comparisons reached from each operation: (the operation, none at document
    /// level; pair index; the operation's stability level).
    pub roots: Vec<(Option<OperationId>, usize, Option<String>)>,
}

/// Where the walk is: which operation changes belong to, and whether directions flip.
#[derive(Clone)]
pub(super) struct Scope {
    /// The operation changes are attached to; none at document level.
    pub operation: Option<OperationId>,
    /// Inside a callback or webhook: the API sends the request.
    pub flip: bool,
    /// `endpoint`, `webhook` or `callback`.
    pub surface: &'static str,
    /// The operation's `x-stability-level` (revision's, else base's).
    pub stability: Option<String>,
    /// Prefix for human paths inside callbacks.
    pub prefix: String,
}

impl Scope {
    fn document() -> Scope {
        Scope {
            operation: None,
            flip: false,
            surface: "endpoint",
            stability: None,
            prefix: String::new(),
        }
    }

    pub fn direction(&self, context: Context) -> Direction {
        let d = context.direction();
        if self.flip { d.flipped() } else { d }
    }
}

/// Pair two sorted lists by key: calls `f(Some, None)` for removed, `(None, Some)` for added,
/// `(Some, Some)` for kept.
pub(super) fn merge_join<'x, T, K: Ord + ?Sized>(
    xs: &'x [T],
    ys: &'x [T],
    key: impl Fn(&T) -> &K,
    mut f: impl FnMut(Option<&'x T>, Option<&'x T>),
) {
    let (mut i, mut j) = (0, 0);
    while i < xs.len() || j < ys.len() {
        let ord = match (xs.get(i), ys.get(j)) {
            (Some(x), Some(y)) => key(x).cmp(key(y)),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match ord {
            std::cmp::Ordering::Less => {
                f(Some(&xs[i]), None);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                f(None, Some(&ys[j]));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                f(Some(&xs[i]), Some(&ys[j]));
                i += 1;
                j += 1;
            }
        }
    }
}

/// What [`Walk::membership`] reports and where.
struct Membership {
    added: Kind,
    removed: Kind,
    context: Context,
    /// Where an added item was missing in the base, and a removed one in the revision.
    parents: (NodeRef, NodeRef),
}

/// Style and explode only change how arrays and objects are written: for a single value
/// every style of the same form gives the same text.
fn structured(spec: &Spec, schema: Option<SchemaId>) -> bool {
    schema.is_none_or(|id| {
        spec.schema(id)
            .types
            .is_none_or(|t| t.has(TypeSet::ARRAY) || t.has(TypeSet::OBJECT))
    })
}

/// How a style writes a single value: `name=value` (form and the delimited styles), `value`
/// (simple), `.value` (label) or `;name=value` (matrix). Styles with the same form are the same
/// on the wire for a single value.
fn primitive_form(style: &str) -> &str {
    match style {
        "form" | "spaceDelimited" | "pipeDelimited" | "tabDelimited" | "deepObject" => "form",
        other => other,
    }
}

fn status_class(status: &str) -> String {
    match status.chars().next() {
        Some(c @ '1'..='5') => format!("{c}xx"),
        _ => "default".into(),
    }
}

/// How far along the path to `stable` a level is; no level means stable.
pub(super) fn stability_rank(level: Option<&str>) -> u8 {
    match level.map(str::to_ascii_lowercase).as_deref() {
        Some("draft") | Some("experimental") => 0,
        Some("alpha") => 1,
        Some("beta") | Some("preview") => 2,
        _ => 3,
    }
}

/// The level a rank stands for; `None` for stable.
pub(super) fn stability_name(rank: u8) -> Option<&'static str> {
    ["draft", "alpha", "beta"].get(rank as usize).copied()
}

fn stability_relation(before: Option<&str>, after: Option<&str>) -> &'static str {
    match stability_rank(after).cmp(&stability_rank(before)) {
        std::cmp::Ordering::Less => "decreased",
        std::cmp::Ordering::Greater => "increased",
        std::cmp::Ordering::Equal => "changed",
    }
}

impl<'a> Walk<'a> {
    pub fn new(a: &'a Spec, b: &'a Spec) -> Walk<'a> {
        Walk {
            a,
            b,
            changes: Vec::new(),
            pairs: SchemaPairs::default(),
            roots: Vec::new(),
        }
    }

    /// Record a change; the caller fills in name, values and facts on what is returned.
    pub fn change(
        &mut self,
        scope: &Scope,
        kind: Kind,
        context: Context,
        base: Option<NodeRef>,
        revision: Option<NodeRef>,
    ) -> &mut Change {
        let mut facts = vec![("surface", scope.surface.to_string())];
        if let Some(s) = &scope.stability {
            facts.push(("stability", s.clone()));
        }
        self.changes.push(Change {
            kind,
            context,
            direction: scope.direction(context),
            facts,
            name: None,
            before: None,
            after: None,
            path: scope.prefix.clone(),
            base,
            revision,
            operations: scope.operation.iter().cloned().collect(),
        });
        self.changes.last_mut().expect("just pushed")
    }

    /// Compare two lists of named items: report those on one side only (as `m.added` /
    /// `m.removed`, named by their key, then `decorate`d) and return those on both, paired.
    fn membership<'x, T>(
        &mut self,
        scope: &Scope,
        m: Membership,
        xs: &'x [T],
        ys: &'x [T],
        item: impl Fn(&T) -> (&str, NodeRef),
        mut decorate: impl FnMut(&mut Change, &T),
    ) -> Vec<(&'x T, &'x T)> {
        let sorted = |v: &'x [T]| {
            let mut r: Vec<&'x T> = v.iter().collect();
            r.sort_by(|p, q| item(p).0.cmp(item(q).0));
            r.dedup_by(|p, q| item(p).0 == item(q).0);
            r
        };
        let (xs, ys) = (sorted(xs), sorted(ys));
        let mut kept = Vec::new();
        merge_join(
            &xs,
            &ys,
            |t| item(t).0,
            |p, q| match (p, q) {
                (Some(&p), None) => {
                    let (name, at) = item(p);
                    let c = self.change(scope, m.removed, m.context, Some(at), Some(m.parents.1));
                    c.named(name);
                    decorate(c, p);
                }
                (None, Some(&q)) => {
                    let (name, at) = item(q);
                    let c = self.change(scope, m.added, m.context, Some(m.parents.0), Some(at));
                    c.named(name);
                    decorate(c, q);
                }
                (Some(&p), Some(&q)) => kept.push((p, q)),
                (None, None) => {}
            },
        );
        kept
    }

    pub fn run(&mut self) {
        self.document();
        let (a, b) = (self.a, self.b);
        // Webhooks are operations the API calls: their directions flip.
        let surfaces = [
            (&a.operations, &b.operations, false, "endpoint"),
            (&a.webhooks, &b.webhooks, true, "webhook"),
        ];
        for (xs, ys, flip, surface) in surfaces {
            merge_join(
                xs,
                ys,
                |o| &o.key,
                |x, y| {
                    self.operation_pair(x, y, flip, surface);
                },
            );
        }
        self.compare_all_schema_pairs();
    }

    fn document(&mut self) {
        let (a, b) = (self.a, self.b);
        let doc = Scope::document();
        // Only a value that changed counts: one written on a side only is no change here.
        let info = [
            (Kind::InfoVersion, &a.version, &b.version),
            (Kind::InfoTitle, &a.title, &b.title),
        ];
        for (kind, p, q) in info {
            if let (Some(p), Some(q)) = (p, q)
                && p.value != q.value
            {
                self.change(&doc, kind, Context::Document, Some(p.at), Some(q.at))
                    .values(Some(p.value.clone()), Some(q.value.clone()));
            }
        }
        self.servers(&doc, &a.servers, &b.servers, a.root, b.root, false);
        self.extensions(
            &doc,
            Kind::DocumentExtension,
            Context::Document,
            &a.extras,
            &b.extras,
            a.root,
            b.root,
        );
        let tags = Membership {
            added: Kind::TagAdded,
            removed: Kind::TagRemoved,
            context: Context::Document,
            parents: (a.root, b.root),
        };
        self.membership(
            &doc,
            tags,
            &a.tags,
            &b.tags,
            |t| (&t.value, t.at),
            |_, _| {},
        );
        let schemes = Membership {
            added: Kind::SecuritySchemeAdded,
            removed: Kind::SecuritySchemeRemoved,
            context: Context::Security,
            parents: (a.root, b.root),
        };
        let kept = self.membership(
            &doc,
            schemes,
            &a.security_schemes,
            &b.security_schemes,
            |s| (&s.name, s.at),
            |_, _| {},
        );
        for (x, y) in kept {
            self.security_scheme(&doc, x, y);
        }
    }

    fn servers(
        &mut self,
        scope: &Scope,
        xs: &[Server],
        ys: &[Server],
        at_a: NodeRef,
        at_b: NodeRef,
        operation_level: bool,
    ) {
        let (added, removed, context) = if operation_level {
            (
                Kind::OperationServerAdded,
                Kind::OperationServerRemoved,
                Context::Operation,
            )
        } else {
            (Kind::ServerAdded, Kind::ServerRemoved, Context::Document)
        };
        let m = Membership {
            added,
            removed,
            context,
            parents: (at_a, at_b),
        };
        self.membership(scope, m, xs, ys, |s| (&s.url, s.at), |_, _| {});
    }

    fn security_scheme(&mut self, doc: &Scope, x: &'a SecurityScheme, y: &'a SecurityScheme) {
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

    fn stability(op: &Operation, spec: &Spec) -> Option<String> {
        op.extra("x-stability-level")
            .and_then(|n| spec.text(n))
            .map(|s| s.to_ascii_lowercase())
    }

    fn operation_pair(
        &mut self,
        x: Option<&'a Operation>,
        y: Option<&'a Operation>,
        flip: bool,
        surface: &'static str,
    ) {
        let (a, b) = (self.a, self.b);
        let op = y.or(x).expect("merge_join gives at least one side");
        let stability = y
            .and_then(|o| Self::stability(o, b))
            .or_else(|| x.and_then(|o| Self::stability(o, a)));
        let scope = Scope {
            operation: Some(if surface == "webhook" {
                OperationId::webhook(op.method, &op.path)
            } else {
                OperationId::endpoint(op.method, &op.path)
            }),
            flip,
            surface,
            stability,
            prefix: String::new(),
        };
        let (added, removed) = if surface == "webhook" {
            (Kind::WebhookAdded, Kind::WebhookRemoved)
        } else {
            (Kind::OperationAdded, Kind::OperationRemoved)
        };
        match (x, y) {
            (Some(x), None) => {
                let sunset = x
                    .extra("x-sunset")
                    .and_then(|n| a.text(n))
                    .map(str::to_string);
                let c = self.change(
                    &scope,
                    removed,
                    Context::Operation,
                    Some(x.at),
                    Some(b.paths),
                );
                c.named(x.label())
                    .with("deprecated", x.deprecated.is_some());
                if let Some(s) = sunset {
                    c.with("sunset", s);
                }
            }
            (None, Some(y)) => {
                self.change(&scope, added, Context::Operation, Some(a.paths), Some(y.at))
                    .named(y.label());
            }
            (Some(x), Some(y)) => self.operation(&scope, x, y),
            (None, None) => {}
        }
    }

    fn operation(&mut self, scope: &Scope, x: &'a Operation, y: &'a Operation) {
        let (a, b) = (self.a, self.b);
        if x.deprecated.is_some() != y.deprecated.is_some() {
            self.change(
                scope,
                Kind::OperationDeprecated,
                Context::Operation,
                Some(x.deprecated.unwrap_or(x.at)),
                Some(y.deprecated.unwrap_or(y.at)),
            )
            .with("value", y.deprecated.is_some());
        }
        let texts = [
            (Kind::OperationId, &x.operation_id, &y.operation_id),
            (Kind::OperationSummary, &x.summary, &y.summary),
            (Kind::OperationDescription, &x.description, &y.description),
        ];
        for (kind, p, q) in texts {
            let (pv, qv) = (p.as_ref().map(|t| &t.value), q.as_ref().map(|t| &t.value));
            if pv != qv {
                self.change(
                    scope,
                    kind,
                    Context::Operation,
                    Some(p.as_ref().map_or(x.at, |t| t.at)),
                    Some(q.as_ref().map_or(y.at, |t| t.at)),
                )
                .values(pv.cloned(), qv.cloned());
            }
        }
        let tags = Membership {
            added: Kind::OperationTagAdded,
            removed: Kind::OperationTagRemoved,
            context: Context::Operation,
            parents: (x.at, y.at),
        };
        self.membership(
            scope,
            tags,
            &x.tags,
            &y.tags,
            |t| (&t.value, t.at),
            |_, _| {},
        );
        self.extensions(
            scope,
            Kind::OperationExtension,
            Context::Operation,
            &x.extras,
            &y.extras,
            x.at,
            y.at,
        );
        self.parameters(scope, x, y);
        self.request_body(scope, x, y);
        let responses = Membership {
            added: Kind::ResponseAdded,
            removed: Kind::ResponseRemoved,
            context: Context::Response,
            parents: (x.at, y.at),
        };
        let kept = self.membership(
            scope,
            responses,
            &x.responses,
            &y.responses,
            |r| (&r.status, r.at),
            |c, r| {
                c.with("status-class", status_class(&r.status));
            },
        );
        for (p, q) in kept {
            self.response(scope, p, q);
        }
        self.security(scope, x, y);
        let inherited = |o: &Operation, s: &Spec| {
            o.servers.len() == s.servers.len()
                && o.servers
                    .iter()
                    .zip(&s.servers)
                    .all(|(p, q)| p.url == q.url)
        };
        if !(inherited(x, a) && inherited(y, b)) {
            self.servers(scope, &x.servers, &y.servers, x.at, y.at, true);
        }
        let callbacks = Membership {
            added: Kind::CallbackAdded,
            removed: Kind::CallbackRemoved,
            context: Context::Operation,
            parents: (x.at, y.at),
        };
        let kept = self.membership(
            scope,
            callbacks,
            &x.callbacks,
            &y.callbacks,
            |c| (&c.name, c.at),
            |_, _| {},
        );
        for (p, q) in kept {
            merge_join(
                &p.operations,
                &q.operations,
                |o| &o.key,
                |cp, cq| {
                    self.callback_operation(scope, &p.name, cp, cq);
                },
            );
        }
    }

    /// Changes inside a callback belong to the operation that registers it; their direction
    /// flips (the API calls the consumer).
    fn callback_operation(
        &mut self,
        scope: &Scope,
        name: &str,
        cp: Option<&'a Operation>,
        cq: Option<&'a Operation>,
    ) {
        let op = cq.or(cp).expect("one side exists");
        let inner = Scope {
            operation: scope.operation.clone(),
            flip: !scope.flip,
            surface: "callback",
            stability: scope.stability.clone(),
            prefix: format!("callback {name} {}", op.label()),
        };
        match (cp, cq) {
            (Some(p), Some(q)) => self.operation(&inner, p, q),
            (Some(p), None) => {
                let b = self.b;
                self.change(
                    &inner,
                    Kind::OperationRemoved,
                    Context::Operation,
                    Some(p.at),
                    Some(b.root),
                )
                .named(p.label())
                .with("deprecated", p.deprecated.is_some());
            }
            (None, Some(q)) => {
                let a = self.a;
                self.change(
                    &inner,
                    Kind::OperationAdded,
                    Context::Operation,
                    Some(a.root),
                    Some(q.at),
                )
                .named(q.label());
            }
            (None, None) => {}
        }
    }

    /// `x-…` extensions of one object on both sides, compared as values. The operation's
    /// `x-stability-level` and `x-sunset` have kinds of their own.
    #[allow(clippy::too_many_arguments)]
    fn extensions(
        &mut self,
        scope: &Scope,
        kind: Kind,
        context: Context,
        xs: &[(String, NodeRef)],
        ys: &[(String, NodeRef)],
        at_x: NodeRef,
        at_y: NodeRef,
    ) -> Vec<usize> {
        let (a, b) = (self.a, self.b);
        let find = |list: &[(String, NodeRef)], k: &str| {
            list.iter().find(|(e, _)| e == k).map(|&(_, v)| v)
        };
        let mut keys: Vec<&str> = xs.iter().chain(ys).map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut made = Vec::new();
        for key in keys {
            let (p, q) = (find(xs, key), find(ys, key));
            if !value::same(a, p, b, q) {
                let kind = match (kind, key) {
                    (Kind::OperationExtension, "x-stability-level") => Kind::OperationStability,
                    (Kind::OperationExtension, "x-sunset") => Kind::OperationSunset,
                    _ => kind,
                };
                let show = |spec: &Spec, n: Option<NodeRef>| {
                    n.map(|n| {
                        value::display(spec.tree(n), n.node)
                            .trim_matches('"')
                            .to_string()
                    })
                };
                let (before, after) = (show(a, p), show(b, q));
                let c = self.change(
                    scope,
                    kind,
                    context,
                    Some(p.unwrap_or(at_x)),
                    Some(q.unwrap_or(at_y)),
                );
                if kind == Kind::OperationStability {
                    c.with(
                        "relation",
                        stability_relation(before.as_deref(), after.as_deref()),
                    );
                }
                c.named(key).values(before, after);
                made.push(self.changes.len() - 1);
            }
        }
        made
    }

    /// A description on both sides: documentation.
    #[allow(clippy::too_many_arguments)]
    fn description(
        &mut self,
        scope: &Scope,
        kind: Kind,
        context: Context,
        x: &Option<crate::model::Text>,
        y: &Option<crate::model::Text>,
        at_x: NodeRef,
        at_y: NodeRef,
    ) -> Option<&mut Change> {
        let (p, q) = (x.as_ref().map(|t| &t.value), y.as_ref().map(|t| &t.value));
        (p != q).then(|| {
            self.change(
                scope,
                kind,
                context,
                Some(x.as_ref().map_or(at_x, |t| t.at)),
                Some(y.as_ref().map_or(at_y, |t| t.at)),
            )
            .values(p.cloned(), q.cloned())
        })
    }

    fn parameters(&mut self, scope: &Scope, x: &'a Operation, y: &'a Operation) {
        let mut removed: Vec<&'a Parameter> = Vec::new();
        let mut added: Vec<&'a Parameter> = Vec::new();
        merge_join(
            &x.parameters,
            &y.parameters,
            |p| &p.key,
            |p, q| match (p, q) {
                (Some(p), None) => removed.push(p),
                (None, Some(q)) => added.push(q),
                (Some(p), Some(q)) => self.parameter(scope, p, q),
                (None, None) => {}
            },
        );
        // A parameter that left one location for another under the same name moved.
        for p in removed {
            if let Some(i) = added
                .iter()
                .position(|q| q.name.eq_ignore_ascii_case(&p.name) && q.location != p.location)
            {
                let q = added.remove(i);
                self.change(
                    scope,
                    Kind::ParameterLocation,
                    Context::Parameter,
                    Some(p.at),
                    Some(q.at),
                )
                .named(p.name.clone())
                .values(
                    Some(p.location.name().into()),
                    Some(q.location.name().into()),
                )
                .with("required", q.required);
                continue;
            }
            self.change(
                scope,
                Kind::ParameterRemoved,
                Context::Parameter,
                Some(p.at),
                Some(y.at),
            )
            .named(p.name.clone())
            .with("location", p.location.name())
            .with("required", p.required)
            .with("deprecated", p.deprecated);
        }
        for q in added {
            self.change(
                scope,
                Kind::ParameterAdded,
                Context::Parameter,
                Some(x.at),
                Some(q.at),
            )
            .named(q.name.clone())
            .with("location", q.location.name())
            .with("required", q.required);
        }
    }

    fn parameter(&mut self, scope: &Scope, p: &'a Parameter, q: &'a Parameter) {
        // A path variable declared on one side only: the URL was always the same.
        if p.implicit || q.implicit {
            return;
        }
        let label = format!("{} parameter {}", q.location.name(), q.name);
        let base = |c: &mut Change| {
            c.named(q.name.clone()).with("location", q.location.name());
        };
        if let Some(c) = self.description(
            scope,
            Kind::ParameterDescription,
            Context::Parameter,
            &p.description,
            &q.description,
            p.at,
            q.at,
        ) {
            base(c);
        }
        for c in self.extensions(
            scope,
            Kind::ParameterExtension,
            Context::Parameter,
            &p.extras,
            &q.extras,
            p.at,
            q.at,
        ) {
            self.changes[c].with("location", q.location.name());
        }
        if p.name != q.name {
            let c = self.change(
                scope,
                Kind::ParameterRenamed,
                Context::Parameter,
                Some(p.at),
                Some(q.at),
            );
            c.values(Some(p.name.clone()), Some(q.name.clone()));
            base(c);
        }
        // What clients already send is what the base allowed: if that is a single value, how
        // arrays and objects are written does not concern them.
        let serialized = structured(self.a, p.schema);
        let flags: [(Kind, bool, bool); 5] = [
            (Kind::ParameterRequired, p.required, q.required),
            (
                Kind::ParameterExplode,
                p.explode && serialized,
                q.explode && serialized,
            ),
            (Kind::ParameterDeprecated, p.deprecated, q.deprecated),
            (
                Kind::ParameterAllowEmptyValue,
                p.allow_empty_value,
                q.allow_empty_value,
            ),
            (
                Kind::ParameterAllowReserved,
                p.allow_reserved,
                q.allow_reserved,
            ),
        ];
        for (kind, before, after) in flags {
            if before != after {
                let c = self.change(scope, kind, Context::Parameter, Some(p.at), Some(q.at));
                c.values(Some(before.to_string()), Some(after.to_string()))
                    .with("value", after);
                base(c);
            }
        }
        if p.style != q.style
            && (serialized || primitive_form(&p.style) != primitive_form(&q.style))
        {
            let c = self.change(
                scope,
                Kind::ParameterStyle,
                Context::Parameter,
                Some(p.at),
                Some(q.at),
            );
            c.values(Some(p.style.clone()), Some(q.style.clone()));
            base(c);
        }
        self.schema_root(
            scope,
            Context::Parameter,
            p.schema,
            q.schema,
            &label,
            p.at,
            q.at,
        );
        self.content(
            scope,
            Context::Parameter,
            &p.content,
            &q.content,
            &label,
            p.at,
            q.at,
        );
    }

    fn request_body(&mut self, scope: &Scope, x: &'a Operation, y: &'a Operation) {
        match (&x.request_body, &y.request_body) {
            (None, Some(q)) => {
                self.change(
                    scope,
                    Kind::RequestBodyAdded,
                    Context::RequestBody,
                    Some(x.at),
                    Some(q.at),
                )
                .with("required", q.required);
            }
            (Some(p), None) => {
                self.change(
                    scope,
                    Kind::RequestBodyRemoved,
                    Context::RequestBody,
                    Some(p.at),
                    Some(y.at),
                );
            }
            (Some(p), Some(q)) => {
                if p.required != q.required {
                    self.change(
                        scope,
                        Kind::RequestBodyRequired,
                        Context::RequestBody,
                        Some(p.at),
                        Some(q.at),
                    )
                    .values(Some(p.required.to_string()), Some(q.required.to_string()))
                    .with("value", q.required);
                }
                self.description(
                    scope,
                    Kind::RequestBodyDescription,
                    Context::RequestBody,
                    &p.description,
                    &q.description,
                    p.at,
                    q.at,
                );
                self.content(
                    scope,
                    Context::RequestBody,
                    &p.content,
                    &q.content,
                    "request body",
                    p.at,
                    q.at,
                );
            }
            (None, None) => {}
        }
    }

    fn response(&mut self, scope: &Scope, p: &'a Response, q: &'a Response) {
        let label = format!("response {}", q.status);
        if let Some(c) = self.description(
            scope,
            Kind::ResponseDescription,
            Context::Response,
            &p.description,
            &q.description,
            p.at,
            q.at,
        ) {
            c.named(q.status.clone());
        }
        let headers = Membership {
            added: Kind::HeaderAdded,
            removed: Kind::HeaderRemoved,
            context: Context::ResponseHeader,
            parents: (p.at, q.at),
        };
        let kept = self.membership(
            scope,
            headers,
            &p.headers,
            &q.headers,
            |h| (&h.key, h.at),
            |c, h| {
                c.named(h.name.clone())
                    .with("required", h.required)
                    .with("deprecated", h.deprecated)
                    .with("status", &q.status)
                    .at_path(&label);
            },
        );
        for (hp, hq) in kept {
            self.header(scope, &label, hp, hq);
        }
        self.content(
            scope,
            Context::Response,
            &p.content,
            &q.content,
            &label,
            p.at,
            q.at,
        );
    }

    fn header(&mut self, scope: &Scope, label: &str, hp: &'a Header, hq: &'a Header) {
        let ctx = Context::ResponseHeader;
        if hp.style != hq.style {
            self.change(scope, Kind::HeaderStyle, ctx, Some(hp.at), Some(hq.at))
                .named(hq.name.clone())
                .values(Some(hp.style.clone()), Some(hq.style.clone()))
                .at_path(label);
        }
        // Clients read values the revision sends.
        let serialized = structured(self.b, hq.schema);
        for (kind, before, after) in [
            (Kind::HeaderRequired, hp.required, hq.required),
            (Kind::HeaderDeprecated, hp.deprecated, hq.deprecated),
            (
                Kind::HeaderExplode,
                hp.explode && serialized,
                hq.explode && serialized,
            ),
        ] {
            if before != after {
                self.change(scope, kind, ctx, Some(hp.at), Some(hq.at))
                    .named(hq.name.clone())
                    .values(Some(before.to_string()), Some(after.to_string()))
                    .with("value", after)
                    .at_path(label);
            }
        }
        let hl = format!("{label} header {}", hq.name);
        self.schema_root(scope, ctx, hp.schema, hq.schema, &hl, hp.at, hq.at);
        self.content(scope, ctx, &hp.content, &hq.content, &hl, hp.at, hq.at);
    }

    /// Media types, paired by their lowercased name; `application/json` and
    /// `application/json; charset=utf-8` pair when nothing closer does.
    #[allow(clippy::too_many_arguments)]
    fn content(
        &mut self,
        scope: &Scope,
        ctx: Context,
        xs: &'a [MediaType],
        ys: &'a [MediaType],
        label: &str,
        at_a: NodeRef,
        at_b: NodeRef,
    ) {
        let mut removed: Vec<&'a MediaType> = Vec::new();
        let mut added: Vec<&'a MediaType> = Vec::new();
        let mut kept: Vec<(&'a MediaType, &'a MediaType)> = Vec::new();
        merge_join(
            xs,
            ys,
            |m| &m.key,
            |p, q| match (p, q) {
                (Some(p), None) => removed.push(p),
                (None, Some(q)) => added.push(q),
                (Some(p), Some(q)) => kept.push((p, q)),
                (None, None) => {}
            },
        );
        let essence = |m: &MediaType| m.key.split(';').next().unwrap_or("").to_string();
        removed.retain(
            |p| match added.iter().position(|q| essence(q) == essence(p)) {
                Some(i) => {
                    kept.push((p, added.remove(i)));
                    false
                }
                None => true,
            },
        );
        for p in removed {
            self.change(scope, Kind::MediaTypeRemoved, ctx, Some(p.at), Some(at_b))
                .named(p.name.clone())
                .at_path(label);
        }
        for q in added {
            self.change(scope, Kind::MediaTypeAdded, ctx, Some(at_a), Some(q.at))
                .named(q.name.clone())
                .at_path(label);
        }
        for (p, q) in kept {
            let l = format!("{label} {}", q.name);
            self.schema_root(scope, ctx, p.schema, q.schema, &l, p.at, q.at);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn schema_root(
        &mut self,
        scope: &Scope,
        ctx: Context,
        p: Option<SchemaId>,
        q: Option<SchemaId>,
        label: &str,
        at_a: NodeRef,
        at_b: NodeRef,
    ) {
        let label = if scope.prefix.is_empty() {
            label.to_string()
        } else {
            format!("{} › {label}", scope.prefix)
        };
        match (p, q) {
            (Some(p), Some(q)) => {
                let direction = scope.direction(ctx);
                let pair = self.root_pair(p, q, ctx, direction, label);
                self.roots
                    .push((scope.operation.clone(), pair, scope.stability.clone()));
            }
            (None, Some(q)) => {
                let at = self.b.schema(q).at.unwrap_or(at_b);
                self.change(scope, Kind::SchemaAdded, ctx, Some(at_a), Some(at))
                    .with("relation", "narrowed")
                    .at_path(label);
            }
            (Some(p), None) => {
                let at = self.a.schema(p).at.unwrap_or(at_a);
                self.change(scope, Kind::SchemaRemoved, ctx, Some(at), Some(at_b))
                    .with("relation", "widened")
                    .at_path(label);
            }
            (None, None) => {}
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

    fn security(&mut self, scope: &Scope, x: &Operation, y: &Operation) {
        let empty = |s: &Option<Security>| -> Vec<Requirement> {
            s.as_ref()
                .map(|s| s.alternatives.clone())
                .unwrap_or_default()
        };
        let (xa, ya) = (empty(&x.security), empty(&y.security));
        let public =
            |alts: &[Requirement]| alts.is_empty() || alts.iter().any(|r| r.schemes.is_empty());
        let (was_public, now_public) = (public(&xa), public(&ya));
        let at = (
            x.security.as_ref().map_or(x.at, |s| s.at),
            y.security.as_ref().map_or(y.at, |s| s.at),
        );
        let names = |r: &Requirement| r.schemes.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        let subset = |small: &Requirement, big: &Requirement| {
            small
                .schemes
                .iter()
                .all(|(n, _)| big.schemes.iter().any(|(m, _)| m == n))
        };
        let mut matched_y = vec![false; ya.len()];
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
                self.security_change(scope, Kind::SecurityRequirementRemoved, at)
                    .named(p.label())
                    .with("now-public", now_public);
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
        for (j, q) in ya.iter().enumerate() {
            if matched_y[j] || q.schemes.is_empty() {
                continue;
            }
            self.security_change(scope, Kind::SecurityRequirementAdded, at)
                .named(q.label())
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
