//! Single-number versions, as Discord (`10`) and many URL-versioned APIs (`v2`) name theirs.
//!
//! The rules, documented for users in the README:
//!
//! - A breaking change needs N+1 (or more).
//! - Everything else may keep N.
//! - A lower number went backwards.
//! - A suffix (`v2beta1`, `v3-preview`) promises nothing, like a semver pre-release: it sorts
//!   before the plain number, and after a suffixed base any later version is enough.

use std::cmp::Ordering;
use std::fmt;

use ::semver::Prerelease;

use crate::vocabulary::Bump;

/// `10`, `v10`, `v2beta1` or `v3-preview`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MajorVersion {
    pub number: u64,
    /// Empty for none. Ordered as a semver pre-release is.
    pub suffix: Prerelease,
    /// Written with a leading `v`; kept when suggesting the next one.
    pub v: bool,
    /// The suffix was written after a `-` (`v3-preview`, not `v2beta1`).
    dash: bool,
}

impl MajorVersion {
    /// A number with an optional leading `v` and suffix; `None` for anything else (`1.2`,
    /// `2024-01-15`, `latest`).
    pub fn parse(text: &str) -> Option<MajorVersion> {
        let t = text.trim();
        let (v, t) = match t.strip_prefix(['v', 'V']) {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let number = t[..digits].parse().ok()?;
        let rest = &t[digits..];
        let (dash, suffix) = match rest.strip_prefix('-') {
            Some(s) => (true, s),
            None => (false, rest),
        };
        // `v2beta1`: the suffix starts with a letter; `1.2` or `2024-01` are other schemes.
        if !suffix.is_empty() && !suffix.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let suffix = match suffix {
            "" if dash => return None,
            "" => Prerelease::EMPTY,
            s => Prerelease::new(s).ok()?,
        };
        Some(MajorVersion {
            number,
            suffix,
            v,
            dash,
        })
    }

    fn numbered(&self, number: u64) -> MajorVersion {
        MajorVersion {
            number,
            suffix: Prerelease::EMPTY,
            v: self.v,
            dash: false,
        }
    }

    pub fn cmp_precedence(&self, other: &MajorVersion) -> Ordering {
        self.number
            .cmp(&other.number)
            .then_with(|| self.suffix.cmp(&other.suffix))
    }

    /// The largest bump `declared` may carry after `self` (see the module docs).
    pub fn allows(&self, declared: &MajorVersion) -> Bump {
        match declared.cmp_precedence(self) {
            Ordering::Less => Bump::None,
            Ordering::Equal => Bump::Minor,
            Ordering::Greater if declared.number > self.number || !self.suffix.is_empty() => {
                Bump::Major
            }
            Ordering::Greater => Bump::Minor,
        }
    }

    /// The smallest version a change needing `bump` allows.
    pub fn required(&self, bump: Bump) -> MajorVersion {
        match bump {
            Bump::Major if self.suffix.is_empty() => self.numbered(self.number + 1),
            // After a preview, its number's release is already later.
            Bump::Major => self.numbered(self.number),
            _ => self.clone(),
        }
    }

    /// What to release as: N+1 for a breaking change, else N.
    pub fn next(&self, bump: Bump) -> MajorVersion {
        self.required(bump)
    }

    /// The first version after this one: the next number.
    pub fn after(&self) -> MajorVersion {
        self.numbered(self.number + 1)
    }

    /// What the changes need, in words.
    pub fn requirement(&self, bump: Bump) -> String {
        match bump {
            Bump::Major if self.suffix.is_empty() => {
                format!("{} or later", self.required(bump))
            }
            Bump::Major => format!("any version after the preview {self}"),
            _ => format!("{self} or later"),
        }
    }
}

impl fmt::Display for MajorVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.v {
            f.write_str("v")?;
        }
        write!(f, "{}", self.number)?;
        if !self.suffix.is_empty() {
            if self.dash {
                f.write_str("-")?;
            }
            write!(f, "{}", self.suffix)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> MajorVersion {
        MajorVersion::parse(s).unwrap()
    }

    #[test]
    fn parsing() {
        for ok in ["10", "v10", "V3", "v2beta1", "v3-preview", "v1alpha1"] {
            assert_eq!(
                m(ok).to_string(),
                ok.replace('V', "v"),
                "{ok} reads back as written"
            );
        }
        for bad in ["1.2", "2024-01-15", "latest", "v", "3-", "v2.0.0", ""] {
            assert!(MajorVersion::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn what_a_declared_number_allows() {
        let cases = [
            ("10", "10", Bump::Minor),
            ("10", "11", Bump::Major),
            ("10", "12", Bump::Major),
            ("10", "9", Bump::None),
            ("v2", "v3-beta", Bump::Major),
            ("v2", "v2beta1", Bump::None),
            ("v2beta1", "v2", Bump::Major),
            ("v2beta1", "v2beta2", Bump::Major),
            ("v2beta1", "v2beta1", Bump::Minor),
        ];
        for (base, declared, bump) in cases {
            assert_eq!(m(base).allows(&m(declared)), bump, "{base} → {declared}");
        }
    }

    #[test]
    fn next_numbers() {
        assert_eq!(m("10").next(Bump::Major), m("11"));
        assert_eq!(m("v10").next(Bump::Major), m("v11"));
        assert_eq!(m("10").next(Bump::Minor), m("10"));
        assert_eq!(m("v2beta1").next(Bump::Major), m("v2"));
        assert_eq!(m("v11").after(), m("v12"));
    }
}
