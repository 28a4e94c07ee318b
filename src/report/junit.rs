//! `--format junit`: JUnit XML, which CI test reporters read. Every operation of the API is a
//! test case (plus one for document-level changes), failing when a breaking change reaches it;
//! `weir check` adds a `version` test case for the gate itself. Other changes go to the test
//! case's `system-out`.

use std::collections::BTreeMap;
use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::Report;
use super::item::{CiPaths, Item, ci_path, items};
use crate::gate::Outcome;
use crate::vocabulary::{Level, OperationId, path_key};

/// The name of the test case for changes that are about no operation.
const DOCUMENT: &str = "(document)";

/// One `<testsuite>`: a spec compared with its base.
struct Suite {
    name: String,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    classname: String,
    /// `(type, message, details)` when the test case fails.
    failure: Option<(&'static str, String, String)>,
    out: String,
}

/// `weir diff --format junit`.
pub(crate) fn diff(report: &Report<'_>) -> String {
    let all = items(report);
    let failing: Vec<bool> = all
        .iter()
        .map(|i| i.finding.level == Level::Breaking)
        .collect();
    let name = format!(
        "weir diff {} → {}",
        ci_path(&report.base.files[0].name),
        ci_path(&report.revision.files[0].name)
    );
    let classname = ci_path(&report.revision.files[0].name);
    finish(&[suite(
        name,
        &classname,
        report,
        &all,
        &failing,
        ("breaking", "breaking change"),
    )])
}

/// `weir check --format junit`: one suite per spec.
pub(crate) fn check(outcomes: &[Outcome]) -> String {
    let suites: Vec<Suite> = outcomes
        .iter()
        .map(|o| {
            let classname = o.label().to_string();
            let mut s = match super::Report::of(o) {
                Some(r) => suite(
                    format!("weir check {}", o.label()),
                    &classname,
                    &r,
                    &items(&r),
                    &o.failing(),
                    if o.verdict.passed() {
                        ("refused", "change the policy refuses")
                    } else {
                        ("version", "change the version does not allow")
                    },
                ),
                None => Suite {
                    name: format!("weir check {}", o.label()),
                    cases: Vec::new(),
                },
            };
            let version_fails = !o.verdict.passed();
            if let Some(i) = &o.consumers {
                let broken = i.broken();
                s.cases.insert(
                    0,
                    Case {
                        name: "consumers".into(),
                        classname: classname.clone(),
                        failure: (!broken.is_empty()).then(|| {
                            (
                                "consumers",
                                format!("registered consumers break: {}", broken.join(", ")),
                                super::consumers::text(i, &o.findings),
                            )
                        }),
                        out: format!("{} consumer(s) registered in {}", i.consumers.len(), i.dir),
                    },
                );
            }
            s.cases.insert(
                0,
                Case {
                    name: format!("version {}", o.declared.text),
                    classname,
                    failure: version_fails.then(|| {
                        (
                            "version",
                            super::gate::verdict_line(o),
                            format!(
                                "{}; declared {} ({}); version scheme {} ({}); suggested next version: {}",
                                o.reason,
                                o.declared.text,
                                o.declared.from,
                                o.scheme.scheme,
                                o.scheme.why,
                                o.next
                            ),
                        )
                    }),
                    out: match &o.base_label {
                        Some(b) => format!(
                            "base {b}; required bump: {}; version scheme {}: {}",
                            o.bump, o.scheme.scheme, o.reason
                        ),
                        None => "first release: nothing to compare with".into(),
                    },
                },
            );
            s
        })
        .collect();
    finish(&suites)
}

fn line(it: &Item<'_>, paths: &CiPaths) -> String {
    let f = it.finding;
    let place = it
        .revision
        .as_ref()
        .or(it.base.as_ref())
        .map_or(String::new(), |l| {
            format!(" ({}:{}:{})", paths.get(&l.file), l.line, l.column)
        });
    let mut note = f.note.as_ref().map_or(String::new(), |n| format!(" — {n}"));
    if let Some(c) = f.consumers.as_ref().filter(|c| !c.is_empty()) {
        note.push_str(&format!(" — consumers: {}", c.join(", ")));
    }
    format!("{} {}: {}{note}{place}\n", f.level, f.rule, f.message)
}

fn suite(
    name: String,
    classname: &str,
    report: &Report<'_>,
    all: &[Item<'_>],
    failing: &[bool],
    // The failure type, and what a failing finding is, in the singular: "breaking change".
    (kind, noun): (&'static str, &str),
) -> Suite {
    // Test cases by operation, named as in the revision: `GET /pets/{id}` and the base's
    // `GET /pets/{petId}` are one operation.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut by_case: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut add = |label: String, key: String| {
        names.entry(key.clone()).or_insert(label);
        by_case.entry(key).or_default();
    };
    add(DOCUMENT.into(), DOCUMENT.into());
    for op in report
        .revision
        .operations
        .iter()
        .chain(&report.base.operations)
    {
        let id = OperationId::endpoint(op.method, &op.path);
        add(op.label(), case_key(&id));
    }
    for op in report.revision.webhooks.iter().chain(&report.base.webhooks) {
        let key = format!("webhook {} {}", op.method.upper(), path_key(&op.path));
        add(format!("webhook {}", op.label()), key);
    }
    for it in all {
        for op in &it.finding.change.operations {
            add(op.label().to_string(), case_key(op));
        }
    }
    for (n, it) in all.iter().enumerate() {
        let ops = &it.finding.change.operations;
        if ops.is_empty() {
            by_case.entry(DOCUMENT.into()).or_default().push(n);
        }
        for op in ops {
            let found = by_case.entry(case_key(op)).or_default();
            if found.last() != Some(&n) {
                found.push(n);
            }
        }
    }
    let mut cases: Vec<(String, Vec<usize>)> = by_case
        .into_iter()
        .map(|(key, found)| (names[&key].clone(), found))
        .collect();
    cases.sort();
    let paths = CiPaths::default();
    let cases = cases
        .into_iter()
        .map(|(case, found)| {
            let (bad, other): (Vec<usize>, Vec<usize>) =
                found.into_iter().partition(|&n| failing[n]);
            let failure = (!bad.is_empty()).then(|| {
                let what = match bad.len() {
                    1 => format!("1 {noun}"),
                    n => format!("{n} {}", noun.replacen("change", "changes", 1)),
                };
                let details = bad.iter().map(|&n| line(&all[n], &paths)).collect();
                (kind, what, details)
            });
            Case {
                name: case,
                classname: classname.to_string(),
                failure,
                out: other.iter().map(|&n| line(&all[n], &paths)).collect(),
            }
        })
        .collect();
    Suite { name, cases }
}

/// Operations are the same test case whatever their path parameters are called.
fn case_key(op: &OperationId) -> String {
    let webhook = if op.is_webhook() { " (webhook)" } else { "" };
    format!("{} {}{webhook}", op.method().upper(), path_key(op.path()))
}

/// XML 1.0 cannot carry most control characters, even escaped.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

fn finish(suites: &[Suite]) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    write(&mut w, suites).expect("writing to memory does not fail");
    let mut s = String::from_utf8(w.into_inner()).expect("the writer wrote UTF-8");
    s.push('\n');
    s
}

fn write(w: &mut Writer<Vec<u8>>, suites: &[Suite]) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites
        .iter()
        .flat_map(|s| &s.cases)
        .filter(|c| c.failure.is_some())
        .count();
    w.create_element("testsuites")
        .with_attributes([
            ("name", "weir"),
            ("tests", tests.to_string().as_str()),
            ("failures", failures.to_string().as_str()),
            ("errors", "0"),
        ])
        .write_inner_content(|w| {
            for s in suites {
                let failures = s.cases.iter().filter(|c| c.failure.is_some()).count();
                w.create_element("testsuite")
                    .with_attributes([
                        ("name", clean(&s.name).as_str()),
                        ("tests", s.cases.len().to_string().as_str()),
                        ("failures", failures.to_string().as_str()),
                        ("errors", "0"),
                        ("skipped", "0"),
                    ])
                    .write_inner_content(|w| {
                        for c in &s.cases {
                            let el = w.create_element("testcase").with_attributes([
                                ("name", clean(&c.name).as_str()),
                                ("classname", clean(&c.classname).as_str()),
                            ]);
                            if c.failure.is_none() && c.out.is_empty() {
                                el.write_empty()?;
                                continue;
                            }
                            el.write_inner_content(|w| {
                                if let Some((kind, message, details)) = &c.failure {
                                    w.create_element("failure")
                                        .with_attributes([
                                            ("message", clean(message).as_str()),
                                            ("type", kind),
                                        ])
                                        .write_text_content(BytesText::new(&clean(details)))?;
                                }
                                if !c.out.is_empty() {
                                    w.create_element("system-out")
                                        .write_text_content(BytesText::new(&clean(&c.out)))?;
                                }
                                Ok(())
                            })?;
                        }
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}
