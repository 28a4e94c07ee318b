//! Dates as days since 1970-01-01 (UTC): what ignores expire on, sunsets fall on and
//! deprecations are dated by.

pub(crate) use crate::vocabulary::conventions::parse_date;

/// Today, in days since 1970-01-01 (UTC). `WEIR_TODAY=YYYY-MM-DD` pins it, for reproducible
/// runs and tests.
pub(crate) fn today() -> i64 {
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
