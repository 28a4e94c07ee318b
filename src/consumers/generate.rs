//! Small values that satisfy a schema: the skeletons witnesses are built on, and candidate
//! values for the place a change is at. Everything here is a guess the validator then judges;
//! [`example`] only returns values it has validated.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Number, Value, json};

use super::validate::Validator;
use crate::model::SchemaId;
use crate::model::schema::{Additional, Schema, TypeSet};

/// Nesting beyond this is not generated: a required recursive property has no finite example.
const MAX_DEPTH: usize = 16;

/// Strings longer than this are not generated: a witness should stay small.
pub const MAX_LEN: u64 = 512;

/// A small valid instance of the schema, if one is found.
pub fn example(v: &Validator, id: SchemaId) -> Option<Value> {
    draft(v, id, &mut Vec::new())
}

/// Ordered guesses for the schema, the first valid one wins.
fn draft(v: &Validator, id: SchemaId, stack: &mut Vec<SchemaId>) -> Option<Value> {
    if stack.len() > MAX_DEPTH || stack.contains(&id) {
        return None;
    }
    let s = v.spec.schema(id);
    if s.boolean == Some(false) {
        return None;
    }
    stack.push(id);
    let found = guesses(v, s, stack).into_iter().find(|g| v.is_valid(id, g));
    stack.pop();
    found
}

fn guesses(v: &Validator, s: &Schema, stack: &mut Vec<SchemaId>) -> Vec<Value> {
    let mut out = written_values(v, s);
    for (value, branch) in v.discriminated(s) {
        if let Some(Value::Object(mut map)) = draft(v, branch, stack)
            && let Some(d) = &s.discriminator
        {
            map.insert(d.property_name.clone(), Value::String(value));
            out.push(Value::Object(map));
        }
    }
    for &b in s.one_of.iter().chain(&s.any_of) {
        out.extend(draft(v, b, stack));
    }
    if s.all_of_unfolded {
        for &m in &s.all_of {
            out.extend(draft(v, m, stack));
        }
    }
    for t in preferred_types(s) {
        out.extend(typed(v, s, t, stack));
    }
    out
}

/// Values the author wrote: `const`, `enum`, `default`, `example`, `examples`.
pub fn written_values(v: &Validator, s: &Schema) -> Vec<Value> {
    let mut out = Vec::new();
    out.extend(s.constant.map(|c| v.value_of(c)));
    if let Some((values, _)) = &s.enumeration {
        out.extend(values.iter().map(|&n| v.value_of(n)));
    }
    out.extend(s.default.map(|d| v.value_of(d)));
    for (key, node) in &s.extras {
        match (key.as_str(), v.value_of(*node)) {
            ("example", x) => out.push(x),
            ("examples", Value::Array(xs)) => out.extend(xs),
            _ => {}
        }
    }
    out
}

/// The types to try, most telling first; for a schema without `type`, the ones its keywords
/// suggest.
pub fn preferred_types(s: &Schema) -> Vec<TypeSet> {
    const ORDER: [TypeSet; 7] = [
        TypeSet::OBJECT,
        TypeSet::ARRAY,
        TypeSet::STRING,
        TypeSet::INTEGER,
        TypeSet::NUMBER,
        TypeSet::BOOLEAN,
        TypeSet::NULL,
    ];
    let allowed = s.types.unwrap_or_else(|| implied_types(s));
    ORDER.into_iter().filter(|&t| allowed.has(t)).collect()
}

fn implied_types(s: &Schema) -> TypeSet {
    let mut t = TypeSet::default();
    if !s.properties.is_empty()
        || !s.required.is_empty()
        || s.additional_properties.is_some()
        || s.min_properties.is_some()
    {
        t = t.union(TypeSet::OBJECT);
    }
    if s.items.is_some() || !s.prefix_items.is_empty() || s.min_items.is_some() {
        t = t.union(TypeSet::ARRAY);
    }
    if s.pattern.is_some() || s.min_length.is_some() || s.max_length.is_some() {
        t = t.union(TypeSet::STRING);
    }
    if s.minimum.is_some() || s.maximum.is_some() || s.multiple_of.is_some() {
        t = t.union(TypeSet::NUMBER);
    }
    if t.is_empty() { TypeSet::STRING } else { t }
}

/// A guess of one type for the schema (not yet validated).
pub fn typed(v: &Validator, s: &Schema, t: TypeSet, stack: &mut Vec<SchemaId>) -> Vec<Value> {
    match t {
        TypeSet::OBJECT => object(v, s, stack).into_iter().collect(),
        TypeSet::ARRAY => array(v, s, stack).into_iter().collect(),
        TypeSet::STRING => strings(s),
        TypeSet::INTEGER => integers(s).into_iter().map(Value::from).collect(),
        TypeSet::NUMBER => numbers(s),
        TypeSet::BOOLEAN => vec![json!(true), json!(false)],
        TypeSet::NULL => vec![Value::Null],
        _ => Vec::new(),
    }
}

fn object(v: &Validator, s: &Schema, stack: &mut Vec<SchemaId>) -> Option<Value> {
    let mut map = Map::new();
    for name in &s.required {
        let value = match s.property(name) {
            Some(p) if v.exempt(v.spec.schema(p)) => continue,
            Some(p) => draft(v, p, stack)?,
            None => match &s.additional_properties {
                Some((Additional::Schema(p), _)) => draft(v, *p, stack)?,
                _ => json!("example"),
            },
        };
        map.insert(name.clone(), value);
    }
    let wanted = s.min_properties.map_or(0, |l| l.value).min(64) as usize;
    for (name, p) in &s.properties {
        if map.len() >= wanted {
            break;
        }
        if !map.contains_key(name)
            && let Some(value) = draft(v, *p, stack)
        {
            map.insert(name.clone(), value);
        }
    }
    fill_with_extra_keys(v, s, &mut map, wanted, stack);
    Some(Value::Object(map))
}

/// Add undeclared properties (`key1`, `key2`, …) until the object has `wanted` of them, where
/// `additionalProperties` allows.
pub fn fill_with_extra_keys(
    v: &Validator,
    s: &Schema,
    map: &mut Map<String, Value>,
    wanted: usize,
    stack: &mut Vec<SchemaId>,
) {
    let value = match &s.additional_properties {
        Some((Additional::Allowed(false), _)) => return,
        Some((Additional::Schema(p), _)) => match draft(v, *p, stack) {
            Some(x) => x,
            None => return,
        },
        _ => json!("x"),
    };
    let mut n = 1;
    while map.len() < wanted && n <= 64 {
        let key = format!("key{n}");
        if s.property(&key).is_none() {
            map.entry(key).or_insert_with(|| value.clone());
        }
        n += 1;
    }
}

fn array(v: &Validator, s: &Schema, stack: &mut Vec<SchemaId>) -> Option<Value> {
    let n = s.min_items.map_or(0, |l| l.value).min(64) as usize;
    let mut items = Vec::new();
    for &p in s.prefix_items.iter().take(n.max(s.prefix_items.len())) {
        items.push(draft(v, p, stack)?);
    }
    while items.len() < n {
        let item = match s.items {
            Some(i) => draft(v, i, stack)?,
            None => json!(items.len()),
        };
        items.push(item);
    }
    Some(Value::Array(items))
}

/// A few strings for the schema's format, pattern and length bounds.
pub fn strings(s: &Schema) -> Vec<Value> {
    let min = s.min_length.map_or(0, |l| l.value);
    let max = s.max_length.map_or(u64::MAX, |l| l.value);
    let mut out = Vec::new();
    if let Some(sample) = s
        .format
        .as_ref()
        .and_then(|(f, _)| super::formats::sample(f))
    {
        out.push(sample.to_string());
    }
    if let Some((pattern, _)) = &s.pattern {
        for sample in regex_samples(pattern) {
            out.push(fit_length(&sample, min, max));
        }
    }
    out.push(fit_length("example", min, max));
    out.into_iter().map(Value::String).collect()
}

/// `text` padded with `x` or cut to fit `[min, max]` characters (at most [`MAX_LEN`]).
pub fn fit_length(text: &str, min: u64, max: u64) -> String {
    let len = text.chars().count() as u64;
    let target = len.clamp(min.min(MAX_LEN), max.min(MAX_LEN).max(min.min(MAX_LEN)));
    if target <= len {
        text.chars().take(target as usize).collect()
    } else {
        let mut out = text.to_string();
        out.extend(std::iter::repeat_n('x', (target - len) as usize));
        out
    }
}

/// Integers inside the schema's bounds, preferring small ones.
pub fn integers(s: &Schema) -> Vec<i64> {
    let lo = s.minimum.as_ref().map(|b| {
        let v = b.value.value;
        if b.exclusive {
            v.floor() + 1.0
        } else {
            v.ceil()
        }
    });
    let hi = s.maximum.as_ref().map(|b| {
        let v = b.value.value;
        if b.exclusive {
            v.ceil() - 1.0
        } else {
            v.floor()
        }
    });
    let mut out = Vec::new();
    for c in [Some(1.0), Some(0.0), lo, hi].into_iter().flatten() {
        let mut c = c;
        if let Some((m, _)) = &s.multiple_of
            && m.value > 0.0
        {
            c = (c / m.value).ceil() * m.value;
        }
        if c.fract() == 0.0 && c.abs() < 9.0e15 && !out.contains(&(c as i64)) {
            out.push(c as i64);
        }
    }
    out
}

fn numbers(s: &Schema) -> Vec<Value> {
    let mut out: Vec<Value> = integers(s).into_iter().map(Value::from).collect();
    let lo = s.minimum.as_ref().map(|b| b.value.value);
    let hi = s.maximum.as_ref().map(|b| b.value.value);
    for c in [Some(1.5), lo.map(|l| l + 0.5), hi.map(|h| h - 0.5)]
        .into_iter()
        .flatten()
    {
        out.extend(Number::from_f64(c).map(Value::Number));
    }
    out
}

/// Strings that match a regex: the shortest the pattern allows, and a longer one. Empty when
/// the pattern cannot be parsed.
pub fn regex_samples(pattern: &str) -> Vec<String> {
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for longer in [false, true] {
        let mut s = String::new();
        if sample(&hir, longer, &mut s, 0) && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn sample(hir: &Hir, longer: bool, out: &mut String, depth: usize) -> bool {
    if depth > 64 || out.len() > MAX_LEN as usize {
        return false;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(text) => {
                out.push_str(text);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(class) => match pick(class) {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        },
        HirKind::Repetition(rep) => {
            let mut n = rep.min;
            if longer {
                n = n.saturating_add(2).min(rep.max.unwrap_or(u32::MAX));
            }
            (0..n.min(MAX_LEN as u32)).all(|_| sample(&rep.sub, longer, out, depth + 1))
        }
        HirKind::Capture(cap) => sample(&cap.sub, longer, out, depth + 1),
        HirKind::Concat(parts) => parts.iter().all(|p| sample(p, longer, out, depth + 1)),
        HirKind::Alternation(alts) => {
            let alt = if longer { alts.last() } else { alts.first() };
            alt.is_some_and(|a| sample(a, longer, out, depth + 1))
        }
    }
}

/// A readable character of a class: a letter or digit when it has one.
fn pick(class: &Class) -> Option<char> {
    match class {
        Class::Unicode(c) => {
            let ranges = c.ranges();
            let inside = |x: char| ranges.iter().any(|r| r.start() <= x && x <= r.end());
            ['a', 'A', '0', 'x', '_', '-', ' ']
                .into_iter()
                .find(|&x| inside(x))
                .or_else(|| ranges.iter().map(|r| r.start()).find(|c| !c.is_control()))
        }
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .find(|b| b.is_ascii_graphic())
            .map(char::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_samples_match_their_pattern() {
        for p in [
            "^[A-Z]{3}-\\d+$",
            "^(cat|dog)s?$",
            "^\\w+@\\w+\\.com$",
            "[0-9a-f]{8}",
            "^[^/]+$",
        ] {
            let re = regex::Regex::new(p).unwrap();
            let samples = regex_samples(p);
            assert!(!samples.is_empty(), "{p}");
            for s in samples {
                assert!(re.is_match(&s), "{p} ~ {s}");
            }
        }
    }

    #[test]
    fn lengths_are_fitted() {
        assert_eq!(fit_length("example", 0, 3), "exa");
        assert_eq!(fit_length("example", 9, 20), "examplexx");
        assert_eq!(fit_length("example", 0, u64::MAX), "example");
    }
}
