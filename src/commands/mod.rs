//! Command bodies, one file per command; `crate::cli` parses the arguments and dispatches
//! here. This file holds what several commands share: loading, weir.toml's decisions, the
//! consumer registry, and printing.

pub mod bump;
pub mod changelog;
pub mod check;
pub mod consumers;
pub mod diff;
pub mod hook;
pub mod init;
pub mod log;
pub mod rules;

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{Format, Target};
use crate::config::Config;
use crate::consumers as registry;
use crate::decisions::{Applied, Decisions, Ignored};
use crate::error::Result;
use crate::gate::{self, CheckOptions, VersionSource};
use crate::load::Locator;
use crate::model::Spec;
use crate::output;
use crate::report::{self, Report, text::TextOptions};
use crate::rules::classify;
use crate::vocabulary::Finding;

/// `weir diff BASE REVISION`'s two locators, loaded side by side.
pub fn load_pair(base: &str, revision: &str, strict: bool) -> Result<(Spec, Spec)> {
    crate::load::open_pair(&Locator::parse(base), &Locator::parse(revision), strict)
}

/// Show what loading read past. Upstream specs can repeat one mistake hundreds of times, so
/// each distinct message is shown once with a count of the other places it recurs. A place
/// counts once: `weir diff a.yaml a.yaml` reads the same problem twice in the same spot.
pub fn print_warnings(specs: &[&Spec]) {
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

/// Two specs compared, with weir.toml's decisions and the consumer registry applied: what
/// `weir diff` and `weir changelog` report.
pub struct Compared {
    pub base: Spec,
    pub revision: Spec,
    pub findings: Vec<Finding>,
    /// Findings weir.toml accepts for now.
    pub ignored: Vec<Ignored>,
    pub impact: Option<registry::Impact>,
}

/// Load `base` and `revision` (locators), diff and classify them, and apply the nearest
/// weir.toml (or `config`; the spec entry matching the revision's path adds its path globs)
/// and the consumer registry (`consumers`, or the one weir.toml names).
pub fn compare(
    base: &str,
    revision: &str,
    strict: bool,
    config: Option<&std::path::Path>,
    consumers: Option<PathBuf>,
) -> Result<Compared> {
    let (a, b) = load_pair(base, revision, strict)?;
    print_warnings(&[&a, &b]);
    let config = Config::discover(config)?;
    let spec = match Locator::parse(revision) {
        Locator::File(p) if !config.specs.is_empty() => {
            Some(config.spec_for(Some(&p.display().to_string()))?)
        }
        _ => None,
    };
    let decisions = Decisions::from_config(&config, spec.as_ref(), crate::gate::policy::today())?;
    let applied = decisions.apply(&a, &b, classify(crate::diff::diff(&a, &b)));
    note_applied(&config, &applied);
    let (findings, impact) = with_consumers(applied.findings, &a, &b, &config, consumers)?;
    Ok(Compared {
        base: a,
        revision: b,
        findings,
        ignored: applied.ignored,
        impact,
    })
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
pub fn render_report(
    format: Format,
    report: &Report<'_>,
    ignored: &[Ignored],
    impact: Option<&registry::Impact>,
) -> String {
    match format {
        Format::Text => {
            let mut out = report::text::render_with(report, &text_options(), ignored);
            if let Some(i) = impact {
                out.push_str(&registry::report::text(i, &report.findings));
            }
            out
        }
        Format::Json => {
            let mut v = report::json::value_with(report, ignored);
            if let Some(i) = impact {
                v["consumers"] = registry::report::json(i);
            }
            let mut s = serde_json::to_string_pretty(&v).expect("report serializes");
            s.push('\n');
            s
        }
        Format::Markdown => {
            let mut out = report::markdown::diff(report, ignored);
            if let Some(i) = impact {
                out.push_str(&registry::report::markdown(i, &report.findings));
            }
            out
        }
        Format::Sarif => report::sarif::diff(report, ignored, impact),
        Format::Junit => report::junit::diff(report),
        Format::Github => report::github::diff(report),
    }
}

/// The consumer registry `--consumers` or weir.toml names, if any.
pub fn consumer_settings(config: &Config, flag: Option<PathBuf>) -> registry::Settings {
    registry::Settings::new(&config.consumers, &config.base_dir(), flag.as_deref())
}

/// Witnesses and, with a registry, each finding's consumers and the consumer policy.
fn with_consumers(
    mut findings: Vec<Finding>,
    base: &Spec,
    revision: &Spec,
    config: &Config,
    flag: Option<PathBuf>,
) -> Result<(Vec<Finding>, Option<registry::Impact>)> {
    let settings = consumer_settings(config, flag);
    let registry = load_registry(&settings)?;
    let version = revision
        .version
        .as_ref()
        .and_then(|v| crate::semver::parse_version(&v.value));
    let impact = registry::analyze(
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
pub fn load_registry(settings: &registry::Settings) -> Result<Option<registry::Registry>> {
    let registry = settings.load()?;
    for file in registry.iter().flat_map(|r| &r.skipped) {
        eprintln!(
            "weir: {file} is neither a consumer file (`name`, `uses`) nor a Pact file: skipped"
        );
    }
    Ok(registry)
}

/// The gate's options from the arguments and weir.toml.
pub fn check_options(target: &Target, version: VersionSource) -> Result<CheckOptions> {
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

pub fn indent(s: &str) -> String {
    s.lines().map(|l| format!("    {l}\n")).collect()
}

/// Print to stdout; a closed pipe (`weir diff … | head`) is not an error.
pub fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}
