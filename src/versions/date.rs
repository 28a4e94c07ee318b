//! Dated versions, as Stripe (`2022-11-15`), GitHub's REST API (`2022-11-28`) and Azure
//! (`2023-01-01-preview`) name theirs.
//!
//! The rules, documented for users in the README:
//!
//! - A breaking change needs a date later than the base's.
//! - Additions and fixes may keep the base's date or move it forward.
//! - An earlier date went backwards.
//! - A suffix (`-preview`, `-beta`) promises nothing, like a semver pre-release: it sorts
//!   before the same date without one, and after a suffixed base any later version is enough.

use std::cmp::Ordering;
use std::fmt;

use ::semver::Prerelease;
use jiff::civil::Date;

use crate::vocabulary::Bump;

/// `2024-01-15`, `v2024-01-15` (a tag) or `2023-01-01-preview`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateVersion {
    pub date: Date,
    /// After the date's `-`; empty for none. Ordered as a semver pre-release is.
    pub suffix: Prerelease,
    /// Written with a leading `v` (tags often are); kept when suggesting the next one.
    pub v: bool,
}

impl DateVersion {
    /// `YYYY-MM-DD` with an optional leading `v` and `-suffix`; `None` for anything else,
    /// including dates that do not exist (`2023-02-30`).
    pub fn parse(text: &str) -> Option<DateVersion> {
        let t = text.trim();
        let (v, t) = match t.strip_prefix(['v', 'V']) {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let day = t.get(..10)?;
        let shape = day.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
        if !shape {
            return None;
        }
        let date: Date = day.parse().ok()?;
        let suffix = match &t[10..] {
            "" => Prerelease::EMPTY,
            rest => Prerelease::new(rest.strip_prefix('-')?).ok()?,
        };
        Some(DateVersion { date, suffix, v })
    }

    /// That day without a suffix, written as `like` is: what a new release of that day is called.
    fn of(date: Date, like: &DateVersion) -> DateVersion {
        DateVersion {
            date,
            suffix: Prerelease::EMPTY,
            v: like.v,
        }
    }

    pub fn cmp_precedence(&self, other: &DateVersion) -> Ordering {
        self.date
            .cmp(&other.date)
            .then_with(|| self.suffix.cmp(&other.suffix))
    }

    /// The largest bump `declared` may carry after `self` (see the module docs).
    pub fn allows(&self, declared: &DateVersion) -> Bump {
        match declared.cmp_precedence(self) {
            Ordering::Less => Bump::None,
            Ordering::Equal => Bump::Minor,
            Ordering::Greater if declared.date > self.date || !self.suffix.is_empty() => {
                Bump::Major
            }
            // The same day, a suffix of it the base did not have: at most what the day allows.
            Ordering::Greater => Bump::Minor,
        }
    }

    /// The smallest version a change needing `bump` allows.
    pub fn required(&self, bump: Bump) -> DateVersion {
        match bump {
            Bump::Major if self.suffix.is_empty() => {
                DateVersion::of(self.date.tomorrow().unwrap_or(self.date), self)
            }
            // After a preview, its day's release is already later.
            Bump::Major => DateVersion::of(self.date, self),
            _ => self.clone(),
        }
    }

    /// What to release as: `today` when it is late enough, else the smallest allowed. A
    /// suffixed base (a preview) suggests the next preview.
    pub fn next(&self, bump: Bump, today: Date) -> DateVersion {
        if bump == Bump::None {
            return self.clone();
        }
        let required = self.required(bump);
        let dated = DateVersion {
            date: today.max(required.date),
            ..self.clone()
        };
        if self.allows(&dated) >= bump {
            dated
        } else {
            required
        }
    }

    /// The first version after this one that is not this one: the next day.
    pub fn after(&self) -> DateVersion {
        DateVersion {
            date: self.date.tomorrow().unwrap_or(self.date),
            ..self.clone()
        }
    }

    /// What the changes need, in words.
    pub fn requirement(&self, bump: Bump) -> String {
        match bump {
            Bump::Major if self.suffix.is_empty() => format!("a date later than {}", self.date),
            Bump::Major => format!("any version after the preview {self}"),
            _ => format!("{self} or a later date"),
        }
    }
}

impl fmt::Display for DateVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.v {
            f.write_str("v")?;
        }
        write!(f, "{}", self.date)?;
        if !self.suffix.is_empty() {
            write!(f, "-{}", self.suffix)?;
        }
        Ok(())
    }
}

/// The day `days` after 1970-01-01 (how weir counts "today", see `assess::dates`).
pub(crate) fn from_epoch_days(days: i64) -> Date {
    let epoch = Date::new(1970, 1, 1).expect("a valid date");
    epoch
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(epoch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> DateVersion {
        DateVersion::parse(s).unwrap()
    }

    #[test]
    fn parsing() {
        assert_eq!(d("2022-11-15").to_string(), "2022-11-15");
        assert_eq!(d("v2024-01-15").to_string(), "v2024-01-15");
        assert_eq!(d("2023-01-01-preview").suffix.as_str(), "preview");
        for bad in [
            "2023-02-30",
            "2023-1-01",
            "10",
            "1.2.3",
            "2023-01-01preview",
            "x",
        ] {
            assert!(DateVersion::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn what_a_declared_date_allows() {
        // (base, declared, the largest bump allowed)
        let cases = [
            ("2022-11-15", "2022-11-15", Bump::Minor),
            ("2022-11-15", "2022-11-16", Bump::Major),
            ("2022-11-15", "2022-11-14", Bump::None),
            // A preview sorts before its day; a preview of a later day is later.
            ("2022-11-15", "2022-11-15-preview", Bump::None),
            ("2022-11-15", "2023-01-01-preview", Bump::Major),
            // After a preview, anything later goes; the same preview may not break.
            ("2023-01-01-preview", "2023-01-01", Bump::Major),
            ("2023-01-01-preview", "2023-01-01-preview", Bump::Minor),
            ("2023-01-01-beta", "2023-01-01-preview", Bump::Major),
        ];
        for (base, declared, bump) in cases {
            assert_eq!(d(base).allows(&d(declared)), bump, "{base} → {declared}");
        }
    }

    #[test]
    fn next_dates() {
        let today = d("2024-05-02").date;
        assert_eq!(d("2022-11-15").next(Bump::Major, today), d("2024-05-02"));
        assert_eq!(d("2022-11-15").next(Bump::Minor, today), d("2024-05-02"));
        assert_eq!(d("2022-11-15").next(Bump::None, today), d("2022-11-15"));
        // Released today already: a breaking change needs tomorrow, an addition may stay.
        assert_eq!(d("2024-05-02").next(Bump::Major, today), d("2024-05-03"));
        assert_eq!(d("2024-05-02").next(Bump::Patch, today), d("2024-05-02"));
        assert_eq!(
            d("2023-01-01-preview").next(Bump::Major, today),
            d("2024-05-02-preview")
        );
        assert_eq!(d("v2024-01-15").next(Bump::Major, today), d("v2024-05-02"));
        assert_eq!(from_epoch_days(19_723), d("2024-01-01").date);
    }
}
