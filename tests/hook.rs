//! `weir hook install` in a real repository pushing to a bare remote: an under-bumped release
//! tag is refused, a right one goes through, branches are never checked.

mod common;
use common::*;

use std::process::Command;

/// A repository with release v1.0.0 pushed to a bare `origin`, and the hook installed.
fn setup() -> (Repo, tempfile::TempDir) {
    let remote = tempfile::tempdir().unwrap();
    let out = Command::new("git")
        .args(["init", "-q", "--bare"])
        .arg(remote.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let r = Repo::new();
    r.write("api/openapi.yaml", &pets_spec("1.0.0", false));
    r.write("weir.toml", "[[spec]]\npath = \"api/openapi.yaml\"\n");
    r.commit("first release");
    r.git(&["tag", "v1.0.0"]);
    r.git(&["remote", "add", "origin", remote.path().to_str().unwrap()]);
    let o = r.weir(&["hook", "install"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (r, remote)
}

/// `git push`, with the exit status and what git and the hook printed.
fn push(r: &Repo, args: &[&str]) -> (bool, String) {
    let out = Command::new("git")
        .arg("push")
        .args(args)
        .current_dir(r.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn remote_tags(r: &Repo) -> String {
    r.git(&["ls-remote", "--tags", "origin"])
}

#[test]
fn an_under_bumped_release_tag_is_refused_and_a_right_one_is_pushed() {
    let (r, _remote) = setup();
    let hook = std::fs::read_to_string(r.path().join(".git/hooks/pre-push")).unwrap();
    assert!(hook.starts_with("#!/bin/sh\n"), "{hook}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(r.path().join(".git/hooks/pre-push"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o111, 0o111, "executable");
    }
    let (ok, out) = push(&r, &["origin", "main", "v1.0.0"]);
    assert!(ok, "the first release has nothing to compare with: {out}");

    // A breaking change, released as a minor version.
    r.write("api/openapi.yaml", &pets_spec("1.1.0", true));
    r.commit("require an owner");
    r.git(&["tag", "v1.1.0"]);
    let (ok, out) = push(&r, &["origin", "v1.1.0"]);
    assert!(!ok, "the hook refuses: {out}");
    assert!(
        out.contains("FAIL — the changes need a major version bump"),
        "{out}"
    );
    assert!(out.contains("request-parameter-added-required"), "{out}");
    assert!(out.contains("suggested next version: 2.0.0"), "{out}");
    assert!(out.contains("weir: refusing to push v1.1.0"), "{out}");
    assert!(!remote_tags(&r).contains("v1.1.0"));

    // Branches are not releases: pushing main goes through.
    let (ok, out) = push(&r, &["origin", "main"]);
    assert!(ok, "{out}");

    // The right version is pushed, even with the refused tag still around locally.
    r.git(&["tag", "v2.0.0"]);
    let (ok, out) = push(&r, &["origin", "v2.0.0"]);
    assert!(ok, "{out}");
    assert!(remote_tags(&r).contains("refs/tags/v2.0.0"));

    // An annotated tag is checked the same way.
    r.write("api/openapi.yaml", &pets_spec("2.0.1", false));
    r.commit("drop the owner again");
    r.git(&["tag", "-a", "-m", "release", "v2.0.1"]);
    let (ok, out) = push(&r, &["origin", "v2.0.1"]);
    assert!(
        !ok,
        "removing a required parameter from 2.0.0 is not a patch: {out}"
    );
}

#[test]
fn install_keeps_hooks_it_did_not_write() {
    let r = Repo::new();
    r.write("weir.toml", "[[spec]]\npath = \"openapi.yaml\"\n");
    r.write(".git/hooks/pre-push", "#!/bin/sh\necho mine\n");
    let o = r.weir(&["hook", "install"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not weir's"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(r.path().join(".git/hooks/pre-push")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    assert_eq!(
        r.weir(&["hook", "install", "--force"]).status.code(),
        Some(0)
    );
    // Its own hook it replaces without asking.
    assert_eq!(r.weir(&["hook", "install"]).status.code(), Some(0));
}

#[test]
fn install_needs_to_know_the_spec_and_honours_core_hooks_path() {
    let r = Repo::new();
    let o = r.weir(&["hook", "install"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("which spec"), "{}", stderr(&o));
    r.git(&["config", "core.hooksPath", "tools/hooks"]);
    let o = r.weir(&["hook", "install", "--spec", "api/openapi.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let hook = std::fs::read_to_string(r.path().join("tools/hooks/pre-push")).unwrap();
    assert!(
        hook.contains("hook pre-push --spec 'api/openapi.yaml' \"$@\""),
        "{hook}"
    );
}
