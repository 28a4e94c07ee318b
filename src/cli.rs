//! Command-line interface: raw arguments → a command, run, mapped to an exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::config::FailOn;
use crate::error::Result;
use crate::output::{self, Verbosity};

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
        Command::Diff(args) => {
            one_side_on_stdin(&args.base, &args.revision)?;
            commands::diff::run(args)
        }
        Command::Check(args) => commands::check::run(args),
        Command::Bump(args) => commands::bump::run(args),
        Command::Changelog(args) => {
            one_side_on_stdin(&args.base, &args.revision)?;
            commands::changelog::run(args)
        }
        Command::Log(args) => commands::log::run(args),
        Command::Rules(args) => commands::rules::list(args),
        Command::Consumers(args) => commands::consumers::run(args),
        Command::Explain { rule } => commands::rules::explain(&rule),
        Command::Init(args) => commands::init::run(args),
        Command::Hook(args) => commands::hook::run(args),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "weir", &mut out);
            commands::print(&String::from_utf8_lossy(&out));
            Ok(Exit::Ok)
        }
    }
}

/// Standard input can be read once, so `-` names at most one of the two specs.
fn one_side_on_stdin(base: &str, revision: &str) -> Result<()> {
    if base == "-" && revision == "-" {
        return Err(crate::error::Error::Usage(
            "only one side can be read from standard input".into(),
        ));
    }
    Ok(())
}
