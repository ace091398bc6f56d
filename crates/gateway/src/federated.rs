//! Federated, purpose-bound views: searches over every source, details from the owning source,
//! and the purpose register. The gateway keeps nothing of what passes through: a search's
//! answers live as long as the request.

use std::sync::LazyLock;

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use werkbrug_federation::connector::Party;
use werkbrug_federation::pseudonym::PseudonymError;
use werkbrug_federation::purpose::{FieldsError, PurposeRegister};
use werkbrug_federation::{
    Caller, DisclosureLog, Federation, FederationError, SearchRequest, SearchResponse, SourceState,
};
use werkbrug_model::{DocumentType, SchemaCheck};

use crate::access::{Authorised, Search, Searcher};
use crate::audit::{recipient, refused, trace_ids, withheld};
use crate::budget::Budgets;
use crate::problem::{ApiError, InvalidParam, Problem};
use chrono::Utc;

/// The schema every search body is checked against before it is read.
static SEARCH_SCHEMA: LazyLock<SchemaCheck> = LazyLock::new(|| {
    SchemaCheck::new(werkbrug_model::schema::request_schema::<SearchRequest>())
        .expect("the search request schema compiles")
});

pub(crate) fn caller(searcher: &Searcher, federation: &Federation) -> Caller {
    Caller {
        binding: searcher.key_hash.clone(),
        party: Party {
            oin: searcher.oin.clone(),
            suwi: searcher.suwi,
            via: federation.oin().map(str::to_owned),
        },
    }
}

pub(crate) fn federation_error(error: FederationError) -> ApiError {
    match error {
        FederationError::UnknownPurpose(_) => ApiError::InvalidInput {
            detail: error.to_string(),
            params: vec![InvalidParam {
                pointer: "/purpose".into(),
                rule: "purpose.known".into(),
                message: "not a purpose in the register".into(),
            }],
        },
        FederationError::Fields(FieldsError::Malformed { index, .. }) => ApiError::InvalidInput {
            detail: error.to_string(),
            params: vec![InvalidParam {
                pointer: format!("/fields/{index}"),
                rule: "fields.path".into(),
                message: "not a field path such as /desiredWork/occupations".into(),
            }],
        },
        FederationError::Fields(FieldsError::NotAllowed { .. }) => {
            ApiError::Forbidden(error.to_string())
        }
        FederationError::Pseudonym(PseudonymError::OtherCaller) => {
            ApiError::Forbidden(error.to_string())
        }
        FederationError::Pseudonym(PseudonymError::OtherPurpose) => {
            ApiError::PurposeMismatch(error.to_string())
        }
        FederationError::Pseudonym(_) | FederationError::NotFound => {
            ApiError::NotFound(error.to_string())
        }
        FederationError::DetailLimit(_) => ApiError::TooManyRequests(error.to_string()),
        FederationError::Start { pointer, message } => ApiError::InvalidInput {
            detail: format!("the starting document cannot be used: {message}"),
            params: vec![InvalidParam {
                rule: match pointer.as_str() {
                    "/start/document" => "start.document".into(),
                    "/start/format" => "start.format".into(),
                    _ => "start.choice".into(),
                },
                pointer,
                message,
            }],
        },
        FederationError::Cursor => ApiError::InvalidInput {
            detail: error.to_string(),
            params: vec![InvalidParam {
                pointer: "/cursor".into(),
                rule: "cursor.request".into(),
                message: "not a cursor of this request".into(),
            }],
        },
        FederationError::Source { state, .. } => match state {
            SourceState::Timeout => ApiError::GatewayTimeout(error.to_string()),
            SourceState::Unavailable => ApiError::ServiceUnavailable(error.to_string()),
            _ => ApiError::BadGateway(error.to_string()),
        },
    }
}

fn read_search(request: &HttpRequest, body: &[u8]) -> Result<SearchRequest, ApiError> {
    crate::routes::require_media_type(request, &["application/json"])?;
    crate::routes::require_acceptable(request, "application/json")?;
    crate::routes::read_strict(body, &SEARCH_SCHEMA, "the search")
}

/// A search: authenticated by the extractor (401), read (400), authorised for its purpose
/// (403), answered only once the log holds its disclosures.
async fn search(
    authorised: Authorised<Search>,
    request: HttpRequest,
    body: web::Bytes,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
    document_type: DocumentType,
) -> Result<web::Json<SearchResponse>, ApiError> {
    let started = Utc::now();
    let search = read_search(&request, &body)?;
    let searcher = authorised
        .for_purpose(&request, &search.purpose, started)
        .await?;
    let answer = federation
        .search(document_type, &search, &caller(&searcher, &federation))
        .await
        .map_err(federation_error)?;
    for status in answer.sources() {
        crate::metrics::METRICS.source(&status.source, status.status);
    }
    // Logged before sent: only the log opens the answer.
    let answer = log
        .commit(
            answer,
            "search",
            &recipient(&searcher),
            &trace_ids(&request),
            started,
        )
        .await
        .map_err(withheld)?;
    Ok(web::Json(answer.into_inner()))
}

/// `POST /v1/jobseeker-searches`: jobseekers across all sources.
#[utoipa::path(post, path = "/v1/jobseeker-searches", operation_id = "searchJobseekers", tag = "Federated search",
    request_body(content = SearchRequest, description = "The purpose and the criteria (in the body, so nothing personal ends up in a URL or an access log). The criteria describe the work on offer.", content_type = "application/json"),
    responses((status = 200, description = "Matching jobseekers in the purpose's search view, nearest first, and one status per source. A source that fails, hangs or is skipped never fails the search: see `sources`.", body = SearchResponse),
              (status = 400, description = "The search is not valid (findings in invalidParams) or names an unknown purpose", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The key lacks the role `search`, its organisation may not use the purpose, or a field is outside the purpose", body = Problem, content_type = "application/problem+json"),
              (status = 406, description = "The Accept header does not allow application/json", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "Content-Type is not application/json", body = Problem, content_type = "application/problem+json"),
              (status = 503, description = "The processing log cannot be written, so nothing is disclosed", body = Problem, content_type = "application/problem+json")),
    security(("apiKey" = [])))]
pub async fn search_jobseekers(
    authorised: Authorised<Search>,
    request: HttpRequest,
    body: web::Bytes,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
) -> Result<web::Json<SearchResponse>, ApiError> {
    search(
        authorised,
        request,
        body,
        federation,
        log,
        DocumentType::JobseekerProfile,
    )
    .await
}

/// `POST /v1/vacancy-searches`: vacancies across all sources.
#[utoipa::path(post, path = "/v1/vacancy-searches", operation_id = "searchVacancies", tag = "Federated search",
    request_body(content = SearchRequest, description = "The purpose and the criteria. The criteria describe the candidate.", content_type = "application/json"),
    responses((status = 200, description = "Matching vacancies in the purpose's search view, nearest first, and one status per source", body = SearchResponse),
              (status = 400, description = "The search is not valid (findings in invalidParams) or names an unknown purpose", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The key lacks the role `search`, its organisation may not use the purpose, or a field is outside the purpose", body = Problem, content_type = "application/problem+json"),
              (status = 406, description = "The Accept header does not allow application/json", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "Content-Type is not application/json", body = Problem, content_type = "application/problem+json"),
              (status = 503, description = "The processing log cannot be written, so nothing is disclosed", body = Problem, content_type = "application/problem+json")),
    security(("apiKey" = [])))]
pub async fn search_vacancies(
    authorised: Authorised<Search>,
    request: HttpRequest,
    body: web::Bytes,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
) -> Result<web::Json<SearchResponse>, ApiError> {
    search(
        authorised,
        request,
        body,
        federation,
        log,
        DocumentType::Vacancy,
    )
    .await
}

/// Query of a detail call.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DetailQuery {
    /// The purpose of the call (an id in the purpose register).
    pub purpose: String,
    /// Fields wanted, comma-separated paths as in the purpose register; all the purpose's detail
    /// view allows when absent.
    pub fields: Option<String>,
}

/// A detail: authorised for its purpose (401 by the extractor, then 403), checked against the
/// organisation's budget before the source is asked and again, in the organisation's turn,
/// before it is logged; answered only once the log holds the disclosure.
#[allow(clippy::too_many_arguments)]
async fn detail(
    authorised: Authorised<Search>,
    request: HttpRequest,
    id: String,
    query: DetailQuery,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
    budgets: Option<web::Data<Budgets>>,
    document_type: DocumentType,
) -> Result<HttpResponse, ApiError> {
    let started = Utc::now();
    let budgets = budgets.as_ref().map(|b| b.get_ref());
    crate::routes::require_acceptable(&request, "application/json")?;
    let searcher = authorised
        .for_purpose(&request, &query.purpose, started)
        .await?;
    let activity = federation.activity(&query.purpose).unwrap_or("unknown");
    let caller = caller(&searcher, &federation);
    // A spent budget needs no document: refused before the source is asked and before a detail
    // of the search is spent, with the person known when the id resolves.
    if let (Some(logbook), Some(budgets)) = (log.logbook(), budgets) {
        let subject = federation
            .resolve(document_type, &id, &query.purpose, &caller)
            .ok()
            .and_then(|target| log.subject(&target.source, &target.local_id));
        if let Err(error) = budgets
            .check(logbook, &searcher, subject.as_deref(), Utc::now())
            .await
        {
            return Err(refused(&log, &request, activity, error, started).await);
        }
    }
    let fields: Vec<String> = query
        .fields
        .as_deref()
        .map(|f| {
            f.split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let detail = federation
        .detail(document_type, &id, &query.purpose, &fields, &caller)
        .await
        .map_err(federation_error);
    let pending = match detail {
        Ok(pending) => pending,
        // An id read by another key or under another purpose is an attempt the log must show.
        Err(error @ (ApiError::Forbidden(_) | ApiError::PurposeMismatch(_))) => {
            return Err(refused(&log, &request, activity, error, started).await);
        }
        Err(error) => return Err(error),
    };
    // The organisation's turn: the check and the record of this detail come before any other
    // detail of the organisation is checked, so parallel clients cannot both pass.
    let _turn = match (log.logbook(), budgets) {
        (Some(logbook), Some(budgets)) => {
            let turn = budgets.turn(&searcher.organisation).await;
            let subject = pending
                .disclosures()
                .first()
                .and_then(|d| log.subject(&d.source_id, &d.local_id));
            if let Err(error) = budgets
                .check(logbook, &searcher, subject.as_deref(), Utc::now())
                .await
            {
                return Err(refused(&log, &request, activity, error, started).await);
            }
            Some(turn)
        }
        _ => None,
    };
    let view = log
        .commit(
            pending,
            "detail",
            &recipient(&searcher),
            &trace_ids(&request),
            started,
        )
        .await
        .map_err(withheld)?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view.into_inner()))
}

/// `GET /v1/jobseekers/{id}`: one jobseeker, fetched live from the source that holds it.
#[utoipa::path(get, path = "/v1/jobseekers/{id}", operation_id = "getJobseeker", tag = "Federated search",
    params(("id" = String, Path, description = "An id from a search result; opaque, valid for a limited time and only for the key that searched"), DetailQuery),
    responses((status = 200, description = "The jobseeker in the purpose's detail view", body = werkbrug_federation::DocumentView),
              (status = 400, description = "The query is not valid or names an unknown purpose", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The key may not use the purpose, a field is outside it, the id was issued to another key, or the id comes from a search for another purpose (problem type purpose-mismatch: search again under the purpose you read for)", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "The id is not one this gateway issued, has expired, or its source no longer holds the document", body = Problem, content_type = "application/problem+json"),
              (status = 406, description = "The Accept header does not allow application/json", body = Problem, content_type = "application/problem+json"),
              (status = 429, description = "The detail calls of the search that issued the id are used up (VUM's limit: 10 per search by default, problem type detail-limit), the organisation's disclosure budget is spent (problem type disclosure-budget: what was spent and when it renews, with Retry-After), or the rate limit is reached (then with Retry-After)", body = Problem, content_type = "application/problem+json",
               headers(("Retry-After" = u32, description = "Seconds to wait, when the rate limit was reached or until the disclosure budget renews"))),
              (status = 502, description = "The source answered with an error", body = Problem, content_type = "application/problem+json"),
              (status = 503, description = "The source is skipped after repeated failures, or the processing log cannot be written (nothing is disclosed)", body = Problem, content_type = "application/problem+json"),
              (status = 504, description = "The source did not answer in time", body = Problem, content_type = "application/problem+json")),
    security(("apiKey" = [])))]
pub async fn get_jobseeker(
    authorised: Authorised<Search>,
    request: HttpRequest,
    id: web::Path<String>,
    query: web::Query<DetailQuery>,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
    budgets: Option<web::Data<Budgets>>,
) -> Result<HttpResponse, ApiError> {
    detail(
        authorised,
        request,
        id.into_inner(),
        query.into_inner(),
        federation,
        log,
        budgets,
        DocumentType::JobseekerProfile,
    )
    .await
}

/// `GET /v1/vacancies/{id}`: one vacancy, fetched live from the source that holds it.
#[utoipa::path(get, path = "/v1/vacancies/{id}", operation_id = "getVacancy", tag = "Federated search",
    params(("id" = String, Path, description = "An id from a search result; opaque, valid for a limited time and only for the key that searched"), DetailQuery),
    responses((status = 200, description = "The vacancy in the purpose's detail view", body = werkbrug_federation::DocumentView),
              (status = 400, description = "The query is not valid or names an unknown purpose", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The key may not use the purpose, a field is outside it, the id was issued to another key, or the id comes from a search for another purpose (problem type purpose-mismatch: search again under the purpose you read for)", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "The id is not one this gateway issued, has expired, or its source no longer holds the document", body = Problem, content_type = "application/problem+json"),
              (status = 406, description = "The Accept header does not allow application/json", body = Problem, content_type = "application/problem+json"),
              (status = 429, description = "The detail calls of the search that issued the id are used up (VUM's limit: 10 per search by default, problem type detail-limit), the organisation's disclosure budget is spent (problem type disclosure-budget: what was spent and when it renews, with Retry-After), or the rate limit is reached (then with Retry-After)", body = Problem, content_type = "application/problem+json",
               headers(("Retry-After" = u32, description = "Seconds to wait, when the rate limit was reached or until the disclosure budget renews"))),
              (status = 502, description = "The source answered with an error", body = Problem, content_type = "application/problem+json"),
              (status = 503, description = "The source is skipped after repeated failures, or the processing log cannot be written (nothing is disclosed)", body = Problem, content_type = "application/problem+json"),
              (status = 504, description = "The source did not answer in time", body = Problem, content_type = "application/problem+json")),
    security(("apiKey" = [])))]
pub async fn get_vacancy(
    authorised: Authorised<Search>,
    request: HttpRequest,
    id: web::Path<String>,
    query: web::Query<DetailQuery>,
    federation: web::Data<Federation>,
    log: web::Data<DisclosureLog>,
    budgets: Option<web::Data<Budgets>>,
) -> Result<HttpResponse, ApiError> {
    detail(
        authorised,
        request,
        id.into_inner(),
        query.into_inner(),
        federation,
        log,
        budgets,
        DocumentType::Vacancy,
    )
    .await
}

/// `GET /v1/purposes`: the purpose register in use.
#[utoipa::path(get, path = "/v1/purposes", operation_id = "getPurposeRegister", tag = "Federated search",
    responses((status = 200, description = "The purposes and the fields each may see", body = PurposeRegister)))]
pub async fn purposes(federation: web::Data<Federation>) -> web::Json<PurposeRegister> {
    web::Json(federation.register().clone())
}

#[cfg(test)]
mod tests {
    use werkbrug_federation::pseudonym::PseudonymError;

    use super::*;

    #[test]
    fn an_expired_id_is_a_404_that_says_to_search_again() {
        // When an id expires is the federation's clock (its own test); how it is answered, here.
        let error = federation_error(FederationError::Pseudonym(PseudonymError::Expired));
        assert!(
            matches!(&error, ApiError::NotFound(detail) if detail == "the id has expired: search again for a fresh one"),
            "{error:?}"
        );
    }
}
