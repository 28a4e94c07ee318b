//! Building a witness at one place of a payload: a leaf value (or a property left out) put
//! into a payload the producing side accepts, kept when the consuming side refuses it there.

use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use super::candidates::Candidates;
use super::target::RefusalTarget;
use crate::json_schema::generate;
use crate::json_schema::graph::{SchemaStep, carrier, schema_at};
use crate::json_schema::instance::{Step, pointer as instance_pointer};
use crate::json_schema::samples;
use crate::json_schema::{Focus, Validator, Violation};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::Direction;

/// Candidates whose value alone already fits (on the accepting side) are tried first; of the
/// rest, only this many.
const MAX_UNLIKELY: usize = 24;

/// A value to put at the place of the change, or the property left out.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Leaf {
    Omit,
    Value(Value),
}

pub(super) struct Trial<'v, 's> {
    pub(super) producer: &'v Validator<'s>,
    pub(super) consumer: &'v Validator<'s>,
    pub(super) roots: (SchemaId, SchemaId),
}

/// What a trial ends with.
pub(super) enum TrialOutcome {
    /// A payload the producing side accepts and the consuming side refuses at the finding's
    /// node: where its leaf is, and the refusal.
    Proved(Value, Vec<Step>, Violation),
    /// Payloads that show a break, but only another finding's: the first one's refusal.
    Elsewhere(Violation),
    Nothing,
}

impl Trial<'_, '_> {
    /// The first candidate the producing side accepts and the consuming side refuses at (or,
    /// for a union, above) the place of the change, by a keyword of the finding's own
    /// ([`RefusalTarget`]). The finding's own value (an enum value added or removed) is tried first.
    pub(super) fn run(
        &self,
        path: &[SchemaStep],
        target: &RefusalTarget,
        tried: &mut Tried,
    ) -> TrialOutcome {
        let at_producer = schema_at(self.producer.spec, self.roots.0, path);
        let at_consumer = schema_at(self.consumer.spec, self.roots.1, path);
        let property = matches!(path.last(), Some(SchemaStep::Property(_)));
        let key = (self.producer.direction, at_producer, at_consumer, property);
        let candidates = tried.entry(key).or_insert_with(|| {
            Candidates::new(
                self.producer,
                at_producer,
                self.consumer,
                at_consumer,
                property,
            )
        });
        let own = target.value.clone().map(Leaf::Value);
        let mut elsewhere = None;
        // The leaves differ only at the place of the change: the payload around it is built
        // once (on the first leaf, when `place` would first have built it), with a null there,
        // and each value leaf is put in and validated in place. Omitting the property needs
        // a copy without it. `None` inside: no payload has that place (no free key).
        // The payloads differ only there, so each side validates them around that place
        // (`Focus`): what it says of the rest of the skeleton is judged once.
        let mut skeleton: Option<Option<Skeleton>> = None;
        let mut attempt = |leaf: &Leaf| -> Option<TrialOutcome> {
            let built = skeleton.get_or_insert_with(|| {
                let mut at = Vec::new();
                let hole = Leaf::Value(Value::Null);
                place(self.producer, Some(self.roots.0), path, &hole, &mut at).map(|payload| {
                    Skeleton {
                        payload,
                        focus: (Focus::on(&at), Focus::on(&at)),
                        at,
                    }
                })
            });
            let Skeleton {
                payload: skeleton,
                at,
                focus,
            } = built.as_mut()?;
            let at: &[Step] = at;
            // A property is left out of the skeleton itself, and put back unless the payload
            // without it is the witness: a copy of the whole payload for each was a twentieth
            // of the search. Put back, the skeleton is what it was (an object's keys are kept
            // in order, wherever one is inserted).
            let omitted = match leaf {
                Leaf::Value(x) => {
                    *slot(skeleton, at) = x.clone();
                    None
                }
                // A property can be left out; an item or the whole payload cannot.
                Leaf::Omit => match (path.last(), at.split_last()) {
                    (Some(SchemaStep::Property(_)), Some((Step::Key(name), holder))) => {
                        match slot(skeleton, holder) {
                            Value::Object(map) => map.remove(name).map(|v| (holder, name, v)),
                            _ => None,
                        }
                    }
                    _ => return None,
                },
            };
            let Some(refusal) = self.judge(skeleton, at, leaf, target, focus, &mut elsewhere)
            else {
                if let Some((holder, name, v)) = omitted
                    && let Value::Object(map) = slot(skeleton, holder)
                {
                    map.insert(name.clone(), v);
                }
                return None;
            };
            // The search ends here: the payload is moved out, not copied.
            Some(TrialOutcome::Proved(
                std::mem::take(skeleton),
                at.to_vec(),
                refusal,
            ))
        };
        // The finding's own value, then the likely leaves, then the first of the others.
        if let Some(proved) = own.as_ref().and_then(&mut attempt) {
            return proved;
        }
        let mut i = 0;
        while let Some((leaf, likely)) = candidates.get(i, self.producer, self.consumer) {
            if likely
                && Some(leaf) != own.as_ref()
                && let Some(proved) = attempt(leaf)
            {
                return proved;
            }
            i += 1;
        }
        for leaf in candidates
            .unlikely(self.producer, self.consumer)
            .take(MAX_UNLIKELY)
        {
            if let Some(proved) = attempt(leaf) {
                return proved;
            }
        }
        elsewhere.map_or(TrialOutcome::Nothing, TrialOutcome::Elsewhere)
    }
}

impl Trial<'_, '_> {
    /// The consuming side's refusal that proves the finding with `payload` (its leaf at
    /// `at`), if the producing side accepts the payload; else `None`, with the first
    /// refusal of the place kept in `elsewhere` when there is none yet.
    fn judge(
        &self,
        payload: &Value,
        at: &[Step],
        leaf: &Leaf,
        target: &RefusalTarget,
        focus: &mut (Focus, Focus),
        elsewhere: &mut Option<Violation>,
    ) -> Option<Violation> {
        if !self
            .producer
            .is_valid_around(&mut focus.0, self.roots.0, payload)
        {
            return None;
        }
        let mut refusals = self
            .consumer
            .refusals_around(&mut focus.1, self.roots.1, payload)
            .into_iter()
            .peekable();
        let first_refusal = refusals.peek().cloned();
        let leaf_value = match leaf {
            Leaf::Value(v) => Some(v),
            Leaf::Omit => None,
        };
        let leaf_at = instance_pointer(at);
        if target.carries(leaf_value)
            && let Some(v) =
                refusals.find(|v| target.refused_here(self.consumer, payload, &leaf_at, v))
        {
            return Some(v);
        }
        if elsewhere.is_none() {
            *elsewhere = first_refusal;
        }
        None
    }
}

/// The candidates of each place, as far as they are made, by direction (which makes the two
/// validators), the schema at the place on each side and whether the place is a property.
/// They depend on nothing else, and one property is tried from many payloads (each operation
/// that reaches a shared schema, each finding of one object).
pub(super) type Tried = FxHashMap<TriedKey, Candidates>;

type TriedKey = (Direction, Option<SchemaId>, Option<SchemaId>, bool);

/// A payload the producing side accepts with a null at `at`, the place of the change, and
/// each side's focus on that place.
struct Skeleton {
    payload: Value,
    at: Vec<Step>,
    focus: (Focus, Focus),
}

/// The value at `at` in a payload `place` built (every step of `at` is in it).
fn slot<'a>(mut value: &'a mut Value, at: &[Step]) -> &'a mut Value {
    for step in at {
        value = match (value, step) {
            (Value::Object(map), Step::Key(k)) => map.get_mut(k).expect("place put this key"),
            (Value::Array(items), Step::Index(i)) => &mut items[*i],
            _ => unreachable!("place built the payload along `at`"),
        };
    }
    value
}

/// Build a payload valid for the producing side with `leaf` at `path`, recording in `at`
/// where the leaf went.
fn place(
    v: &Validator,
    id: Option<SchemaId>,
    path: &[SchemaStep],
    leaf: &Leaf,
    at: &mut Vec<Step>,
) -> Option<Value> {
    let Some((seg, rest)) = path.split_first() else {
        return match leaf {
            Leaf::Value(x) => Some(x.clone()),
            Leaf::Omit => None,
        };
    };
    let found = id.and_then(|i| carrier(v.spec, i, seg));
    let holder = found.map(|(c, _)| c).or(id);
    let child = found.map(|(_, c)| c);
    let start = holder.and_then(|h| generate::example(v, h));
    match seg {
        SchemaStep::Property(name) => {
            let mut map = object_of(start);
            at.push(Step::Key(name.clone()));
            if rest.is_empty() && *leaf == Leaf::Omit {
                map.remove(name);
            } else {
                let value = place(v, child, rest, leaf, at)?;
                map.insert(name.clone(), value);
            }
            Some(Value::Object(map))
        }
        SchemaStep::AdditionalProperty | SchemaStep::PatternProperty(_) => {
            let mut map = object_of(start);
            let key = free_key(v.spec, holder, seg, &map)?;
            at.push(Step::Key(key.clone()));
            let value = place(v, child, rest, leaf, at)?;
            map.insert(key, value);
            Some(Value::Object(map))
        }
        SchemaStep::Items | SchemaStep::PrefixItem(_) => {
            let mut items = match start {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            };
            let index = match seg {
                SchemaStep::PrefixItem(k) => *k,
                _ => holder.map_or(0, |h| v.spec.schema(h).prefix_items.len()),
            };
            while items.len() <= index {
                let filler = holder
                    .and_then(|h| {
                        let s = v.spec.schema(h);
                        s.prefix_items.get(items.len()).copied().or(s.items)
                    })
                    .and_then(|i| generate::example(v, i))
                    .unwrap_or(Value::Null);
                items.push(filler);
            }
            at.push(Step::Index(index));
            items[index] = place(v, child, rest, leaf, at)?;
            Some(Value::Array(items))
        }
    }
}

fn object_of(v: Option<Value>) -> Map<String, Value> {
    match v {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// A property name for `additionalProperties` or a pattern property that no declared
/// property has.
fn free_key(
    spec: &Spec,
    holder: Option<SchemaId>,
    seg: &SchemaStep,
    map: &Map<String, Value>,
) -> Option<String> {
    let taken = |k: &str| {
        map.contains_key(k) || holder.is_some_and(|h| spec.schema(h).property(k).is_some())
    };
    let options = match seg {
        SchemaStep::PatternProperty(p) => samples::regex_samples(p),
        _ => vec!["key".to_string(), "other".to_string(), "extra".to_string()],
    };
    options.into_iter().find(|k| !taken(k))
}
