//! ARCHITECTURE.md's layering and size rules, checked against the code so the page stays true:
//! every part of `src/` is listed in its `layers` block, imports only parts listed above it,
//! and no source file is over 600 lines.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

/// The `layers` block: part name → its line (0 = bottom of the stack).
fn layers() -> BTreeMap<String, usize> {
    let page = fs::read_to_string("ARCHITECTURE.md").expect("ARCHITECTURE.md");
    let block = page
        .split("```layers\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("ARCHITECTURE.md has a ```layers block");
    let mut layers = BTreeMap::new();
    for (line, parts) in block.lines().enumerate() {
        for part in parts.split_whitespace() {
            assert!(
                layers.insert(part.to_string(), line).is_none(),
                "{part} is listed twice in ARCHITECTURE.md"
            );
        }
    }
    layers
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The part a file belongs to: its first component under `src/` (`diff/schema/mod.rs` → diff).
fn part_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix("src").ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// The parts a file's non-test code names as `crate::PART`. Comments and the `#[cfg(test)]`
/// module at the end of a file (tests may build inputs with lower-level helpers) are skipped.
fn imports(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let mut found = Vec::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
        }
    }
    found
}

#[test]
fn every_part_imports_only_the_layers_below_it() {
    let layers = layers();
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let Some(part) = part_of(file) else { continue };
        let Some(&own) = layers.get(&part) else {
            violations.push(format!(
                "{part} (src/{part}) is missing from ARCHITECTURE.md"
            ));
            continue;
        };
        for import in imports(&fs::read_to_string(file).unwrap()) {
            if import == part {
                continue;
            }
            match layers.get(&import) {
                Some(&theirs) if theirs < own => {}
                Some(_) => violations.push(format!(
                    "{} imports crate::{import}, which is not below {part}",
                    file.display()
                )),
                // Items lib.rs itself defines (`crate::main`) are not parts.
                None => {}
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn every_listed_part_exists() {
    for part in layers().keys() {
        let dir = Path::new("src").join(part);
        let file = Path::new("src").join(format!("{part}.rs"));
        assert!(
            dir.is_dir() || file.is_file(),
            "ARCHITECTURE.md lists {part}, src has none"
        );
    }
}

#[test]
fn no_source_file_is_over_600_lines() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let lines = fs::read_to_string(f).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} has {lines} lines", f.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_import_scanner_sees_imports_and_skips_comments_and_tests() {
    let source = "use crate::model::Spec;\n// crate::cli in a comment\nfn f() { crate::diff::diff(a, b) }\n#[cfg(test)]\nmod tests { use crate::load; }\n";
    assert_eq!(imports(source), ["model", "diff"]);
}
