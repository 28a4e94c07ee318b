//! Command-line interface: raw arguments → a command, run, mapped to an exit code.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::commands::bump::BumpArgs;
use crate::commands::changelog::ChangelogArgs;
use crate::commands::check::CheckArgs;
use crate::commands::consumers::ConsumersArgs;
use crate::commands::diff::DiffArgs;
use crate::commands::log::LogArgs;
use crate::commands::rules::RulesArgs;
use crate::commands::{self, Exit};
use crate::error::Result;
use crate::output::{self, Verbosity};

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
pub(crate) struct Cli {
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
pub(crate) enum Command {
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
    /// with a spec, also verify their Pact interactions against it (exits 1 when one fails).
    Consumers(ConsumersArgs),
    /// Serve the spec as a mock server that validates requests; with two specs, serve the
    /// revision and name the breaking change behind each request only the base accepts.
    Mock(crate::commands::mock::MockArgs),
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

/// Parse the arguments, run, print errors with miette, and give the exit code.
pub(crate) fn main() -> ExitCode {
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
    let exit = match run(cli) {
        Ok(exit) => exit,
        Err(e) => {
            eprintln!("{:?}", miette::Report::new(e));
            Exit::BadInput
        }
    };
    crate::memory::leave_to_exit();
    exit.into()
}

pub(crate) fn run(cli: Cli) -> Result<Exit> {
    output::set_verbosity(match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    });
    // The commands that compare specs keep the pool's threads ready from the load to the
    // report; a server (`mock`) and the history walk (`log`, with threads of its own) do not.
    let _ready = matches!(
        cli.command,
        Command::Diff(_)
            | Command::Check(_)
            | Command::Bump(_)
            | Command::Changelog(_)
            | Command::Hook(_)
    )
    .then(crate::parallel::Ready::hold);
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
        Command::Mock(args) => commands::mock::run(args),
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
