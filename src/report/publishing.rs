//! Where a report is published and what that place allows: GitHub keeps at most 1 MiB of a
//! step's job summary and 65,536 characters of a comment, shows only the first annotations of
//! a step, and can link a place in a spec to the file at its commit.

/// The bytes `--format markdown` stays under by default: below the 1 MiB (1,048,576 bytes) a
/// GitHub job summary holds, with room for what other steps write there.
pub const SUMMARY_BYTES: usize = 1_000_000;
/// The annotations of each kind (error, warning, notice) `--format github` writes by
/// default: GitHub shows 10 of each a step (and 50 a job), and drops the rest unsaid.
pub const ANNOTATIONS: usize = 10;

/// How to fit a report to the place it is published.
#[derive(Clone, Debug, Default)]
pub struct Publishing {
    /// Markdown: at most this many bytes (so at most as many characters); `None`: no limit.
    pub max_bytes: Option<usize>,
    /// `github`: at most this many annotations of each kind, weir's own closing commands
    /// counted; `None`: all of them.
    pub max_annotations: Option<usize>,
    /// Markdown: the URL the revision's files are under at its commit
    /// (`https://github.com/OWNER/REPO/blob/SHA`); each place links to `BASE/PATH#LLINE`.
    pub link_base: Option<String>,
    /// Where the reader finds what a cut report leaves out (`None`: run weir locally).
    pub full_report: Option<String>,
}

impl Publishing {
    /// GitHub's limits, no links: what the command line applies unless told otherwise.
    pub fn github() -> Publishing {
        Publishing {
            max_bytes: Some(SUMMARY_BYTES),
            max_annotations: Some(ANNOTATIONS),
            ..Publishing::default()
        }
    }

    /// What a cut report says about where the rest is.
    pub fn elsewhere(&self) -> &str {
        self.full_report
            .as_deref()
            .unwrap_or("run weir locally for the full report")
    }

    /// The link to line `line` of `path` (a path in the repository), when a link base is set.
    /// Characters a URL path cannot hold as they are (spaces, `#`, `?`, `%`) are escaped.
    pub fn link(&self, path: &str, line: u32) -> Option<String> {
        let base = self.link_base.as_deref()?.trim_end_matches('/');
        let mut escaped = String::with_capacity(path.len());
        for c in path.chars() {
            match c {
                ' ' => escaped.push_str("%20"),
                '#' => escaped.push_str("%23"),
                '?' => escaped.push_str("%3F"),
                '%' => escaped.push_str("%25"),
                '(' => escaped.push_str("%28"),
                ')' => escaped.push_str("%29"),
                c => escaped.push(c),
            }
        }
        Some(format!("{base}/{escaped}#L{line}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_name_the_line_and_escape_the_path() {
        let p = Publishing {
            link_base: Some("https://github.com/o/r/blob/abc/".into()),
            ..Publishing::default()
        };
        assert_eq!(
            p.link("api/my spec#1.yaml", 12).as_deref(),
            Some("https://github.com/o/r/blob/abc/api/my%20spec%231.yaml#L12")
        );
        assert_eq!(Publishing::default().link("a.yaml", 1), None);
    }
}
