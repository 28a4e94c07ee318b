//! Validating what a consumer expects of a response rather than a whole response: the
//! instance is a partial one (properties it leaves out may well be sent), and what it shows
//! may stand for more values than itself — an array of any length in a range, a string that
//! matches a regex. A [`Widening`] says where (Pact matching rules are one).

use serde_json::Value;

use super::formats;
use super::instance::{self, Step};
use super::validate::{Validator, Violation};
use crate::model::SchemaId;
use crate::model::schema::Schema;
use crate::vocabulary::NodeRef;

/// What an expected instance accepts beyond the example it shows, by place in the instance.
pub(crate) trait Widening {
    /// The lengths the array at `at` may have, when a range stands for the example's.
    fn item_count(&self, at: &[Step]) -> Option<Count>;
    /// The regexes every string the place at `at` takes matches, when they stand for the
    /// example.
    fn regexes(&self, at: &[Step]) -> Option<Vec<&str>>;
}

/// What an expectation accepts as an array's length: `min..=max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Count {
    pub min: u64,
    pub max: Option<u64>,
}

impl Validator<'_> {
    /// A string the consumer matches by regex (Pact `regex` matchers): it takes any string
    /// that matches every regex, the example being one. The expectation holds here when a
    /// string the schema allows — the example, an enum value, the const, the default, a
    /// sample of the format — matches; it cannot hold when the schema allows only listed
    /// strings (`enum`, `const`) and none of them can match. Otherwise weir cannot decide and
    /// validates the example as it is. Pact implementations differ on anchoring: holding
    /// takes a match of the whole string, "cannot" not even a partial one.
    pub(super) fn matched_string(
        &self,
        id: SchemaId,
        value: &Value,
        regexes: &[&str],
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        let plain = self.plain();
        let s = self.spec.schema(id);
        let whole = |t: &str| {
            regexes
                .iter()
                .all(|r| self.matches(&format!("^(?:{r})$"), t) == Some(true))
        };
        let partly = |t: &str| regexes.iter().all(|r| self.matches(r, t) != Some(false));
        let listed: Option<(Vec<String>, &'static str, NodeRef)> =
            match (&s.enumeration, s.constant) {
                (Some((values, at)), _) => Some((self.strings(values), "enum", *at)),
                (None, Some(c)) => Some((self.strings(&[c]), "const", c)),
                (None, None) => None,
            };
        let mut candidates = vec![value.clone()];
        if let Some((values, _, _)) = &listed {
            candidates.extend(values.iter().cloned().map(Value::String));
        }
        candidates.extend(s.default.map(|d| self.value_of(d)));
        candidates.extend(
            s.format
                .as_ref()
                .and_then(|(f, _)| formats::sample(f))
                .map(Value::from),
        );
        let holds = candidates
            .iter()
            .any(|c| c.as_str().is_some_and(whole) && plain.sub_valid(id, c, path, depth + 1));
        if holds {
            return;
        }
        if let Some((values, keyword, at)) = listed
            && !values.is_empty()
            && !values.iter().any(|t| partly(t))
        {
            let shown: Vec<String> = values
                .iter()
                .map(|v| instance::short(&Value::String(v.clone()), 40))
                .collect();
            out.push(Violation {
                path: path.clone(),
                keyword,
                message: format!(
                    "the interaction takes strings matching `{}` (its regex matcher), and the schema allows none: only {}",
                    regexes.join("` and `"),
                    shown.join(", ")
                ),
                at: Some(at),
            });
            return;
        }
        plain.check(id, value, path, out, depth);
    }

    /// The strings among values written in the spec.
    fn strings(&self, values: &[NodeRef]) -> Vec<String> {
        values
            .iter()
            .filter_map(|&n| match self.value_of(n) {
                Value::String(t) => Some(t),
                _ => None,
            })
            .collect()
    }
}

/// An array the consumer matches by type with `min`/`max` (a Pact matcher): it takes any
/// length in that range, so the example's does not matter — only that the schema allows one
/// of them.
pub(super) fn counted(out: &mut Vec<Violation>, path: &[Step], count: Count, s: &Schema) {
    let low = count.min.max(s.min_items.map_or(0, |l| l.value));
    let high = match (count.max, s.max_items.map(|l| l.value)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if high.is_none_or(|h| h >= low) {
        return;
    }
    let takes = match count.max {
        Some(max) if max == count.min => format!("exactly {max}"),
        Some(max) => format!("{} to {max}", count.min),
        None => format!("at least {}", count.min),
    };
    // The schema's bound the range misses: minItems above its top, or maxItems below its
    // bottom.
    let (keyword, limit, allows) = match (s.min_items, s.max_items) {
        (Some(l), _) if count.max.is_some_and(|m| l.value > m) => {
            ("minItems", l, format!("at least {}", l.value))
        }
        (_, Some(l)) => ("maxItems", l, format!("at most {}", l.value)),
        (Some(l), None) => ("minItems", l, format!("at least {}", l.value)),
        (None, None) => return,
    };
    out.push(Violation {
        path: path.to_vec(),
        keyword,
        message: format!(
            "the interaction takes {takes} items (its type matcher), the schema allows {allows}"
        ),
        at: Some(limit.at).or(s.at),
    });
}
