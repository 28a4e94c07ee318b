//! Small spec pairs for problems found in review: each was wrong once.

mod common;
use common::*;

/// Diff two documents written to a temp folder; returns (exit code, rule ids, stderr).
fn diff(a: &str, b: &str) -> (i32, Vec<String>, String) {
    let dir = folder_with(&[("a.yaml", a), ("b.yaml", b)]);
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

// ---- Patterns from real specs (GitHub, Directus, Kubernetes) ----

/// `schema`'s lines (YAML) indented by `by` spaces, to stand under a `schema:` key.
fn indented(schema: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    schema
        .lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn response(schema: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /m:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{}\n",
        indented(schema, 16)
    )
}

fn request(schema: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /m:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n{}\n      responses:\n        '200': {{description: ok}}\n",
        indented(schema, 14)
    )
}

#[test]
fn tagged_union_branches_pair_by_their_tag_not_their_position() {
    let branch = |tag: &str, prop: &str| {
        format!(
            "  - type: object\n    title: {tag}\n    properties:\n      type: {{type: string, enum: [{tag}]}}\n      parameters:\n        type: object\n        required: [{prop}]\n        properties:\n          {prop}: {{type: array, items: {{type: string}}}}"
        )
    };
    let a = format!(
        "oneOf:\n{}\n{}",
        branch("file_path_restriction", "restricted_file_paths"),
        branch("max_file_size", "max_file_size")
    );
    let b = format!(
        "oneOf:\n{}\n{}\n{}",
        branch("merge_queue", "check_method"),
        branch("max_file_size", "max_file_size"),
        branch("file_path_restriction", "restricted_file_paths")
    );
    let (_, rules, _) = diff(&response(&a), &response(&b));
    assert_eq!(rules, ["response-one-of-branch-added"]);
}

#[test]
fn an_enum_spelled_as_a_union_of_constants_is_the_same_enum() {
    let a = "type: string\nenum: [SkuPricing, ProductPricing]";
    let b = "oneOf:\n  - {type: string, enum: [SkuPricing]}\n  - {type: string, enum: [ProductPricing]}";
    assert!(diff(&response(a), &response(b)).1.is_empty());
    assert!(diff(&request(b), &request(a)).1.is_empty());
}

#[test]
fn a_union_merged_into_one_wider_schema_is_not_a_removal() {
    let a = "oneOf:\n  - {type: object, properties: {labels: {type: array, items: {type: string}}}}\n  - {type: object, properties: {labels: {type: array, items: {type: object, properties: {name: {type: string}}}}}}";
    let b = "type: object\nproperties:\n  labels:\n    type: array\n    items:\n      oneOf:\n        - {type: string}\n        - {type: object, properties: {name: {type: string}}}";
    let (_, rules, _) = diff(&request(a), &request(b));
    assert!(
        !rules
            .iter()
            .any(|r| r.contains("removed") || r.contains("narrowed")),
        "{rules:?}"
    );
    assert!(!rules.is_empty(), "the widening is reported");
}

#[test]
fn a_union_introduced_on_a_request_narrows_it() {
    let a = "type: object\nproperties:\n  id: {type: string}\n  number: {type: integer}";
    let b = format!("{a}\noneOf:\n  - required: [id]\n  - required: [number]");
    assert_eq!(
        diff(&request(a), &request(&b)).1,
        ["request-one-of-introduced"]
    );
    // An object that became a union of objects: the type did not change.
    let union = "oneOf:\n  - {type: object, title: CreateEvent, properties: {ref: {type: string}}}\n  - {type: object, title: Watch, properties: {action: {type: string}}}";
    let (_, rules, _) = diff(&response("type: object"), &response(union));
    assert!(!rules.iter().any(|r| r.contains("type")), "{rules:?}");
}

#[test]
fn declaring_a_path_variable_that_was_implicit_is_no_change() {
    let s = |params: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /comments/{{id}}:\n    get:\n{params}      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let (_, rules, _) = diff(
        &s(""),
        &s(
            "      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n",
        ),
    );
    assert!(rules.is_empty(), "{rules:?}");
}

#[test]
fn swagger2_schemes_without_a_host_are_not_servers() {
    let a = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /m:\n    get:\n      schemes: [https]\n      responses:\n        '200': {description: ok}\n";
    let b = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /m:\n    get:\n      responses:\n        '200': {description: ok}\n";
    assert!(diff(a, b).1.is_empty());
}

#[test]
fn openapi_31_content_keywords_match_30_formats() {
    let a = request(
        "type: object\nproperties:\n  file: {type: string, format: binary}\n  data: {type: string, format: byte}",
    );
    let b = a
        .replace("openapi: 3.0.3", "openapi: 3.1.0")
        .replace(
            "format: binary",
            "contentMediaType: application/octet-stream",
        )
        .replace("format: byte", "contentEncoding: base64");
    assert!(diff(&a, &b).1.is_empty());
}

#[test]
fn a_null_schema_is_read_as_empty_with_a_warning() {
    let (code, rules, err) = diff(&response("null"), &response("{}"));
    assert_eq!(code, 0, "{err}");
    assert!(rules.is_empty());
    assert!(err.contains("`null`"), "{err}");
}

#[test]
fn a_property_whose_ref_moved_is_named_by_its_path() {
    let s = |target: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /c:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/comment'}}\ncomponents:\n  schemas:\n    comment:\n      type: object\n      properties:\n        user: {{$ref: '#/components/schemas/{target}'}}\n    simple-user: {{type: object, properties: {{login: {{type: string}}}}}}\n    nullable-simple-user: {{type: object, nullable: true, properties: {{login: {{type: string}}}}}}\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), s("simple-user")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), s("nullable-simple-user")).unwrap();
    let o = weir_in(dir.path(), &["diff", "a.yaml", "b.yaml"]);
    assert!(
        stdout(&o).contains("comment.user: null is now allowed"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_media_type_listed_twice_in_swagger_2_consumes_is_one_media_type() {
    let form = |consumes: &str| {
        format!(
            "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths:\n  /m:\n    post:\n      consumes: [{consumes}]\n      parameters:\n      - {{name: f, in: formData, type: string}}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let once = form("application/x-www-form-urlencoded");
    let twice = form("application/x-www-form-urlencoded, application/x-www-form-urlencoded");
    let (code, rules, err) = diff(&twice, &once);
    assert_eq!(code, 0, "{err}");
    assert!(rules.is_empty(), "{rules:?}");
    // A real change next to the duplicate is still found, once. A form field is text: every
    // integer's text was a string, so string → integer narrows it.
    let (_, rules, _) = diff(&twice, &once.replace("type: string", "type: integer"));
    assert_eq!(rules, ["request-type-narrowed"], "{rules:?}");
}

#[test]
fn a_repeated_warning_counts_each_place_once() {
    let a = doc("{$ref: '#/components/schemas/Missing'}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), &a).unwrap();
    std::fs::write(dir.path().join("b.yaml"), &a).unwrap();
    let flat =
        |o: &std::process::Output| stderr(o).split_whitespace().collect::<Vec<_>>().join(" ");
    // The same file on both sides: each dangling $ref is one place, read twice.
    let same = flat(&weir_in(dir.path(), &["diff", "a.yaml", "a.yaml"]));
    assert!(same.contains("occurs in 1 more place"), "{same}");
    // Before: "3 more times", counting each of the two $refs once per side.
    assert_eq!(same.matches("does not resolve").count(), 1, "{same}");
    // Two files: each names its own file, and has its own two places.
    let two = flat(&weir_in(dir.path(), &["diff", "a.yaml", "b.yaml"]));
    assert_eq!(two.matches("occurs in 1 more place").count(), 2, "{two}");
}
