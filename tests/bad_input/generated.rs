//! Generated inputs: long chains, a 100 MB document, minified JSON, the size limit, standard
//! input.

use crate::common::*;
use crate::{assert_message_snapshot, changes, diff_files, outcome, run_in};

#[test]
fn an_error_in_minified_json_shows_a_window_not_the_whole_line() {
    let mut doc =
        String::from(r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"#);
    for i in 0..3000 {
        let sep = if i == 1500 { " " } else { ":" };
        doc.push_str(&format!(
            r#""/p{i}":{{"get":{{"responses":{{"200":{{"description"{sep}"ok é"}}}}}}}},"#
        ));
    }
    doc.push_str(r#""/last":{}}}"#);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("min.json"), &doc).unwrap();
    let o = run_in(dir.path(), &["diff", "min.json", "min.json"], None);
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}");
    let at = doc.find(r#""description" "ok"#).unwrap() + r#""description" "#.len();
    let column = doc[..at].chars().count() + 1;
    assert!(
        flat(&err).contains(&format!("min.json:1:{column}")),
        "{err}"
    );
    assert!(err.len() < 2_000, "{} bytes of message", err.len());
    assert!(
        err.contains(r#""/p1500":{"get""#),
        "the window shows the place: {err}"
    );
}

/// A spec whose response is the head of a chain of `n` component schemas, each reaching the
/// next through `link` (`{items: NEXT}`, `{oneOf: [NEXT, …]}`); the last one is `last`.
fn chain(n: usize, link: &str, last: &str) -> String {
    let mut s = String::from(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /m:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n",
    );
    for i in 0..n {
        let next = format!("{{$ref: '#/components/schemas/S{}'}}", i + 1);
        s.push_str(&format!(
            "    S{i}: {}\n",
            link.replace("NEXT", &next).replace("I", &i.to_string())
        ));
    }
    s.push_str(&format!("    S{n}: {last}\n"));
    s
}

#[test]
fn ten_thousand_schemas_deep_neither_overflow_nor_lose_the_change() {
    // Each link is a level of nesting the model and the diff walk must not recurse on.
    for link in [
        "{type: array, items: NEXT}",
        "{type: object, properties: {p: NEXT}}",
        "{not: NEXT}",
    ] {
        let a = chain(10_000, link, "{type: integer}");
        let b = chain(10_000, link, "{type: string}");
        let (code, v, err) = diff_files(
            &[("a.yaml", a.as_bytes()), ("b.yaml", b.as_bytes())],
            "a.yaml",
            "b.yaml",
        );
        assert_eq!(code, 0, "{link}: {err}");
        let found = changes(&v);
        assert_eq!(found.len(), 1, "{link}: {v:#}");
        assert_eq!(found[0]["kind"], "schema.type", "{link}");
        assert_eq!(found[0]["revision"]["line"], 10_014, "{link}");
    }
    // Unions and intersections are normalized to a bounded depth (`oneOf` of a chain once
    // overflowed the stack); what is past it is compared as written.
    for link in [
        "{oneOf: [NEXT, {type: string, title: xI}]}",
        "{anyOf: [NEXT, {const: I}]}",
        "{allOf: [NEXT, {description: dI}]}",
    ] {
        let a = chain(10_000, link, "{type: integer}");
        let b = chain(10_000, link, "{type: string}");
        let (code, v, err) = diff_files(
            &[("a.yaml", a.as_bytes()), ("b.yaml", b.as_bytes())],
            "a.yaml",
            "b.yaml",
        );
        assert_eq!(code, 0, "{link}: {err}");
        assert!(!changes(&v).is_empty(), "{link}: the change is not lost");
    }
}

#[test]
fn a_100_mb_document_is_read_and_positions_past_100_mb_are_right() {
    // 100 MB of description and one operation after it; the revision drops the operation.
    let head = "openapi: 3.0.3\ninfo:\n  title: big\n  version: '1.0.0'\n  description: |\n";
    let line = "    Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n";
    let lines = 100 * 1024 * 1024 / line.len() + 1;
    let tail = "paths:\n  /pets:\n    get:\n      responses:\n        '200': {description: ok}\n";
    let mut big = String::with_capacity(head.len() + lines * line.len() + tail.len());
    big.push_str(head);
    for _ in 0..lines {
        big.push_str(line);
    }
    big.push_str(tail);
    assert!(big.len() > 100 * 1024 * 1024);
    let small = "openapi: 3.0.3\ninfo: {title: big, version: '1.0.0'}\npaths: {}\n";
    let (code, v, err) = diff_files(
        &[
            ("big.yaml", big.as_bytes()),
            ("small.yaml", small.as_bytes()),
        ],
        "big.yaml",
        "small.yaml",
    );
    assert_eq!(code, 0, "{err}");
    let removed = changes(&v)
        .into_iter()
        .find(|c| c["kind"] == "operation.removed")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(removed["base"]["line"], (5 + lines + 3) as u64);
    assert_eq!(removed["base"]["column"], 5);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
    let limit = weir::load::source::MAX_SOURCE_BYTES;
    let dir = tempfile::tempdir().unwrap();
    // Sparse: costs no disk and no time, unless weir reads it.
    let f = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    f.set_len(limit + 1).unwrap();
    drop(f);
    std::fs::write(dir.path().join("ok.yaml"), "openapi: 3.1.0\npaths: {}\n").unwrap();
    let o = run_in(dir.path(), &["diff", "huge.yaml", "ok.yaml"], None);
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(
        flat(&err)
            .contains("`huge.yaml` is larger than 128 MiB, the most weir reads from one file"),
        "{err}"
    );
    assert_message_snapshot("over_the_size_limit", code, &err);
}

#[test]
fn standard_input_over_the_size_limit_is_refused() {
    let limit = weir::load::source::MAX_SOURCE_BYTES as usize;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.yaml"), "openapi: 3.1.0\npaths: {}\n").unwrap();
    let input = vec![b' '; limit + 1];
    let o = run_in(dir.path(), &["diff", "-", "ok.yaml"], Some(&input));
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(
        flat(&err).contains("`standard input` is larger than 128 MiB"),
        "{err}"
    );
}

#[test]
fn bad_standard_input_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.yaml"), "openapi: 3.1.0\npaths: {}\n").unwrap();
    for (input, expected) in [
        (b"".as_slice(), "<stdin>:1:1"),
        (
            b"openapi: 3.1.0\ninfo:\n  title: caf\xe9\n".as_slice(),
            "<stdin>:3:13",
        ),
        (b"openapi: [3.1.0\n".as_slice(), "<stdin>:2:1"),
    ] {
        let o = run_in(dir.path(), &["diff", "-", "ok.yaml"], Some(input));
        let (code, err) = outcome(&o, dir.path());
        assert_eq!(code, 2, "{err}");
        assert!(flat(&err).contains(expected), "{expected}: {err}");
    }
}
