//! Pact matching rules (specification v2, v3 and v4): what the values a consumer accepts are,
//! beyond the example its Pact file shows — where that changes whether an interaction holds.
//!
//! Every rule of a request and a response is read, so a malformed one is an error at its
//! place. Two kinds change the verdict, both on the expected response body (what the
//! consumer accepts):
//!
//! - a `type` matcher with `min` or `max` on an array: the consumer takes any number of such
//!   items in that range, so the example's count does not matter — only that the schema
//!   allows some count in the range (the example's items are still checked);
//! - a `regex` matcher on a string: the consumer takes any string that matches, the example
//!   being one (see [`crate::json_schema::expectation`] for how that is judged).
//!
//! A rule whose matchers are combined with `OR`, or mix in any other matcher, is not used:
//! weir cannot tell what it accepts and validates the example as it is. Which fields a
//! consumer reads stays the body's keys whatever the rules say.

use super::read::{invalid, string};
use crate::error::Result;
use crate::json_schema::{Count, Step, Widening};
use crate::tree::{Resolved, Tree};
use crate::vocabulary::NodeId;

/// The matchers Pact specifications (v2 to v4) define; any other name is an error.
const KNOWN: &[&str] = &[
    "type",
    "regex",
    "integer",
    "decimal",
    "number",
    "boolean",
    "date",
    "time",
    "timestamp",
    "datetime",
    "include",
    "equality",
    "null",
    "values",
    "eachKey",
    "eachValue",
    "contentType",
    "content-type",
    "arrayContains",
    "notEmpty",
    "semver",
    "statusCode",
];

/// The body rules of one request or response.
#[derive(Clone, Debug, Default)]
pub struct Rules(Vec<MatchingRule>);

#[derive(Clone, Debug)]
struct MatchingRule {
    path: Vec<PathStep>,
    /// `combine: OR`: any one matcher suffices (with several, weir cannot tell which).
    any: bool,
    matchers: Vec<Matcher>,
}

/// A step of a Pact JSONPath (`$.pets[*].name`, `$['x-id']`, `$.pets[0]`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum PathStep {
    Name(String),
    Index(usize),
    /// `*`, `[*]`: any property or item.
    Any,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Matcher {
    Type {
        min: Option<u64>,
        max: Option<u64>,
    },
    Regex(String),
    /// Read, not used: the example stands for the value.
    Other,
}

impl Rules {
    /// The rule for a place: of those whose path names it, the most specific (the most
    /// literal steps), as Pact picks it; of equals, the first written.
    fn at(&self, at: &[Step]) -> Option<&MatchingRule> {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, r)| names(&r.path, at))
            .max_by_key(|(i, r)| {
                let literal = r.path.iter().filter(|s| **s != PathStep::Any).count();
                (literal, std::cmp::Reverse(*i))
            })
            .map(|(_, r)| r)
    }
}

impl Widening for Rules {
    /// The lengths the consumer accepts for the array at `at`, when its rule there is `type`
    /// matchers (combined with AND) with a `min` or a `max`.
    fn item_count(&self, at: &[Step]) -> Option<Count> {
        let rule = self.at(at)?;
        if rule.any && rule.matchers.len() > 1 {
            return None;
        }
        let mut count = Count { min: 0, max: None };
        let mut bounded = false;
        for m in &rule.matchers {
            let Matcher::Type { min, max } = m else {
                return None;
            };
            if let Some(min) = min {
                count.min = count.min.max(*min);
                bounded = true;
            }
            if let Some(max) = max {
                count.max = Some(count.max.map_or(*max, |m| m.min(*max)));
                bounded = true;
            }
        }
        bounded.then_some(count)
    }

    /// The regexes a string at `at` is matched by, when its rule there is `regex` matchers
    /// (with `type` ones, which ask only for a string) combined with AND.
    fn regexes(&self, at: &[Step]) -> Option<Vec<&str>> {
        let rule = self.at(at)?;
        if rule.any && rule.matchers.len() > 1 {
            return None;
        }
        let mut out = Vec::new();
        for m in &rule.matchers {
            match m {
                Matcher::Regex(r) => out.push(r.as_str()),
                Matcher::Type { .. } => {}
                Matcher::Other => return None,
            }
        }
        (!out.is_empty()).then_some(out)
    }
}

/// Whether a rule's path names a place in the body exactly.
fn names(path: &[PathStep], at: &[Step]) -> bool {
    path.len() == at.len()
        && path.iter().zip(at).all(|(p, s)| match (p, s) {
            (PathStep::Any, _) => true,
            (PathStep::Name(n), Step::Key(k)) => n == k,
            (PathStep::Name(n), Step::Index(i)) => *n == i.to_string(),
            (PathStep::Index(i), Step::Index(j)) => i == j,
            (PathStep::Index(_), Step::Key(_)) => false,
        })
}

/// The body rules of a request or response (`part`), every other rule checked and set
/// aside. v2 writes `matchingRules` as JSONPaths from the interaction (`$.body.pets`,
/// `$.headers.Accept`) with one matcher each; v3 and v4 by category (`body`, `header`,
/// `query`, `path`) with `{matchers: [...], combine}`.
pub(crate) fn read(tree: &Tree, part: NodeId) -> Result<Rules> {
    let Some(all) = tree.get(part, "matchingRules") else {
        return Ok(Rules::default());
    };
    if tree.entries(all).is_none() {
        return Err(invalid(tree, all, "`matchingRules` must be a map"));
    }
    let mut body = Vec::new();
    for (key, node) in tree.map_iter(all) {
        let key_node = tree.key_of(node).unwrap_or(node);
        if key.starts_with('$') {
            let path = parse_path(key).map_err(|e| invalid(tree, key_node, e))?;
            let rule = rule(tree, node, path)?;
            match rule.path.first() {
                Some(PathStep::Name(n)) if n == "body" => body.push(MatchingRule {
                    path: rule.path[1..].to_vec(),
                    ..rule
                }),
                Some(PathStep::Name(n))
                    if ["headers", "header", "query", "path"].contains(&n.as_str()) => {}
                _ => {
                    return Err(invalid(
                        tree,
                        key_node,
                        format!(
                            "the matching rule `{key}` is about none of the body, headers, query or path (`$.body…`, `$.headers…`, `$.query…`, `$.path`)"
                        ),
                    ));
                }
            }
            continue;
        }
        match key {
            "body" => {
                let Some(entries) = tree.entries(node) else {
                    return Err(invalid(
                        tree,
                        node,
                        "`matchingRules.body` must be a map of JSONPaths",
                    ));
                };
                for &(k, v) in entries {
                    let text = string(tree, k, "a matching rule's path")?;
                    let path = parse_path(&text).map_err(|e| invalid(tree, k, e))?;
                    body.push(rule(tree, v, path)?);
                }
            }
            "header" | "headers" | "query" => {
                let Some(entries) = tree.entries(node) else {
                    return Err(invalid(
                        tree,
                        node,
                        format!("`matchingRules.{key}` must be a map of names"),
                    ));
                };
                for &(_, v) in entries {
                    rule(tree, v, Vec::new())?;
                }
            }
            "path" => {
                rule(tree, node, Vec::new())?;
            }
            // `status`, `metadata`, …: nothing weir checks.
            _ => {}
        }
    }
    Ok(Rules(body))
}

/// One rule: `{matchers: [...], combine: AND|OR}` (v3, v4) or a single matcher (v2).
fn rule(tree: &Tree, node: NodeId, path: Vec<PathStep>) -> Result<MatchingRule> {
    if tree.entries(node).is_none() {
        return Err(invalid(
            tree,
            node,
            "a matching rule must be a map: `{\"matchers\": [...]}` or, in Pact v2, one matcher",
        ));
    }
    let Some(list) = tree.get(node, "matchers") else {
        return Ok(MatchingRule {
            path,
            any: false,
            matchers: vec![matcher(tree, node)?],
        });
    };
    let Some(items) = tree.items(list) else {
        return Err(invalid(tree, list, "`matchers` must be a list"));
    };
    let any = match tree.get(node, "combine") {
        None => false,
        Some(c) => match string(tree, c, "`combine`")?.to_ascii_uppercase().as_str() {
            "AND" => false,
            "OR" => true,
            other => {
                return Err(invalid(
                    tree,
                    c,
                    format!("`combine` is AND or OR, not `{other}`"),
                ));
            }
        },
    };
    let matchers = items
        .iter()
        .map(|&m| matcher(tree, m))
        .collect::<Result<Vec<_>>>()?;
    Ok(MatchingRule {
        path,
        any,
        matchers,
    })
}

fn matcher(tree: &Tree, node: NodeId) -> Result<Matcher> {
    if tree.entries(node).is_none() {
        return Err(invalid(
            tree,
            node,
            "a matcher must be a map (`{\"match\": \"type\"}`)",
        ));
    }
    let count = |key: &str| -> Result<Option<u64>> {
        let Some(n) = tree.get(node, key) else {
            return Ok(None);
        };
        match tree.resolve(n) {
            Some(Resolved::Number(t)) if t.parse::<u64>().is_ok() => Ok(t.parse().ok()),
            _ => Err(invalid(
                tree,
                n,
                format!("a matcher's `{key}` must be a whole number, 0 or more"),
            )),
        }
    };
    let (min, max) = (count("min")?, count("max")?);
    let regex = tree.get(node, "regex");
    let name = match tree.get(node, "match") {
        Some(m) => {
            let name = string(tree, m, "a matcher's `match`")?;
            if !KNOWN.contains(&name.as_str()) {
                return Err(invalid(
                    tree,
                    m,
                    format!(
                        "unknown matcher `{name}` (Pact defines {})",
                        KNOWN.join(", ")
                    ),
                ));
            }
            name
        }
        // Pact v2 leaves `match` out when the other keys say it.
        None if regex.is_some() => "regex".into(),
        None if min.is_some() || max.is_some() => "type".into(),
        None => {
            return Err(invalid(
                tree,
                node,
                "a matcher needs `match` (`type`, `regex`, `integer`, …)",
            ));
        }
    };
    Ok(match name.as_str() {
        "type" => Matcher::Type { min, max },
        "regex" => {
            let Some(r) = regex else {
                return Err(invalid(tree, node, "a `regex` matcher needs `regex`"));
            };
            Matcher::Regex(string(tree, r, "a matcher's `regex`")?)
        }
        _ => Matcher::Other,
    })
}

/// A Pact JSONPath: `$`, then `.name`, `.*`, `[*]`, `[0]`, `['name']`.
fn parse_path(text: &str) -> std::result::Result<Vec<PathStep>, String> {
    let bad = |why: &str| format!("`{text}` is not a matching rule path: {why}");
    let Some(mut rest) = text.trim().strip_prefix('$') else {
        return Err(bad("it must start with `$`"));
    };
    let mut out = Vec::new();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let name = &r[..end];
            out.push(match name {
                "" => return Err(bad("a `.` names nothing")),
                "*" => PathStep::Any,
                n => PathStep::Name(n.to_string()),
            });
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let close = if r.starts_with(['\'', '"']) {
                let quote = &r[..1];
                let end = r[1..].find(quote).ok_or_else(|| bad("an unclosed quote"))? + 1;
                if !r[end + 1..].starts_with(']') {
                    return Err(bad("expected `]` after a quoted name"));
                }
                out.push(PathStep::Name(r[1..end].to_string()));
                end + 1
            } else {
                let end = r.find(']').ok_or_else(|| bad("`[` without `]`"))?;
                out.push(match &r[..end] {
                    "*" => PathStep::Any,
                    i => PathStep::Index(i.parse().map_err(|_| {
                        bad(&format!("`[{i}]` is not an index, `[*]` or a quoted name"))
                    })?),
                });
                end
            };
            rest = &r[close + 1..];
        } else {
            return Err(bad("expected `.` or `[`"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(json: &str) -> Tree {
        crate::load::parse::parse("pact.json".into(), json.into()).unwrap()
    }

    fn rules(json: &str) -> Result<Rules> {
        let t = tree(json);
        read(&t, t.root())
    }

    fn at(path: &[&str]) -> Vec<Step> {
        path.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key(s.to_string()),
            })
            .collect()
    }

    #[test]
    fn paths_parse() {
        assert_eq!(parse_path("$").unwrap(), vec![]);
        assert_eq!(
            parse_path("$.pets[*].name").unwrap(),
            vec![
                PathStep::Name("pets".into()),
                PathStep::Any,
                PathStep::Name("name".into())
            ]
        );
        assert_eq!(
            parse_path("$['x-id'].a[0].*").unwrap(),
            vec![
                PathStep::Name("x-id".into()),
                PathStep::Name("a".into()),
                PathStep::Index(0),
                PathStep::Any
            ]
        );
        assert!(parse_path("pets").is_err());
        assert!(parse_path("$.").is_err());
        assert!(parse_path("$.a[x]").is_err());
        assert!(parse_path("$['a").is_err());
    }

    #[test]
    fn v3_and_v4_rules_by_category() {
        let r = rules(
            r#"{"matchingRules": {
                "body": {
                    "$.pets": {"matchers": [{"match": "type", "min": 1, "max": 9}]},
                    "$.pets[*].name": {"matchers": [{"match": "type"}, {"match": "regex", "regex": "^[A-Z]"}], "combine": "AND"},
                    "$.pets[0].name": {"matchers": [{"match": "include", "value": "R"}]},
                    "$.tags": {"matchers": [{"match": "type", "min": 1}, {"match": "type", "max": 3}], "combine": "OR"}
                },
                "header": {"X-Id": {"matchers": [{"match": "regex", "regex": "\\d+"}]}},
                "path": {"matchers": [{"match": "regex", "regex": "/pets/\\d+"}]},
                "status": {"whatever": true}
            }}"#,
        )
        .unwrap();
        assert_eq!(
            r.item_count(&at(&["pets"])),
            Some(Count {
                min: 1,
                max: Some(9)
            })
        );
        assert_eq!(r.regexes(&at(&["pets", "1", "name"])), Some(vec!["^[A-Z]"]));
        // The more literal rule wins, and it is one weir does not use.
        assert_eq!(r.regexes(&at(&["pets", "0", "name"])), None);
        // OR over several matchers: not used.
        assert_eq!(r.item_count(&at(&["tags"])), None);
        assert_eq!(r.item_count(&at(&["pets", "0"])), None);
    }

    #[test]
    fn v2_rules_by_path() {
        let r = rules(
            r#"{"matchingRules": {
                "$.body.pets": {"min": 2},
                "$.body.pets[*].name": {"regex": "^[a-z]+$"},
                "$.body": {"match": "type"},
                "$.headers.Accept": {"match": "regex", "regex": "json"},
                "$.query.limit": {"match": "integer"}
            }}"#,
        )
        .unwrap();
        assert_eq!(
            r.item_count(&at(&["pets"])),
            Some(Count { min: 2, max: None })
        );
        assert_eq!(
            r.regexes(&at(&["pets", "0", "name"])),
            Some(vec!["^[a-z]+$"])
        );
        // A type matcher without bounds says nothing about lengths.
        assert_eq!(r.item_count(&[]), None);
    }

    #[test]
    fn malformed_rules_are_errors_at_their_place() {
        let message = |json: &str| match rules(json) {
            Err(crate::error::Error::Invalid(l)) => l.message.clone(),
            other => panic!("{other:?}"),
        };
        for (json, expected) in [
            (r#"{"matchingRules": []}"#, "`matchingRules` must be a map"),
            (
                r#"{"matchingRules": {"body": {"$.a": {"matchers": [{"match": "fuzzy"}]}}}}"#,
                "unknown matcher `fuzzy`",
            ),
            (
                r#"{"matchingRules": {"body": {"$.a": {"matchers": [{"match": "regex"}]}}}}"#,
                "a `regex` matcher needs `regex`",
            ),
            (
                r#"{"matchingRules": {"body": {"$.a": {"matchers": [{"match": "type", "min": -1}]}}}}"#,
                "`min` must be a whole number",
            ),
            (
                r#"{"matchingRules": {"body": {"$.a": {"matchers": [{"match": "type"}], "combine": "XOR"}}}}"#,
                "`combine` is AND or OR",
            ),
            (
                r#"{"matchingRules": {"body": {"a": {"matchers": []}}}}"#,
                "must start with `$`",
            ),
            (
                r#"{"matchingRules": {"body": {"$.a": {"matchers": {"match": "type"}}}}}"#,
                "`matchers` must be a list",
            ),
            (
                r#"{"matchingRules": {"$.bdy.a": {"match": "type"}}}"#,
                "is about none of the body",
            ),
            (
                r#"{"matchingRules": {"$.body.a": {"value": 1}}}"#,
                "a matcher needs `match`",
            ),
            (
                r#"{"matchingRules": {"query": {"limit": {"matchers": [7]}}}}"#,
                "a matcher must be a map",
            ),
        ] {
            let m = message(json);
            assert!(m.contains(expected), "{json}: {m}");
        }
    }
}
