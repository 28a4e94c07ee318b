//! The SVG timeline of `weir log --format html`: one column per listed commit, compatible
//! changes rising above the axis and breaking ones hanging below it (square-root scale, so
//! one break still shows beside hundreds of additions), releases as dashed lines with their
//! labels set in lanes so none overlaps another, dates under the axis, and a legend apart
//! from the bars. A click on a column jumps to its commit's row in the table.

use std::fmt::Write;

use super::log::{date, esc, names_other_version, release_text, under_versioned};
use crate::history::Entry;

const LEFT: f64 = 16.0;
const LEGEND_HEIGHT: f64 = 24.0;
const LANE_HEIGHT: f64 = 13.0;
/// Labels that fit in none of these lanes are left out (the line and its tooltip stay).
const LANES: usize = 6;
const UP: f64 = 110.0;
const DOWN: f64 = 90.0;
/// Average width of a character at the labels' 10px font.
const CHAR_WIDTH: f64 = 6.2;
/// Least room between two date labels under the axis.
const DATE_SPACING: f64 = 90.0;
/// How wide a date label (`2024-01-15`) is.
const DATE_WIDTH: f64 = 66.0;

/// The id of a commit's table row, which the timeline links to.
pub(crate) fn row_id(commit: &str) -> String {
    format!("c-{}", &commit[..7.min(commit.len())])
}

pub(crate) fn svg(entries: &[Entry]) -> String {
    let n = entries.len().max(1);
    let col = (1100.0 / n as f64).clamp(4.0, 40.0);
    let labels = place_labels(entries, col);
    let (legend, legend_width) = legend();
    // Wide enough for the columns, a date under the last one, the legend and the last label.
    let width = labels
        .values()
        .map(|(_, _, end)| *end)
        .fold(LEFT + col * (n - 1) as f64 + DATE_WIDTH, f64::max)
        .max(LEFT + col * n as f64 + 20.0)
        .max(legend_width)
        + 10.0;
    let lanes = labels
        .values()
        .map(|(lane, _, _)| lane + 1)
        .max()
        .unwrap_or(0);
    let top = LEGEND_HEIGHT + lanes as f64 * LANE_HEIGHT + 8.0;
    let axis = top + UP;
    let bottom = axis + DOWN;
    let height = bottom + 34.0;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" font-family="system-ui, sans-serif" role="img" aria-label="Changes per commit and releases">
"##
    );
    svg.push_str(&legend);
    let max_up = entries
        .iter()
        .map(|e| e.warning + e.info)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let max_down = entries.iter().map(|e| e.breaking).max().unwrap_or(0).max(1) as f64;
    let w = (col - 1.0).max(1.0);
    for (i, e) in entries.iter().enumerate() {
        let x = LEFT + col * i as f64;
        let up = (e.warning + e.info) as f64 / max_up;
        let down = e.breaking as f64 / max_down;
        let (up, down) = (up.sqrt() * (UP - 6.0), down.sqrt() * (DOWN - 6.0));
        let _ = write!(
            svg,
            r##"<a href="#{}"><g><title>{}</title><rect x="{x:.1}" y="{top:.1}" width="{col:.1}" height="{:.1}" fill="transparent"/><rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{up:.1}" fill="#6c9"/><rect x="{x:.1}" y="{axis:.1}" width="{w:.1}" height="{down:.1}" fill="#e55"/>"##,
            row_id(&e.commit.id),
            esc(&tooltip(e)),
            bottom - top,
            axis - up,
        );
        if e.error.is_some() {
            let _ = write!(
                svg,
                r##"<circle cx="{:.1}" cy="{axis:.1}" r="3" fill="#999"/>"##,
                x + w / 2.0
            );
        }
        svg.push_str("</g></a>\n");
    }
    let _ = writeln!(
        svg,
        r##"<line x1="{LEFT}" y1="{axis:.1}" x2="{:.1}" y2="{axis:.1}" stroke="#888"/>"##,
        LEFT + col * n as f64
    );
    for (i, e) in entries.iter().enumerate() {
        let Some(r) = &e.release else { continue };
        let x = LEFT + col * i as f64 + w / 2.0;
        let color = if under_versioned(r) { "#c00" } else { "#2a7" };
        let _ = write!(
            svg,
            r##"<g><title>{}</title><line x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="{color}" stroke-dasharray="3,2"/>"##,
            esc(&release_text(e))
        );
        if let Some((lane, text, _)) = labels.get(&i) {
            let y = LEGEND_HEIGHT + LANE_HEIGHT * (*lane as f64 + 1.0);
            let _ = write!(
                svg,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{top:.1}" stroke="{color}" stroke-width="0.5"/><text x="{:.1}" y="{y:.1}" font-size="10" fill="{color}">{}</text>"##,
                y + 2.0,
                x + 2.0,
                esc(text)
            );
        }
        svg.push_str("</g>\n");
    }
    svg.push_str(&date_axis(entries, col, bottom));
    svg.push_str("</svg>");
    svg
}

/// What a column's tooltip says.
fn tooltip(e: &Entry) -> String {
    let c = &e.commit;
    format!(
        "{} {} {}: {} breaking, {} warning, {} info{}",
        date(c.time),
        &c.id[..7.min(c.id.len())],
        e.version.as_deref().unwrap_or(""),
        e.breaking,
        e.warning,
        e.info,
        match (&e.error, c.changed) {
            (Some(_), _) => " (could not be read)",
            (None, false) => " (release only: the spec did not change)",
            _ => "",
        }
    )
}

/// The legend, in its own band above the chart, and how wide it is.
fn legend() -> (String, f64) {
    let items = [
        ("rect", "#6c9", "compatible changes"),
        ("rect", "#e55", "breaking changes"),
        ("line", "#2a7", "release, version fits"),
        ("line", "#c00", "release, under-versioned"),
        ("circle", "#999", "could not be read"),
    ];
    let mut out = String::from("<g font-size=\"11\" fill=\"#444\">");
    let mut x = LEFT;
    for (shape, color, text) in items {
        let mark = match shape {
            "rect" => format!(r##"<rect x="{x}" y="6" width="10" height="10" fill="{color}"/>"##),
            "line" => format!(
                r##"<line x1="{}" y1="4" x2="{}" y2="18" stroke="{color}" stroke-dasharray="3,2"/>"##,
                x + 5.0,
                x + 5.0
            ),
            _ => format!(
                r##"<circle cx="{}" cy="11" r="3" fill="{color}"/>"##,
                x + 5.0
            ),
        };
        let _ = write!(
            out,
            r##"{mark}<text x="{}" y="15">{text}</text>"##,
            x + 14.0
        );
        x += 14.0 + text.len() as f64 * 6.0 + 18.0;
    }
    out.push_str("</g>\n");
    (out, x)
}

/// A lane, a text and where the text ends for each release label that fits. Releases whose
/// verdict failed are placed first, then the API-version changes, then the other tags, each
/// in the first lane where it overlaps no label placed before it.
fn place_labels(
    entries: &[Entry],
    col: f64,
) -> std::collections::BTreeMap<usize, (usize, String, f64)> {
    let mut order: Vec<(u8, usize, String)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let r = e.release.as_ref()?;
            let moved = r.previous.as_ref() != Some(&r.version);
            let rank = match (under_versioned(r), moved) {
                (true, _) => 0,
                (false, true) => 1,
                _ => 2,
            };
            let text = match &r.tag {
                Some(t) if names_other_version(t, r) && moved => format!("{} ({t})", r.version),
                Some(t) => t.clone(),
                None => r.version.to_string(),
            };
            Some((rank, i, text))
        })
        .collect();
    order.sort();
    let mut lanes: Vec<Vec<(f64, f64)>> = vec![Vec::new(); LANES];
    let mut placed = std::collections::BTreeMap::new();
    for (_, i, text) in order {
        let start = LEFT + col * i as f64;
        let span = (
            start,
            start + 4.0 + text.chars().count() as f64 * CHAR_WIDTH,
        );
        let free = lanes
            .iter()
            .position(|lane| lane.iter().all(|(a, b)| span.1 < *a || span.0 > *b));
        if let Some(lane) = free {
            lanes[lane].push(span);
            placed.insert(i, (lane, text, span.1));
        }
    }
    placed
}

/// Dates under the axis, spread evenly: the first column's date, then the date of each
/// column at least `DATE_SPACING` to the right of the last label that was committed on
/// another day. Months alone left a month of history with two labels.
fn date_axis(entries: &[Entry], col: f64, bottom: f64) -> String {
    let mut out = String::from("<g font-size=\"10\" fill=\"#555\">");
    let mut last: Option<(String, f64)> = None;
    for (i, e) in entries.iter().enumerate() {
        let x = LEFT + col * i as f64;
        let day = date(e.commit.time);
        let due = last
            .as_ref()
            .is_none_or(|(d, lx)| *d != day && x - lx >= DATE_SPACING);
        if due {
            let _ = write!(
                out,
                r##"<line x1="{x:.1}" y1="{bottom:.1}" x2="{x:.1}" y2="{:.1}" stroke="#888"/><text x="{x:.1}" y="{:.1}">{day}</text>"##,
                bottom + 5.0,
                bottom + 17.0
            );
            last = Some((day, x));
        }
    }
    out.push_str("</g>\n");
    out
}
