//! The output of `weir log`: a line per commit, JSON, or one self-contained HTML page with a
//! timeline.

use std::fmt::Write;

use serde_json::json;

use crate::history::Entry;
use crate::semver::Verdict;
use crate::vocabulary::{Bump, Level};

/// `YYYY-MM-DD` of a Unix time (UTC), without a date crate.
pub fn date(secs: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn verdict_word(v: &Option<Verdict>) -> &'static str {
    match v {
        None => "first release",
        Some(Verdict::Pass) => "ok",
        Some(Verdict::TooSmall { .. }) => "UNDER-BUMPED",
        Some(Verdict::Unchanged) => "VERSION NOT BUMPED",
        Some(Verdict::WentBackwards) => "VERSION WENT BACKWARDS",
    }
}

fn release_text(e: &Entry) -> String {
    match &e.release {
        None => String::new(),
        Some(r) => {
            let since = r
                .previous
                .as_ref()
                .map_or(String::new(), |p| format!(" since {p}"));
            format!(
                "release {} — {} (changes{since} needed {})",
                r.version,
                verdict_word(&r.verdict),
                r.needed
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
        .filter(|e| {
            e.release
                .as_ref()
                .is_some_and(|r| r.verdict.as_ref().is_some_and(|v| !v.passed()))
        })
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
    }
    let (releases, under) = release_counts(entries);
    let _ = writeln!(
        out,
        "\n{} commits changed the spec; {} breaking changes; {releases} releases, {under} of them under-versioned",
        entries.len(),
        entries.iter().map(|e| e.breaking).sum::<usize>(),
    );
    out
}

pub fn json(entries: &[Entry]) -> String {
    let items: Vec<_> = entries
        .iter()
        .map(|e| {
            json!({
                "commit": e.commit.id,
                "date": date(e.commit.time),
                "subject": e.commit.subject,
                "path": e.commit.path,
                "tags": e.commit.tags,
                "version": e.version,
                "bump": e.bump.as_str(),
                "summary": {"breaking": e.breaking, "warning": e.warning, "info": e.info},
                "error": e.error,
                "release": e.release.as_ref().map(|r| json!({
                    "version": r.version.to_string(),
                    "previous": r.previous.as_ref().map(|p| p.to_string()),
                    "needed": r.needed.as_str(),
                    "ok": r.verdict.as_ref().map(|v| v.passed()),
                    "verdict": verdict_word(&r.verdict),
                })),
                "changes": e.findings.iter().map(|f| json!({
                    "rule": f.rule,
                    "level": f.level.as_str(),
                    "message": f.message,
                    "operation": f.change.operations.first(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({ "commits": items })).expect("serializes");
    s.push('\n');
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The timeline: one column per commit; compatible changes rise above the axis, breaking
/// ones hang below it (square-root scale, so one break is still visible next to hundreds of
/// additions); releases are marked, green when their version fit the changes, red when not.
fn timeline(entries: &[Entry]) -> String {
    let n = entries.len().max(1);
    let col = (1200.0 / n as f64).clamp(3.0, 14.0);
    let width = (col * n as f64).ceil() + 80.0;
    let (top, axis, bottom) = (40.0, 170.0, 300.0);
    let max_up = entries
        .iter()
        .map(|e| e.warning + e.info)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let max_down = entries.iter().map(|e| e.breaking).max().unwrap_or(1).max(1) as f64;
    let scale_up = |v: usize| (v as f64).sqrt() / max_up.sqrt() * (axis - top - 10.0);
    let scale_down = |v: usize| (v as f64).sqrt() / max_down.sqrt() * (bottom - axis - 30.0);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{bottom}" role="img" aria-label="Changes per commit">
<line x1="40" y1="{axis}" x2="{}" y2="{axis}" stroke="#888"/>
<text x="4" y="{}" font-size="11" fill="#2a7">compatible</text>
<text x="4" y="{}" font-size="11" fill="#c33">breaking</text>
"##,
        width - 20.0,
        axis - 6.0,
        axis + 16.0
    );
    for (i, e) in entries.iter().enumerate() {
        let x = 40.0 + col * i as f64;
        let c = &e.commit;
        let title = esc(&format!(
            "{} {} {}: {} breaking, {} warning, {} info{}",
            date(c.time),
            &c.id[..7.min(c.id.len())],
            e.version.as_deref().unwrap_or(""),
            e.breaking,
            e.warning,
            e.info,
            if e.error.is_some() {
                " (could not be read)"
            } else {
                ""
            }
        ));
        let up = scale_up(e.warning + e.info);
        let down = scale_down(e.breaking);
        let w = (col - 1.0).max(1.0);
        let _ = write!(
            svg,
            r##"<g><title>{title}</title><rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{up:.1}" fill="#6c9"/><rect x="{x:.1}" y="{axis}" width="{w:.1}" height="{down:.1}" fill="#e55"/>"##,
            axis - up
        );
        if e.error.is_some() {
            let _ = write!(
                svg,
                r##"<circle cx="{:.1}" cy="{axis}" r="3" fill="#999"/>"##,
                x + w / 2.0
            );
        }
        svg.push_str("</g>\n");
        if let Some(r) = &e.release {
            let ok = r.verdict.as_ref().is_none_or(|v| v.passed());
            let color = if ok { "#2a7" } else { "#c00" };
            let label = c
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| r.version.to_string());
            let _ = writeln!(
                svg,
                r##"<g><title>{}</title><line x1="{:.1}" y1="{}" x2="{:.1}" y2="{}" stroke="{color}" stroke-dasharray="3,2"/><text x="{:.1}" y="{}" font-size="10" fill="{color}" transform="rotate(-45 {:.1} {})">{}</text></g>"##,
                esc(&release_text(e)),
                x + w / 2.0,
                top - 10.0,
                x + w / 2.0,
                bottom - 20.0,
                x + w / 2.0,
                top - 12.0,
                x + w / 2.0,
                top - 12.0,
                esc(&label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
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
        let changes = if let Some(err) = &e.error {
            format!(
                "<span class=\"err\">could not read the spec: {}</span>",
                esc(err)
            )
        } else if e.findings.is_empty() {
            "no API change".to_string()
        } else {
            format!(
                "<details><summary>{} breaking, {} warning, {} info — {} bump</summary><ul>{details}</ul></details>",
                e.breaking, e.warning, e.info, e.bump
            )
        };
        let release = match &e.release {
            Some(r) => {
                let ok = r.verdict.as_ref().is_none_or(|v| v.passed());
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
            "<tr class=\"{class}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{changes}</td><td>{release}</td><td>{}</td></tr>",
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
.err {{ color: #999; }}
</style></head><body>
<h1>API history of <code>{spec}</code></h1>
<p>{} commits changed the spec · {total_breaking} breaking changes in {needed_major} commits · {releases} releases, {under} under-versioned</p>
<div class="svg">{}</div>
<table><thead><tr><th>date</th><th>commit</th><th>tags</th><th>info.version</th><th>changes</th><th>release</th><th>message</th></tr></thead>
<tbody>
{rows}</tbody></table>
<p>Made by weir. Bars: changes per commit (square-root scale); green above the line are compatible, red below are breaking; dashed lines are releases.</p>
</body></html>
"#,
        entries.len(),
        timeline(entries),
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
