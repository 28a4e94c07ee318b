//! Right results on unusual but valid input.

use crate::common::*;
use crate::{changes, diff_files};

#[test]
fn json_pointer_escapes_resolve_to_the_right_targets() {
    let spec =
        std::fs::read_to_string(root().join("fixtures/bad-input/pointer-escapes.yaml")).unwrap();
    // `a~1b` is `a/b`, `tilde~0name` is `tilde~name`, `with%20space` is `with space`, and
    // `~1pets~1%7Bid%7D` is the path `/pets/{id}`. Change each target's type in turn.
    for (from, to, pointer, via_copy) in [
        ("a/b: {type: string}", "a/b: {type: number}", "a~1b", true),
        (
            "tilde~name: {type: integer}",
            "tilde~name: {type: string}",
            "tilde~0name",
            false,
        ),
        (
            "with space: {type: boolean}",
            "with space: {type: string}",
            "with space",
            false,
        ),
    ] {
        let changed = spec.replace(from, to);
        assert_ne!(changed, spec);
        let (code, v, err) = diff_files(
            &[("a.yaml", spec.as_bytes()), ("b.yaml", changed.as_bytes())],
            "a.yaml",
            "b.yaml",
        );
        assert_eq!(code, 0, "{err}");
        assert!(err.is_empty(), "every $ref resolves: {err}");
        let found = changes(&v);
        assert_eq!(found.len(), 1, "{v:#}");
        let c = found[0];
        assert_eq!(c["rule"], "response-type-changed");
        assert_eq!(
            c["revision"]["pointer"],
            format!("/components/schemas/{pointer}/type")
        );
        // `/copy` reuses the 200 response of `/pets/{id}` through an escaped path pointer.
        let mut expected = vec!["GET /pets/{id}"];
        if via_copy {
            expected.insert(0, "GET /copy");
        }
        assert_eq!(c["operations"], serde_json::json!(expected), "{c:#}");
    }
}

#[test]
fn a_byte_order_mark_changes_nothing_and_stays_out_of_positions() {
    let plain = std::fs::read(root().join("fixtures/bad-input/bom.yaml")).unwrap()[3..].to_vec();
    let with_bom = [b"\xef\xbb\xbf".as_slice(), &plain].concat();
    let edit = |t: &[u8]| {
        String::from_utf8(t.to_vec())
            .unwrap()
            .replace("{type: string}", "{type: integer}")
    };
    let (plain2, with_bom2) = (edit(&plain), edit(&with_bom));
    let files: &[(&str, &[u8])] = &[
        ("plain.yaml", &plain),
        ("bom.yaml", &with_bom),
        ("plain2.yaml", plain2.as_bytes()),
        ("bom2.yaml", with_bom2.as_bytes()),
    ];
    let (code, v, err) = diff_files(files, "plain.yaml", "bom.yaml");
    assert_eq!(code, 0, "{err}");
    assert!(changes(&v).is_empty(), "{v:#}");
    // A change is reported at the same line and column with and without the mark.
    let (_, with, _) = diff_files(files, "bom.yaml", "bom2.yaml");
    let (_, without, _) = diff_files(files, "plain.yaml", "plain2.yaml");
    let (with, without) = (changes(&with)[0], changes(&without)[0]);
    assert_eq!(with["revision"]["line"], 11, "{with:#}");
    assert_eq!(with["revision"]["line"], without["revision"]["line"]);
    assert_eq!(with["revision"]["column"], without["revision"]["column"]);
}
