//! A Markdown report cut to a size: what decides the verdict is always written; findings
//! are written in the order given (breaking first) while they fit, and the closing line says
//! how many of each level were left out and where the rest is.

use std::fmt::Write;

use crate::report::summary::Counts;
use crate::vocabulary::{Finding, Level};

/// Kept free for what closes a cut report: open `<details>` closed, the closing line.
const CLOSING: usize = 1024;

/// Marks a cut report for tools (the GitHub Action looks for it).
pub const CUT_MARKER: &str = "<!-- weir: cut to fit -->";

pub struct Budget {
    out: String,
    limit: usize,
    cut: bool,
    left_out: Counts,
    /// Whole parts left out (`the consumers section`).
    parts_left_out: Vec<&'static str>,
}

impl Budget {
    /// `limit`: at most this many bytes; `None`: no limit.
    pub fn new(limit: Option<usize>) -> Budget {
        Budget {
            out: String::new(),
            limit: limit.unwrap_or(usize::MAX),
            cut: false,
            left_out: Counts::default(),
            parts_left_out: Vec::new(),
        }
    }

    /// Writes what a report cannot go without (the verdict, its versions, closing tags).
    pub fn always(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Writes `s` if it fits with room to close the report; once something did not fit,
    /// nothing more does, so what is written is always a prefix of the full report's order.
    pub fn fits(&mut self, s: &str) -> bool {
        if !self.cut && self.out.len() + s.len() + CLOSING <= self.limit {
            self.out.push_str(s);
            true
        } else {
            self.cut = true;
            false
        }
    }

    /// Writes a finding's entry (with whatever must precede it) or counts it as left out.
    pub fn finding(&mut self, f: &Finding, s: &str) -> bool {
        let written = self.fits(s);
        if !written {
            match f.level {
                Level::Breaking => self.left_out.breaking += 1,
                Level::Warning => self.left_out.warning += 1,
                Level::Info => self.left_out.info += 1,
            }
        }
        written
    }

    /// Writes a whole part (a table of ignored findings, the consumers) or names it as left
    /// out.
    pub fn part(&mut self, name: &'static str, s: &str) {
        if !s.is_empty() && !self.fits(s) {
            self.parts_left_out.push(name);
        }
    }

    /// The report, with a closing line when something was left out.
    pub fn finish(mut self, elsewhere: &str) -> String {
        if !self.cut {
            return self.out;
        }
        let c = &self.left_out;
        let n = c.breaking + c.warning + c.info;
        let mut what = Vec::new();
        if n > 0 {
            let mut levels = Vec::new();
            for (count, one, many) in [
                (c.breaking, "breaking", "breaking"),
                (c.warning, "warning", "warnings"),
                (c.info, "info", "info"),
            ] {
                if count > 0 {
                    levels.push(format!(
                        "{} {}",
                        thousands(count),
                        if count == 1 { one } else { many }
                    ));
                }
            }
            what.push(format!(
                "{} more change{} ({})",
                thousands(n),
                if n == 1 { "" } else { "s" },
                levels.join(", ")
            ));
        }
        what.extend(self.parts_left_out.iter().map(|p| p.to_string()));
        let _ = writeln!(
            self.out,
            "\n{CUT_MARKER}\n**… and {} not shown here** (the report was cut to {} bytes: --max-bytes) — {elsewhere}.",
            what.join(", and "),
            thousands(self.limit)
        );
        self.out
    }
}

/// `2279` → `2,279`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(2279), "2,279");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn once_something_does_not_fit_nothing_more_is_written() {
        let mut b = Budget::new(Some(CLOSING + 10));
        assert!(b.fits("12345"));
        assert!(!b.fits("123456"));
        assert!(
            !b.fits("1"),
            "a smaller piece after a cut would reorder the report"
        );
        b.part("the consumers section", "x");
        let out = b.finish("see elsewhere");
        assert!(out.starts_with("12345\n"));
        assert!(out.contains(CUT_MARKER));
        assert!(
            out.contains("**… and the consumers section not shown here**"),
            "{out}"
        );
        assert!(out.ends_with("— see elsewhere.\n"), "{out}");
    }

    #[test]
    fn without_a_limit_everything_is_written() {
        let mut b = Budget::new(None);
        assert!(b.fits(&"x".repeat(10_000)));
        assert_eq!(b.finish("").len(), 10_000);
    }
}
