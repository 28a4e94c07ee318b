//! Swagger 2.0 documents → the 3.x-shaped model.
//!
//! `definitions` need no mapping (the reader resolves `$ref`s by pointer, wherever they point);
//! `body` parameters become request bodies and `formData` parameters an object schema, both
//! with the media types of `consumes`; response `schema`s get the media types of `produces`;
//! `host` + `basePath` + `schemes` become servers; `securityDefinitions` become schemes.

use super::reader::{Reader, SchemaMode};
use super::shared::{
    common, document, entries_but_extensions, extensions, implicit_path_parameters, media_key,
    param_key, param_location, read_flow, read_info, read_responses, read_schema_of, read_security,
    read_security_schemes,
};
use crate::error::Result;
use crate::model::schema::{Schema, TypeSet};
use crate::model::{
    Header, MediaType, Operation, ParamIn, Parameter, RequestBody, SchemaId, SecurityScheme,
    Server, Spec,
};
use crate::vocabulary::NodeRef;
use crate::vocabulary::{Method, path_key};

pub(super) fn read(r: &mut Reader, root: NodeRef) -> Result<Spec> {
    let (title, version) = read_info(r, root)?;
    let servers = servers(r, root)?;
    let global_security = read_security(r, root)?;
    let consumes = media_list(r, root, "consumes")?;
    let produces = media_list(r, root, "produces")?;
    let mut operations = Vec::new();
    if let Some(paths) = r.get(root, "paths") {
        for (path, item) in entries_but_extensions(r, paths, "`paths`")? {
            let Some(item) = r.deref(item)? else { continue };
            let shared = r.get(item, "parameters");
            let item_extras = extensions(r, item)?;
            for method in Method::ALL {
                let Some(op) = r.get(item, method.key()) else {
                    continue;
                };
                let Some(op) = r.deref(op)? else { continue };
                let consumes = match r.get(op, "consumes") {
                    Some(_) => media_list(r, op, "consumes")?,
                    None => consumes.clone(),
                };
                let produces = match r.get(op, "produces") {
                    Some(_) => media_list(r, op, "produces")?,
                    None => produces.clone(),
                };
                let mut raw = Vec::new();
                if let Some(list) = r.get(op, "parameters") {
                    raw.extend(r.seq(list, "`parameters`")?);
                }
                if let Some(list) = shared {
                    raw.extend(r.seq(list, "`parameters`")?);
                }
                let (parameters, request_body) = parameters(r, op, &path, raw, &consumes)?;
                let responses = read_responses(r, op, response_header, |r, v| {
                    response_content(r, v, &produces)
                })?;
                let operation = common(
                    r,
                    op,
                    (method, &path, path_key(&path)),
                    &item_extras,
                    &global_security,
                )?;
                let mut servers = servers.clone();
                if let Some(schemes) = r.get(op, "schemes") {
                    servers = server_urls(r, root, Some(schemes))?;
                }
                operations.push(Operation {
                    parameters,
                    request_body,
                    responses,
                    servers,
                    ..operation
                });
            }
        }
    }
    operations.sort_by(|a, b| a.key.cmp(&b.key));
    let definitions = r.get(root, "securityDefinitions");
    let security_schemes =
        read_security_schemes(r, definitions, "`securityDefinitions`", security_scheme)?;
    // No webhooks in Swagger 2.0.
    Ok(Spec {
        title,
        version,
        servers,
        operations,
        security_schemes,
        ..document(r, root)?
    })
}

fn media_list(r: &Reader, at: NodeRef, key: &str) -> Result<Vec<(String, NodeRef)>> {
    let mut out = Vec::new();
    if let Some(list) = r.get(at, key) {
        for m in r.seq(list, &format!("`{key}`"))? {
            out.push((r.string(m, "a media type")?, m));
        }
    }
    Ok(out)
}

fn servers(r: &Reader, root: NodeRef) -> Result<Vec<Server>> {
    server_urls(r, root, r.get(root, "schemes"))
}

fn server_urls(r: &Reader, root: NodeRef, schemes: Option<NodeRef>) -> Result<Vec<Server>> {
    let host = r.opt_string(root, "host")?;
    let base = r.opt_string(root, "basePath")?.unwrap_or_default();
    // `schemes` alone says nothing about where the API is: OpenAPI 3 without `servers`.
    if host.is_none() && base.is_empty() {
        return Ok(Vec::new());
    }
    let at = r
        .get(root, "basePath")
        .or_else(|| r.get(root, "host"))
        .unwrap_or(root);
    let mut schemes_list = Vec::new();
    if let Some(s) = schemes {
        for item in r.seq(s, "`schemes`")? {
            schemes_list.push(r.string(item, "a scheme")?);
        }
    }
    let base = base.trim_end_matches('/');
    Ok(match (&host, schemes_list.is_empty()) {
        (Some(h), false) => schemes_list
            .iter()
            .map(|s| Server {
                url: format!("{s}://{h}{base}"),
                at,
            })
            .collect(),
        (Some(h), true) => vec![Server {
            url: format!("//{h}{base}"),
            at,
        }],
        (None, _) => vec![Server {
            url: if base.is_empty() {
                "/".into()
            } else {
                base.into()
            },
            at,
        }],
    })
}

/// `collectionFormat` → (style, explode) of OpenAPI 3. Only arrays have a collection format;
/// other parameters get OpenAPI 3's defaults, as converters write them.
fn style_of(collection: Option<&str>, location: ParamIn) -> (String, bool) {
    let default_style = location.default_style();
    match collection {
        Some("multi") => ("form".into(), true),
        Some("ssv") => ("spaceDelimited".into(), false),
        Some("pipes") => ("pipeDelimited".into(), false),
        Some("tsv") => ("tabDelimited".into(), false),
        // csv, the default for arrays.
        Some(_) => (default_style.into(), false),
        None => (default_style.into(), default_style == "form"),
    }
}

type ParamsAndBody = (Vec<Parameter>, Option<RequestBody>);

fn parameters(
    r: &mut Reader,
    op: NodeRef,
    path: &str,
    raw: Vec<NodeRef>,
    consumes: &[(String, NodeRef)],
) -> Result<ParamsAndBody> {
    let mut params: Vec<Parameter> = Vec::new();
    let mut body: Option<RequestBody> = None;
    let mut form: Vec<(String, SchemaId, bool, NodeRef)> = Vec::new();
    let mut seen = Vec::new();
    for p in raw {
        let Some(p) = r.deref(p)? else { continue };
        let location_node = r
            .get(p, "in")
            .ok_or_else(|| r.invalid(p, "a parameter needs `in`"))?;
        let Some(name) = r.opt_string(p, "name")? else {
            let e = r.invalid(p, "a parameter needs a `name`; this one is ignored");
            r.tolerate(e)?;
            continue;
        };
        let loc_text = r.text(location_node).unwrap_or("").to_string();
        // Operation-level parameters come first and override path-level ones.
        if seen.contains(&(loc_text.clone(), name.clone())) {
            continue;
        }
        seen.push((loc_text.clone(), name.clone()));
        match loc_text.as_str() {
            "body" => {
                if body.is_some() {
                    continue;
                }
                let schema = read_schema_of(r, p)?;
                let content = media_types(consumes, ("application/json", p), schema);
                body = Some(RequestBody {
                    at: p,
                    required: r.flag(p, "required")?,
                    description: r.opt_text(p, "description")?,
                    content,
                });
            }
            "formData" => {
                let id = r.schema_in_mode(p, SchemaMode::ParamLike)?;
                form.push((name, id, r.flag(p, "required")?, p));
            }
            _ => {
                let location = param_location(r, p)?;
                let is_array = r.get(p, "type").and_then(|t| r.text(t)) == Some("array");
                let collection = r.opt_string(p, "collectionFormat")?;
                let collection = match (collection, is_array) {
                    (Some(c), _) => Some(c),
                    (None, true) => Some("csv".to_string()),
                    (None, false) => None,
                };
                let (style, explode) = style_of(collection.as_deref(), location);
                let schema = r.schema_in_mode(p, SchemaMode::ParamLike)?;
                params.push(Parameter {
                    key: param_key(location, &name, path),
                    description: r.opt_text(p, "description")?,
                    implicit: false,
                    required: location == ParamIn::Path || r.flag(p, "required")?,
                    deprecated: r.flag(p, "deprecated")? || r.flag(p, "x-deprecated")?,
                    allow_empty_value: r.flag(p, "allowEmptyValue")?,
                    allow_reserved: false,
                    name,
                    location,
                    at: p,
                    style,
                    explode,
                    schema: Some(schema),
                    content: Vec::new(),
                    // `x-deprecated` is read as `deprecated` above.
                    extras: extensions(r, p)?
                        .into_iter()
                        .filter(|(k, _)| k != "x-deprecated")
                        .collect(),
                });
            }
        }
    }
    if body.is_none() && !form.is_empty() {
        body = Some(form_body(r, op, form, consumes));
    }
    params.extend(implicit_path_parameters(path, &params, op));
    params.sort_by(|a, b| a.key.cmp(&b.key));
    Ok((params, body))
}

/// `formData` parameters become one object schema, as OpenAPI 3 writes form bodies.
fn form_body(
    r: &mut Reader,
    op: NodeRef,
    mut form: Vec<(String, SchemaId, bool, NodeRef)>,
    consumes: &[(String, NodeRef)],
) -> RequestBody {
    form.sort_by(|a, b| a.0.cmp(&b.0));
    let first = form[0].3;
    let required: Vec<String> = form.iter().filter(|f| f.2).map(|f| f.0.clone()).collect();
    let schema = r.synthetic_schema(Schema {
        at: Some(first),
        types: Some(TypeSet::OBJECT),
        required_at: (!required.is_empty()).then_some(first),
        required,
        properties: form.iter().map(|f| (f.0.clone(), f.1)).collect(),
        ..Schema::default()
    });
    let forms: Vec<(String, NodeRef)> = consumes
        .iter()
        .filter(|(m, _)| {
            let k = media_key(m);
            k.starts_with("multipart/form-data")
                || k.starts_with("application/x-www-form-urlencoded")
        })
        .cloned()
        .collect();
    let fallback = ("application/x-www-form-urlencoded", first);
    let content = media_types(&forms, fallback, Some(schema));
    RequestBody {
        at: op,
        required: form.iter().any(|f| f.2),
        description: None,
        content,
    }
}

/// One media type for each of `types` (from `consumes` or `produces`), or for `fallback`
/// when there are none, all with the same schema; sorted by key, a type listed twice once.
fn media_types(
    types: &[(String, NodeRef)],
    fallback: (&str, NodeRef),
    schema: Option<SchemaId>,
) -> Vec<MediaType> {
    let fallback = [(fallback.0.to_string(), fallback.1)];
    let types = if types.is_empty() { &fallback } else { types };
    let mut content: Vec<MediaType> = types
        .iter()
        .map(|(name, at)| MediaType {
            key: media_key(name),
            name: name.clone(),
            at: *at,
            schema,
            encoding: Vec::new(),
        })
        .collect();
    content.sort_by(|a, b| a.key.cmp(&b.key));
    content.dedup_by(|a, b| a.key == b.key);
    content
}

/// A response header: Swagger 2.0 describes it as it describes a parameter.
fn response_header(r: &mut Reader, name: String, hv: NodeRef) -> Result<Option<Header>> {
    let schema = r.schema_in_mode(hv, SchemaMode::ParamLike)?;
    Ok(Some(Header {
        key: name.to_ascii_lowercase(),
        name,
        at: hv,
        // Swagger 2.0 has no `required` for response headers; converters to 3.0 leave
        // them optional, and so does weir, so a 2.0 → 3.0 migration is not a change.
        required: false,
        deprecated: false,
        style: "simple".into(),
        explode: r.opt_string(hv, "collectionFormat")?.as_deref() == Some("multi"),
        schema: Some(schema),
        content: Vec::new(),
    }))
}

/// A response's body: its `schema`, under each media type of `produces`.
fn response_content(
    r: &mut Reader,
    v: NodeRef,
    produces: &[(String, NodeRef)],
) -> Result<Vec<MediaType>> {
    match r.get(v, "schema") {
        Some(s) => {
            let schema = r.schema(s)?;
            Ok(media_types(produces, ("application/json", s), Some(schema)))
        }
        None => Ok(Vec::new()),
    }
}

fn security_scheme(r: &Reader, name: String, v: NodeRef) -> Result<SecurityScheme> {
    let kind = r.opt_string(v, "type")?.unwrap_or_default();
    let (kind, scheme) = match kind.as_str() {
        "basic" => ("http".to_string(), Some("basic".to_string())),
        _ => (kind, None),
    };
    let mut flows = Vec::new();
    if kind == "oauth2" {
        let flow = match r.opt_string(v, "flow")?.as_deref() {
            Some("accessCode") => "authorizationCode",
            Some("application") => "clientCredentials",
            Some("password") => "password",
            _ => "implicit",
        };
        flows.push(read_flow(r, flow.to_string(), v)?);
    }
    Ok(SecurityScheme {
        name,
        at: v,
        kind,
        scheme,
        bearer_format: None,
        location: r.opt_string(v, "in")?,
        parameter_name: r.opt_string(v, "name")?,
        open_id_connect_url: None,
        flows,
    })
}
