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

/// The parts a file's non-test code names as `crate::PART`, or inside a group
/// `crate::{PART::…, PART}` (across lines too). Comments and the `#[cfg(test)]` module at the
/// end of a file (tests may build inputs with lower-level helpers) are skipped.
fn imports(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    let code: String = code
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The group's top-level items: split at commas outside nested braces.
            let (mut depth, mut start) = (0, 0);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.extend(first_name(&group[start..i]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.extend(first_name(&group[start..i]));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.extend(first_name(rest));
        }
    }
    found
}

/// The identifier a path starts with (`model::Spec` → model), if any.
fn first_name(path: &str) -> Option<String> {
    let name: String = path
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && name != "self").then_some(name)
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
    let source = "use crate::model::Spec;\n// crate::cli in a comment\nfn f() { crate::diff::diff(a, b) }\nuse crate::{\n    load::{Locator, source},\n    tree,\n};\n#[cfg(test)]\nmod tests { use crate::report; }\n";
    assert_eq!(imports(source), ["model", "diff", "load", "tree"]);
    let names: Vec<String> =
        words("let n = text.parse::<u32>(); source::decode(Locator)").collect();
    assert_eq!(
        names,
        ["let", "n", "text", "u32", "source::", "decode", "Locator"]
    );
}

/// Issue 12's nevers, checked by name whatever order the `layers` block gives: the model and
/// the diff never reach the loaders, the rules never reach anything that uses them.
#[test]
fn the_model_and_diff_never_load_and_rules_never_reach_up() {
    let loaders = ["Workspace", "Locator", "load::", "source::", "parse::"];
    let above_rules = ["consumers", "gate", "report", "commands", "cli"];
    let mut violations = Vec::new();
    for (dir, banned_parts) in [
        ("src/model", &["load"][..]),
        ("src/diff", &["load"][..]),
        ("src/rules", &above_rules[..]),
    ] {
        let mut files = Vec::new();
        rust_files(Path::new(dir), &mut files);
        for file in &files {
            let source = fs::read_to_string(file).unwrap();
            for import in imports(&source) {
                if banned_parts.contains(&import.as_str()) {
                    violations.push(format!("{} imports crate::{import}", file.display()));
                }
            }
            if dir != "src/rules" {
                for line in source.lines() {
                    let code = line.trim_start();
                    if code.starts_with("//") {
                        continue;
                    }
                    for name in loaders.iter().filter(|n| words(code).any(|w| w == **n)) {
                        violations.push(format!("{} names {name}: {code}", file.display()));
                    }
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// A line's identifiers, each with a following `::` kept (`source::decode` → `source::`); a
/// method call's name (`.parse::<u32>()`) is no identifier of a path and is left out.
fn words(line: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        let method = rest[..start].ends_with('.');
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        let word = &tail[..end];
        if !method {
            out.push(if tail[end..].starts_with("::") {
                format!("{word}::")
            } else {
                word.to_string()
            });
        }
        rest = &tail[end..];
    }
    out.into_iter()
}

/// Every struct, enum, trait and type alias defined in `src/` (name → the files defining it).
/// A trait impl's associated types (`type Error = …` in a serde `Serializer`) are the trait's
/// names, not ones `src/` defines, and are left out.
fn type_names() -> BTreeMap<String, Vec<String>> {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        // The indentation of the `impl` block the lines are in, if any.
        let mut in_impl: Option<usize> = None;
        for line in fs::read_to_string(file).unwrap().lines() {
            let mut code = line.trim_start();
            let indent = line.len() - code.len();
            if in_impl.is_some_and(|at| indent <= at && code.starts_with('}')) {
                in_impl = None;
            }
            if code.starts_with("impl") {
                in_impl = Some(indent);
            }
            if in_impl.is_some_and(|at| indent > at) && code.starts_with("type ") {
                continue;
            }
            if let Some(rest) = code.strip_prefix("pub") {
                code = match rest.strip_prefix('(') {
                    Some(scoped) => scoped.split_once(')').map_or("", |(_, r)| r),
                    None => rest,
                }
                .trim_start();
            }
            for keyword in ["struct ", "enum ", "trait ", "type ", "union "] {
                let Some(rest) = code.strip_prefix(keyword) else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    names
                        .entry(name)
                        .or_default()
                        .push(file.display().to_string());
                }
            }
        }
    }
    names
}

/// ARCHITECTURE.md's never "no type name used twice": one `Side`, one `Outcome` in `src`, so a
/// name says what it is without its module.
#[test]
fn no_type_name_is_defined_twice() {
    let twice: Vec<String> = type_names()
        .into_iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(name, files)| format!("{name}: {}", files.join(", ")))
        .collect();
    assert!(twice.is_empty(), "defined twice:\n{}", twice.join("\n"));
}

/// What ARCHITECTURE.md names in backquotes outside its code blocks exists: files and folders
/// (`diff/`, `rules/mod.rs`, relative to `src/` or the repository, or a unique file name under
/// `src/`), types (`OperationId`), paths (`assess::Settings`, `Finding::adjustments`: the last
/// name is in the first's part or type) and macros (`kinds!`).
#[test]
fn architecture_md_names_only_what_exists() {
    let page = fs::read_to_string("ARCHITECTURE.md").unwrap();
    let prose: String = page.split("```").step_by(2).collect::<Vec<_>>().join("\n");
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let sources: Vec<(PathBuf, String)> = files
        .iter()
        .map(|f| (f.clone(), fs::read_to_string(f).unwrap()))
        .collect();
    let types = type_names();
    let defined_in = |name: &str, file_filter: &dyn Fn(&Path) -> bool| {
        sources
            .iter()
            .filter(|(f, _)| file_filter(f))
            .any(|(_, text)| words(text).any(|w| w == name))
    };
    let mut missing = Vec::new();
    for quoted in prose.split('`').skip(1).step_by(2) {
        if quoted.contains('<') || quoted.contains(' ') {
            continue; // a pattern (`rules/<id>.toml`) or a command line (`weir log`)
        }
        let found = if quoted.ends_with(".rs") || quoted.ends_with('/') {
            let trimmed = quoted.trim_end_matches('/');
            Path::new(quoted).exists()
                || Path::new("src").join(trimmed).exists()
                || sources
                    .iter()
                    .any(|(f, _)| f.ancestors().any(|a| a.ends_with(trimmed)))
        } else if let Some(name) = quoted.strip_suffix('!') {
            sources
                .iter()
                .any(|(_, t)| t.contains(&format!("macro_rules! {name}")))
        } else if let Some((first, last)) = quoted.rsplit_once("::") {
            let first = first.split("::").next().unwrap();
            if first == "weir" {
                defined_in(last, &|f| f == Path::new("src/lib.rs"))
            } else if let Some(files) = types.get(first) {
                defined_in(last, &|f| files.iter().any(|d| Path::new(d) == f))
            } else {
                let dir = Path::new("src").join(first);
                let file = Path::new("src").join(format!("{first}.rs"));
                (dir.is_dir() || file.is_file())
                    && defined_in(last, &|f| f.starts_with(&dir) || f == file)
            }
        } else if quoted.starts_with(|c: char| c.is_ascii_uppercase())
            && quoted.chars().all(|c| c.is_ascii_alphanumeric())
        {
            types.contains_key(quoted)
        } else {
            true // a word of prose (`today`, `x-`) or a part the layering test checks
        };
        if !found {
            missing.push(quoted.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md names what src does not have: {}",
        missing.join(", ")
    );
}
