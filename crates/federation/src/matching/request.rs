//! What a match asks and what it answers: `POST /v1/jobseeker-matches` (a vacancy in, ranked
//! jobseekers out) and `POST /v1/vacancy-matches` (a jobseeker in, ranked vacancies out).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::score::{Criterion, CriterionScore, Weights};
use crate::{DocumentView, SourceStatus};

/// The document a match starts from: a result id from an earlier search or match, or the
/// document itself (canonical, or in any supported format).
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Start {
    /// An id from a search or match result (of the same purpose and key): the document is
    /// fetched live from its source, in the purpose's detail view, and that is logged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 2000))]
    pub id: Option<String>,
    /// The document's format (`GET /v1/formats`); `canonical` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 40))]
    pub format: Option<String>,
    /// The document itself: a JSON object for JSON formats, a string for XML ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub document: Option<Value>,
}

/// How distance counts.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DistanceOptions {
    /// The distance at which the distance value halves (default 15 km).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 500))]
    pub half_value_km: Option<u16>,
    /// The radius the sources are asked for around the starting document's postcode: for a
    /// jobseeker, the profile's own maximum distance when it has one; otherwise 25 km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 999))]
    pub max_km: Option<u16>,
}

/// A match as an integrator asks it.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MatchRequest {
    /// The purpose (doelbinding), as for searches: `kansenregister` for an employer's view.
    pub purpose: String,
    /// The document to match from: a vacancy for jobseeker matches, a jobseeker for vacancy
    /// matches.
    pub start: Start,
    /// Weights per criterion (defaults in `docs/matching.md`).
    #[serde(default)]
    pub weights: Weights,
    /// Criteria a result must meet in full (status `match`); they filter instead of score.
    /// A result whose data does not cover a must-have is left out too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 11))]
    pub must_have: Vec<Criterion>,
    /// How distance counts.
    #[serde(default)]
    pub distance: DistanceOptions,
    /// Results per page (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 100))]
    pub limit: Option<u16>,
    /// The `nextCursor` of the previous page, with the same body otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 200))]
    pub cursor: Option<String>,
    /// The fields wanted in each result, as for searches; empty for all the purpose allows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 100))]
    pub fields: Vec<String>,
}

/// One ranked result: the document as the purpose's search view shows it, its score and why.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct MatchResult {
    /// Its place in the ranking, from 1, across pages.
    pub rank: usize,
    /// 0 to 1: the weighted mean of the criteria that count.
    pub score: f64,
    /// 0 to 1: how much of the weight the result's data covers. Unknown criteria count at
    /// 0.5, never as a fail.
    pub completeness: f64,
    /// Every criterion: its status, value, weight, contribution and reason.
    pub criteria: Vec<CriterionScore>,
    /// The result, as a search shows it.
    pub result: DocumentView,
}

/// The answer to a match.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct MatchResponse {
    /// The purpose the results were disclosed for.
    pub purpose: String,
    /// This page of the ranking, best first; ties by distance, then source and the source's
    /// order.
    pub results: Vec<MatchResult>,
    /// How many candidates were ranked (after the must-haves).
    pub ranked: usize,
    /// The cursor of the next page, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// One status per configured source.
    pub sources: Vec<SourceStatus>,
    /// The version of the concept table occupations and competences were compared with.
    pub concepts_version: String,
}
