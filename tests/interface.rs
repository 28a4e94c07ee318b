//! The command line around the reports: shell completions, `--quiet` / `--verbose`, and the
//! examples in `--help`.

mod common;
use common::*;

fn petstore(extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "diff".to_string(),
        "fixtures/examples/petstore-v1.yaml".into(),
        "fixtures/examples/petstore-v2.yaml".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn run(args: &[String]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    weir(&args)
}

#[test]
fn completions_for_every_shell() {
    for (shell, marker) in [
        ("bash", "_weir()"),
        ("zsh", "#compdef weir"),
        ("fish", "complete -c weir"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[weir]"),
    ] {
        let o = weir(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains(marker), "{shell}:\n{out}");
        for sub in ["diff", "check", "changelog", "hook", "init"] {
            assert!(out.contains(sub), "{shell} completes {sub}");
        }
    }
    assert_eq!(weir(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn quiet_leaves_out_info_and_warnings_about_the_input() {
    let loud = stdout(&run(&petstore(&[])));
    let quiet = stdout(&run(&petstore(&["--quiet"])));
    assert!(loud.contains("INFO      api-version-changed"));
    assert!(!quiet.contains("INFO "), "{quiet}");
    assert!(quiet.contains("BREAKING  request-maximum-decreased"));
    // The summary still counts everything.
    assert_eq!(loud.lines().last(), quiet.lines().last());
    // Machine formats are whole whatever the verbosity.
    assert_eq!(
        run(&petstore(&["--format", "json", "-q"])).stdout,
        run(&petstore(&["--format", "json"])).stdout
    );

    // A dangling $ref is a warning on stderr, gone with --quiet.
    let dir = tempfile::tempdir().unwrap();
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n";
    std::fs::write(dir.path().join("a.yaml"), spec).unwrap();
    let o = weir_in(dir.path(), &["diff", "a.yaml", "a.yaml"]);
    assert!(stderr(&o).contains("does not resolve"), "{}", stderr(&o));
    let o = weir_in(dir.path(), &["diff", "a.yaml", "a.yaml", "--quiet"]);
    assert_eq!(stderr(&o), "");
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn verbose_says_what_weir_decided() {
    let r = Repo::new();
    let v1 = std::fs::read_to_string(fixture("examples/petstore-v1.yaml")).unwrap();
    r.write("api/openapi.yaml", &v1);
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\ntag-pattern = \"v*\"\n\n[[ignore]]\nfingerprint = \"0000000000000000\"\nreason = \"stale\"\nexpires = 2999-01-01\n",
    );
    r.commit("release");
    r.git(&["tag", "v1.4.0"]);
    let o = r.weir(&["check", "--verbose"]);
    let err = stderr(&o);
    assert!(
        err.contains(
            "weir: checking api/openapi.yaml (tag pattern v*, fail-on version, deprecation-days 0)"
        ),
        "{err}"
    );
    assert!(err.contains("weir: base: v1.4.0"), "{err}");
    let o = r.weir(&["diff", "v1.4.0:api/openapi.yaml", "api/openapi.yaml", "-v"]);
    let err = stderr(&o);
    assert!(err.contains("weir.toml"), "{err}");
    assert!(
        err.contains("the ignore of 0000000000000000 matched no finding"),
        "{err}"
    );
    assert_eq!(
        r.weir(&["check", "-q", "-v"]).status.code(),
        Some(2),
        "exclusive"
    );
}

#[test]
fn help_shows_examples() {
    for cmd in [
        vec!["--help"],
        vec!["diff", "--help"],
        vec!["check", "--help"],
        vec!["changelog", "--help"],
        vec!["bump", "--help"],
        vec!["log", "--help"],
        vec!["rules", "--help"],
        vec!["explain", "--help"],
        vec!["init", "--help"],
        vec!["hook", "install", "--help"],
        vec!["completions", "--help"],
    ] {
        let o = weir(&cmd);
        assert_eq!(o.status.code(), Some(0), "{cmd:?}");
        let out = stdout(&o);
        assert!(out.contains("Example"), "{cmd:?} has examples:\n{out}");
        assert!(out.contains("weir "), "{cmd:?}");
    }
    let out = stdout(&weir(&["check", "--help"]));
    for flag in [
        "--all",
        "--fail-on",
        "--outputs",
        "--format",
        "--quiet",
        "--verbose",
    ] {
        assert!(out.contains(flag), "check --help lists {flag}");
    }
    for format in ["text", "json", "markdown", "sarif", "junit", "github"] {
        assert!(out.contains(format), "check --help lists {format}");
    }
}
