//! Which operation of a spec a consumer's use names: a path template (parameter names do not
//! matter), an operationId, or — from Pact files — a concrete request path matched against the
//! templates, the most literal template winning (`/pets/mine` before `/pets/{id}`), with or
//! without the servers' base path.

use crate::consumers::registry::OpRef;
use crate::model::{Operation, Spec};
use crate::vocabulary::{Method, OperationId, path_key};

/// What pairs operations across revisions: the path with parameter names erased, and the
/// method.
pub type OpKey = (String, Method);

/// The key of a change's operation; `None` for webhooks (consumers call endpoints).
pub fn key_of(op: &OperationId) -> Option<OpKey> {
    let (path, method) = op.key();
    (!op.is_webhook()).then(|| (path.to_string(), method))
}

/// The operation a use names in a spec.
pub fn find<'s>(spec: &'s Spec, op: &OpRef) -> Option<&'s Operation> {
    match op {
        OpRef::Route { method, path } => {
            let key = path_key(path);
            spec.operations
                .iter()
                .find(|o| o.method == *method && o.key.0 == key)
        }
        OpRef::Id(id) => spec
            .operations
            .iter()
            .find(|o| o.operation_id.as_ref().is_some_and(|t| t.value == *id)),
        OpRef::Request { method, path } => match_request(spec, *method, path),
    }
}

/// The key a use stands for: from the first spec that has the operation; for a template no
/// spec has, the template itself.
pub fn key(specs: &[&Spec], op: &OpRef) -> Option<OpKey> {
    if let Some(o) = specs.iter().find_map(|s| find(s, op)) {
        return Some(o.key.clone());
    }
    match op {
        OpRef::Route { method, path } => Some((path_key(path), *method)),
        _ => None,
    }
}

fn match_request<'s>(spec: &'s Spec, method: Method, path: &str) -> Option<&'s Operation> {
    let candidates = || spec.operations.iter().filter(|o| o.method == method);
    let best = |path: &str| {
        candidates()
            .filter_map(|o| template_score(&o.path, path).map(|s| (s, o)))
            .max_by_key(|(s, _)| *s)
            .map(|(_, o)| o)
    };
    if let Some(o) = best(path) {
        return Some(o);
    }
    let bases = spec
        .servers
        .iter()
        .map(|s| s.path())
        .filter(|b| !b.is_empty());
    for base in bases {
        if let Some(rest) = path.strip_prefix(base.trim_end_matches('/'))
            && rest.starts_with('/')
            && let Some(o) = best(rest)
        {
            return Some(o);
        }
    }
    None
}

/// How well a concrete path fits a template: `None` when it does not, else the number of
/// literal characters matched (more literal = more specific).
pub fn template_score(template: &str, path: &str) -> Option<usize> {
    let ts: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let ps: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if ts.len() != ps.len() {
        return None;
    }
    let mut score = 0;
    for (t, p) in ts.iter().zip(&ps) {
        score += segment_score(t, p)?;
    }
    Some(score)
}

/// One segment: literal text must match, each `{param}` takes at least one character.
fn segment_score(t: &str, p: &str) -> Option<usize> {
    let Some(open) = t.find('{') else {
        return (t == p).then_some(t.len() + 1);
    };
    let close = open + t[open..].find('}')?;
    let (prefix, rest) = (&t[..open], &t[close + 1..]);
    let after = p.strip_prefix(prefix)?;
    // The parameter takes the shortest text that lets the rest match.
    (1..=after.len())
        .filter(|&n| after.is_char_boundary(n))
        .find_map(|n| segment_score(rest, &after[n..]).map(|s| s + prefix.len()))
        .or_else(|| (rest.is_empty() && !after.is_empty()).then_some(prefix.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concrete_paths_fit_templates() {
        assert!(template_score("/pets/{id}", "/pets/42").is_some());
        assert!(template_score("/pets/{id}", "/pets").is_none());
        assert!(template_score("/pets/{id}", "/pets/42/toys").is_none());
        assert!(template_score("/pets", "/pets/").is_some());
        assert!(template_score("/files/{name}.json", "/files/a.b.json").is_some());
        assert!(template_score("/files/{name}.json", "/files/.json").is_none());
        assert!(
            template_score("/pets/mine", "/pets/mine").unwrap()
                > template_score("/pets/{id}", "/pets/mine").unwrap()
        );
        assert!(template_score("/pets/{id}", "/pets/%C3%A9").is_some());
        assert!(template_score("/a/{x}", "/a/é").is_some());
    }

    #[test]
    fn operations_give_keys() {
        assert_eq!(
            key_of(&OperationId::endpoint(Method::Get, "/pets/{petId}")),
            Some(("/pets/{}".into(), Method::Get))
        );
        assert_eq!(key_of(&OperationId::webhook(Method::Post, "new")), None);
    }
}
