//! The kansenregister's matching operations: a vacancy in, ranked jobseekers out
//! (`POST /v1/jobseeker-matches`), and a jobseeker in, ranked vacancies out
//! (`POST /v1/vacancy-matches`). The ranking, its explanations and the sources' queries are the
//! federation's ([`Federation::matches`]); here the body is read, the caller authorised and the
//! answer opened by the log.

use std::sync::LazyLock;

use actix_web::{HttpRequest, web};
use chrono::Utc;
use werkbrug_federation::matching::{MatchRequest, MatchResponse};
use werkbrug_federation::{DisclosureLog, Federation};
use werkbrug_model::{DocumentType, SchemaCheck};

use crate::access::{Authorised, Search};
use crate::audit::{recipient, refused, trace_ids, withheld};
use crate::federated::{caller, federation_error};
use crate::problem::{ApiError, Problem};

/// The schema every match body is checked against before it is read.
static MATCH_SCHEMA: LazyLock<SchemaCheck> = LazyLock::new(|| {
    SchemaCheck::new(werkbrug_model::schema::request_schema::<MatchRequest>())
        .expect("the match request schema compiles")
});

/// A match: authenticated by the extractor (401), read (400), authorised for its purpose
/// (403), answered only once the log holds its disclosures: the page of results, and the
/// starting document when it was named by id.
async fn rank(
    authorised: Authorised<Search>,
    request: HttpRequest,
    body: web::Bytes,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
    results_type: DocumentType,
) -> Result<web::Json<MatchResponse>, ApiError> {
    let started = Utc::now();
    crate::routes::require_media_type(&request, &["application/json"])?;
    crate::routes::require_acceptable(&request, "application/json")?;
    let asked: MatchRequest = crate::routes::read_strict(&body, &MATCH_SCHEMA, "the match")?;
    let searcher = authorised
        .for_purpose(&request, &asked.purpose, started)
        .await?;
    let activity = federation.activity(&asked.purpose).unwrap_or("unknown");
    let answer = match federation
        .matches(results_type, &asked, &caller(&searcher, &federation))
        .await
        .map_err(federation_error)
    {
        Ok(answer) => answer,
        // A starting id read by another key or under another purpose is an attempt the log
        // must show, as for a detail.
        Err(error @ (ApiError::Forbidden(_) | ApiError::PurposeMismatch(_))) => {
            return Err(refused(&log, &request, activity, error, started).await);
        }
        Err(error) => return Err(error),
    };
    for status in answer.sources() {
        crate::metrics::METRICS.source(&status.source, status.status);
    }
    // Logged before sent: only the log opens the answer.
    let answer = log
        .commit(
            answer,
            "match",
            &recipient(&searcher),
            &trace_ids(&request),
            started,
        )
        .await
        .map_err(withheld)?;
    Ok(web::Json(answer.into_inner()))
}

/// `POST /v1/jobseeker-matches`: jobseekers across all sources, ranked against a vacancy.
#[utoipa::path(post, path = "/v1/jobseeker-matches", operation_id = "matchJobseekers", tag = "Kansenregister",
    request_body(content = MatchRequest, description = "The purpose, the vacancy to match from (a result id from a vacancy search or match, or the vacancy itself: canonical, or in any format of `GET /v1/formats` with `format`), and the options: weights, must-haves, distance, limit and cursor.", content_type = "application/json"),
    responses((status = 200, description = "A page of jobseekers in the purpose's search view, best first, each with its score, completeness and a reason per criterion (docs/matching.md), and one status per source: a source that fails, hangs or is skipped never fails the match, and a source at its limit says how its query was narrowed.", body = MatchResponse),
              (status = 400, description = "The body is not valid, names an unknown purpose, its starting document cannot be read (invalidParams point into /start), or its cursor belongs to another request", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The key lacks the role `search`, its organisation may not use the purpose, a field is outside the purpose, or the starting id is another key's (`purpose-mismatch`: another purpose's)", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "The starting id is unknown, has expired, or its document is no longer at its source", body = Problem, content_type = "application/problem+json"),
              (status = 406, description = "The Accept header does not allow application/json", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "Content-Type is not application/json", body = Problem, content_type = "application/problem+json"),
              (status = 502, description = "The starting id's source answered with an error", body = Problem, content_type = "application/problem+json"),
              (status = 503, description = "The starting id's source is skipped after repeated failures, or the processing log cannot be written (nothing is disclosed)", body = Problem, content_type = "application/problem+json"),
              (status = 504, description = "The starting id's source did not answer in time", body = Problem, content_type = "application/problem+json")),
    security(("apiKey" = [])))]
pub async fn match_jobseekers(
    authorised: Authorised<Search>,
    request: HttpRequest,
    body: web::Bytes,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
) -> Result<web::Json<MatchResponse>, ApiError> {
    rank(
        authorised,
        request,
        body,
        federation,
        log,
        DocumentType::JobseekerProfile,
    )
    .await
}

/// `POST /v1/vacancy-matches`: vacancies across all sources, ranked against a jobseeker.
#[utoipa::path(post, path = "/v1/vacancy-matches", operation_id = "matchVacancies", tag = "Kansenregister",
    request_body(content = MatchRequest, description = "The purpose, the jobseeker to match from (a result id from a jobseeker search or match, or the profile itself: canonical, or in any format of `GET /v1/formats` with `format`), and the options: weights, must-haves, distance, limit and cursor.", content_type = "application/json"),
    responses((status = 200, description = "A page of vacancies in the purpose's search view, best first, each with its score, completeness and a reason per criterion (docs/matching.md), and one status per source.", body = MatchResponse),
              (status = 400, description = "The body is not valid, names an unknown purpose, its starting document cannot be read (invalidParams point into /start), or its cursor belongs to another request", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The key lacks the role `search`, its organisation may not use the purpose, a field is outside the purpose, or the starting id is another key's (`purpose-mismatch`: another purpose's)", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "The starting id is unknown, has expired, or its document is no longer at its source", body = Problem, content_type = "application/problem+json"),
              (status = 406, description = "The Accept header does not allow application/json", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "Content-Type is not application/json", body = Problem, content_type = "application/problem+json"),
              (status = 502, description = "The starting id's source answered with an error", body = Problem, content_type = "application/problem+json"),
              (status = 503, description = "The starting id's source is skipped after repeated failures, or the processing log cannot be written (nothing is disclosed)", body = Problem, content_type = "application/problem+json"),
              (status = 504, description = "The starting id's source did not answer in time", body = Problem, content_type = "application/problem+json")),
    security(("apiKey" = [])))]
pub async fn match_vacancies(
    authorised: Authorised<Search>,
    request: HttpRequest,
    body: web::Bytes,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
) -> Result<web::Json<MatchResponse>, ApiError> {
    rank(
        authorised,
        request,
        body,
        federation,
        log,
        DocumentType::Vacancy,
    )
    .await
}
