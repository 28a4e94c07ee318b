//! `weir hook install`: a git pre-push hook that refuses to push a release tag whose version
//! is smaller than the changes since the previous release need. The hook itself is three
//! lines of shell that call `weir hook pre-push`, so all of its logic is here, in Rust.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::Exit;
use super::Target;
use super::check::{check_spec, specs_released_by};
use crate::config::{Config, SpecConfig};
use crate::error::{Error, Result};
use crate::gate::{
    VersionSource, discover_repository, tag_version, write::write_executable_atomically,
};
use crate::report::gate::render_text_with;
use crate::report::text::TextOptions;

/// Marks a hook as weir's, so `install` replaces its own hook but never someone else's.
const MARKER: &str = "weir hook pre-push";

#[derive(clap::Args, Debug)]
pub(crate) struct HookArgs {
    #[command(subcommand)]
    pub action: HookAction,
}

#[derive(Subcommand, Debug)]
pub(crate) enum HookAction {
    /// Write the repository's pre-push hook (`.git/hooks/pre-push`, or under core.hooksPath).
    #[command(
        after_help = "Examples:\n  weir hook install\n  weir hook install --spec api/openapi.yaml\n\nThen `git push origin v2.0.0` runs `weir check --tag v2.0.0` on the tagged commit first."
    )]
    Install {
        /// The spec the hook checks (default: the specs in weir.toml, by tag pattern).
        #[arg(long)]
        spec: Option<String>,
        /// The weir.toml the hook uses (default: the nearest one when it runs).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Replace a pre-push hook that weir did not write.
        #[arg(long)]
        force: bool,
    },
    /// What the installed hook runs; reads git's pre-push lines from standard input.
    #[command(hide = true)]
    PrePush {
        /// The remote's name (git passes it).
        remote: Option<String>,
        /// The remote's URL (git passes it).
        url: Option<String>,
        #[arg(long)]
        spec: Option<String>,
        #[arg(long)]
        config: Option<PathBuf>,
    },
}

pub(crate) fn run(args: HookArgs) -> Result<Exit> {
    match args.action {
        HookAction::Install {
            spec,
            config,
            force,
        } => install(spec.as_deref(), config.as_deref(), force),
        HookAction::PrePush { spec, config, .. } => {
            let mut input = String::new();
            std::io::stdin()
                .read_to_string(&mut input)
                .map_err(|e| Error::Io {
                    path: "<stdin>".into(),
                    reason: e.to_string(),
                })?;
            pre_push(&input, spec.as_deref(), config.as_deref())
        }
    }
}

fn install(spec: Option<&str>, config: Option<&Path>, force: bool) -> Result<Exit> {
    let (_, repo) = discover_repository("the hooks folder")?;
    // Fail now rather than on the first push: the hook must know which specs to check.
    let loaded = Config::discover(config)?;
    if spec.is_none() && loaded.specs.is_empty() {
        return Err(Error::Usage(
            "which spec should the hook check? pass --spec PATH, or list it in weir.toml ([[spec]] path = \"…\")".into(),
        ));
    }
    let dir = hooks_dir(&repo);
    let path = dir.join("pre-push");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && !existing.contains(MARKER)
        && !force
    {
        return Err(Error::Usage(format!(
            "{} exists and is not weir's; pass --force to replace it (or call `weir hook pre-push \"$@\"` from it)",
            path.display()
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::Io {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::canonicalize(p).ok());
    let config = config.map(|c| std::fs::canonicalize(c).unwrap_or_else(|_| c.to_path_buf()));
    write_executable_atomically(&path, &script(exe.as_deref(), spec, config.as_deref()))?;
    if !crate::output::quiet() {
        eprintln!(
            "wrote {}: pushing a release tag now runs `weir check --tag TAG` first",
            path.display()
        );
    }
    Ok(Exit::Ok)
}

/// Where git looks for hooks: `core.hooksPath` (relative to the working tree), else the
/// `hooks` folder of the repository (shared by its worktrees).
fn hooks_dir(repo: &git2::Repository) -> PathBuf {
    let configured = repo
        .config()
        .ok()
        .and_then(|c| c.get_path("core.hooksPath").ok());
    match configured {
        Some(p) if p.is_absolute() => p,
        Some(p) => repo.workdir().unwrap_or(repo.path()).join(p),
        None => repo.commondir().join("hooks"),
    }
}

/// Single-quoted for `sh`.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The hook: the weir that installed it if it is still there, else the one on PATH.
pub(crate) fn script(exe: Option<&Path>, spec: Option<&str>, config: Option<&Path>) -> String {
    let mut args = String::new();
    if let Some(s) = spec {
        args.push_str(&format!(" --spec {}", quote(s)));
    }
    if let Some(c) = config {
        args.push_str(&format!(" --config {}", quote(&c.display().to_string())));
    }
    let exe = exe.map_or("weir".to_string(), |p| quote(&p.display().to_string()));
    format!(
        "#!/bin/sh\n\
         # Written by `weir hook install`: refuses to push a release tag whose version is\n\
         # smaller than the API changes since the previous release need ({MARKER}).\n\
         WEIR={exe}\n\
         [ -x \"$WEIR\" ] || WEIR=weir\n\
         exec \"$WEIR\" hook pre-push{args} \"$@\"\n"
    )
}

/// The tags a push creates or moves: `(tag name, revision to check)`. Lines are
/// `<local ref> <local sha> <remote ref> <remote sha>`; deletions (an all-zero local id) and
/// branches are not releases. The revision is the local tag when it is the one pushed (reports
/// read better), else the object id.
pub(crate) fn pushed_tags(input: &str) -> Vec<(String, String)> {
    input
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let (local, sha, remote) = (parts.next()?, parts.next()?, parts.next()?);
            let tag = remote.strip_prefix("refs/tags/")?;
            if sha.bytes().all(|b| b == b'0') {
                return None;
            }
            let rev = if local == remote { tag } else { sha };
            Some((tag.to_string(), rev.to_string()))
        })
        .collect()
}

fn pre_push(input: &str, spec: Option<&str>, config: Option<&Path>) -> Result<Exit> {
    let config = Config::discover(config)?;
    let mut refused = Vec::new();
    for (tag, sha) in pushed_tags(input) {
        let specs: Vec<SpecConfig> = match spec {
            Some(p) => vec![config.spec_for(Some(p))?]
                .into_iter()
                .filter(|s| tag_version(&tag, s.tag_pattern.as_deref()).is_some())
                .collect(),
            None => specs_released_by(&config, &tag),
        };
        for s in specs {
            let target = Target {
                revision: Some(sha.clone()),
                ..Target::default()
            };
            let outcome = check_spec(
                &config,
                s,
                &target,
                &VersionSource::Tag(tag.clone()),
                None,
                None,
            )?;
            super::print_outcome_warnings(&outcome);
            if !outcome.passed() {
                eprint!("{}", render_text_with(&outcome, &TextOptions::default()));
                refused.push(format!("{tag} ({})", outcome.label()));
            } else {
                crate::output::note(format!(
                    "{tag}: {}",
                    crate::report::gate::verdict_line(&outcome)
                ));
            }
        }
    }
    if refused.is_empty() {
        return Ok(Exit::Ok);
    }
    eprintln!(
        "\nweir: refusing to push {}: the version is too small for the changes since the previous release.\n\
         Tag the suggested version instead (`git tag -d TAG`, then tag again), or push with --no-verify to skip this check.",
        refused.join(", ")
    );
    Ok(Exit::GateFailed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pushed_tags() {
        let z = "0".repeat(40);
        let a = "a".repeat(40);
        let input = format!(
            "refs/heads/main {a} refs/heads/main {z}\n\
             refs/tags/v1.2.0 {a} refs/tags/v1.2.0 {z}\n\
             (delete) {z} refs/tags/v0.9.0 {a}\n"
        );
        assert_eq!(
            pushed_tags(&input),
            vec![("v1.2.0".to_string(), "v1.2.0".to_string())]
        );
        let moved = format!("{a} {a} refs/tags/v1.3.0 {z}\n");
        assert_eq!(pushed_tags(&moved), vec![("v1.3.0".to_string(), a)]);
    }

    #[test]
    fn the_script_quotes_what_it_passes() {
        let s = script(Some(Path::new("/opt/we ir/weir")), Some("it's.yaml"), None);
        assert!(s.starts_with("#!/bin/sh\n"));
        assert!(s.contains("WEIR='/opt/we ir/weir'"), "{s}");
        assert!(s.contains(r"--spec 'it'\''s.yaml' "), "{s}");
        assert!(s.contains(MARKER));
    }
}
