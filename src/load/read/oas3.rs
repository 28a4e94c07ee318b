//! OpenAPI 3.0 and 3.1 documents → the model.

use super::reader::Reader;
use super::shared::{
    common, document, entries_but_extensions, extensions, implicit_path_parameters, media_key,
    param_key, param_location, read_flow, read_info, read_responses, read_schema_of, read_security,
    read_security_schemes, read_servers,
};
use crate::error::Result;
use crate::model::{
    Callback, Encoding, Header, MediaType, Operation, ParamIn, Parameter, RequestBody, Security,
    SecurityScheme, Server, Spec,
};
use crate::vocabulary::NodeRef;
use crate::vocabulary::{Method, path_key};

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
    let schemes = r
        .get(root, "components")
        .and_then(|c| r.get(c, "securitySchemes"));
    let security_schemes =
        read_security_schemes(r, schemes, "`securitySchemes`", read_security_scheme)?;
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
            let implicit = implicit_path_parameters(path, &parameters, op);
            parameters.extend(implicit);
        }
        parameters.sort_by(|a, b| a.key.cmp(&b.key));
        let request_body = match r.get(op, "requestBody") {
            Some(b) => read_request_body(r, b)?,
            None => None,
        };
        let responses = read_responses(r, op, read_response_header, read_content_of)?;
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
        let operation = common(
            r,
            op,
            (method, path, key.clone()),
            &item_extras,
            global_security,
        )?;
        out.push(Operation {
            parameters,
            request_body,
            responses,
            callbacks,
            servers,
            ..operation
        });
    }
    Ok(())
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
            encoding: read_encoding(r, v)?,
        });
    }
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

/// A media type's `encoding`: how each property of a form body is written.
fn read_encoding(r: &Reader, media: NodeRef) -> Result<Vec<Encoding>> {
    let mut out = Vec::new();
    let Some(map) = r.get(media, "encoding") else {
        return Ok(out);
    };
    for (k, e) in r.map(map, "`encoding`")? {
        out.push(Encoding {
            name: r.text(k).unwrap_or("").to_string(),
            at: e,
            content_type: r.opt_string(e, "contentType")?,
            style: r.opt_string(e, "style")?,
            explode: r.opt_bool(e, "explode")?.map(|(b, _)| b),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
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

/// A response header; `None` when its `$ref` resolves to nothing.
fn read_response_header(r: &mut Reader, name: String, hv: NodeRef) -> Result<Option<Header>> {
    let Some(hv) = r.deref(hv)? else {
        return Ok(None);
    };
    let schema = read_schema_of(r, hv)?;
    let content = read_content_of(r, hv)?;
    Ok(Some(Header {
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
    }))
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
