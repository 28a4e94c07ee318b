//! JSON instances: the values Pact files carry and witnesses are made of, as `serde_json`
//! values, with the few helpers validation needs (equality by meaning, a place inside one).

use serde_json::{Number, Value};

use crate::tree::{NodeValue, Resolved, Tree};
use crate::vocabulary::NodeId;

/// Values nested deeper than this are cut (read as `null`): Pact bodies and schema values are
/// small, and the cut keeps recursion off the stack's edge.
const MAX_DEPTH: usize = 128;

/// A YAML or JSON node as a JSON value (plain YAML scalars resolve by the core schema).
pub fn from_node(tree: &Tree, node: NodeId) -> Value {
    convert(tree, node, 0)
}

fn convert(tree: &Tree, node: NodeId, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    match tree.value(node) {
        NodeValue::Scalar { .. } => match tree.resolve(node) {
            Some(Resolved::Null) | None => Value::Null,
            Some(Resolved::Bool(b)) => Value::Bool(b),
            Some(Resolved::Number(text)) => number(text),
            Some(Resolved::Str(s)) => Value::String(s.to_string()),
        },
        NodeValue::Seq(items) => {
            Value::Array(items.iter().map(|&i| convert(tree, i, depth + 1)).collect())
        }
        NodeValue::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|&(k, v)| {
                    (
                        tree.text(k).unwrap_or("").to_string(),
                        convert(tree, v, depth + 1),
                    )
                })
                .collect(),
        ),
    }
}

/// Whether the value written at `node` is [`same`] as `value`, without building it: an
/// instance is checked against every entry of an `enum`, and Stripe's have hundreds (a big
/// Stripe diff built and freed 300,000 values to check its enums' values).
pub(crate) fn written_is(tree: &Tree, node: NodeId, value: &Value) -> bool {
    match tree.value(node) {
        NodeValue::Scalar { .. } => match tree.resolve(node) {
            Some(Resolved::Str(s)) => value.as_str() == Some(s),
            Some(Resolved::Null) | None => value.is_null(),
            Some(Resolved::Bool(b)) => value.as_bool() == Some(b),
            Some(Resolved::Number(text)) => same(&number(text), value),
        },
        _ => same(&convert(tree, node, 0), value),
    }
}

/// A number as JSON has it: integers stay exact, the rest are floats; what JSON cannot hold
/// (`.inf`, `.nan`) stays text.
fn number(text: &str) -> Value {
    if let Ok(i) = text.parse::<i64>() {
        return Value::Number(i.into());
    }
    if let Ok(u) = text.parse::<u64>() {
        return Value::Number(u.into());
    }
    match crate::tree::parse_number(text).and_then(Number::from_f64) {
        Some(n) => Value::Number(n),
        None => Value::String(text.to_string()),
    }
}

/// Equal as JSON Schema compares (`enum`, `const`, `uniqueItems`): `1` equals `1.0`.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| same(x, y)))
        }
        _ => a == b,
    }
}

/// A JSON number with no fractional part counts as an integer (`1.0` is one).
pub(crate) fn is_integer(n: &Number) -> bool {
    n.is_i64()
        || n.is_u64()
        || n.as_f64()
            .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// One step into an instance.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The RFC 6901 pointer of a place in an instance (`""` is the whole of it).
pub(crate) fn pointer(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        out.push('/');
        match s {
            Step::Key(k) => out.push_str(&crate::tree::escape_pointer_segment(k)),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Compact JSON for messages, cut to `max` characters.
pub(crate) fn short(v: &Value, max: usize) -> String {
    let text = v.to_string();
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse::parse;
    use serde_json::json;

    #[test]
    fn nodes_become_json_values() {
        let t = parse(
            "t".into(),
            "a: [1, 2.5, x, '3', ~, true]\nb: {c: -7}\n".into(),
        )
        .unwrap();
        assert_eq!(
            from_node(&t, t.root()),
            json!({"a": [1, 2.5, "x", "3", null, true], "b": {"c": -7}})
        );
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(&json!(1), &json!(1.0)));
        assert!(same(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(!same(&json!("1"), &json!(1)));
        assert!(is_integer(&Number::from_f64(2.0).unwrap()));
        assert!(!is_integer(&Number::from_f64(2.5).unwrap()));
    }

    #[test]
    fn a_written_value_is_what_it_reads_as() {
        let t = parse(
            "t".into(),
            "[1, 1.0, 2.5, x, '3', 3, ~, null, '', true, 'true', .inf, [1], {a: 1}]\n".into(),
        )
        .unwrap();
        let written = t.items(t.root()).unwrap();
        let values: Vec<Value> = written.iter().map(|&n| from_node(&t, n)).collect();
        let mut seen = 0;
        for &n in written {
            for v in values.iter().chain(&[json!(1.0), json!("x"), json!([1.0])]) {
                let expected = same(&from_node(&t, n), v);
                assert_eq!(
                    written_is(&t, n, v),
                    expected,
                    "{} vs {v}",
                    from_node(&t, n)
                );
                seen += usize::from(expected);
            }
        }
        // Each reads as itself; 1 and 1.0, ~ and null as each other; 1, 1.0, x and [1] as
        // the extra 1.0, "x" and [1.0].
        assert_eq!(seen, written.len() + 4 + 4);
    }

    #[test]
    fn pointers_escape_keys() {
        let p = [
            Step::Key("a/b".into()),
            Step::Index(0),
            Step::Key("c~".into()),
        ];
        assert_eq!(pointer(&p), "/a~1b/0/c~0");
    }
}
