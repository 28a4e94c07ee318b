//! The consumer policy: a removal still in use blocks the release; a break no registered
//! consumer uses is downgraded as `[consumers] unused-breaking` says.

use crate::vocabulary::{Bump, Finding, Kind, Level};

/// The consumer policy, from `[consumers]` in weir.toml.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsumerPolicy {
    /// What a breaking change no registered consumer uses is reported as.
    pub unused_breaking: Level,
}

impl Default for ConsumerPolicy {
    fn default() -> ConsumerPolicy {
        ConsumerPolicy {
            unused_breaking: Level::Warning,
        }
    }
}

pub(super) fn apply_policy(
    f: &mut Finding,
    users: &[String],
    places: &[String],
    policy: ConsumerPolicy,
    any_consumer: bool,
) {
    let add_note = |f: &mut Finding, note: String| {
        f.note = Some(match f.note.take() {
            Some(n) => format!("{n}; {note}"),
            None => note,
        });
    };
    if f.change.kind == Kind::OperationRemoved && !users.is_empty() {
        f.level = Level::Breaking;
        f.bump = Bump::Major;
        let who: Vec<String> = users
            .iter()
            .zip(places)
            .map(|(u, p)| format!("{u} ({p})"))
            .collect();
        add_note(
            f,
            format!(
                "still used by {}: the removal is blocked, deprecated or not, until their consumer file no longer lists it",
                who.join(", ")
            ),
        );
        return;
    }
    if f.level == Level::Breaking
        && users.is_empty()
        && any_consumer
        && policy.unused_breaking != Level::Breaking
    {
        f.level = policy.unused_breaking;
        f.bump = f.bump.min(Bump::Minor);
        add_note(
            f,
            "no registered consumer uses this: downgraded from breaking (consumers.unused-breaking)"
                .into(),
        );
    }
}
