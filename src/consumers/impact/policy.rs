//! The consumer policy: a removal still in use blocks the release; a break no registered
//! consumer uses is downgraded as `[consumers] unused-breaking` says — but only when the
//! registry is declared complete (`[consumers] complete = true`). A registry that may not list
//! every consumer cannot tell that nobody uses something: there the break stays breaking, and
//! the finding says that unregistered consumers may use it.

use crate::vocabulary::{Bump, Finding, Kind, Level};

/// The consumer policy, from `[consumers]` in weir.toml.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsumerPolicy {
    /// The registry lists every consumer of the API.
    pub complete: bool,
    /// What a breaking change no registered consumer uses is reported as, when `complete`.
    pub unused_breaking: Level,
}

impl Default for ConsumerPolicy {
    fn default() -> ConsumerPolicy {
        ConsumerPolicy {
            complete: false,
            unused_breaking: Level::Warning,
        }
    }
}

/// The note on a breaking change no registered consumer uses, in a registry not declared
/// complete.
pub const MAY_BE_USED: &str = "no registered consumer uses this, but the registry is not declared complete ([consumers] complete = true), so consumers it does not list may: it stays breaking";

/// The note on a breaking change downgraded because no consumer of a complete registry uses
/// it.
pub const DOWNGRADED: &str = "no registered consumer uses this and the registry is declared complete: downgraded from breaking (consumers.unused-breaking)";

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
    if f.level != Level::Breaking || !users.is_empty() || !any_consumer {
        return;
    }
    if !policy.complete {
        add_note(f, MAY_BE_USED.into());
    } else if policy.unused_breaking != Level::Breaking {
        // No consumer sees the change: a patch release may carry it.
        f.level = policy.unused_breaking;
        f.bump = f.bump.min(Bump::Patch);
        add_note(f, DOWNGRADED.into());
    }
}
