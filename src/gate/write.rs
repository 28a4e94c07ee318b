//! `weir bump --write`: change `info.version` in the spec file and nothing else — comments,
//! quoting, key order, line endings and every other byte stay as they are.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Located, Result};
use crate::model::Spec;
use crate::tree::{NodeValue, Style};

/// The new text of the file: the old one with the version scalar's content replaced.
pub fn with_version(spec: &Spec, new_version: &str) -> Result<String> {
    let Some(v) = &spec.version else {
        return Err(Error::invalid(
            Located::at_node(
                spec.tree(spec.root),
                spec.root.node,
                "the spec has no `info.version` to update",
            )
            .with_help("add `info.version: 1.0.0` under `info`"),
        ));
    };
    if v.at.file != spec.root.file {
        return Err(Error::Usage(
            "`info.version` is in another file than the spec itself".into(),
        ));
    }
    let tree = spec.tree(v.at);
    let node = tree.node(v.at.node);
    let (start, end) = (node.start.byte as usize, node.end_byte as usize);
    let source = &tree.source;
    let (from, to) = match tree.value(v.at.node) {
        NodeValue::Scalar {
            style: Style::Plain,
            ..
        } => (start, end),
        NodeValue::Scalar {
            style: Style::Quoted,
            ..
        } => {
            // Keep the quotes the author chose; only the text between them changes.
            let quote = source[start..].chars().next().unwrap_or('"');
            let close = source[..end].rfind(quote).filter(|&c| c > start);
            match close {
                Some(c) => (start + quote.len_utf8(), c),
                None => return Err(unsupported(spec, v.at)),
            }
        }
        _ => return Err(unsupported(spec, v.at)),
    };
    // A plain scalar's span is exactly its text; make sure before rewriting bytes.
    if source[from..to] != *v.value
        && !matches!(
            tree.value(v.at.node),
            NodeValue::Scalar {
                style: Style::Quoted,
                ..
            }
        )
    {
        return Err(unsupported(spec, v.at));
    }
    let mut out = String::with_capacity(source.len() + new_version.len());
    out.push_str(&source[..from]);
    out.push_str(new_version);
    out.push_str(&source[to..]);
    Ok(out)
}

fn unsupported(spec: &Spec, at: crate::vocabulary::NodeRef) -> Error {
    Error::invalid(
        Located::at_node(
            spec.tree(at),
            at.node,
            "weir can only rewrite a version written on one line (plain or quoted)",
        )
        .with_help("write it as `version: 1.2.3` or `version: \"1.2.3\"`"),
    )
}

/// Replace the file atomically: write a temporary file beside it, then rename it over the
/// original, so a crash leaves either the old file or the new one — never half of one.
///
/// - A symbolic link stays a link: its target is what gets replaced.
/// - The file keeps its permissions.
/// - The temporary file is created exclusively (it never follows or overwrites anything that
///   is already there) and removed again when anything fails.
pub(crate) fn write_atomically(path: &Path, text: &str) -> Result<()> {
    write_file(path, &mut |f| f.write_all(text.as_bytes()), false)
}

/// [`write_atomically`] for output written as it is made (too large to hold as one string).
pub(crate) fn write_atomically_with(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    write_file(path, write, false)
}

/// [`write_atomically`], as an executable (a git hook): mode 0755 on Unix.
pub(crate) fn write_executable_atomically(path: &Path, text: &str) -> Result<()> {
    write_file(path, &mut |f| f.write_all(text.as_bytes()), true)
}

fn write_file(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
    executable: bool,
) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).map_err(io)?,
        _ => path.to_path_buf(),
    };
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (tmp, mut file) = create_temporary(dir, &name).map_err(io)?;
    let result = (|| {
        write(&mut file)?;
        if let Ok(meta) = std::fs::metadata(&target) {
            file.set_permissions(meta.permissions())?;
        }
        #[cfg(unix)]
        if executable {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o755))?;
        }
        #[cfg(not(unix))]
        let _ = executable;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, &target)?;
        // Make the rename itself durable (on Windows a folder cannot be opened this way).
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// `.NAME.weir-PID-N.tmp` beside the file, created exclusively.
fn create_temporary(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    let mut n = 0;
    loop {
        let tmp = dir.join(format!(".{name}.weir-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_the_file_and_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("spec.yaml");
        std::fs::write(&p, "old").unwrap();
        write_atomically(&p, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(names(dir.path()), ["spec.yaml"]);
        // A new file is created too.
        write_atomically(&dir.path().join("out.html"), "x").unwrap();
        assert_eq!(names(dir.path()), ["out.html", "spec.yaml"]);
    }

    #[test]
    fn a_stale_temporary_file_is_neither_followed_nor_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("spec.yaml");
        std::fs::write(&p, "old").unwrap();
        let stale = dir
            .path()
            .join(format!(".spec.yaml.weir-{}-0.tmp", std::process::id()));
        std::fs::write(&stale, "someone else's").unwrap();
        write_atomically(&p, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&stale).unwrap(), "someone else's");
    }

    #[test]
    fn a_failed_write_keeps_the_original_and_removes_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // Renaming a file over a folder fails after the temporary file was written.
        let p = dir.path().join("report.html");
        std::fs::create_dir(&p).unwrap();
        assert!(write_atomically(&p, "new").is_err());
        assert!(p.is_dir());
        assert_eq!(names(dir.path()), ["report.html"]);
        // A folder that does not exist: nothing is created.
        assert!(write_atomically(&dir.path().join("nope/x.html"), "x").is_err());
        assert_eq!(names(dir.path()), ["report.html"]);
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_kept_and_links_stay_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.yaml");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("spec.yaml");
        std::os::unix::fs::symlink("real.yaml", &link).unwrap();
        write_atomically(&link, "new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(names(dir.path()), ["real.yaml", "spec.yaml"]);
    }
}
