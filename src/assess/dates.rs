//! Dates as days since 1970-01-01 (UTC): what ignores expire on, sunsets fall on and
//! deprecations are dated by.

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (an RFC 3339 timestamp's date part counts).
pub fn parse_date(text: &str) -> Option<i64> {
    let d = text.trim().get(..10)?;
    let mut parts = d.split('-');
    let (y, m, day) = (
        parts.next()?.parse::<i64>().ok()?,
        parts.next()?.parse::<i64>().ok()?,
        parts.next()?.parse::<i64>().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Today, in days since 1970-01-01 (UTC). `WEIR_TODAY=YYYY-MM-DD` pins it, for reproducible
/// runs and tests.
pub fn today() -> i64 {
    if let Some(d) = std::env::var("WEIR_TODAY")
        .ok()
        .and_then(|t| parse_date(&t))
    {
        return d;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    secs.div_euclid(86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("2024-01-01T00:00:00Z"), Some(19_723));
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("soon"), None);
    }
}
