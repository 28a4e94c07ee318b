//! Routing a request to an operation: by path template (a templated segment takes any one
//! segment; `/pets/mine` wins over `/pets/{id}`), under any of the spec's server base paths
//! or none, with or without a trailing slash, then by method.

use regex::Regex;

use crate::model::{Operation, Spec};
use crate::vocabulary::Method;

/// Where a request lands.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Routed {
    /// The operation (an index into `spec.operations`) and its path variables as sent (still
    /// percent-encoded).
    Found {
        operation: usize,
        variables: Vec<(String, String)>,
    },
    /// The path exists but not for this method: the methods it has, for `Allow`.
    OtherMethods(Vec<Method>),
    NotFound,
}

pub(crate) struct Router {
    /// Server base paths (`/v1`), longest first.
    bases: Vec<String>,
    routes: Vec<Route>,
}

struct Route {
    pattern: Regex,
    /// The template's variable names, in order.
    names: Vec<String>,
    /// Characters outside variables: the more, the more specific the template.
    literal: usize,
    /// `(method, operation index)`.
    operations: Vec<(Method, usize)>,
}

impl Router {
    pub(crate) fn new(spec: &Spec) -> Router {
        let mut routes: Vec<Route> = Vec::new();
        for (i, op) in spec.operations.iter().enumerate() {
            // Once per operation: computing it per route compared made start-up quadratic
            // in the number of paths (a fifth of the start-up on Stripe's spec).
            let (source, names, literal) = pattern(trim_slash(&op.path));
            match routes.iter_mut().find(|r| r.pattern.as_str() == source) {
                Some(r) => r.operations.push((op.method, i)),
                None => {
                    if let Ok(pattern) = Regex::new(&source) {
                        routes.push(Route {
                            pattern,
                            names,
                            literal,
                            operations: vec![(op.method, i)],
                        });
                    }
                }
            }
        }
        routes.sort_by_key(|r| std::cmp::Reverse(r.literal));
        let mut bases: Vec<String> = spec
            .servers
            .iter()
            .chain(spec.operations.iter().flat_map(|o: &Operation| &o.servers))
            .filter_map(|s| base_path(spec, s))
            .collect();
        bases.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        bases.dedup();
        Router { bases, routes }
    }

    /// Route `path` (the request target without its query) for `method` (as sent). The most
    /// specific template that matches the path decides: its operation for the method, else
    /// its methods for `Allow`.
    pub(crate) fn route(&self, method: &str, path: &str) -> Routed {
        let mut other = None;
        for candidate in self.candidates(path) {
            let Some((r, caps)) = self
                .routes
                .iter()
                .find_map(|r| Some((r, r.pattern.captures(candidate)?)))
            else {
                continue;
            };
            if let Some(&(_, operation)) = r.operations.iter().find(|(m, _)| m.upper() == method) {
                let variables = r
                    .names
                    .iter()
                    .zip(caps.iter().skip(1))
                    .map(|(n, c)| (n.clone(), c.map_or("", |c| c.as_str()).to_string()))
                    .collect();
                return Routed::Found {
                    operation,
                    variables,
                };
            }
            other.get_or_insert_with(|| {
                let mut methods: Vec<Method> = r.operations.iter().map(|(m, _)| *m).collect();
                methods.sort();
                methods.dedup();
                methods
            });
        }
        other.map_or(Routed::NotFound, Routed::OtherMethods)
    }

    /// The path with each base path that prefixes it taken off, then as it is.
    fn candidates<'p>(&self, path: &'p str) -> Vec<&'p str> {
        let path = trim_slash(path);
        let mut out: Vec<&str> = self
            .bases
            .iter()
            .filter_map(|b| {
                let rest = path.strip_prefix(b.as_str())?;
                match rest {
                    "" => Some("/"),
                    r if r.starts_with('/') => Some(r),
                    _ => None,
                }
            })
            .collect();
        out.push(path);
        out
    }
}

/// `/pets/` → `/pets`; `/` stays.
fn trim_slash(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some("") | None => path,
        Some(p) => p,
    }
}

/// The regex of a template: each `{name}` takes one segment's worth of characters.
fn pattern(template: &str) -> (String, Vec<String>, usize) {
    let mut source = String::from("^");
    let mut names = Vec::new();
    let mut literal = 0;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        source.push_str(&regex::escape(&rest[..open]));
        literal += open;
        names.push(rest[open + 1..open + close].to_string());
        source.push_str("([^/]+)");
        rest = &rest[open + close + 1..];
    }
    source.push_str(&regex::escape(rest));
    literal += rest.len();
    source.push('$');
    (source, names, literal)
}

/// The path part of a server URL (`https://api.example.com/v1` → `/v1`), variables filled in
/// with their defaults; `None` for the root.
fn base_path(spec: &Spec, server: &crate::model::Server) -> Option<String> {
    let mut url = server.url.clone();
    let tree = spec.tree(server.at);
    if let Some(vars) = tree.get(server.at.node, "variables") {
        for (name, var) in tree.map_iter(vars) {
            if let Some(default) = tree.get(var, "default").and_then(|d| tree.text(d)) {
                url = url.replace(&format!("{{{name}}}"), default);
            }
        }
    }
    let path = match url.find("://") {
        Some(scheme_end) => {
            let after = &url[scheme_end + 3..];
            &after[after.find('/').unwrap_or(after.len())..]
        }
        None => url.as_str(),
    };
    let path = trim_slash(path);
    (path.starts_with('/') && path != "/").then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_become_one_segment_patterns() {
        let (source, names, literal) = pattern("/pets/{id}/toys/{toy}.json");
        assert_eq!(source, r"^/pets/([^/]+)/toys/([^/]+)\.json$");
        assert_eq!(names, ["id", "toy"]);
        assert_eq!(literal, "/pets//toys/.json".len());
    }

    #[test]
    fn trailing_slashes_are_trimmed_but_not_the_root() {
        assert_eq!(trim_slash("/pets/"), "/pets");
        assert_eq!(trim_slash("/"), "/");
    }
}
