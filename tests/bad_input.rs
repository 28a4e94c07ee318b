//! Bad input of every kind. Each case gives exit 2 with a message that names the problem and
//! its file:line:col (or, where the input is fine after all, the right result) — never a
//! panic, never a silent pass. The messages are snapshots (`tests/snapshots/bad_input__*`),
//! so a change of wording is reviewed like code.
//!
//! The single-file and multi-file cases are `fixtures/bad-input/*`, each copied into a temp
//! folder outside any git repository before weir reads it; cases that need a large or
//! generated input, standard input or a git repository are written here.

mod common;
use common::*;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// What weir must do with one fixture.
struct Case {
    /// The fixture file, or `folder/the-spec.yaml` for a case made of several files.
    spec: &'static str,
    code: i32,
    /// `file:line:col` the message must name, where the problem has a place.
    place: Option<&'static str>,
    /// A phrase the message must contain.
    says: &'static str,
}

const fn case(
    spec: &'static str,
    code: i32,
    place: Option<&'static str>,
    says: &'static str,
) -> Case {
    Case {
        spec,
        code,
        place,
        says,
    }
}

const CASES: &[Case] = &[
    // Malformed and truncated YAML and JSON.
    case(
        "empty.yaml",
        2,
        Some("empty.yaml:1:1"),
        "the document is empty",
    ),
    case(
        "only-comments.yaml",
        2,
        Some("only-comments.yaml:1:1"),
        "the document is empty",
    ),
    case(
        "truncated.yaml",
        2,
        Some("truncated.yaml:6:16"),
        "unexpected end of stream",
    ),
    case(
        "truncated.json",
        2,
        Some("truncated.json:2:49"),
        "malformed JSON",
    ),
    case(
        "unclosed-flow.yaml",
        2,
        Some("unclosed-flow.yaml:7:16"),
        "malformed YAML",
    ),
    case(
        "bad-indentation.yaml",
        2,
        Some("bad-indentation.yaml:7:6"),
        "did not find expected key",
    ),
    case(
        "tab-indentation.yaml",
        2,
        Some("tab-indentation.yaml:4:2"),
        "tabs disallowed",
    ),
    case(
        "missing-colon.json",
        2,
        Some("missing-colon.json:3:20"),
        "malformed JSON",
    ),
    case(
        "unbalanced-braces.json",
        2,
        Some("unbalanced-braces.json:1:74"),
        "an extra `}` after the end of the document",
    ),
    // A `.json` file is strict JSON: what YAML would read (a trailing comma, an unquoted key)
    // is refused at its place. (A `.yaml` file in flow style is YAML: tests/json_parse.rs.)
    case(
        "trailing-comma.json",
        2,
        Some("trailing-comma.json:3:40"),
        "a trailing comma",
    ),
    case(
        "unquoted-key.json",
        2,
        Some("unquoted-key.json:3:3"),
        "expected a key in double quotes",
    ),
    case(
        "two-documents.yaml",
        2,
        Some("two-documents.yaml:4:1"),
        "more than one YAML document",
    ),
    case(
        "duplicate-keys.yaml",
        2,
        Some("duplicate-keys.yaml:7:3"),
        "duplicate key `/m`",
    ),
    case(
        "duplicate-keys.json",
        2,
        Some("duplicate-keys.json:2:15"),
        "duplicate key `paths`",
    ),
    case(
        "unknown-anchor.yaml",
        2,
        Some("unknown-anchor.yaml:3:8"),
        "unknown anchor",
    ),
    case(
        "complex-key.yaml",
        2,
        Some("complex-key.yaml:4:5"),
        "complex mapping keys",
    ),
    case(
        "nul-byte.yaml",
        2,
        Some("nul-byte.yaml:4:15"),
        "unprintable character",
    ),
    // Limits.
    case(
        "alias-bomb.yaml",
        2,
        Some("alias-bomb.yaml:"),
        "aliases expand to more than 1000000 nodes",
    ),
    // JSON has no nesting limit (10,000 levels here); YAML in flow style stops at saphyr's.
    case("deep-flow.json", 0, None, "No changes"),
    case(
        "deep-flow.yaml",
        2,
        Some("deep-flow.yaml:4:264"),
        "nested more than 255 levels deep",
    ),
    case("deep-block.yaml", 0, None, "No changes"),
    // Encodings.
    case("bom.yaml", 0, None, "No changes"),
    case("bom.json", 0, None, "No changes"),
    case(
        "utf16.yaml",
        2,
        Some("utf16.yaml:1:1"),
        "UTF-16 byte-order mark",
    ),
    case(
        "latin1.yaml",
        2,
        Some("latin1.yaml:4:13"),
        "byte 0xE9 is not valid UTF-8",
    ),
    case(
        "binary-junk.bin",
        2,
        Some("binary-junk.bin:1:"),
        "not UTF-8 text",
    ),
    case(
        "png-header.yaml",
        2,
        Some("png-header.yaml:1:1"),
        "byte 0x89 is not valid UTF-8",
    ),
    // Not an API description.
    case(
        "not-openapi.yaml",
        2,
        Some("not-openapi.yaml:1:1"),
        "no `openapi` or `swagger` field",
    ),
    case(
        "kubernetes-manifest.yaml",
        2,
        Some("kubernetes-manifest.yaml:1:1"),
        "not an OpenAPI document",
    ),
    case(
        "top-level-list.json",
        2,
        Some("top-level-list.json:1:1"),
        "the top level is not a mapping",
    ),
    case(
        "top-level-scalar.yaml",
        2,
        Some("top-level-scalar.yaml:1:1"),
        "the top level is not a mapping",
    ),
    case(
        "unknown-openapi-version.yaml",
        2,
        Some("unknown-openapi-version.yaml:1:10"),
        "unsupported OpenAPI version `4.0.0`",
    ),
    case(
        "unknown-swagger-version.yaml",
        2,
        Some("unknown-swagger-version.yaml:1:10"),
        "unsupported Swagger version `1.2`",
    ),
    case(
        "openapi-version-as-map.yaml",
        2,
        Some("openapi-version-as-map.yaml:1:1"),
        "`openapi` must be a version string",
    ),
    // Wrong types.
    case(
        "paths-as-list.yaml",
        2,
        Some("paths-as-list.yaml:3:1"),
        "`paths` must be a mapping",
    ),
    case(
        "paths-as-string.json",
        2,
        Some("paths-as-string.json:2:11"),
        "`paths` must be a mapping",
    ),
    case(
        "operation-as-list.yaml",
        2,
        Some("operation-as-list.yaml:5:5"),
        "`get` must be a mapping",
    ),
    case(
        "responses-as-string.yaml",
        2,
        Some("responses-as-string.yaml:6:18"),
        "`responses` must be a mapping",
    ),
    case(
        "parameters-as-map.yaml",
        2,
        Some("parameters-as-map.yaml:6:7"),
        "`parameters` must be a list",
    ),
    case(
        "parameter-in-unknown.yaml",
        2,
        Some("parameter-in-unknown.yaml:7:25"),
        "unknown parameter location `body`",
    ),
    case(
        "schema-as-string.yaml",
        2,
        Some("schema-as-string.yaml:11:23"),
        "a schema must be a mapping",
    ),
    case(
        "schema-as-number.json",
        2,
        Some("schema-as-number.json:2:46"),
        "a schema must be a mapping",
    ),
    case(
        "properties-as-list.yaml",
        2,
        Some("properties-as-list.yaml:11:38"),
        "`properties` must be a mapping",
    ),
    case(
        "required-as-string.yaml",
        2,
        Some("required-as-string.yaml:11:48"),
        "`required` of a schema must be a list",
    ),
    case(
        "enum-as-map.yaml",
        2,
        Some("enum-as-map.yaml:11:38"),
        "`enum` must be a list",
    ),
    case(
        "max-length-negative.yaml",
        2,
        Some("max-length-negative.yaml:11:49"),
        "must be a non-negative integer",
    ),
    case(
        "max-length-not-a-number.yaml",
        2,
        Some("max-length-not-a-number.yaml:11:49"),
        "must be a finite number",
    ),
    case(
        "minimum-infinite.yaml",
        2,
        Some("minimum-infinite.yaml:11:47"),
        "must be a finite number",
    ),
    case(
        "flag-not-a-boolean.yaml",
        2,
        Some("flag-not-a-boolean.yaml:6:19"),
        "`deprecated` must be true or false",
    ),
    case(
        "ref-not-a-string.yaml",
        2,
        Some("ref-not-a-string.yaml:11:24"),
        "`$ref` must be a string",
    ),
    // `$ref`s.
    case(
        "ref-to-itself.yaml",
        2,
        Some("ref-to-itself.yaml:14:5"),
        "loops back to itself",
    ),
    case(
        "refs-in-a-loop.yaml",
        2,
        Some("refs-in-a-loop.yaml:14:5"),
        "loops back to itself",
    ),
    case(
        "parameter-refs-in-a-loop.yaml",
        2,
        Some("parameter-refs-in-a-loop.yaml:11:5"),
        "loops back to itself",
    ),
    // A schema that contains itself is legal and finite.
    case("recursive-schema.yaml", 0, None, "No changes"),
    case("pointer-escapes.yaml", 0, None, "No changes"),
    // A dangling pointer inside a file that was read is a warning (upstream specs have
    // them); `--strict` makes it an error, see below.
    case(
        "ref-to-missing-pointer.yaml",
        0,
        Some("ref-to-missing-pointer.yaml:11:30"),
        "does not resolve",
    ),
    case(
        "ref-to-missing-pointer-in-file/openapi.yaml",
        0,
        Some("ref-to-missing-pointer-in-file/openapi.yaml:11:30"),
        "no `/Pet` in",
    ),
    case(
        "ref-to-missing-file.yaml",
        2,
        Some("ref-to-missing-file.yaml:11:30"),
        "cannot read `schemas/missing.yaml`",
    ),
    case(
        "ref-to-malformed-file/openapi.yaml",
        2,
        Some("ref-to-malformed-file/pet.yaml:4:1"),
        "malformed YAML",
    ),
    case(
        "ref-to-a-folder/openapi.yaml",
        2,
        Some("ref-to-a-folder/openapi.yaml:11:30"),
        "it is a folder, not a file",
    ),
    case(
        "ref-with-a-bad-fragment.yaml",
        2,
        Some("ref-with-a-bad-fragment.yaml:11:30"),
        "only JSON-pointer fragments",
    ),
    case(
        "ref-to-the-network.yaml",
        2,
        Some("ref-to-the-network.yaml:11:30"),
        "weir only reads local files",
    ),
    case(
        "ref-absolute-path.yaml",
        2,
        Some("ref-absolute-path.yaml:11:30"),
        "is an absolute path",
    ),
    case(
        "ref-out-of-the-folder/api/openapi.yaml",
        2,
        Some("ref-out-of-the-folder/api/openapi.yaml:11:30"),
        "leaves the repository (or the spec's folder)",
    ),
];

/// Run weir in `dir` with the environment that decides how miette renders cleared, so the
/// messages are the same on every machine.
fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_weir"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_HYPERLINK")
        .env_remove("NO_GRAPHICS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    let mut child = cmd.spawn().expect("weir runs");
    if let Some(bytes) = stdin {
        use std::io::Write;
        // weir stops reading at its size limit; a closed pipe is expected then.
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    child.wait_with_output().expect("weir finishes")
}

/// Exit code and stderr, with the temp folder's path redacted; fails on a panic.
fn outcome(o: &Output, dir: &Path) -> (i32, String) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("overflowed its stack"),
        "{err}"
    );
    let code = o.status.code().expect("weir exits, it is not killed");
    let dir = dir.display().to_string();
    (code, err.replace(&dir, "[TMP]"))
}

fn copy_into(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy_into(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

#[test]
fn every_fixture_gives_its_exit_code_and_names_the_place() {
    let fixtures = root().join("fixtures/bad-input");
    for c in CASES {
        let top = c.spec.split('/').next().unwrap();
        let dir = tempfile::tempdir().unwrap();
        copy_into(&fixtures.join(top), &dir.path().join(top));
        let o = run_in(dir.path(), &["diff", c.spec, c.spec], None);
        let (code, err) = outcome(&o, dir.path());
        let out = stdout(&o);
        assert_eq!(code, c.code, "{}: exit {code}\n{err}{out}", c.spec);
        assert!(
            flat(&err).contains(c.says) || out.contains(c.says),
            "{}: expected {:?} in\n{err}{out}",
            c.spec,
            c.says
        );
        if let Some(place) = c.place {
            assert!(
                flat(&err).contains(place),
                "{}: expected {place} in\n{err}",
                c.spec
            );
        }
        if code == 2 {
            assert!(
                out.is_empty(),
                "{}: output despite the error: {out}",
                c.spec
            );
        }
        let name = c.spec.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, format!("exit: {code}\n{err}"));
    }
}

#[test]
fn every_fixture_has_a_case() {
    let mut listed: Vec<&str> = CASES
        .iter()
        .map(|c| c.spec.split('/').next().unwrap())
        .collect();
    listed.sort();
    listed.dedup();
    let mut present: Vec<String> = std::fs::read_dir(root().join("fixtures/bad-input"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(listed, present);
    assert!(CASES.len() >= 30);
}

#[test]
fn a_dangling_pointer_is_an_error_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let name = "ref-to-missing-pointer.yaml";
    copy_into(
        &root().join("fixtures/bad-input").join(name),
        &dir.path().join(name),
    );
    let o = run_in(dir.path(), &["diff", name, name, "--strict"], None);
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(
        flat(&err).contains("ref-to-missing-pointer.yaml:11:30"),
        "{err}"
    );
}

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

// ---- Right results on unusual but valid input ----

/// `weir diff` in a temp folder holding `files`; exit code, JSON output (when 0), stderr.
fn diff_files(files: &[(&str, &[u8])], a: &str, b: &str) -> (i32, serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let o = run_in(dir.path(), &["diff", a, b, "--format", "json"], None);
    let (code, err) = outcome(&o, dir.path());
    let json = if code == 0 {
        serde_json::from_slice(&o.stdout).unwrap()
    } else {
        serde_json::Value::Null
    };
    (code, json, err)
}

fn changes(v: &serde_json::Value) -> Vec<&serde_json::Value> {
    v["changes"].as_array().unwrap().iter().collect()
}

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

// ---- Generated inputs: long chains, a 100 MB document, the size limit ----

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
    insta::assert_snapshot!("over_the_size_limit", format!("exit: {code}\n{err}"));
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

// ---- Git ----

const SPEC: &str = "openapi: 3.1.0\ninfo: {title: t, version: 1.0.0}\npaths:\n  /pets:\n    get:\n      responses: {'200': {description: ok}}\n";

/// v1.0.0 tagged, then a commit that removes the operation (a breaking change).
fn released_repo() -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", SPEC);
    r.commit("v1");
    r.git(&["tag", "v1.0.0"]);
    r.write(
        "api/openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: 1.0.1}\npaths: {}\n",
    );
    r.commit("drop /pets");
    r
}

#[test]
fn a_missing_revision_says_what_to_fetch() {
    let r = released_repo();
    let o = run_in(
        r.path(),
        &["diff", "v0.9.0:api/openapi.yaml", "api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 2);
    assert!(flat(&err).contains("unknown revision `v0.9.0`"), "{err}");
    assert!(flat(&err).contains("git fetch --tags"), "{err}");
    insta::assert_snapshot!("missing_revision", format!("exit: {code}\n{err}"));
}

#[test]
fn a_path_absent_at_a_revision_lists_what_is_there() {
    let r = released_repo();
    let o = run_in(
        r.path(),
        &["diff", "v1.0.0:api/openapi.yml", "api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 2);
    assert!(
        flat(&err).contains("`api/openapi.yml` does not exist at revision `v1.0.0`"),
        "{err}"
    );
    assert!(
        flat(&err).contains("`api` at that revision holds: openapi.yaml"),
        "{err}"
    );
    insta::assert_snapshot!("path_absent_at_revision", format!("exit: {code}\n{err}"));
}

/// A depth-1 clone, as CI checks out by default: no history, no tags.
fn shallow_clone(of: &Repo) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", of.path().display());
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(dir.path().join("clone"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn a_shallow_clone_without_the_base_tag_fails_the_gate_with_advice() {
    let r = released_repo();
    let dir = shallow_clone(&r);
    let clone = dir.path().join("clone");
    // Without the tag, "no release yet" would pass a breaking change as the first release.
    let o = run_in(&clone, &["check", "--spec", "api/openapi.yaml"], None);
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}{}", stdout(&o));
    assert!(flat(&err).contains("shallow clone"), "{err}");
    assert!(flat(&err).contains("fetch-depth: 0"), "{err}");
    assert!(flat(&err).contains("git fetch --tags --unshallow"), "{err}");
    insta::assert_snapshot!("shallow_clone_check", format!("exit: {code}\n{err}"));

    // Naming the base that is not there says the same.
    let o = run_in(
        &clone,
        &["diff", "v1.0.0:api/openapi.yaml", "api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(flat(&err).contains("unknown revision `v1.0.0`"), "{err}");
    assert!(flat(&err).contains("shallow clone"), "{err}");
    assert!(flat(&err).contains("fetch-depth: 0"), "{err}");

    // Once the history and tags are there, the gate works (and fails on the removal).
    let out = Command::new("git")
        .args(["fetch", "-q", "--tags", "--unshallow"])
        .current_dir(&clone)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let o = run_in(&clone, &["check", "--spec", "api/openapi.yaml"], None);
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 1, "{err}{}", stdout(&o));
}

#[test]
fn a_detached_head_is_an_ordinary_revision() {
    let r = released_repo();
    let head = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    r.git(&["checkout", "-q", "--detach", &head]);
    let o = run_in(r.path(), &["check", "--spec", "api/openapi.yaml"], None);
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 1, "the removal fails the gate: {err}{}", stdout(&o));
    assert!(stdout(&o).contains("v1.0.0"), "{}", stdout(&o));
    let o = run_in(
        r.path(),
        &["diff", "HEAD~1:api/openapi.yaml", "HEAD:api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 0, "{err}");
    assert!(stdout(&o).contains("GET /pets"), "{}", stdout(&o));
    let o = run_in(r.path(), &["log", "--spec", "api/openapi.yaml"], None);
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 0, "{err}");
    assert!(stdout(&o).contains("drop /pets"), "{}", stdout(&o));
}

#[test]
fn an_unreadable_revision_in_the_history_hides_no_change() {
    // v1.0.0, a commit that breaks the YAML, then one that fixes it *and* drops /pets,
    // released as 1.1.0: the removal must still count against that release.
    let r = Repo::new();
    r.write("api/openapi.yaml", SPEC);
    r.commit("v1");
    r.git(&["tag", "v1.0.0"]);
    r.write("api/openapi.yaml", "openapi: 3.1.0\ninfo: [broken\n");
    r.commit("broken");
    r.write(
        "api/openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: 1.1.0}\npaths: {}\n",
    );
    r.commit("fixed, and /pets dropped");
    r.git(&["tag", "v1.1.0"]);
    let o = run_in(
        r.path(),
        &["log", "--spec", "api/openapi.yaml", "--format", "json"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let commits = v["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 3, "{v:#}");
    assert!(commits[1]["error"].is_string(), "{v:#}");
    assert_eq!(commits[2]["summary"]["breaking"], 1, "{v:#}");
    assert_eq!(commits[2]["release"]["ok"], false, "{v:#}");
}

#[test]
fn non_utf8_bytes_at_a_revision_name_the_place() {
    let r = Repo::new();
    std::fs::create_dir_all(r.path().join("api")).unwrap();
    std::fs::write(
        r.path().join("api/openapi.yaml"),
        b"openapi: 3.1.0\ninfo:\n  title: Ren\xe9e\n",
    )
    .unwrap();
    r.commit("latin-1");
    let o = run_in(
        r.path(),
        &["diff", "HEAD:api/openapi.yaml", "HEAD:api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 2);
    assert!(flat(&err).contains("HEAD:api/openapi.yaml:3:13"), "{err}");
}
