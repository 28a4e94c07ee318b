//! Values for one keyword at a time, no recursion: strings for a format, a pattern and length
//! bounds, numbers inside bounds and multiples, strings a regex matches. Guesses, which the
//! generator and the witness search hand to the validator.

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Number, Value};

use super::formats;
use crate::model::schema::Schema;

/// Regex samples longer than this are not generated.
const MAX_SAMPLE: u64 = 512;

/// Strings longer than this are not generated at all (a `maxLength: 5000` needs a witness of
/// 5001 characters; reports show such a value shortened).
pub(crate) const MAX_LEN: u64 = 65_536;

/// A few strings for the schema's format, pattern and length bounds.
pub(crate) fn strings(s: &Schema) -> Vec<Value> {
    let min = s.min_length.map_or(0, |l| l.value);
    let max = s.max_length.map_or(u64::MAX, |l| l.value);
    let mut out = Vec::new();
    if let Some(sample) = s.format.as_ref().and_then(|(f, _)| formats::sample(f)) {
        out.push(sample.to_string());
    }
    if let Some((pattern, _)) = &s.pattern {
        for sample in regex_samples(pattern) {
            out.push(fit_length(&sample, min, max));
        }
    }
    out.push(fit_length("example", min, max));
    out.into_iter().map(Value::String).collect()
}

/// `text` padded with `x` or cut to fit `[min, max]` characters (at most [`MAX_LEN`]).
pub(crate) fn fit_length(text: &str, min: u64, max: u64) -> String {
    let len = text.chars().count() as u64;
    let target = len.clamp(min, max.max(min)).min(MAX_LEN);
    if target <= len {
        text.chars().take(target as usize).collect()
    } else {
        let mut out = text.to_string();
        out.extend(std::iter::repeat_n('x', (target - len) as usize));
        out
    }
}

/// Integers inside the schema's bounds, preferring small ones.
pub(crate) fn integers(s: &Schema) -> Vec<i64> {
    let lo = s.minimum.as_ref().map(|b| {
        let v = b.value.value;
        if b.exclusive {
            v.floor() + 1.0
        } else {
            v.ceil()
        }
    });
    let hi = s.maximum.as_ref().map(|b| {
        let v = b.value.value;
        if b.exclusive {
            v.ceil() - 1.0
        } else {
            v.floor()
        }
    });
    let mut out = Vec::new();
    for c in [Some(1.0), Some(0.0), lo, hi].into_iter().flatten() {
        let mut c = c;
        if let Some((m, _)) = &s.multiple_of
            && m.value > 0.0
        {
            c = (c / m.value).ceil() * m.value;
        }
        if c.fract() == 0.0 && c.abs() < 9.0e15 && !out.contains(&(c as i64)) {
            out.push(c as i64);
        }
    }
    out
}

pub(crate) fn numbers(s: &Schema) -> Vec<Value> {
    let mut out: Vec<Value> = integers(s).into_iter().map(Value::from).collect();
    let lo = s.minimum.as_ref().map(|b| b.value.value);
    let hi = s.maximum.as_ref().map(|b| b.value.value);
    for c in [Some(1.5), lo.map(|l| l + 0.5), hi.map(|h| h - 0.5)]
        .into_iter()
        .flatten()
    {
        out.extend(Number::from_f64(c).map(Value::Number));
    }
    out
}

/// Strings that match a regex: the shortest the pattern allows, and a longer one. Empty when
/// the pattern cannot be parsed.
pub(crate) fn regex_samples(pattern: &str) -> Vec<String> {
    let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for longer in [false, true] {
        let mut s = String::new();
        if sample(&hir, longer, &mut s, 0) && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn sample(hir: &Hir, longer: bool, out: &mut String, depth: usize) -> bool {
    if depth > 64 || out.len() > MAX_SAMPLE as usize {
        return false;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(text) => {
                out.push_str(text);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(class) => match pick(class) {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        },
        HirKind::Repetition(rep) => {
            let mut n = rep.min;
            if longer {
                n = n.saturating_add(2).min(rep.max.unwrap_or(u32::MAX));
            }
            (0..n.min(MAX_SAMPLE as u32)).all(|_| sample(&rep.sub, longer, out, depth + 1))
        }
        HirKind::Capture(cap) => sample(&cap.sub, longer, out, depth + 1),
        HirKind::Concat(parts) => parts.iter().all(|p| sample(p, longer, out, depth + 1)),
        HirKind::Alternation(alts) => {
            let alt = if longer { alts.last() } else { alts.first() };
            alt.is_some_and(|a| sample(a, longer, out, depth + 1))
        }
    }
}

/// A readable character of a class: a letter or digit when it has one.
fn pick(class: &Class) -> Option<char> {
    match class {
        Class::Unicode(c) => {
            let ranges = c.ranges();
            let inside = |x: char| ranges.iter().any(|r| r.start() <= x && x <= r.end());
            ['a', 'A', '0', 'x', '_', '-', ' ']
                .into_iter()
                .find(|&x| inside(x))
                .or_else(|| ranges.iter().map(|r| r.start()).find(|c| !c.is_control()))
        }
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .find(|b| b.is_ascii_graphic())
            .map(char::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_samples_match_their_pattern() {
        for p in [
            "^[A-Z]{3}-\\d+$",
            "^(cat|dog)s?$",
            "^\\w+@\\w+\\.com$",
            "[0-9a-f]{8}",
            "^[^/]+$",
        ] {
            let re = regex::Regex::new(p).unwrap();
            let samples = regex_samples(p);
            assert!(!samples.is_empty(), "{p}");
            for s in samples {
                assert!(re.is_match(&s), "{p} ~ {s}");
            }
        }
    }

    #[test]
    fn lengths_are_fitted() {
        assert_eq!(fit_length("example", 0, 3), "exa");
        assert_eq!(fit_length("example", 9, 20), "examplexx");
        assert_eq!(fit_length("example", 0, u64::MAX), "example");
    }
}
