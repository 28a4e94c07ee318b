//! The lifecycle conventions weir reads from `x-` extensions: `x-stability-level` (how far an
//! item is from `stable`) and `x-sunset` (the day a deprecated item goes away). Loading checks
//! every value against these, the diff ranks and dates them, the assessment decides with them:
//! one vocabulary for all three.

/// The stability levels, from least to most stable. No level means `stable`.
pub const STABILITY_LEVELS: [&str; 4] = ["draft", "alpha", "beta", "stable"];

/// How far along the path to `stable` a level is (0 for `draft` … 3 for `stable`); `None` for
/// a word outside the vocabulary. Case does not matter.
pub fn stability_rank(level: &str) -> Option<u8> {
    let level = level.trim().to_ascii_lowercase();
    STABILITY_LEVELS
        .iter()
        .position(|l| *l == level)
        .map(|i| i as u8)
}

/// Whether a level allows breaking changes (anything below `stable`).
pub fn is_unstable(level: &str) -> bool {
    stability_rank(level).is_some_and(|r| r < 3)
}

/// Days since 1970-01-01 (UTC) of an `x-sunset` value: an RFC 3339 date (`2025-12-31`) or
/// timestamp (`2025-12-31T23:59:59Z`), or the HTTP-date form of the `Sunset` header (RFC 8594:
/// `Wed, 31 Dec 2025 23:59:59 GMT`). `None` when it is neither.
pub fn parse_sunset(text: &str) -> Option<i64> {
    let text = text.trim();
    parse_date(text).or_else(|| {
        let at = jiff::fmt::rfc2822::DateTimeParser::new()
            .parse_timestamp(text)
            .ok()?;
        Some(at.as_second().div_euclid(86_400))
    })
}

/// Days since 1970-01-01 of an RFC 3339 date (`2025-12-31`), or of the date a timestamp is
/// written with (`2025-12-31T23:59:59+05:00` is the 31st).
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    let date: jiff::civil::Date = match text.get(..10) {
        Some(day) if text.len() == 10 => day.parse().ok()?,
        Some(day) => {
            text.parse::<jiff::Timestamp>().ok()?;
            day.parse().ok()?
        }
        None => return None,
    };
    let epoch = jiff::civil::date(1970, 1, 1);
    Some(date.duration_since(epoch).as_secs().div_euclid(86_400))
}

/// A day (days since 1970-01-01) as `YYYY-MM-DD`.
pub fn show_day(days: i64) -> String {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().days(days))
        .map_or_else(|_| format!("day {days}"), |d| d.to_string())
}

/// What changing an `x-sunset` from `before` to `after` does: `added`, `removed`, `earlier`,
/// `later`, or `changed` (the same day written another way, or a side that is no date).
pub fn sunset_relation(before: Option<&str>, after: Option<&str>) -> &'static str {
    match (before, after) {
        (None, Some(_)) => "added",
        (Some(_), None) => "removed",
        (Some(x), Some(y)) => match (parse_sunset(x), parse_sunset(y)) {
            (Some(x), Some(y)) if y < x => "earlier",
            (Some(x), Some(y)) if y > x => "later",
            _ => "changed",
        },
        (None, None) => "changed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stability_levels_are_four_words() {
        assert_eq!(stability_rank("draft"), Some(0));
        assert_eq!(stability_rank("Beta"), Some(2));
        assert_eq!(stability_rank("stable"), Some(3));
        assert_eq!(stability_rank("experimental"), None);
        assert_eq!(stability_rank("preview"), None);
        assert!(is_unstable("alpha"));
        assert!(!is_unstable("stable"));
        assert!(!is_unstable("gamma"));
    }

    #[test]
    fn dates_in_rfc_3339_and_http_date_form() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("2024-01-01T00:00:00Z"), Some(19_723));
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        for bad in [
            "2024-13-01",
            "2023-02-29",
            "2024-04-31",
            "soon",
            "2024-1-01",
            "2024-01-01x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        // RFC 8594's example, with its weekday right.
        assert_eq!(
            parse_sunset("Mon, 31 Dec 2018 23:59:59 GMT"),
            parse_date("2018-12-31")
        );
        assert_eq!(parse_sunset("2018-12-31"), parse_date("2018-12-31"));
        assert_eq!(parse_sunset("next spring"), None);
        assert_eq!(show_day(parse_date("2025-12-31").unwrap()), "2025-12-31");
    }

    #[test]
    fn sunset_relations() {
        assert_eq!(
            sunset_relation(Some("2025-06-30"), Some("2025-01-01")),
            "earlier"
        );
        assert_eq!(
            sunset_relation(Some("2025-01-01"), Some("Mon, 30 Jun 2025 00:00:00 GMT")),
            "later"
        );
        assert_eq!(
            sunset_relation(Some("2025-01-01"), Some("2025-01-01T12:00:00Z")),
            "changed"
        );
        assert_eq!(sunset_relation(None, Some("2025-01-01")), "added");
        assert_eq!(sunset_relation(Some("2025-01-01"), None), "removed");
    }
}
