//! Errors as RFC 9457 problem details (`application/problem+json`), as the API Design Rules ask.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};

/// Media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Base of the `type` URIs of werkbrug's problems.
const TYPE_BASE: &str = "https://werkbrug.nl/problems/";

/// One thing wrong with the input, for problems about invalid input.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct InvalidParam {
    /// JSON Pointer (or XML element path) of the offending value; empty for the whole input.
    pub pointer: String,
    /// Stable id of the rule that was broken.
    pub rule: String,
    /// What is wrong. Never contains the offending value.
    pub message: String,
}

/// A problem details object (RFC 9457).
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// URI identifying the kind of problem.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short summary of the kind of problem.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What went wrong in this case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request path the problem occurred at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// For invalid input: each thing that is wrong.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
}

impl Problem {
    /// A problem of a kind (`slug`) with its status.
    pub fn new(status: StatusCode, slug: &str, detail: impl Into<String>) -> Self {
        Self {
            problem_type: format!("{TYPE_BASE}{slug}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: Some(detail.into()),
            instance: None,
            invalid_params: Vec::new(),
        }
    }

    /// The problem a bare status code stands for (used for errors the framework produces).
    pub fn for_status(status: StatusCode) -> Self {
        let (slug, detail) = match status.as_u16() {
            404 => (
                "not-found",
                "no resource at this path (paths have no trailing slash)",
            ),
            405 => (
                "method-not-allowed",
                "this method is not allowed on this resource",
            ),
            406 => (
                "not-acceptable",
                "the Accept header asks for a media type this resource cannot produce",
            ),
            413 => (
                "payload-too-large",
                "the request body is larger than the limit",
            ),
            415 => (
                "unsupported-media-type",
                "the Content-Type is not one this operation reads",
            ),
            408 => ("request-timeout", "the request did not arrive in time"),
            429 => ("too-many-requests", "too many requests: retry later"),
            431 => (
                "request-header-fields-too-large",
                "the request has too many headers, or one that is too large",
            ),
            400 => ("bad-request", "the request is not valid"),
            _ => ("error", "the request could not be handled"),
        };
        Self::new(status, slug, detail)
    }

    /// The response carrying this problem.
    pub fn response(&self) -> HttpResponse {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        HttpResponse::build(status)
            .insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)))
            .json(self)
    }
}

/// Errors of the API's operations.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The input is invalid; the findings say why.
    #[error("{detail}")]
    InvalidInput {
        /// Summary.
        detail: String,
        /// What is wrong, and where.
        params: Vec<InvalidParam>,
    },
    /// A path parameter names nothing.
    #[error("{0}")]
    NotFound(String),
    /// The Content-Type does not fit the operation.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The Accept header cannot be satisfied.
    #[error("{0}")]
    NotAcceptable(String),
    /// The operation cannot do this (e.g. a vacancy-only format asked for a profile).
    #[error("{0}")]
    Unprocessable(String),
    /// No API key, or an unknown one.
    #[error("{0}")]
    Unauthorized(String),
    /// The API key does not allow the operation.
    #[error("{0}")]
    Forbidden(String),
    /// An id from a search is read under another purpose than that search's.
    #[error("{0}")]
    PurposeMismatch(String),
    /// A limit per search is used up.
    #[error("{0}")]
    TooManyRequests(String),
    /// The organisation's disclosure budget is spent until it renews.
    #[error("{detail}")]
    BudgetSpent {
        /// What was spent, of what, and when it renews.
        detail: String,
        /// Seconds until it renews (`Retry-After`).
        retry_after_secs: u64,
    },
    /// A source answered with an error or with something that is not an answer.
    #[error("{0}")]
    BadGateway(String),
    /// A source is skipped after repeated failures.
    #[error("{0}")]
    ServiceUnavailable(String),
    /// A source did not answer in time.
    #[error("{0}")]
    GatewayTimeout(String),
    /// The processing log cannot be written or read: nothing is disclosed.
    #[error("{0}")]
    LogUnavailable(String),
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            // The API Design Rules use 400 for all invalid input, not 422.
            ApiError::InvalidInput { .. } | ApiError::Unprocessable(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::PurposeMismatch(_) => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests(_) | ApiError::BudgetSpent { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::BadGateway(_) => StatusCode::BAD_GATEWAY,
            ApiError::ServiceUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::GatewayTimeout(_) => StatusCode::GATEWAY_TIMEOUT,
            ApiError::LogUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let slug = match self {
            ApiError::InvalidInput { .. } => "invalid-input",
            ApiError::NotFound(_) => "not-found",
            ApiError::UnsupportedMediaType(_) => "unsupported-media-type",
            ApiError::NotAcceptable(_) => "not-acceptable",
            ApiError::Unprocessable(_) => "unsupported-operation",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::PurposeMismatch(_) => "purpose-mismatch",
            ApiError::TooManyRequests(_) => "detail-limit",
            ApiError::BudgetSpent { .. } => "disclosure-budget",
            ApiError::BadGateway(_) => "source-error",
            ApiError::ServiceUnavailable(_) => "source-unavailable",
            ApiError::GatewayTimeout(_) => "source-timeout",
            ApiError::LogUnavailable(_) => "processing-log-unavailable",
        };
        let mut problem = Problem::new(status, slug, self.to_string());
        if let ApiError::InvalidInput { params, .. } = self {
            problem.invalid_params = params.clone();
        }
        let mut response = problem.response();
        // The request path is not known here; `problem_errors` adds it as `instance`.
        response.extensions_mut().insert(problem);
        if let ApiError::BudgetSpent {
            retry_after_secs, ..
        } = self
        {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
        }
        if let ApiError::Unauthorized(_) = self {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("ApiKey header=\"X-Api-Key\""),
            );
        }
        response
    }
}
