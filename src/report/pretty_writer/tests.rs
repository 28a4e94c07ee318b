//! [`PrettyWriter`] against `serde_json::to_string_pretty`: the same bytes for every shape,
//! escape and number, and the same errors.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use super::PrettyWriter;

fn ours(value: &impl Serialize) -> serde_json::Result<String> {
    let mut out = Vec::new();
    value.serialize(&mut PrettyWriter::at(&mut out, 0))?;
    Ok(String::from_utf8(out).expect("UTF-8"))
}

/// The same bytes as serde_json's, or the same error.
fn same(value: &impl Serialize) {
    let theirs = serde_json::to_string_pretty(value).map_err(|e| e.to_string());
    assert_eq!(ours(value).map_err(|e| e.to_string()), theirs);
}

#[derive(Serialize)]
struct UnitStruct;

#[derive(Serialize)]
struct Newtype(&'static str);

#[derive(Serialize)]
struct TupleStruct(u8, &'static str);

#[derive(Serialize)]
enum Variants {
    Unit,
    Newtype(Vec<u8>),
    Tuple(i32, &'static str),
    EmptyTuple(),
    Struct { a: Option<f64>, b: Vec<()> },
    EmptyStruct {},
}

/// `serialize_bytes`, which serde_json writes as an array of numbers.
struct Bytes(&'static [u8]);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// A map with the given key and `true` as its value.
struct KeyedBy<K>(K);

impl<K: Serialize> Serialize for KeyedBy<K> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry(&self.0, &true)?;
        map.end()
    }
}

#[derive(Serialize)]
struct Sample<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<u8>,
    empty_list: Vec<u8>,
    empty_map: BTreeMap<String, u8>,
    file: &'a RawValue,
    files: Vec<&'a RawValue>,
    #[serde(rename = "in \"quotes\"\n")]
    renamed: Option<Option<u8>>,
    nested: Vec<Vec<Value>>,
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let controls: String = (0u8..0x20).map(char::from).collect();
    for s in [
        "",
        "plain",
        "\"\\\u{7f}/",
        "é日😀\u{2028}\u{2029}",
        &controls,
        "a long run of clean text before an escape at byte thirty\n and after",
        "01234567\"89abcdef\\",
    ] {
        same(&s);
        same(&KeyedBy(s));
    }
}

#[test]
fn numbers_are_serde_jsons_digits() {
    for f in [
        0.0,
        -0.0,
        0.1,
        1e300,
        -1e-300,
        5e-324,
        f64::MAX,
        f64::MIN_POSITIVE,
        1e15,
        1e16,
        123_456.789,
        f64::NAN,
        f64::INFINITY,
    ] {
        same(&f);
        same(&json!(f));
        same(&KeyedBy(f));
    }
    for f in [0.1f32, 1e38, -0.0, f32::NAN, 16_777_217.0] {
        same(&f);
        same(&KeyedBy(f));
    }
    same(&(
        u64::MAX,
        i64::MIN,
        u128::MAX,
        i128::MIN,
        0u8,
        -1i8,
        u16::MAX,
        i32::MIN,
    ));
    same(&json!([u64::MAX, i64::MIN, 0, -0, 1.5]));
    same(&KeyedBy(u64::MAX));
    same(&KeyedBy(i64::MIN));
    same(&KeyedBy(true));
    same(&KeyedBy('"'));
}

#[test]
fn every_shape_is_laid_out_as_serde_json_lays_it_out() {
    same(&());
    same(&UnitStruct);
    same(&Newtype("n"));
    same(&TupleStruct(1, "two"));
    same(&Bytes(b""));
    same(&Bytes(b"\0\xff"));
    same(&(None::<u8>, Some(Some(1)), Some(None::<u8>)));
    for v in [
        Variants::Unit,
        Variants::Newtype(vec![]),
        Variants::Newtype(vec![1, 2]),
        Variants::Tuple(-1, "x"),
        Variants::EmptyTuple(),
        Variants::Struct {
            a: Some(0.5),
            b: vec![(), ()],
        },
        Variants::Struct { a: None, b: vec![] },
        Variants::EmptyStruct {},
    ] {
        same(&v);
        same(&vec![v]);
    }
    same(&KeyedBy(Variants::Unit));
    same(&KeyedBy(Newtype("key")));
    same(&json!({"a": [], "b": {}, "c": [[[]], [{}], {"d": {"e": null}}]}));
}

#[test]
fn what_serde_json_refuses_as_a_key_is_refused() {
    same(&KeyedBy(()));
    same(&KeyedBy(None::<u8>));
    same(&KeyedBy(vec![1]));
    same(&KeyedBy(Variants::Newtype(vec![])));
    same(&KeyedBy(Variants::Tuple(1, "")));
    same(&KeyedBy(Bytes(b"k")));
    same(&KeyedBy(json!({})));
    same(&KeyedBy(RawValue::from_string("\"k\"".into()).unwrap()));
}

#[test]
fn a_raw_value_is_written_as_it_is() {
    let file = RawValue::from_string("\"a \\\"file\\\"\"".into()).unwrap();
    let object = RawValue::from_string("{\"x\":[1,2]}".into()).unwrap();
    same(&Sample {
        skipped: None,
        empty_list: vec![],
        empty_map: BTreeMap::new(),
        file: &file,
        files: vec![&file, &object],
        renamed: Some(None),
        nested: vec![vec![], vec![json!({"k": [1e300, "\u{1}"]})]],
    });
    same(&Some(&*object));
}

/// Strings of the characters JSON escapes among others, at any place in a run of eight.
fn string() -> impl Strategy<Value = String> {
    let tricky = vec![
        '"', '\\', '\n', '\u{8}', '\u{c}', '\u{1}', '\u{1f}', '\u{7f}', 'é', '😀',
    ];
    prop::collection::vec(
        prop_oneof![
            6 => prop::char::range(' ', '~'),
            1 => prop::sample::select(tricky),
            1 => any::<char>(),
        ],
        0..40,
    )
    .prop_map(|c| c.into_iter().collect())
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        string().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(string(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_string_is_written_as_serde_json_writes_it(s in string()) {
        let theirs = serde_json::to_string_pretty(&s).unwrap();
        prop_assert_eq!(ours(&s).unwrap(), theirs);
    }

    #[test]
    fn any_value_is_written_as_serde_json_writes_it(v in value()) {
        let theirs = serde_json::to_string_pretty(&v).unwrap();
        prop_assert_eq!(ours(&v).unwrap(), theirs);
    }
}
