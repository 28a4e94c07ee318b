//! The rule catalogue: one `rules/<id>.toml` per rule, embedded at build time. A rule says
//! which changes it matches (kind, context, direction, facts) and what they mean (level,
//! bump, message, documentation). Matching is this one piece of code; rules never walk specs.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::vocabulary::change::EVERY_KIND;
use crate::vocabulary::{Bump, Change, Context, Direction, Kind, Level};

mod message;

pub use message::placeholder;
use message::{MessagePiece, fill, fill_pieces, message_pieces, placeholders};

include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    id: String,
    summary: String,
    level: Level,
    bump: Bump,
    category: String,
    changelog: Changelog,
    /// The deprecation policy decides this rule's level when the removed item was deprecated.
    #[serde(default, rename = "deprecation-policy")]
    deprecation_policy: bool,
    message: String,
    #[serde(default, rename = "message-siblings")]
    message_siblings: Option<String>,
    #[serde(rename = "match")]
    matcher: toml::Table,
    docs: Docs,
}

/// A rule's user documentation, printed by `weir explain`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// What the change is.
    pub description: String,
    /// Why it matters to clients (or why it does not).
    pub why: String,
    /// A spec fragment before and after.
    pub before: String,
    pub after: String,
}

/// The release-notes section a rule's findings go to (`weir changelog`), unless breaking:
/// breaking findings have a section of their own, whatever the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Changelog {
    Added,
    Changed,
    Deprecated,
    Removed,
    Documentation,
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub summary: String,
    pub level: Level,
    pub bump: Bump,
    pub category: String,
    pub changelog: Changelog,
    /// Whether the deprecation policy (`deprecation-days`, `x-sunset`) decides the level of
    /// this rule's findings when the removed item was deprecated. Only removals have it.
    pub deprecation_policy: bool,
    pub message: String,
    /// `message` cut at its placeholders, once.
    message_pieces: Vec<MessagePiece>,
    /// The message of one finding folded from this rule's findings about several sibling
    /// properties of one object (`assess/siblings.rs`), `{names}` listing them: a rule
    /// without it never folds.
    pub message_siblings: Option<String>,
    /// The change kinds the rule matches (usually one).
    pub kinds: Vec<Kind>,
    pub contexts: Vec<Context>,
    pub directions: Vec<Direction>,
    /// Fact name → accepted values.
    pub facts: Vec<(String, Vec<String>)>,
    pub docs: Docs,
}

impl Rule {
    fn matches(&self, c: &Change) -> bool {
        self.kinds.contains(&c.kind)
            && (self.contexts.is_empty() || self.contexts.contains(&c.context))
            && (self.directions.is_empty() || self.directions.contains(&c.direction))
            && self
                .facts
                .iter()
                .all(|(k, vals)| vals.iter().any(|v| c.fact(k) == Some(v.as_str())))
    }

    /// More conditions = more specific; the most specific matching rule wins.
    pub fn specificity(&self) -> usize {
        usize::from(!self.contexts.is_empty())
            + usize::from(!self.directions.is_empty())
            + self.facts.len()
    }

    /// Fill `{name}`, `{before}`, `{after}`, `{path}`, `{operation}` and `{<fact>}`.
    pub fn render(&self, c: &Change) -> String {
        fill_pieces(&self.message_pieces, |key| placeholder(c, key))
    }

    /// The message of one finding about the sibling properties `names` of one object, `c`
    /// being the change of the first: `message-siblings` with `{names}` written "`a`, `b` and
    /// `c`". `None` when the rule has no such message.
    pub fn render_siblings(&self, c: &Change, names: &[String]) -> Option<String> {
        // Written in one string, where a string per name, joined, then formatted again
        // allocated three times per name.
        let mut listed = String::new();
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                listed.push_str(if i + 1 == names.len() { " and " } else { ", " });
            }
            listed.push('`');
            listed.push_str(name);
            listed.push('`');
        }
        let template = self.message_siblings.as_deref()?;
        Some(fill(template, |key| match key {
            "names" => Some(Cow::Borrowed(listed.as_str())),
            _ => placeholder(c, key),
        }))
    }
}

/// The kinds of change that are about one property of an object: the only ones whose
/// findings may fold into one per object (`message-siblings`).
pub const SIBLING_KINDS: &[Kind] = &[
    Kind::SchemaPropertyAdded,
    Kind::SchemaPropertyRemoved,
    Kind::SchemaRequired,
];

#[derive(Debug, thiserror::Error)]
#[error("rule file `{file}.toml`: {message}")]
pub struct RuleError {
    pub file: String,
    pub message: String,
}

pub struct Catalogue {
    pub rules: Vec<Rule>,
    /// Each rule's index by its id: findings name their rule by id, and the stages and
    /// reports look it up per finding (a binary search compared ids as strings, ~470
    /// instructions a lookup).
    by_id: FxHashMap<String, usize>,
    /// The rules each kind of change may match, most specific first.
    by_kind: FxHashMap<Kind, Vec<usize>>,
}

/// The embedded catalogue, parsed once.
pub fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| {
        Catalogue::read(RULE_FILES, |t| serde_json::from_str(t))
            .unwrap_or_else(|e| panic!("embedded rules are invalid: {e}"))
    })
}

fn strings(v: &toml::Value) -> Option<Vec<String>> {
    match v {
        toml::Value::String(s) => Some(vec![s.clone()]),
        toml::Value::Boolean(b) => Some(vec![b.to_string()]),
        toml::Value::Integer(i) => Some(vec![i.to_string()]),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| strings(i).and_then(|mut v| v.pop()))
            .collect(),
        _ => None,
    }
}

impl Catalogue {
    /// The catalogue of rule files written in TOML: (file stem, contents).
    pub fn parse(files: &[(&str, &str)]) -> Result<Catalogue, RuleError> {
        Catalogue::read(files, |t| toml::from_str(t))
    }

    /// The catalogue of rule files (file stem, contents) that `parse_file` reads: TOML as
    /// written, or the JSON the build turns the embedded files into (`build.rs`).
    fn read<E: std::fmt::Display>(
        files: &[(&str, &str)],
        parse_file: impl Fn(&str) -> Result<RuleFile, E>,
    ) -> Result<Catalogue, RuleError> {
        let mut rules = Vec::new();
        for (stem, text) in files {
            let err = |message: String| RuleError {
                file: stem.to_string(),
                message,
            };
            let f: RuleFile = parse_file(text).map_err(|e| err(e.to_string()))?;
            if f.id != *stem {
                return Err(err(format!("id `{}` differs from the file name", f.id)));
            }
            let mut kinds = Vec::new();
            let mut contexts = Vec::new();
            let mut directions = Vec::new();
            let mut facts = Vec::new();
            for (key, value) in &f.matcher {
                let vals = strings(value).ok_or_else(|| {
                    err(format!("match.{key}: expected a string, boolean or list"))
                })?;
                match key.as_str() {
                    "kind" => {
                        for k in vals {
                            kinds.push(
                                Kind::parse(&k)
                                    .ok_or_else(|| err(format!("unknown change kind `{k}`")))?,
                            );
                        }
                    }
                    "context" => {
                        for v in vals {
                            contexts.push(
                                Context::parse(&v)
                                    .ok_or_else(|| err(format!("unknown context `{v}`")))?,
                            );
                        }
                    }
                    "direction" => {
                        for v in vals {
                            directions.push(match v.as_str() {
                                "request" => Direction::Request,
                                "response" => Direction::Response,
                                "none" => Direction::None,
                                _ => return Err(err(format!("unknown direction `{v}`"))),
                            });
                        }
                    }
                    _ => facts.push((key.clone(), vals)),
                }
            }
            if kinds.is_empty() {
                return Err(err("match.kind is missing".into()));
            }
            if f.deprecation_policy && f.changelog != Changelog::Removed {
                return Err(err(
                    "deprecation-policy applies to removals only: set changelog = \"removed\""
                        .into(),
                ));
            }
            if let Some(m) = &f.message_siblings {
                if !m.contains("{names}") || m.contains("{name}") {
                    return Err(err(
                        "message-siblings names the properties by {names}, not {name}".into(),
                    ));
                }
                if let Some(k) = kinds.iter().find(|k| !SIBLING_KINDS.contains(k)) {
                    return Err(err(format!(
                        "message-siblings: a `{k}` change is not about a property of an object, so its findings do not fold"
                    )));
                }
            }
            let matched = facts
                .iter()
                .map(|(k, _)| (format!("match.{k}"), k.as_str()));
            let pieces = message_pieces(&f.message);
            let sibling_pieces = message_pieces(f.message_siblings.as_deref().unwrap_or(""));
            let shown = placeholders(&pieces).map(|p| (format!("message: {{{p}}}"), p));
            let shown_siblings = placeholders(&sibling_pieces)
                .filter(|p| *p != "names")
                .map(|p| (format!("message-siblings: {{{p}}}"), p));
            for (place, fact) in matched.chain(shown).chain(shown_siblings) {
                if let Some(k) = kinds.iter().find(|k| !k.carries(fact)) {
                    let carried = k.facts().iter().chain(EVERY_KIND).copied();
                    return Err(err(format!(
                        "{place}: a `{k}` change carries no fact `{fact}` (it carries {})",
                        carried.collect::<Vec<_>>().join(", ")
                    )));
                }
            }
            rules.push(Rule {
                id: f.id,
                summary: f.summary,
                level: f.level,
                bump: f.bump,
                category: f.category,
                changelog: f.changelog,
                deprecation_policy: f.deprecation_policy,
                message_pieces: pieces,
                message: f.message,
                message_siblings: f.message_siblings,
                kinds,
                contexts,
                directions,
                facts,
                docs: f.docs,
            });
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let by_id = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let mut by_kind: FxHashMap<Kind, Vec<usize>> = FxHashMap::default();
        for (i, r) in rules.iter().enumerate() {
            for &k in &r.kinds {
                by_kind.entry(k).or_default().push(i);
            }
        }
        for list in by_kind.values_mut() {
            // Most specific first; ties in id order.
            list.sort_by(|&a, &b| {
                rules[b]
                    .specificity()
                    .cmp(&rules[a].specificity())
                    .then(a.cmp(&b))
            });
        }
        Ok(Catalogue {
            rules,
            by_id,
            by_kind,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }

    /// The most specific rule that matches, if any.
    pub fn classify(&self, c: &Change) -> Option<&Rule> {
        self.by_kind
            .get(&c.kind)?
            .iter()
            .map(|&i| &self.rules[i])
            .find(|r| r.matches(c))
    }
}

/// Rule id reported for a change no rule matches. A test keeps this from happening on every
/// fixture; at run time it is a warning, so a gap in the catalogue is never silent.
pub const UNCLASSIFIED: &str = "unclassified-change";

/// What the catalogue says of one change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classification {
    /// The matching rule's id, or [`UNCLASSIFIED`].
    pub rule: String,
    pub level: Level,
    pub bump: Bump,
    pub message: String,
}

/// The verdict of the most specific matching rule; a change no rule matches is a warning
/// under [`UNCLASSIFIED`].
pub fn classify(change: &Change) -> Classification {
    match catalogue().classify(change) {
        Some(r) => Classification {
            rule: r.id.clone(),
            level: r.level,
            bump: r.bump,
            message: r.render(change),
        },
        None => Classification {
            rule: UNCLASSIFIED.to_string(),
            level: Level::Warning,
            bump: Bump::Minor,
            message: format!(
                "{} changed ({}, {}) at {}",
                change.kind,
                change.context.as_str(),
                change.direction.as_str(),
                change.path
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(matcher: &str, message: &str) -> String {
        format!(
            "id = \"r\"\nsummary = \"s\"\nlevel = \"breaking\"\nbump = \"major\"\n\
             category = \"c\"\nchangelog = \"changed\"\nmessage = \"{message}\"\n[match]\n{matcher}\n\
             [docs]\ndescription = \"d\"\nwhy = \"w\"\nbefore = \"b\"\nafter = \"a\"\n"
        )
    }

    /// A response's property `a` of `account` removed, `before` its old value.
    fn property_a_removed(before: Option<&str>) -> crate::vocabulary::Change {
        crate::vocabulary::Change {
            kind: Kind::SchemaPropertyRemoved,
            context: Context::Response,
            direction: Direction::Response,
            facts: Vec::new(),
            name: Some("a".into()),
            before: before.map(Into::into),
            after: None,
            path: "account".into(),
            base: None,
            revision: None,
            object: None,
            operations: Vec::new(),
        }
    }

    fn load(matcher: &str, message: &str) -> Result<Catalogue, RuleError> {
        let text = rule(matcher, message);
        Catalogue::parse(&[("r", text.as_str())])
    }

    #[test]
    fn a_rule_names_only_facts_its_kind_carries() {
        let ok = load(
            "kind = \"schema.max-length\"\nrelation = \"narrowed\"\npresence = \"changed\"",
            "{name} from {before} to {after} ({stability})",
        );
        assert_eq!(ok.unwrap().rules[0].facts.len(), 2);

        let misspelled = load("kind = \"schema.max-length\"\nrelaton = \"narrowed\"", "m");
        let e = misspelled.err().expect("an unknown fact fails").message;
        assert!(e.contains("match.relaton"), "{e}");
        assert!(
            e.contains("`schema.max-length` change carries no fact"),
            "{e}"
        );
        assert!(e.contains("relation, presence, stability"), "{e}");

        // A fact of another kind: `location` is a parameter's.
        let elsewhere = load("kind = \"schema.type\"\nlocation = \"query\"", "m");
        assert!(elsewhere.is_err());
        // Every kind of a rule must carry it.
        let one_of_two = load(
            "kind = [\"parameter.added\", \"schema.type\"]\nlocation = \"query\"",
            "m",
        );
        assert!(one_of_two.err().unwrap().message.contains("schema.type"));

        let in_message = load("kind = \"schema.type\"", "now {required}");
        let e = in_message
            .err()
            .expect("a placeholder naming no fact fails")
            .message;
        assert!(e.contains("message: {required}"), "{e}");
        // Checked as the message is filled: `{oops{name}` is one key, `oops{name`, which no
        // change has, not `{name}` after a stray brace.
        let stray = load("kind = \"schema.type\"", "{oops{name}");
        let e = stray.err().expect("a key naming no fact fails").message;
        assert!(e.contains("message: {oops{name}"), "{e}");
    }

    #[test]
    fn only_rules_about_a_property_of_an_object_fold_and_they_name_every_property() {
        // `message` ends where `message-siblings` starts.
        let with = |siblings: &str| {
            format!("{{path}}: `{{name}}` gone\"\nmessage-siblings = \"{siblings}")
        };
        let kind = "kind = \"schema.property-removed\"";
        let cat = load(kind, &with("{path}: properties {names} gone")).unwrap();
        let r = &cat.rules[0];
        let mut change = property_a_removed(None);
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            r.render_siblings(&change, &names(&["a", "b", "c"]))
                .as_deref(),
            Some("account: properties `a`, `b` and `c` gone")
        );
        assert_eq!(
            r.render_siblings(&change, &names(&["a", "b"])).as_deref(),
            Some("account: properties `a` and `b` gone")
        );
        change.name = None;
        assert_eq!(r.render(&change), "account: `{name}` gone");

        let e = load(kind, &with("{path}: property {name} gone"))
            .err()
            .unwrap();
        assert!(e.message.contains("{names}"), "{e}");
        let e = load(
            "kind = \"schema.enum-value-removed\"",
            &with("values {names} gone"),
        )
        .err()
        .unwrap();
        assert!(e.message.contains("not about a property"), "{e}");
        assert!(
            load("kind = \"schema.max-length\"", "m").unwrap().rules[0]
                .message_siblings
                .is_none()
        );
    }

    /// [`Rule::render`] fills the message's pieces cut once as [`fill`] fills the template.
    #[test]
    fn a_message_is_filled_from_its_pieces_as_from_its_template() {
        let change = property_a_removed(Some("1"));
        let as_template = |r: &Rule| fill(&r.message, |key| placeholder(&change, key));
        for r in &catalogue().rules {
            assert_eq!(r.render(&change), as_template(r), "{}", r.id);
        }
        let kind = "kind = \"schema.property-removed\"";
        for (message, filled) in [
            ("{path}: `{name}` {before", "account: `a` {before"),
            ("{path}{name}{after}", "accounta(none)"),
            ("gone {", "gone {"),
            ("", ""),
        ] {
            let cat = load(kind, message).unwrap();
            assert_eq!(cat.rules[0].render(&change), filled);
            assert_eq!(as_template(&cat.rules[0]), filled);
        }
    }

    #[test]
    fn a_rule_names_a_known_kind() {
        let e = load("kind = \"schema.max-lenght\"", "m").err().unwrap();
        assert_eq!(e.message, "unknown change kind `schema.max-lenght`");
    }

    /// The embedded catalogue is the rule files turned into JSON by the build: read as
    /// written, in TOML, they give the same rules, field for field.
    #[test]
    fn the_embedded_catalogue_is_the_rule_files_as_written() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| {
                let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                (stem, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        files.sort();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(s, t)| (s.as_str(), t.as_str()))
            .collect();
        let as_written = Catalogue::parse(&files).unwrap();
        assert_eq!(as_written.rules.len(), catalogue().rules.len());
        for (written, embedded) in as_written.rules.iter().zip(&catalogue().rules) {
            assert_eq!(format!("{written:?}"), format!("{embedded:?}"));
        }
    }
}
