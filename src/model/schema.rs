//! JSON Schema, as OpenAPI uses it, normalized to the 2020-12 shape OpenAPI 3.1 uses.

use super::Extras;
use crate::vocabulary::NodeRef;

/// Keys of a schema object that annotate it without constraining instances: kept, compared as
/// documentation. (`contentMediaType` / `contentEncoding` are annotations in JSON Schema
/// 2020-12; validators do not enforce them by default.)
pub(crate) const ANNOTATIONS: &[&str] = &[
    "example",
    "examples",
    "externalDocs",
    "xml",
    "$comment",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "summary",
    "contentMediaType",
    "contentEncoding",
];

/// Index into [`super::Spec::schemas`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub u32);

/// The JSON types an instance may have, as a bit set. `integer` is its own bit, but any
/// integer is also a `number`, which [`TypeSet::accepts`] knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct TypeSet(pub u8);

impl TypeSet {
    pub const NULL: TypeSet = TypeSet(1);
    pub const BOOLEAN: TypeSet = TypeSet(2);
    pub const OBJECT: TypeSet = TypeSet(4);
    pub const ARRAY: TypeSet = TypeSet(8);
    pub const NUMBER: TypeSet = TypeSet(16);
    pub const INTEGER: TypeSet = TypeSet(32);
    pub const STRING: TypeSet = TypeSet(64);
    /// Every type: what a schema that declares none may hold.
    pub const ANY: TypeSet = TypeSet(0x7f);
    const NAMES: [(&'static str, TypeSet); 7] = [
        ("array", TypeSet::ARRAY),
        ("boolean", TypeSet::BOOLEAN),
        ("integer", TypeSet::INTEGER),
        ("null", TypeSet::NULL),
        ("number", TypeSet::NUMBER),
        ("object", TypeSet::OBJECT),
        ("string", TypeSet::STRING),
    ];

    pub fn from_name(name: &str) -> Option<TypeSet> {
        TypeSet::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, t)| t)
    }

    pub fn union(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 | other.0)
    }

    pub fn intersect(self, other: TypeSet) -> TypeSet {
        // An integer is a number: `number ∩ integer` is `integer`.
        let mut a = self.0 & other.0;
        if (self.has(TypeSet::NUMBER) && other.has(TypeSet::INTEGER))
            || (self.has(TypeSet::INTEGER) && other.has(TypeSet::NUMBER))
        {
            a |= TypeSet::INTEGER.0;
        }
        TypeSet(a)
    }

    pub fn without(self, other: TypeSet) -> TypeSet {
        TypeSet(self.0 & !other.0)
    }

    pub fn has(self, t: TypeSet) -> bool {
        self.0 & t.0 == t.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Every instance of `other` is an instance of `self`.
    pub fn accepts(self, other: TypeSet) -> bool {
        let mut mine = self.0;
        if self.has(TypeSet::NUMBER) {
            mine |= TypeSet::INTEGER.0;
        }
        other.0 & !mine == 0
    }

    /// `string`, or `[string, null]` for several.
    pub fn label(self) -> String {
        let names: Vec<&str> = TypeSet::NAMES
            .iter()
            .filter(|(_, t)| self.has(*t))
            .map(|(n, _)| *n)
            .collect();
        match names.as_slice() {
            [one] => one.to_string(),
            _ => format!("[{}]", names.join(", ")),
        }
    }
}

/// A number as written (for messages) and as a value (for comparisons).
#[derive(Clone, Debug)]
pub struct Num {
    pub value: f64,
    pub text: String,
}

/// A lower or upper bound on numbers.
#[derive(Clone, Debug)]
pub struct Bound {
    pub value: Num,
    pub exclusive: bool,
    pub at: NodeRef,
}

#[derive(Clone, Debug)]
pub enum Additional {
    /// `additionalProperties: false` (or `true`).
    Allowed(bool),
    Schema(SchemaId),
}

#[derive(Clone, Debug)]
pub struct Discriminator {
    pub property_name: String,
    pub at: NodeRef,
    /// Sorted by value; the target is the `$ref` string as written.
    pub mapping: Vec<(String, String)>,
}

/// A limit such as `maxLength: 10`, with where it is written.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub value: u64,
    pub at: NodeRef,
}

#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Where the schema object is written (for a `$ref`, the target's place).
    pub at: Option<NodeRef>,
    /// The component name (`Pet` for `#/components/schemas/Pet` or `#/definitions/Pet`).
    pub name: Option<String>,
    /// `Some(false)` for the `false` schema of JSON Schema 2020-12, which nothing satisfies.
    /// (`true` reads as an empty schema: they mean the same.)
    pub boolean: Option<bool>,
    /// `None`: any type.
    pub types: Option<TypeSet>,
    pub types_at: Option<NodeRef>,
    pub format: Option<(String, NodeRef)>,
    pub enumeration: Option<(Vec<NodeRef>, NodeRef)>,
    pub constant: Option<NodeRef>,
    /// Sorted, deduplicated.
    pub required: Vec<String>,
    pub required_at: Option<NodeRef>,
    /// Sorted by name.
    pub properties: Vec<(String, SchemaId)>,
    pub additional_properties: Option<(Additional, NodeRef)>,
    pub pattern_properties: Vec<(String, SchemaId)>,
    pub property_names: Option<SchemaId>,
    pub items: Option<SchemaId>,
    pub prefix_items: Vec<SchemaId>,
    pub contains: Option<SchemaId>,
    pub min_length: Option<Limit>,
    pub max_length: Option<Limit>,
    pub min_items: Option<Limit>,
    pub max_items: Option<Limit>,
    pub min_properties: Option<Limit>,
    pub max_properties: Option<Limit>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    /// 3.0's `exclusiveMinimum: true` / `exclusiveMaximum: true` written without the bound
    /// they modify: no effect, but kept.
    pub exclusive_minimum_flag: Option<NodeRef>,
    pub exclusive_maximum_flag: Option<NodeRef>,
    pub multiple_of: Option<(Num, NodeRef)>,
    pub pattern: Option<(String, NodeRef)>,
    pub unique_items: Option<NodeRef>,
    pub read_only: Option<NodeRef>,
    pub write_only: Option<NodeRef>,
    pub deprecated: Option<NodeRef>,
    pub default: Option<NodeRef>,
    pub one_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    /// After normalization, members whose keywords could be folded in are folded in, and this
    /// keeps every member (for reporting only).
    pub all_of: Vec<SchemaId>,
    pub not: Option<SchemaId>,
    pub discriminator: Option<Discriminator>,
    pub title: Option<(String, NodeRef)>,
    pub description: Option<(String, NodeRef)>,
    /// `x-…` extensions and JSON Schema keywords weir does not model (`if`, `dependentRequired`,
    /// `contentMediaType`, …): kept, compared as values, never dropped.
    pub extras: Extras,
    /// Set when normalization had to give up folding `allOf` (conflicting members).
    pub all_of_unfolded: bool,
    /// OpenAPI 3.0 `nullable: true` (its value) on a schema without `type` (typically beside an
    /// `allOf` of one `$ref`): applied once the members are folded in and the type is known;
    /// beside a union, null becomes one more branch written here (see `load::read`).
    pub nullable_pending: Option<NodeRef>,
    /// A `$ref` whose target does not exist (read past with a warning): the reference string.
    pub unresolved: Option<String>,
}

/// The order of names (`str`'s: byte by byte), told by their first byte where it differs,
/// as it mostly does, before comparing the whole names. Looking a property up is a binary
/// search of a schema's sorted names; comparing each pair of names whole was half of it.
pub fn name_order(a: &str, b: &str) -> std::cmp::Ordering {
    match a.as_bytes().first().cmp(&b.as_bytes().first()) {
        std::cmp::Ordering::Equal => a.cmp(b),
        told => told,
    }
}

impl Schema {
    pub fn property(&self, name: &str) -> Option<SchemaId> {
        self.properties
            .binary_search_by(|(n, _)| name_order(n, name))
            .ok()
            .map(|i| self.properties[i].1)
    }

    pub fn is_required(&self, name: &str) -> bool {
        self.required
            .binary_search_by(|n| n.as_str().cmp(name))
            .is_ok()
    }

    pub fn nullable(&self) -> bool {
        self.types.is_some_and(|t| t.has(TypeSet::NULL))
    }
}

/// True when a schema says nothing that constrains instances.
pub(crate) fn constraint_free(s: &Schema) -> bool {
    s.types.is_none() && constraint_free_but_type(s)
}

/// True when a schema constrains instances by its `type` at most.
pub(crate) fn constraint_free_but_type(s: &Schema) -> bool {
    only_composition_but_type(s)
        && s.one_of.is_empty()
        && s.any_of.is_empty()
        && s.all_of.is_empty()
        && s.discriminator.is_none()
}

/// True when a schema constrains instances only through `oneOf` / `anyOf` / `allOf` (and the
/// discriminator that picks a branch): a pure union or intersection of other schemas.
pub(crate) fn only_composition(s: &Schema) -> bool {
    s.types.is_none() && only_composition_but_type(s)
}

fn only_composition_but_type(s: &Schema) -> bool {
    s.boolean != Some(false)
        && s.format.is_none()
        && s.enumeration.is_none()
        && s.constant.is_none()
        && s.required.is_empty()
        && s.properties.is_empty()
        && s.additional_properties.is_none()
        && s.pattern_properties.is_empty()
        && s.property_names.is_none()
        && s.items.is_none()
        && s.prefix_items.is_empty()
        && s.contains.is_none()
        && s.min_length.is_none()
        && s.max_length.is_none()
        && s.min_items.is_none()
        && s.max_items.is_none()
        && s.min_properties.is_none()
        && s.max_properties.is_none()
        && s.minimum.is_none()
        && s.maximum.is_none()
        && s.multiple_of.is_none()
        && s.exclusive_minimum_flag.is_none()
        && s.exclusive_maximum_flag.is_none()
        && s.pattern.is_none()
        && s.unique_items.is_none()
        && s.read_only.is_none()
        && s.write_only.is_none()
        && s.not.is_none()
        && s.nullable_pending.is_none()
        && s.unresolved.is_none()
        && s.extras.iter().all(|(k, _)| k.starts_with("x-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_sets_know_integers_are_numbers() {
        let num = TypeSet::NUMBER;
        let int = TypeSet::INTEGER;
        assert!(num.accepts(int));
        assert!(!int.accepts(num));
        assert_eq!(num.intersect(int), int);
        assert_eq!(
            TypeSet::STRING.union(TypeSet::NULL).label(),
            "[null, string]"
        );
        assert_eq!(TypeSet::STRING.label(), "string");
    }
}
