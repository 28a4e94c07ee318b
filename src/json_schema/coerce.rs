//! Text into typed instances, by the schema that describes them. Parameters, form fields and
//! headers arrive as strings: `limit=5` is the integer 5 when the schema says `integer`, and
//! stays the string "5" when it says `string`. The schema decides, not the text.

use serde_json::{Map, Value};

use super::generate::preferred_types;
use super::graph::{SchemaStep, carrier, same_place_closure};
use super::validate::Validator;
use crate::model::SchemaId;
use crate::model::schema::{Additional, TypeSet};

/// What shape of value a schema wants from text: one value, a list or a map of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Scalar,
    Array,
    Object,
}

/// The shape a schema (or the union branches and `allOf` members describing the same place)
/// asks for: an array or an object when that is all it allows, else one value.
pub(crate) fn shape(v: &Validator, id: SchemaId) -> Shape {
    let mut wanted = TypeSet::default();
    for s in same_place_closure(v.spec, vec![id]) {
        let schema = v.spec.schema(s);
        if schema.types.is_some() || !schema.properties.is_empty() || schema.items.is_some() {
            for t in preferred_types(schema) {
                wanted = wanted.union(t);
            }
        }
    }
    let scalar = TypeSet::STRING
        .union(TypeSet::INTEGER)
        .union(TypeSet::NUMBER)
        .union(TypeSet::BOOLEAN);
    if wanted.has(TypeSet::ARRAY) && wanted.intersect(scalar).is_empty() {
        Shape::Array
    } else if wanted.has(TypeSet::OBJECT) && wanted.intersect(scalar).is_empty() {
        Shape::Object
    } else {
        Shape::Scalar
    }
}

/// One text as the schema reads it: the first reading (integer, number, boolean, null,
/// string) the schema accepts; when it accepts none, the reading of a type it allows, so the
/// refusal is about bounds rather than type; else the text itself.
pub(crate) fn scalar(v: &Validator, id: SchemaId, text: &str) -> Value {
    let readings = readings(text);
    if let Some(ok) = readings.iter().find(|r| v.is_valid(id, r)) {
        return ok.clone();
    }
    let allowed: Vec<TypeSet> = same_place_closure(v.spec, vec![id])
        .into_iter()
        .filter_map(|s| v.spec.schema(s).types)
        .collect();
    readings
        .into_iter()
        .find(|r| {
            let t = super::validate::type_of(r);
            allowed.iter().any(|a| a.accepts(t))
        })
        .unwrap_or_else(|| Value::String(text.to_string()))
}

/// The ways a text can be read, most specific first, ending with the text itself.
fn readings(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    if let Ok(i) = text.parse::<i64>() {
        out.push(Value::from(i));
    }
    if let Ok(f) = text.parse::<f64>()
        && f.is_finite()
        && let Some(n) = serde_json::Number::from_f64(f)
    {
        out.push(Value::Number(n));
    }
    match text {
        "true" => out.push(Value::Bool(true)),
        "false" => out.push(Value::Bool(false)),
        "null" => out.push(Value::Null),
        _ => {}
    }
    out.push(Value::String(text.to_string()));
    out
}

/// The schema of the array's items (looking through unions and `allOf`), if one is written.
pub(crate) fn item_schema(v: &Validator, id: SchemaId) -> Option<SchemaId> {
    carrier(v.spec, id, &SchemaStep::Items).map(|(_, item)| item)
}

/// The schema of an object's property: the declared one, else `additionalProperties`.
pub(crate) fn property_schema(v: &Validator, id: SchemaId, name: &str) -> Option<SchemaId> {
    let step = SchemaStep::Property(name.to_string());
    if let Some((_, p)) = carrier(v.spec, id, &step) {
        return Some(p);
    }
    match &v.spec.schema(id).additional_properties {
        Some((Additional::Schema(a), _)) => Some(*a),
        _ => None,
    }
}

/// Items of an array, each read by the items' schema.
pub(crate) fn array(v: &Validator, id: SchemaId, items: &[String]) -> Value {
    let item = item_schema(v, id);
    Value::Array(
        items
            .iter()
            .map(|t| match item {
                Some(i) => scalar(v, i, t),
                None => Value::String(t.clone()),
            })
            .collect(),
    )
}

/// Named values of an object, each read by its property's schema.
pub(crate) fn object(v: &Validator, id: SchemaId, pairs: &[(String, String)]) -> Value {
    let mut map = Map::new();
    for (k, t) in pairs {
        let value = match property_schema(v, id, k) {
            Some(p) => scalar(v, p, t),
            None => Value::String(t.clone()),
        };
        map.insert(k.clone(), value);
    }
    Value::Object(map)
}
