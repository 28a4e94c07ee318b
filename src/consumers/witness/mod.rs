//! Witness payloads: for a breaking schema change, a small concrete JSON value that one side
//! accepts and the other refuses — a request the old schema allowed and the new one rejects,
//! or a response the new schema allows and the old one (what clients were built for) rejects.
//! Candidates are guesses; the validator is the judge on both sides, so a witness is never
//! claimed without proof. When none is found the report says so: the break is less certain.

mod ahead;
mod candidates;
mod search;
mod target;

use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::locate::{self, DiffSide, Part, PartKind, Sides};
use crate::json_schema::graph::SchemaStep;
use crate::json_schema::inclusion::on_wire;
use crate::json_schema::instance::{self, Step};
use crate::json_schema::{Validator, Violation, Wire};
use crate::vocabulary::{Change, Direction, Finding, Kind, Level, OperationId, Witness};
use search::{Trial, TrialOutcome, Tried};
use target::RefusalTarget;

pub use ahead::{Ahead, Started};

/// A change reached from many operations is looked for in this many of them…
const MAX_OPERATIONS: usize = 8;
/// …and a witness built in at most this many of its places, shallowest first.
const MAX_TRIALS: usize = 4;
/// A change nested deeper than this in a payload gets no witness: building and validating
/// one recurses once per level.
const MAX_PATH: usize = 64;

/// When payloads show a break, but each is refused by a keyword that is not the finding's.
pub const NOT_ITS_OWN: &str = "no payload could be built that the other side refuses at this change: the payloads found are refused by another change";

pub const LESS_CERTAIN: &str = "no payload could be built that the one side accepts and the other refuses: this break is less certain";

/// Whether a finding is one a witness is looked for: a breaking change to a payload schema.
/// A lowered `x-stability-level` is a weaker promise, which no payload shows.
pub fn wanted(f: &Finding) -> bool {
    f.level == Level::Breaking
        && locate::is_schema_kind(f.change.kind)
        && f.change.kind != Kind::SchemaStability
        && matches!(f.change.direction, Direction::Request | Direction::Response)
}

/// Searches a worker takes at a time: neighbours share payloads, which each worker's caches
/// (candidates, paths, validators' recalled judgements) remember.
const BATCH: usize = 16;

/// Attach a witness to every breaking schema finding ([`wanted`]), on as many threads as the
/// machine has (a diff with thousands of changes spends most of its time here, and each
/// search is independent). The witness of a finding does not depend on which thread looked
/// for it or what it looked for before: the caches only remember answers.
pub fn attach(findings: &mut [Finding], sides: &Sides<'_>) {
    attach_on(findings, sides, crate::parallel::cores());
}

/// [`attach`] on at most `workers` threads (the calling one included).
pub fn attach_on(findings: &mut [Finding], sides: &Sides<'_>, workers: usize) {
    let searches: Vec<Vec<SearchPart>> = findings
        .iter()
        .map(|f| {
            if wanted(f) {
                vec![(&f.change, None)]
            } else {
                Vec::new()
            }
        })
        .collect();
    let witnesses = first_found(searches, sides, workers);
    for (f, w) in findings.iter_mut().zip(witnesses) {
        if w.is_some() {
            f.witness = w;
        }
    }
}

/// A change whose witness is looked for, and the witness found for it by [`Ahead`], if any
/// (moved into the search's answer when it is the one shown).
pub type SearchPart<'a> = (&'a Change, Option<Witness>);

/// For each search (changes in the order their witness is preferred), the first witness found
/// for one of them, looked for one change after the other until one is; none found, the
/// first change's (which says why); `None` for an empty search. A change whose witness was
/// found ahead is not looked for again. On at most `workers` threads.
pub fn first_found(
    mut searches: Vec<Vec<SearchPart<'_>>>,
    sides: &Sides<'_>,
    workers: usize,
) -> Vec<Option<Witness>> {
    let mut witnesses: Vec<Option<Witness>> = vec![None; searches.len()];
    // What was found ahead settles most searches at once; the rest are looked for.
    let mut rest = Vec::new();
    for (i, search) in searches.iter_mut().enumerate() {
        match first_of(search, |_| None) {
            Some(answer) => witnesses[i] = answer.and_then(|a| a.take(search)),
            None => rest.push(i),
        }
    }
    let batches: Vec<&[usize]> = rest.chunks(BATCH).collect();
    let workers = workers.clamp(1, batches.len().max(1));
    let next = AtomicUsize::new(0);
    // Each worker takes the next batch of searches until none is left.
    let work = |sides: &Sides<'_>| {
        let mut tried = Tried::default();
        let mut out = Vec::new();
        while let Some(batch) = batches.get(next.fetch_add(1, Ordering::Relaxed)) {
            for &i in *batch {
                let first = first_of(&searches[i], |c| Some(find(c, sides, &mut tried)));
                out.push((i, first.flatten()));
            }
        }
        out
    };
    // A helper looks with sides of its own (their caches are one thread's), made from the
    // schema nodes these found.
    let (base, revision, nodes) = (sides.base, sides.revision, sides.both_nodes());
    let found = crate::parallel::jobs(
        workers,
        || work(sides),
        |_| work(&Sides::with_nodes(base, revision, nodes.clone())),
    );
    for (i, answer) in found.into_iter().flatten() {
        witnesses[i] = answer.and_then(|a| a.take(&mut searches[i]));
    }
    witnesses
}

/// Which witness answers a search: one of its parts' found ahead (by index), or one looked for.
enum Answer {
    Ahead(usize),
    Looked(Witness),
}

impl Answer {
    /// The witness, a part's found ahead moved out of it.
    fn take(self, search: &mut [SearchPart<'_>]) -> Option<Witness> {
        match self {
            Answer::Ahead(k) => search[k].1.take(),
            Answer::Looked(w) => Some(w),
        }
    }
}

/// A search's witness: the first found among its parts in order (each part's found ahead,
/// or what `look` finds), else the first part's. `None` when `look` gives up on a part the
/// answer depends on.
fn first_of(
    search: &[SearchPart<'_>],
    mut look: impl FnMut(&Change) -> Option<Witness>,
) -> Option<Option<Answer>> {
    let mut first = None;
    for (k, (c, ahead)) in search.iter().enumerate() {
        let (found, answer) = match ahead {
            Some(w) => (w.found, Answer::Ahead(k)),
            None => {
                let w = look(c)?;
                (w.found, Answer::Looked(w))
            }
        };
        if found {
            return Some(Some(answer));
        }
        first.get_or_insert(answer);
    }
    Some(first)
}

/// Look for a witness of one change; `tried` keeps the candidates of each place.
fn find(c: &Change, sides: &Sides<'_>, tried: &mut Tried) -> Witness {
    let Some(loc) = sides.locate(c) else {
        return Witness::none(format!(
            "{LESS_CERTAIN} (the change is not inside a payload schema)"
        ));
    };
    // Requests: clients built for the base send, the revision's server checks. Responses (and
    // requests of callbacks, which the API sends): the revision sends, base clients check.
    let (producer, consumer) = match c.direction {
        Direction::Request => (DiffSide::Base, DiffSide::Revision),
        _ => (DiffSide::Revision, DiffSide::Base),
    };
    // Where the change sits in each payload that reaches it; the shallowest places first, so
    // the witness stays small.
    let spec = sides.spec(loc.side);
    let mut places: Vec<(Vec<SchemaStep>, &OperationId, Part)> = Vec::new();
    for label in c.operations.iter().take(MAX_OPERATIONS) {
        let Some(op) = locate::operation(spec, label) else {
            continue;
        };
        for part in locate::parts(op) {
            if part.kind.context() != c.context {
                continue;
            }
            if let Some(mut path) = sides.path_to(loc.side, part.schema, loc.schema)
                && path.len() < MAX_PATH
            {
                path.extend(loc.property.clone().map(SchemaStep::Property));
                places.push((path, label, part));
            }
        }
    }
    places.sort_by_key(|(path, _, _)| path.len());
    // What a refusal must meet to prove this finding; a change with no place on the refusing
    // side has nothing to meet (none on Stripe's history).
    let Some(target) = RefusalTarget::new(c, sides, producer, consumer) else {
        return Witness::none(format!(
            "{LESS_CERTAIN} (the change has no place in the side that would refuse a payload)"
        ));
    };
    let mut elsewhere = None;
    for (path, label, part) in places.iter().take(MAX_TRIALS) {
        let roots = [producer, consumer].map(|side| {
            locate::operation(sides.spec(side), label).and_then(|o| {
                locate::parts(o)
                    .into_iter()
                    .find(|p| p.same_as(part))
                    .map(|p| p.schema)
            })
        });
        let [Some(p_root), Some(c_root)] = roots else {
            continue;
        };
        let trial = Trial {
            producer: sides.validator(producer, c.direction),
            consumer: sides.validator(consumer, c.direction),
            roots: (p_root, c_root),
        };
        let (payload, at, violation) = match trial.run(path, &target, tried) {
            TrialOutcome::Proved(payload, at, violation) => (payload, at, violation),
            TrialOutcome::Elsewhere(v) => {
                elsewhere.get_or_insert(v);
                continue;
            }
            TrialOutcome::Nothing => continue,
        };
        if let Some(payload) = on_the_wire(&trial, part, payload) {
            return found(
                label,
                part,
                payload,
                &at,
                violation,
                (producer, consumer),
                c.direction,
                sides,
            );
        }
    }
    match elsewhere.and_then(|v| Some((v.location(sides.spec(consumer))?, v))) {
        Some((l, v)) => Witness::none(format!(
            "{NOT_ITS_OWN} ({}: {}:{}:{}), so they prove another finding: this break is less certain",
            v.describe(),
            l.file,
            l.line,
            l.column
        )),
        None => Witness::none(LESS_CERTAIN),
    }
}

/// A parameter or a header travels as text: its witness is the text a client (or the API)
/// writes, checked as the other side reads it ([`on_wire`]: the integer `1` and the string
/// `"1"` are the same text, `null` cannot be written). `None` when the text does not make the
/// difference the JSON value did. Arrays and objects stay JSON: their text depends on a style.
fn on_the_wire(trial: &Trial<'_, '_>, part: &Part, payload: Value) -> Option<Value> {
    if !is_text(part) {
        return Some(payload);
    }
    let text = match &payload {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => return None,
        Value::Array(_) | Value::Object(_) => return Some(payload),
    };
    let value = Value::String(text);
    let (p, c) = trial.roots;
    (on_wire(trial.producer, p, &value, TEXT) && !on_wire(trial.consumer, c, &value, TEXT))
        .then_some(value)
}

/// How a parameter's or header's single value is read.
const TEXT: Wire = Wire::Field { exploded: false };

fn is_text(part: &Part) -> bool {
    matches!(part.kind, PartKind::Parameter(_) | PartKind::Header(..))
}

#[allow(clippy::too_many_arguments)]
fn found(
    label: &OperationId,
    part: &Part,
    payload: Value,
    at: &[Step],
    violation: Violation,
    (producer, consumer): (DiffSide, DiffSide),
    direction: Direction,
    sides: &Sides<'_>,
) -> Witness {
    let name = |s: DiffSide| match s {
        DiffSide::Base => "base",
        DiffSide::Revision => "revision",
    };
    let part_label = shown(part);
    Witness {
        found: true,
        operation: Some(label.clone()),
        part: Some(part_label),
        payload: Some(payload),
        pointer: Some(instance::pointer(at)),
        valid_in: Some(name(producer)),
        invalid_in: Some(name(consumer)),
        reason: violation.describe(),
        schema: violation.location(sides.spec(consumer)),
        direction,
    }
}

/// Check a finding's witness from scratch: its payload, in its part of its operation, must
/// validate on the side that accepts it and fail on the side that refuses it, there by a
/// keyword of the finding's own (and carry the finding's own value, for an enum value added
/// or removed). What tests prove each witness with.
pub fn check(w: &Witness, c: &Change, sides: &Sides<'_>) -> Result<(), String> {
    let (Some(label), Some(part), Some(payload)) = (&w.operation, &w.part, &w.payload) else {
        return Err("not a witness".into());
    };
    let side = |name: &str| match name {
        "base" => DiffSide::Base,
        _ => DiffSide::Revision,
    };
    let (valid, invalid) = (w.valid_in.unwrap_or("?"), w.invalid_in.unwrap_or("?"));
    let (producer, consumer) = (side(valid), side(invalid));
    let part_in = |side: DiffSide, name: &str| -> Result<Part, String> {
        let op = locate::operation(sides.spec(side), label)
            .ok_or(format!("no {label} in the {name}"))?;
        locate::parts(op)
            .into_iter()
            .find(|p| shown(p) == *part)
            .ok_or(format!("no {part} of {label} in the {name}"))
    };
    let (p_part, c_part) = (part_in(producer, valid)?, part_in(consumer, invalid)?);
    let (vp, vc) = (
        Validator::new(sides.spec(producer), w.direction),
        Validator::new(sides.spec(consumer), w.direction),
    );
    let (ok, refusals) = if is_text(&c_part) {
        let refused = !on_wire(&vc, c_part.schema, payload, TEXT);
        (on_wire(&vp, p_part.schema, payload, TEXT), refused)
    } else {
        let target = RefusalTarget::new(c, sides, producer, consumer)
            .ok_or("the change has no place on the refusing side")?;
        let leaf = w.pointer.as_deref().and_then(|p| payload.pointer(p));
        let at = w.pointer.as_deref().unwrap_or("");
        let refused = target.carries(leaf)
            && vc
                .validate(c_part.schema, payload)
                .iter()
                .any(|v| target.refused_here(&vc, payload, at, v));
        (vp.is_valid(p_part.schema, payload), refused)
    };
    if ok && refusals {
        Ok(())
    } else {
        Err(format!(
            "{payload}: valid in the {valid}: {ok}; refused in the {invalid} by the finding's own keyword: {refusals}"
        ))
    }
}

/// How a part is named in a witness.
fn shown(p: &Part) -> String {
    if p.scope.is_empty() {
        p.label()
    } else {
        format!("{} › {}", p.scope, p.label())
    }
}
