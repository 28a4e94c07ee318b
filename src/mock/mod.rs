//! A mock server for a spec: routes each request to its operation, validates it against the
//! spec (parameters by style and explode, bodies by media type, security), and answers with
//! the documented response — the spec's own example when it is valid, else a generated body
//! that is. Refusals are `application/problem+json` (RFC 9457) listing every violation with
//! the place in the spec that refuses.
//!
//! The parts, one job each: `routes` (which operation), `request` (is the request valid),
//! `respond` (which status, media type and body), `negotiate` (`Accept`, `Prefer`),
//! `problem` (refusals), `revision` (which breaking change refuses a request the base
//! accepted), `record` (what traffic used, as a consumer manifest) and `server` (HTTP).
//!
//! [`Mock::handle`] is the whole of it without the network: a [`Request`] in, a [`Reply`]
//! out, so tests and benchmarks need no socket.

pub(crate) mod body;
pub(crate) mod examples;
pub(crate) mod negotiate;
pub(crate) mod problem;
pub(crate) mod record;
pub(crate) mod request;
pub(crate) mod respond;
pub(crate) mod revision;
pub(crate) mod routes;
pub(crate) mod security;
pub(crate) mod server;

use crate::model::Spec;

pub(crate) use record::Recorder;
pub use request::Checked;
pub(crate) use revision::{AgainstBase, Break};

/// An HTTP request as the mock sees it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// As sent: `GET`, `POST`, …
    pub method: String,
    /// The request target: path and query (`/pets?limit=3`).
    pub target: String,
    /// Names as sent; look them up case-insensitively with `Request::header`.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The header's values joined by `, ` (as HTTP allows for repeated headers).
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The path, without the query.
    pub(crate) fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// What the mock answers.
#[derive(Clone, Debug, Default)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// In revision mode: the breaking changes behind a refusal the base would not make.
    pub breaks: Vec<Break>,
    /// In revision mode: a refusal the base would not make that no finding explains.
    pub unexplained: bool,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// How the mock generates bodies.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Varies generated bodies; the same seed gives the same bodies.
    pub seed: u64,
}

/// A spec, ready to answer requests.
pub struct Mock {
    pub spec: Spec,
    router: routes::Router,
    bodies: respond::Bodies,
}

impl Mock {
    pub fn new(spec: Spec, options: Options) -> Mock {
        Mock {
            router: routes::Router::new(&spec),
            bodies: respond::Bodies::new(options.seed),
            spec,
        }
    }

    /// Answer a request: refuse it, or respond as the spec documents.
    pub fn handle(&self, request: &Request) -> Reply {
        let checked = self.check(request);
        self.answer(request, &checked)
    }

    /// Route and validate a request, without answering it.
    pub(crate) fn check(&self, request: &Request) -> Checked {
        request::check(&self.spec, &self.router, request)
    }

    /// The reply to a checked request: its refusal, or the response.
    pub fn answer(&self, request: &Request, checked: &Checked) -> Reply {
        let mut reply = match &checked.refusal {
            Some(refusal) => problem::reply(&self.spec, request, refusal),
            None => respond::respond(self, request, checked),
        };
        if let Some(op) = request::operation(&self.spec, checked) {
            problem::label(&mut reply, op);
        }
        reply
    }
}

/// What a running mock serves: the spec, in revision mode the base it is compared with, and
/// the recorder when traffic is recorded.
pub(crate) struct Service {
    pub mock: Mock,
    pub revision: Option<AgainstBase>,
    pub recorder: Option<Recorder>,
}

impl Service {
    pub(crate) fn new(mock: Mock) -> Service {
        Service {
            mock,
            revision: None,
            recorder: None,
        }
    }

    /// Answer a request; in revision mode, name the breaking changes behind a refusal the base
    /// would not make; when recording, note what it used.
    pub(crate) fn handle(&self, request: &Request) -> Reply {
        let mut checked = self.mock.check(request);
        let explained = self
            .revision
            .as_ref()
            .and_then(|r| r.explain(&self.mock.spec, request, &checked));
        let unexplained = explained.as_ref().is_some_and(Vec::is_empty);
        let breaks = explained.unwrap_or_default();
        if let Some(refusal) = &mut checked.refusal {
            refusal.breaks = breaks.clone();
        }
        if let Some(recorder) = &self.recorder {
            match &self.revision {
                // A request only the base routes uses the base's operation.
                Some(r) if checked.operation.is_none() => {
                    recorder.note(&r.base.spec, &r.base.check(request));
                }
                _ => recorder.note(&self.mock.spec, &checked),
            }
        }
        let mut reply = self.mock.answer(request, &checked);
        reply.breaks = breaks;
        reply.unexplained = unexplained;
        reply
    }
}
