//! What a value is on the wire, where that is not JSON.
//!
//! A JSON body carries JSON: `null`, the number `1` and the string `"1"` are three values. A
//! parameter (path, query, header, cookie) and a field of a form body
//! (`application/x-www-form-urlencoded`, or a text part of `multipart/form-data`) carry
//! **text**, written by a style (OpenAPI 3.0 §4.7.12 "Style Values", §4.7.14 "Encoding
//! Object"). What follows from that, and what [`Wire`] lets the diff and
//! [`super::inclusion`] judge by:
//!
//! - **No null.** A field is present with a text or absent; `limit=null` is the text `null`.
//!   Gaining or losing `null` (3.0 `nullable`, `type: [x, "null"]`, a null enum value) changes
//!   nothing a client can send.
//! - **Every scalar is a text; its type only says which texts are accepted.** The integer `1`
//!   goes as `1`, which is also the string `"1"`: a `string` accepts the text of every integer,
//!   number and boolean, and a `number` the text of every integer. So in a request
//!   `integer` → `string` *widens* what is accepted (every text that was valid still is), and
//!   `string` → `integer` narrows it (`abc` is refused). Constraints of the new type still
//!   count: `integer` → `string` with `maxLength: 4` refuses `12345`, and that `maxLength` is
//!   the break.
//! - **A form body is always an object**: a set of name=value pairs. A form body's schema
//!   without `type` already describes only objects, so adding `type: object` is no change.
//! - **With style `form` and `explode: true`** (the default for query and cookie parameters
//!   and for form fields) an array is written as one pair per item (`expand=a&expand=b`) and a
//!   single value as one pair (`expand=a`): the string `a` and the array `["a"]` are the same
//!   bytes. So `string | array of string` → `array of string` changes nothing, and
//!   `string` → `array of string` only widens (several values are now accepted).
//! - **A number's text is a string of bounded length.** In text, `maxLength: 5000` on a
//!   string refuses no integer: the longest integer text is bounded by the integer's own
//!   `minimum`/`maximum`, else its `format: int32`, else the 64-bit range (20 characters),
//!   which is wider than the range JSON numbers interoperate in (±(2^53 − 1), RFC 8259 §6).
//!   A number with a fraction has no such bound.
//! - **Items of a form array are texts.** OpenAPI defines the `form` style for arrays of
//!   primitives only, so `items` absent and `items: {type: string}` accept the same requests.

use crate::model::schema::{Schema, TypeSet};

/// How a schema's values travel, at one place of a payload.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Wire {
    /// A JSON document: a JSON body or response, a parameter described by `content`.
    #[default]
    Json,
    /// The root of a form body: name=value pairs, always an object. `json_fields`: its fields
    /// are not all text (a `multipart/form-data` body, whose object parts default to JSON, or
    /// one with an `encoding` map): what `inclusion` assumes of a field it cannot
    /// look up.
    Form { json_fields: bool },
    /// A parameter's value or a form field: text, written by a style. `exploded`: style
    /// `form` with `explode: true`, where a single value is a one-item array.
    Field { exploded: bool },
    /// Inside a field (array items, object properties): text.
    Text,
}

/// The scalar types, whose values a text can stand for.
const SCALARS: TypeSet =
    TypeSet(TypeSet::BOOLEAN.0 | TypeSet::NUMBER.0 | TypeSet::INTEGER.0 | TypeSet::STRING.0);

impl Wire {
    /// Values are texts here: null cannot be written, scalars are texts.
    pub(crate) fn is_text(self) -> bool {
        matches!(self, Wire::Field { .. } | Wire::Text)
    }

    /// The wire of what a schema holds (array items, property values, …) — for a form body's
    /// fields, see [`Wire::field`].
    pub(crate) fn nested(self) -> Wire {
        match self {
            Wire::Json => Wire::Json,
            Wire::Form { json_fields: true } => Wire::Json,
            Wire::Form { json_fields: false } => Wire::Field { exploded: true },
            Wire::Field { .. } | Wire::Text => Wire::Text,
        }
    }

    /// The wire of a form body's field written with `style` and `explode`, or as a
    /// `multipart/form-data` part of `content_type`.
    pub(crate) fn field(style: &str, explode: bool, content_type: Option<&str>) -> Wire {
        match content_type {
            Some(t) if t.contains("json") => Wire::Json,
            _ => Wire::Field {
                exploded: style == "form" && explode,
            },
        }
    }

    /// What a schema's `type` (`None`: any) admits on this wire: no null in text, only
    /// objects at a form body's root.
    pub(crate) fn types(self, t: Option<TypeSet>) -> Option<TypeSet> {
        match self {
            Wire::Json => t,
            Wire::Form { .. } => Some(t.map_or(TypeSet::OBJECT, |t| {
                let objects = t.intersect(TypeSet::OBJECT);
                if objects.is_empty() { t } else { objects }
            })),
            Wire::Field { .. } | Wire::Text => t.map(|t| t.without(TypeSet::NULL)),
        }
    }

    /// Every value of type `sub` is, on this wire, a value of type `sup` (`None`: any). In
    /// text a string accepts every scalar's text and a number every integer's.
    pub(crate) fn type_includes(self, sup: Option<TypeSet>, sub: Option<TypeSet>) -> bool {
        let (sup, sub) = (self.types(sup), self.types(sub));
        match (sup, sub) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(sup), Some(sub)) => text_closure(self, sup).accepts(sub),
        }
    }

    /// The relation of two types on this wire: `None` when they admit the same values, else
    /// `narrowed`, `widened` or `changed` (from `before` to `after`).
    pub(crate) fn type_relation(
        self,
        before: Option<TypeSet>,
        after: Option<TypeSet>,
    ) -> Option<&'static str> {
        let wider = self.type_includes(after, before);
        let narrower = self.type_includes(before, after);
        match (wider, narrower) {
            (true, true) => None,
            (true, false) => Some("widened"),
            (false, true) => Some("narrowed"),
            (false, false) => Some("changed"),
        }
    }
}

/// The longest text of an integer `s` accepts (its sign counted): from its bounds when it has
/// both, else from `format: int32`, else from the 64-bit range. Integers beyond 64 bits are
/// taken as not sent: no JSON implementation nor form reader agrees on them (RFC 8259 §6
/// gives ±(2^53 − 1), which this bound covers).
pub fn longest_integer_text(s: &Schema) -> u64 {
    let len = |v: f64| format!("{v:.0}").len() as u64;
    match (&s.minimum, &s.maximum) {
        (Some(lo), Some(hi)) => len(lo.value.value.ceil()).max(len(hi.value.value.floor())),
        _ if s.format.as_ref().is_some_and(|(f, _)| f == "int32") => len(f64::from(i32::MIN)),
        _ => len(i64::MIN as f64),
    }
}

/// A type with the scalar texts it accepts in text: a string accepts them all, a number the
/// integers' (which [`TypeSet::accepts`] knows already).
fn text_closure(wire: Wire, t: TypeSet) -> TypeSet {
    if wire.is_text() && t.has(TypeSet::STRING) {
        t.union(SCALARS)
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELD: Wire = Wire::Field { exploded: true };

    #[test]
    fn null_is_no_value_in_text() {
        let nullable = Some(TypeSet::INTEGER.union(TypeSet::NULL));
        let plain = Some(TypeSet::INTEGER);
        assert_eq!(FIELD.type_relation(nullable, plain), None);
        assert_eq!(Wire::Text.type_relation(plain, nullable), None);
        assert_eq!(Wire::Json.type_relation(nullable, plain), Some("narrowed"));
    }

    #[test]
    fn in_text_a_string_accepts_every_scalar() {
        let (int, string) = (Some(TypeSet::INTEGER), Some(TypeSet::STRING));
        assert_eq!(FIELD.type_relation(int, string), Some("widened"));
        assert_eq!(FIELD.type_relation(string, int), Some("narrowed"));
        assert_eq!(Wire::Json.type_relation(int, string), Some("changed"));
        let boolean = Some(TypeSet::BOOLEAN);
        assert_eq!(FIELD.type_relation(int, boolean), Some("changed"));
    }

    #[test]
    fn an_integer_text_is_as_long_as_its_bounds_or_format_allow() {
        use crate::model::schema::{Bound, Num};
        let node = crate::vocabulary::NodeRef {
            file: 0,
            node: crate::vocabulary::NodeId(0),
        };
        let bound = |v: f64| Bound {
            value: Num {
                value: v,
                text: v.to_string(),
            },
            exclusive: false,
            at: node,
        };
        let mut s = Schema::default();
        assert_eq!(longest_integer_text(&s), 20); // -9223372036854775808
        s.format = Some(("int32".into(), node));
        assert_eq!(longest_integer_text(&s), 11); // -2147483648
        s.minimum = Some(bound(-5.5));
        s.maximum = Some(bound(1234.9));
        assert_eq!(longest_integer_text(&s), 4); // 1234
        s.maximum = Some(bound(1e30));
        assert_eq!(longest_integer_text(&s), 31);
    }

    #[test]
    fn a_form_body_is_an_object() {
        let form = Wire::Form { json_fields: false };
        assert_eq!(form.type_relation(None, Some(TypeSet::OBJECT)), None);
        assert_eq!(
            Wire::Json.type_relation(None, Some(TypeSet::OBJECT)),
            Some("narrowed")
        );
    }

    #[test]
    fn fields_of_a_form_are_text_unless_encoded_as_json() {
        assert_eq!(Wire::field("form", true, None), FIELD);
        assert_eq!(
            Wire::field("deepObject", true, None),
            Wire::Field { exploded: false }
        );
        assert_eq!(
            Wire::field("form", true, Some("application/json")),
            Wire::Json
        );
        assert_eq!(Wire::Form { json_fields: false }.nested(), FIELD);
        assert_eq!(FIELD.nested(), Wire::Text);
    }
}
