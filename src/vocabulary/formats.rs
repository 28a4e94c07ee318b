//! How two `format`s relate: whether every value of one is a value of the other. The relation
//! is data (`formats.toml`, embedded and parsed once), so teaching weir a format is an edit to
//! that file, never to the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::Deserialize;

/// What changing a value's format from one to another does to the values it admits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatRelation {
    /// The same format.
    Same,
    /// Every value of the new format was a value of the old one (`int64` → `int32`).
    Narrowed,
    /// Every value of the old format is a value of the new one (`int32` → `int64`).
    Widened,
    /// Neither contains the other (`date` ↔ `date-time`, `uuid` ↔ `uri`): a value of one need
    /// not be a value of the other.
    Unrelated,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatEntry {
    #[serde(default)]
    within: Vec<String>,
}

/// Each known format with every format it lies within, followed transitively.
type Containment = BTreeMap<String, BTreeSet<String>>;

fn parse(text: &str) -> Result<Containment, String> {
    let entries: BTreeMap<String, FormatEntry> = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut closure = Containment::new();
    for name in entries.keys() {
        let mut reached = BTreeSet::new();
        let mut todo: Vec<&str> = vec![name];
        while let Some(f) = todo.pop() {
            let entry = entries.get(f).ok_or_else(|| {
                format!("`{f}` is named in a `within` but has no table of its own")
            })?;
            for outer in &entry.within {
                if outer == name {
                    return Err(format!("`{name}` is within itself through `{f}`"));
                }
                if reached.insert(outer.clone()) {
                    todo.push(outer);
                }
            }
        }
        closure.insert(name.clone(), reached);
    }
    Ok(closure)
}

fn containment() -> &'static Containment {
    static DATA: OnceLock<Containment> = OnceLock::new();
    DATA.get_or_init(|| {
        parse(include_str!("formats.toml"))
            .unwrap_or_else(|e| panic!("src/vocabulary/formats.toml is invalid: {e}"))
    })
}

/// Whether weir knows `format` (`formats.toml` lists it). A format it does not know is an
/// annotation, which constrains no value (see `formats.toml`).
pub fn is_known(format: &str) -> bool {
    containment().contains_key(format)
}

/// How the format `after` relates to `before`, both known (see [`is_known`]).
pub fn format_relation(before: &str, after: &str) -> FormatRelation {
    if before == after {
        return FormatRelation::Same;
    }
    let within = |inner: &str, outer: &str| {
        containment()
            .get(inner)
            .is_some_and(|outers| outers.contains(outer))
    };
    if within(before, after) {
        FormatRelation::Widened
    } else if within(after, before) {
        FormatRelation::Narrowed
    } else {
        FormatRelation::Unrelated
    }
}

#[cfg(test)]
mod tests {
    use super::FormatRelation::*;
    use super::*;

    #[test]
    fn the_embedded_data_is_valid() {
        assert!(containment().len() > 20);
    }

    #[test]
    fn containment_is_followed_transitively_and_unrelated_formats_stay_unrelated() {
        assert_eq!(format_relation("int32", "int64"), Widened);
        assert_eq!(format_relation("int8", "int64"), Widened);
        assert_eq!(format_relation("int64", "int8"), Narrowed);
        assert_eq!(format_relation("float", "double"), Widened);
        assert_eq!(format_relation("uri", "iri-reference"), Widened);
        assert_eq!(format_relation("date", "date-time"), Unrelated);
        assert_eq!(format_relation("date-time", "date"), Unrelated);
        assert_eq!(format_relation("uuid", "uri"), Unrelated);
        assert_eq!(format_relation("uint8", "int8"), Unrelated);
        assert_eq!(format_relation("int64", "uint64"), Unrelated);
        assert_eq!(format_relation("binary", "byte"), Unrelated);
        assert_eq!(format_relation("url", "iri"), Widened);
        assert_eq!(format_relation("uuid", "uuid"), Same);
    }

    #[test]
    fn formats_json_schema_and_openapi_define_are_known_and_others_are_not() {
        for known in [
            "date-time",
            "uuid",
            "int32",
            "int8",
            "byte",
            "binary",
            "regex",
        ] {
            assert!(is_known(known), "{known}");
        }
        for unknown in ["unix-time", "password", "currency", "", "Date-Time"] {
            assert!(!is_known(unknown), "{unknown}");
        }
    }

    #[test]
    fn a_format_within_an_unlisted_one_or_itself_is_refused() {
        let e = parse("[a]\nwithin = [\"b\"]\n").unwrap_err();
        assert!(e.contains("`b`"), "{e}");
        let e = parse("[a]\nwithin = [\"b\"]\n[b]\nwithin = [\"a\"]\n").unwrap_err();
        assert!(e.contains("within itself"), "{e}");
        let e = parse("[a]\nwithn = [\"b\"]\n").unwrap_err();
        assert!(e.contains("withn"), "{e}");
    }
}
