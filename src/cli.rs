//! Command-line interface: raw arguments → a command, run, mapped to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use std::path::PathBuf;

use crate::config::Config;
use crate::consumers;
use crate::error::{Error, Result};
use crate::gate::{self, CheckOptions, VersionSource};
use crate::load::{Locator, Workspace};
use crate::model::Spec;
use crate::report::{self, Report};
use crate::rules::{self, Level};

/// The exit codes other tools rely on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// The gate passed, or there was nothing to gate.
    Ok = 0,
    /// The gate failed: a breaking change not allowed, an insufficient bump, a consumer broken.
    GateFailed = 1,
    /// Usage error or bad input.
    BadInput = 2,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

#[derive(Parser, Debug)]
#[command(
    name = "weir",
    version,
    about = "Guards the contract between an OpenAPI spec and its consumers",
    long_about = "weir compares two revisions of an OpenAPI (3.0, 3.1) or Swagger 2.0 spec, \
classifies every change as breaking, warning or info, and tells you the semantic-version bump \
the changes require.\n\nA spec is named by a path, `-` for standard input, or REV:PATH to read \
it from git (any revision git understands: v1.4.0, main, HEAD~3, a sha).",
    after_help = "Examples:\n  weir diff v1.4.0:api/openapi.yaml api/openapi.yaml\n  weir diff old.json new.yaml --format json\n  weir rules --level breaking\n  weir explain request-parameter-became-required"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Compare two revisions of a spec and list every change (always exits 0 unless the input is bad).
    Diff(DiffArgs),
    /// The release gate: do the changes since the last release fit the version this release
    /// declares? Exits 1 when they do not.
    Check(CheckArgs),
    /// Print the version the changes since the last release call for; `--write` puts it in the
    /// spec's `info.version`.
    Bump(BumpArgs),
    /// The changes between two revisions as release notes.
    Changelog(ChangelogArgs),
    /// Walk every commit that changed the spec: what changed, the bump it needed, and whether
    /// each release was versioned right.
    Log(LogArgs),
    /// List the rules, one line each.
    Rules(RulesArgs),
    /// List the registered consumers (consumer files and Pact files) and what each uses;
    /// with a spec, also verify their Pact interactions against it.
    Consumers(ConsumersArgs),
    /// Print a rule's documentation.
    Explain {
        /// The rule id, e.g. `request-parameter-became-required`.
        rule: String,
    },
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The earlier spec: PATH, `-` (stdin) or REV:PATH.
    pub base: String,
    /// The later spec: PATH, `-` (stdin) or REV:PATH.
    pub revision: String,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Treat problems weir can read past (dangling `$ref`s, unknown types) as errors.
    #[arg(long)]
    pub strict: bool,
    /// The consumer registry folder (default: `consumers/` beside weir.toml, if there is one).
    #[arg(long, value_name = "DIR")]
    pub consumers: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir consumers\n  weir consumers --consumers contracts/ --spec api/openapi.yaml\n  weir consumers --format json"
)]
pub struct ConsumersArgs {
    /// The consumer registry folder (default: from weir.toml, else `consumers/`).
    #[arg(long, value_name = "DIR")]
    pub consumers: Option<PathBuf>,
    /// Verify the Pact interactions against this spec (PATH, `-` or REV:PATH).
    #[arg(long)]
    pub spec: Option<String>,
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Which spec, compared with what.
#[derive(clap::Args, Debug, Clone)]
pub struct Target {
    /// The spec file (default: the one in weir.toml).
    #[arg(long)]
    pub spec: Option<String>,
    /// What to compare with: a git revision (`v1.4.0`, `main`) or a locator
    /// (`REV:PATH`, a file). Default: the highest release tag reachable from HEAD.
    #[arg(long)]
    pub base: Option<String>,
    /// The revision to check: a git revision or a locator. Default: the working tree.
    #[arg(long)]
    pub revision: Option<String>,
    /// weir.toml to use instead of the nearest one.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Treat problems weir can read past (dangling `$ref`s, unknown types) as errors.
    #[arg(long)]
    pub strict: bool,
    /// The consumer registry folder (default: `consumers/` beside weir.toml, if there is one).
    #[arg(long, value_name = "DIR")]
    pub consumers: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir check --spec api/openapi.yaml\n  weir check --base v1.4.0 --tag v1.5.0\n  weir check --version-from cargo --format json"
)]
pub struct CheckArgs {
    #[command(flatten)]
    pub target: Target,
    /// The version this release declares (default: the revision's `info.version`).
    #[arg(long, conflicts_with_all = ["tag", "version_from"])]
    pub version: Option<String>,
    /// The tag being created (`v2.0.0`): its version is the declared one.
    #[arg(long, conflicts_with = "version_from")]
    pub tag: Option<String>,
    /// Read the declared version from the spec (default), Cargo.toml or package.json.
    #[arg(long, value_enum)]
    pub version_from: Option<VersionFrom>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VersionFrom {
    Spec,
    Cargo,
    Npm,
}

#[derive(clap::Args, Debug)]
pub struct BumpArgs {
    #[command(flatten)]
    pub target: Target,
    /// Write the version into the spec's `info.version` (only that value changes).
    #[arg(long)]
    pub write: bool,
}

#[derive(clap::Args, Debug)]
pub struct ChangelogArgs {
    /// The earlier spec: PATH, `-` (stdin) or REV:PATH.
    pub base: String,
    /// The later spec: PATH, `-` (stdin) or REV:PATH.
    pub revision: String,
    #[arg(long, value_enum, default_value_t = ChangelogFormat::Markdown)]
    pub format: ChangelogFormat,
    #[arg(long)]
    pub strict: bool,
    /// The consumer registry folder (default: `consumers/` beside weir.toml, if there is one).
    #[arg(long, value_name = "DIR")]
    pub consumers: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir log --spec api/openapi.yaml\n  weir log --since v1.0.0 --format html --output api-history.html"
)]
pub struct LogArgs {
    /// The spec file (default: the one in weir.toml).
    #[arg(long)]
    pub spec: Option<String>,
    /// Only commits after this revision.
    #[arg(long)]
    pub since: Option<String>,
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub format: LogFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub jobs: Option<usize>,
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[arg(long)]
    pub strict: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChangelogFormat {
    Markdown,
    Text,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// Only rules of this level.
    #[arg(long, value_parser = ["breaking", "warning", "info"])]
    pub level: Option<String>,
    /// Only rules of this category.
    #[arg(long)]
    pub category: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Parse the arguments, run, print errors with miette, and give the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::BadInput
            } else {
                Exit::Ok
            }
            .into();
        }
    };
    match run(cli) {
        Ok(exit) => exit.into(),
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            Exit::BadInput.into()
        }
    }
}

pub fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Diff(args) => diff(args),
        Command::Check(args) => check(args),
        Command::Bump(args) => bump(args),
        Command::Changelog(args) => changelog(args),
        Command::Log(args) => log(args),
        Command::Rules(args) => list_rules(args),
        Command::Consumers(args) => list_consumers(args),
        Command::Explain { rule } => explain(&rule),
    }
}

/// Load base and revision side by side: parsing is most of the work, and the two are
/// independent.
pub fn load_pair(base: &str, revision: &str, strict: bool) -> Result<(Spec, Spec)> {
    load_locators(&Locator::parse(base), &Locator::parse(revision), strict)
}

pub fn load_locators(base: &Locator, revision: &Locator, strict: bool) -> Result<(Spec, Spec)> {
    if *base == Locator::Stdin && *revision == Locator::Stdin {
        return Err(Error::Usage(
            "only one side can be read from standard input".into(),
        ));
    }
    let (a, b) = std::thread::scope(|s| {
        let t = s.spawn(|| load_one(base, strict));
        let b = load_one(revision, strict);
        (t.join().expect("loader thread does not panic"), b)
    });
    Ok((a?, b?))
}

pub fn load_one(locator: &Locator, strict: bool) -> Result<Spec> {
    Workspace::open(locator).and_then(|ws| Spec::from_workspace(ws, strict))
}

/// Show what loading read past. Upstream specs can repeat one mistake hundreds of times, so
/// each distinct message is shown once with a count of the places it recurs.
fn print_warnings(specs: &[&Spec]) {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    let mut first: Vec<&crate::error::Located> = Vec::new();
    for w in specs.iter().flat_map(|s| &s.warnings) {
        match seen.iter_mut().find(|(m, _)| *m == w.message) {
            Some((_, n)) => *n += 1,
            None => {
                seen.push((&w.message, 1));
                first.push(w);
            }
        }
    }
    for (w, (_, n)) in first.iter().zip(&seen) {
        let mut shown = w.clone_for_report();
        if *n > 1 {
            shown.help = Some(format!("the same problem occurs {} more times", n - 1));
        }
        eprintln!("{:?}", miette::Report::new(shown));
    }
}

fn diff(args: DiffArgs) -> Result<Exit> {
    let (a, b) = load_pair(&args.base, &args.revision, args.strict)?;
    print_warnings(&[&a, &b]);
    let changes = crate::diff::diff(&a, &b);
    let (findings, impact) = with_consumers(rules::classify(changes), &a, &b, args.consumers)?;
    let report = Report {
        base: &a,
        revision: &b,
        findings,
    };
    let text = match args.format {
        Format::Text => {
            let mut text = report::text::render(&report);
            if let Some(i) = &impact {
                text.push_str(&consumers::report::text(i, &report.findings));
            }
            text
        }
        Format::Json => {
            let mut v = report::json::value(&report);
            if let Some(i) = &impact {
                v["consumers"] = consumers::report::json(i);
            }
            let mut s = serde_json::to_string_pretty(&v).expect("report serializes");
            s.push('\n');
            s
        }
    };
    print(&text);
    Ok(Exit::Ok)
}

/// The consumer registry `--consumers` or weir.toml names, if any.
fn consumer_settings(config: &Config, flag: Option<PathBuf>) -> consumers::Settings {
    consumers::Settings::new(&config.consumers, &config.base_dir(), flag.as_deref())
}

/// Witnesses and, with a registry, each finding's consumers and the consumer policy.
fn with_consumers(
    mut findings: Vec<rules::Finding>,
    base: &Spec,
    revision: &Spec,
    flag: Option<PathBuf>,
) -> Result<(Vec<rules::Finding>, Option<consumers::Impact>)> {
    let settings = consumer_settings(&Config::discover(None)?, flag);
    let registry = load_registry(&settings)?;
    let version = revision
        .version
        .as_ref()
        .and_then(|v| crate::semver::parse_version(&v.value));
    let impact = consumers::analyze(
        &mut findings,
        base,
        revision,
        registry.as_ref(),
        settings.policy,
        version.as_ref(),
    );
    Ok((findings, impact))
}

/// The registry, saying which files in its folder are not consumer files.
fn load_registry(settings: &consumers::Settings) -> Result<Option<consumers::Registry>> {
    let registry = settings.load()?;
    for file in registry.iter().flat_map(|r| &r.skipped) {
        eprintln!(
            "weir: {file} is neither a consumer file (`name`, `uses`) nor a Pact file: skipped"
        );
    }
    Ok(registry)
}

fn list_consumers(args: ConsumersArgs) -> Result<Exit> {
    let config = Config::discover(args.config.as_deref())?;
    let settings = consumer_settings(&config, args.consumers);
    let registry = load_registry(&settings)?.unwrap_or_else(|| consumers::Registry {
        dir: settings.dir.display().to_string(),
        consumers: Vec::new(),
        skipped: Vec::new(),
    });
    let verified = match &args.spec {
        Some(spec) => {
            let s = load_one(&Locator::parse(spec), false)?;
            print_warnings(&[&s]);
            consumers::analyze(&mut [], &s, &s, Some(&registry), settings.policy, None)
        }
        None => None,
    };
    let text = match args.format {
        Format::Text => {
            let mut text = consumers::report::listing_text(&registry);
            if let Some(i) = &verified {
                text.push_str(&consumers::report::verification_text(
                    i,
                    args.spec.as_deref(),
                ));
            }
            text
        }
        Format::Json => consumers::report::listing_json(&registry, verified.as_ref()),
    };
    print(&text);
    Ok(Exit::Ok)
}

/// The gate's options from the arguments and weir.toml.
fn check_options(target: &Target, version: VersionSource) -> Result<CheckOptions> {
    let config = Config::discover(target.config.as_deref())?;
    let settings = consumer_settings(&config, target.consumers.clone());
    Ok(CheckOptions {
        consumers: load_registry(&settings)?,
        consumer_policy: settings.policy,
        spec: config.spec_for(target.spec.as_deref())?,
        base: target.base.clone(),
        revision: target.revision.clone(),
        version,
        strict: target.strict,
        policy: config.policy.clone(),
    })
}

fn check(args: CheckArgs) -> Result<Exit> {
    let version = match (&args.version, &args.tag, args.version_from) {
        (Some(v), _, _) => VersionSource::Given(v.clone()),
        (_, Some(t), _) => VersionSource::Tag(t.clone()),
        (_, _, Some(VersionFrom::Cargo)) => VersionSource::Cargo,
        (_, _, Some(VersionFrom::Npm)) => VersionSource::Npm,
        _ => VersionSource::Spec,
    };
    let outcome = gate::check(&check_options(&args.target, version)?)?;
    print_outcome_warnings(&outcome);
    print(&match args.format {
        Format::Text => report::gate::render_text(&outcome),
        Format::Json => report::gate::render_json(&outcome),
    });
    Ok(if outcome.passed() {
        Exit::Ok
    } else {
        Exit::GateFailed
    })
}

fn print_outcome_warnings(o: &gate::Outcome) {
    match &o.base {
        Some(b) => print_warnings(&[b, &o.revision]),
        None => print_warnings(&[&o.revision]),
    }
}

fn bump(args: BumpArgs) -> Result<Exit> {
    let outcome = gate::check(&check_options(&args.target, VersionSource::Spec)?)?;
    print_outcome_warnings(&outcome);
    let next = outcome.next.to_string();
    if args.write {
        if args.target.revision.is_some() {
            return Err(Error::Usage(
                "--write changes the working tree; drop --revision".into(),
            ));
        }
        let text = gate::write::with_version(&outcome.revision, &next)?;
        let path = PathBuf::from(&outcome.spec_path);
        if text != *outcome.revision.files[0].source {
            gate::write::write_atomically(&path, &text)?;
        }
        eprintln!("{}: info.version is now {next}", path.display());
    }
    print(&format!("{next}\n"));
    Ok(Exit::Ok)
}

fn changelog(args: ChangelogArgs) -> Result<Exit> {
    let (a, b) = load_pair(&args.base, &args.revision, args.strict)?;
    print_warnings(&[&a, &b]);
    let classified = rules::classify(crate::diff::diff(&a, &b));
    let (findings, impact) = with_consumers(classified, &a, &b, args.consumers)?;
    let report = Report {
        base: &a,
        revision: &b,
        findings,
    };
    let mut out = match args.format {
        ChangelogFormat::Markdown => report::changelog::markdown(&report),
        ChangelogFormat::Text => report::changelog::text(&report),
        ChangelogFormat::Json => report::changelog::json(&report),
    };
    if let Some(i) = &impact {
        match args.format {
            ChangelogFormat::Markdown => {
                out.push_str(&consumers::report::markdown(i, &report.findings))
            }
            ChangelogFormat::Text => out.push_str(&consumers::report::text(i, &report.findings)),
            ChangelogFormat::Json => {}
        }
    }
    print(&out);
    Ok(Exit::Ok)
}

fn log(args: LogArgs) -> Result<Exit> {
    use std::io::IsTerminal;
    let config = Config::discover(args.config.as_deref())?;
    let spec = config.spec_for(args.spec.as_deref())?;
    let (workdir, rel) = gate::repo_relative(&spec.path)?;
    let progress: Option<Box<dyn Fn(usize, usize) + Sync>> = if std::io::stderr().is_terminal() {
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
    let opts = crate::history::LogOptions {
        path: rel.clone(),
        since: args.since.clone(),
        tag_pattern: spec.tag_pattern.clone(),
        strict: args.strict,
        threads: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        progress,
    };
    let entries = crate::history::log(&workdir, &opts)?;
    let text = match args.format {
        LogFormat::Text => report::log::text(&entries),
        LogFormat::Json => report::log::json(&entries),
        LogFormat::Html => report::log::html(&entries, &rel),
    };
    match &args.output {
        Some(path) => gate::write::write_atomically(path, &text)?,
        None => print(&text),
    }
    Ok(Exit::Ok)
}

fn list_rules(args: RulesArgs) -> Result<Exit> {
    let level = args.level.as_deref().and_then(Level::parse);
    let mut out = String::new();
    for r in &rules::catalogue().rules {
        if level.is_some_and(|l| l != r.level)
            || args.category.as_ref().is_some_and(|c| c != &r.category)
        {
            continue;
        }
        out.push_str(&format!(
            "{:<8} {:<5} {:<13} {:<55} {}\n",
            r.level, r.bump, r.category, r.id, r.summary
        ));
    }
    print(&out);
    Ok(Exit::Ok)
}

fn explain(id: &str) -> Result<Exit> {
    let cat = rules::catalogue();
    let Some(r) = cat.get(id) else {
        let mut close: Vec<&str> = cat
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .filter(|r| r.contains(id) || id.contains(*r))
            .take(5)
            .collect();
        close.sort();
        let hint = if close.is_empty() {
            "`weir rules` lists every rule".to_string()
        } else {
            format!("did you mean: {}", close.join(", "))
        };
        return Err(Error::Usage(format!("no rule `{id}` ({hint})")));
    };
    let text = format!(
        "{id}\n\n{summary}\n\nlevel: {level}    bump: {bump}    category: {category}\n\n{desc}\n\nWhy: {why}\n\nBefore:\n{before}\nAfter:\n{after}",
        id = r.id,
        summary = r.summary,
        level = r.level,
        bump = r.bump,
        category = r.category,
        desc = r.docs.description.trim(),
        why = r.docs.why.trim(),
        before = indent(&r.docs.before),
        after = indent(&r.docs.after),
    );
    print(&text);
    Ok(Exit::Ok)
}

fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

/// Print to stdout; a closed pipe (`weir diff … | head`) is not an error.
fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
