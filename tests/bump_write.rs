//! `weir bump --write` changes `info.version` and not one other byte, whatever the YAML style:
//! comments, quoting, flow or block maps, key order, CRLF line endings, JSON.

mod common;

use proptest::prelude::*;
use weir::Spec;

fn spec(text: &str) -> Spec {
    common::spec_from_text("spec.yaml", text)
}

#[derive(Debug, Clone)]
struct Style {
    quote: u8,
    flow_info: bool,
    comments: bool,
    crlf: bool,
    version_first: bool,
    json: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (
        0u8..3,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(quote, flow_info, comments, crlf, version_first, json)| Style {
                quote,
                flow_info,
                comments,
                crlf,
                version_first,
                json,
            },
        )
}

fn version() -> impl Strategy<Value = String> {
    (
        4u64..30,
        0u64..30,
        0u64..30,
        prop::option::of("(rc|beta)\\.[0-9]"),
    )
        .prop_map(|(a, b, c, pre)| match pre {
            Some(p) => format!("{a}.{b}.{c}-{p}"),
            None => format!("{a}.{b}.{c}"),
        })
}

fn document(s: &Style, v: &str) -> String {
    let text = if s.json {
        let info = if s.version_first {
            format!("\"version\": \"{v}\", \"title\": \"Pets \\u00e9\"")
        } else {
            format!("\"title\": \"Pets\",\n    \"version\" : \"{v}\"")
        };
        format!("{{\n  \"openapi\": \"3.1.0\",\n  \"info\": {{ {info} }},\n  \"paths\": {{}}\n}}\n")
    } else {
        let q = match s.quote {
            0 => v.to_string(),
            1 => format!("'{v}'"),
            _ => format!("\"{v}\""),
        };
        let c = if s.comments { "   # the release" } else { "" };
        let info = if s.flow_info {
            if s.version_first {
                format!("info: {{version: {q}, title: Pets}}{c}\n")
            } else {
                format!("info: {{ title: 'Pets: the API', version: {q} }}{c}\n")
            }
        } else {
            let (title, version) = (
                "  title: Pets\n".to_string(),
                format!("  version: {q}{c}\n"),
            );
            let between = if s.comments {
                "  # version follows semver\n"
            } else {
                ""
            };
            if s.version_first {
                format!("info:\n{version}{between}{title}")
            } else {
                format!("info:\n{title}{between}{version}")
            }
        };
        let head = if s.comments { "# Pets API\n" } else { "" };
        format!("{head}openapi: 3.1.0\n{info}paths: {{}}\n")
    };
    if s.crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn only_the_version_changes(s in style(), old in version(), new in version()) {
        let original = document(&s, &old);
        let before = spec(&original);
        let written = weir::gate::write::with_version(&before, &new).unwrap();
        // The version is written exactly once, so the expected file is unambiguous: the same
        // bytes with that one occurrence replaced.
        prop_assert_eq!(original.matches(old.as_str()).count(), 1);
        let expected = original.replacen(old.as_str(), &new, 1);
        prop_assert_eq!(&written, &expected);
        // And read back, only info.version differs.
        let after = spec(&written);
        prop_assert_eq!(after.version.as_ref().map(|v| v.value.as_str()), Some(new.as_str()));
        let changes = weir::diff(&before, &after);
        prop_assert!(changes.iter().all(|c| c.kind == weir::vocabulary::Kind::InfoVersion), "{changes:?}");
    }
}

#[test]
fn block_scalar_versions_are_refused_not_mangled() {
    let text = "openapi: 3.1.0\ninfo:\n  title: t\n  version: |\n    1.0.0\npaths: {}\n";
    let err = weir::gate::write::with_version(&spec(text), "2.0.0").unwrap_err();
    assert!(err.to_string().contains("one line"), "{err}");
}
