//! The fixtures of `fixtures/bad-input/` and what weir must do with each.

/// What weir must do with one fixture.
pub(crate) struct Case {
    /// The fixture file, or `folder/the-spec.yaml` for a case made of several files.
    pub(crate) spec: &'static str,
    pub(crate) code: i32,
    /// `file:line:col` the message must name, where the problem has a place.
    pub(crate) place: Option<&'static str>,
    /// A phrase the message must contain.
    pub(crate) says: &'static str,
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

pub(crate) const CASES: &[Case] = &[
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
