//! `weir log`: the spec's history, commit by commit, with each release judged.

use super::{assess_settings, print};
use std::path::PathBuf;

use super::Exit;
use crate::config::Config;
use crate::error::Result;
use crate::gate;
use crate::output;
use crate::report;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir log --spec api/openapi.yaml\n  weir log --since v1.0.0 --format html --output api-history.html\n  weir log --since v1.0.0 --until v2.0.0"
)]
pub(crate) struct LogArgs {
    /// The spec file (default: the one in weir.toml).
    #[arg(long)]
    pub spec: Option<String>,
    /// Only commits after this revision.
    #[arg(long)]
    pub since: Option<String>,
    /// Only commits up to this revision, itself included (default: HEAD): the history of a
    /// release branch, or of the API as it stood at an old tag.
    #[arg(long)]
    pub until: Option<String>,
    /// The report: text, JSON, or an HTML timeline.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub format: LogFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// weir.toml to use instead of the nearest one.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// A revision with a dangling `$ref` or an unknown type is an error rather than a
    /// warning of that revision.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum LogFormat {
    Text,
    Json,
    Html,
}

pub(crate) fn run(args: LogArgs) -> Result<Exit> {
    use std::io::IsTerminal;
    let config = Config::discover(args.config.as_deref())?;
    let spec = config.spec_for(args.spec.as_deref())?;
    let (workdir, rel) = gate::repo_relative(&spec.path)?;
    let progress: Option<Box<dyn Fn(usize, usize) + Sync>> =
        if std::io::stderr().is_terminal() && !output::quiet() {
            Some(Box::new(|done, total| {
                let width = 30;
                let filled = (done * width)
                    .checked_div(total)
                    .unwrap_or(width)
                    .min(width);
                eprint!(
                    "\r  comparing revisions [{}{}] {done}/{total}",
                    "=".repeat(filled),
                    " ".repeat(width - filled)
                );
                if done == total {
                    eprintln!();
                }
            }))
        } else {
            None
        };
    // The same verdicts as every other command: weir.toml and the consumer registry apply.
    // The log shows no witnesses, so none are looked for.
    let mut settings = assess_settings(&config, Some(&spec), None)?;
    settings.consumers.witnesses = false;
    let opts = crate::history::LogOptions {
        path: rel.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        tag_pattern: spec.tag_pattern.clone(),
        scheme: config.version_scheme(&spec),
        strict: args.strict,
        threads: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        progress,
        settings,
    };
    let entries = crate::history::log(&workdir, &opts)?;
    let text = match args.format {
        LogFormat::Text => report::log::text(&entries),
        LogFormat::Html => report::log::html(&entries, &rel),
        // Written as it is serialized: a long history's JSON is large.
        LogFormat::Json => {
            let mut write = |w: &mut dyn std::io::Write| report::log::write_json(&entries, w);
            match &args.output {
                Some(path) => gate::write::write_atomically_with(path, &mut write)?,
                None => {
                    let _ = write(&mut std::io::stdout().lock());
                }
            }
            return Ok(Exit::Ok);
        }
    };
    match &args.output {
        Some(path) => gate::write::write_atomically(path, &text)?,
        None => print(&text),
    }
    Ok(Exit::Ok)
}
