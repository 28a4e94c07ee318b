//! Security requirements: a request must carry the credentials of one of the operation's
//! alternatives (all schemes of it), else 401. The mock checks that credentials are present
//! and of the right kind, never that they are good: any bearer token will do.

use super::Request;
use super::problem::{Problem, Refusal};
use super::request::query_pairs;
use crate::model::{Operation, SecurityScheme, Spec};

/// The refusal of a request without the credentials the operation requires.
pub(crate) fn check(spec: &Spec, op: &Operation, request: &Request) -> Option<Refusal> {
    let security = op.security.as_ref()?;
    if security.alternatives.is_empty() {
        return None;
    }
    let carries = |name: &str| {
        spec.security_schemes
            .iter()
            .find(|s| s.name == name)
            .is_none_or(|s| carried(s, request))
    };
    if security
        .alternatives
        .iter()
        .any(|alt| alt.schemes.iter().all(|(name, _)| carries(name)))
    {
        return None;
    }
    let wanted: Vec<String> = security.alternatives.iter().map(|a| a.label()).collect();
    let mut refusal = Refusal::new(
        401,
        "Unauthorized",
        format!("{} requires {}", op.label(), wanted.join(" or ")),
    );
    refusal.problems.push(Problem {
        place: "security",
        name: None,
        pointer: String::new(),
        keyword: "security",
        message: format!("no credentials for {}", wanted.join(" or ")),
        at: Some(security.at),
    });
    refusal.challenge = security
        .alternatives
        .iter()
        .flat_map(|a| &a.schemes)
        .filter_map(|(name, _)| spec.security_schemes.iter().find(|s| &s.name == name))
        .find_map(challenge);
    Some(refusal)
}

/// Whether the request carries credentials of this scheme.
fn carried(scheme: &SecurityScheme, request: &Request) -> bool {
    let authorization = request.header("authorization").unwrap_or_default();
    let has_prefix = |prefix: &str| {
        authorization.len() > prefix.len()
            && authorization.is_char_boundary(prefix.len())
            && authorization[..prefix.len()].eq_ignore_ascii_case(prefix)
            && !authorization[prefix.len()..].trim().is_empty()
    };
    match scheme.kind.as_str() {
        "apiKey" => {
            let name = scheme.parameter_name.as_deref().unwrap_or("");
            match scheme.location.as_deref() {
                Some("query") => query_pairs(&request.target)
                    .iter()
                    .any(|(k, v)| k == name && !v.is_empty()),
                Some("cookie") => request.header("cookie").is_some_and(|c| {
                    c.split(';').any(|p| {
                        p.trim()
                            .split_once('=')
                            .is_some_and(|(k, v)| k == name && !v.is_empty())
                    })
                }),
                _ => request.header(name).is_some_and(|v| !v.trim().is_empty()),
            }
        }
        "http" => match scheme.scheme.as_deref() {
            Some(s) => has_prefix(&format!("{s} ")),
            None => !authorization.trim().is_empty(),
        },
        "oauth2" | "openIdConnect" => has_prefix("bearer "),
        // Client certificates are the TLS layer's business; a mock on plain HTTP has none.
        _ => true,
    }
}

/// The `WWW-Authenticate` challenge of an HTTP-authentication scheme.
fn challenge(scheme: &SecurityScheme) -> Option<String> {
    match (scheme.kind.as_str(), scheme.scheme.as_deref()) {
        ("http", Some("basic")) => Some("Basic realm=\"weir mock\"".into()),
        ("http", Some(s)) if s.is_ascii() && !s.is_empty() => Some(format!(
            "{}{} realm=\"weir mock\"",
            s[..1].to_uppercase(),
            &s[1..]
        )),
        ("oauth2" | "openIdConnect", _) => Some("Bearer realm=\"weir mock\"".into()),
        _ => None,
    }
}
