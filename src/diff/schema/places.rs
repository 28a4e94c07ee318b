//! Where a change to a keyword points on the side that lacks the keyword (a property removed,
//! a `maxLength` added): where that side would write it.
//!
//! A component folded into several holders (`anyOf: [$ref: plan]` beside `nullable: true`, or
//! `allOf: [$ref: Widget, {…}]`) is compared once per holder, and each comparison finds the same
//! edit. Pointing the missing side at the holder would give each holder's finding places of its
//! own, so the one edit would be reported once per holder; pointing it at the component that
//! holds the keyword on the other side gives every holder the same places, and the findings
//! merge into one that lists every operation (see `merge_and_sort` in `diff/mod.rs`).

use crate::model::schema::Schema;
use crate::model::{SchemaId, Spec};
use crate::vocabulary::{Kind, NodeRef};

/// How deep `allOf` members are searched for the component that holds a keyword.
const MAX_DEPTH: u32 = 16;

/// The keyword a kind of change is about, for kinds whose keyword may be on one side only.
fn keyword_of(kind: Kind) -> Option<&'static str> {
    Some(match kind {
        Kind::SchemaFormat => "format",
        Kind::SchemaPattern => "pattern",
        Kind::SchemaEnumAdded | Kind::SchemaEnumRemoved => "enum",
        Kind::SchemaConst => "const",
        Kind::SchemaDefault => "default",
        Kind::SchemaRequired => "required",
        Kind::SchemaPropertyAdded | Kind::SchemaPropertyRemoved => "properties",
        Kind::SchemaAdditionalProperties => "additionalProperties",
        Kind::SchemaItems => "items",
        Kind::SchemaMinLength => "minLength",
        Kind::SchemaMaxLength => "maxLength",
        Kind::SchemaMinItems => "minItems",
        Kind::SchemaMaxItems => "maxItems",
        Kind::SchemaMinProperties => "minProperties",
        Kind::SchemaMaxProperties => "maxProperties",
        Kind::SchemaMinimum => "minimum",
        Kind::SchemaMaximum => "maximum",
        Kind::SchemaMultipleOf => "multipleOf",
        Kind::SchemaUniqueItems => "uniqueItems",
        Kind::SchemaReadOnly => "readOnly",
        Kind::SchemaWriteOnly => "writeOnly",
        Kind::SchemaDeprecated => "deprecated",
        _ => return None,
    })
}

/// A keyword change's two places (`base`, `revision`), found at schemas `a` and `b`: where a
/// side points at its whole schema because it lacks the keyword, where it would write it.
pub(super) fn placed(
    (spec_a, sa): (&Spec, &Schema),
    (spec_b, sb): (&Spec, &Schema),
    kind: Kind,
    (base, revision): (Option<NodeRef>, Option<NodeRef>),
) -> (Option<NodeRef>, Option<NodeRef>) {
    let Some(key) = keyword_of(kind) else {
        return (base, revision);
    };
    let lacks = |at: Option<NodeRef>, s: &Schema| at.is_some() && at == s.at;
    match (lacks(base, sa), lacks(revision, sb), base, revision) {
        (true, false, _, Some(present)) => (home(spec_a, sa, key, (spec_b, sb, present)), revision),
        (false, true, Some(present), _) => (base, home(spec_b, sb, key, (spec_a, sa, present))),
        _ => (base, revision),
    }
}

/// Where `s` would write `key`, given where the other side writes it (`present`): `s` itself
/// when it writes the keyword; else the member of `s` that is the component holding the
/// keyword on the other side; else, for a wrapper of one member, where the member would
/// write it; else `s` itself.
fn home(spec: &Spec, s: &Schema, key: &str, present: (&Spec, &Schema, NodeRef)) -> Option<NodeRef> {
    let at = s.at?;
    if spec.tree(at).get(at.node, key).is_some() {
        return Some(at);
    }
    let (other, other_schema, node) = present;
    if let Some(name) = holder_name(other, other_schema, node, 0)
        && let Some(member) = member_named(spec, s, name, 0)
    {
        return spec.schema(member).at.or(Some(at));
    }
    let mut s = s;
    for _ in 0..MAX_DEPTH {
        match s.all_of.as_slice() {
            [member] if !s.all_of_unfolded => s = spec.schema(*member),
            _ => break,
        }
        if let Some(at) = s.at
            && spec.tree(at).get(at.node, key).is_some()
        {
            return Some(at);
        }
    }
    s.at.or(Some(at))
}

/// The innermost named component among the `allOf` members of `s` whose text holds `node`.
fn holder_name<'s>(spec: &'s Spec, s: &'s Schema, node: NodeRef, depth: u32) -> Option<&'s str> {
    if depth > MAX_DEPTH {
        return None;
    }
    s.all_of.iter().find_map(|&m| {
        let member = spec.schema(m);
        let at = member.at?;
        let tree = spec.tree(at);
        let holds = at.file == node.file
            && std::iter::successors(Some(node.node), |&n| tree.parent(n)).any(|n| n == at.node);
        if !holds {
            return None;
        }
        holder_name(spec, member, node, depth + 1).or(member.name.as_deref())
    })
}

/// The `allOf` member of `s` (at any depth) that is the component `name`.
fn member_named(spec: &Spec, s: &Schema, name: &str, depth: u32) -> Option<SchemaId> {
    find_member(spec, s, depth, &|m, member| {
        (member.name.as_deref() == Some(name)).then_some(m)
    })
}

/// What `f` gives for the first of the `allOf` members of `s` (at any depth, in order, each
/// member before its own members) for which it gives something.
fn find_member<'s, T>(
    spec: &'s Spec,
    s: &'s Schema,
    depth: u32,
    f: &impl Fn(SchemaId, &'s Schema) -> Option<T>,
) -> Option<T> {
    if depth > MAX_DEPTH {
        return None;
    }
    s.all_of.iter().find_map(|&m| {
        let member = spec.schema(m);
        f(m, member).or_else(|| find_member(spec, member, depth + 1, f))
    })
}

/// The object whose `properties` writes the entry `name` of `s`, the property's schema being
/// at `property`. Written inline, the schema sits at `<object>/properties/<name>` and names
/// it; a `$ref` is placed at the component it references, which does not (two objects may
/// hold the same component), so the object is `s` or the `allOf` member of `s` that writes
/// the entry. `None` when neither is found: the property's findings then stand apart.
pub(super) fn holder(
    spec: &Spec,
    s: &Schema,
    name: &str,
    property: Option<NodeRef>,
) -> Option<NodeRef> {
    let inline = property.and_then(|at| {
        let tree = spec.tree(at);
        let keyed = |n, key: &str| tree.key_of(n).and_then(|k| tree.text(k)) == Some(key);
        let map = tree.parent(at.node)?;
        let object = tree.parent(map)?;
        (keyed(at.node, name) && keyed(map, "properties")).then_some(NodeRef {
            file: at.file,
            node: object,
        })
    });
    // `s` or the `allOf` member of `s` (at any depth, first in order) that writes it.
    let writes = |s: &Schema| {
        let at = s.at?;
        let tree = spec.tree(at);
        tree.get(at.node, "properties")
            .is_some_and(|p| tree.get(p, name).is_some())
            .then_some(at)
    };
    inline
        .or_else(|| writes(s))
        .or_else(|| find_member(spec, s, 1, &|_, member| writes(member)))
}
