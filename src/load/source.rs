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

/// The most weir reads from one file (or standard input): 128 MiB. Reading a spec costs
/// about twenty times its size in memory, and byte offsets are 32-bit; the largest public
/// descriptions (Stripe, GitHub, Microsoft Graph) are well below it.
pub const MAX_SOURCE_BYTES: u64 = 128 * 1024 * 1024;

fn too_large(path: &str) -> Error {
    Error::TooLarge {
        path: path.to_string(),
        limit: format!("{} MiB", MAX_SOURCE_BYTES / (1024 * 1024)),
    }
}

/// Read all of `r`, but never more than [`MAX_SOURCE_BYTES`]: a pipe or a device has no
/// size to check first. `expected` (a file's size, 0 if unknown) sizes the buffer once, where
/// growing it by doubling copied a 4 MB spec five times over.
fn read_bounded(r: impl Read, path: &str, expected: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(expected.min(MAX_SOURCE_BYTES) as usize + 1);
    r.take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Io {
            path: path.to_string(),
            reason: e.to_string(),
        })?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large(path));
    }
    Ok(bytes)
}

/// Bytes → text. Anything else than UTF-8 is refused with the line and column of the first
/// byte that is not, so the user can find a stray Latin-1 character.
pub fn decode(bytes: Vec<u8>, path: &str) -> Result<String> {
    let e = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e,
    };
    let at = e.utf8_error().valid_up_to();
    let bytes = e.as_bytes();
    let detail = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        "it starts with a UTF-16 byte-order mark".to_string()
    } else {
        format!("byte 0x{:02X} is not valid UTF-8", bytes[at])
    };
    let before = String::from_utf8_lossy(&bytes[..at]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Err(Error::NotUtf8 {
        path: path.to_string(),
        place: format!("{path}:{line}:{column}"),
        detail,
    })
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
        if real.is_dir() {
            return Err(io("it is a folder, not a file".into()));
        }
        let file = std::fs::File::open(&real).map_err(|e| io(e.to_string()))?;
        let size = file.metadata().map_or(0, |m| m.len());
        if size > MAX_SOURCE_BYTES {
            return Err(too_large(&self.display(key)));
        }
        decode(
            read_bounded(file, &self.display(key), size)?,
            &self.display(key),
        )
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
        let text = decode(
            read_bounded(std::io::stdin().lock(), "standard input", 0)?,
            STDIN_KEY,
        )?;
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

/// The commit a revision names (a tag, a branch, `HEAD~2`, a hash), or
/// [`unknown_revision`]'s error.
pub fn commit_at<'r>(repo: &'r git2::Repository, rev: &str) -> Result<git2::Commit<'r>> {
    repo.revparse_single(rev)
        .and_then(|o| o.peel_to_commit())
        .map_err(|_| unknown_revision(repo, rev))
}

/// A revision git does not know. In a shallow clone (CI's default checkout) the usual cause
/// is that the tags and history were not fetched, so say how to fetch them.
pub fn unknown_revision(repo: &git2::Repository, rev: &str) -> Error {
    // Tags and branches close to what was typed (`v1.4` for `v1.4.0`).
    let mut names: Vec<String> = repo
        .tag_names(None)
        .map(|t| {
            t.iter()
                .filter_map(|n| n.ok().flatten())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if let Ok(branches) = repo.branches(None) {
        names.extend(
            branches
                .flatten()
                .filter_map(|(b, _)| b.name().ok().flatten().map(str::to_string)),
        );
    }
    let mut close = crate::error::did_you_mean(rev, names.iter().map(String::as_str));
    // `main` and `master` are not typos of each other but the two usual default branches.
    let other_default = match rev {
        "main" => Some("master"),
        "master" => Some("main"),
        _ => None,
    };
    if let Some(other) = other_default.filter(|o| close.is_empty() && names.iter().any(|n| n == o))
    {
        close = format!(" (did you mean `{other}`?)");
    }
    let help = if repo.is_shallow() {
        "this is a shallow clone, which has neither the full history nor the tags: run \
         `git fetch --tags --unshallow`, or check out with `fetch-depth: 0` (actions/checkout)"
    } else {
        "any revision git understands works: a tag (v1.2.0), a branch, HEAD~3, a commit sha; \
         fetch tags with `git fetch --tags`"
    };
    Error::UnknownRevision {
        rev: rev.to_string(),
        close,
        help: help.to_string(),
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
            .map_err(|_| unknown_revision(&repo, rev))?
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

/// Symbolic links followed inside a git tree before giving up (links that form a loop).
const MAX_LINK_HOPS: usize = 16;

/// Git stores a symbolic link as a blob holding the target path, with this mode.
const GIT_SYMLINK_MODE: i32 = 0o120000;

impl GitSource {
    /// The target of the link at `key`, if it is one.
    fn link_target(&self, tree: &git2::Tree<'_>, key: &str) -> Option<String> {
        let entry = tree.get_path(Path::new(key)).ok()?;
        if entry.filemode() != GIT_SYMLINK_MODE {
            return None;
        }
        let blob = entry.to_object(&self.repo).ok()?.peel_to_blob().ok()?;
        Some(String::from_utf8_lossy(blob.content()).into_owned())
    }

    /// Where `key` really is in the tree: symbolic links (of the file or of a folder on the
    /// way) are followed as a checkout would follow them, as long as they stay inside the
    /// repository. `Ok(key)` unchanged when nothing on the way is a link.
    fn follow_links(&self, tree: &git2::Tree<'_>, key: &str) -> Result<String> {
        let mut key = key.to_string();
        for _ in 0..MAX_LINK_HOPS {
            let parts: Vec<&str> = key.split('/').collect();
            let link = (1..=parts.len()).find_map(|n| {
                let prefix = parts[..n].join("/");
                self.link_target(tree, &prefix).map(|t| (n, prefix, t))
            });
            let Some((n, prefix, target)) = link else {
                return Ok(key);
            };
            let outside = || Error::Io {
                path: self.display(&key),
                reason: format!(
                    "`{prefix}` is a link to {target}, outside the repository; weir reads only files inside it"
                ),
            };
            if target.starts_with('/') {
                return Err(outside());
            }
            let rest = parts[n..].join("/");
            let joined = join_key(key_dir(&prefix), &target).ok_or_else(outside)?;
            key = if rest.is_empty() {
                joined
            } else {
                format!("{joined}/{rest}")
            };
        }
        Err(Error::Io {
            path: self.display(&key),
            reason: format!("more than {MAX_LINK_HOPS} symbolic links in a row (a loop?)"),
        })
    }
}

impl Source for GitSource {
    fn read(&mut self, key: &str) -> Result<String> {
        let git = |e: git2::Error| Error::Git(e.message().to_string());
        let tree = self.repo.find_tree(self.tree).map_err(git)?;
        let real = self.follow_links(&tree, key)?;
        let entry = tree.get_path(Path::new(&real)).map_err(|_| {
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
        let not_a_file = || Error::PathNotAtRevision {
            rev: self.rev.clone(),
            path: key.into(),
            help: Some("that path is a folder, not a file".into()),
        };
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return Err(not_a_file());
        }
        // Check the size before libgit2 inflates the whole blob into memory.
        let (size, _) = self
            .repo
            .odb()
            .and_then(|odb| odb.read_header(entry.id()))
            .map_err(git)?;
        if size as u64 > MAX_SOURCE_BYTES {
            return Err(too_large(&self.display(key)));
        }
        let blob = entry
            .to_object(&self.repo)
            .and_then(|o| o.peel_to_blob())
            .map_err(|_| not_a_file())?;
        decode(blob.content().to_vec(), &self.display(key))
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
