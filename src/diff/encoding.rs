//! A form body's `encoding`: how each field is written — its style and explode, and in a
//! `multipart/form-data` body the part's media type. Compared like a parameter's style and
//! explode: the sender writes a field one way, the receiver parses it another.

use super::messages::{structured, styles_define};
use super::walk::{Scope, Walk};
use crate::json_schema::inclusion::types_of;
use crate::model::schema::TypeSet;
use crate::model::{Dialect, Encoding, MediaType, SchemaId, Spec};
use crate::vocabulary::{Context, Kind};

/// The schema of a form body's field, when the body declares it.
fn field(spec: &Spec, media: &MediaType, name: &str) -> Option<SchemaId> {
    media.schema.and_then(|s| spec.schema(s).property(name))
}

/// The media type a `multipart/form-data` part has when its `encoding` names none (OpenAPI
/// 3 §4.7.14): JSON for an object, bytes for binary, text otherwise; an array's items decide.
fn default_part_type(spec: &Spec, id: Option<SchemaId>, depth: u32) -> &'static str {
    let Some(id) = id else {
        return "application/octet-stream";
    };
    let s = spec.schema(id);
    let t = types_of(spec, id);
    match t {
        Some(t) if t.has(TypeSet::OBJECT) => "application/json",
        Some(t) if t.has(TypeSet::ARRAY) && depth < 8 => {
            default_part_type(spec, s.items, depth + 1)
        }
        Some(t) if t.has(TypeSet::STRING) => {
            let binary = s
                .format
                .as_ref()
                .is_some_and(|(f, _)| f == "binary" || f == "byte");
            if binary {
                "application/octet-stream"
            } else {
                "text/plain"
            }
        }
        Some(_) => "text/plain",
        None => "application/octet-stream",
    }
}

/// How a field of a body is written: (style, explode, part media type — multipart only).
fn writing(spec: &Spec, media: &MediaType, name: &str) -> (String, bool, Option<String>) {
    let entry = media.encoding_of(name);
    let (style, explode) = Encoding::serialization(entry);
    let part = media
        .is_multipart()
        .then(|| match entry.and_then(|e| e.content_type.as_deref()) {
            Some(t) => t.to_ascii_lowercase().replace(' ', ""),
            None => default_part_type(spec, field(spec, media, name), 0).to_string(),
        });
    (style.to_string(), explode, part)
}

impl<'a> Walk<'a> {
    /// The `encoding` of two form bodies, field by field: every field either side writes
    /// explicitly is compared by its effective style, explode and part media type.
    pub(super) fn encodings(
        &mut self,
        scope: &Scope,
        ctx: Context,
        (p, q): (&'a MediaType, &'a MediaType),
        label: &str,
    ) {
        if !(p.is_form() && q.is_form()) {
            return;
        }
        let mut names: Vec<&str> = p
            .encoding
            .iter()
            .chain(&q.encoding)
            .map(|e| e.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        for name in names {
            // A field one body does not declare is added or removed, and that change is
            // reported once, by the property rules; its encoding entry goes with it.
            if field(self.a, p, name).is_none() || field(self.b, q, name).is_none() {
                continue;
            }
            let (sa, xa, ca) = writing(self.a, p, name);
            let (sb, xb, cb) = writing(self.b, q, name);
            // Style and explode only change how arrays and objects are written, and a 3.0
            // document's multipart parts have neither (3.0.3 §4.7.15: ignored unless the body
            // is application/x-www-form-urlencoded; 3.1 applies them to multipart too).
            let styled = |spec: &Spec, m: &MediaType| {
                !m.is_multipart() || spec.dialect == Dialect::OpenApi31
            };
            let serialized = styled(self.a, p)
                && styled(self.b, q)
                && structured(
                    self.a,
                    field(self.a, p, name),
                    self.b,
                    field(self.b, q, name),
                );
            // As for a parameter: where one side's style defines no bytes for every value
            // both sides accept (`deepObject` on an array), the style change is not a
            // certain break. Only a style change carries the fact.
            let defined = (serialized && sa != sb).then(|| {
                styles_define(
                    (self.a, field(self.a, p, name), sa.as_str()),
                    (self.b, field(self.b, q, name), sb.as_str()),
                )
            });
            let explode = |x: bool| Some(x.to_string());
            let differences = [
                ("style", serialized && sa != sb, Some(sa), Some(sb)),
                ("explode", serialized && xa != xb, explode(xa), explode(xb)),
                (
                    "contentType",
                    p.is_multipart() && q.is_multipart() && ca != cb,
                    ca,
                    cb,
                ),
            ];
            let at = |m: &MediaType| m.encoding_of(name).map_or(m.at, |e| e.at);
            for (what, differs, before, after) in differences {
                if differs {
                    let c = self
                        .change(scope, Kind::EncodingChanged, ctx, Some(at(p)), Some(at(q)))
                        .named(name)
                        .values(before, after)
                        .with("field", what)
                        .at_path(label);
                    if let (Some(defined), "style") = (defined, what) {
                        c.with("defined", defined);
                    }
                }
            }
        }
    }
}
