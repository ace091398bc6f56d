//! The operations of the werkbrug API.

use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use werkbrug_formats::{DecodeContext, FormatInfo, LossEntry, registry};
use werkbrug_model::{DocumentType, ValidationReport, Validator, codelists, schema};

use crate::access::{Authorised, Translate, Validate};
use crate::problem::{ApiError, InvalidParam, Problem};

/// The media type of JSON Schemas.
const SCHEMA_JSON: &str = "application/schema+json";

/// Health of the gateway.
#[derive(Debug, Serialize)]
pub struct Health {
    /// `up` when the gateway answers.
    pub status: &'static str,
}

/// `GET /health/live`: the process answers.
pub async fn live() -> web::Json<Health> {
    web::Json(Health { status: "up" })
}

/// `GET /health/ready`: the gateway can serve requests (its schemas are compiled).
pub async fn ready() -> web::Json<Health> {
    let _ = Validator::shared();
    web::Json(Health { status: "up" })
}

/// `GET /v1/formats`: every format adapter and what it supports.
#[utoipa::path(get, path = "/v1/formats", operation_id = "listFormats", tag = "Formats",
    responses((status = 200, description = "The format adapters", body = [FormatInfo])))]
pub async fn list_formats() -> web::Json<Vec<FormatInfo>> {
    web::Json(registry::all().iter().map(|f| f.info()).collect())
}

/// `GET /v1/formats/{id}`: one format adapter.
#[utoipa::path(get, path = "/v1/formats/{id}", operation_id = "getFormat", tag = "Formats",
    params(("id" = String, Path, description = "Format id, e.g. `vum`")),
    responses((status = 200, description = "The format", body = FormatInfo),
              (status = 404, description = "No such format", body = Problem, content_type = "application/problem+json")))]
pub async fn get_format(id: web::Path<String>) -> Result<web::Json<FormatInfo>, ApiError> {
    Ok(web::Json(adapter(&id)?.info()))
}

/// A code list without its codes.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CodeListSummary {
    /// Id of the list.
    pub id: String,
    /// Version of the list.
    pub version: String,
    /// Title of the list.
    pub title: String,
    /// Number of codes.
    pub code_count: usize,
}

/// `GET /v1/codelists`: the code lists.
#[utoipa::path(get, path = "/v1/codelists", operation_id = "listCodeLists", tag = "Code lists",
    responses((status = 200, description = "The code lists", body = [CodeListSummary])))]
pub async fn list_codelists() -> web::Json<Vec<CodeListSummary>> {
    web::Json(
        codelists::all()
            .map(|l| CodeListSummary {
                id: l.id.clone(),
                version: l.version.clone(),
                title: l.title.clone(),
                code_count: l.codes.len(),
            })
            .collect(),
    )
}

/// `GET /v1/codelists/{id}`: one code list with its codes.
#[utoipa::path(get, path = "/v1/codelists/{id}", operation_id = "getCodeList", tag = "Code lists",
    params(("id" = String, Path, description = "Code list id, e.g. `driving-licence`")),
    responses((status = 200, description = "The code list", body = codelists::CodeList),
              (status = 404, description = "No such code list", body = Problem, content_type = "application/problem+json")))]
pub async fn get_codelist(
    id: web::Path<String>,
) -> Result<web::Json<&'static codelists::CodeList>, ApiError> {
    codelists::get(&id).map(web::Json).ok_or_else(|| {
        ApiError::NotFound(format!("no code list '{id}'; GET /v1/codelists lists them"))
    })
}

/// A canonical schema.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SchemaSummary {
    /// Name to fetch it by.
    pub name: String,
    /// Its `$id`.
    pub id: String,
    /// The document type it describes.
    pub document_type: DocumentType,
}

/// `GET /v1/schemas`: the canonical JSON Schemas.
#[utoipa::path(get, path = "/v1/schemas", operation_id = "listSchemas", tag = "Schemas",
    responses((status = 200, description = "The canonical schemas", body = [SchemaSummary])))]
pub async fn list_schemas() -> web::Json<Vec<SchemaSummary>> {
    web::Json(
        DocumentType::ALL
            .into_iter()
            .map(|t| SchemaSummary {
                name: t.schema_file_name(),
                id: t.schema_id(),
                document_type: t,
            })
            .collect(),
    )
}

/// `GET /v1/schemas/{name}`: one canonical JSON Schema (draft 2020-12).
#[utoipa::path(get, path = "/v1/schemas/{name}", operation_id = "getSchema", tag = "Schemas",
    params(("name" = String, Path, description = "`jobseeker-profile.schema.json` or `vacancy.schema.json` (the suffix may be left out)")),
    responses((status = 200, description = "The JSON Schema", body = Object, content_type = "application/schema+json"),
              (status = 404, description = "No such schema", body = Problem, content_type = "application/problem+json")))]
pub async fn get_schema(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let document_type = DocumentType::ALL
        .into_iter()
        .find(|t| *name == t.schema_file_name() || *name == t.name())
        .ok_or_else(|| {
            ApiError::NotFound(format!("no schema '{name}'; GET /v1/schemas lists them"))
        })?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, SCHEMA_JSON))
        .body(schema::generate_pretty(document_type)))
}

/// Query of a validation.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ValidationQuery {
    /// Format of the body; `canonical` when absent. Documents in other formats are translated
    /// first and the canonical result is validated.
    pub format: Option<String>,
}

/// The adapter with this id, or a 404 problem.
fn adapter(id: &str) -> Result<&'static dyn werkbrug_formats::Format, ApiError> {
    registry::get(id)
        .ok_or_else(|| ApiError::NotFound(format!("no format '{id}'; GET /v1/formats lists them")))
}

fn document_type_of(name: &str) -> Result<DocumentType, ApiError> {
    name.parse().map_err(|_| {
        ApiError::NotFound(format!(
            "no document type '{name}': use jobseeker-profile or vacancy"
        ))
    })
}

pub(crate) fn require_media_type(request: &HttpRequest, accepted: &[&str]) -> Result<(), ApiError> {
    let given = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    match given {
        Some(media) if accepted.iter().any(|a| *a == media) => Ok(()),
        Some(media) => Err(ApiError::UnsupportedMediaType(format!(
            "Content-Type {media} is not accepted here; use {}",
            accepted.join(" or ")
        ))),
        None => Err(ApiError::UnsupportedMediaType(format!(
            "the request has no Content-Type; use {}",
            accepted.join(" or ")
        ))),
    }
}

/// Whether the request's `Accept` header allows `media_type` (no header allows everything).
fn acceptable(request: &HttpRequest, media_type: &str) -> bool {
    let Some(accept) = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let (kind, _) = media_type.split_once('/').unwrap_or((media_type, ""));
    accept.split(',').any(|range| {
        let mut parts = range.split(';');
        let range = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                == Some(0.0)
        });
        !refused && (range == "*/*" || range == media_type || range == format!("{kind}/*"))
    })
}

pub(crate) fn require_acceptable(request: &HttpRequest, media_type: &str) -> Result<(), ApiError> {
    if acceptable(request, media_type) {
        Ok(())
    } else {
        Err(ApiError::NotAcceptable(format!(
            "this operation answers with {media_type}, which the Accept header does not allow"
        )))
    }
}

fn media_types_of(format: &str) -> Vec<&'static str> {
    match registry::get(format).map(|f| f.info().media_type) {
        Some("application/xml") => vec!["application/xml", "text/xml"],
        Some("application/ld+json") => vec!["application/ld+json", "application/json"],
        _ => vec!["application/json"],
    }
}

fn format_error(error: werkbrug_formats::FormatError) -> ApiError {
    let pointer = match &error.location {
        Some(werkbrug_formats::Location::Json { pointer, .. }) => pointer.clone(),
        Some(werkbrug_formats::Location::Xml { path, .. }) => path.clone(),
        None => String::new(),
    };
    let rule = format!("format.{}", error.kind.name());
    ApiError::InvalidInput {
        detail: error.to_string(),
        params: vec![InvalidParam {
            pointer,
            rule,
            message: error.message,
        }],
    }
}

/// `POST /v1/validations/{documentType}`: validation findings for a document.
#[utoipa::path(post, path = "/v1/validations/{document-type}", operation_id = "validateDocument", tag = "Validation",
    params(("document-type" = DocumentType, Path, description = "`jobseeker-profile` or `vacancy`"), ValidationQuery),
    request_body(content = serde_json::Value, description = "The document, canonical unless `format` says otherwise; any JSON value is read and reported on", content_type = "application/json"),
    responses((status = 200, description = "The findings; `valid` says whether there is no error", body = ValidationReport),
              (status = 400, description = "The body is not a readable document", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The API key does not have the role `validate`", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "No such document type or format", body = Problem, content_type = "application/problem+json"),
              (status = 406, description = "The Accept header does not allow application/json", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "Unsupported Content-Type", body = Problem, content_type = "application/problem+json")),
    security((), ("apiKey" = [])))]
pub async fn validate(
    _authorised: Authorised<Validate>,
    request: HttpRequest,
    document_type: web::Path<String>,
    query: web::Query<ValidationQuery>,
    body: web::Bytes,
) -> Result<web::Json<ValidationReport>, ApiError> {
    require_acceptable(&request, "application/json")?;
    let document_type = document_type_of(&document_type)?;
    let format = query.format.as_deref().unwrap_or("canonical");
    let adapter = adapter(format)?;
    require_media_type(&request, &media_types_of(format))?;
    let document = if format == "canonical" {
        werkbrug_model::json::parse(&body).map_err(|e| ApiError::InvalidInput {
            detail: format!("the body is not a JSON document: {e}"),
            params: vec![InvalidParam {
                pointer: e.pointer.clone(),
                rule: e.rule.to_owned(),
                message: e.message.clone(),
            }],
        })?
    } else {
        let context = DecodeContext::new("validation", chrono::Utc::now().fixed_offset());
        adapter
            .decode(&body, Some(document_type), &context)
            .map_err(format_error)?
            .document
            .to_value()
    };
    Ok(web::Json(
        Validator::shared().validate(&document, document_type),
    ))
}

/// Query of a translation.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TranslationQuery {
    /// Format of the body (`GET /v1/formats` lists them).
    pub from: String,
    /// Format to translate to.
    pub to: String,
    /// Expected document type; a document of the other type is refused.
    pub document_type: Option<String>,
    /// Id of the source system, for formats whose documents do not say where they come from.
    pub source_id: Option<String>,
    /// `true`: answer with a JSON envelope holding the document and both loss reports.
    pub envelope: Option<bool>,
}

/// A translation with its loss reports.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TranslationEnvelope {
    /// Format of `document`.
    pub format: String,
    /// Media type of `document`.
    pub media_type: String,
    /// The translated document: JSON for JSON formats, a string for XML.
    pub document: Value,
    /// What the canonical model could not hold (paths in the source document).
    pub decode_losses: Vec<LossEntry>,
    /// What the target format could not hold (paths in the canonical document).
    pub encode_losses: Vec<LossEntry>,
    /// The semantic rules the document breaks, as warnings (paths in the canonical document):
    /// the document is carried whole, with these findings beside it. At most 1,000; then
    /// `findingsTruncated` is true and `findingCount` says how many there are.
    pub findings: Vec<werkbrug_model::Finding>,
    /// How many findings there are in all (also in the header Werkbrug-Finding-Count).
    pub finding_count: usize,
    /// True when `findings` lists only the first 1,000.
    pub findings_truncated: bool,
}

/// Header with the number of losses of a translation.
pub const LOSS_COUNT_HEADER: &str = "Werkbrug-Loss-Count";

/// Header with the number of findings of a translation: semantic rules the document breaks.
pub const FINDING_COUNT_HEADER: &str = "Werkbrug-Finding-Count";

/// `POST /v1/translations`: translates one document.
#[utoipa::path(post, path = "/v1/translations", operation_id = "translateDocument", tag = "Translation",
    params(TranslationQuery),
    request_body(description = "The document in the `from` format: JSON for the JSON formats (JSON-LD for `schema-org` may also be sent as application/ld+json), XML for `setu-xml`",
        content((serde_json::Value = "application/json"), (String = "application/xml"))),
    responses((status = 200, description = "The translated document in the `to` format, unchanged, so existing systems can consume it; the number of losses is in Werkbrug-Loss-Count, the number of semantic rules the document breaks (it is carried all the same) in Werkbrug-Finding-Count. With envelope=true a JSON envelope with both loss reports and the findings.",
               body = TranslationEnvelope,
               headers(("Werkbrug-Loss-Count" = u32, description = "Number of values dropped, truncated, approximated or defaulted"),
                       ("Werkbrug-Finding-Count" = u32, description = "Number of findings: semantic rules the translated document breaks, reported as warnings"))),
              (status = 400, description = "The document cannot be read or translated", body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "Unknown format", body = Problem, content_type = "application/problem+json"),
              (status = 401, description = "No API key, or an unknown one", body = Problem, content_type = "application/problem+json"),
              (status = 403, description = "The API key does not have the role `translate`", body = Problem, content_type = "application/problem+json"),
              (status = 406, description = "The Accept header does not allow the media type of the `to` format (or JSON, for an envelope)", body = Problem, content_type = "application/problem+json"),
              (status = 415, description = "Content-Type does not fit the `from` format", body = Problem, content_type = "application/problem+json")),
    security((), ("apiKey" = [])))]
pub async fn translate(
    _authorised: Authorised<Translate>,
    request: HttpRequest,
    query: web::Query<TranslationQuery>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let from = adapter(&query.from)?;
    let to = adapter(&query.to)?;
    let to_media_type = to.info().media_type;
    require_media_type(&request, &media_types_of(&query.from))?;
    let answer = if query.envelope == Some(true) {
        "application/json"
    } else {
        to_media_type
    };
    require_acceptable(&request, answer)?;
    let expected = query
        .document_type
        .as_deref()
        .map(document_type_of)
        .transpose()?;
    let source = query.source_id.as_deref().unwrap_or("unknown");
    let context = DecodeContext::new(source, chrono::Utc::now().fixed_offset());
    let translation = match werkbrug_formats::translate(from, to, &body, expected, &context) {
        Ok(translation) => translation,
        Err(error) => {
            crate::metrics::METRICS.translation(from.id(), to.id(), "failed", &[]);
            return Err(format_error(error));
        }
    };
    crate::metrics::METRICS.translation(
        from.id(),
        to.id(),
        "translated",
        translation
            .decode_losses
            .entries
            .iter()
            .chain(&translation.encode_losses.entries),
    );
    let media_type = to_media_type;
    let losses = translation.decode_losses.entries.len() + translation.encode_losses.entries.len();
    let (findings, finding_count, findings_truncated) =
        werkbrug_model::validate::capped(translation.findings);
    if query.envelope == Some(true) {
        let document = if media_type.ends_with("json") {
            serde_json::from_slice(&translation.bytes).unwrap_or(Value::Null)
        } else {
            Value::String(String::from_utf8_lossy(&translation.bytes).into_owned())
        };
        return Ok(HttpResponse::Ok()
            .insert_header((LOSS_COUNT_HEADER, losses.to_string()))
            .insert_header((FINDING_COUNT_HEADER, finding_count.to_string()))
            .json(TranslationEnvelope {
                format: to.id().to_owned(),
                media_type: media_type.to_owned(),
                document,
                decode_losses: translation.decode_losses.entries,
                encode_losses: translation.encode_losses.entries,
                findings,
                finding_count,
                findings_truncated,
            }));
    }
    Ok(HttpResponse::Ok()
        .insert_header((LOSS_COUNT_HEADER, losses.to_string()))
        .insert_header((FINDING_COUNT_HEADER, finding_count.to_string()))
        .insert_header(ContentType(
            media_type.parse().expect("adapters name valid media types"),
        ))
        .body(translation.bytes))
}

/// Reads a JSON request body strictly: a syntax error with its place, then every finding of
/// `schema` (patterns, lengths, ranges, unknown members) with its pointer, then the typed value.
/// `what` names the body in the messages ("the search").
pub(crate) fn read_strict<T: serde::de::DeserializeOwned>(
    body: &[u8],
    schema: &werkbrug_model::SchemaCheck,
    what: &str,
) -> Result<T, ApiError> {
    let value = werkbrug_model::json::parse(body).map_err(|e| ApiError::InvalidInput {
        detail: format!("the body is not JSON: {e}"),
        params: vec![InvalidParam {
            pointer: e.pointer.clone(),
            rule: "json.syntax".into(),
            message: e.to_string(),
        }],
    })?;
    let findings = schema.check(&value);
    if !findings.is_empty() {
        return Err(ApiError::InvalidInput {
            detail: format!("{what} is not valid"),
            params: findings
                .into_iter()
                .map(|f| InvalidParam {
                    pointer: f.pointer,
                    rule: f.rule,
                    message: f.message,
                })
                .collect(),
        });
    }
    serde_json::from_value(value).map_err(|e| ApiError::InvalidInput {
        detail: format!("{what} is not valid: {e}"),
        params: Vec::new(),
    })
}
