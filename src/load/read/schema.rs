//! Schemas, read through a work list (no recursion, so neither deep nesting nor `$ref`
//! cycles can overflow the stack), each read once however many places refer to it.

use rustc_hash::FxHashSet;

use super::reader::{Reader, SchemaMode};
use crate::error::{Error, Located, Result};
use crate::model::schema::{
    ANNOTATIONS, Additional, Bound, Discriminator, Limit, Num, Schema, SchemaId, TypeSet,
};
use crate::tree::{NodeValue, Resolved, parse_number};
use crate::vocabulary::NodeRef;

impl Reader {
    /// The schema written at `r`, read once however many places refer to it.
    pub(super) fn schema(&mut self, r: NodeRef) -> Result<SchemaId> {
        self.schema_in_mode(r, SchemaMode::Schema)
    }

    pub(super) fn schema_in_mode(&mut self, mut r: NodeRef, mode: SchemaMode) -> Result<SchemaId> {
        // A `$ref` with nothing but annotations beside it *is* its target. One with constraints
        // beside it (legal in 3.1) is read as its own schema with the target as an allOf member.
        let mut seen = FxHashSet::default();
        while mode == SchemaMode::Schema
            && self.get(r, "$ref").is_some()
            && !self.has_constraint_siblings(r)
        {
            if !seen.insert(r) {
                return Err(Error::unresolved_ref(
                    Located::at_node(self.t(r), r.node, "this $ref loops back to itself")
                        .with_label("part of a $ref cycle"),
                ));
            }
            match self.resolve_ref_field(r) {
                Ok(target) => r = target,
                Err(e @ Error::DanglingRef(_)) => {
                    self.tolerate(e)?;
                    return Ok(self.unresolved_schema(r));
                }
                Err(e) => return Err(e),
            }
        }
        if let Some(&id) = self.schema_ids.get(&r) {
            return Ok(id);
        }
        let id = SchemaId(self.schemas.len() as u32);
        self.schemas.push(Schema {
            at: Some(r),
            name: self.schema_name(r),
            ..Schema::default()
        });
        self.schema_ids.insert(r, id);
        self.pending.push((id, r, mode));
        Ok(id)
    }

    /// A dangling `$ref`: an opaque schema that compares by its reference string.
    fn unresolved_schema(&mut self, r: NodeRef) -> SchemaId {
        if let Some(&id) = self.schema_ids.get(&r) {
            return id;
        }
        let reference = self
            .get(r, "$ref")
            .and_then(|t| self.text(t))
            .unwrap_or("")
            .to_string();
        let id = self.synthetic_schema(Schema {
            at: Some(r),
            unresolved: Some(reference),
            ..Schema::default()
        });
        self.schema_ids.insert(r, id);
        id
    }

    /// A schema made up by the reader (Swagger 2.0 formData bodies).
    pub(super) fn synthetic_schema(&mut self, schema: Schema) -> SchemaId {
        let id = SchemaId(self.schemas.len() as u32);
        self.schemas.push(schema);
        id
    }

    fn resolve_ref_field(&mut self, r: NodeRef) -> Result<NodeRef> {
        let target = self.get(r, "$ref").expect("caller checked for $ref");
        let reference = self.string(target, "`$ref`")?;
        let (file, node) = self.ws.resolve(r.file, target.node, &reference)?;
        Ok(NodeRef { file, node })
    }

    fn has_constraint_siblings(&self, r: NodeRef) -> bool {
        self.t(r).map_iter(r.node).any(|(k, _)| {
            !(k == "$ref"
                || k == "description"
                || k == "title"
                || k == "summary"
                || k.starts_with("x-")
                || k == "$defs"
                || k == "definitions"
                || ANNOTATIONS.contains(&k))
        })
    }

    /// `Pet` for `#/components/schemas/Pet` and `#/definitions/Pet`; a referenced file's stem
    /// for a schema that is a whole file.
    fn schema_name(&self, r: NodeRef) -> Option<String> {
        let tree = self.t(r);
        let Some(parent) = tree.parent(r.node) else {
            if r.file == 0 {
                return None;
            }
            let key = tree.name.rsplit(['/', ':']).next().unwrap_or(&tree.name);
            return Some(key.split('.').next().unwrap_or(key).to_string());
        };
        let parent_key = tree.key_of(parent).and_then(|k| tree.text(k));
        let grand = tree.parent(parent);
        let named = match parent_key {
            Some("schemas") => {
                grand
                    .and_then(|g| tree.key_of(g))
                    .and_then(|k| tree.text(k))
                    == Some("components")
            }
            Some("definitions") => grand == Some(tree.root()),
            _ => r.file != 0 && grand.is_none(),
        };
        if named {
            tree.key_of(r.node)
                .and_then(|k| tree.text(k))
                .map(str::to_string)
        } else {
            None
        }
    }

    /// Read every schema reached so far, and those they reach, until none is left.
    pub(super) fn drain_schemas(&mut self) -> Result<()> {
        while let Some((id, r, mode)) = self.pending.pop() {
            let schema = self.read_schema(r, mode)?;
            let slot = &mut self.schemas[id.0 as usize];
            let (at, name) = (slot.at, slot.name.take());
            *slot = Schema { at, name, ..schema };
        }
        Ok(())
    }

    fn read_schema(&mut self, r: NodeRef, mode: SchemaMode) -> Result<Schema> {
        let mut s = Schema::default();
        match self.t(r).resolve(r.node) {
            // `true` allows everything, exactly like `{}`; only `false` is special.
            Some(Resolved::Bool(true)) => return Ok(s),
            Some(Resolved::Bool(false)) => {
                s.boolean = Some(false);
                return Ok(s);
            }
            // `schema: null` is a common slip for "no schema": read it as `{}`, with a warning.
            Some(Resolved::Null) => {
                let e = self.invalid(r, "a schema is `null`; read as `{}` (anything)");
                self.tolerate(e)?;
                return Ok(s);
            }
            Some(_) => return Err(self.invalid(r, "a schema must be a mapping (or true / false)")),
            None => {}
        }
        let entries = self.map(r, "a schema")?;
        let mut nullable: Option<NodeRef> = None;
        let mut exclusive_min: Option<NodeRef> = None;
        let mut exclusive_max: Option<NodeRef> = None;
        for (k, v) in entries {
            // Schema keywords are short: copy them to the stack rather than allocate one
            // string per keyword of every schema (the text cannot stay borrowed from `self`).
            let key = ShortKey::new(self.text(k).unwrap_or(""));
            let kf = key.as_str();
            // A Swagger 2.0 parameter's own extensions belong to the parameter, not its schema.
            if mode == SchemaMode::ParamLike && kf.starts_with("x-") && kf != "x-nullable" {
                continue;
            }
            if mode == SchemaMode::ParamLike
                && matches!(
                    kf,
                    "name"
                        | "in"
                        | "required"
                        | "allowEmptyValue"
                        | "collectionFormat"
                        | "schema"
                        // The parameter's (or header's) own documentation, not its schema's:
                        // OpenAPI 3 writes it beside `schema`, not inside.
                        | "description"
                )
            {
                continue;
            }
            match kf {
                "$ref" => {
                    let member = match self.resolve_ref_field(r) {
                        Ok(target) => self.schema(target)?,
                        Err(e @ Error::DanglingRef(_)) => {
                            self.tolerate(e)?;
                            self.unresolved_schema(r)
                        }
                        Err(e) => return Err(e),
                    };
                    s.all_of.insert(0, member);
                }
                "type" => match self.types(v) {
                    Ok(t) => {
                        s.types = Some(t);
                        s.types_at = Some(v);
                    }
                    Err(e) => {
                        // An unknown type name: compare the raw `type` as a value.
                        self.tolerate(e)?;
                        s.extras.push((kf.to_string(), v));
                    }
                },
                "format" => s.format = Some((self.string(v, "`format`")?, v)),
                "enum" => s.enumeration = Some((self.seq(v, "`enum`")?, v)),
                "const" => s.constant = Some(v),
                "required" => {
                    let mut names = Vec::new();
                    for item in self.seq(v, "`required` of a schema")? {
                        names.push(self.string(item, "a `required` entry")?);
                    }
                    names.sort();
                    names.dedup();
                    s.required = names;
                    s.required_at = Some(v);
                }
                "properties" => s.properties = self.schema_map(v, "`properties`")?,
                "patternProperties" => {
                    s.pattern_properties = self.schema_map(v, "`patternProperties`")?
                }
                "additionalProperties" => {
                    let a = match self.t(v).resolve(v.node) {
                        Some(Resolved::Bool(b)) => Additional::Allowed(b),
                        _ => Additional::Schema(self.schema(v)?),
                    };
                    s.additional_properties = Some((a, v));
                }
                "propertyNames" => s.property_names = Some(self.schema(v)?),
                "items" => match self.t(v).value(v.node) {
                    NodeValue::Seq(_) => {
                        for item in self.seq(v, "`items`")? {
                            let id = self.schema_in_mode(item, mode)?;
                            s.prefix_items.push(id);
                        }
                    }
                    _ => s.items = Some(self.schema_in_mode(v, mode)?),
                },
                "prefixItems" => {
                    for item in self.seq(v, "`prefixItems`")? {
                        let id = self.schema(item)?;
                        s.prefix_items.push(id);
                    }
                }
                "contains" => s.contains = Some(self.schema(v)?),
                "minLength" => s.min_length = Some(self.limit(v, kf)?),
                "maxLength" => s.max_length = Some(self.limit(v, kf)?),
                "minItems" => s.min_items = Some(self.limit(v, kf)?),
                "maxItems" => s.max_items = Some(self.limit(v, kf)?),
                "minProperties" => s.min_properties = Some(self.limit(v, kf)?),
                "maxProperties" => s.max_properties = Some(self.limit(v, kf)?),
                "minimum" => s.minimum = Some(self.bound(v, kf, false)?),
                "maximum" => s.maximum = Some(self.bound(v, kf, false)?),
                "exclusiveMinimum" => exclusive_min = Some(v),
                "exclusiveMaximum" => exclusive_max = Some(v),
                "multipleOf" => s.multiple_of = Some((self.num(v, kf)?, v)),
                "pattern" => s.pattern = Some((self.string(v, "`pattern`")?, v)),
                "uniqueItems" => s.unique_items = self.true_at(r, kf)?,
                "readOnly" => s.read_only = self.true_at(r, kf)?,
                "writeOnly" => s.write_only = self.true_at(r, kf)?,
                "deprecated" => s.deprecated = self.true_at(r, kf)?,
                "default" => s.default = Some(v),
                // `x-nullable` is Swagger 2.0's common spelling of 3.0's `nullable`; both become
                // a `null` type.
                "nullable" | "x-nullable" => nullable = self.true_at(r, kf)?,
                "oneOf" => s.one_of = self.schema_list(v, "`oneOf`")?,
                "anyOf" => s.any_of = self.schema_list(v, "`anyOf`")?,
                "allOf" => s.all_of.extend(self.schema_list(v, "`allOf`")?),
                "not" => s.not = Some(self.schema(v)?),
                "discriminator" => s.discriminator = Some(self.discriminator(v)?),
                // Containers of definitions: what matters is reached through `$ref`.
                "$defs" | "definitions" => {}
                "title" => s.title = Some((self.string(v, "`title`")?, v)),
                "description" => s.description = Some((self.string(v, "`description`")?, v)),
                _ => {
                    super::shared::check_convention(self, kf, v)?;
                    s.extras.push((kf.to_string(), v));
                }
            }
        }
        // OpenAPI 3.1 writes 3.0's binary and base64 strings with JSON Schema's content
        // keywords; read them as the formats they replace so a migration is no change.
        if s.format.is_none() {
            let find = |s: &Schema, k: &str| s.extras.iter().position(|(e, _)| e == k);
            if let Some(i) = find(&s, "contentEncoding")
                && self
                    .text(s.extras[i].1)
                    .is_some_and(|t| t.eq_ignore_ascii_case("base64"))
            {
                let (_, at) = s.extras.remove(i);
                s.format = Some(("byte".into(), at));
            } else if let Some(i) = find(&s, "contentMediaType")
                && self.text(s.extras[i].1) == Some("application/octet-stream")
            {
                let (_, at) = s.extras.remove(i);
                s.format = Some(("binary".into(), at));
            }
        }
        // Swagger 2.0's `type: file` is OpenAPI 3's `type: string, format: binary`.
        if let Some(t) = s.types_at
            && s.format.is_none()
            && self.text(t) == Some("file")
        {
            s.format = Some(("binary".into(), t));
        }
        if nullable.is_some() {
            match s.types {
                Some(t) => s.types = Some(t.union(TypeSet::NULL)),
                None => s.nullable_pending = nullable,
            }
        }
        // 3.0's boolean form only modifies `minimum` / `maximum`. Without one it has no effect,
        // but it is kept (and compared) rather than dropped: it is usually an incomplete bound.
        let dangling = |r: &Self, v: NodeRef, bound: &Option<Bound>| -> Option<Option<NodeRef>> {
            match r.t(v).resolve(v.node) {
                Some(Resolved::Bool(b)) if bound.is_none() => Some(b.then_some(v)),
                _ => None,
            }
        };
        if let Some(v) = exclusive_min {
            match dangling(self, v, &s.minimum) {
                Some(flag) => s.exclusive_minimum_flag = flag,
                None => {
                    s.minimum = self.exclusive(s.minimum.take(), v, "exclusiveMinimum", true)?
                }
            }
        }
        if let Some(v) = exclusive_max {
            match dangling(self, v, &s.maximum) {
                Some(flag) => s.exclusive_maximum_flag = flag,
                None => {
                    s.maximum = self.exclusive(s.maximum.take(), v, "exclusiveMaximum", false)?
                }
            }
        }
        Ok(s)
    }

    /// Fold 3.0's boolean `exclusiveMinimum: true` and 3.1's numeric `exclusiveMinimum: 5`
    /// into one bound. With both a number and an inclusive bound, the tighter one holds.
    fn exclusive(
        &self,
        inclusive: Option<Bound>,
        v: NodeRef,
        key: &str,
        lower: bool,
    ) -> Result<Option<Bound>> {
        match self.t(v).resolve(v.node) {
            None => Err(self.invalid(v, format!("`{key}` must be a number or a boolean"))),
            Some(Resolved::Bool(b)) => Ok(inclusive.map(|mut bound| {
                bound.exclusive = b;
                bound
            })),
            Some(Resolved::Null) => Ok(inclusive),
            _ => {
                let excl = self.bound(v, key, true)?;
                Ok(Some(match inclusive {
                    Some(inc) => {
                        let excl_tighter = if lower {
                            excl.value.value >= inc.value.value
                        } else {
                            excl.value.value <= inc.value.value
                        };
                        if excl_tighter { excl } else { inc }
                    }
                    None => excl,
                }))
            }
        }
    }

    fn types(&self, v: NodeRef) -> Result<TypeSet> {
        let one = |r: NodeRef| -> Result<TypeSet> {
            let name = self.string(r, "`type`")?;
            match name.as_str() {
                // Swagger 2.0's `file` is binary content.
                "file" => Ok(TypeSet::STRING),
                n => TypeSet::from_name(n).ok_or_else(|| {
                    self.invalid(
                        r,
                        format!(
                            "unknown type `{n}`: expected one of array, boolean, integer, null, number, object, string"
                        ),
                    )
                }),
            }
        };
        match self.t(v).value(v.node) {
            NodeValue::Seq(_) => {
                let mut set = TypeSet::default();
                for item in self.seq(v, "`type`")? {
                    set = set.union(one(item)?);
                }
                Ok(set)
            }
            _ => one(v),
        }
    }

    fn true_at(&self, parent: NodeRef, key: &str) -> Result<Option<NodeRef>> {
        Ok(self
            .opt_bool(parent, key)?
            .and_then(|(b, at)| b.then_some(at)))
    }

    pub(super) fn num(&self, v: NodeRef, key: &str) -> Result<Num> {
        let bad = || self.invalid(v, format!("`{key}` must be a finite number"));
        let text = match self.t(v).resolve(v.node) {
            Some(Resolved::Number(t)) => t,
            // Quoted numbers are wrong but unambiguous.
            Some(Resolved::Str(t)) if t.parse::<f64>().is_ok() => t,
            _ => return Err(bad()),
        };
        // Bounds and steps must be finite: `.nan` would never equal itself.
        let value = parse_number(text)
            .filter(|v| v.is_finite())
            .ok_or_else(bad)?;
        Ok(Num {
            value,
            text: text.to_string(),
        })
    }

    fn bound(&self, v: NodeRef, key: &str, exclusive: bool) -> Result<Bound> {
        Ok(Bound {
            value: self.num(v, key)?,
            exclusive,
            at: v,
        })
    }

    fn limit(&self, v: NodeRef, key: &str) -> Result<Limit> {
        let n = self.num(v, key)?;
        if n.value < 0.0 || n.value.fract() != 0.0 || n.value > u64::MAX as f64 {
            return Err(self.invalid(v, format!("`{key}` must be a non-negative integer")));
        }
        Ok(Limit {
            value: n.value as u64,
            at: v,
        })
    }

    fn schema_map(&mut self, v: NodeRef, what: &str) -> Result<Vec<(String, SchemaId)>> {
        let mut out = Vec::new();
        for (k, child) in self.map(v, what)? {
            let name = self.text(k).unwrap_or("").to_string();
            let id = self.schema(child)?;
            out.push((name, id));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    fn schema_list(&mut self, v: NodeRef, what: &str) -> Result<Vec<SchemaId>> {
        let mut out = Vec::new();
        for item in self.seq(v, what)? {
            out.push(self.schema(item)?);
        }
        Ok(out)
    }

    fn discriminator(&self, v: NodeRef) -> Result<Discriminator> {
        // Swagger 2.0: `discriminator: petType`.
        if let Some(name) = self.text(v) {
            return Ok(Discriminator {
                property_name: name.to_string(),
                at: v,
                mapping: Vec::new(),
            });
        }
        let property_name = self
            .opt_string(v, "propertyName")?
            .ok_or_else(|| self.invalid(v, "a discriminator needs a `propertyName`"))?;
        let mut mapping = Vec::new();
        if let Some(m) = self.get(v, "mapping") {
            for (k, target) in self.map(m, "`mapping`")? {
                mapping.push((
                    self.text(k).unwrap_or("").to_string(),
                    self.string(target, "a mapping target")?,
                ));
            }
        }
        mapping.sort();
        Ok(Discriminator {
            property_name,
            at: v,
            mapping,
        })
    }
}

/// A map key held on the stack when it is short (nearly always, for schema keywords).
enum ShortKey {
    Inline([u8; 32], usize),
    Heap(String),
}

impl ShortKey {
    fn new(s: &str) -> ShortKey {
        if s.len() <= 32 {
            let mut buf = [0u8; 32];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            ShortKey::Inline(buf, s.len())
        } else {
            ShortKey::Heap(s.to_string())
        }
    }

    fn as_str(&self) -> &str {
        match self {
            ShortKey::Inline(buf, len) => {
                std::str::from_utf8(&buf[..*len]).expect("copied from a str on a char boundary")
            }
            ShortKey::Heap(s) => s,
        }
    }
}
