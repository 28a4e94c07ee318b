//! The output of `weir log`: a line per commit, JSON, or one self-contained HTML page with a
//! timeline.

use std::fmt::Write;
use std::io::Write as _;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::json;

use crate::history::{Entry, ReleaseCheck};
use crate::versions::Verdict;
use crate::vocabulary::{Bump, Level};

/// `YYYY-MM-DD` of a Unix time (UTC).
pub fn date(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string()
        })
        .unwrap_or_default()
}

fn verdict_word(r: &ReleaseCheck) -> &'static str {
    match &r.verdict {
        None if r.previous.is_some() => "new version scheme",
        None => "first release",
        Some(Verdict::Pass) => "ok",
        Some(Verdict::TooSmall { .. }) => "UNDER-BUMPED",
        Some(Verdict::Unchanged) => "VERSION NOT BUMPED",
        Some(Verdict::WentBackwards) => "VERSION WENT BACKWARDS",
        Some(Verdict::Breaking) => "BREAKING, NO VERSION",
    }
}

/// A release is under-versioned when it has a verdict that did not pass.
pub fn under_versioned(r: &ReleaseCheck) -> bool {
    r.verdict.as_ref().is_some_and(|v| !v.passed())
}

/// Whether a release's tag names something else than its version (a package release, as
/// Stripe's `v395` of API version `2022-11-15`).
pub fn names_other_version(tag: &str, r: &ReleaseCheck) -> bool {
    crate::versions::release_version(tag)
        .is_none_or(|v| v.cmp_precedence(&r.version) != Some(std::cmp::Ordering::Equal))
}

pub fn release_text(e: &Entry) -> String {
    match &e.release {
        None => String::new(),
        Some(r) => {
            let since = r
                .previous
                .as_ref()
                .map_or(String::new(), |p| format!(" since {p}"));
            let tag = match &r.tag {
                Some(t) if names_other_version(t, r) => format!(" ({t})"),
                _ => String::new(),
            };
            format!(
                "release {}{tag} — {} (changes{since} needed {}; {} scheme)",
                r.version,
                verdict_word(r),
                r.needed,
                r.version.scheme()
            )
        }
    }
}

/// How many of the commits are releases, and how many of those are under-versioned: a
/// verdict that did not pass (a first release has none).
fn release_counts(entries: &[Entry]) -> (usize, usize) {
    let releases = entries.iter().filter(|e| e.release.is_some()).count();
    let under = entries
        .iter()
        .filter(|e| e.release.as_ref().is_some_and(under_versioned))
        .count();
    (releases, under)
}

pub fn text(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        let c = &e.commit;
        let tags = if c.tags.is_empty() {
            String::new()
        } else {
            format!(" [{}]", c.tags.join(", "))
        };
        let what = match &e.error {
            Some(err) => format!("could not read the spec: {err}"),
            None if !c.changed => "(spec unchanged)".to_string(),
            None => format!(
                "{:<5} {:>3} breaking {:>3} warning {:>4} info",
                e.bump.as_str(),
                e.breaking,
                e.warning,
                e.info
            ),
        };
        let _ = writeln!(
            out,
            "{} {} {:<12} {what}  {}{tags}  {}",
            date(c.time),
            &c.id[..7.min(c.id.len())],
            e.version.as_deref().unwrap_or("-"),
            c.subject,
            release_text(e),
        );
        for w in &e.warnings {
            let _ = writeln!(out, "    warning: {w}");
        }
        for line in super::downgraded::lines(&e.findings) {
            match line.strip_prefix("  ") {
                Some(step) => writeln!(out, "                  {step}"),
                None => writeln!(out, "    downgraded: {line}"),
            }
            .expect("writing to a String");
        }
    }
    let (releases, under) = release_counts(entries);
    let breaking = entries.iter().map(|e| e.breaking).sum::<usize>();
    let _ = writeln!(
        out,
        "\n{} changed the spec; {}; {}, {under} of them under-versioned",
        counted(changed(entries), "commit"),
        counted(breaking, "breaking change"),
        counted(releases, "release"),
    );
    out
}

/// `1 release`, `3 releases`.
fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// How many of the listed commits changed the spec (the others are releases only).
fn changed(entries: &[Entry]) -> usize {
    entries.iter().filter(|e| e.commit.changed).count()
}

/// The log as JSON, written as it is serialized: Stripe's whole history is over 100 MB of
/// JSON, which as one `serde_json::Value` and then one `String` took several times that in
/// memory. The bytes are those `to_string_pretty` gives for the same document (keys sorted).
pub fn write_json(entries: &[Entry], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    super::pretty::to_writer(&mut out, &Document(entries))?;
    out.write_all(b"\n")?;
    out.flush()
}

/// `{"commits": [...]}`.
struct Document<'a>(&'a [Entry]);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("commits", &Commits(self.0))?;
        map.end()
    }
}

struct Commits<'a>(&'a [Entry]);

impl Serialize for Commits<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(EntryJson))
    }
}

/// One commit. Its keys are written in sorted order, as a `serde_json::Value` map orders them.
struct EntryJson<'a>(&'a Entry);

impl Serialize for EntryJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let release = e.release.as_ref().map(|r| {
            json!({
                "version": r.version.to_string(),
                "scheme": r.version.scheme().as_str(),
                "tag": r.tag,
                "previous": r.previous.as_ref().map(|p| p.to_string()),
                "needed": r.needed.as_str(),
                "ok": r.verdict.as_ref().map(|v| v.passed()),
                // The version check's word, as `weir check`'s `version_verdict`; null
                // for a first release or a new version scheme (nothing to judge).
                "verdict": r.verdict.as_ref().map(Verdict::as_str),
                "reason": r.reason,
            })
        });
        let mut map = s.serialize_map(Some(13))?;
        map.serialize_entry("bump", e.bump.as_str())?;
        map.serialize_entry("changed", &e.commit.changed)?;
        map.serialize_entry("changes", &super::json::Findings(&e.findings))?;
        map.serialize_entry("commit", &e.commit.id)?;
        map.serialize_entry("date", &date(e.commit.time))?;
        map.serialize_entry("error", &e.error)?;
        map.serialize_entry("path", &e.commit.path)?;
        map.serialize_entry("release", &release)?;
        map.serialize_entry("subject", &e.commit.subject)?;
        map.serialize_entry(
            "summary",
            &json!({"breaking": e.breaking, "warning": e.warning, "info": e.info}),
        )?;
        map.serialize_entry("tags", &e.commit.tags)?;
        map.serialize_entry("version", &e.version)?;
        map.serialize_entry("warnings", &e.warnings)?;
        map.end()
    }
}

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn html(entries: &[Entry], spec: &str) -> String {
    let mut rows = String::new();
    for e in entries.iter().rev() {
        let c = &e.commit;
        let class = if e.breaking > 0 {
            "b"
        } else if e.warning > 0 {
            "w"
        } else {
            ""
        };
        let mut details = String::new();
        for f in &e.findings {
            let _ = write!(
                details,
                "<li class=\"{}\"><code>{}</code> {}{}</li>",
                f.level.as_str(),
                esc(&f.rule),
                f.change
                    .operations
                    .first()
                    .map(|o| format!("<b>{}</b>: ", esc(o.label())))
                    .unwrap_or_default(),
                esc(&f.message)
            );
        }
        let mut changes = if let Some(err) = &e.error {
            format!(
                "<span class=\"err\">could not read the spec: {}</span>",
                esc(err)
            )
        } else if !c.changed {
            "spec unchanged (a release tag)".to_string()
        } else if e.findings.is_empty() {
            "no API change".to_string()
        } else {
            format!(
                "<details><summary>{} breaking, {} warning, {} info — {} bump</summary><ul>{details}</ul></details>",
                e.breaking, e.warning, e.info, e.bump
            )
        };
        for w in &e.warnings {
            let _ = write!(
                changes,
                "<br><span class=\"err\">warning: {}</span>",
                esc(w)
            );
        }
        let release = match &e.release {
            Some(r) => {
                let ok = !under_versioned(r);
                format!(
                    "<span class=\"{}\">{}</span>",
                    if ok { "ok" } else { "bad" },
                    esc(&release_text(e))
                )
            }
            None => String::new(),
        };
        let _ = writeln!(
            rows,
            "<tr id=\"{}\" class=\"{class}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{changes}</td><td>{release}</td><td>{}</td></tr>",
            super::timeline::row_id(&c.id),
            date(c.time),
            esc(&c.id[..7.min(c.id.len())]),
            esc(&c.tags.join(", ")),
            esc(e.version.as_deref().unwrap_or("")),
            esc(&c.subject)
        );
    }
    let total_breaking: usize = entries.iter().map(|e| e.breaking).sum();
    let (releases, under) = release_counts(entries);
    let needed_major = entries.iter().filter(|e| e.bump == Bump::Major).count();
    let breaking_level = Level::Breaking.as_str();
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>weir log — {spec}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }}
h1 {{ font-size: 1.4em; }} .svg {{ overflow-x: auto; border: 1px solid #ddd; padding: 8px; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 1.5em; }}
td, th {{ border-bottom: 1px solid #eee; padding: 4px 6px; vertical-align: top; text-align: left; }}
tr.b td:first-child {{ border-left: 4px solid #e55; }} tr.w td:first-child {{ border-left: 4px solid #eb5; }}
li.{breaking_level} code {{ color: #c33; }} li.warning code {{ color: #b80; }} .ok {{ color: #2a7; }} .bad {{ color: #c00; font-weight: bold; }}
.err {{ color: #999; }} tr:target td {{ background: #fff6d5; }} svg a:hover rect:first-child {{ fill: #00000010; }}
</style></head><body>
<h1>API history of <code>{spec}</code></h1>
<p>{} commits changed the spec · {total_breaking} breaking changes in {needed_major} commits · {releases} releases, {under} under-versioned</p>
<div class="svg">{}</div>
<table><thead><tr><th>date</th><th>commit</th><th>tags</th><th>info.version</th><th>changes</th><th>release</th><th>message</th></tr></thead>
<tbody>
{rows}</tbody></table>
<p>Made by weir. One column per listed commit, oldest first (dates under the axis mark where a month starts); bars are changes per commit (square-root scale): compatible above the line, breaking below; dashed lines are releases. Click a column for its row.</p>
</body></html>
"#,
        changed(entries),
        super::timeline::svg(entries),
        spec = esc(spec)
    )
}

#[cfg(test)]
mod tests {
    use super::date;

    #[test]
    fn dates() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_640_293_266), "2021-12-23");
        assert_eq!(date(951_782_400), "2000-02-29");
    }
}
