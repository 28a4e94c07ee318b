//! A witness, as data: a concrete payload one side of a change accepts and the other refuses,
//! or why none was found. Building one is the consumers part's job.

use serde::Serialize;
use serde_json::Value;

use super::{Direction, Location, OperationId};

#[derive(Clone, Debug, Serialize)]
pub struct Witness {
    pub found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<OperationId>,
    /// `request body application/json`, `response 200 application/json`, `query parameter limit`.
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
    /// JSON pointer of the value that makes the difference, inside the payload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// `base` or `revision`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_in: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid_in: Option<&'static str>,
    /// Why the refusing side refuses; or, when no witness was found, that the break is less
    /// certain and why.
    pub reason: String,
    /// The keyword that refuses, in the refusing side's spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Location>,
    /// Whose payload it is (what `readOnly` / `writeOnly` mean for it).
    #[serde(skip)]
    pub direction: Direction,
}

impl Witness {
    /// No witness, and why.
    pub fn none(reason: impl Into<String>) -> Witness {
        Witness {
            found: false,
            operation: None,
            part: None,
            payload: None,
            pointer: None,
            valid_in: None,
            invalid_in: None,
            reason: reason.into(),
            schema: None,
            direction: Direction::None,
        }
    }
}
