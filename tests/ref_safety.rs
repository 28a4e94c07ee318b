//! `$ref` safety: weir never reads the network, never a file outside the repository (or,
//! outside git, the spec's folder), and never follows a symbolic link out of it — on disk or
//! in a git revision. Links and `..` that stay inside are followed.

mod common;
use common::*;

use std::net::TcpListener;
use std::path::Path;

/// A spec whose one response is `{$ref: REF}`.
fn spec(reference: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /m:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '{reference}'}}\n"
    )
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[cfg(unix)]
fn link(dir: &Path, rel: &str, target: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, p).unwrap();
}

/// `weir diff SPEC SPEC` in `dir`: exit code and stderr.
fn diff_self(dir: &Path, spec: &str) -> (i32, String) {
    let o = weir_in(dir, &["diff", spec, spec, "--strict"]);
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    (o.status.code().unwrap(), err)
}

/// The referenced schema's type, as weir read it: compare the spec with one whose response
/// is `{type: integer}` and return what the type changed from.
fn read_type(dir: &Path, spec_path: &str) -> Result<String, String> {
    let other = "other-side.yaml";
    write(
        dir,
        other,
        &spec("x").replace("{$ref: 'x'}", "{type: integer}"),
    );
    let o = weir_in(dir, &["diff", spec_path, other, "--format", "json"]);
    if o.status.code() != Some(0) {
        return Err(stderr(&o));
    }
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "schema.type")
        .map(|c| c["before"].as_str().unwrap().to_string())
        .ok_or_else(|| format!("{v:#}"))
}

#[test]
fn the_network_is_never_contacted() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    for reference in [
        format!("http://127.0.0.1:{port}/pet.yaml"),
        format!("https://127.0.0.1:{port}/pet.yaml#/Pet"),
        format!("//127.0.0.1:{port}/pet.yaml"),
        format!("HTTP://127.0.0.1:{port}/pet.yaml"),
        "file:///etc/hostname".to_string(),
        "urn:example:pet".to_string(),
    ] {
        write(dir.path(), "s.yaml", &spec(&reference));
        let (code, err) = diff_self(dir.path(), "s.yaml");
        assert_eq!(code, 2, "{reference}: {err}");
        assert!(err.contains("points at the network"), "{reference}: {err}");
        assert!(err.contains("s.yaml:11:30"), "{reference}: {err}");
    }
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        other => panic!("weir connected to the network: {other:?}"),
    }
}

#[test]
fn outside_git_the_root_is_the_specs_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "outside.yaml", "type: string\n");
    write(dir.path(), "api/shared/pet.yaml", "type: boolean\n");
    for reference in [
        "../outside.yaml",
        "%2e%2e/outside.yaml",
        "shared/../../outside.yaml",
    ] {
        write(dir.path(), "api/s.yaml", &spec(reference));
        let (code, err) = diff_self(&dir.path().join("api"), "s.yaml");
        assert_eq!(code, 2, "{reference}: {err}");
        assert!(
            err.contains("leaves the repository (or the spec's folder)"),
            "{reference}: {err}"
        );
    }
    let outside = dir.path().join("outside.yaml").display().to_string();
    for reference in [outside.as_str(), "C:/outside.yaml"] {
        write(dir.path(), "api/s.yaml", &spec(reference));
        let (code, err) = diff_self(&dir.path().join("api"), "s.yaml");
        assert_eq!(code, 2, "{reference}: {err}");
        assert!(err.contains("is an absolute path"), "{reference}: {err}");
    }
    // Inside the folder, `..` is fine.
    write(dir.path(), "api/s.yaml", &spec("shared/../shared/pet.yaml"));
    assert_eq!(
        read_type(&dir.path().join("api"), "s.yaml"),
        Ok("boolean".into())
    );
}

#[test]
fn inside_git_the_root_is_the_repository() {
    let r = Repo::new();
    r.write("common/pet.yaml", "type: boolean\n");
    r.write("api/v1/s.yaml", &spec("../../common/pet.yaml"));
    r.write("api/v1/out.yaml", &spec("../../../outside.yaml"));
    r.commit("specs");
    assert_eq!(read_type(r.path(), "api/v1/s.yaml"), Ok("boolean".into()));
    assert_eq!(
        read_type(r.path(), "HEAD:api/v1/s.yaml"),
        Ok("boolean".into())
    );
    for locator in ["api/v1/out.yaml", "HEAD:api/v1/out.yaml"] {
        let (code, err) = diff_self(r.path(), locator);
        assert_eq!(code, 2, "{locator}: {err}");
        assert!(err.contains("leaves the repository"), "{locator}: {err}");
    }
}

#[test]
fn percent_encoded_file_names_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "my pet.yaml", "Pet: {type: boolean}\n");
    write(dir.path(), "s.yaml", &spec("my%20pet.yaml#/Pet"));
    assert_eq!(read_type(dir.path(), "s.yaml"), Ok("boolean".into()));
}

#[cfg(unix)]
#[test]
fn symbolic_links_on_disk_are_followed_only_inside_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("api");
    write(dir.path(), "secret.yaml", "type: string\n");
    write(dir.path(), "elsewhere/pet.yaml", "type: string\n");
    write(&api, "real/pet.yaml", "type: boolean\n");
    link(&api, "inside.yaml", "real/pet.yaml");
    link(&api, "linked-folder", "real");
    link(&api, "out.yaml", "../secret.yaml");
    link(&api, "out-folder", "../elsewhere");
    link(
        &api,
        "absolute.yaml",
        &dir.path().join("secret.yaml").display().to_string(),
    );
    link(&api, "loop-a.yaml", "loop-b.yaml");
    link(&api, "loop-b.yaml", "loop-a.yaml");

    for ok in ["inside.yaml", "linked-folder/pet.yaml"] {
        write(&api, "s.yaml", &spec(ok));
        assert_eq!(read_type(&api, "s.yaml"), Ok("boolean".into()), "{ok}");
    }
    for bad in ["out.yaml", "out-folder/pet.yaml", "absolute.yaml"] {
        write(&api, "s.yaml", &spec(bad));
        let (code, err) = diff_self(&api, "s.yaml");
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("outside"), "{bad}: {err}");
        assert!(err.contains("s.yaml:11:30"), "{bad}: {err}");
    }
    write(&api, "s.yaml", &spec("loop-a.yaml"));
    let (code, err) = diff_self(&api, "s.yaml");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("loop-a.yaml"), "{err}");
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_a_revision_are_followed_only_inside_the_repository() {
    let r = Repo::new();
    r.write("api/real/pet.yaml", "type: boolean\n");
    link(r.path(), "api/inside.yaml", "real/pet.yaml");
    link(r.path(), "api/linked-folder", "real");
    link(r.path(), "api/out.yaml", "../../secret.yaml");
    link(r.path(), "api/absolute.yaml", "/etc/hostname");
    link(r.path(), "api/loop-a.yaml", "loop-b.yaml");
    link(r.path(), "api/loop-b.yaml", "loop-a.yaml");
    for (name, reference) in [
        ("inside", "inside.yaml"),
        ("folder", "linked-folder/pet.yaml"),
        ("out", "out.yaml"),
        ("absolute", "absolute.yaml"),
        ("loop", "loop-a.yaml"),
    ] {
        r.write(&format!("api/{name}.spec.yaml"), &spec(reference));
    }
    r.commit("links");
    // The work tree is gone: only the revision is read.
    std::fs::remove_dir_all(r.path().join("api")).unwrap();
    for name in ["inside", "folder"] {
        assert_eq!(
            read_type(r.path(), &format!("HEAD:api/{name}.spec.yaml")),
            Ok("boolean".into()),
            "{name}"
        );
    }
    for (name, says) in [
        ("out", "outside the repository"),
        ("absolute", "outside the repository"),
        ("loop", "symbolic links in a row"),
    ] {
        let (code, err) = diff_self(r.path(), &format!("HEAD:api/{name}.spec.yaml"));
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
        assert!(
            err.contains(&format!("HEAD:api/{name}.spec.yaml:11:30")),
            "{name}: {err}"
        );
    }
}

#[test]
fn refs_of_standard_input_resolve_from_the_current_folder_and_stay_in_it() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "here/pet.yaml", "type: boolean\n");
    write(dir.path(), "secret.yaml", "type: string\n");
    write(
        dir.path(),
        "here/other.yaml",
        &spec("x").replace("{$ref: 'x'}", "{type: integer}"),
    );
    let run = |reference: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_weir"))
            .args(["diff", "-", "other.yaml", "--format", "json"])
            .current_dir(dir.path().join("here"))
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(spec(reference).as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let o = run("pet.yaml");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["changes"][0]["before"], "boolean", "{v:#}");
    let o = run("../secret.yaml");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("leaves the repository"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("<stdin>:11:30"), "{}", stderr(&o));
}
