//! A change with its verdict, the fingerprint that names it across runs, and the record of
//! every assessment stage that moved its level away from its rule's.

use super::{Bump, Change, Level, Location, OperationId, Witness};

/// A change with its verdict.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub bump: Bump,
    pub message: String,
    /// Why the level differs from the rule's, when it does (unstable endpoint, policy…).
    pub note: Option<String>,
    pub change: Change,
    /// The consumers this finding affects, when a consumer registry was read.
    pub consumers: Option<Vec<String>>,
    /// For a breaking schema change: a payload that shows the break, or why none was found.
    pub witness: Option<Witness>,
    /// See [`fingerprint`]: computed once, when the finding is made, while both specs are at
    /// hand, so a finding names itself the same way in every command and format.
    pub fingerprint: String,
    /// Each stage that changed the level or bump the rule gave, in order.
    pub adjustments: Vec<Adjustment>,
    /// Where the change is in each spec, resolved when the finding is made (while both specs
    /// are at hand), so a report made after the specs are gone (`weir log`) shows the same
    /// places as `weir diff`.
    pub located: Places,
    /// For a finding folded from the findings of one edit to several sibling properties of
    /// one object (`assess/siblings.rs`): every property's name, in order (`change.name` is the
    /// first). Empty for a finding about one thing.
    pub names: Vec<String>,
}

/// The change's place in the base and in the revision, as reports show it.
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub base: Option<Location>,
    pub revision: Option<Location>,
    /// The JSON pointers of [`Change::object`] in the base and in the revision: what the
    /// findings about sibling properties fold by. Not shown: the places above are the edit's.
    pub object: Option<(String, String)>,
}

impl Places {
    /// The JSON pointers of the base's and the revision's place, empty for a side without
    /// one: what a finding's [`fingerprint`] is made of.
    pub fn pointers(&self) -> (&str, &str) {
        fn pointer(l: &Option<Location>) -> &str {
            l.as_ref().map_or("", |l| l.pointer.as_str())
        }
        (pointer(&self.base), pointer(&self.revision))
    }
}

impl Finding {
    /// The level its rule gives, before any stage changed it.
    pub fn rule_level(&self) -> Level {
        self.adjustments.first().map_or(self.level, |a| a.before.0)
    }

    /// Whether a stage lowered the level below the rule's.
    pub fn downgraded(&self) -> bool {
        self.level < self.rule_level()
    }
}

/// The stages of an assessment after classification, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// `oneOf` in requests: a change that makes valid values match two branches breaks.
    Ambiguity,
    /// `x-stability-level`: unstable items may break.
    Stability,
    /// The deprecation and sunset policy.
    Deprecation,
    /// weir.toml's rule levels.
    Config,
    /// The consumer registry: who uses what.
    Consumers,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Ambiguity => "ambiguity",
            Stage::Stability => "stability",
            Stage::Deprecation => "deprecation",
            Stage::Config => "config",
            Stage::Consumers => "consumers",
        }
    }
}

/// One stage's change to a finding's verdict, and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Adjustment {
    pub stage: Stage,
    pub before: (Level, Bump),
    pub after: (Level, Bump),
    pub reason: String,
}

/// A short stable identifier of a finding: rule, the operation first by label (not the one
/// reports show first, which depends on how directly each operation reaches the change), name
/// and the JSON pointers of the change's base and revision nodes (empty when it has none), not
/// line numbers, so it survives unrelated edits (ignores in `weir.toml` use it).
pub fn fingerprint(
    rule: &str,
    change: &Change,
    base_pointer: &str,
    revision_pointer: &str,
) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    // FNV-1a over each part and a 0xff after it. A plain loop over the bytes: chained with
    // the 0xff as one iterator, it cost twice the instructions (a big diff hashes 600 KB).
    let mut feed = |s: &str| {
        for &b in s.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    };
    feed(rule);
    // The rest follow the first sorted (`Change::operations`), so the first by label is one
    // of the first two: a change can reach hundreds of operations.
    debug_assert!(change.operations.get(1..).is_none_or(<[_]>::is_sorted));
    feed(
        change
            .operations
            .iter()
            .take(2)
            .map(OperationId::label)
            .min()
            .unwrap_or(""),
    );
    feed(change.name.as_deref().unwrap_or(""));
    feed(base_pointer);
    feed(revision_pointer);
    hex(h)
}

/// `h` as 16 lowercase hex digits (`{h:016x}`), written directly: through the formatter it
/// cost three times the hashing of a big diff's fingerprints.
fn hex(h: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digits: Vec<u8> = (0..16)
        .rev()
        .map(|i| DIGITS[(h >> (4 * i)) as usize & 0xf])
        .collect();
    String::from_utf8(digits).expect("hex digits are ASCII")
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_is_the_formatters() {
        for h in [0, 1, 0xf, 0xdead_beef, u64::MAX, 0x0123_4567_89ab_cdef] {
            assert_eq!(super::hex(h), format!("{h:016x}"));
        }
    }
}
