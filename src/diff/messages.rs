//! What an operation's requests and responses are made of: parameters, the request body,
//! responses and their headers, media types — down to the schemas, which are handed to the
//! pair graph (`schema/`) as roots.

use super::walk::{Membership, Root, Scope, Walk, merge_join};
use crate::json_schema::Wire;
use crate::json_schema::inclusion::types_of;
use crate::model::schema::TypeSet;
use crate::model::{Header, MediaType, Operation, Parameter, Response, SchemaId, Spec};
use crate::vocabulary::{Change, Context, Kind, NodeRef};

/// Where a schema is used: its context, how its values travel, and for a form body the two
/// media types whose `encoding` says how each field is written.
type Place<'a> = (Context, Wire, Option<(&'a MediaType, &'a MediaType)>);

/// Style and explode only change how arrays and objects are written: for a single value
/// every style of the same form gives the same text. So they matter only when some value
/// both sides accept (the schema of `x` in spec `a`, of `y` in `b`) is an array or an object,
/// its types read through `anyOf`/`oneOf` (`anyOf: [string, {string, enum}]` holds only
/// strings). A value only one side accepts is refused or new whatever its serialization, and
/// the type change says so.
pub(super) fn structured(a: &Spec, x: Option<SchemaId>, b: &Spec, y: Option<SchemaId>) -> bool {
    let any = TypeSet::default()
        .union(TypeSet::ARRAY)
        .union(TypeSet::OBJECT);
    let types =
        |spec: &Spec, id: Option<SchemaId>| id.and_then(|id| types_of(spec, id)).unwrap_or(any);
    let shared = types(a, x).intersect(types(b, y));
    shared.has(TypeSet::ARRAY) || shared.has(TypeSet::OBJECT)
}

/// The types of value a style says how to write (OpenAPI's style table): `deepObject` only
/// objects, the delimited styles only arrays and objects, the others every type.
fn style_writes(style: &str) -> TypeSet {
    match style {
        "deepObject" => TypeSet::OBJECT,
        "spaceDelimited" | "pipeDelimited" => TypeSet::ARRAY.union(TypeSet::OBJECT),
        _ => TypeSet::ANY,
    }
}

/// Whether both styles say how some value both sides accept is written: a type of the values
/// `x` (in `a`) and `y` (in `b`) share that both styles write. `anyOf [object, integer]` moved
/// from form to deepObject is defined for its objects, whose bytes move, even though
/// deepObject writes no integers; an array moved to deepObject is defined for nothing. A
/// schema without a type may hold anything. When no value is shared, each side's own types
/// must be written by its own style. Asked of a parameter's style and of a form body field's
/// `encoding` style alike.
pub(super) fn styles_define(
    (a, x, before): (&Spec, Option<SchemaId>, &str),
    (b, y, after): (&Spec, Option<SchemaId>, &str),
) -> bool {
    let types = |spec: &Spec, id: Option<SchemaId>| {
        id.and_then(|id| types_of(spec, id))
            .unwrap_or(TypeSet::ANY)
            .without(TypeSet::NULL)
    };
    let (p, q) = (types(a, x), types(b, y));
    let shared = p.intersect(q);
    if shared.is_empty() {
        let own = |types: TypeSet, style| !types.intersect(style_writes(style)).is_empty();
        return own(p, before) && own(q, after);
    }
    !shared
        .intersect(style_writes(before))
        .intersect(style_writes(after))
        .is_empty()
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

impl<'a> Walk<'a> {
    pub(super) fn parameters(&mut self, scope: &Scope, x: &'a Operation, y: &'a Operation) {
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
            let change = &mut self.changes[c];
            change.with("location", q.location.name());
            if change.kind == Kind::ParameterSunset {
                change.with(
                    "item",
                    format!("{} parameter `{}`", q.location.name(), q.name),
                );
            } else {
                // Like every parameter change, it names the parameter; the key is a fact.
                let key = change.name.take().unwrap_or_default();
                change.with("extension", key).named(q.name.clone());
            }
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
        // What clients send and the server still accepts: if that is a single value, how
        // arrays and objects are written does not concern them.
        let serialized = structured(self.a, p.schema, self.b, q.schema);
        // `explode` written on neither side follows the style's default (true for form only):
        // a new style that brings another default is one edit, reported as the style change.
        let written = |spec: &Spec, at: NodeRef| spec.tree(at).get(at.node, "explode").is_some();
        let explode_follows_style =
            p.style != q.style && !written(self.a, p.at) && !written(self.b, q.at);
        let explode_counts = serialized && !explode_follows_style;
        let flags: [(Kind, bool, bool); 5] = [
            (Kind::ParameterRequired, p.required, q.required),
            (
                Kind::ParameterExplode,
                p.explode && explode_counts,
                q.explode && explode_counts,
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
            // Where a style leaves the bytes undefined for every value both sides accept
            // (`deepObject` on an array), no one can say what clients sent or what the server
            // now reads.
            let defined = styles_define(
                (self.a, p.schema, p.style.as_str()),
                (self.b, q.schema, q.style.as_str()),
            );
            let c = self.change(
                scope,
                Kind::ParameterStyle,
                Context::Parameter,
                Some(p.at),
                Some(q.at),
            );
            c.values(Some(p.style.clone()), Some(q.style.clone()))
                .with("defined", defined);
            base(c);
        }
        // A parameter is text, written by its style; with `content` it is that media type.
        let wire = Wire::Field {
            exploded: p.style == "form" && p.explode && q.style == "form" && q.explode,
        };
        self.schema_root(
            scope,
            (Context::Parameter, wire, None),
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

    pub(super) fn request_body(&mut self, scope: &Scope, x: &'a Operation, y: &'a Operation) {
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
                )
                .with("required", p.required);
            }
            (Some(p), Some(q)) => {
                let required = (p.required != q.required).then(|| {
                    self.change(
                        scope,
                        Kind::RequestBodyRequired,
                        Context::RequestBody,
                        Some(p.at),
                        Some(q.at),
                    )
                    .values(Some(p.required.to_string()), Some(q.required.to_string()))
                    .with("value", q.required);
                    self.changes.len() - 1
                });
                let roots = self.roots.len();
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
                if let Some(c) = required {
                    self.body_required.push((c, roots..self.roots.len()));
                }
            }
            (None, None) => {}
        }
    }

    pub(super) fn response(&mut self, scope: &Scope, p: &'a Response, q: &'a Response) {
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
        // Values the revision sends that clients could read before.
        let serialized = structured(self.a, hp.schema, self.b, hq.schema);
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
        let wire = Wire::Field { exploded: false };
        let root = (ctx, wire, None);
        self.schema_root(scope, root, hp.schema, hq.schema, &hl, hp.at, hq.at);
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
            let root = if p.is_form() && q.is_form() {
                // Multipart parts and encoded fields may be JSON: see `Wire::Form`.
                let json_fields = p.is_multipart()
                    || q.is_multipart()
                    || !p.encoding.is_empty()
                    || !q.encoding.is_empty();
                (ctx, Wire::Form { json_fields }, Some((p, q)))
            } else {
                (ctx, Wire::Json, None)
            };
            self.encodings(scope, ctx, (p, q), &l);
            self.schema_root(scope, root, p.schema, q.schema, &l, p.at, q.at);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn schema_root(
        &mut self,
        scope: &Scope,
        (ctx, wire, form): Place<'a>,
        p: Option<SchemaId>,
        q: Option<SchemaId>,
        label: &str,
        at_a: NodeRef,
        at_b: NodeRef,
    ) {
        let error_response = ctx == Context::Response
            && ["response 4", "response 5", "response default"]
                .iter()
                .any(|p| label.starts_with(p));
        let label = if scope.prefix.is_empty() {
            label.to_string()
        } else {
            format!("{} › {label}", scope.prefix)
        };
        match (p, q) {
            (Some(p), Some(q)) => {
                let direction = scope.direction(ctx);
                let pair = self.root_pair(p, q, ctx, direction, wire, form, label);
                self.roots.push(Root {
                    operation: scope.operation.clone(),
                    pair,
                    stability: scope.stability.clone(),
                    error_response,
                });
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
}
