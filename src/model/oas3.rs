//! OpenAPI 3.0 and 3.1 documents → the model.

use super::read::Reader;
use super::{
    Callback, Extras, Header, MediaType, Method, NodeRef, OAuthFlow, Operation, ParamIn, Parameter,
    RequestBody, Requirement, Response, SchemaId, Security, SecurityScheme, Server, Spec, Text,
    path_key,
};
use crate::error::Result;

pub(super) fn read(r: &mut Reader, root: NodeRef) -> Result<Spec> {
    let (title, version) = read_info(r, root)?;
    let servers = read_servers(r, root)?;
    let global_security = read_security(r, root)?;
    let mut operations = Vec::new();
    if let Some(paths) = r.get(root, "paths") {
        for (path, item) in entries_but_extensions(r, paths, "`paths`")? {
            read_path_item(
                r,
                Where::Path(&path),
                item,
                &global_security,
                &servers,
                &mut operations,
            )?;
        }
    }
    operations.sort_by(|a, b| a.key.cmp(&b.key));
    let mut webhooks = Vec::new();
    if let Some(hooks) = r.get(root, "webhooks") {
        for (k, item) in r.map(hooks, "`webhooks`")? {
            let name = r.text(k).unwrap_or("").to_string();
            read_path_item(
                r,
                Where::Named(&name),
                item,
                &global_security,
                &servers,
                &mut webhooks,
            )?;
        }
    }
    webhooks.sort_by(|a, b| a.key.cmp(&b.key));
    let mut security_schemes = Vec::new();
    if let Some(components) = r.get(root, "components")
        && let Some(schemes) = r.get(components, "securitySchemes")
    {
        for (k, v) in r.map(schemes, "`securitySchemes`")? {
            let name = r.text(k).unwrap_or("").to_string();
            let Some(v) = r.deref(v)? else { continue };
            security_schemes.push(read_security_scheme(r, name, v)?);
        }
    }
    security_schemes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Spec {
        title,
        version,
        servers,
        operations,
        webhooks,
        security_schemes,
        ..document(r, root)?
    })
}

/// The parts of a spec that every dialect reads the same way: the root, `paths`, `tags` and
/// the root's extensions. All else is empty: each dialect fills in what it reads its own way,
/// and `read_spec` the files, schemas and warnings.
pub(super) fn document(r: &Reader, root: NodeRef) -> Result<Spec> {
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
pub(super) fn extensions(r: &Reader, at: NodeRef) -> Result<Extras> {
    let tree = r.t(at);
    let what = match tree.key_of(at.node).and_then(|k| tree.text(k)) {
        Some(key) => format!("`{key}`"),
        None => "this object".to_string(),
    };
    Ok(r.map(at, &what)?
        .into_iter()
        .filter_map(|(k, v)| {
            let key = r.text(k)?;
            key.starts_with("x-").then(|| (key.to_string(), v))
        })
        .collect())
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

/// What a path item hangs under: a path template (paired with parameter names erased), or a
/// webhook name or callback expression (paired as written).
#[derive(Clone, Copy)]
enum Where<'p> {
    Path(&'p str),
    Named(&'p str),
}

fn read_path_item(
    r: &mut Reader,
    at: Where<'_>,
    item: NodeRef,
    global_security: &Option<Security>,
    global_servers: &[Server],
    out: &mut Vec<Operation>,
) -> Result<()> {
    let (path, key) = match at {
        Where::Path(p) => (p, path_key(p)),
        Where::Named(n) => (n, n.to_string()),
    };
    let Some(item) = r.deref(item)? else {
        return Ok(());
    };
    let shared = match r.get(item, "parameters") {
        Some(p) => read_parameters(r, p, path)?,
        None => Vec::new(),
    };
    let item_servers = read_servers(r, item)?;
    let item_extras = extensions(r, item)?;
    for method in Method::ALL {
        let Some(op) = r.get(item, method.key()) else {
            continue;
        };
        let Some(op) = r.deref(op)? else { continue };
        let mut parameters = match r.get(op, "parameters") {
            Some(p) => read_parameters(r, p, path)?,
            None => Vec::new(),
        };
        for p in &shared {
            if !parameters.iter().any(|q| q.key == p.key) {
                parameters.push(p.clone());
            }
        }
        if let Where::Path(_) = at {
            let implicit = super::implicit_path_parameters(path, &parameters, op);
            parameters.extend(implicit);
        }
        parameters.sort_by(|a, b| a.key.cmp(&b.key));
        let request_body = match r.get(op, "requestBody") {
            Some(b) => read_request_body(r, b)?,
            None => None,
        };
        let responses = read_responses(r, op, read_response)?;
        let mut callbacks = Vec::new();
        if let Some(cbs) = r.get(op, "callbacks") {
            for (k, cb) in r.map(cbs, "`callbacks`")? {
                let name = r.text(k).unwrap_or("").to_string();
                let Some(cb) = r.deref(cb)? else { continue };
                let mut operations = Vec::new();
                for (expr, item) in entries_but_extensions(r, cb, "a callback")? {
                    read_path_item(r, Where::Named(&expr), item, &None, &[], &mut operations)?;
                }
                operations.sort_by(|a, b| a.key.cmp(&b.key));
                callbacks.push(Callback {
                    name,
                    at: cb,
                    operations,
                });
            }
        }
        callbacks.sort_by(|a, b| a.name.cmp(&b.name));
        let mut servers = read_servers(r, op)?;
        if servers.is_empty() {
            servers = if item_servers.is_empty() {
                global_servers.to_vec()
            } else {
                item_servers.clone()
            };
        }
        let c = common(r, op, &item_extras, global_security)?;
        out.push(Operation {
            method,
            path: path.to_string(),
            key: (key.clone(), method),
            at: op,
            operation_id: c.operation_id,
            summary: c.summary,
            description: c.description,
            tags: c.tags,
            deprecated: c.deprecated,
            parameters,
            request_body,
            responses,
            callbacks,
            security: c.security,
            servers,
            extras: c.extras,
        });
    }
    Ok(())
}

/// What every dialect writes the same way on an operation.
pub(super) struct Common {
    pub operation_id: Option<Text>,
    pub summary: Option<Text>,
    pub description: Option<Text>,
    pub tags: Vec<Text>,
    pub deprecated: Option<NodeRef>,
    /// The operation's own requirement, else the document's.
    pub security: Option<Security>,
    /// The operation's extensions over its path item's.
    pub extras: Extras,
}

pub(super) fn common(
    r: &Reader,
    op: NodeRef,
    item_extras: &Extras,
    global_security: &Option<Security>,
) -> Result<Common> {
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
    Ok(Common {
        operation_id: r.opt_text(op, "operationId")?,
        summary: r.opt_text(op, "summary")?,
        description: r.opt_text(op, "description")?,
        tags,
        deprecated: r
            .opt_bool(op, "deprecated")?
            .and_then(|(b, at)| b.then_some(at)),
        security: read_security(r, op)?.or_else(|| global_security.clone()),
        extras,
    })
}

/// An operation's `responses`, sorted by status; `read` reads one response object the
/// dialect's way (a `$ref` that resolves to nothing gives none).
pub(super) fn read_responses(
    r: &mut Reader,
    op: NodeRef,
    mut read: impl FnMut(&mut Reader, String, NodeRef) -> Result<Option<Response>>,
) -> Result<Vec<Response>> {
    let mut responses = Vec::new();
    if let Some(resps) = r.get(op, "responses") {
        for (status, v) in entries_but_extensions(r, resps, "`responses`")? {
            responses.extend(read(r, normalize_status(&status), v)?);
        }
    }
    responses.sort_by(|a, b| a.status.cmp(&b.status));
    Ok(responses)
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

fn read_parameters(r: &mut Reader, list: NodeRef, path: &str) -> Result<Vec<Parameter>> {
    let mut out: Vec<Parameter> = Vec::new();
    for p in r.seq(list, "`parameters`")? {
        let Some(p) = r.deref(p)? else { continue };
        let location = param_location(r, p)?;
        let Some(name) = r.opt_string(p, "name")? else {
            let e = r.invalid(p, "a parameter needs a `name`; this one is ignored");
            r.tolerate(e)?;
            continue;
        };
        let style = r
            .opt_string(p, "style")?
            .unwrap_or_else(|| location.default_style().to_string());
        let explode = match r.opt_bool(p, "explode")? {
            Some((b, _)) => b,
            None => style == "form",
        };
        let schema = read_schema_of(r, p)?;
        let content = read_content_of(r, p)?;
        let key = param_key(location, &name, path);
        if out.iter().any(|q| q.key == key) {
            continue;
        }
        out.push(Parameter {
            key,
            description: r.opt_text(p, "description")?,
            implicit: false,
            required: location == ParamIn::Path || r.flag(p, "required")?,
            deprecated: r.flag(p, "deprecated")?,
            allow_empty_value: r.flag(p, "allowEmptyValue")?,
            allow_reserved: r.flag(p, "allowReserved")?,
            name,
            location,
            at: p,
            style,
            explode,
            schema,
            content,
            extras: extensions(r, p)?,
        });
    }
    Ok(out)
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

/// The media types of the `content` of a parameter, header, request body or response; none
/// without one.
fn read_content_of(r: &mut Reader, at: NodeRef) -> Result<Vec<MediaType>> {
    match r.get(at, "content") {
        Some(c) => read_content(r, c),
        None => Ok(Vec::new()),
    }
}

fn read_content(r: &mut Reader, content: NodeRef) -> Result<Vec<MediaType>> {
    let mut out = Vec::new();
    for (k, v) in r.map(content, "`content`")? {
        let name = r.text(k).unwrap_or("").to_string();
        let Some(v) = r.deref(v)? else { continue };
        let schema = read_schema_of(r, v)?;
        out.push(MediaType {
            key: media_key(&name),
            name,
            at: v,
            schema,
        });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

fn read_request_body(r: &mut Reader, b: NodeRef) -> Result<Option<RequestBody>> {
    let Some(b) = r.deref(b)? else {
        return Ok(None);
    };
    let content = read_content_of(r, b)?;
    Ok(Some(RequestBody {
        at: b,
        required: r.flag(b, "required")?,
        description: r.opt_text(b, "description")?,
        content,
    }))
}

fn read_response(r: &mut Reader, status: String, v: NodeRef) -> Result<Option<Response>> {
    let Some(v) = r.deref(v)? else {
        return Ok(None);
    };
    let mut headers = Vec::new();
    for (name, hv) in response_headers(r, v)? {
        let Some(hv) = r.deref(hv)? else { continue };
        let schema = read_schema_of(r, hv)?;
        let content = read_content_of(r, hv)?;
        headers.push(Header {
            key: name.to_ascii_lowercase(),
            name,
            at: hv,
            required: r.flag(hv, "required")?,
            deprecated: r.flag(hv, "deprecated")?,
            style: r
                .opt_string(hv, "style")?
                .unwrap_or_else(|| "simple".into()),
            explode: r.flag(hv, "explode")?,
            schema,
            content,
        });
    }
    headers.sort_by(|a, b| a.key.cmp(&b.key));
    let content = read_content_of(r, v)?;
    Ok(Some(Response {
        status,
        at: v,
        description: r.opt_text(v, "description")?,
        headers,
        content,
    }))
}

/// A response's `headers`, each with its name, but `Content-Type`: the spec says a
/// description of that one is ignored.
pub(super) fn response_headers(r: &Reader, response: NodeRef) -> Result<Vec<(String, NodeRef)>> {
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

fn read_security_scheme(r: &Reader, name: String, v: NodeRef) -> Result<SecurityScheme> {
    let kind = r.opt_string(v, "type")?.unwrap_or_default();
    let mut flows = Vec::new();
    if let Some(f) = r.get(v, "flows") {
        for (k, flow) in r.map(f, "`flows`")? {
            flows.push(read_flow(r, r.text(k).unwrap_or("").to_string(), flow)?);
        }
    }
    flows.sort_by(|a, b| a.kind.cmp(&b.kind));
    Ok(SecurityScheme {
        name,
        at: v,
        kind,
        scheme: r.opt_string(v, "scheme")?.map(|s| s.to_ascii_lowercase()),
        bearer_format: r.opt_string(v, "bearerFormat")?,
        location: r.opt_string(v, "in")?,
        parameter_name: r.opt_string(v, "name")?,
        open_id_connect_url: r.opt_string(v, "openIdConnectUrl")?,
        flows,
    })
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
