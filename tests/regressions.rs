//! Small spec pairs for problems found in review: each was wrong once.

mod common;
use common::*;

/// Diff two documents written to a temp folder; returns (exit code, rule ids, stderr).
fn diff(a: &str, b: &str) -> (i32, Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), a).unwrap();
    std::fs::write(dir.path().join("b.yaml"), b).unwrap();
    let o = weir_in(
        dir.path(),
        &["diff", "a.yaml", "b.yaml", "--format", "json"],
    );
    let code = o.status.code().unwrap();
    let rules = if code == 0 {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["rule"].as_str().unwrap().to_string())
            .collect()
    } else {
        Vec::new()
    };
    (code, rules, stderr(&o))
}

fn doc(schema: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /m:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {schema}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {schema}\n"
    )
}

#[test]
fn allof_beside_a_nullable_union_is_still_compared() {
    let a = doc(
        "{allOf: [{type: object, properties: {id: {type: string}}}], anyOf: [{type: object, properties: {name: {type: string}}}, {type: 'null'}]}",
    );
    let b = a.replace("id: {type: string}", "id: {type: integer}");
    let (_, rules, _) = diff(&a, &b);
    assert!(
        rules.contains(&"response-type-changed".to_string()),
        "{rules:?}"
    );
}

#[test]
fn a_dangling_ref_in_allof_is_compared_by_its_text() {
    let a = doc("{allOf: [{$ref: '#/components/schemas/Missing1'}, {type: object}]}");
    let b = a.replace("Missing1", "Missing2");
    let (_, rules, _) = diff(&a, &b);
    assert!(
        rules.contains(&"schema-reference-changed".to_string()),
        "{rules:?}"
    );
}

#[test]
fn true_and_the_empty_schema_are_the_same() {
    let (_, rules, _) = diff(
        &doc("{type: object, properties: {meta: true}}"),
        &doc("{type: object, properties: {meta: {}}}"),
    );
    assert!(rules.is_empty(), "{rules:?}");
}

#[test]
fn pattern_properties_folded_from_allof_are_in_order() {
    let a = doc(
        "{allOf: [{type: object, patternProperties: {'^b': {type: string}}}, {patternProperties: {'^a': {type: integer}}}]}",
    );
    let b = doc("{type: object, patternProperties: {'^a': {type: integer}, '^b': {type: string}}}");
    let (_, rules, _) = diff(&a, &b);
    assert!(rules.is_empty(), "{rules:?}");
}

#[test]
fn callbacks_pair_by_their_expression_not_their_position() {
    let cb = |first: &str, second: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /sub:\n    post:\n      responses:\n        '201': {{description: ok}}\n      callbacks:\n        events:\n{first}{second}"
        )
    };
    let ok = "          '{$request.body#/successUrl}':\n            post:\n              requestBody: {content: {application/json: {schema: {properties: {ok: {type: boolean}}}}}}\n              responses: {'200': {description: ok}}\n";
    let err = "          '{$request.body#/failureUrl}':\n            post:\n              requestBody: {content: {application/json: {schema: {properties: {error: {type: string}}}}}}\n              responses: {'200': {description: ok}}\n";
    let (_, rules, _) = diff(&cb(ok, err), &cb(err, ok));
    assert!(rules.is_empty(), "{rules:?}");
}

#[test]
fn explode_on_a_single_valued_header_is_no_change() {
    let h = |extra: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /m:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-Rate: {{{extra}schema: {{type: integer}}}}\n"
        )
    };
    let (_, rules, _) = diff(&h(""), &h("explode: true, "));
    assert!(rules.is_empty(), "{rules:?}");
    // For an object it matters.
    let (_, rules, _) = diff(
        &h("").replace("type: integer", "type: object"),
        &h("explode: true, ").replace("type: integer", "type: object"),
    );
    assert_eq!(rules, ["response-header-explode-changed"]);
}

#[test]
fn anonymous_access_is_reported_both_ways() {
    let s = |sec: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\ncomponents: {{securitySchemes: {{key: {{type: apiKey, in: header, name: K}}}}}}\npaths:\n  /m:\n    get:\n      security: {sec}\n      responses: {{'200': {{description: ok}}}}\n"
        )
    };
    let (_, rules, _) = diff(&s("[{key: []}]"), &s("[{key: []}, {}]"));
    assert_eq!(rules, ["endpoint-anonymous-access-added"]);
    let (_, rules, _) = diff(&s("[{key: []}, {}]"), &s("[{key: []}]"));
    assert_eq!(rules, ["endpoint-security-alternative-removed"]);
}

#[test]
fn non_finite_bounds_are_refused() {
    let (code, _, err) = diff(
        &doc("{type: number, minimum: .nan}"),
        &doc("{type: number}"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("finite number"), "{err}");
}

#[test]
fn swagger2_parameter_extensions_are_not_schema_changes() {
    let s = |extra: &str| {
        format!(
            "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths:\n  /m:\n    get:\n      parameters:\n        - {{name: q, in: query, type: string{extra}}}\n      responses: {{'200': {{description: ok}}}}\n"
        )
    };
    let (_, rules, _) = diff(&s(""), &s(", x-deprecated: true"));
    assert_eq!(rules, ["request-parameter-deprecated"]);
}

#[test]
fn a_symbolic_link_out_of_the_root_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("api");
    std::fs::create_dir_all(&inner).unwrap();
    std::fs::write(dir.path().join("secret.yaml"), "type: string\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("../secret.yaml", inner.join("link.yaml")).unwrap();
    std::fs::write(inner.join("s.yaml"), doc("{$ref: 'link.yaml'}")).unwrap();
    let o = weir_in(&inner, &["diff", "s.yaml", "s.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("outside"), "{}", stderr(&o));
}
