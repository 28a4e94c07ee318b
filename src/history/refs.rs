//! The files a spec is made of at a revision: the spec and every file its `$ref`s reach,
//! transitively. `weir log` lists a commit when one of them changed — not when anything in the
//! spec's folder did (source files often live beside the spec).
//!
//! The references are read from the text, not a parse: the walk visits every commit and must
//! stay cheap, and each revision is parsed once later, in parallel. Reading the text finds
//! every `$ref` a parse would (and perhaps a few more, in examples or descriptions): listing
//! a commit too many shows "no API change"; missing one would hide when a change was made.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::load::source::{join_key, key_dir};

/// Each file of the spec (a repository key) and its blob at the revision (`None`: missing,
/// as a dangling `$ref`'s target is; it counts when it appears).
pub type Files = BTreeMap<String, Option<git2::Oid>>;

/// Remembers the references read from each blob, so a file is read once however many
/// revisions share it.
#[derive(Default)]
pub struct Scanner {
    refs: HashMap<git2::Oid, Vec<String>>,
}

impl Scanner {
    /// The files of the spec at `spec` in `tree`.
    pub fn files(&mut self, repo: &git2::Repository, tree: &git2::Tree<'_>, spec: &str) -> Files {
        let mut files = Files::new();
        let mut queue = vec![spec.to_string()];
        while let Some(key) = queue.pop() {
            if files.contains_key(&key) {
                continue;
            }
            let blob = tree.get_path(Path::new(&key)).ok().map(|e| e.id());
            files.insert(key.clone(), blob);
            let Some(oid) = blob else { continue };
            let refs = self
                .refs
                .entry(oid)
                .or_insert_with(|| references_of(repo, oid, key_dir(&key)));
            queue.extend(refs.iter().cloned());
        }
        files
    }

    /// Read the references of `blobs`, versions of the file `key`, ahead and on every core:
    /// the walk finds them known instead of reading each blob in turn (inflating and
    /// scanning each revision of a 6 MB spec was most of the walk, on one core). A blob that
    /// cannot be read here is read when the walk asks for it.
    pub fn read_ahead(&mut self, repo: &git2::Repository, key: &str, mut blobs: Vec<git2::Oid>) {
        blobs.sort();
        blobs.dedup();
        blobs.retain(|oid| !self.refs.contains_key(oid));
        let (dir, at) = (key_dir(key), repo.path());
        let read = crate::parallel::runs_of_at_least(1, &blobs, |run, _| {
            // A repository handle is one thread's: each run opens its own.
            let Ok(repo) = git2::Repository::open(at) else {
                return Vec::new();
            };
            run.iter()
                .map(|&oid| (oid, references_of(&repo, oid, dir)))
                .collect::<Vec<_>>()
        });
        self.refs.extend(read.into_iter().flatten());
    }
}

/// The repository keys the blob `oid` (a file in folder `dir`) names in `$ref` values (none
/// if it cannot be read).
fn references_of(repo: &git2::Repository, oid: git2::Oid, dir: &str) -> Vec<String> {
    repo.find_blob(oid)
        .map(|b| {
            // A spec is UTF-8 (checked a word at a time, without a copy); a blob that is not
            // is read with its bad bytes replaced.
            match std::str::from_utf8(b.content()) {
                Ok(text) => referenced(text, dir),
                Err(_) => referenced(&String::from_utf8_lossy(b.content()), dir),
            }
        })
        .unwrap_or_default()
}

/// Whether any of the files differs in `tree` (the parent's).
pub fn changed(files: &Files, tree: &git2::Tree<'_>) -> bool {
    files
        .iter()
        .any(|(key, blob)| tree.get_path(Path::new(key)).ok().map(|e| e.id()) != *blob)
}

/// The repository keys of the other files `text` (in folder `dir`) names in `$ref` values:
/// the part before `#`, relative to `dir`. URLs and references within the file are left out.
pub fn referenced(text: &str, dir: &str) -> Vec<String> {
    let mut keys: Vec<String> = memchr::memmem::find_iter(text.as_bytes(), "$ref")
        .filter_map(|at| ref_value(&text[at + 4..]))
        .filter_map(|value| {
            let file = value.split('#').next().unwrap_or("").trim();
            if file.is_empty() || file.contains("://") {
                return None;
            }
            join_key(dir, file)
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The value after a `$ref` key: `: 'x.yaml#/a'`, `": "x.json"`, `: x.yaml` or a folded
/// block (`: >-` and the value on the next line).
fn ref_value(after: &str) -> Option<&str> {
    let rest = after.strip_prefix(['"', '\'']).unwrap_or(after);
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
    let rest = rest.trim_start_matches([' ', '\t']);
    let rest = match rest.chars().next()? {
        '>' | '|' => rest.split_once('\n')?.1.trim_start(),
        _ => rest,
    };
    match rest.chars().next()? {
        q @ ('"' | '\'') => rest[1..].split(q).next(),
        _ => rest
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '}' | ']'))
            .next(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_in_yaml_and_json() {
        let text = r##"
paths:
  /pets:
    $ref: 'paths/pets.yaml'
components:
  schemas:
    Pet: {$ref: "./schemas/pet.yaml#/Pet"}
    Owner:
      $ref: >-
        ../common/owner.yaml#/components/schemas/Owner
    Local:
      $ref: '#/components/schemas/Pet'
    Remote:
      $ref: https://example.com/pet.yaml
    Plain:
      $ref: errors.yaml
  "other": {"$ref": "json/other.json#/a", "x": 1}
"##;
        assert_eq!(
            referenced(text, "api"),
            [
                "api/errors.yaml",
                "api/json/other.json",
                "api/paths/pets.yaml",
                "api/schemas/pet.yaml",
                "common/owner.yaml",
            ]
        );
        // Nothing outside the repository.
        assert!(referenced("$ref: ../../x.yaml", "api").is_empty());
    }
}
