//! Typed errors of the library. Every error about the content of a file carries the file and
//! the byte span, so the binary can render it with miette as a snippet at file:line:col.

use std::sync::Arc;

use miette::{Diagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use thiserror::Error;

use crate::tree::{Pos, Tree};
use crate::vocabulary::NodeId;

/// ` (did you mean `x`?)` for what the user typed, naming the closest candidates (at most
/// three); empty when none is close. Errors name the user's word and the words weir knows.
pub(crate) fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    let close = close_names(typed, candidates);
    match suggestion(close.iter().map(|c| c.to_string())) {
        Some(s) => format!(" ({s})"),
        None => String::new(),
    }
}

/// The candidates the user most likely meant by `typed`, best first: a typo of one (Jaro-Winkler
/// similarity ≥ 0.85, which weighs the start of a name most) or one that contains it, and of
/// those only the few nearly as close as the best, at most three.
pub(crate) fn close_names<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let mut close: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(typed, c), c))
        .filter(|(score, c)| *score >= 0.85 || (typed.len() >= 4 && c.contains(typed)))
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    close.dedup_by(|a, b| a.1 == b.1);
    // Only the few nearly as close as the best: a long shared prefix makes many names "close".
    let best = close.first().map_or(0.0, |c| c.0);
    close.retain(|c| c.0 >= best - 0.03);
    close.into_iter().take(3).map(|(_, c)| c).collect()
}

/// `did you mean `a`, `b` or `c`?` for the names given; `None` for none.
pub(crate) fn suggestion(names: impl IntoIterator<Item = String>) -> Option<String> {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
}

/// Lines longer than this are shown as a window around the problem: a minified JSON spec
/// is one line of megabytes, and printing it whole buries the message.
const MAX_SNIPPET_LINE: usize = 160;

/// A file's text as miette reads it for snippets, with long lines cut to a window.
#[derive(Clone)]
pub struct Snippet {
    name: String,
    text: Arc<str>,
}

impl std::fmt::Debug for Snippet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Snippet({:?}, {} bytes)", self.name, self.text.len())
    }
}

impl Snippet {
    pub fn new(name: &str, text: Arc<str>) -> Snippet {
        Snippet {
            name: name.to_string(),
            text,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = &self.text;
        let full = text.read_span(span, before, after)?;
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(span.offset().min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if line_end - line_start <= MAX_SNIPPET_LINE && full.data().len() <= 64 * 1024 {
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.clone(),
                full.data(),
                *full.span(),
                full.line(),
                full.column(),
                full.line_count(),
            )));
        }
        // Only the problem's line, from a little before it to a little after.
        // miette reads the label itself with no context for the `file:line:col` header:
        // then the window starts at the label, so the column is the label's.
        let lead = if before == 0 && after == 0 {
            0
        } else {
            MAX_SNIPPET_LINE / 2
        };
        let from = floor(start.saturating_sub(lead).max(line_start));
        let to = floor((start + span.len().max(1) + MAX_SNIPPET_LINE / 2).min(line_end));
        let line = text[..start].matches('\n').count();
        let column = text[line_start..from].chars().count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            line,
            column,
            1,
        )))
    }
}

/// A problem located in a source file.
#[derive(Debug, Error)]
#[error("{message}")]
pub struct Located {
    pub message: String,
    pub src: Snippet,
    pub span: SourceSpan,
    pub label: String,
    pub help: Option<String>,
    /// The diagnostic code, set by the [`enum@Error`] variant that wraps this.
    pub code: &'static str,
    /// Warnings are problems weir can read past (a dangling `$ref` in an upstream spec);
    /// `--strict` turns them into errors.
    pub warning: bool,
    /// `file:line:col`, for plain-text consumers (and tests) that do not render snippets.
    pub place: String,
}

impl Located {
    pub fn at_pos(file: &str, source: &Arc<str>, pos: Pos, message: impl Into<String>) -> Self {
        let len = source[pos.byte as usize..]
            .chars()
            .next()
            .map_or(0, char::len_utf8);
        Located {
            message: message.into(),
            src: Snippet::new(file, source.clone()),
            span: SourceSpan::new((pos.byte as usize).into(), len),
            label: "here".into(),
            help: None,
            code: "weir::invalid",
            warning: false,
            place: format!("{file}:{}:{}", pos.line, pos.column),
        }
    }

    /// Point at a node of a tree: a scalar itself, a map or list at its key (the line users
    /// look for).
    pub fn at_node(tree: &Tree, node: NodeId, message: impl Into<String>) -> Self {
        let start = match tree.text(node) {
            Some(_) => tree.node(node).start,
            None => tree.anchor_pos(node),
        };
        let end = tree.node(node).end_byte.max(start.byte);
        let mut e = Located::at_pos(&tree.name, &tree.source, start, message);
        // Label the whole scalar, or just the first line of a map or list — at most a
        // snippet's width of it.
        let text = &tree.source[start.byte as usize..end as usize];
        let mut len = text.find('\n').unwrap_or(text.len());
        if len > MAX_SNIPPET_LINE / 2 {
            len = MAX_SNIPPET_LINE / 2;
            while !text.is_char_boundary(len) {
                len -= 1;
            }
        }
        let len = len.max(e.span.len());
        e.span = SourceSpan::new((start.byte as usize).into(), len);
        e
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// A copy for rendering (miette takes ownership of what it reports).
    pub fn clone_for_report(&self) -> Located {
        Located {
            message: self.message.clone(),
            src: self.src.clone(),
            span: self.span,
            label: self.label.clone(),
            help: self.help.clone(),
            code: self.code,
            warning: self.warning,
            place: self.place.clone(),
        }
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl Diagnostic for Located {
    fn severity(&self) -> Option<miette::Severity> {
        Some(if self.warning {
            miette::Severity::Warning
        } else {
            miette::Severity::Error
        })
    }

    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some(self.label.clone()), self.span),
        )))
    }
}

#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(code(weir::io))]
    Io { path: String, reason: String },

    /// `weir check` with no repository around: it needs one for the last release tag, whatever
    /// the spec's path looks like.
    #[error(
        "`weir check` compares {spec} with its last release tag, and `{dir}` is not inside a git repository"
    )]
    #[diagnostic(
        code(weir::not_a_repository),
        help(
            "run weir check inside the repository that tags the releases, or compare two files with `weir diff OLD NEW`"
        )
    )]
    NoReleasesOutsideGit { dir: String, spec: String },

    #[error("`{dir}` is not inside a git repository, so `{locator}` cannot be read")]
    #[diagnostic(
        code(weir::not_a_repository),
        help(
            "REV:PATH reads PATH from a git revision; run weir inside the repository, or pass a plain file path"
        )
    )]
    NotARepository { dir: String, locator: String },

    /// `help` says what to fetch: a shallow clone (CI's default checkout) has neither the
    /// history nor the tags a base revision usually names.
    #[error("unknown revision `{rev}`{close}")]
    #[diagnostic(code(weir::unknown_revision))]
    UnknownRevision {
        rev: String,
        /// ` (did you mean `v1.4.0`?)`, or empty.
        close: String,
        #[help]
        help: String,
    },

    #[error("`{path}` does not exist at revision `{rev}`")]
    #[diagnostic(code(weir::path_not_at_revision))]
    PathNotAtRevision {
        rev: String,
        path: String,
        #[help]
        help: Option<String>,
    },

    /// `weir check` in a shallow clone without a release tag: passing it as "the first
    /// release" would wave every change through.
    #[error(
        "no release tag is reachable from HEAD, and this is a shallow clone: the history and tags that say which release came last were not fetched"
    )]
    #[diagnostic(
        code(weir::shallow_clone),
        help(
            "fetch them with `git fetch --tags --unshallow`, or check out with `fetch-depth: 0` (actions/checkout); or name the base with --base"
        )
    )]
    ShallowClone,

    #[error("git: {0}")]
    #[diagnostic(code(weir::git))]
    Git(String),

    /// `place` is `file:line:col` of the first byte that is not UTF-8.
    #[error("{place}: not UTF-8 text: {detail}")]
    #[diagnostic(
        code(weir::encoding),
        help(
            "weir reads YAML and JSON written in UTF-8; convert the file, e.g. with `iconv -t UTF-8`"
        )
    )]
    NotUtf8 {
        path: String,
        place: String,
        detail: String,
    },

    #[error("`{path}` is larger than {limit}, the most weir reads from one file")]
    #[diagnostic(
        code(weir::too_large),
        help(
            "the limit (MAX_SOURCE_BYTES) keeps a stray file from exhausting memory; the largest public OpenAPI descriptions are a fraction of it"
        )
    )]
    TooLarge { path: String, limit: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(Box<Located>),

    #[error(transparent)]
    #[diagnostic(transparent)]
    NotOpenApi(Box<Located>),

    #[error(transparent)]
    #[diagnostic(transparent)]
    UnresolvedRef(Box<Located>),

    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<Located>),

    /// A `$ref` into a file that was read, at a pointer that is not there.
    #[error(transparent)]
    #[diagnostic(transparent)]
    DanglingRef(Box<Located>),

    #[error("{0}")]
    #[diagnostic(code(weir::usage))]
    Usage(String),
}

impl Error {
    /// `file:line:col` of errors about a file's content.
    pub fn place(&self) -> Option<&str> {
        match self {
            Error::Syntax(l)
            | Error::NotOpenApi(l)
            | Error::UnresolvedRef(l)
            | Error::Invalid(l)
            | Error::DanglingRef(l) => Some(&l.place),
            Error::NotUtf8 { place, .. } => Some(place),
            _ => None,
        }
    }
}

impl Error {
    pub fn syntax(l: Located) -> Error {
        Error::Syntax(Box::new(l.with_code("weir::syntax")))
    }
    pub fn not_openapi(l: Located) -> Error {
        Error::NotOpenApi(Box::new(l.with_code("weir::not_openapi")))
    }
    pub fn unresolved_ref(l: Located) -> Error {
        Error::UnresolvedRef(Box::new(l.with_code("weir::unresolved_ref")))
    }
    pub fn dangling_ref(l: Located) -> Error {
        Error::DanglingRef(Box::new(l.with_code("weir::unresolved_ref")))
    }

    /// The located part of a content error, to be kept as a warning.
    pub fn into_located(self) -> Option<Located> {
        match self {
            Error::Syntax(l)
            | Error::NotOpenApi(l)
            | Error::UnresolvedRef(l)
            | Error::Invalid(l)
            | Error::DanglingRef(l) => Some(*l),
            _ => None,
        }
    }

    pub fn invalid(l: Located) -> Error {
        Error::Invalid(Box::new(l.with_code("weir::invalid")))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
