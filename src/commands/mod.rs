//! The commands, one file each: its arguments (what `crate::cli` parses them into) and its
//! body. Commands never import the CLI. This file holds what several commands share: exit
//! codes, the target and report format arguments, loading, the assessment settings from
//! weir.toml and the consumer registry, and printing.

pub(crate) mod bump;
pub(crate) mod changelog;
pub(crate) mod check;
pub(crate) mod consumers;
pub(crate) mod diff;
pub(crate) mod hook;
pub(crate) mod init;
pub(crate) mod log;
pub(crate) mod mock;
pub(crate) mod rules;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::assess::{
    Assessment, BaseHistory, ConsumerSettings, Decisions, Ignored, KnownPlaces, Pair, Settings,
    assess, dates,
};
use crate::config::{Config, SpecConfig};
use crate::consumers as registry;
use crate::error::Result;
use crate::gate;
use crate::load::Locator;
use crate::model::Spec;
use crate::output;
use crate::report::{self, Report, text::TextOptions};

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

/// Which spec, compared with what.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct Target {
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
    #[command(flatten)]
    pub options: CompareOptions,
}

/// How two specs are read and assessed: the arguments every command that compares two
/// specs takes (`diff`, `changelog`, `check`, `bump`, `mock BASE REVISION`).
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct CompareOptions {
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

/// How `diff`, `check` and `changelog` print their findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
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

/// `weir diff BASE REVISION`'s two locators, loaded side by side.
pub(crate) fn load_pair(base: &str, revision: &str, strict: bool) -> Result<(Spec, Spec)> {
    crate::load::open_pair(&Locator::parse(base), &Locator::parse(revision), strict)
}

/// Show what loading read past. Upstream specs can repeat one mistake hundreds of times, so
/// each distinct message is shown once with a count of the other places it recurs. A place
/// counts once: `weir diff a.yaml a.yaml` reads the same problem twice in the same spot.
pub(crate) fn print_warnings(specs: &[&Spec]) {
    if output::quiet() {
        return;
    }
    let mut order: Vec<&crate::error::Located> = Vec::new();
    let mut places: std::collections::HashMap<&str, std::collections::BTreeSet<&str>> =
        Default::default();
    for w in specs.iter().flat_map(|s| &s.warnings) {
        let seen = places.entry(&w.message).or_default();
        if seen.is_empty() {
            order.push(w);
        }
        seen.insert(&w.place);
    }
    for w in order {
        let mut shown = w.clone_for_report();
        match places[w.message.as_str()].len() - 1 {
            0 => {}
            1 => shown.help = Some("the same problem occurs in 1 more place".into()),
            n => shown.help = Some(format!("the same problem occurs in {n} more places")),
        }
        eprintln!("{:?}", miette::Report::new(shown));
    }
}

/// Two specs compared and assessed: what `weir diff` and `weir changelog` report.
pub(crate) struct Compared {
    pub base: Spec,
    pub revision: Spec,
    pub assessment: Assessment,
}

/// Load `base` and `revision` (locators), diff them and assess the changes with the nearest
/// weir.toml (or `--config`; the spec entry matching the revision's path adds its own policy,
/// path globs and consumers folder) and the consumer registry (`--consumers`, or the one
/// weir.toml names).
pub(crate) fn compare(base: &str, revision: &str, options: &CompareOptions) -> Result<Compared> {
    let (a, b) = load_pair(base, revision, options.strict)?;
    print_warnings(&[&a, &b]);
    let config = Config::discover(options.config.as_deref())?;
    let spec = match Locator::parse(revision) {
        Locator::File(p) if !config.specs.is_empty() => {
            Some(config.spec_for(Some(&p.display().to_string()))?)
        }
        _ => None,
    };
    // The diff runs on one thread; the settings (the rule catalogue, about 1 ms, and the
    // consumer registry's files) are read on the other core meanwhile, and, when witnesses
    // are looked for, the schema nodes they are looked in are indexed (about as long), which
    // costs a diff with none of them nothing it waits for. While the diff merges its
    // changes, that core works out the places of their nodes for classification.
    let mut pair = Pair::new(&a, &b);
    let ((changes, places), settings) = crate::parallel::both(
        true,
        || {
            crate::diff::diff_beside(&a, &b, |in_base, in_revision| {
                KnownPlaces::of((&a, &b), in_base, in_revision)
            })
        },
        || {
            let settings = assess_settings(&config, spec.as_ref(), options.consumers.clone())?;
            if settings.consumers.witnesses {
                pair.nodes();
            }
            Ok(settings)
        },
    );
    let settings = settings?;
    // A base read from git dates its deprecations from git, as `weir check` does.
    let cwd = std::env::current_dir().ok();
    let history = match (Locator::parse(base), &cwd) {
        (Locator::Git { rev, path }, Some(cwd))
            if !path.starts_with("./") && !path.starts_with("../") =>
        {
            Some(BaseHistory {
                repo_dir: cwd,
                rev,
                path,
            })
        }
        _ => None,
    };
    pair.history = history;
    pair.places = places;
    if let Some(r) = &settings.consumers.registry {
        crate::consumers::check_names(r, &a, &b)?;
    }
    let assessment = assess(&pair, changes, &settings);
    note_assessment(&config, &assessment);
    Ok(Compared {
        base: a,
        revision: b,
        assessment,
    })
}

/// `weir diff` and `weir changelog`: compare `base` with `revision`, print what `render`
/// makes of the report (with the findings weir.toml ignored and the consumers' impact).
pub(crate) fn print_comparison(
    base: &str,
    revision: &str,
    options: &CompareOptions,
    render: impl FnOnce(&Report<'_>, &[Ignored], Option<&registry::Impact>) -> String,
) -> Result<Exit> {
    let Compared {
        base,
        revision,
        assessment,
    } = compare(base, revision, options)?;
    let report = Report {
        base: &base,
        revision: &revision,
        findings: assessment.findings,
    };
    print(&render(
        &report,
        &assessment.ignored,
        assessment.impact.as_ref(),
    ));
    // The command ends here: the two specs and the findings are left to the operating
    // system, which takes their memory back at once at exit, rather than freed one allocation
    // at a time (3–5 % of a diff's instructions).
    std::mem::forget(report.findings);
    std::mem::forget((base, revision));
    Ok(Exit::Ok)
}

/// How changes are assessed for `spec` (`None`: weir.toml's file-wide settings only): its
/// rule levels, ignores, path globs and deprecation policy, and the consumer registry —
/// `consumers` (`--consumers`), else the spec's own folder, else the one weir.toml names.
/// Every command assesses with this, so they all give the same verdicts.
pub(crate) fn assess_settings(
    config: &Config,
    spec: Option<&SpecConfig>,
    consumers: Option<PathBuf>,
) -> Result<Settings> {
    let today = dates::today();
    let deprecation_days = match spec {
        Some(s) => config.policy_for(s).deprecation_days,
        None => config.policy.deprecation_days,
    };
    let folder = consumers.or_else(|| {
        spec.and_then(|s| s.consumers.as_ref())
            .map(|c| config.base_dir().join(c))
    });
    let registry = consumer_settings(config, folder)?;
    Ok(Settings {
        decisions: Decisions::from_config(config, spec, today)?,
        deprecation_days,
        today,
        consumers: ConsumerSettings {
            registry: load_registry(&registry)?,
            policy: registry.policy,
            witnesses: true,
        },
    })
}

/// `--verbose`: which weir.toml, and what it changed.
pub(crate) fn note_assessment(config: &Config, assessment: &Assessment) {
    if let Some(p) = &config.path {
        output::note(format!("using {}", p.display()));
    }
    for i in &assessment.ignored {
        output::note(format!(
            "ignored {} {} (until {}): {}",
            i.finding.fingerprint, i.finding.rule, i.expires, i.reason
        ));
    }
    if assessment.filtered > 0 {
        output::note(format!(
            "{} finding(s) left out by rules set to \"off\" or by path globs",
            assessment.filtered
        ));
    }
    for fp in &assessment.unused_ignores {
        output::note(format!("the ignore of {fp} matched no finding"));
    }
}

/// How text reports look on this run's standard output.
pub(crate) fn text_options() -> TextOptions {
    TextOptions {
        color: output::stdout_color(),
        snippets: true,
        hide_info: output::quiet(),
        all: output::verbosity() == output::Verbosity::Verbose,
    }
}

/// Where `diff` and `check` publish a report: GitHub's limits and links to the spec.
#[derive(clap::Args, Debug, Clone)]
pub(crate) struct PublishArgs {
    /// markdown: at most this many bytes, breaking changes kept first, and a closing line
    /// that counts what was left out. The default fits GitHub's job summary (1 MiB); 65000
    /// fits a pull-request comment (65,536 characters); 0: no limit.
    #[arg(long, value_name = "BYTES", default_value_t = report::publishing::SUMMARY_BYTES)]
    pub(crate) max_bytes: usize,
    /// github: at most this many annotations of each kind (error, warning, notice), breaking
    /// changes first, and a notice that counts the rest. The default is what GitHub shows a
    /// step (10 of each; it drops the rest unsaid); 0: no limit.
    #[arg(long, value_name = "N", default_value_t = report::publishing::ANNOTATIONS)]
    pub(crate) max_annotations: usize,
    /// markdown: link each place to the file at its commit, URL/PATH#LLINE — for GitHub
    /// `https://github.com/OWNER/REPO/blob/SHA` (the revision's commit).
    #[arg(long, value_name = "URL")]
    pub(crate) link_base: Option<String>,
    /// What a cut report says about where the full one is (default: run weir locally).
    #[arg(long, value_name = "TEXT")]
    pub(crate) full_report: Option<String>,
}

/// Below this a Markdown report cannot hold its verdict and the line saying what was cut.
const MIN_MARKDOWN_BYTES: usize = 4096;

impl PublishArgs {
    pub(crate) fn publishing(&self) -> Result<report::publishing::Publishing> {
        if self.max_bytes != 0 && self.max_bytes < MIN_MARKDOWN_BYTES {
            return Err(crate::error::Error::Usage(format!(
                "--max-bytes {} is too small for a report: give at least {MIN_MARKDOWN_BYTES}, or 0 for no limit",
                self.max_bytes
            )));
        }
        let limit = |n: usize| (n != 0).then_some(n);
        Ok(report::publishing::Publishing {
            max_bytes: limit(self.max_bytes),
            max_annotations: limit(self.max_annotations),
            link_base: self.link_base.clone(),
            full_report: self.full_report.clone(),
        })
    }
}

/// A diff's findings in any format (`json` is the diff contract), within GitHub's limits.
pub(crate) fn render_report(
    format: ReportFormat,
    report: &Report<'_>,
    ignored: &[Ignored],
    impact: Option<&registry::Impact>,
) -> String {
    let github = report::publishing::Publishing::github();
    render_report_to(format, report, ignored, impact, &github)
}

/// A diff's findings in any format, fitted to where it is published.
pub(crate) fn render_report_to(
    format: ReportFormat,
    report: &Report<'_>,
    ignored: &[Ignored],
    impact: Option<&registry::Impact>,
    publishing: &report::publishing::Publishing,
) -> String {
    match format {
        ReportFormat::Text => {
            let mut out = report::text::render_with(report, &text_options(), ignored);
            out.push_str(&report::downgraded::text(&report.findings));
            if let Some(i) = impact {
                out.push_str(&crate::report::consumers::text(i, &report.findings));
            }
            out
        }
        ReportFormat::Json => {
            let consumers = impact.map(crate::report::consumers::json);
            report::json::render_full(report, ignored, consumers)
        }
        ReportFormat::Markdown => report::markdown::diff(report, ignored, impact, publishing),
        ReportFormat::Sarif => report::sarif::diff(report, ignored, impact),
        ReportFormat::Junit => report::junit::diff(report),
        ReportFormat::Github => report::github::diff(report, publishing),
    }
}

/// The consumer registry `--consumers` or weir.toml names, if any. Downgrading breaks no
/// registered consumer uses is only for a registry declared complete: asking for it without
/// `complete = true` is an error, not a downgrade nobody meant.
pub(crate) fn consumer_settings(
    config: &Config,
    flag: Option<PathBuf>,
) -> Result<registry::RegistrySettings> {
    let c = &config.consumers;
    if let Some(level) = &c.unused_breaking
        && !c.complete
        && *level.get_ref() != crate::vocabulary::Level::Breaking
    {
        return Err(config.error_at(
            level.span().start,
            format!(
                "`unused-breaking = \"{}\"` downgrades breaking changes no registered consumer uses, which is safe only when the registry lists every consumer: add `complete = true` to [consumers] to declare that it does",
                level.get_ref()
            ),
        ));
    }
    Ok(registry::RegistrySettings::new(
        c,
        &config.base_dir(),
        flag.as_deref(),
    ))
}

/// The registry, saying which files in its folder are not consumer files.
pub(crate) fn load_registry(
    settings: &registry::RegistrySettings,
) -> Result<Option<registry::Registry>> {
    let registry = settings.load()?;
    for file in registry.iter().flat_map(|r| &r.skipped) {
        eprintln!(
            "weir: {file} is neither a consumer file (`name`, `uses`) nor a Pact file: skipped"
        );
    }
    Ok(registry)
}

pub(crate) fn print_outcome_warnings(o: &gate::Outcome) {
    match &o.base {
        Some(b) => print_warnings(&[b, &o.revision]),
        None => print_warnings(&[&o.revision]),
    }
}

pub(crate) fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

/// Print to stdout; a closed pipe (`weir diff … | head`) is not an error.
pub(crate) fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
