//! `weir check`: the release gate for one spec, the spec a tag releases, or every spec in
//! `weir.toml` (`--all`), rendered in any format, with the result optionally appended to a
//! CI outputs file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Exit, ReportFormat, Target};
use super::{assess_settings, print, print_outcome_warnings, text_options};
use crate::config::{Config, FailOn, SpecConfig};
use crate::error::{Error, Result};
use crate::gate::{self, CheckOptions, Outcome, VersionSource, tag_version};
use crate::output;
use crate::report;
use crate::vocabulary::{Bump, Level};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir check --spec api/openapi.yaml\n  weir check --base v1.4.0 --tag v1.5.0      # before `git tag v1.5.0`\n  weir check --version-from cargo --format json\n  weir check --all --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n  weir check --fail-on breaking --format github"
)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub target: Target,
    /// The version this release declares, in the spec's version scheme (`2.0.0`,
    /// `2024-01-15`, `11`; default: the revision's `info.version`).
    #[arg(long, value_name = "VERSION", conflicts_with_all = ["tag", "version_from", "all"])]
    pub declared_version: Option<String>,
    /// The old spelling of --declared-version, kept for one release with a warning. Without a
    /// value it prints weir's own version, as `weir --version` does.
    #[arg(
        long = "version",
        hide = true,
        num_args = 0..=1,
        default_missing_value = "",
        conflicts_with_all = ["declared_version", "tag", "version_from", "all"]
    )]
    pub deprecated_version: Option<String>,
    /// The tag being created (`v2.0.0`): its version is the declared one. With several specs
    /// in weir.toml, the tag picks the spec whose tag-pattern it matches.
    #[arg(long, conflicts_with_all = ["version_from", "all"])]
    pub tag: Option<String>,
    /// Read the declared version from the spec (default), Cargo.toml or package.json.
    #[arg(long, value_enum)]
    pub version_from: Option<VersionFrom>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
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
    #[command(flatten)]
    pub publish: super::PublishArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum VersionFrom {
    Spec,
    Cargo,
    Npm,
}

pub(crate) fn run(mut args: CheckArgs) -> Result<Exit> {
    match args.deprecated_version.take().as_deref() {
        Some("") => {
            print(&format!("weir {}\n", env!("CARGO_PKG_VERSION")));
            return Ok(Exit::Ok);
        }
        Some(v) => {
            output::warn(format!(
                "`weir check --version {v}` is deprecated: use `--declared-version {v}` (in the \
                 next release `--version` is weir's own version only)"
            ));
            args.declared_version = Some(v.to_string());
        }
        None => {}
    }
    let version = match (&args.declared_version, &args.tag, args.version_from) {
        (Some(v), _, _) => VersionSource::Given(v.clone()),
        (_, Some(t), _) => VersionSource::Tag(t.clone()),
        (_, _, Some(VersionFrom::Cargo)) => VersionSource::Cargo,
        (_, _, Some(VersionFrom::Npm)) => VersionSource::Npm,
        _ => VersionSource::Spec,
    };
    let publishing = args.publish.publishing()?;
    let config = Config::discover(args.target.options.config.as_deref())?;
    output::note(match &config.path {
        Some(p) => format!("config: {}", p.display()),
        None => format!(
            "config: no {} here or above; the defaults apply",
            crate::config::FILE_NAME
        ),
    });
    let specs = if args.all {
        let all = config.all_specs();
        if all.is_empty() {
            return Err(Error::Usage(
                "--all checks the specs weir.toml lists, and it lists none (or there is no weir.toml)"
                    .into(),
            ));
        }
        all
    } else {
        vec![select_spec(
            &config,
            args.target.spec.as_deref(),
            args.tag.as_deref(),
        )?]
    };
    let mut outcomes = Vec::new();
    for spec in specs {
        let outcome = check_spec(&config, spec, &args.target, &version, args.fail_on, None)?;
        print_outcome_warnings(&outcome);
        outcomes.push(outcome);
    }
    note_unmatched_ignores(&config, &outcomes);
    print(&render(args.format, &outcomes, args.all, &publishing));
    if let Some(path) = &args.outputs {
        append_outputs(path, &outcomes)?;
    }
    Ok(if outcomes.iter().all(Outcome::passed) {
        Exit::Ok
    } else {
        Exit::GateFailed
    })
}

/// The spec to check: the one named, the only one listed, or — with several listed and a
/// tag given — the one whose tag pattern the tag matches.
pub(crate) fn select_spec(
    config: &Config,
    spec: Option<&str>,
    tag: Option<&str>,
) -> Result<SpecConfig> {
    if spec.is_some() || config.specs.len() < 2 {
        return config.spec_for(spec);
    }
    let Some(tag) = tag else {
        return config.spec_for(None);
    };
    let matching = specs_released_by(config, tag);
    match matching.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(Error::Usage(format!(
            "the tag `{tag}` matches the tag-pattern of no spec in weir.toml; pick one with --spec"
        ))),
        _ => Err(Error::Usage(format!(
            "the tag `{tag}` matches the tag-pattern of several specs in weir.toml; pick one with --spec"
        ))),
    }
}

/// The specs of weir.toml that a tag is a release of, by their tag patterns.
pub(crate) fn specs_released_by(config: &Config, tag: &str) -> Vec<SpecConfig> {
    config
        .all_specs()
        .into_iter()
        .filter(|s| tag_version(tag, s.tag_pattern.as_deref()).is_some())
        .collect()
}

/// With `-v`, each `[[ignore]]` of weir.toml that matched no finding, at its line: it may be
/// stale (the change is gone) or mistyped.
fn note_unmatched_ignores(config: &Config, outcomes: &[Outcome]) {
    let source = config.source.as_deref().unwrap_or("");
    let path = config
        .path
        .as_ref()
        .map_or(crate::config::FILE_NAME.to_string(), |p| {
            p.display().to_string()
        });
    for ig in &config.ignores {
        let fp = ig.fingerprint.get_ref();
        let matched = outcomes
            .iter()
            .any(|o| o.ignored.iter().any(|i| &i.finding.fingerprint == fp));
        if !matched {
            let start = ig.fingerprint.span().start.min(source.len());
            let line = source[..start].matches('\n').count() + 1;
            output::note(format!(
                "the ignore of {fp} ({path}:{line}) matched no finding: remove it if that change is gone"
            ));
        }
    }
}

/// The gate for one spec, with its own policy, its consumers and the decisions of weir.toml.
pub(crate) fn check_spec(
    config: &Config,
    spec: SpecConfig,
    target: &Target,
    version: &VersionSource,
    fail_on: Option<FailOn>,
    date: Option<jiff::civil::Date>,
) -> Result<Outcome> {
    if target.revision.is_none() && !std::path::Path::new(&spec.path).exists() {
        let known: Vec<String> = config.all_specs().into_iter().map(|s| s.path).collect();
        return Err(Error::Usage(format!(
            "no such file `{}`{}",
            spec.path,
            crate::error::did_you_mean(&spec.path, known.iter().map(String::as_str))
        )));
    }
    let mut policy = config.policy_for(&spec);
    if let Some(f) = fail_on {
        policy.fail_on = f;
    }
    let settings = assess_settings(config, Some(&spec), target.options.consumers.clone())?;
    output::note(format!(
        "checking {} (tag pattern {}, fail-on {}, deprecation-days {})",
        spec.label(),
        spec.tag_pattern.as_deref().unwrap_or("v1.2.3 / 1.2.3"),
        policy.fail_on.as_str(),
        policy.deprecation_days
    ));
    let scheme = config.version_scheme(&spec);
    let outcome = gate::check(&CheckOptions {
        spec,
        base: target.base.clone(),
        revision: target.revision.clone(),
        version: version.clone(),
        strict: target.options.strict,
        fail_on: policy.fail_on,
        scheme,
        today: date.unwrap_or_else(|| crate::versions::date::from_epoch_days(settings.today)),
        settings,
    })?;
    output::note(match &outcome.base_label {
        Some(b) => format!("base: {b}"),
        None => "no release yet: nothing to compare with".into(),
    });
    output::note(format!(
        "version scheme: {} ({})",
        outcome.scheme.scheme, outcome.scheme.why
    ));
    for i in &outcome.ignored {
        output::note(format!(
            "ignored {} {} (until {}): {}",
            i.finding.fingerprint, i.finding.rule, i.expires, i.reason
        ));
    }
    Ok(outcome)
}

/// The outcomes in a format. One spec's JSON is the gate object; `--all` wraps every spec's.
pub(crate) fn render(
    format: ReportFormat,
    outcomes: &[Outcome],
    all: bool,
    publishing: &report::publishing::Publishing,
) -> String {
    match format {
        ReportFormat::Text => {
            let opts = text_options();
            let mut out: Vec<String> = outcomes
                .iter()
                .map(|o| report::gate::render_text_with(o, &opts))
                .collect();
            if all {
                let failed = outcomes.iter().filter(|o| !o.passed()).count();
                out.push(format!(
                    "weir check --all: {} spec{}, {failed} failed\n",
                    outcomes.len(),
                    if outcomes.len() == 1 { "" } else { "s" }
                ));
            }
            out.join("\n")
        }
        ReportFormat::Json if all => report::gate::render_json_all(outcomes),
        ReportFormat::Json => report::gate::render_json(&outcomes[0]),
        ReportFormat::Markdown => report::markdown::check(outcomes, publishing),
        ReportFormat::Sarif => report::sarif::check(outcomes),
        ReportFormat::Junit => report::junit::check(outcomes),
        ReportFormat::Github => report::github::check(outcomes, publishing),
    }
}

/// The result as `key=value` lines. Several specs: the verdict is `pass` or `fail`, the bump
/// the highest, and the next versions `name=version` pairs.
pub(crate) fn outputs(outcomes: &[Outcome]) -> String {
    let verdict = match outcomes {
        [one] => one.result().to_string(),
        _ if outcomes.iter().all(Outcome::passed) => "pass".into(),
        _ => "fail".into(),
    };
    let bump = outcomes.iter().map(|o| o.bump).max().unwrap_or(Bump::None);
    let next = match outcomes {
        [one] => one.next.to_string(),
        _ => outcomes
            .iter()
            .map(|o| format!("{}={}", o.label(), o.next))
            .collect::<Vec<_>>()
            .join(" "),
    };
    let breaking: usize = outcomes
        .iter()
        .map(|o| {
            o.findings
                .iter()
                .filter(|f| f.level == Level::Breaking)
                .count()
        })
        .sum();
    format!(
        "verdict={verdict}\nrequired-bump={bump}\nnext-version={next}\nbreaking-count={breaking}\n"
    )
}

/// Append (CI runners hand out the file and read it after the step).
fn append_outputs(path: &Path, outcomes: &[Outcome]) -> Result<()> {
    let io = |e: std::io::Error| Error::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(outputs(outcomes).as_bytes()))
        .map_err(io)
}
