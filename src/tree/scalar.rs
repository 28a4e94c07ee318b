//! What plain scalars mean under the YAML 1.2 core schema.

use super::Resolved;

/// YAML 1.2 core schema resolution of a plain scalar.
pub(crate) fn resolve_plain(text: &str) -> Resolved<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Resolved::Number(text),
        _ => {}
    }
    if is_core_number(text) {
        Resolved::Number(text)
    } else {
        Resolved::Str(text)
    }
}

fn is_core_number(t: &str) -> bool {
    let b = t.as_bytes();
    if b.is_empty() {
        return false;
    }
    if let Some(hex) = t.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = t.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let mut i = 0;
    if b[0] == b'+' || b[0] == b'-' {
        i = 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// Numbers as YAML 1.2's core schema writes them, including `0x1F`, `0o17` and `.inf`.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    if let Some(h) = text.strip_prefix("0x") {
        return i64::from_str_radix(h, 16).ok().map(|n| n as f64);
    }
    if let Some(o) = text.strip_prefix("0o") {
        return i64::from_str_radix(o, 8).ok().map(|n| n as f64);
    }
    match text.to_ascii_lowercase().as_str() {
        ".inf" | "+.inf" => Some(f64::INFINITY),
        "-.inf" => Some(f64::NEG_INFINITY),
        ".nan" => Some(f64::NAN),
        t => t.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_numbers() {
        for n in [
            "0", "-1", "1.10", ".5", "1e3", "+2.5E-3", "0x1F", "0o17", ".inf", "-.Inf",
        ] {
            assert!(matches!(resolve_plain(n), Resolved::Number(_)), "{n}");
        }
        for s in [
            "1.2.3",
            "e3",
            "-",
            "0x",
            "1e",
            "v1",
            "1_000",
            "yes",
            "2020-01-01",
        ] {
            assert!(matches!(resolve_plain(s), Resolved::Str(_)), "{s}");
        }
        assert_eq!(resolve_plain("~"), Resolved::Null);
        assert_eq!(resolve_plain("TRUE"), Resolved::Bool(true));
    }

    #[test]
    fn numbers_read_as_written() {
        assert_eq!(parse_number("0x1F"), Some(31.0));
        assert_eq!(parse_number("0o17"), Some(15.0));
        assert_eq!(parse_number("-.Inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_number("1.10"), Some(1.1));
        assert!(parse_number(".nan").is_some_and(f64::is_nan));
        assert_eq!(parse_number("v1"), None);
    }
}
