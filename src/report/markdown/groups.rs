//! Findings under their operation: a reader of a pull request asks "what happens to
//! `GET /pets`?". Changes that reach the same several operations (a shared schema, a
//! path-level parameter) are listed once, under the operations they reach; changes to no
//! operation (`info`, servers, global security) come first, as they reach every client.

use std::collections::HashMap;
use std::fmt::Write;

use super::budget::Budget;
use super::cell;
use crate::report::item::{CiPaths, Item};
use crate::report::publishing::Publishing;
use crate::vocabulary::OperationId;

/// How many operations a heading names before it counts the rest.
const OPERATIONS_SHOWN: usize = 8;

/// Findings that reach the same operations, in the report's order.
pub struct Group<'a, 'r> {
    operations: &'r [OperationId],
    items: Vec<&'a Item<'r>>,
}

/// The items grouped by the operations they reach: API-wide changes first, then each group in
/// the order the report first meets it.
pub fn groups<'a, 'r>(items: &[&'a Item<'r>]) -> Vec<Group<'a, 'r>> {
    let mut out: Vec<Group<'a, 'r>> = Vec::new();
    let mut index: HashMap<&'r [OperationId], usize> = HashMap::new();
    for &it in items {
        let operations = it.finding.change.operations.as_slice();
        let n = *index.entry(operations).or_insert_with(|| {
            out.push(Group {
                operations,
                items: Vec::new(),
            });
            out.len() - 1
        });
        out[n].items.push(it);
    }
    out.sort_by_key(|g| !g.operations.is_empty());
    out
}

/// The heading of a group: its operation, the operations it reaches, or API-wide.
fn title(operations: &[OperationId]) -> String {
    let label = |o: &OperationId| format!("`{}`", cell(o.label()));
    match operations {
        [] => "**API-wide** (no single operation)".into(),
        [one] => format!("**{}**", label(one)),
        _ => {
            let shown: Vec<String> = operations
                .iter()
                .take(OPERATIONS_SHOWN)
                .map(label)
                .collect();
            let more = match operations.len().saturating_sub(OPERATIONS_SHOWN) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!(
                "**{} operations** (a shared schema or parameter): {}{more}",
                operations.len(),
                shown.join(", ")
            )
        }
    }
}

/// Writes the groups as lists under bold headings while they fit; a heading goes with its
/// first entry, so no heading stands alone at a cut.
pub fn write(b: &mut Budget, groups: &[Group<'_, '_>], publishing: &Publishing) {
    let paths = CiPaths::default();
    for g in groups {
        let mut heading = Some(format!("\n{}\n\n", title(g.operations)));
        for it in &g.items {
            let mut s = heading.take().unwrap_or_default();
            entry(&mut s, it, publishing, &paths);
            b.finding(it.finding, &s);
        }
    }
}

/// `- message · `rule` · place`, the place linked to the spec when a link base is known;
/// then the note and the consumers, each on a line of its own under it.
fn entry(out: &mut String, it: &Item<'_>, publishing: &Publishing, paths: &CiPaths) {
    let f = it.finding;
    let _ = write!(out, "- {} · `{}`", cell(&f.message), f.rule);
    if let Some(l) = &it.revision {
        let path = paths.get(&l.file);
        let place = format!("`{}:{}`", cell(&path), l.line);
        match publishing.link(&path, l.line) {
            Some(url) => {
                let _ = write!(out, " · [{place}]({url})");
            }
            None => {
                let _ = write!(out, " · {place}");
            }
        }
    }
    out.push('\n');
    if let Some(n) = &f.note {
        let _ = writeln!(out, "  - _{}_", cell(n));
    }
    if let Some(c) = f.consumers.as_ref().filter(|c| !c.is_empty()) {
        let _ = writeln!(out, "  - consumers: {}", cell(&c.join(", ")));
    }
}
