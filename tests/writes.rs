//! Every file weir writes (`bump --write`, `log --output`) is replaced atomically and only
//! that file changes: no other file in the repository, no temporary file left behind, the
//! file's permissions and a symbolic link to it kept, and nothing rewritten when nothing
//! changed. (That `bump --write` changes no byte but the version, whatever the YAML or JSON
//! style, is the property test in `bump_write.rs`.)

mod common;
use common::*;

use std::path::Path;

const BASE: &str = "# The pet store.\r\nopenapi: 3.1.0\r\ninfo:\r\n  title: \"Pets\"   # keep me\r\n  version: '1.4.0'\r\npaths:\r\n  /pets:\r\n    get:\r\n      responses: {'200': {description: ok}}\r\n";

/// Released at v1.4.0, then an operation added (a minor change) in the work tree.
fn repo() -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", BASE);
    r.write("api/other.yaml", "untouched: true\n");
    r.commit("v1.4.0");
    r.git(&["tag", "v1.4.0"]);
    r.write(
        "api/openapi.yaml",
        &format!(
            "{BASE}  /owners:\r\n    get:\r\n      responses: {{'200': {{description: ok}}}}\r\n"
        ),
    );
    r
}

/// Every file under `dir` (but `.git`) with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap() == ".git" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read(&p).unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

/// A file that changed: its name, its bytes before and after (`None`: absent).
type Changed = (String, Option<Vec<u8>>, Option<Vec<u8>>);

/// What changed between two snapshots.
fn changed(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) -> Vec<Changed> {
    let mut names: Vec<&String> = before.iter().chain(after).map(|(n, _)| n).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|n| {
            let b = before.iter().find(|(m, _)| m == n).map(|(_, t)| t.clone());
            let a = after.iter().find(|(m, _)| m == n).map(|(_, t)| t.clone());
            (a != b).then(|| (n.clone(), b, a))
        })
        .collect()
}

#[test]
fn bump_write_changes_the_version_and_nothing_else() {
    let r = repo();
    let before = snapshot(r.path());
    let o = r.weir(&["bump", "--spec", "api/openapi.yaml", "--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "1.5.0\n");
    let diff = changed(&before, &snapshot(r.path()));
    assert_eq!(diff.len(), 1, "only the spec changes: {diff:?}");
    let (name, old, new) = &diff[0];
    assert_eq!(name, "api/openapi.yaml");
    let old = String::from_utf8(old.clone().unwrap()).unwrap();
    let new = String::from_utf8(new.clone().unwrap()).unwrap();
    assert_eq!(new, old.replace("version: '1.4.0'", "version: '1.5.0'"));
    // The gate passes now, and a second run has nothing to write.
    assert_eq!(
        r.weir(&["check", "--spec", "api/openapi.yaml"])
            .status
            .code(),
        Some(0)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = |p: &Path| std::fs::metadata(p).unwrap().ino();
        let spec = r.path().join("api/openapi.yaml");
        let first = inode(&spec);
        let o = r.weir(&["bump", "--spec", "api/openapi.yaml", "--write"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(inode(&spec), first, "an unchanged file is not rewritten");
    }
}

#[cfg(unix)]
#[test]
fn bump_write_keeps_permissions_and_writes_through_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let r = repo();
    let real = r.path().join("api/openapi.yaml");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("api/openapi.yaml", r.path().join("openapi.yaml")).unwrap();
    let o = r.weir(&["bump", "--spec", "openapi.yaml", "--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let link = std::fs::symlink_metadata(r.path().join("openapi.yaml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.contains("version: '1.5.0'"), "{text}");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn log_output_writes_that_file_only_and_replaces_it_whole() {
    let r = repo();
    r.commit("add /owners");
    std::fs::write(
        r.path().join("history.html"),
        "an older report, much longer ".repeat(1000),
    )
    .unwrap();
    let before = snapshot(r.path());
    let o = r.weir(&[
        "log",
        "--spec",
        "api/openapi.yaml",
        "--format",
        "html",
        "--output",
        "history.html",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let diff = changed(&before, &snapshot(r.path()));
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert_eq!(diff[0].0, "history.html");
    let html = String::from_utf8(diff[0].2.clone().unwrap()).unwrap();
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(
        !html.contains("an older report"),
        "replaced whole, not overwritten in place"
    );
}

#[test]
fn a_write_that_fails_leaves_everything_as_it_was() {
    let r = repo();
    r.commit("add /owners");
    std::fs::create_dir(r.path().join("report.json")).unwrap();
    let before = snapshot(r.path());
    for output in ["report.json", "missing-folder/report.json"] {
        let o = r.weir(&[
            "log",
            "--spec",
            "api/openapi.yaml",
            "--format",
            "json",
            "--output",
            output,
        ]);
        assert_eq!(o.status.code(), Some(2), "{output}: {}", stderr(&o));
        assert!(stderr(&o).contains(output), "{output}: {}", stderr(&o));
        assert_eq!(changed(&before, &snapshot(r.path())), vec![], "{output}");
    }
}
