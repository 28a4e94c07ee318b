//! Every body `weir mock` answers with satisfies its schema: for every spec in `fixtures/`,
//! every operation, every documented status and every JSON media type, whatever the seed,
//! the body (the spec's example or a generated one) validates against the response schema
//! (a fresh validator judges it), and the same seed gives the same bytes.

mod common;
use common::fixture_specs;

use proptest::prelude::*;
use serde_json::Value;
use weir::Spec;
use weir::json_schema::Validator;
use weir::mock::{Checked, Mock, Options, Request};
use weir::vocabulary::Direction;

/// What answering every response of a spec found: (bodies checked, responses with no body
/// weir could make).
fn answer_everything(spec: &Spec, seed: u64) -> (usize, usize) {
    let mock = Mock::new(clone(spec), Options { seed });
    let judge = Validator::new(&mock.spec, Direction::Response);
    let (mut checked_bodies, mut none) = (0, 0);
    for (i, op) in mock.spec.operations.iter().enumerate() {
        let accepted = Checked {
            operation: Some(i),
            ..Checked::default()
        };
        for r in &op.responses {
            let Some(code) = code(&r.status) else {
                continue;
            };
            for m in r.content.iter().filter(|m| json(&m.key)) {
                let Some(schema) = m.schema else { continue };
                let request = Request {
                    method: op.method.upper().to_string(),
                    target: op.path.clone(),
                    headers: vec![
                        ("Prefer".into(), format!("code={code}")),
                        ("Accept".into(), m.key.clone()),
                    ],
                    body: Vec::new(),
                };
                let reply = mock.answer(&request, &accepted);
                if reply.status == 500 {
                    // A schema no value satisfies (or required recursion): said, not faked.
                    none += 1;
                    continue;
                }
                assert_eq!(reply.status, code, "{} {}", op.label(), r.status);
                let body: Value = serde_json::from_slice(&reply.body).unwrap();
                let refusals: Vec<String> = judge
                    .validate(schema, &body)
                    .iter()
                    .map(|v| v.describe())
                    .collect();
                assert!(
                    refusals.is_empty(),
                    "{} {} {}: answered {body}, refused: {refusals:?}",
                    op.label(),
                    r.status,
                    m.key
                );
                assert_eq!(
                    mock.answer(&request, &accepted).body,
                    reply.body,
                    "deterministic"
                );
                checked_bodies += 1;
            }
        }
    }
    (checked_bodies, none)
}

/// The status code to ask for: `404` itself, `4XX` as 400; `default` has none.
fn code(status: &str) -> Option<u16> {
    status.parse().ok().or_else(|| {
        status
            .strip_suffix("XX")?
            .parse::<u16>()
            .ok()
            .map(|d| d * 100)
    })
}

fn json(key: &str) -> bool {
    let essence = key.split(';').next().unwrap_or("");
    essence == "application/json" || essence.ends_with("+json")
}

/// A mock owns its spec; the fixtures are loaded once and shared, so load it again.
fn clone(spec: &Spec) -> Spec {
    let path = spec.files[0].name.clone();
    let path = common::root().join(path);
    weir::open_spec(&weir::Locator::File(path), false).unwrap()
}

#[test]
fn every_answered_body_satisfies_its_schema() {
    let specs = fixture_specs();
    let (mut bodies, mut none) = (0, 0);
    for (_, spec) in specs {
        let (b, n) = answer_everything(spec, 0);
        bodies += b;
        none += n;
    }
    eprintln!("{bodies} bodies checked, {none} responses without one");
    assert!(bodies > 800, "only {bodies} bodies checked");
    assert!(
        none * 100 <= bodies,
        "{none} responses without a body of {bodies}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn answered_bodies_satisfy_their_schema_whatever_the_seed(
        index in any::<prop::sample::Index>(),
        seed in any::<u64>(),
    ) {
        let specs = fixture_specs();
        let (_, spec) = &specs[index.index(specs.len())];
        answer_everything(spec, seed);
    }
}
