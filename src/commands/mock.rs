//! `weir mock SPEC` serves a spec; `weir mock BASE REVISION` serves the revision and names the
//! breaking change behind each request the base accepted and the revision refuses. With
//! `--record FILE`, what the traffic used is written as a consumer manifest when the mock
//! stops (SIGINT, SIGTERM).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::{CompareOptions, Compared, Exit, compare, print_warnings};
use crate::error::{Error, Result};
use crate::gate::write::write_atomically;
use crate::load::{self, Locator};
use crate::mock::server::{self, Limits};
use crate::mock::{AgainstBase, Mock, Options, Recorder, Service};
use crate::model::Spec;
use crate::output;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir mock api/openapi.yaml                      # http://127.0.0.1:4010\n  weir mock v2.0.0:api/openapi.yaml --port 8080\n  weir mock v1.4.0:api/openapi.yaml api/openapi.yaml   # run your tests against the next release\n  weir mock api/openapi.yaml --record consumers/my-app.json\n  curl -H 'Prefer: code=404' http://127.0.0.1:4010/pets/1"
)]
pub(crate) struct MockArgs {
    /// The spec to serve (PATH or REV:PATH); with REVISION, the base it is compared with.
    pub spec: String,
    /// Serve this revision instead, naming the breaking change behind each request the base
    /// accepted and the revision refuses.
    pub revision: Option<String>,
    #[arg(long, default_value_t = 4010)]
    pub port: u16,
    /// The address to listen on (loopback unless you say otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Write what the traffic used as a consumer manifest when the mock stops (an existing
    /// one is merged).
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// Varies generated bodies; the same seed gives the same bodies.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Refuse request bodies larger than this many bytes (413).
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body: usize,
    /// Close a connection whose request headers take longer than this many seconds to arrive,
    /// and answer 408 to a body that does.
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub read_timeout: u64,
    /// `--config` and `--consumers` matter in revision mode only.
    #[command(flatten)]
    pub options: CompareOptions,
}

pub(crate) fn run(args: MockArgs) -> Result<Exit> {
    let existing = match &args.record {
        Some(path) => Some(prepare_record(path)?),
        None => None,
    };
    let options = Options { seed: args.seed };
    let (mut service, about) = match &args.revision {
        None => {
            let spec = load::open_spec(&Locator::parse(&args.spec), args.options.strict)?;
            print_warnings(&[&spec]);
            let about = describe(&spec);
            (Service::new(Mock::new(spec, options)), about)
        }
        Some(revision) => {
            let Compared {
                base,
                revision: next,
                assessment,
            } = compare(&args.spec, revision, &args.options)?;
            let mut findings = assessment.findings;
            findings.extend(assessment.ignored.into_iter().map(|i| i.finding));
            let about = format!(
                "{} (against {}: {} breaking change{})",
                describe(&next),
                args.spec,
                findings
                    .iter()
                    .filter(|f| f.level == crate::vocabulary::Level::Breaking)
                    .count(),
                if findings.len() == 1 { "" } else { "s" }
            );
            let mut service = Service::new(Mock::new(next, options));
            service.revision = Some(AgainstBase {
                base: Mock::new(base, options),
                findings,
            });
            (service, about)
        }
    };
    if args.record.is_some() {
        service.recorder = Some(Recorder::default());
    }
    let listener = std::net::TcpListener::bind((args.host.as_str(), args.port))
        .map_err(|e| Error::Usage(format!("cannot listen on {}:{}: {e}", args.host, args.port)))?;
    let service = Arc::new(service);
    let limits = Limits {
        max_body: args.max_body,
        read_timeout: std::time::Duration::from_secs(args.read_timeout),
        access_log: !output::quiet(),
    };
    server::serve(listener, service.clone(), limits, |address| {
        eprintln!("weir mock: serving {about} on http://{address}");
    })
    .map_err(|e| Error::Usage(format!("the mock server failed: {e}")))?;
    if let (Some(path), Some(recorder)) = (&args.record, &service.recorder) {
        let name = path
            .file_stem()
            .map_or("consumer".into(), |s| s.to_string_lossy().into_owned());
        let manifest = recorder.manifest(existing.flatten(), &name);
        let mut text = serde_json::to_string_pretty(&manifest).expect("a manifest serializes");
        text.push('\n');
        write_atomically(path, &text)?;
        eprintln!("weir mock: recorded the traffic in {}", path.display());
    }
    Ok(Exit::Ok)
}

/// `Petstore 1.5.0 (OpenAPI 3.0)`
fn describe(spec: &Spec) -> String {
    let title = spec.title.as_ref().map_or("the spec", |t| t.value.as_str());
    match &spec.version {
        Some(v) => format!("{title} {} ({})", v.value, spec.dialect.name()),
        None => format!("{title} ({})", spec.dialect.name()),
    }
}

/// Before serving: the manifest already at `path` (to merge), and proof that the folder takes
/// a file, so a mock that cannot record says so now rather than when it stops.
fn prepare_record(path: &Path) -> Result<Option<Value>> {
    let unwritable =
        |reason: String| Error::Usage(format!("cannot record to {}: {reason}", path.display()));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let probe = dir.join(format!(".weir-mock-probe-{}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .map_err(|e| unwritable(format!("{} does not take files ({e})", dir.display())))?;
    let _ = std::fs::remove_file(&probe);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(|e| unwritable(e.to_string()))?;
    let tree = load::parse::parse(path.display().to_string(), text.into()).map_err(|e| {
        unwritable(format!(
            "it is not YAML or JSON (line {}: {})",
            e.pos.line, e.message
        ))
    })?;
    match crate::json_schema::instance::from_node(&tree, tree.root()) {
        Value::Object(map) => Ok(Some(Value::Object(map))),
        _ => Err(unwritable("it is not a consumer manifest (a map)".into())),
    }
}
