//! What a repository decided about findings, from `weir.toml`: rule levels of its own, findings
//! it accepts for a while (ignores), and the API paths that count. Applied after the rules and
//! the deprecation policy, before the bump is computed, so every command and every format sees
//! the same verdicts.

use globset::{GlobSet, GlobSetBuilder};

use super::dates::parse_date;
use super::siblings::Folds;
use super::{Assessment, presets};
use crate::config::{Config, LevelOrOff, SpecConfig};
use crate::error::{Error, Result, did_you_mean};
use crate::rules::catalogue;
use crate::vocabulary::{Bump, Finding, Level};

/// The decisions that apply to one spec.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    overrides: Vec<Override>,
    ignores: Vec<Accepted>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

#[derive(Debug, Clone)]
struct Override {
    rule: String,
    level: LevelOrOff,
    bump: Option<Bump>,
    /// Where the level comes from, for the finding's note: `weir.toml` or a preset.
    by: &'static str,
}

#[derive(Debug, Clone)]
struct Accepted {
    fingerprint: String,
    rule: Option<String>,
    reason: String,
    expires: String,
}

/// A finding `weir.toml` accepts: reported apart, never counted.
#[derive(Debug, Clone)]
pub struct Ignored {
    pub finding: Finding,
    pub reason: String,
    /// `YYYY-MM-DD`.
    pub expires: String,
}

impl Decisions {
    /// The decisions of `config` for `spec` (`None`: only the file-wide ones). Fails on an
    /// unknown rule id, a bad glob, an unreadable date and an ignore whose expiry date has
    /// passed (`today` in days since 1970-01-01): each pointed at its place in the file.
    pub fn from_config(
        config: &Config,
        spec: Option<&SpecConfig>,
        today: i64,
    ) -> Result<Decisions> {
        let cat = catalogue();
        let mut overrides = Vec::new();
        for (rule, value) in &config.rules {
            if cat.get(rule.get_ref()).is_none() {
                return Err(config.error_at(
                    rule.span().start,
                    format!(
                        "[rules]: no rule `{}`{} (`weir rules` lists them)",
                        rule.get_ref(),
                        did_you_mean(rule.get_ref(), cat.rules.iter().map(|r| r.id.as_str()))
                    ),
                ));
            }
            overrides.push(Override {
                rule: rule.get_ref().clone(),
                level: value.get_ref().level(),
                bump: value.get_ref().bump(),
                by: "weir.toml",
            });
        }
        // The preset after the file's own levels: the first match wins.
        let preset = spec.map_or(config.policy.preset, |s| config.policy_for(s).preset);
        for (rule, level) in presets::levels(preset) {
            overrides.push(Override {
                rule: rule.clone(),
                level: LevelOrOff::from(*level),
                bump: None,
                by: "the strict preset",
            });
        }
        let mut ignores = Vec::new();
        for ig in &config.ignores {
            let fp = ig.fingerprint.get_ref();
            if fp.len() != 16 || !fp.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
                return Err(config.error_at(
                    ig.fingerprint.span().start,
                    format!(
                        "`{fp}` is not a fingerprint: a fingerprint is 16 lowercase hex digits, as `weir diff --format json` prints it (this one has {} characters)",
                        fp.chars().count()
                    ),
                ));
            }
            let at = ig.expires.span().start;
            let expires = match ig.expires.get_ref() {
                toml::Value::Datetime(d) => d.to_string(),
                toml::Value::String(s) => s.clone(),
                _ => String::new(),
            };
            let Some(day) = parse_date(&expires) else {
                return Err(config.error_at(at, "`expires` must be a date: 2025-06-30"));
            };
            if day < today {
                return Err(config.error_at(
                    at,
                    format!(
                        "the ignore of finding {} expired on {expires} (reason: {}); remove it, or extend `expires` if the reason still holds",
                        ig.fingerprint.get_ref(),
                        ig.reason
                    ),
                ));
            }
            if let Some(rule) = &ig.rule
                && cat.get(rule.get_ref()).is_none()
            {
                return Err(config.error_at(
                    rule.span().start,
                    format!(
                        "no rule `{}`{} (`weir rules` lists them)",
                        rule.get_ref(),
                        did_you_mean(rule.get_ref(), cat.rules.iter().map(|r| r.id.as_str()))
                    ),
                ));
            }
            ignores.push(Accepted {
                fingerprint: ig.fingerprint.get_ref().clone(),
                rule: ig.rule.as_ref().map(|r| r.get_ref().clone()),
                reason: ig.reason.clone(),
                expires,
            });
        }
        let mut include = config.paths.include.clone();
        let mut exclude = config.paths.exclude.clone();
        if let Some(s) = spec {
            include.extend(s.include.iter().cloned());
            exclude.extend(s.exclude.iter().cloned());
        }
        Ok(Decisions {
            overrides,
            ignores,
            include: glob_set(&include)?,
            exclude: glob_set(&exclude)?,
        })
    }

    /// Whether there is anything to apply.
    pub fn is_empty(&self) -> bool {
        self.overrides.is_empty()
            && self.ignores.is_empty()
            && self.include.is_none()
            && self.exclude.is_none()
    }

    /// The repository's rule levels (a level set by the repository is final). Rules set to
    /// `"off"` are left for [`Decisions::select`] to drop.
    pub fn set_levels(&self, findings: &mut [Finding]) {
        for f in findings {
            if let Some(o) = self.overrides.iter().find(|o| o.rule == f.rule)
                && let Some(level) = o.level.level()
                // A preset raises the rule's own verdict, not one a stage already decided
                // (a beta endpoint's change stays allowed).
                && (o.by == "weir.toml" || f.adjustments.is_empty())
            {
                set_level(f, level, o.bump, o.by);
            }
        }
    }

    /// What counts: findings of rules set to `"off"` and outside the path globs are dropped,
    /// findings an ignore names (by fingerprint, and rule when given) are set aside. An ignore
    /// names a finding by its own fingerprint or by the one of the finding it will fold into
    /// (`folds`, see `siblings`). With the index in `findings` of each finding that counts.
    pub fn select(&self, mut findings: Vec<Finding>, folds: &Folds) -> (Assessment, Vec<usize>) {
        let mut out = Assessment::default();
        let mut kept = Vec::new();
        // The findings that do not count are taken out; the others stay where they are
        // (most count, and moving each was most of this stage's time on a big diff).
        let mut k = 0;
        let mut why_out = Vec::new();
        let taken: Vec<Finding> = findings
            .extract_if(.., |f| {
                k += 1;
                match self.selection(f, folds) {
                    Selection::Counts => {
                        kept.push(k - 1);
                        false
                    }
                    other => {
                        why_out.push(other);
                        true
                    }
                }
            })
            .collect();
        out.findings = findings;
        let mut used = vec![false; self.ignores.len()];
        for (f, why) in taken.into_iter().zip(why_out) {
            match why {
                Selection::SetAside(i) => {
                    used[i] = true;
                    out.ignored.push(Ignored {
                        finding: f,
                        reason: self.ignores[i].reason.clone(),
                        expires: self.ignores[i].expires.clone(),
                    });
                }
                _ => out.filtered += 1,
            }
        }
        out.unused_ignores = self
            .ignores
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(i, _)| i.fingerprint.clone())
            .collect();
        (out, kept)
    }

    /// What [`Decisions::select`] does with a finding.
    fn selection(&self, f: &Finding, folds: &Folds) -> Selection {
        let off = self
            .overrides
            .iter()
            .find(|o| o.rule == f.rule)
            .is_some_and(|o| o.level.level().is_none());
        if off || !self.selects(f) {
            return Selection::Dropped;
        }
        if self.ignores.is_empty() {
            return Selection::Counts;
        }
        let folded = folds.get(&f.fingerprint);
        let hit = self.ignores.iter().position(|i| {
            (i.fingerprint == f.fingerprint || folded == Some(&i.fingerprint))
                && i.rule.as_ref().is_none_or(|r| *r == f.rule)
        });
        hit.map_or(Selection::Counts, Selection::SetAside)
    }

    /// A finding counts when it is about no operation (document-level), or about at least one
    /// operation whose path is included and not excluded.
    fn selects(&self, f: &Finding) -> bool {
        if self.include.is_none() && self.exclude.is_none() {
            return true;
        }
        let ops = &f.change.operations;
        ops.is_empty()
            || ops.iter().any(|op| {
                let path = op.path();
                self.include.as_ref().is_none_or(|g| g.is_match(path))
                    && !self.exclude.as_ref().is_some_and(|g| g.is_match(path))
            })
    }
}

/// What becomes of a finding in [`Decisions::select`].
enum Selection {
    Counts,
    /// Its rule is off, or it is outside the path globs.
    Dropped,
    /// The ignore with this index names it.
    SetAside(usize),
}

/// A level set by the repository. The bump follows unless given: raised to breaking needs a
/// major version; lowered from breaking needs at most a minor one.
fn set_level(f: &mut Finding, level: Level, bump: Option<Bump>, by: &str) {
    if level == f.level && bump.is_none_or(|b| b == f.bump) {
        return;
    }
    let was = f.level;
    f.bump = match bump {
        Some(b) => b,
        None if level == Level::Breaking => Bump::Major,
        None if was == Level::Breaking => f.bump.min(Bump::Minor),
        None => f.bump,
    };
    f.level = level;
    f.note = Some(format!("{level} by {by} (the rule says {was})"));
}

/// API path globs: `*` stays within a segment, `**` crosses them.
fn glob_set(patterns: &[String]) -> Result<Option<GlobSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let glob = globset::GlobBuilder::new(p)
            .literal_separator(true)
            .build()
            .map_err(|e| Error::Usage(format!("bad path glob `{p}` in weir.toml: {e}")))?;
        b.add(glob);
    }
    b.build()
        .map(Some)
        .map_err(|e| Error::Usage(format!("bad path globs in weir.toml: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        let mut c: Config = toml::from_str(text).unwrap();
        c.source = Some(text.into());
        c
    }

    #[test]
    fn unknown_rules_and_expired_ignores_are_errors_at_their_line() {
        let c = config("[rules]\nno-such-rule = \"off\"\n");
        let e = Decisions::from_config(&c, None, 0).unwrap_err();
        assert_eq!(e.place(), Some("weir.toml:2:1"), "{e}");

        let c = config(
            "[[ignore]]\nfingerprint = \"0123456789abcdef\"\nreason = \"agreed with the mobile team\"\nexpires = 2024-01-31\n",
        );
        let jan_31 = parse_date("2024-01-31").unwrap();
        assert!(Decisions::from_config(&c, None, jan_31).is_ok());
        let e = Decisions::from_config(&c, None, jan_31 + 1).unwrap_err();
        assert!(e.to_string().contains("expired on 2024-01-31"), "{e}");
        assert_eq!(e.place(), Some("weir.toml:4:11"));
    }

    #[test]
    fn globs_keep_segments_apart() {
        let set = glob_set(&["/admin/*".into()]).unwrap().unwrap();
        assert!(set.is_match("/admin/users"));
        assert!(!set.is_match("/admin/users/{id}"));
        let set = glob_set(&["/admin/**".into()]).unwrap().unwrap();
        assert!(set.is_match("/admin/users/{id}"));
    }
}
