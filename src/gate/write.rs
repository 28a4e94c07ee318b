//! `weir bump --write`: change `info.version` in the spec file and nothing else — comments,
//! quoting, key order, line endings and every other byte stay as they are.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Located, Result};
use crate::load::tree::{NodeValue, Style};
use crate::model::Spec;

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

fn unsupported(spec: &Spec, at: crate::model::NodeRef) -> Error {
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
/// original, so a crash leaves either the old file or the new one.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    write_file(path, text, false)
}

/// [`write_atomically`], as an executable (a git hook): mode 0755 on Unix.
pub fn write_executable_atomically(path: &Path, text: &str) -> Result<()> {
    write_file(path, text, true)
}

fn write_file(path: &Path, text: &str, executable: bool) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.weir-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        #[cfg(unix)]
        if executable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))?;
        }
        #[cfg(not(unix))]
        let _ = executable;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}
