//! A consumer file names only what the API has: every operation a use names (a Pact
//! interaction's request included), and every field, parameter and response header a
//! manifest lists, must exist in the base or in the revision. A typo would otherwise make the
//! consumer silently unaffected — and, with a complete registry, let a break through as a
//! warning. Each is an error at its place in the file, with the closest name the specs have.

use super::resolve;
use super::trace::matches;
use crate::consumers::locate;
use crate::consumers::registry::fields::{FieldStep, Pattern};
use crate::consumers::registry::params::{NOT_PARAMETERS, Param};
use crate::consumers::registry::{Named, OpRef, Registry, Use, Written};
use crate::error::{Result, close_names, suggestion};
use crate::json_schema::graph::{self, SchemaStep};
use crate::model::schema::{Additional, TypeSet};
use crate::model::{Operation, ParamIn, SchemaId, Spec};
use crate::vocabulary::Context;

/// Every name the registry uses exists in `base` or `revision`; else the first that does not,
/// as an error at its place.
pub fn check(registry: &Registry, base: &Spec, revision: &Spec) -> Result<()> {
    let specs = [base, revision];
    for c in &registry.consumers {
        for u in &c.uses {
            let ops: Vec<(&Spec, &Operation)> = specs
                .iter()
                .filter_map(|s| resolve::find(s, &u.operation).map(|o| (*s, o)))
                .collect();
            if ops.is_empty() {
                return Err(unknown_operation(u, &specs));
            }
            for w in &u.written {
                check_written(w, &u.operation, &ops)?;
            }
        }
    }
    Ok(())
}

fn unknown_operation(u: &Use, specs: &[&Spec; 2]) -> crate::error::Error {
    let message = match &u.operation {
        OpRef::Request { method, path } => format!(
            "the Pact interaction's request {} {path} matches no operation of the spec (neither the base nor the revision)",
            method.upper()
        ),
        op => format!(
            "`{}` is no operation of the spec (neither the base nor the revision has it)",
            op.label()
        ),
    };
    let ops = specs.iter().flat_map(|s| &s.operations);
    let known: Vec<String> = match &u.operation {
        OpRef::Id(_) => ops
            .filter_map(|o| o.operation_id.as_ref().map(|t| t.value.clone()))
            .collect(),
        _ => ops
            .map(|o| format!("{} {}", o.method.upper(), o.path))
            .collect(),
    };
    u.at.error(message, hint(&u.operation.label(), &known, ""))
}

fn check_written(w: &Written, op: &OpRef, ops: &[(&Spec, &Operation)]) -> Result<()> {
    let list = if w.reads { "reads" } else { "sends" };
    let problem = match &w.name {
        Named::Param(p) => param_problem(p, w.reads, ops),
        Named::Field(pattern) => field_problem(pattern, w.reads, ops),
    };
    let Some(m) = problem else {
        return Ok(());
    };
    let hint = hint(&m.name, &m.known, &m.prefix);
    Err(w.at.error(
        format!(
            "`{list}` of `{}` names {}, which neither the base nor the revision has",
            op.label(),
            m.what
        ),
        hint,
    ))
}

/// A name a manifest lists that no side has (a `param_problem` or `field_problem` is `None`
/// when one side has it).
struct Missing {
    /// What is missing, for the message.
    what: String,
    /// The name written where nothing is, and the names there are.
    name: String,
    known: Vec<String>,
    /// The place (`[].owner.`) the names are under.
    prefix: String,
}

/// A parameter in `sends`, a response header in `reads`. The headers OpenAPI does not
/// describe as parameters (`Accept`, `Content-Type`, `Authorization`) always exist; a path
/// parameter is checked against the use's own template when the manifest is read (its name
/// need not be the spec's).
fn param_problem(p: &Param, reads: bool, ops: &[(&Spec, &Operation)]) -> Option<Missing> {
    let implicit = match p.location {
        ParamIn::Path => true,
        ParamIn::Header => NOT_PARAMETERS.contains(&p.name.to_ascii_lowercase().as_str()),
        _ => false,
    };
    if implicit {
        return None;
    }
    let names: Vec<(ParamIn, &str)> = ops
        .iter()
        .flat_map(|(_, o)| -> Vec<(ParamIn, &str)> {
            if reads {
                o.responses
                    .iter()
                    .flat_map(|r| &r.headers)
                    .map(|h| (ParamIn::Header, h.name.as_str()))
                    .collect()
            } else {
                o.parameters
                    .iter()
                    .map(|q| (q.location, q.name.as_str()))
                    .collect()
            }
        })
        .collect();
    if names.iter().any(|(l, n)| p.is(*l, n)) {
        return None;
    }
    let what = if reads {
        format!("the response header `{}`", p.name)
    } else {
        format!("the {} parameter `{}`", p.location.name(), p.name)
    };
    let known = names
        .iter()
        .filter(|(l, _)| *l == p.location)
        .map(|(_, n)| n.to_string())
        .collect();
    Some(Missing {
        what,
        name: p.name.clone(),
        known,
        prefix: String::new(),
    })
}

/// A body field: the pattern laid over the operation's response bodies (`reads`) or request
/// body (`sends`) on each side.
fn field_problem(pattern: &Pattern, reads: bool, ops: &[(&Spec, &Operation)]) -> Option<Missing> {
    let context = if reads {
        Context::Response
    } else {
        Context::RequestBody
    };
    let mut missing: Option<(usize, Vec<String>)> = None;
    for (spec, op) in ops {
        let roots: Vec<SchemaId> = locate::parts(op)
            .into_iter()
            .filter(|p| p.scope.is_empty() && p.kind.context() == context)
            .map(|p| p.schema)
            .collect();
        match walk(spec, roots, &pattern.steps, !reads) {
            None => return None,
            // The side that gets further says best what is there.
            Some((k, known)) if missing.as_ref().is_none_or(|(m, _)| k > *m) => {
                missing = Some((k, known));
            }
            Some(_) => {}
        }
    }
    let (k, known) = missing?;
    let body = if reads {
        "response body"
    } else {
        "request body"
    };
    let what = match pattern.steps.get(k) {
        Some(FieldStep::Name(n) | FieldStep::Index(n)) if k > 0 => format!(
            "the field `{}` (its {body} has no `{n}` under `{}`)",
            pattern.text,
            Pattern::of_place(pattern.steps[..k].to_vec()).text
        ),
        Some(FieldStep::Name(n) | FieldStep::Index(n)) if !known.is_empty() => {
            format!("the field `{}` (its {body} has no `{n}`)", pattern.text)
        }
        _ if k == 0 && known.is_empty() => {
            format!(
                "the field `{}` (its {body} declares no fields)",
                pattern.text
            )
        }
        _ => format!(
            "the field `{}` (nothing in its {body} is there)",
            pattern.text
        ),
    };
    let name = match pattern.steps.get(k) {
        Some(FieldStep::Name(n) | FieldStep::Index(n)) => n.clone(),
        _ => String::new(),
    };
    // Suggest whole paths: the place so far, then the name there.
    let prefix = match k {
        0 => String::new(),
        _ => format!("{}.", Pattern::of_place(pattern.steps[..k].to_vec()).text),
    };
    Some(Missing {
        what,
        name,
        known,
        prefix,
    })
}

/// Follow the steps from the roots: `None` when the pattern names a place the schemas have
/// (or may have: a schema that says nothing of what its instances hold accepts any name);
/// else the step that leads nowhere and the property names declared where it is.
///
/// With `extra` (what a client sends), a property an object does not declare but does not
/// forbid either (no `additionalProperties`) is one a client may send: recorded traffic
/// lists such. Only a closed object refuses an undeclared name there.
fn walk(
    spec: &Spec,
    roots: Vec<SchemaId>,
    steps: &[FieldStep],
    extra: bool,
) -> Option<(usize, Vec<String>)> {
    if roots.is_empty() {
        return Some((0, Vec::new()));
    }
    let mut frontier = graph::same_place_closure(spec, roots);
    for (k, step) in steps.iter().enumerate() {
        if *step == FieldStep::Deep || frontier.iter().any(|&id| open(spec, id)) {
            return None;
        }
        let children: Vec<(SchemaStep, SchemaId)> = frontier
            .iter()
            .flat_map(|&id| graph::children(spec, id))
            .collect();
        let next: Vec<SchemaId> = children
            .iter()
            .filter(|(s, _)| matches(step, s))
            .map(|(_, id)| *id)
            .collect();
        if next.is_empty() {
            let mut known: Vec<String> = children
                .into_iter()
                .filter_map(|(s, _)| match s {
                    SchemaStep::Property(n) => Some(n),
                    _ => None,
                })
                .collect();
            known.sort();
            known.dedup();
            let extensible = frontier.iter().any(|&id| {
                let s = spec.schema(id);
                s.additional_properties.is_none() && !s.properties.is_empty()
            });
            if matches!(step, FieldStep::Name(_)) && extra && extensible {
                return None;
            }
            return Some((k, known));
        }
        frontier = graph::same_place_closure(spec, next);
    }
    None
}

/// A schema that may hold any property or item: it declares none, its type allows objects or
/// arrays, and it is no mere union of other schemas (those are looked at themselves); or
/// it allows extra properties explicitly.
fn open(spec: &Spec, id: SchemaId) -> bool {
    let s = spec.schema(id);
    if matches!(
        s.additional_properties,
        Some((Additional::Allowed(true), _))
    ) {
        return true;
    }
    let composed = !(s.one_of.is_empty() && s.any_of.is_empty() && s.all_of.is_empty());
    let container = s
        .types
        .is_none_or(|t| t.has(TypeSet::OBJECT) || t.has(TypeSet::ARRAY));
    s.boolean != Some(false) && !composed && container && graph::children(spec, id).is_empty()
}

/// The names of `known` close to `written` (`error::close_names`, as every "did you mean"
/// weir gives), each under `prefix`; else, when none is close, what there is.
fn hint(written: &str, known: &[String], prefix: &str) -> Option<String> {
    let close = close_names(written, known.iter().map(String::as_str));
    suggestion(close.iter().map(|k| format!("{prefix}{k}"))).or_else(|| listing(known))
}

/// What exists there, when nothing is close.
fn listing(known: &[String]) -> Option<String> {
    const SHOWN: usize = 8;
    let mut names: Vec<&str> = known.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    match names.len() {
        0 => None,
        n if n <= SHOWN => Some(format!("it has: {}", names.join(", "))),
        n => Some(format!(
            "it has: {}, … ({} more)",
            names[..SHOWN].join(", "),
            n - SHOWN
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_suggested_and_else_what_there_is() {
        let known = ["owner".to_string(), "name".to_string(), "id".to_string()];
        assert_eq!(
            hint("ownr", &known, "[].").as_deref(),
            Some("did you mean `[].owner`?")
        );
        assert_eq!(
            hint("zzzzzz", &known, "").as_deref(),
            Some("it has: id, name, owner")
        );
        assert_eq!(hint("zzzzzz", &[], ""), None);
        // Half the letters in common is no typo: `date` is not `name` misspelt.
        assert_eq!(
            hint("date", &known, "").as_deref(),
            Some("it has: id, name, owner")
        );
    }
}
