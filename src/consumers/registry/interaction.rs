//! A Pact interaction, as data: the request a consumer makes and the response it expects,
//! and what they say the consumer sends and reads.

use serde_json::Value;

use super::fields::{FieldStep, Pattern};
use super::matchers::Rules;
use super::params::{NOT_PARAMETERS, Names, Param};
use crate::model::ParamIn;
use crate::vocabulary::Method;

/// One request a consumer makes and the response it expects.
#[derive(Clone, Debug)]
pub struct Interaction {
    pub description: String,
    /// `file:line:col` of the interaction.
    pub place: String,
    /// `2.0.0`, `3.0.0`, `4.0`.
    pub pact_version: String,
    pub method: Method,
    /// The concrete path, without the query.
    pub path: String,
    pub query: Vec<(String, Vec<String>)>,
    /// Lowercased names.
    pub headers: Vec<(String, String)>,
    pub body: Option<Value>,
    pub status: u16,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<Value>,
    /// The matching rules of the expected response body: what it accepts beyond the example.
    pub response_rules: Rules,
}

impl Interaction {
    /// `"get pet 1" (GET /pets/1)`
    pub fn label(&self) -> String {
        format!(
            "\"{}\" ({} {})",
            self.description,
            self.method.upper(),
            self.path
        )
    }

    pub fn request_content_type(&self) -> Option<&str> {
        header(&self.headers, "content-type")
    }

    pub fn response_content_type(&self) -> Option<&str> {
        header(&self.response_headers, "content-type")
    }

    /// What the request shows is exactly what it sends: its body's fields, its query
    /// parameters, its headers (those OpenAPI describes as parameters) and its cookies.
    pub fn sends(&self) -> Names {
        let mut params: Vec<Param> = self
            .query
            .iter()
            .map(|(n, _)| Param::new(ParamIn::Query, n.clone()))
            .collect();
        for (name, value) in &self.headers {
            if name == "cookie" {
                params.extend(cookies(value).map(|c| Param::new(ParamIn::Cookie, c)));
            } else if !NOT_PARAMETERS.contains(&name.as_str()) {
                params.push(Param::new(ParamIn::Header, name.clone()));
            }
        }
        Names {
            fields: places(self.body.as_ref()),
            params,
        }
    }

    /// What the expected response shows is what the consumer reads: its body's fields and
    /// its headers (but `Content-Type`, which OpenAPI does not describe as a header).
    pub fn reads(&self) -> Names {
        Names {
            fields: places(self.response_body.as_ref()),
            params: self
                .response_headers
                .iter()
                .filter(|(n, _)| n != "content-type")
                .map(|(n, _)| Param::new(ParamIn::Header, n.clone()))
                .collect(),
        }
    }
}

/// The names of a `Cookie` header's cookies (`a=1; b=2`).
fn cookies(header: &str) -> impl Iterator<Item = String> + '_ {
    header
        .split(';')
        .filter_map(|c| c.split_once('=').map(|(n, _)| n.trim().to_string()))
        .filter(|n| !n.is_empty())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The places of a body's leaves, as field patterns: what an interaction reads or sends.
/// Array items all count as `[]`.
pub(crate) fn places(body: Option<&Value>) -> Vec<Pattern> {
    let mut out: Vec<Vec<FieldStep>> = Vec::new();
    if let Some(b) = body {
        collect(b, &mut Vec::new(), &mut out, 0);
    }
    let mut patterns: Vec<Pattern> = out.into_iter().map(Pattern::of_place).collect();
    patterns.sort_by(|a, b| a.text.cmp(&b.text));
    patterns
}

fn collect(v: &Value, at: &mut Vec<FieldStep>, out: &mut Vec<Vec<FieldStep>>, depth: usize) {
    let leaf = match v {
        Value::Object(m) if !m.is_empty() && depth < 64 => {
            for (k, x) in m {
                at.push(FieldStep::Name(k.clone()));
                collect(x, at, out, depth + 1);
                at.pop();
            }
            false
        }
        Value::Array(items) if !items.is_empty() && depth < 64 => {
            at.push(FieldStep::Item);
            for x in items {
                collect(x, at, out, depth + 1);
            }
            at.pop();
            false
        }
        _ => true,
    };
    if leaf && !out.contains(at) {
        out.push(at.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_give_the_fields_used() {
        let body = json!({"data": [{"id": 1, "tags": []}, {"id": 2, "name": "x"}], "next": null});
        let texts: Vec<String> = places(Some(&body)).into_iter().map(|p| p.text).collect();
        assert_eq!(texts, ["data[].id", "data[].name", "data[].tags", "next"]);
        assert!(places(None).is_empty());
    }
}
