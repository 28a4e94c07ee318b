//! Where spec files come from: the file system, standard input, or a git revision.
//!
//! Every file is named by a *key*: a normalized `/`-separated path relative to a root (the git
//! repository, or the spec's own folder outside git). A `$ref` can only reach keys under that
//! root, which is how "never a file outside the repository" is enforced.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// What the user named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Locator {
    /// `-`
    Stdin,
    /// A path on disk.
    File(PathBuf),
    /// `REV:PATH`, read from git like `git show REV:PATH`.
    Git { rev: String, path: String },
}

impl Locator {
    /// `-` is stdin; an existing file is a file (even with a `:` in its name); `REV:PATH`
    /// is a git revision; anything else is a file path (and reading it will say it is missing).
    pub fn parse(s: &str) -> Locator {
        if s == "-" {
            return Locator::Stdin;
        }
        if Path::new(s).exists() {
            return Locator::File(PathBuf::from(s));
        }
        match s.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Locator::Git {
                rev: rev.to_string(),
                path: path.to_string(),
            },
            _ => Locator::File(PathBuf::from(s)),
        }
    }
}

impl std::fmt::Display for Locator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Locator::Stdin => f.write_str("-"),
            Locator::File(p) => write!(f, "{}", p.display()),
            Locator::Git { rev, path } => write!(f, "{rev}:{path}"),
        }
    }
}

/// Reads files by key. One implementation per kind of locator.
pub trait Source {
    fn read(&mut self, key: &str) -> Result<String>;
    /// How a file is named in messages and reports.
    fn display(&self, key: &str) -> String;
}

/// Join a relative reference onto the folder of a key and normalize `.` and `..`.
/// `None` when the result would leave the root.
pub fn join_key(base_dir: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in relative.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a key (`api/openapi.yaml` → `api`).
pub fn key_dir(key: &str) -> &str {
    key.rsplit_once('/').map_or("", |(d, _)| d)
}

/// Files on disk under a root folder.
pub struct FsSource {
    root: PathBuf,
    cwd: PathBuf,
}

impl FsSource {
    pub fn new(root: PathBuf) -> FsSource {
        let cwd = std::env::current_dir().unwrap_or_else(|_| root.clone());
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        FsSource { root, cwd }
    }

    /// Open a spec file: its root is the enclosing git work tree, else its own folder.
    /// Returns the source and the file's key.
    pub fn for_file(path: &Path) -> Result<(FsSource, String)> {
        let abs = std::fs::canonicalize(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let folder = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
        let root = git2::Repository::discover(&folder)
            .ok()
            .and_then(|r| r.workdir().and_then(|w| std::fs::canonicalize(w).ok()))
            .filter(|w| abs.starts_with(w))
            .unwrap_or(folder);
        let key = relative_key(&root, &abs).unwrap_or_default();
        Ok((FsSource::new(root), key))
    }
}

impl Source for FsSource {
    fn read(&mut self, key: &str) -> Result<String> {
        let path = self.root.join(key);
        let io = |reason: String| Error::Io {
            path: self.display(key),
            reason,
        };
        // Keys cannot leave the root, but a symbolic link inside it can point anywhere.
        let real = std::fs::canonicalize(&path).map_err(|e| io(e.to_string()))?;
        if !real.starts_with(&self.root) {
            return Err(io(format!(
                "it is a link to {}, outside {}; weir reads only files inside the repository (or the spec's folder)",
                real.display(),
                self.root.display()
            )));
        }
        let bytes = std::fs::read(&real).map_err(|e| io(e.to_string()))?;
        String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
            path: self.display(key),
        })
    }

    fn display(&self, key: &str) -> String {
        let abs = self.root.join(key);
        display_path(&self.cwd, &abs)
    }
}

/// A path as a user at `cwd` would type it: relative when that is shorter.
fn display_path(cwd: &Path, abs: &Path) -> String {
    let common = cwd
        .components()
        .zip(abs.components())
        .take_while(|(a, b)| a == b)
        .count();
    let ups = cwd.components().count() - common;
    if common <= 1 || ups > 2 {
        return abs.display().to_string();
    }
    let mut rel = PathBuf::new();
    for _ in 0..ups {
        rel.push("..");
    }
    for c in abs.components().skip(common) {
        rel.push(c);
    }
    rel.display().to_string().replace('\\', "/")
}

fn relative_key(root: &Path, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    Some(parts.join("/"))
}

/// The main document comes from standard input; `$ref`s to files resolve from the current folder.
pub struct StdinSource {
    text: Option<String>,
    files: FsSource,
}

/// The key under which stdin's document is stored.
pub const STDIN_KEY: &str = "<stdin>";

impl StdinSource {
    /// Returns the source and the folder key that relative `$ref`s of stdin resolve against.
    pub fn new() -> Result<(StdinSource, String)> {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::Io {
                path: "standard input".into(),
                reason: e.to_string(),
            })?;
        let cwd = std::env::current_dir().map_err(|e| Error::Io {
            path: ".".into(),
            reason: e.to_string(),
        })?;
        let root = git2::Repository::discover(&cwd)
            .ok()
            .and_then(|r| r.workdir().and_then(|w| std::fs::canonicalize(w).ok()))
            .unwrap_or_else(|| cwd.clone());
        let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
        let dir = relative_key(&root, &cwd).unwrap_or_default();
        Ok((
            StdinSource {
                text: Some(text),
                files: FsSource::new(root),
            },
            dir,
        ))
    }
}

impl Source for StdinSource {
    fn read(&mut self, key: &str) -> Result<String> {
        if key == STDIN_KEY {
            return self.text.take().ok_or_else(|| Error::Io {
                path: "standard input".into(),
                reason: "already read".into(),
            });
        }
        self.files.read(key)
    }

    fn display(&self, key: &str) -> String {
        if key == STDIN_KEY {
            "<stdin>".into()
        } else {
            self.files.display(key)
        }
    }
}

/// Files of one git revision, read from the object database (the work tree is not touched).
pub struct GitSource {
    repo: git2::Repository,
    tree: git2::Oid,
    rev: String,
}

impl GitSource {
    /// Open `REV:PATH` from the repository around `cwd`. Returns the source and the key of PATH.
    /// Like git, PATH is relative to the repository root, unless it starts with `./` or `../`,
    /// which makes it relative to the current folder.
    pub fn open(cwd: &Path, rev: &str, path: &str) -> Result<(GitSource, String)> {
        let repo = git2::Repository::discover(cwd).map_err(|_| Error::NotARepository {
            dir: cwd.display().to_string(),
            locator: format!("{rev}:{path}"),
        })?;
        let tree = repo
            .revparse_single(rev)
            .and_then(|object| object.peel_to_tree())
            .map_err(|_| Error::UnknownRevision { rev: rev.into() })?
            .id();
        let key = if path.starts_with("./") || path.starts_with("../") {
            let workdir = repo
                .workdir()
                .and_then(|w| std::fs::canonicalize(w).ok())
                .ok_or_else(|| Error::Git("a bare repository has no current folder".into()))?;
            let here = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
            let prefix = relative_key(&workdir, &here).unwrap_or_default();
            join_key(&prefix, path)
        } else {
            join_key("", path)
        }
        .ok_or_else(|| Error::PathNotAtRevision {
            rev: rev.into(),
            path: path.into(),
            help: Some("the path leaves the repository".into()),
        })?;
        Ok((
            GitSource {
                repo,
                tree,
                rev: rev.into(),
            },
            key,
        ))
    }

    /// Files of a tree already found (walking history): `label` prefixes file names in
    /// reports (`2c84602:openapi/spec3.yaml`).
    pub fn at_tree(repo: git2::Repository, tree: git2::Oid, label: String) -> GitSource {
        GitSource {
            repo,
            tree,
            rev: label,
        }
    }

    fn list_folder(&self, tree: &git2::Tree<'_>, dir: &str) -> Vec<String> {
        let folder = if dir.is_empty() {
            Some(tree.clone())
        } else {
            tree.get_path(Path::new(dir))
                .ok()
                .and_then(|e| e.to_object(&self.repo).ok())
                .and_then(|o| o.into_tree().ok())
        };
        folder
            .map(|t| {
                t.iter()
                    .filter_map(|e| e.name().ok().map(str::to_string))
                    .take(8)
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Source for GitSource {
    fn read(&mut self, key: &str) -> Result<String> {
        let git = |e: git2::Error| Error::Git(e.message().to_string());
        let tree = self.repo.find_tree(self.tree).map_err(git)?;
        let entry = tree.get_path(Path::new(key)).map_err(|_| {
            let near = self.list_folder(&tree, key_dir(key));
            Error::PathNotAtRevision {
                rev: self.rev.clone(),
                path: key.into(),
                help: (!near.is_empty()).then(|| {
                    format!(
                        "`{}` at that revision holds: {}",
                        if key_dir(key).is_empty() {
                            "/"
                        } else {
                            key_dir(key)
                        },
                        near.join(", ")
                    )
                }),
            }
        })?;
        let blob = entry
            .to_object(&self.repo)
            .and_then(|o| o.peel_to_blob())
            .map_err(|_| Error::PathNotAtRevision {
                rev: self.rev.clone(),
                path: key.into(),
                help: Some("that path is a folder, not a file".into()),
            })?;
        String::from_utf8(blob.content().to_vec()).map_err(|_| Error::NotUtf8 {
            path: self.display(key),
        })
    }

    fn display(&self, key: &str) -> String {
        format!("{}:{}", self.rev, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_key_normalizes_and_refuses_to_escape() {
        assert_eq!(
            join_key("api", "schemas/pet.yaml").unwrap(),
            "api/schemas/pet.yaml"
        );
        assert_eq!(
            join_key("api/v1", "../common.yaml").unwrap(),
            "api/common.yaml"
        );
        assert_eq!(join_key("", "./a.yaml").unwrap(), "a.yaml");
        assert_eq!(join_key("api", "../../etc/passwd"), None);
    }

    #[test]
    fn locators() {
        assert_eq!(Locator::parse("-"), Locator::Stdin);
        assert_eq!(
            Locator::parse("v1.4.0:api/openapi.yaml"),
            Locator::Git {
                rev: "v1.4.0".into(),
                path: "api/openapi.yaml".into()
            }
        );
        assert_eq!(
            Locator::parse("missing.yaml"),
            Locator::File("missing.yaml".into())
        );
    }
}
