//! How much weir says besides its report (`--quiet`, `--verbose`), and whether the report
//! may use colour.
//!
//! The verbosity is set once, from the command line, before any command runs; diagnostics are
//! printed from many places (loading, the gate, the hook), so it is process-wide rather than
//! threaded through every call.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// Only the report and errors.
    Quiet = 0,
    Normal = 1,
    /// Also notes on what weir decided: the config, the base, ignored findings.
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub(crate) fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

pub(crate) fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

pub(crate) fn quiet() -> bool {
    verbosity() == Verbosity::Quiet
}

/// A note for `--verbose` runs, on standard error.
pub(crate) fn note(message: impl AsRef<str>) {
    if verbosity() == Verbosity::Verbose {
        eprintln!("weir: {}", message.as_ref());
    }
}

/// A warning for the user, on standard error, unless `--quiet`.
pub(crate) fn warn(message: impl AsRef<str>) {
    if !quiet() {
        eprintln!("warning: {}", message.as_ref());
    }
}

/// Colour only for a terminal, and never when `NO_COLOR` is set to anything but the empty
/// string (<https://no-color.org>).
pub(crate) fn color_for(is_terminal: bool, no_color: Option<&str>) -> bool {
    is_terminal && no_color.is_none_or(str::is_empty)
}

/// Whether standard output gets colour.
pub(crate) fn stdout_color() -> bool {
    color_for(
        std::io::stdout().is_terminal(),
        std::env::var("NO_COLOR").ok().as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::color_for;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(color_for(true, None));
        assert!(color_for(true, Some("")));
        assert!(!color_for(true, Some("1")));
        assert!(!color_for(false, None));
    }
}
