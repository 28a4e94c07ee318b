//! No version scheme: the changes alone are judged. For specs whose `info.version` is a
//! placeholder (`0.0.0-development`, `latest`) or that `version-scheme = "none"` says nobody
//! maintains. A breaking change fails the gate, since no version can announce it; everything
//! else passes.

/// Words specs carry where no version is maintained.
const PLACEHOLDER_WORDS: &[&str] = &[
    "dev",
    "development",
    "latest",
    "local",
    "snapshot",
    "unknown",
    "unreleased",
    "unversioned",
];

/// Whether `text` is a placeholder rather than a version: `0.0.0` with or without a suffix
/// (`0.0.0-development`, as semantic-release writes it), or a word like `latest` or `dev`.
pub(crate) fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
    let zero = t
        .strip_prefix("0.0.0")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', '+']));
    zero || t.is_empty() || PLACEHOLDER_WORDS.iter().any(|w| t.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "0.0.0-development",
            "0.0.0",
            "v0.0.0-dev",
            "latest",
            "DEV",
            "",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for v in ["0.0.1", "1.0.0", "2022-11-15", "10", "0.0.0.1"] {
            assert!(!is_placeholder(v), "{v}");
        }
    }
}
