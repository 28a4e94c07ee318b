//! `weir rules` and `weir explain`: the catalogue, listed and documented.

use super::Exit;
use super::{indent, print};
use crate::error::{Error, Result, did_you_mean};
use crate::rules::{self};
use crate::vocabulary::Level;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir rules --level breaking\n  weir rules --category security"
)]
pub(crate) struct RulesArgs {
    /// Only rules of this level.
    #[arg(long, value_parser = ["breaking", "warning", "info"])]
    pub level: Option<String>,
    /// Only rules of this category.
    #[arg(long)]
    pub category: Option<String>,
}

pub(crate) fn list(args: RulesArgs) -> Result<Exit> {
    let level = args.level.as_deref().and_then(Level::parse);
    let cat = rules::catalogue();
    if let Some(c) = &args.category
        && !cat.rules.iter().any(|r| &r.category == c)
    {
        let mut known: Vec<&str> = cat.rules.iter().map(|r| r.category.as_str()).collect();
        known.sort();
        known.dedup();
        return Err(Error::Usage(format!(
            "no category `{c}`{}; the categories are {}",
            did_you_mean(c, known.iter().copied()),
            known.join(", ")
        )));
    }
    let mut out = String::new();
    for r in &cat.rules {
        if level.is_some_and(|l| l != r.level)
            || args.category.as_ref().is_some_and(|c| c != &r.category)
        {
            continue;
        }
        out.push_str(&format!(
            "{:<8} {:<5} {:<13} {:<55} {}\n",
            r.level, r.bump, r.category, r.id, r.summary
        ));
    }
    print(&out);
    Ok(Exit::Ok)
}

pub(crate) fn explain(id: &str) -> Result<Exit> {
    let cat = rules::catalogue();
    let Some(r) = cat.get(id) else {
        return Err(Error::Usage(format!(
            "no rule `{id}`{} (`weir rules` lists every rule)",
            did_you_mean(id, cat.rules.iter().map(|r| r.id.as_str()))
        )));
    };
    let text = format!(
        "{id}\n\n{summary}\n\nlevel: {level}    bump: {bump}    category: {category}\n\n{desc}\n\nWhy: {why}\n\nBefore:\n{before}\nAfter:\n{after}",
        id = r.id,
        summary = r.summary,
        level = r.level,
        bump = r.bump,
        category = r.category,
        desc = r.docs.description.trim(),
        why = r.docs.why.trim(),
        before = indent(&r.docs.before),
        after = indent(&r.docs.after),
    );
    print(&text);
    Ok(Exit::Ok)
}
