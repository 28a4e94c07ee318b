//! Request parameters a consumer sends and response headers it reads, as `sends` and `reads`
//! name them: `query:limit`, `header:X-Request-Id`, `path:petId`, `cookie:session`.
//!
//! The location prefix keeps them apart from body fields: a dotted path never has a bare
//! `word:` in front (a body field whose name has a `:` is written as a JSON pointer,
//! `/urn:id`). Header names compare case-insensitively. Path parameters are always sent —
//! the URL cannot be built without them — so listing one only documents it.

use super::fields::Pattern;
use crate::model::ParamIn;

/// Request headers OpenAPI does not describe as parameters: the body's type, content
/// negotiation and credentials ("If `in` is "header" and the name is one of these, the
/// parameter definition SHALL be ignored").
pub(crate) const NOT_PARAMETERS: [&str; 3] = ["accept", "content-type", "authorization"];

/// A parameter (or response header) by location and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub location: ParamIn,
    /// As written.
    pub name: String,
}

const LOCATIONS: [ParamIn; 4] = [
    ParamIn::Query,
    ParamIn::Header,
    ParamIn::Path,
    ParamIn::Cookie,
];

impl Param {
    pub fn new(location: ParamIn, name: impl Into<String>) -> Param {
        Param {
            location,
            name: name.into(),
        }
    }

    /// `query:limit` as a parameter; `Ok(None)` for text that is not one (a body field); an
    /// error for a `word:` that is no location, or a location without a name.
    pub fn parse(text: &str) -> Result<Option<Param>, String> {
        let t = text.trim();
        let Some((prefix, name)) = t.split_once(':') else {
            return Ok(None);
        };
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Ok(None);
        }
        let Some(location) = LOCATIONS.into_iter().find(|l| l.name() == prefix) else {
            return Err(format!(
                "unknown parameter location `{prefix}` in `{t}`: expected query, header, path or cookie (a body field with `:` in its name is written as a JSON pointer, `/{t}`)"
            ));
        };
        if name.trim().is_empty() {
            return Err(format!("`{t}` names no parameter"));
        }
        Ok(Some(Param::new(location, name.trim())))
    }

    /// `query:limit`, as written in a manifest.
    pub fn text(&self) -> String {
        format!("{}:{}", self.location.name(), self.name)
    }

    /// Whether this is the parameter at `location` called `name` (headers by any case).
    pub fn is(&self, location: ParamIn, name: &str) -> bool {
        self.location == location
            && match location {
                ParamIn::Header => self.name.eq_ignore_ascii_case(name),
                _ => self.name == name,
            }
    }
}

/// What a use names of one side of an exchange: body fields and parameters (in `sends`, the
/// request's; in `reads`, the response's headers).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    pub fields: Vec<Pattern>,
    pub params: Vec<Param>,
}

impl Names {
    pub fn extend(&mut self, other: &Names) {
        self.fields.extend(other.fields.iter().cloned());
        self.params.extend(other.params.iter().cloned());
    }

    /// Whether the parameter at `location` called `name` is named here. Path parameters
    /// always are: every request fills them in.
    pub fn has(&self, location: ParamIn, name: &str) -> bool {
        location == ParamIn::Path || self.params.iter().any(|p| p.is(location, name))
    }

    /// Everything named, as written: fields, then parameters.
    pub fn texts(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|p| p.text.clone())
            .chain(self.params.iter().map(Param::text))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_told_apart_from_fields() {
        assert_eq!(
            Param::parse("query:limit"),
            Ok(Some(Param::new(ParamIn::Query, "limit")))
        );
        assert_eq!(
            Param::parse(" header:X-Request-Id "),
            Ok(Some(Param::new(ParamIn::Header, "X-Request-Id")))
        );
        assert_eq!(
            Param::parse("cookie:session").unwrap().unwrap().text(),
            "cookie:session"
        );
        // Body fields: dotted paths, pointers, `$.`-paths, with or without a colon.
        for field in [
            "query.limit",
            "data[].id",
            "/urn:id",
            "$.a:b",
            "a.b:c",
            "name",
        ] {
            assert_eq!(Param::parse(field), Ok(None), "{field}");
        }
        let e = Param::parse("qeury:limit").unwrap_err();
        assert!(e.contains("unknown parameter location `qeury`"), "{e}");
        assert!(e.contains("`/qeury:limit`"), "{e}");
        assert!(Param::parse("query:").is_err());
    }

    #[test]
    fn header_names_match_in_any_case_and_path_parameters_are_always_sent() {
        let names = Names {
            fields: Vec::new(),
            params: vec![Param::new(ParamIn::Header, "X-Request-Id")],
        };
        assert!(names.has(ParamIn::Header, "x-request-id"));
        assert!(!names.has(ParamIn::Query, "X-Request-Id"));
        assert!(names.has(ParamIn::Path, "petId"));
        assert!(!Names::default().has(ParamIn::Cookie, "session"));
    }
}
