//! The `format`s the validator checks: the ones clients and servers commonly enforce. Any
//! other format is an annotation and accepts everything.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether a string fits its format (`true` for formats not checked).
pub(crate) fn string_ok(format: &str, s: &str) -> bool {
    match format {
        "date" => date(s),
        "date-time" => date_time(s),
        "time" => time(s),
        "email" => email(s),
        "uuid" => uuid(s),
        "ipv4" => s.parse::<Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<Ipv6Addr>().is_ok(),
        "uri" | "url" => uri(s),
        "byte" => base64(s),
        _ => true,
    }
}

/// Whether a number fits its format (`int32`, `int64`; others are not checked).
pub(crate) fn number_ok(format: &str, v: f64) -> bool {
    match format {
        "int32" => v >= f64::from(i32::MIN) && v <= f64::from(i32::MAX),
        "int64" => v >= i64::MIN as f64 && v <= i64::MAX as f64,
        _ => true,
    }
}

/// The formats [`string_ok`] checks, with a value each accepts.
pub(crate) fn sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "date" => "2024-01-31",
        "date-time" => "2024-01-31T12:00:00Z",
        "time" => "12:00:00Z",
        "email" => "someone@example.com",
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "uri" | "url" => "https://example.com/",
        "byte" => "ZXhhbXBsZQ==",
        _ => return None,
    })
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

fn date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// `HH:MM:SS[.frac](Z|±HH:MM)`; the offset is optional for `time`.
fn time_with(s: &str, offset_required: bool) -> bool {
    let (clock, offset) = match s.find(['Z', 'z', '+', '-']) {
        Some(i) => (&s[..i], Some(&s[i..])),
        None => (s, None),
    };
    let (hms, frac) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let mut parts = hms.split(':');
    let (Some(h), Some(m), Some(sec), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(h), Some(m), Some(sec)) = (digits(h, 2), digits(m, 2), digits(sec, 2)) else {
        return false;
    };
    if h > 23 || m > 59 || sec > 60 {
        return false;
    }
    match offset {
        None => !offset_required,
        Some("Z") | Some("z") => true,
        Some(o) => {
            let Some((oh, om)) = o[1..].split_once(':') else {
                return false;
            };
            matches!((digits(oh, 2), digits(om, 2)), (Some(h), Some(m)) if h <= 23 && m <= 59)
        }
    }
}

fn time(s: &str) -> bool {
    time_with(s, false)
}

fn date_time(s: &str) -> bool {
    match s.find(['T', 't', ' ']) {
        Some(i) => date(&s[..i]) && time_with(&s[i + 1..], true),
        None => false,
    }
}

fn email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !has_whitespace(s)
        }
        None => false,
    }
}

fn uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !has_whitespace(rest)
}

/// `s.contains(char::is_whitespace)`, byte by byte for ASCII text (most is: URLs, emails),
/// where whitespace is tab to carriage return (vertical tab included) and space.
fn has_whitespace(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| matches!(b, b'\t'..=b'\r' | b' '))
    } else {
        s.contains(char::is_whitespace)
    }
}

fn base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().is_multiple_of(4)
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_formats() {
        assert!(string_ok("date", "2024-02-29"));
        assert!(!string_ok("date", "2023-02-29"));
        assert!(!string_ok("date", "2024-1-01"));
        assert!(string_ok("date-time", "2024-01-31T12:00:00.5+01:00"));
        assert!(!string_ok("date-time", "2024-01-31"));
        assert!(!string_ok("date-time", "yesterday"));
        assert!(string_ok("time", "23:59:59"));
        assert!(string_ok("email", "a@b.co"));
        assert!(!string_ok("email", "a@b"));
        assert!(string_ok("uuid", "3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(!string_ok("uuid", "3fa85f64"));
        assert!(string_ok("uri", "urn:isbn:1"));
        assert!(!string_ok("uri", "not a uri"));
        assert!(string_ok("byte", "ZXhhbXBsZQ=="));
        for ws in ["a b", "a\tb", "a\u{b}b", "a\rb", "a\u{85}b", "a\u{a0}b"] {
            assert!(!string_ok("uri", &format!("x:{ws}")), "{ws:?}");
            assert!(
                !string_ok("uri", &format!("x:abcdefghijklmno{ws}pq")),
                "{ws:?}"
            );
        }
        assert!(string_ok(
            "uri",
            "https://example.com/~a/é/\u{7f}/0123456789"
        ));
        assert!(!string_ok("byte", "abc"));
        assert!(string_ok("ipv4", "10.0.0.1"));
        assert!(!string_ok("ipv4", "10.0.0.256"));
        assert!(string_ok("anything-else", "whatever"));
        assert!(number_ok("int32", 2_147_483_647.0));
        assert!(!number_ok("int32", 2_147_483_648.0));
    }

    #[test]
    fn every_sample_passes_its_own_check() {
        for f in [
            "date",
            "date-time",
            "time",
            "email",
            "uuid",
            "ipv4",
            "ipv6",
            "uri",
            "byte",
        ] {
            assert!(string_ok(f, sample(f).unwrap()), "{f}");
        }
    }
}
