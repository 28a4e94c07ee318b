//! Every output format of `weir diff`, `weir check` and `weir changelog`, as snapshots; JSON
//! validated against `schemas/report.schema.json`, SARIF against the OASIS SARIF 2.1.0 schema,
//! JUnit parsed back as XML; every format byte-identical across runs.

mod common;
use common::*;

use serde_json::Value;

const FORMATS: [&str; 6] = ["text", "json", "markdown", "sarif", "junit", "github"];

fn schema(name: &str) -> Value {
    let path = root().join("schemas").join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Validate against weir's schema, narrowed to one of its shapes so errors say what broke.
fn assert_weir_json(shape: &str, out: &str) {
    let mut s = schema("report.schema.json");
    s["oneOf"] = serde_json::json!([{ "$ref": format!("#/$defs/{shape}") }]);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&s)
        .expect("the schema compiles");
    let instance: Value = serde_json::from_str(out).expect("output is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{shape} output breaks the schema:\n{}",
        errors.join("\n")
    );
    // And the published schema as a whole accepts it.
    let whole = jsonschema::validator_for(&schema("report.schema.json")).unwrap();
    assert!(whole.is_valid(&instance));
}

fn assert_sarif(out: &str) {
    // The official schema's `language` patterns have a stray `]`, which the strict ECMA-262
    // check of the meta-schema's `format: regex` refuses. weir never writes `language`; the
    // patterns get their intended form in memory so that every format (URIs…) of the output
    // can be checked. The vendored file stays as published.
    fn fix_language(v: &mut Value) -> usize {
        match v {
            Value::Object(m) => m
                .iter_mut()
                .map(|(k, v)| {
                    if k == "pattern" && v == "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$" {
                        *v = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
                        1
                    } else {
                        fix_language(v)
                    }
                })
                .sum(),
            Value::Array(a) => a.iter_mut().map(fix_language).sum(),
            _ => 0,
        }
    }
    let mut sarif = schema("sarif-schema-2.1.0.json");
    assert_eq!(fix_language(&mut sarif), 2);
    let validator = jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&sarif)
        .expect("the SARIF schema compiles");
    let instance: Value = serde_json::from_str(out).expect("SARIF is JSON");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

/// Parse JUnit XML back; returns (test cases, failures).
fn junit_counts(out: &str) -> (usize, usize) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(out);
    let (mut cases, mut failures) = (0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "testcase" => cases += 1,
                "failure" => failures += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    (cases, failures)
}

fn snapshot(name: &str, out: &str) {
    insta::assert_snapshot!(name, out);
}

fn check_format(command: &str, format: &str, out: &str) {
    match (command, format) {
        ("changelog", "json") => assert_weir_json("changelog", out),
        ("check", "json") => assert_weir_json("check", out),
        ("check-all", "json") => assert_weir_json("checkAll", out),
        (_, "json") => assert_weir_json("diff", out),
        (_, "sarif") => assert_sarif(out),
        (_, "junit") => {
            let (cases, _) = junit_counts(out);
            assert!(cases > 0);
        }
        _ => {}
    }
}

fn petstore(args: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.push("fixtures/examples/petstore-v1.yaml".into());
    all.push("fixtures/examples/petstore-v2.yaml".into());
    all
}

#[test]
fn diff_in_every_format() {
    for format in FORMATS {
        let mut args = petstore(&["diff"]);
        args.extend(["--format".into(), format.into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = weir(&args);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        check_format("diff", format, &out);
        assert_eq!(weir(&args).stdout, o.stdout, "{format} is deterministic");
        snapshot(&format!("diff_{format}"), &out);
    }
}

#[test]
fn changelog_in_every_format() {
    for format in FORMATS {
        let mut args = petstore(&["changelog"]);
        args.extend(["--format".into(), format.into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = weir(&args);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        check_format("changelog", format, &out);
        assert_eq!(weir(&args).stdout, o.stdout, "{format} is deterministic");
        snapshot(&format!("changelog_{format}"), &out);
    }
}

/// Release 1.4.0 of the petstore, then the working tree at petstore-v2 (declares 1.5.0 but
/// has breaking changes), with one finding ignored and one rule set to another level.
fn released_petstore() -> Repo {
    let r = Repo::new();
    let read = |p: &str| std::fs::read_to_string(fixture(p)).unwrap();
    r.write("api/openapi.yaml", &read("examples/petstore-v1.yaml"));
    r.commit("release 1.4.0");
    r.git(&["tag", "v1.4.0"]);
    r.write("api/openapi.yaml", &read("examples/petstore-v2.yaml"));
    // The fingerprint of the new required parameter, from the diff itself.
    let o = r.weir(&[
        "diff",
        "v1.4.0:api/openapi.yaml",
        "api/openapi.yaml",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let fp = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "request-parameter-added-required")
        .expect("the fixture adds a required parameter")["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    r.write(
        "weir.toml",
        &format!(
            "[[spec]]\npath = \"api/openapi.yaml\"\nname = \"petstore\"\n\n\
             [rules]\nresponse-enum-value-added = \"info\"\n\n\
             [[ignore]]\nfingerprint = \"{fp}\"\nrule = \"request-parameter-added-required\"\n\
             reason = \"species is sent by every client since 1.3\"\nexpires = 2999-12-31\n"
        ),
    );
    r
}

#[test]
fn check_in_every_format() {
    let r = released_petstore();
    for format in FORMATS {
        let o = r.weir(&["check", "--format", format]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{format}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        let out = stdout(&o);
        check_format("check", format, &out);
        assert_eq!(r.weir(&["check", "--format", format]).stdout, o.stdout);
        snapshot(&format!("check_{format}"), &out);
    }
    // The gate's failures: the version, and the operations whose changes need more than a
    // minor bump; the ignored required parameter is not among them.
    let junit = stdout(&r.weir(&["check", "--format", "junit"]));
    let (_, failures) = junit_counts(&junit);
    assert_eq!(
        failures, 4,
        "version, DELETE and GET /pets, POST /pets:\n{junit}"
    );
    assert!(!junit.contains("failure message=\"2 "), "{junit}");
    let json: Value =
        serde_json::from_slice(&r.weir(&["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["verdict"], "too-small");
    assert_eq!(json["diff"]["summary"]["ignored"], 1);
    assert_eq!(json["diff"]["summary"]["breaking"], 2);
}

#[test]
fn a_passing_check_in_every_format() {
    let r = released_petstore();
    let text = std::fs::read_to_string(r.path().join("api/openapi.yaml")).unwrap();
    r.write(
        "api/openapi.yaml",
        &text.replace("version: 1.5.0", "version: 2.0.0"),
    );
    for format in FORMATS {
        let o = r.weir(&["check", "--format", format]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{format}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        check_format("check", format, &stdout(&o));
    }
    let junit = stdout(&r.weir(&["check", "--format", "junit"]));
    assert_eq!(
        junit_counts(&junit).1,
        0,
        "a correct major release fails no test:\n{junit}"
    );
    // The same levels as a failing check (a breaking change is an error, a warning a
    // warning: whether the gate passes is said by the closing notice, not by the levels).
    let github = stdout(&r.weir(&["check", "--format", "github"]));
    assert!(!github.contains("::error title=weir check"), "{github}");
    assert!(github.contains("::notice title=weir check"), "{github}");
    assert!(
        github.contains(
            "::error file=api/openapi.yaml,line=18,col=13,title=request-maximum-decreased::"
        ),
        "{github}"
    );
    assert!(
        github.contains("::warning file=api/openapi.yaml,line=7,col=1,title=endpoint-removed-after-deprecation::"),
        "{github}"
    );
    // Info is not annotated, except a notice for the change weir.toml downgraded.
    let notices: Vec<&str> = github
        .lines()
        .filter(|l| l.starts_with("::notice file="))
        .collect();
    assert_eq!(notices.len(), 1, "{github}");
    assert!(
        notices[0].contains("title=response-enum-value-added::")
            && notices[0].ends_with("(info by weir.toml (the rule says warning))"),
        "{github}"
    );
}

#[test]
fn the_first_release_in_every_format() {
    let r = Repo::new();
    r.write(
        "api/openapi.yaml",
        &std::fs::read_to_string(fixture("examples/petstore-v1.yaml")).unwrap(),
    );
    r.commit("first");
    for format in FORMATS {
        let o = r.weir(&["check", "--spec", "api/openapi.yaml", "--format", format]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        check_format("check", format, &stdout(&o));
    }
}

#[test]
fn text_has_colour_only_on_a_terminal_without_no_color() {
    let args = petstore(&["diff"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // A pipe: never colour.
    let piped = std::process::Command::new(env!("CARGO_BIN_EXE_weir"))
        .args(&args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(!stdout(&piped).contains('\u{1b}'));
    // A terminal, through `script` (util-linux) when the machine has it.
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!(
            "no `script` here: the terminal case is covered by output::color_for's unit test"
        );
        return;
    }
    let command = format!("{} {}", env!("CARGO_BIN_EXE_weir"), args.join(" "));
    let on_tty = |no_color: Option<&str>| {
        let mut c = std::process::Command::new("script");
        c.args(["-qec", &command, "/dev/null"]).current_dir(root());
        match no_color {
            Some(v) => c.env("NO_COLOR", v),
            None => c.env_remove("NO_COLOR"),
        };
        stdout(&c.output().unwrap())
    };
    assert!(
        on_tty(None).contains("\u{1b}[1m\u{1b}[31mBREAKING"),
        "{}",
        on_tty(None)
    );
    assert!(!on_tty(Some("1")).contains('\u{1b}'));
}

#[test]
fn text_shows_source_lines_of_both_sides() {
    let args = petstore(&["diff"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = stdout(&weir(&args));
    assert!(
        out.contains(
            "  base:     fixtures/examples/petstore-v1.yaml:18:13\n       18 │             maximum: 100\n  revision: fixtures/examples/petstore-v2.yaml:18:13\n       18 │             maximum: 50\n"
        ),
        "{out}"
    );
}

/// With a consumer registry, every format shows who each change affects, and the JSON with
/// the consumers' impact still follows the schema.
#[test]
fn consumers_in_every_format() {
    for format in FORMATS {
        let o = weir(&[
            "diff",
            "fixtures/consumers/base.yaml",
            "fixtures/consumers/revision.yaml",
            "--consumers",
            "fixtures/consumers/registry",
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        check_format("diff", format, &out);
        assert!(
            out.contains("ios-app"),
            "{format} names the consumers:\n{out}"
        );
    }
    // A check that a consumer fails: JUnit and SARIF say so.
    let r = Repo::new();
    let read = |p: &str| std::fs::read_to_string(fixture(p)).unwrap();
    r.write("api/openapi.yaml", &read("consumers/base.yaml"));
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\nconsumers = \"clients\"\n",
    );
    r.commit("release 1.4.0");
    r.git(&["tag", "v1.4.0"]);
    r.write(
        "api/openapi.yaml",
        &read("consumers/revision.yaml").replace("version: 1.5.0", "version: 2.0.0"),
    );
    r.write(
        "clients/ios-app.json",
        &read("consumers/registry/ios-app.json"),
    );
    for format in FORMATS {
        let o = r.weir(&["check", "--format", format]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{format}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        check_format("check", format, &stdout(&o));
    }
    let json: Value =
        serde_json::from_slice(&r.weir(&["check", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["verdict"], "consumers-broken");
    assert_eq!(json["version_verdict"], "pass");
    // The action's `verdict` output (`--outputs`) is the JSON report's word, not the version's.
    let outputs = r.path().join("outputs");
    let o = r.weir(&["check", "--outputs", outputs.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&outputs)
            .unwrap()
            .starts_with("verdict=consumers-broken\n"),
        "the action says what the JSON says"
    );
    assert_eq!(
        json["consumers"]["dir"]
            .as_str()
            .map(|d| d.ends_with("clients")),
        Some(true)
    );
    let junit = stdout(&r.weir(&["check", "--format", "junit"]));
    assert!(
        junit.contains(
            "<failure message=\"registered consumers break: ios-app\" type=\"consumers\">"
        ),
        "{junit}"
    );
    let github = stdout(&r.weir(&["check", "--format", "github"]));
    assert!(github.contains("— consumers: ios-app"), "{github}");
    assert!(
        github.contains("FAIL — registered consumers break: ios-app (verdict: consumers-broken)"),
        "{github}"
    );
    let md = stdout(&r.weir(&["check", "--format", "markdown"]));
    assert!(md.contains("### Consumers"), "{md}");
}

/// A report with hundreds of findings has its `changes` written on every core and spliced
/// into the rest: the bytes must be serde_json's pretty printing of the same document, the
/// findings in order (each operation's three breaks, operation after operation).
#[test]
fn a_big_json_report_is_written_as_one() {
    let spec = |revision: bool| {
        let (max, kind) = if revision {
            (8, "integer")
        } else {
            (40, "string")
        };
        let mut s = String::from("openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n");
        for i in 0..150 {
            s.push_str(&format!(
                "  /things{i:03}:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                name: {{type: string, maxLength: {max}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [code]\n                properties:\n                  code: {{type: {kind}}}\n"
            ));
        }
        s
    };
    let dir = folder_with(&[("base.yaml", &spec(false)), ("revision.yaml", &spec(true))]);
    let out = stdout(&weir_in(
        dir.path(),
        &["diff", "base.yaml", "revision.yaml", "--format", "json"],
    ));
    let value: Value = serde_json::from_str(&out).expect("one JSON document");
    let changes = value["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 300);
    assert_eq!(
        out,
        format!("{}\n", serde_json::to_string_pretty(&value).unwrap())
    );
    let first: Vec<&str> = changes
        .iter()
        .map(|c| c["operation"].as_str().unwrap())
        .collect();
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(first, sorted);
}
