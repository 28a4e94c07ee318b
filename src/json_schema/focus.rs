//! Validating one payload many times over where only one place in it changes — a witness
//! search puts each candidate value at the place of a change into the same skeleton. What a
//! schema says of a part of the payload away from that place (neither on the way to it nor
//! inside it) is the same for every candidate, so it is judged once and recalled: the
//! answers are exactly those of validating each payload from the root.
//!
//! A judgement depends on the schema, the value, its place (violations carry it; a widening
//! reads it), the schema depth (the hop limit) and whether only validity is asked (the walk
//! then stops at the first violation, and starts only with none found yet). Away from the
//! focus the value at a place is fixed, so the place, the schema, the depth and the mode make
//! the key.

use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use super::instance::Step;
use super::keywords::PropertyWalk;
use super::validate::{Validator, Violation};
use crate::model::SchemaId;
use crate::model::schema::Schema;

/// The place that changes between the payloads validated with it, and what was judged away
/// from it. Keep one per skeleton and validator: a focus used with another skeleton, or with
/// a payload that differs anywhere but at (or inside) its place, recalls wrong answers.
#[derive(Debug, Default)]
pub(crate) struct Focus {
    at: Vec<Step>,
    judged: FxHashMap<Vec<Step>, Vec<Judged>>,
    /// For an object on the way to the focus: what its keywords say apart from the property
    /// the way goes on through.
    around: FxHashMap<Around, Beside>,
}

/// An object on the way to the focus (the place is `at[..steps]`) as one schema judges it.
/// Whether the property on the way is there changes what `required` and the counts say.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Around {
    steps: usize,
    schema: SchemaId,
    depth: u32,
    quick: bool,
    /// Only what can refuse at the focus is asked ([`Validator::refusals_around`]): the
    /// other properties go unjudged.
    near: bool,
    present: bool,
}

/// The violations of an object's keywords before the property on the way to the focus (the
/// object as a whole, then the properties before it in the object's order), and after it.
#[derive(Debug)]
struct Beside {
    before: Vec<Violation>,
    after: Vec<Violation>,
}

/// The properties of objects as their objects' schemas judged them, kept by the validator
/// from one validation around a focus to the next. A witness search builds the same object
/// around each property it tries, and candidate values made of the same examples: most
/// properties hold the same value every time. Violations (and a union's message, which
/// quotes its first branch's) carry the place, so the object's place is part of the key,
/// with its schema, the depth and the mode; each property's value is compared.
#[derive(Debug, Default)]
pub(crate) struct Members(FxHashMap<MembersKey, FxHashMap<String, Member>>);

/// An object's place, its schema, the depth and whether only validity is asked.
pub(super) type MembersKey = (Vec<Step>, SchemaId, u32, bool);

/// A property's value and what its object's schema said of it.
#[derive(Debug)]
pub(super) struct Member {
    value: Value,
    violations: Vec<Violation>,
}

#[derive(Debug)]
struct Judged {
    schema: SchemaId,
    depth: u32,
    quick: bool,
    violations: Vec<Violation>,
}

impl Focus {
    /// Payloads that differ only at `at` (a value there, or none there).
    pub(crate) fn on(at: &[Step]) -> Focus {
        Focus {
            at: at.to_vec(),
            ..Focus::default()
        }
    }

    /// The place is on the way to the focus or inside it: what is there may change.
    fn moves(&self, path: &[Step]) -> bool {
        let n = path.len().min(self.at.len());
        path[..n] == self.at[..n]
    }
}

/// Whether a violation can be about the place `at`: it is there or inside it, or it is a
/// union's or `not`'s on the way there.
fn about(at: &[Step], v: &Violation) -> bool {
    v.path.starts_with(at) || (at.starts_with(&v.path) && v.is_composite())
}

impl Validator<'_> {
    /// What can refuse a payload (that differs from the others validated with `focus` only
    /// at its place) at that place, of what [`Validator::validate`] says of it, in its order:
    /// the violations at or inside the place, and those of a union or `not` on the way to it,
    /// which stand for a failure below. Nothing beside the way is judged (unless a union on
    /// the way asks whether its value is valid, or why not): a witness search builds a large
    /// payload around the place of a change, and most of what the refusing side would say of
    /// the rest of it was judged only to be dropped.
    pub(crate) fn refusals_around(
        &self,
        focus: &mut Focus,
        schema: SchemaId,
        value: &Value,
    ) -> Vec<Violation> {
        let at = focus.at.clone();
        let outer = self.near.replace(true);
        let mut found = self.around(focus, || self.validate(schema, value));
        self.near.set(outer);
        found.retain(|v| about(&at, v));
        found
    }

    /// [`Validator::is_valid`] of a payload that differs from the others validated with
    /// `focus` only at its place.
    pub(crate) fn is_valid_around(
        &self,
        focus: &mut Focus,
        schema: SchemaId,
        value: &Value,
    ) -> bool {
        self.around(focus, || self.is_valid(schema, value))
    }

    fn around<T>(&self, focus: &mut Focus, walk: impl FnOnce() -> T) -> T {
        *self.focus.borrow_mut() = Some(std::mem::take(focus));
        let outer = self.watching.replace(true);
        let answer = walk();
        self.watching.set(outer);
        *focus = self.focus.borrow_mut().take().unwrap_or_default();
        answer
    }

    /// The place is on the way to the focus of the validation under way, above it.
    pub(super) fn on_the_way(&self, path: &[Step]) -> bool {
        self.watching.get()
            && self
                .focus
                .borrow()
                .as_ref()
                .is_some_and(|f| f.at.len() > path.len() && f.at.starts_with(path))
    }

    /// Judge `id` on the value at `path` once if the place is away from the focus: `true`
    /// when `out` now has the answer (recalled or judged), `false` to judge it as usual.
    pub(super) fn recalled(
        &self,
        id: SchemaId,
        value: &Value,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) -> bool {
        let quick = !self.explains();
        {
            let focus = self.focus.borrow();
            let Some(focus) = focus.as_ref() else {
                return false;
            };
            if focus.moves(path) {
                return false;
            }
            // Only what can refuse at the focus is asked, which nothing here can.
            if self.near.get() && !quick {
                return true;
            }
            let same = |j: &&Judged| j.schema == id && j.depth == depth && j.quick == quick;
            if let Some(j) = focus
                .judged
                .get(path.as_slice())
                .and_then(|js| js.iter().find(same))
            {
                out.extend(j.violations.iter().cloned());
                return true;
            }
        }
        // Everything below this place is away from the focus too: judged as usual, within
        // this one judgement. In the quick mode `out` is empty here (the walk stops at the
        // first violation), so judging into a new list is what judging into `out` would do.
        let mut violations = Vec::new();
        self.watching.set(false);
        self.judge(id, value, path, &mut violations, depth);
        self.watching.set(true);
        out.extend(violations.iter().cloned());
        if let Some(focus) = self.focus.borrow_mut().as_mut() {
            focus.judged.entry(path.clone()).or_default().push(Judged {
                schema: id,
                depth,
                quick,
                violations,
            });
        }
        true
    }

    /// Judge an object on the way to the focus: what its keywords say apart from the property
    /// the way goes on through is judged once, in two parts, that property as usual between
    /// them. `false` when the object is not on the way (judge it as usual).
    pub(super) fn object_around(
        &self,
        id: SchemaId,
        s: &Schema,
        map: &Map<String, Value>,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) -> bool {
        let quick = !self.explains();
        let near = self.near.get() && !quick;
        let name = {
            let focus = self.focus.borrow();
            let Some(focus) = focus.as_ref() else {
                return false;
            };
            match focus.at.get(path.len()) {
                Some(Step::Key(name)) if focus.at.starts_with(path) => name.clone(),
                _ => return false,
            }
        };
        let member = map.get(&name);
        // The object's key, for the look-up before judging it and again after (the first
        // one goes into the map).
        let around = |steps: usize| Around {
            steps,
            schema: id,
            depth,
            quick,
            near,
            present: member.is_some(),
        };
        let key = around(path.len());
        let known = self
            .focus
            .borrow()
            .as_ref()
            .and_then(|f| f.around.get(&key).map(|split| split.before.clone()));
        let before = match known {
            Some(before) => before,
            None => {
                // Each part as the walk meets it: in the quick mode with nothing found yet
                // (were anything found before, the walk would not reach it). The other
                // properties are judged once here, as usual: nothing to recall below them.
                let (mut before, mut after) = (Vec::new(), Vec::new());
                let (kept, mut judged) = self.take_members(id, path, depth);
                self.apart(|| {
                    // Only the property on the way can be refused at the focus, if it is
                    // left out: the rest of what the object's keys say is not asked.
                    if near {
                        if member.is_none() {
                            self.required_absent(s, &name, path, &mut before);
                        }
                        return;
                    }
                    self.object_as_a_whole(s, map, path, &mut before);
                    let mut members = map.iter();
                    let mut declared = PropertyWalk::of(s);
                    for (k, v) in members.by_ref() {
                        if *k == name {
                            break;
                        }
                        if !self.settled(&before) {
                            let k = (k.as_str(), &mut declared);
                            self.member_recalled(&mut judged, s, k, v, path, &mut before, depth);
                        }
                    }
                    for (k, v) in members {
                        if self.settled(&after) {
                            break;
                        }
                        let k = (k.as_str(), &mut declared);
                        self.member_recalled(&mut judged, s, k, v, path, &mut after, depth);
                    }
                });
                self.give_members(kept, judged);
                let kept = before.clone();
                if let Some(focus) = self.focus.borrow_mut().as_mut() {
                    focus.around.insert(key, Beside { before, after });
                }
                kept
            }
        };
        out.extend(before);
        if self.settled(out) {
            return true;
        }
        if let Some(v) = member {
            self.member(s, (&name, s.property(&name)), v, path, out, depth);
            if self.settled(out) {
                return true;
            }
        }
        let key = around(path.len());
        if let Some(split) = self
            .focus
            .borrow()
            .as_ref()
            .and_then(|f| f.around.get(&key))
        {
            out.extend(split.after.iter().cloned());
        }
        true
    }

    /// What this validator judged of the properties of an object at `path` in validations
    /// around earlier foci, taken out of [`Members`] while the object is judged; give it back
    /// with [`Validator::give_members`].
    pub(super) fn take_members(
        &self,
        id: SchemaId,
        path: &[Step],
        depth: u32,
    ) -> (MembersKey, FxHashMap<String, Member>) {
        let key = (path.to_vec(), id, depth, !self.explains());
        let judged = self.members.borrow_mut().0.remove(&key).unwrap_or_default();
        (key, judged)
    }

    pub(super) fn give_members(&self, key: MembersKey, judged: FxHashMap<String, Member>) {
        self.members.borrow_mut().0.insert(key, judged);
    }

    /// [`Validator::member`], recalled from `judged` when the property had an equal value
    /// there. What the judgement adds to `out` does not depend on what `out` holds before
    /// (in the quick mode it is empty: the walk would not have gone on), so it is kept apart.
    /// Below the property nothing is recalled or kept: each value is kept once, at the
    /// outermost place it was judged.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn member_recalled(
        &self,
        judged: &mut FxHashMap<String, Member>,
        s: &Schema,
        (key, declared): (&str, &mut PropertyWalk<'_>),
        v: &Value,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        let known = judged.get_mut(key);
        if let Some(known) = &known
            && known.value == *v
        {
            out.extend(known.violations.iter().cloned());
            return;
        }
        let mut violations = Vec::new();
        let p = declared.find(key);
        self.apart(|| self.member(s, (key, p), v, path, &mut violations, depth));
        out.extend(violations.iter().cloned());
        let value = v.clone();
        // Another value there before (another skeleton's): its entry takes this one.
        match known {
            Some(known) => *known = Member { value, violations },
            None => {
                judged.insert(key.to_string(), Member { value, violations });
            }
        }
    }

    /// Judge without recalling: for a value that is not the one at its place (a property's
    /// name, judged by `propertyNames` at the property's place).
    pub(super) fn apart<T>(&self, judge: impl FnOnce() -> T) -> T {
        let outer = self.watching.replace(false);
        let answer = judge();
        self.watching.set(outer);
        answer
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::consumers::locate::tests::spec;
    use crate::vocabulary::Direction;

    /// Unions, counts, names and closed objects on the way to the focus and beside it.
    const SPEC: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [data, count]
                maxProperties: 3
                properties:
                  count: {type: integer, maximum: 2}
                  meta: {$ref: '#/components/schemas/Meta'}
                  data:
                    type: array
                    minItems: 2
                    items:
                      anyOf:
                        - $ref: '#/components/schemas/Pet'
                        - {type: object, required: [id], properties: {id: {type: integer}}}
components:
  schemas:
    Meta:
      type: object
      propertyNames: {maxLength: 3}
      additionalProperties: {type: string}
    Pet:
      type: object
      required: [name]
      additionalProperties: false
      propertyNames: {minLength: 2}
      properties:
        name: {type: string, maxLength: 5}
        tag: {type: string, enum: [a, b]}
        zz: {type: integer}
";

    #[test]
    fn around_a_focus_each_payload_is_judged_as_from_the_root() {
        let (s, _d) = spec(SPEC);
        let root = crate::consumers::locate::parts(&s.operations[0])[0].schema;
        let skeleton = json!({
            "count": 7,
            "data": [{"name": null, "tag": "c", "zz": "no"}, {"id": "1", "q": 1}],
            "meta": {"long": 1, "ok": "x"},
        });
        let at = [
            Step::Key("data".into()),
            Step::Index(0),
            Step::Key("name".into()),
        ];
        let leaves = [
            Some(json!("abc")),
            Some(json!("toolong")),
            None,
            Some(json!(5)),
            Some(json!({"x": 1})),
            Some(json!("abc")),
            None,
        ];
        for direction in [Direction::Request, Direction::Response] {
            let v = Validator::new(&s, direction);
            let mut focus = Focus::on(&at);
            for leaf in &leaves {
                let mut payload = skeleton.clone();
                let holder = payload["data"][0].as_object_mut().unwrap();
                match leaf {
                    Some(x) => holder.insert("name".into(), x.clone()),
                    None => holder.remove("name"),
                };
                let whole = v.validate(root, &payload);
                let around = v.refusals_around(&mut focus, root, &payload);
                let whole: Vec<Violation> = whole.into_iter().filter(|x| about(&at, x)).collect();
                let shown = |vs: &[Violation]| {
                    vs.iter()
                        .map(|x| format!("{} {} {:?}", x.describe(), x.keyword, x.at))
                        .collect::<Vec<_>>()
                };
                assert_eq!(shown(&whole), shown(&around), "{payload}");
                assert_eq!(
                    v.is_valid(root, &payload),
                    v.is_valid_around(&mut focus, root, &payload)
                );
                // Beside the way only the quick mode judges (and stops at `count`).
                assert!(!focus.around.is_empty());
            }
        }
    }
}
