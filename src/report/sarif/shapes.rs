//! The shapes of a SARIF log as weir writes it: each borrows what it shows from the findings
//! and the gate. serde_json is built without `preserve_order`, so the `serde_json::Value`
//! the log used to go through kept every object's keys sorted; each struct lists its fields
//! in that (byte-wise) order, which keeps the output byte for byte what it was.

use serde::Serialize;

use crate::report::json::{JsonAdjustment, JsonLocation, JsonWitness};
use crate::vocabulary::OperationId;

#[derive(Serialize)]
pub(super) struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    pub(super) schema: &'static str,
    pub(super) runs: Vec<SarifRun<'a>>,
    pub(super) version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifRun<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) automation_details: Option<SarifId>,
    pub(super) column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) invocations: Option<[SarifInvocation<'a>; 1]>,
    /// The consumers registry's view of the changes: once per run, so a `Value` is cheap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) properties: Option<SarifConsumers>,
    pub(super) results: Vec<SarifResult<'a>>,
    pub(super) tool: SarifTool<'a>,
}

#[derive(Serialize)]
pub(super) struct SarifId {
    pub(super) id: String,
}

#[derive(Serialize)]
pub(super) struct SarifConsumers {
    pub(super) consumers: serde_json::Value,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifInvocation<'a> {
    pub(super) execution_successful: bool,
    pub(super) properties: SarifGate<'a>,
}

/// What `weir check` decided about the spec the run is about.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifGate<'a> {
    pub(super) base: Option<&'a str>,
    pub(super) consumers_broken: Vec<&'a str>,
    pub(super) declared_version: String,
    pub(super) next_version: String,
    pub(super) passed: bool,
    pub(super) reason: &'a str,
    pub(super) required_bump: &'static str,
    pub(super) spec: &'a str,
    pub(super) verdict: &'static str,
    pub(super) version_scheme: &'static str,
    pub(super) version_scheme_why: &'a str,
    pub(super) version_verdict: &'static str,
}

#[derive(Serialize)]
pub(super) struct SarifTool<'a> {
    pub(super) driver: SarifDriver<'a>,
}

#[derive(Serialize)]
pub(super) struct SarifDriver<'a> {
    pub(super) name: &'static str,
    pub(super) rules: Vec<SarifRule<'a>>,
    pub(super) version: &'static str,
}

/// A rule's descriptor; a change no rule classifies has only an id, a short description and
/// a level.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifRule<'a> {
    pub(super) default_configuration: SarifLevel,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) full_description: Option<SarifText<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) help: Option<SarifHelp>,
    pub(super) id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) properties: Option<SarifRuleProperties<'a>>,
    pub(super) short_description: SarifText<&'a str>,
}

#[derive(Serialize)]
pub(super) struct SarifLevel {
    pub(super) level: &'static str,
}

#[derive(Serialize)]
pub(super) struct SarifText<T> {
    pub(super) text: T,
}

#[derive(Serialize)]
pub(super) struct SarifHelp {
    pub(super) markdown: String,
    pub(super) text: String,
}

#[derive(Serialize)]
pub(super) struct SarifRuleProperties<'a> {
    pub(super) bump: &'static str,
    pub(super) category: &'a str,
    pub(super) tags: [&'a str; 3],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifResult<'a> {
    pub(super) level: &'static str,
    pub(super) locations: [SarifLocation<'a>; 1],
    pub(super) message: SarifText<String>,
    pub(super) partial_fingerprints: SarifFingerprints<'a>,
    pub(super) properties: SarifProperties<'a>,
    pub(super) rule_id: &'a str,
    pub(super) rule_index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) suppressions: Option<[SarifSuppression; 1]>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) logical_locations: Option<[SarifOperation<'a>; 1]>,
    pub(super) physical_location: SarifPhysical,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifOperation<'a> {
    pub(super) fully_qualified_name: &'a OperationId,
    pub(super) kind: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifPhysical {
    pub(super) artifact_location: SarifUri,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) region: Option<SarifRegion>,
}

#[derive(Serialize)]
pub(super) struct SarifUri {
    pub(super) uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifRegion {
    pub(super) start_column: u32,
    pub(super) start_line: u32,
}

#[derive(Serialize)]
pub(super) struct SarifFingerprints<'a> {
    #[serde(rename = "weir/v1")]
    pub(super) weir: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifProperties<'a> {
    /// Each assessment stage that moved the level or bump away from the rule's, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) adjustments: Option<Vec<JsonAdjustment<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) base: Option<JsonLocation<'a>>,
    pub(super) bump: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) consumers: Option<&'a [String]>,
    /// Whether it fails the gate (`weir check`) is a fact of its own, not its level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) fails_gate: Option<bool>,
    pub(super) kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) note: Option<&'a str>,
    pub(super) operations: &'a [OperationId],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) pointer: Option<&'a str>,
    pub(super) weir_level: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) witness: Option<JsonWitness<'a>>,
}

#[derive(Serialize)]
pub(super) struct SarifSuppression {
    pub(super) justification: String,
    pub(super) kind: &'static str,
    pub(super) status: &'static str,
}
