//! What OpenAPI 3 and Swagger 2.0 write alike: the document's info, tags, servers and
//! security; an operation's common fields; responses, parameter keys, media type keys.

use super::reader::Reader;
use crate::error::{Error, Result};
use crate::model::{
    Extras, Header, MediaType, OAuthFlow, Operation, ParamIn, Parameter, Requirement, Response,
    SchemaId, Security, SecurityScheme, Server, Spec, Text,
};
use crate::vocabulary::{Method, NodeRef, conventions};

/// The parts of a spec that every dialect reads the same way: the root, `paths`, `tags` and
/// the root's extensions. All else is empty: each dialect fills in what it reads its own way,
/// and `read_spec` the files, schemas and warnings.
pub(super) fn document(r: &mut Reader, root: NodeRef) -> Result<Spec> {
    Ok(Spec {
        files: Vec::new(),
        dialect: r.dialect,
        root,
        paths: r.get(root, "paths").unwrap_or(root),
        title: None,
        version: None,
        servers: Vec::new(),
        operations: Vec::new(),
        webhooks: Vec::new(),
        security_schemes: Vec::new(),
        tags: read_tags(r, root)?,
        schemas: Vec::new(),
        extras: extensions(r, root)?,
        warnings: Vec::new(),
    })
}

/// The entries of a map whose keys are not `x-…` extensions, each with its key's text: the
/// paths of `paths`, the statuses of `responses`, the expressions of a callback.
pub(super) fn entries_but_extensions(
    r: &Reader,
    map: NodeRef,
    what: &str,
) -> Result<Vec<(String, NodeRef)>> {
    Ok(r.map(map, what)?
        .into_iter()
        .filter_map(|(k, v)| {
            let key = r.text(k).unwrap_or("").to_string();
            (!key.starts_with("x-")).then_some((key, v))
        })
        .collect())
}

/// `info.title` and `info.version`.
pub(super) fn read_info(r: &Reader, root: NodeRef) -> Result<(Option<Text>, Option<Text>)> {
    Ok(match r.get(root, "info") {
        Some(info) => (r.opt_text(info, "title")?, r.opt_text(info, "version")?),
        None => (None, None),
    })
}

fn read_tags(r: &Reader, root: NodeRef) -> Result<Vec<Text>> {
    let mut tags = Vec::new();
    if let Some(list) = r.get(root, "tags") {
        for t in r.seq(list, "`tags`")? {
            if let Some(name) = r.opt_text(t, "name")? {
                tags.push(name);
            }
        }
    }
    Ok(tags)
}

/// `x-…` keys of a map.
pub(super) fn extensions(r: &mut Reader, at: NodeRef) -> Result<Extras> {
    let not_a_map = || {
        let tree = r.t(at);
        let what = match tree.key_of(at.node).and_then(|k| tree.text(k)) {
            Some(key) => format!("`{key}`"),
            None => "this object".to_string(),
        };
        r.invalid(at, format!("{what} must be a mapping"))
    };
    let extras: Extras = r
        .entries(at)
        .ok_or_else(not_a_map)?
        .into_iter()
        .filter_map(|(k, v)| {
            let key = r.text(k)?;
            key.starts_with("x-").then(|| (key.to_string(), v))
        })
        .collect();
    for (key, v) in &extras {
        check_convention(r, key, *v)?;
    }
    Ok(extras)
}

/// `x-stability-level` and `x-sunset` decide verdicts, so they must say something weir can act
/// on — a level of the vocabulary, a date — or loading fails at the value: a typo never reads as
/// "stable" or "no sunset". A history walk tolerates them (see `Reader::conventions_tolerated`).
pub(super) fn check_convention(r: &mut Reader, key: &str, v: NodeRef) -> Result<()> {
    match convention_problem(r, key, v) {
        Some(e) if r.conventions_tolerated => r.tolerate(e),
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn convention_problem(r: &Reader, key: &str, v: NodeRef) -> Option<Error> {
    let text = r.text(v);
    let shown = || text.map_or_else(|| "a list or map".to_string(), |t| format!("`{t}`"));
    match key {
        "x-stability-level" if text.is_none_or(|t| conventions::stability_rank(t).is_none()) => {
            Some(r.invalid(
                v,
                format!(
                    "x-stability-level is {}: expected one of {}",
                    shown(),
                    conventions::STABILITY_LEVELS.join(", ")
                ),
            ))
        }
        "x-sunset" if text.is_none_or(|t| conventions::parse_sunset(t).is_none()) => {
            Some(r.invalid(
                v,
                format!(
                    "x-sunset is {}, not a date: write `2025-12-31` (RFC 3339) or \
                     `Wed, 31 Dec 2025 23:59:59 GMT` (the Sunset header's form, RFC 8594)",
                    shown()
                ),
            ))
        }
        _ => None,
    }
}

pub(super) fn read_servers(r: &Reader, at: NodeRef) -> Result<Vec<Server>> {
    let mut servers = Vec::new();
    if let Some(list) = r.get(at, "servers") {
        for s in r.seq(list, "`servers`")? {
            if let Some(url) = r.opt_string(s, "url")? {
                servers.push(Server { url, at: s });
            }
        }
    }
    Ok(servers)
}

/// `security:` of the document or an operation. `Some` with no alternatives means "explicitly
/// none" (`security: []`), which differs from not saying anything.
pub(super) fn read_security(r: &Reader, at: NodeRef) -> Result<Option<Security>> {
    let Some(list) = r.get(at, "security") else {
        return Ok(None);
    };
    let mut alternatives = Vec::new();
    for req in r.seq(list, "`security`")? {
        let mut schemes = Vec::new();
        for (k, scopes) in r.map(req, "a security requirement")? {
            let mut names = Vec::new();
            for s in r.seq(scopes, "the scopes of a security requirement")? {
                names.push(r.string(s, "a scope")?);
            }
            names.sort();
            names.dedup();
            schemes.push((r.text(k).unwrap_or("").to_string(), names));
        }
        schemes.sort();
        alternatives.push(Requirement { schemes });
    }
    Ok(Some(Security {
        at: list,
        alternatives,
    }))
}

/// An operation with what every dialect writes the same way: its id, texts, tags,
/// deprecation, security (its own requirement, else the document's) and extensions (its own
/// over its path item's). The dialect fills in the rest: parameters, request body, responses,
/// callbacks and servers.
pub(super) fn common(
    r: &mut Reader,
    op: NodeRef,
    (method, path, key): (Method, &str, String),
    item_extras: &Extras,
    global_security: &Option<Security>,
) -> Result<Operation> {
    let mut extras = extensions(r, op)?;
    for (k, v) in item_extras {
        if !extras.iter().any(|(e, _)| e == k) {
            extras.push((k.clone(), *v));
        }
    }
    let mut tags = Vec::new();
    if let Some(t) = r.get(op, "tags") {
        for tag in r.seq(t, "`tags`")? {
            tags.push(Text {
                value: r.string(tag, "a tag")?,
                at: tag,
            });
        }
    }
    Ok(Operation {
        method,
        path: path.to_string(),
        key: (key, method),
        at: op,
        operation_id: r.opt_text(op, "operationId")?,
        summary: r.opt_text(op, "summary")?,
        description: r.opt_text(op, "description")?,
        tags,
        deprecated: r
            .opt_bool(op, "deprecated")?
            .and_then(|(b, at)| b.then_some(at)),
        parameters: Vec::new(),
        request_body: None,
        responses: Vec::new(),
        callbacks: Vec::new(),
        security: read_security(r, op)?.or_else(|| global_security.clone()),
        servers: Vec::new(),
        extras,
    })
}

/// An operation's `responses`, sorted by status. A response is read the same way in every
/// dialect but for two parts, which the dialect reads: `header` reads one of its headers
/// (`None`: a `$ref` that resolves to nothing) and `content` its bodies. A response whose
/// `$ref` resolves to nothing is left out.
pub(super) fn read_responses(
    r: &mut Reader,
    op: NodeRef,
    mut header: impl FnMut(&mut Reader, String, NodeRef) -> Result<Option<Header>>,
    mut content: impl FnMut(&mut Reader, NodeRef) -> Result<Vec<MediaType>>,
) -> Result<Vec<Response>> {
    let mut responses = Vec::new();
    if let Some(resps) = r.get(op, "responses") {
        for (status, v) in entries_but_extensions(r, resps, "`responses`")? {
            let Some(v) = r.deref(v)? else { continue };
            let mut headers = Vec::new();
            for (name, hv) in response_headers(r, v)? {
                headers.extend(header(r, name, hv)?);
            }
            headers.sort_by(|a, b| a.key.cmp(&b.key));
            let content = content(r, v)?;
            responses.push(Response {
                status: normalize_status(&status),
                at: v,
                description: r.opt_text(v, "description")?,
                headers,
                content,
            });
        }
    }
    responses.sort_by(|a, b| a.status.cmp(&b.status));
    Ok(responses)
}

/// The security schemes declared in `map` (`components.securitySchemes` in OpenAPI 3,
/// `securityDefinitions` in Swagger 2.0), sorted by name; `read` reads one the dialect's way.
/// A `$ref` that resolves to nothing declares none.
pub(super) fn read_security_schemes(
    r: &mut Reader,
    map: Option<NodeRef>,
    what: &str,
    read: impl Fn(&Reader, String, NodeRef) -> Result<SecurityScheme>,
) -> Result<Vec<SecurityScheme>> {
    let mut out = Vec::new();
    if let Some(map) = map {
        for (k, v) in r.map(map, what)? {
            let name = r.text(k).unwrap_or("").to_string();
            let Some(v) = r.deref(v)? else { continue };
            out.push(read(r, name, v)?);
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// `2xx` → `2XX`; other keys as they are.
fn normalize_status(status: &str) -> String {
    if status.len() == 3 && status.is_char_boundary(1) && status[1..].eq_ignore_ascii_case("xx") {
        status.to_ascii_uppercase()
    } else {
        status.to_string()
    }
}

pub(super) fn param_location(r: &Reader, p: NodeRef) -> Result<ParamIn> {
    let loc = r
        .get(p, "in")
        .ok_or_else(|| r.invalid(p, "a parameter needs `in`"))?;
    match r.text(loc).unwrap_or("") {
        "path" => Ok(ParamIn::Path),
        "query" => Ok(ParamIn::Query),
        "header" => Ok(ParamIn::Header),
        "cookie" => Ok(ParamIn::Cookie),
        other => Err(r.invalid(
            loc,
            format!("unknown parameter location `{other}`: expected path, query, header or cookie"),
        )),
    }
}

/// What pairs a parameter with its counterpart in the other revision.
pub(super) fn param_key(location: ParamIn, name: &str, path: &str) -> String {
    match location {
        ParamIn::Path => {
            let needle = format!("{{{name}}}");
            match path.find(&needle) {
                Some(pos) => format!("path#{}", path[..pos].matches('{').count()),
                None => format!("path:{name}"),
            }
        }
        ParamIn::Header => format!("header:{}", name.to_ascii_lowercase()),
        ParamIn::Query => format!("query:{name}"),
        ParamIn::Cookie => format!("cookie:{name}"),
    }
}

pub(super) fn media_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The `schema` of a parameter, header or media type, if it has one.
pub(super) fn read_schema_of(r: &mut Reader, at: NodeRef) -> Result<Option<SchemaId>> {
    match r.get(at, "schema") {
        Some(s) => Ok(Some(r.schema(s)?)),
        None => Ok(None),
    }
}

/// A response's `headers`, each with its name, but `Content-Type`: the spec says a
/// description of that one is ignored.
fn response_headers(r: &Reader, response: NodeRef) -> Result<Vec<(String, NodeRef)>> {
    let mut out = Vec::new();
    if let Some(h) = r.get(response, "headers") {
        for (k, hv) in r.map(h, "`headers`")? {
            let name = r.text(k).unwrap_or("").to_string();
            if !name.eq_ignore_ascii_case("content-type") {
                out.push((name, hv));
            }
        }
    }
    Ok(out)
}

pub(super) fn read_flow(r: &Reader, kind: String, flow: NodeRef) -> Result<OAuthFlow> {
    let mut scopes = Vec::new();
    if let Some(s) = r.get(flow, "scopes") {
        for (k, _) in r.map(s, "`scopes`")? {
            scopes.push(r.text(k).unwrap_or("").to_string());
        }
    }
    scopes.sort();
    Ok(OAuthFlow {
        kind,
        at: flow,
        authorization_url: r.opt_string(flow, "authorizationUrl")?,
        token_url: r.opt_string(flow, "tokenUrl")?,
        refresh_url: r.opt_string(flow, "refreshUrl")?,
        scopes,
    })
}

/// The parameters a path template needs but `declared` does not list, as implicit required
/// path parameters.
pub(super) fn implicit_path_parameters(
    path: &str,
    declared: &[Parameter],
    at: NodeRef,
) -> Vec<Parameter> {
    let mut out = Vec::new();
    let mut rest = path;
    let mut index = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        let key = format!("path#{index}");
        if !declared.iter().any(|p| p.key == key) {
            out.push(Parameter {
                name: name.to_string(),
                description: None,
                implicit: true,
                location: ParamIn::Path,
                key,
                at,
                required: true,
                deprecated: false,
                style: "simple".into(),
                explode: false,
                allow_empty_value: false,
                allow_reserved: false,
                schema: None,
                content: Vec::new(),
                extras: Vec::new(),
            });
        }
        index += 1;
        rest = &rest[open + close + 1..];
    }
    out
}
