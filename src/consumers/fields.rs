//! Field patterns — what a consumer reads from responses and sends in requests — and whether
//! a change at some schema touches them.
//!
//! A pattern is a JSON pointer (`/data/*/id`) or a dotted path (`data[].id`, `data.*.id`).
//! `*` is any one property or item, `[]` (or `[*]`) any item, a number an item or a key of
//! that name, and `**` anything below. A pattern names a place and everything under it:
//! reading `owner` is reading `owner.email` too.

use rustc_hash::FxHashSet;

use crate::json_schema::graph::{self, SchemaStep};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::NodeRef;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Name(String),
    /// `[]`, `[*]`: any item of an array.
    Item,
    /// A number: an item at that index, or a property of that name.
    Index(String),
    /// `*`: any one property or item.
    Any,
    /// `**`: anything below (matching stops here: everything under counts).
    Deep,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// As written.
    pub text: String,
    pub steps: Vec<Step>,
}

impl Pattern {
    pub fn parse(text: &str) -> Result<Pattern, String> {
        let t = text.trim();
        let steps = if let Some(pointer) = t.strip_prefix('/') {
            pointer
                .split('/')
                .map(|raw| step(&raw.replace("~1", "/").replace("~0", "~")))
                .collect()
        } else if t.is_empty() || t == "$" {
            Vec::new()
        } else {
            dotted(t.strip_prefix("$.").unwrap_or(t))?
        };
        Ok(Pattern {
            text: text.to_string(),
            steps,
        })
    }

    /// A pattern for a place in a payload (what a Pact body shows).
    pub fn of_place(steps: Vec<Step>) -> Pattern {
        let mut text = String::new();
        for s in &steps {
            match s {
                Step::Name(n) => {
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(n);
                }
                Step::Item => text.push_str("[]"),
                Step::Index(i) => {
                    text.push('.');
                    text.push_str(i);
                }
                Step::Any => text.push_str(".*"),
                Step::Deep => text.push_str(".**"),
            }
        }
        Pattern { text, steps }
    }
}

fn step(s: &str) -> Step {
    match s {
        "*" => Step::Any,
        "**" => Step::Deep,
        "[]" | "[*]" => Step::Item,
        _ if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => Step::Index(s.to_string()),
        _ => Step::Name(s.to_string()),
    }
}

/// `data[].owner.email`, `data[*].id`, `items[0]`.
fn dotted(t: &str) -> Result<Vec<Step>, String> {
    let mut out = Vec::new();
    for part in t.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() && rest.is_empty() {
            return Err(format!("`{t}` has an empty step"));
        }
        if !name.is_empty() {
            out.push(step(name));
        }
        while !rest.is_empty() {
            let Some(close) = rest.find(']') else {
                return Err(format!("`{t}`: `[` without `]`"));
            };
            let inner = &rest[1..close];
            out.push(match inner {
                "" | "*" => Step::Item,
                i if i.bytes().all(|b| b.is_ascii_digit()) => Step::Index(i.to_string()),
                _ => return Err(format!("`{t}`: `[{inner}]` is not an index, `[]` or `[*]`")),
            });
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("`{t}`: expected `.` or `[` after `]`"));
            }
        }
    }
    Ok(out)
}

/// Whether a pattern step can be a schema step.
fn matches(p: &Step, s: &SchemaStep) -> bool {
    match (p, s) {
        (Step::Any | Step::Deep, _) => true,
        (Step::Name(n), SchemaStep::Property(m)) => n == m,
        (Step::Name(_), SchemaStep::AdditionalProperty | SchemaStep::PatternProperty(_)) => true,
        (Step::Item, SchemaStep::Items | SchemaStep::PrefixItem(_)) => true,
        (
            Step::Index(_),
            SchemaStep::Items | SchemaStep::AdditionalProperty | SchemaStep::PatternProperty(_),
        ) => true,
        (Step::Index(i), SchemaStep::PrefixItem(k)) => *i == k.to_string(),
        (Step::Index(i), SchemaStep::Property(m)) => i == m,
        _ => false,
    }
}

/// Whether a pattern step names a property.
fn names(p: &Step, property: &str) -> bool {
    match p {
        Step::Any | Step::Deep => true,
        Step::Name(n) | Step::Index(n) => n == property,
        Step::Item => false,
    }
}

/// A pattern laid over one payload schema: the schemas (by node) at each of its steps, and
/// everything below its end.
pub struct Trace {
    /// `levels[k]`: the schemas describing the place after `k` steps (`levels[0]`: the root).
    levels: Vec<FxHashSet<NodeRef>>,
    /// The pattern's steps, up to a `**`.
    steps: Vec<Step>,
    /// Every schema at or below the end.
    below: FxHashSet<NodeRef>,
}

impl Trace {
    pub fn new(spec: &Spec, root: SchemaId, pattern: &Pattern) -> Trace {
        let steps: Vec<Step> = pattern
            .steps
            .iter()
            .take_while(|s| **s != Step::Deep)
            .cloned()
            .collect();
        let mut frontier = graph::same_place_closure(spec, vec![root]);
        let mut levels = vec![nodes(spec, &frontier)];
        for p in &steps {
            let next: Vec<SchemaId> = frontier
                .iter()
                .flat_map(|&id| graph::children(spec, id))
                .filter(|(seg, _)| matches(p, seg))
                .map(|(_, id)| id)
                .collect();
            frontier = graph::same_place_closure(spec, next);
            levels.push(nodes(spec, &frontier));
        }
        let below = nodes(spec, &graph::descendants(spec, frontier));
        Trace {
            levels,
            steps,
            below,
        }
    }

    /// The change at `schema` (about `property`, if given) touches what the pattern names:
    /// it is at or below the end, or on the way with the property the pattern goes through.
    pub fn touches(&self, schema: NodeRef, property: Option<&str>) -> bool {
        self.below.contains(&schema)
            || self.steps.iter().enumerate().any(|(k, p)| {
                self.levels[k].contains(&schema) && property.is_none_or(|n| names(p, n))
            })
    }

    /// The pattern passes through `schema` (or ends at or above it).
    pub fn reaches(&self, schema: NodeRef) -> bool {
        self.below.contains(&schema) || self.levels.iter().any(|l| l.contains(&schema))
    }

    /// The pattern goes on from `schema` into `property`: the consumer sends that property.
    pub fn goes_into(&self, schema: NodeRef, property: &str) -> bool {
        self.steps
            .iter()
            .enumerate()
            .any(|(k, p)| self.levels[k].contains(&schema) && names(p, property))
    }
}

fn nodes(spec: &Spec, ids: &[SchemaId]) -> FxHashSet<NodeRef> {
    ids.iter().filter_map(|&id| spec.schema(id).at).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(t: &str) -> Vec<Step> {
        Pattern::parse(t).unwrap().steps
    }

    #[test]
    fn pointers_and_dotted_paths_read_alike() {
        let want = vec![
            Step::Name("data".into()),
            Step::Item,
            Step::Name("id".into()),
        ];
        assert_eq!(steps("data[].id"), want);
        assert_eq!(steps("data[*].id"), want);
        assert_eq!(steps("$.data[*].id"), want);
        assert_eq!(
            steps("/data/*/id"),
            vec![
                Step::Name("data".into()),
                Step::Any,
                Step::Name("id".into())
            ]
        );
        assert_eq!(
            steps("a.0.b"),
            vec![
                Step::Name("a".into()),
                Step::Index("0".into()),
                Step::Name("b".into())
            ]
        );
        assert_eq!(steps("/a~1b"), vec![Step::Name("a/b".into())]);
        assert_eq!(steps(""), vec![]);
        assert_eq!(
            steps("owner.**"),
            vec![Step::Name("owner".into()), Step::Deep]
        );
        assert!(Pattern::parse("a..b").is_err());
        assert!(Pattern::parse("a[x]").is_err());
        assert!(Pattern::parse("a[").is_err());
    }

    #[test]
    fn places_print_as_dotted_paths() {
        let p = Pattern::of_place(vec![
            Step::Name("data".into()),
            Step::Item,
            Step::Name("id".into()),
        ]);
        assert_eq!(p.text, "data[].id");
        assert_eq!(Pattern::parse(&p.text).unwrap().steps, p.steps);
    }
}
