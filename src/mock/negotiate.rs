//! Content negotiation and preferences: which of a response's media types an `Accept` header
//! takes (RFC 9110 §12.5.1: quality values, `type/*`, `*/*`), and what a `Prefer` header asks
//! of the mock (`code=404`, `example=sold`; Prism's convention).

/// The media type's essence: lowercased, without parameters.
pub(crate) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media range (`application/*`, `*/*`, `application/json`) covers a media type.
fn covers(range: &str, media: &str) -> bool {
    let (rt, rs) = range.split_once('/').unwrap_or((range, "*"));
    let (mt, ms) = media.split_once('/').unwrap_or((media, ""));
    (rt == "*" || rt == mt) && (rs == "*" || rs == ms)
}

/// Whether a sent `Content-Type` is one a spec's media type key names (the key may be a range,
/// as `application/*` or `*/*`).
pub(crate) fn media_matches(spec_key: &str, sent: &str) -> bool {
    covers(&essence(spec_key), &essence(sent))
}

/// A parameter of a media type (`boundary`, `charset`), unquoted.
pub(crate) fn parameter(media: &str, name: &str) -> Option<String> {
    media.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The index of the media type `accept` takes best, ties going to JSON, then to the spec's
/// order; `None` when it takes none of them. Without an `Accept` header, every type is taken.
pub(crate) fn choose(media: &[&str], accept: Option<&str>) -> Option<usize> {
    let ranges = parse_accept(accept.unwrap_or("*/*"));
    let mut best: Option<(f32, usize, bool, usize)> = None;
    for (i, m) in media.iter().enumerate() {
        let m = essence(m);
        // The most specific range that covers the type decides its quality.
        let Some((q, specificity)) = ranges
            .iter()
            .filter(|(r, _)| covers(r, &m) || covers(&m, r))
            .map(|(r, q)| (*q, r.matches('*').count()))
            .min_by_key(|&(_, s)| s)
        else {
            continue;
        };
        if q <= 0.0 {
            continue;
        }
        let json = m == "application/json" || m.ends_with("+json");
        let better = match best {
            None => true,
            Some((bq, bs, bj, _)) => {
                q > bq || (q == bq && (specificity < bs || (specificity == bs && json && !bj)))
            }
        };
        if better {
            best = Some((q, specificity, json, i));
        }
    }
    best.map(|b| b.3)
}

/// `text/html;q=0.5, application/json` → `[(text/html, 0.5), (application/json, 1.0)]`.
fn parse_accept(accept: &str) -> Vec<(String, f32)> {
    accept
        .split(',')
        .filter(|r| !r.trim().is_empty())
        .map(|r| {
            let q = parameter(r, "q")
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            (essence(r), q)
        })
        .collect()
}

/// What a `Prefer` header asks of the mock.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Preference {
    /// `code=404`: answer with this documented status.
    pub code: Option<u16>,
    /// `example=sold`: answer with this named example.
    pub example: Option<String>,
}

/// `Prefer: code=404, example=sold` (RFC 7240 syntax; unknown preferences are ignored).
pub(crate) fn preference(prefer: Option<&str>) -> Preference {
    let mut out = Preference::default();
    for p in prefer.unwrap_or("").split([',', ';']) {
        let Some((k, v)) = p.trim().split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches('"');
        match k.trim().to_ascii_lowercase().as_str() {
            "code" => out.code = v.parse().ok(),
            "example" => out.example = Some(v.to_string()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_picks_by_quality_then_specificity_then_json() {
        let media = ["application/xml", "application/json", "text/plain"];
        assert_eq!(choose(&media, None), Some(1));
        assert_eq!(choose(&media, Some("text/*")), Some(2));
        assert_eq!(choose(&media, Some("application/xml, */*;q=0.1")), Some(0));
        assert_eq!(choose(&media, Some("image/png")), None);
        assert_eq!(choose(&media, Some("application/json;q=0, */*")), Some(0));
    }

    #[test]
    fn prefer_reads_code_and_example() {
        let p = preference(Some("code=404, example=\"sold out\""));
        assert_eq!(p.code, Some(404));
        assert_eq!(p.example.as_deref(), Some("sold out"));
        assert_eq!(preference(Some("respond-async")), Preference::default());
    }

    #[test]
    fn spec_ranges_take_concrete_types() {
        assert!(media_matches(
            "application/*",
            "application/json; charset=utf-8"
        ));
        assert!(!media_matches("application/json", "text/plain"));
        assert_eq!(
            parameter("multipart/form-data; boundary=\"abc\"", "boundary").as_deref(),
            Some("abc")
        );
    }
}
