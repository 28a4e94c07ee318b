//! The consumer registry: one file per consumer in a folder (consumer manifests, and Pact
//! files, which are consumers too). A consumer named by both a manifest and a Pact file is one
//! consumer: what it uses is the union of both.

use std::path::Path;
use std::sync::Arc;

pub(crate) mod consumer;
pub(crate) mod fields;
pub(crate) mod interaction;
pub(crate) mod manifest;
pub(crate) mod matchers;
pub(crate) mod pact;
pub(crate) mod params;
mod read;

pub(crate) use consumer::{Consumer, Named, OpRef, Use, Written};

use crate::error::{Error, Located, Result};

/// Where weir looks by default, relative to `weir.toml` (or the current folder).
pub(crate) const DEFAULT_DIR: &str = "consumers";

#[derive(Clone, Debug)]
pub struct Registry {
    /// The folder, as shown to users.
    pub dir: String,
    /// Sorted by name.
    pub consumers: Vec<Consumer>,
    /// Files in the folder that are neither a manifest (no `name`, no `uses`) nor a Pact file.
    pub skipped: Vec<String>,
}

impl Registry {
    /// Read every consumer file in `dir`: `*.yaml`, `*.yml` and `*.json`, in name order. A
    /// JSON file with `consumer`, `provider` and `interactions` is a Pact file; with
    /// `provider`, only Pact files for that provider count. `*.schema.json` is documentation.
    pub fn load(dir: &Path, provider: Option<&str>) -> Result<Registry> {
        let io = |e: std::io::Error| Error::Io {
            path: dir.display().to_string(),
            reason: e.to_string(),
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_consumer_file(p))
            .collect();
        files.sort();
        let mut consumers: Vec<Consumer> = Vec::new();
        let mut skipped = Vec::new();
        for path in files {
            let c = match read_file(&path, provider)? {
                Read::Consumer(c) => c,
                Read::OtherProvider => continue,
                Read::NotAConsumer => {
                    skipped.push(shown(&path));
                    continue;
                }
            };
            match consumers.iter_mut().find(|x| x.name == c.name) {
                Some(existing) => existing.merge(c),
                None => consumers.push(c),
            }
        }
        consumers.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Registry {
            dir: shown(dir),
            consumers,
            skipped,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.consumers.is_empty()
    }
}

/// A path as users see it: relative to the current folder when it is below it.
fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn is_consumer_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    p.is_file()
        && !name.starts_with('.')
        && !name.ends_with(".schema.json")
        && [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
}

enum Read {
    Consumer(Consumer),
    OtherProvider,
    NotAConsumer,
}

/// One consumer file.
fn read_file(path: &Path, provider: Option<&str>) -> Result<Read> {
    let name = shown(path);
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: name.clone(),
        reason: e.to_string(),
    })?;
    let text: Arc<str> = crate::load::source::decode(bytes, &name)?.into();
    let tree = crate::load::parse::parse(name.clone(), text.clone()).map_err(|e| {
        Error::syntax(
            Located::at_pos(
                &name,
                &text,
                e.pos,
                format!("malformed consumer file: {}", e.message),
            )
            .with_label(e.message),
        )
    })?;
    if pact::is_pact(&tree) {
        let (consumer, pact_provider) = pact::read(&tree)?;
        if provider.is_some_and(|p| pact_provider.as_deref() != Some(p)) {
            return Ok(Read::OtherProvider);
        }
        return Ok(Read::Consumer(consumer));
    }
    let root = tree.root();
    if tree.get(root, "name").is_none() && tree.get(root, "uses").is_none() {
        return Ok(Read::NotAConsumer);
    }
    manifest::read(&tree).map(Read::Consumer)
}
