//! Command-line interface: raw arguments → a command, run, mapped to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use std::path::PathBuf;

use crate::config::{Config, FailOn};
use crate::consumers;
use crate::decisions::{Applied, Decisions, Ignored};
use crate::error::{Error, Result};
use crate::gate::{self, CheckOptions, VersionSource};
use crate::load::{Locator, Workspace};
use crate::model::Spec;
use crate::output::{self, Verbosity};
use crate::report::{self, Report, text::TextOptions};
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
    after_help = "Examples:\n  weir diff v1.4.0:api/openapi.yaml api/openapi.yaml\n  weir diff old.json new.yaml --format json\n  weir check                       # the release gate, before tagging\n  weir check --all --format markdown\n  weir init && weir hook install\n  weir rules --level breaking\n  weir explain request-parameter-became-required"
)]
pub struct Cli {
    /// Print only the report and errors: no warnings about the input, no progress, and no
    /// info-level changes in text reports.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also say what weir decided: which weir.toml and base it used, what it ignored.
    #[arg(short, long, global = true)]
    pub verbose: bool,
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
    #[command(after_help = "Example:\n  weir explain request-parameter-became-required")]
    Explain {
        /// The rule id, e.g. `request-parameter-became-required`.
        rule: String,
    },
    /// Write a commented starter weir.toml in the current folder.
    Init(crate::commands::init::InitArgs),
    /// Git hooks: `weir hook install` refuses pushes of under-versioned release tags.
    Hook(crate::commands::hook::HookArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  weir completions bash > ~/.local/share/bash-completion/completions/weir\n  weir completions zsh > ~/.zfunc/_weir\n  weir completions fish > ~/.config/fish/completions/weir.fish"
    )]
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir diff v1.4.0:api/openapi.yaml api/openapi.yaml\n  weir diff old.yaml new.yaml --format json | jq '.changes[] | select(.level == \"breaking\")'\n  weir diff main:api/openapi.yaml api/openapi.yaml --format markdown > comment.md\n  git show v1.4.0:api/openapi.yaml | weir diff - api/openapi.yaml"
)]
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
    /// weir.toml to use instead of the nearest one (for rule levels, ignores, path globs).
    #[arg(long)]
    pub config: Option<PathBuf>,
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
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
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
    after_help = "Examples:\n  weir check --spec api/openapi.yaml\n  weir check --base v1.4.0 --tag v1.5.0      # before `git tag v1.5.0`\n  weir check --version-from cargo --format json\n  weir check --all --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n  weir check --fail-on breaking --format github"
)]
pub struct CheckArgs {
    #[command(flatten)]
    pub target: Target,
    /// The version this release declares (default: the revision's `info.version`).
    #[arg(long, conflicts_with_all = ["tag", "version_from", "all"])]
    pub version: Option<String>,
    /// The tag being created (`v2.0.0`): its version is the declared one. With several specs
    /// in weir.toml, the tag picks the spec whose tag-pattern it matches.
    #[arg(long, conflicts_with_all = ["version_from", "all"])]
    pub tag: Option<String>,
    /// Read the declared version from the spec (default), Cargo.toml or package.json.
    #[arg(long, value_enum)]
    pub version_from: Option<VersionFrom>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Check every spec weir.toml lists, each against its own last release, in one report.
    #[arg(long, conflicts_with = "spec")]
    pub all: bool,
    /// Also fail on any change of this level, whatever the version (default: weir.toml's
    /// policy, else `version`: only an insufficient version fails).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Append the result to this file as `key=value` lines (verdict, required-bump,
    /// next-version, breaking-count), the format of GitHub Actions' $GITHUB_OUTPUT.
    #[arg(long, value_name = "FILE")]
    pub outputs: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VersionFrom {
    Spec,
    Cargo,
    Npm,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir bump\n  weir bump --write && git commit -am \"Release $(weir bump)\""
)]
pub struct BumpArgs {
    #[command(flatten)]
    pub target: Target,
    /// Write the version into the spec's `info.version` (only that value changes).
    #[arg(long)]
    pub write: bool,
}

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir changelog v1.4.0:api/openapi.yaml api/openapi.yaml >> CHANGELOG.md\n  weir changelog v1.4.0:api/openapi.yaml v1.5.0:api/openapi.yaml --format json"
)]
pub struct ChangelogArgs {
    /// The earlier spec: PATH, `-` (stdin) or REV:PATH.
    pub base: String,
    /// The later spec: PATH, `-` (stdin) or REV:PATH.
    pub revision: String,
    /// `markdown`, `text` and `json` are release notes; `sarif`, `junit` and `github` are the
    /// same findings as `weir diff` gives.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    #[arg(long)]
    pub strict: bool,
    /// weir.toml to use instead of the nearest one (for rule levels, ignores, path globs).
    #[arg(long)]
    pub config: Option<PathBuf>,
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

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir rules --level breaking\n  weir rules --category security"
)]
pub struct RulesArgs {
    /// Only rules of this level.
    #[arg(long, value_parser = ["breaking", "warning", "info"])]
    pub level: Option<String>,
    /// Only rules of this category.
    #[arg(long)]
    pub category: Option<String>,
}

/// `weir consumers` lists; it has no findings to render in the other formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: colour on a terminal, source lines of both sides.
    Text,
    /// One object (schemas/report.schema.json).
    Json,
    /// For pull-request comments and the GitHub job summary.
    Markdown,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, for CI test reporters: a test case per operation.
    Junit,
    /// GitHub Actions annotations on the revision spec.
    Github,
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
    output::set_verbosity(match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    });
    match cli.command {
        Command::Diff(args) => diff(args),
        Command::Check(args) => crate::commands::check::run(args),
        Command::Bump(args) => bump(args),
        Command::Changelog(args) => changelog(args),
        Command::Log(args) => log(args),
        Command::Rules(args) => list_rules(args),
        Command::Consumers(args) => list_consumers(args),
        Command::Explain { rule } => explain(&rule),
        Command::Init(args) => crate::commands::init::run(args),
        Command::Hook(args) => crate::commands::hook::run(args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "weir", &mut out);
            print(&String::from_utf8_lossy(&out));
            Ok(Exit::Ok)
        }
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
pub fn print_warnings(specs: &[&Spec]) {
    if output::quiet() {
        return;
    }
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

/// Findings of two loaded specs, with weir.toml's decisions applied (the nearest weir.toml,
/// or `--config`; the spec entry matching the revision's path adds its path globs).
fn decided_findings(
    a: &Spec,
    b: &Spec,
    revision: &str,
    config: Option<&std::path::Path>,
) -> Result<Applied> {
    let config = Config::discover(config)?;
    let spec = match Locator::parse(revision) {
        Locator::File(p) if !config.specs.is_empty() => {
            Some(config.spec_for(Some(&p.display().to_string()))?)
        }
        _ => None,
    };
    let decisions = Decisions::from_config(&config, spec.as_ref(), crate::gate::policy::today())?;
    let findings = rules::classify(crate::diff::diff(a, b));
    let applied = decisions.apply(a, b, findings);
    note_applied(&config, &applied);
    Ok(applied)
}

/// `--verbose`: what weir.toml changed.
pub fn note_applied(config: &Config, applied: &Applied) {
    if let Some(p) = &config.path {
        output::note(format!("using {}", p.display()));
    }
    for i in &applied.ignored {
        output::note(format!(
            "ignored {} {} (until {}): {}",
            i.fingerprint, i.finding.rule, i.expires, i.reason
        ));
    }
    if applied.filtered > 0 {
        output::note(format!(
            "{} finding(s) left out by rules set to \"off\" or by path globs",
            applied.filtered
        ));
    }
    for fp in &applied.unused {
        output::note(format!("the ignore of {fp} matched no finding"));
    }
}

/// How text reports look on this run's standard output.
pub fn text_options() -> TextOptions {
    TextOptions {
        color: output::stdout_color(),
        snippets: true,
        hide_info: output::quiet(),
    }
}

/// A diff's findings in any format (`json` is the diff contract).
fn render_report(
    format: Format,
    report: &Report<'_>,
    ignored: &[Ignored],
    impact: Option<&consumers::Impact>,
) -> String {
    match format {
        Format::Text => {
            let mut out = report::text::render_with(report, &text_options(), ignored);
            if let Some(i) = impact {
                out.push_str(&consumers::report::text(i, &report.findings));
            }
            out
        }
        Format::Json => {
            let mut v = report::json::value_with(report, ignored);
            if let Some(i) = impact {
                v["consumers"] = consumers::report::json(i);
            }
            let mut s = serde_json::to_string_pretty(&v).expect("report serializes");
            s.push('\n');
            s
        }
        Format::Markdown => {
            let mut out = report::markdown::diff(report, ignored);
            if let Some(i) = impact {
                out.push_str(&consumers::report::markdown(i, &report.findings));
            }
            out
        }
        Format::Sarif => report::sarif::diff(report, ignored, impact),
        Format::Junit => report::junit::diff(report),
        Format::Github => report::github::diff(report),
    }
}

fn diff(args: DiffArgs) -> Result<Exit> {
    let (a, b) = load_pair(&args.base, &args.revision, args.strict)?;
    print_warnings(&[&a, &b]);
    let applied = decided_findings(&a, &b, &args.revision, args.config.as_deref())?;
    let (findings, impact) = with_consumers(
        applied.findings,
        &a,
        &b,
        args.config.as_deref(),
        args.consumers,
    )?;
    let report = Report {
        base: &a,
        revision: &b,
        findings,
    };
    print(&render_report(
        args.format,
        &report,
        &applied.ignored,
        impact.as_ref(),
    ));
    Ok(Exit::Ok)
}

/// The consumer registry `--consumers` or weir.toml names, if any.
pub fn consumer_settings(config: &Config, flag: Option<PathBuf>) -> consumers::Settings {
    consumers::Settings::new(&config.consumers, &config.base_dir(), flag.as_deref())
}

/// Witnesses and, with a registry, each finding's consumers and the consumer policy.
fn with_consumers(
    mut findings: Vec<rules::Finding>,
    base: &Spec,
    revision: &Spec,
    config: Option<&std::path::Path>,
    flag: Option<PathBuf>,
) -> Result<(Vec<rules::Finding>, Option<consumers::Impact>)> {
    let settings = consumer_settings(&Config::discover(config)?, flag);
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
        ListFormat::Text => {
            let mut text = consumers::report::listing_text(&registry);
            if let Some(i) = &verified {
                text.push_str(&consumers::report::verification_text(
                    i,
                    args.spec.as_deref(),
                ));
            }
            text
        }
        ListFormat::Json => consumers::report::listing_json(&registry, verified.as_ref()),
    };
    print(&text);
    Ok(Exit::Ok)
}

/// The gate's options from the arguments and weir.toml.
fn check_options(target: &Target, version: VersionSource) -> Result<CheckOptions> {
    let config = Config::discover(target.config.as_deref())?;
    let spec = config.spec_for(target.spec.as_deref())?;
    let settings = consumer_settings(&config, target.consumers.clone());
    Ok(CheckOptions {
        decisions: Decisions::from_config(&config, Some(&spec), crate::gate::policy::today())?,
        policy: config.policy_for(&spec),
        consumers: load_registry(&settings)?,
        consumer_policy: settings.policy,
        spec,
        base: target.base.clone(),
        revision: target.revision.clone(),
        version,
        strict: target.strict,
    })
}

pub fn print_outcome_warnings(o: &gate::Outcome) {
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
        if !output::quiet() {
            eprintln!("{}: info.version is now {next}", path.display());
        }
    }
    print(&format!("{next}\n"));
    Ok(Exit::Ok)
}

fn changelog(args: ChangelogArgs) -> Result<Exit> {
    let (a, b) = load_pair(&args.base, &args.revision, args.strict)?;
    print_warnings(&[&a, &b]);
    let applied = decided_findings(&a, &b, &args.revision, args.config.as_deref())?;
    let (findings, impact) = with_consumers(
        applied.findings,
        &a,
        &b,
        args.config.as_deref(),
        args.consumers,
    )?;
    let report = Report {
        base: &a,
        revision: &b,
        findings,
    };
    let consumers_section = |md: bool| match &impact {
        Some(i) if md => consumers::report::markdown(i, &report.findings),
        Some(i) => consumers::report::text(i, &report.findings),
        None => String::new(),
    };
    print(&match args.format {
        Format::Markdown => report::changelog::markdown(&report) + &consumers_section(true),
        Format::Text => report::changelog::text(&report) + &consumers_section(false),
        Format::Json => report::changelog::json(&report),
        other => render_report(other, &report, &applied.ignored, impact.as_ref()),
    });
    Ok(Exit::Ok)
}

fn log(args: LogArgs) -> Result<Exit> {
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
pub fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
