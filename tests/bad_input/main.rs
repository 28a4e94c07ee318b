//! Bad input of every kind. Each case gives exit 2 with a message that names the problem and
//! its file:line:col (or, where the input is fine after all, the right result) — never a
//! panic, never a silent pass. The messages are snapshots (`tests/snapshots/bad_input__*`),
//! so a change of wording is reviewed like code.
//!
//! The single-file and multi-file cases are `fixtures/bad-input/*` (`cases`, run by
//! `fixtures`), each copied into a temp folder outside any git repository before weir reads
//! it; cases that need a large or generated input, standard input or a git repository are
//! written in `generated` and `git`. The helpers they share are here.

mod cases;
#[path = "../common/mod.rs"]
mod common;
mod fixtures;
mod generated;
mod git;
mod valid;

use common::*;

use std::path::Path;
use std::process::{Command, Output, Stdio};

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

/// The message snapshot `name` (exit code and stderr), in `tests/snapshots/bad_input__NAME.snap`
/// as before the tests moved into modules: insta names a snapshot after the module that asserts
/// (here, the crate root) and looks for it beside the file that asserts (here, one folder down).
fn assert_message_snapshot(name: &str, code: i32, err: &str) {
    insta::with_settings!({snapshot_path => "../snapshots"}, {
        insta::assert_snapshot!(name, format!("exit: {code}\n{err}"));
    });
}
