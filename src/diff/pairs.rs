//! The graph of schema pairs: each (base schema, revision schema, context, direction) is a
//! node compared once, however many operations reach it; recursive schemas point back at a
//! pair that exists already, so cycles terminate. Where a pair was first reached gives its
//! human path.

use std::fmt::Write;

use rustc_hash::FxHashMap;

use crate::json_schema::Wire;
use crate::model::{MediaType, SchemaId, Spec, only_composition};
use crate::vocabulary::{Context, Direction};

/// What makes two comparisons of the same schemas different: where they are and how their
/// values travel (a form body's fields by its `encoding`).
pub(super) type PairKey = (SchemaId, SchemaId, Context, Direction, Wire, Option<u32>);

#[derive(Default)]
pub(super) struct SchemaPairs<'a> {
    pub pairs: Vec<SchemaPair<'a>>,
    pub memo: FxHashMap<PairKey, usize>,
    pub queue: Vec<usize>,
    /// The form bodies (base and revision media types) whose fields' wires pairs look up.
    pub forms: Vec<(&'a MediaType, &'a MediaType)>,
}

pub(super) struct SchemaPair<'a> {
    pub a: SchemaId,
    pub b: SchemaId,
    pub context: Context,
    pub direction: Direction,
    /// How the values travel here (JSON, a form body, text).
    pub wire: Wire,
    /// For a form body's root: its index in [`SchemaPairs::forms`].
    pub form: Option<u32>,
    /// Where the pair was first reached; its human path (`Pet.owner.name`, or
    /// `response 200 application/json › data › []`) is built from this only when a change
    /// needs it.
    pub origin: Origin<'a>,
    /// Changes found in this pair itself.
    pub own: Vec<usize>,
    pub children: Vec<usize>,
    /// The pairs this one is a branch of, at the same place (a union against one of its
    /// branches, or a branch against its paired branch); see `sibling.rs`.
    pub branch_of: Vec<usize>,
    /// For a branch compared with the one schema several branches were merged into (base
    /// side) or split into (revision side): those other branches. A property this pair's
    /// schema lacks but one of them declares was in the union all along.
    pub siblings: (Vec<SchemaId>, Vec<SchemaId>),
}

pub(super) enum Origin<'a> {
    /// A root schema without a name: the description of where it sits.
    Root(String),
    /// A component schema: its name.
    Named(&'a str),
    /// Reached from another pair.
    Child(usize, Seg<'a>),
}

/// One step from a schema to a sub-schema.
#[derive(Clone, Copy)]
pub(super) enum Seg<'a> {
    /// The same place (a union compared against one of its branches).
    Same,
    Property(&'a str),
    Items,
    AdditionalProperties,
    PatternProperty(&'a str),
    PropertyNames,
    Contains,
    PrefixItem(usize),
    Branch(&'static str),
    Not,
}

impl Seg<'_> {
    fn write(self, out: &mut String, dotted: bool) {
        match self {
            Seg::Same => {}
            Seg::Property(name) => {
                if dotted {
                    out.push('.');
                }
                out.push_str(name);
            }
            Seg::Items => out.push_str("[]"),
            Seg::AdditionalProperties => out.push_str(if dotted { ".*" } else { "*" }),
            Seg::PatternProperty(p) => {
                let _ = write!(out, "{}<{p}>", if dotted { "." } else { "" });
            }
            Seg::PropertyNames => out.push_str("<propertyNames>"),
            Seg::Contains => out.push_str("<contains>"),
            Seg::PrefixItem(k) => {
                let _ = write!(out, "[{k}]");
            }
            Seg::Branch(word) => {
                let _ = write!(out, "<{word}>");
            }
            Seg::Not => out.push_str("<not>"),
        }
    }
}

/// Follow schemas that only wrap another: `oneOf: [X]`, `anyOf: [X]`, `allOf: [X]` with
/// nothing else (a `$ref` with only a description beside it is resolved by the reader).
pub(super) fn alias(spec: &Spec, mut id: SchemaId) -> SchemaId {
    // One-branch oneOf / anyOf became allOf when the model was read; a one-member allOf that
    // could be folded was. What is left: a one-member allOf that could not be folded.
    for _ in 0..32 {
        let s = spec.schema(id);
        match s.all_of.as_slice() {
            [x] if s.all_of_unfolded
                && s.one_of.is_empty()
                && s.any_of.is_empty()
                && only_composition(s) =>
            {
                id = *x
            }
            _ => return id,
        }
    }
    id
}

impl SchemaPairs<'_> {
    /// The human path of a pair, built from where it was first reached.
    pub fn label_of(&self, i: usize) -> String {
        let mut segs = Vec::new();
        let mut cur = i;
        let (head, dotted) = loop {
            match &self.pairs[cur].origin {
                Origin::Root(text) => break (text.as_str(), false),
                Origin::Named(name) => break (*name, true),
                Origin::Child(parent, seg) => {
                    segs.push(*seg);
                    cur = *parent;
                }
            }
        };
        let mut out = head.to_string();
        for seg in segs.into_iter().rev() {
            if matches!(seg, Seg::Same) {
                continue;
            }
            if !dotted {
                out.push_str(" › ");
            }
            seg.write(&mut out, dotted);
        }
        out
    }
}
