//! Changes implied by a type change at the same schema (issue 17 §5: one finding per edit).
//!
//! When a schema's type changes, every keyword that constrains only the types on one side
//! changed with it: `items` appearing when an object became an array, the object's properties
//! "removed", `maxLength` gone when a string became an integer, the `string` branch dropped when
//! `anyOf: [integer, string]` became `integer`. The values those keywords judge are the values
//! the type change already admits or refuses, so the type change is the one finding; the others
//! would restate it (and, as stated, be false: the array's items still have the properties).
//!
//! A keyword change is implied when no type both sides accept is one the keyword applies to.
//! A keyword that still applies to a type both sides share (`maxLength` changed while
//! `[string, null]` became `string`) is an edit of its own and stays.

use crate::diff::pairs::{Origin, SchemaPair, Seg};
use crate::json_schema::inclusion::types_of;
use crate::model::schema::TypeSet;
use crate::model::{SchemaId, Spec};
use crate::vocabulary::{Change, Kind, NodeRef};

/// The numeric types.
const NUMERIC: TypeSet = TypeSet(TypeSet::NUMBER.0 | TypeSet::INTEGER.0);

/// The types each keyword applies to (JSON Schema validation, §6): a keyword judges only
/// instances of these types and lets every other instance through.
const APPLIES_TO: &[(Kind, TypeSet)] = &[
    (Kind::SchemaPropertyAdded, TypeSet::OBJECT),
    (Kind::SchemaPropertyRemoved, TypeSet::OBJECT),
    (Kind::SchemaRequired, TypeSet::OBJECT),
    (Kind::SchemaAdditionalProperties, TypeSet::OBJECT),
    (Kind::SchemaMinProperties, TypeSet::OBJECT),
    (Kind::SchemaMaxProperties, TypeSet::OBJECT),
    (Kind::SchemaPatternProperties, TypeSet::OBJECT),
    (Kind::SchemaPropertyNames, TypeSet::OBJECT),
    (Kind::SchemaItems, TypeSet::ARRAY),
    (Kind::SchemaPrefixItems, TypeSet::ARRAY),
    (Kind::SchemaContains, TypeSet::ARRAY),
    (Kind::SchemaMinItems, TypeSet::ARRAY),
    (Kind::SchemaMaxItems, TypeSet::ARRAY),
    (Kind::SchemaUniqueItems, TypeSet::ARRAY),
    (Kind::SchemaMinLength, TypeSet::STRING),
    (Kind::SchemaMaxLength, TypeSet::STRING),
    (Kind::SchemaPattern, TypeSet::STRING),
    (Kind::SchemaMinimum, NUMERIC),
    (Kind::SchemaMaximum, NUMERIC),
    (Kind::SchemaMultipleOf, NUMERIC),
    (Kind::SchemaExclusiveFlag, NUMERIC),
    (Kind::SchemaFormat, TypeSet(TypeSet::STRING.0 | NUMERIC.0)),
];

/// For each change, whether a type change in the same pair implies it (or, for null, the
/// types of the pair that holds it).
pub(super) fn implied(
    a: &Spec,
    b: &Spec,
    pairs: &[SchemaPair<'_>],
    changes: &[Change],
) -> Vec<bool> {
    let mut out = vec![false; changes.len()];
    for pair in pairs {
        let (sa, sb) = (a.schema(pair.a), b.schema(pair.b));
        let has = |kind: Kind| pair.own.iter().any(|&c| changes[c].kind == kind);
        // Null is judged by the pair's types (`types_of` counts a union's branches), which
        // report any change of it: as a nullability change, or within a type change. So a
        // `null` branch added or dropped (3.1's `anyOf: [A, B, {type: null}]`, and 3.0's
        // `nullable: true` beside a union, read so) is never an edit of its own; nor is a
        // plain schema's null when it is compared with one branch of the union on the other
        // side (`nullable` object -> `anyOf: [id, object, {type: null}]`): null is the union's
        // business, and the union's pair says whether it changed. Likewise the place's
        // documentation where the branch has none of its own: `metadata`'s description is
        // compared once, the union's with the plain schema's, not again the branch's (none)
        // with the plain schema's (Stripe e925391..aa2a66d, `anyOf: [object, '']` +
        // description -> object + description: two "description changed" at one node, and
        // one even with the description unchanged). A branch's own title or description
        // (`destination` -> `destination_specs`) stays a change of its own.
        let (beside_union, branch_is_base) = match pair.origin {
            Origin::Child(parent, Seg::Same) => (true, pair.a != pairs[parent].a),
            _ => (false, false),
        };
        for &c in &pair.own {
            let change = &changes[c];
            let branch = match change.kind {
                Kind::SchemaNullable => {
                    out[c] |= beside_union;
                    None
                }
                Kind::SchemaDescription | Kind::SchemaTitle => {
                    let on_branch = if branch_is_base {
                        &change.before
                    } else {
                        &change.after
                    };
                    out[c] |= beside_union && on_branch.is_none();
                    None
                }
                Kind::SchemaAnyOfRemoved | Kind::SchemaOneOfRemoved => {
                    branch_types(a, [&sa.any_of, &sa.one_of], change.base)
                }
                Kind::SchemaAnyOfAdded | Kind::SchemaOneOfAdded => {
                    branch_types(b, [&sb.any_of, &sb.one_of], change.revision)
                }
                _ => None,
            };
            out[c] |= branch == Some(TypeSet::NULL);
        }
        if !has(Kind::SchemaType) {
            continue;
        }
        let ta = types_of(a, pair.a).unwrap_or(TypeSet::ANY);
        let tb = types_of(b, pair.b).unwrap_or(TypeSet::ANY);
        // On a text wire (a parameter, a form field) a number or a boolean is its text, which
        // a string schema judges: `integer` → `string, maxLength: 4` refuses `12345`, and that
        // is the maxLength's doing, not implied by the type change.
        let as_text = |t: TypeSet| {
            let scalars = TypeSet::BOOLEAN.union(NUMERIC);
            if pair.wire.is_text() && !t.intersect(scalars).is_empty() {
                t.union(TypeSet::STRING)
            } else {
                t
            }
        };
        let shared = ta.intersect(tb);
        let shared_text = as_text(ta).intersect(as_text(tb));
        for &c in &pair.own {
            let change = &changes[c];
            // A branch dropped with its type is the type change's doing, text or not.
            let (judges, shared) = match change.kind {
                Kind::SchemaAnyOfRemoved | Kind::SchemaOneOfRemoved => (
                    branch_types(a, [&sa.any_of, &sa.one_of], change.base),
                    shared,
                ),
                Kind::SchemaAnyOfAdded | Kind::SchemaOneOfAdded => (
                    branch_types(b, [&sb.any_of, &sb.one_of], change.revision),
                    shared,
                ),
                kind => (
                    APPLIES_TO
                        .iter()
                        .find(|(k, _)| *k == kind)
                        .map(|&(_, types)| types),
                    shared_text,
                ),
            };
            out[c] |= judges.is_some_and(|t| t.intersect(shared).is_empty());
        }
    }
    out
}

/// The types of the branch a change points at (`at`), found among the union's branches.
fn branch_types(spec: &Spec, unions: [&[SchemaId]; 2], at: Option<NodeRef>) -> Option<TypeSet> {
    let at = at?;
    let branch = unions
        .into_iter()
        .flatten()
        .find(|&&id| spec.schema(id).at == Some(at))?;
    Some(types_of(spec, *branch).unwrap_or(TypeSet::ANY))
}
