//! All the files one spec is made of, loaded lazily as `$ref`s reach them.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::chunked::{EarlierTrees, parse_reusing};
use super::parse::parse;
use super::source::{
    FsSource, GitSource, Locator, STDIN_KEY, Source, StdinSource, join_key, key_dir,
};
use crate::error::{Error, Located, Result};
use crate::tree::{FileId, NodeId, NodeValue, Tree};

pub struct Workspace {
    source: Box<dyn Source>,
    pub trees: Vec<Tree>,
    /// Folder key of each file, against which its relative `$ref`s resolve.
    dirs: Vec<String>,
    keys: HashMap<String, FileId>,
    /// Resolved `$ref`s per file: a large spec repeats the same few thousand references
    /// tens of thousands of times.
    resolved: Vec<rustc_hash::FxHashMap<String, (FileId, NodeId)>>,
    /// Key → value of large maps, built on first lookup.
    map_index: rustc_hash::FxHashMap<(FileId, NodeId), rustc_hash::FxHashMap<String, NodeId>>,
    /// An earlier revision's trees, whose unchanged parts the main document copies instead
    /// of parsing them again (`weir log`; see `chunked.rs`). Let go once it is parsed.
    earlier: Option<Arc<dyn EarlierTrees>>,
    /// How many schemas the model is likely to have: the earlier revision's count (0:
    /// unknown).
    expected_schemas: usize,
}

impl Workspace {
    /// Load the main document named by a locator (it becomes file 0).
    pub fn open(locator: &Locator) -> Result<Workspace> {
        let (source, key, dir): (Box<dyn Source>, String, String) = match locator {
            Locator::Stdin => {
                let (s, dir) = StdinSource::new()?;
                (Box::new(s), STDIN_KEY.to_string(), dir)
            }
            Locator::File(path) => {
                let (s, key) = FsSource::for_file(path)?;
                let dir = key_dir(&key).to_string();
                (Box::new(s), key, dir)
            }
            Locator::Git { rev, path } => {
                let cwd = std::env::current_dir().map_err(|e| Error::Io {
                    path: ".".into(),
                    reason: e.to_string(),
                })?;
                let (s, key) = GitSource::open(&cwd, rev, path)?;
                let dir = key_dir(&key).to_string();
                (Box::new(s), key, dir)
            }
        };
        Workspace::with_source(source, key, dir)
    }

    /// Open `REV:PATH` in the repository at `repo_dir` (for callers that are not in it).
    pub fn open_git(repo_dir: &Path, rev: &str, path: &str) -> Result<Workspace> {
        let (s, key) = GitSource::open(repo_dir, rev, path)?;
        let dir = key_dir(&key).to_string();
        Workspace::with_source(Box::new(s), key, dir)
    }

    /// Build a workspace from any source; `key` is the main document.
    pub fn with_source(source: Box<dyn Source>, key: String, dir: String) -> Result<Workspace> {
        Workspace::with_source_after(source, key, dir, None)
    }

    /// [`Workspace::with_source`] for a revision that follows `earlier`: the main document
    /// is parsed by its parts, and the parts an earlier tree has are copied from it. The
    /// tree is the same either way. `earlier` is let go as soon as the main document is
    /// parsed: held while the model is built, it kept a third spec alive on each worker of
    /// `weir log` (the files the main document `$ref`s are parsed whole).
    pub fn with_source_after(
        source: Box<dyn Source>,
        key: String,
        dir: String,
        earlier: Option<Arc<dyn EarlierTrees>>,
    ) -> Result<Workspace> {
        let mut ws = Workspace {
            source,
            trees: Vec::new(),
            dirs: Vec::new(),
            keys: HashMap::new(),
            resolved: Vec::new(),
            map_index: Default::default(),
            expected_schemas: earlier.as_ref().map_or(0, |e| e.schema_count()),
            earlier,
        };
        ws.load(key, dir)?;
        ws.earlier = None;
        Ok(ws)
    }

    /// How many schemas the model read from this workspace is likely to have (0: unknown).
    pub fn expected_schemas(&self) -> usize {
        self.expected_schemas
    }

    fn load(&mut self, key: String, dir: String) -> Result<FileId> {
        if let Some(&id) = self.keys.get(&key) {
            return Ok(id);
        }
        let text: Arc<str> = self.source.read(&key)?.into();
        let name = self.source.display(&key);
        let tree = match &self.earlier {
            Some(earlier) => parse_reusing(name.clone(), text.clone(), earlier.trees()),
            None => parse(name.clone(), text.clone()),
        };
        let tree = tree.map_err(|e| {
            let what = crate::tree::Format::detect(&text).name();
            Error::syntax(
                Located::at_pos(
                    &name,
                    &text,
                    e.pos,
                    format!("malformed {what}: {}", e.message),
                )
                .with_label(e.message),
            )
        })?;
        let id = self.trees.len() as FileId;
        self.trees.push(tree);
        self.dirs.push(dir);
        self.resolved.push(Default::default());
        self.keys.insert(key, id);
        Ok(id)
    }

    pub fn tree(&self, file: FileId) -> &Tree {
        &self.trees[file as usize]
    }

    /// Resolve a `$ref` string found at `at` in file `from`, loading the target file from the
    /// same place (same revision, same root) if needed.
    pub fn resolve(
        &mut self,
        from: FileId,
        at: NodeId,
        reference: &str,
    ) -> Result<(FileId, NodeId)> {
        if let Some(&hit) = self.resolved[from as usize].get(reference) {
            return Ok(hit);
        }
        let target = self.resolve_uncached(from, at, reference)?;
        self.resolved[from as usize].insert(reference.to_string(), target);
        Ok(target)
    }

    fn resolve_uncached(
        &mut self,
        from: FileId,
        at: NodeId,
        reference: &str,
    ) -> Result<(FileId, NodeId)> {
        let fail = |ws: &Workspace, msg: String| {
            Error::unresolved_ref(Located::at_node(ws.tree(from), at, msg).with_label("this $ref"))
        };
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.is_empty() {
            from
        } else {
            if url_scheme(file_part).is_some() || file_part.starts_with("//") {
                return Err(fail(
                    self,
                    format!(
                        "`{reference}` points at the network; weir only reads local files \
                         (save a copy in the repository and refer to it by a relative path)"
                    ),
                ));
            }
            // A `$ref` is a URI reference: `my%20pet.yaml` names `my pet.yaml`. Decoded
            // before `..` is resolved, so `%2e%2e/` cannot sneak out of the root either.
            let file_part = crate::tree::percent_decode(file_part);
            if file_part.starts_with('/') || is_windows_absolute(&file_part) {
                return Err(fail(
                    self,
                    format!("`{reference}` is an absolute path; use a path relative to this file"),
                ));
            }
            let dir = self.dirs[from as usize].clone();
            let Some(key) = join_key(&dir, &file_part) else {
                return Err(fail(
                    self,
                    format!("`{reference}` leaves the repository (or the spec's folder)"),
                ));
            };
            let target_dir = key_dir(&key).to_string();
            match self.load(key, target_dir) {
                Ok(id) => id,
                Err(e @ (Error::Syntax(_) | Error::NotUtf8 { .. })) => return Err(e),
                // The error already names the file; say why it cannot be read.
                Err(Error::Io { reason, .. }) => {
                    return Err(fail(self, format!("cannot read `{reference}`: {reason}")));
                }
                Err(e) => return Err(fail(self, format!("cannot read `{reference}`: {e}"))),
            }
        };
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(fail(
                self,
                format!("`{reference}`: only JSON-pointer fragments (`#/...`) are supported"),
            ));
        }
        match self.lookup(file, fragment) {
            Some(node) => Ok((file, node)),
            None => Err(Error::dangling_ref(
                Located::at_node(
                    self.tree(from),
                    at,
                    format!(
                        "`{reference}` does not resolve: no `{fragment}` in {}",
                        self.tree(file).name
                    ),
                )
                .with_label("this $ref"),
            )),
        }
    }

    /// Follow a JSON pointer, with an index for large maps: resolving thousands of
    /// `#/components/schemas/…` would otherwise scan `schemas` once per reference.
    fn lookup(&mut self, file: FileId, pointer: &str) -> Option<NodeId> {
        let tree = &self.trees[file as usize];
        if pointer.is_empty() {
            return Some(tree.root());
        }
        let mut cur = tree.root();
        for raw in pointer.strip_prefix('/')?.split('/') {
            let seg = crate::tree::fragment_segment(raw);
            cur = match tree.value(cur) {
                NodeValue::Map(entries) if entries.len() > 32 => {
                    let index = self.map_index.entry((file, cur)).or_insert_with(|| {
                        entries
                            .iter()
                            .map(|&(k, v)| (tree.text(k).unwrap_or("").to_string(), v))
                            .collect()
                    });
                    *index.get(seg.as_str())?
                }
                _ => tree.step(cur, &seg)?,
            };
        }
        Some(cur)
    }

    pub fn into_trees(self) -> Vec<Tree> {
        self.trees
    }
}

/// The scheme of an absolute URI (`https`, `file`, `urn`), by RFC 3986: a letter, then
/// letters, digits, `+`, `-` or `.`, then `:`. One letter is a Windows drive, not a scheme.
fn url_scheme(reference: &str) -> Option<&str> {
    let (scheme, _) = reference.split_once(':')?;
    let mut chars = scheme.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && scheme.len() > 1;
    ok.then_some(scheme)
}

/// `C:/specs/pet.yaml` or `C:\specs\pet.yaml`.
fn is_windows_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'/' | b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_schemes_and_absolute_paths() {
        for url in [
            "https://x/y.json",
            "http://x",
            "file:///etc/passwd",
            "file:x.yaml",
            "urn:x",
        ] {
            assert!(url_scheme(url).is_some(), "{url}");
        }
        for path in [
            "pet.yaml",
            "../pet.yaml",
            "C:/pet.yaml",
            "a/b:c.yaml",
            "./x:y",
        ] {
            assert!(url_scheme(path).is_none(), "{path}");
        }
        assert!(is_windows_absolute("C:/pet.yaml"));
        assert!(is_windows_absolute("c:\\pet.yaml"));
        assert!(!is_windows_absolute("pet.yaml"));
    }
}
