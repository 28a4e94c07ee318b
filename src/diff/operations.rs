//! Documents and operations: info, servers, tags and security schemes of the document;
//! operations, webhooks and callbacks paired by method and path template. What an operation
//! holds is compared in `messages.rs` (parameters, bodies, responses) and `security.rs`.

use super::walk::{Membership, Scope, Walk, merge_join};
use crate::model::{Operation, Server, Spec};
use crate::vocabulary::{Context, Kind, Method, NodeRef, OperationId, path_key};

/// A spec's operations keyed by the path clients call (base path and template, parameter
/// names erased) and method, sorted by that key.
fn called(spec: &Spec) -> Vec<((String, Method), &Operation)> {
    let base = spec.base_path();
    let mut out: Vec<_> = spec
        .operations
        .iter()
        .map(|o| ((path_key(&format!("{base}{}", o.path)), o.method), o))
        .collect();
    out.sort_by(|x, y| x.0.cmp(&y.0));
    out
}

fn status_class(status: &str) -> String {
    match status.chars().next() {
        Some(c @ '1'..='5') => format!("{c}xx"),
        _ => "default".into(),
    }
}

impl<'a> Walk<'a> {
    /// Operations and webhooks, paired by method and path template — for endpoints, the path
    /// clients call: the servers' base path and the path template together, so `/v2` moved
    /// from the paths into the servers (or back) pairs the same operations, and a base path
    /// that changed for every operation leaves none paired.
    pub fn operations(&mut self) {
        let (a, b) = (self.a, self.b);
        if a.base_path() == b.base_path() {
            merge_join(
                &a.operations,
                &b.operations,
                |o| &o.key,
                |x, y| {
                    self.operation_pair(x, y, false, "endpoint");
                },
            );
        } else {
            let (xs, ys) = (called(a), called(b));
            merge_join(
                &xs,
                &ys,
                |e| &e.0,
                |x, y| {
                    self.operation_pair(x.map(|e| e.1), y.map(|e| e.1), false, "endpoint");
                },
            );
        }
        // Webhooks are operations the API calls: their directions flip.
        merge_join(
            &a.webhooks,
            &b.webhooks,
            |o| &o.key,
            |x, y| {
                self.operation_pair(x, y, true, "webhook");
            },
        );
    }

    pub fn document(&mut self) {
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
        if a.base_path() == b.base_path() {
            self.servers(&doc, &a.servers, &b.servers, a.root, b.root, false);
        } else {
            // The base path is compared through the operations' paths (see `operations`).
            let origins = |spec: &Spec| -> Vec<Server> {
                let origin = |s: &Server| Server {
                    url: s.origin().to_string(),
                    at: s.at,
                };
                spec.servers.iter().map(origin).collect()
            };
            let (xs, ys) = (origins(a), origins(b));
            self.servers(&doc, &xs, &ys, a.root, b.root, false);
        }
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

    pub(super) fn servers(
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
        // The base's level: a level lowered in this very change does not excuse its breaks.
        let stability = x.and_then(|o| Self::stability(o, a));
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
}
