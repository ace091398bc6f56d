//! A demo source: documents in a source's own format, served over real HTTP, either as a VUM
//! Bron (the VUM source contract, koppelvlak 3.0.0) or as a werkbrug source
//! (`schema/werkbrug-source.openapi.json`).
//!
//! The VUM Bron is complete: it checks the contract's headers, evaluates the selection query
//! language (every operator the contract allows, dotted paths through arrays), measures the
//! `selectiegebied` distance with the configured postcode table, answers with matching profiles
//! only, at most 100 with `maximumAantalResultatenBereikt`, answers details, and reports errors in
//! VUM's format. The werkbrug source applies the werkbrug criteria to its documents.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use werkbrug_federation::ConnectorKind;
use werkbrug_federation::connector::{MAX_MATCHES, VUM_VERSION, WERKBRUG_SOURCE_VERSION};
use werkbrug_federation::criteria::SearchCriteria;
use werkbrug_federation::geo::PostcodeTable;
use werkbrug_federation::vum_query::Selection;
use werkbrug_formats::{CanonicalDocument, DecodeContext, Format, registry};
use werkbrug_model::DocumentType;

/// Properties of VUM's matching profile of a jobseeker (`MPWerkzoekendeMatch`).
const VUM_PROFILE_MATCH: &[&str] = &[
    "idWerkzoekende",
    "arbeidsmarktkwalificatie",
    "bemiddelingsberoep",
    "contractvorm",
    "flexibiliteit",
    "indicatieBeschikbaarheidContactgegevens",
    "mobiliteit",
    "sector",
    "vervoermiddel",
    "werktijden",
];
/// Properties of VUM's matching profile of a vacancy (`MPVacatureMatch`).
const VUM_VACANCY_MATCH: &[&str] = &[
    "idVacature",
    "adres",
    "arbeidsVoorwaarden",
    "beroep",
    "codeWerkEnDenkniveauMinimaal",
    "competentiebeheersing",
    "contractvorm",
    "cursus",
    "flexibiliteit",
    "naamVacature",
    "omschrijvingVacature",
    "opleiding",
    "rijbewijs",
    "sector",
    "sluitingsdatumVacature",
    "sollicitatiewijze",
    "taalbeheersing",
    "vervoermiddel",
    "werkervaring",
    "werkgever",
    "werktijden",
];
/// Properties of the employer in VUM's vacancy matching profile (`MPWerkgever`).
const VUM_EMPLOYER_MATCH: &[&str] = &["handelsnaamOrganisatie", "sector", "webadres"];

/// One document the source holds.
#[derive(Debug, Clone)]
struct Stored {
    local_id: String,
    /// Canonical form, for the werkbrug criteria.
    canonical: Value,
    /// The document in the source's format.
    native: Vec<u8>,
    /// The same, parsed, for JSON formats.
    native_json: Option<Value>,
}

/// Why a demo source cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The format is not one a source of this kind speaks.
    #[error("{0}")]
    Format(String),
    /// A document cannot be read or written.
    #[error("document {index}: {message}")]
    Document {
        /// Its position in the data.
        index: usize,
        /// What is wrong.
        message: String,
    },
}

/// The documents and behaviour of one demo source.
pub struct DemoSource {
    kind: ConnectorKind,
    format: &'static dyn Format,
    geo: PostcodeTable,
    profiles: Vec<Stored>,
    vacancies: Vec<Stored>,
    /// The source's OIN, sent back as X-VUM-fromParty.
    oin: String,
}

impl std::fmt::Debug for DemoSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoSource")
            .field("kind", &self.kind)
            .field("format", &self.format.id())
            .field("profiles", &self.profiles.len())
            .field("vacancies", &self.vacancies.len())
            .finish()
    }
}

impl DemoSource {
    /// A source of `kind` speaking `format` (`vum` for a VUM Bron).
    pub fn new(
        kind: ConnectorKind,
        format: &str,
        geo: PostcodeTable,
        oin: &str,
    ) -> Result<Self, SourceError> {
        let format = registry::get(format)
            .ok_or_else(|| SourceError::Format(format!("no format '{format}'")))?;
        match (kind, format.id()) {
            (ConnectorKind::VumBron, "vum") => {}
            (ConnectorKind::VumBron, other) => {
                return Err(SourceError::Format(format!(
                    "a VUM Bron speaks vum, not {other}"
                )));
            }
            (ConnectorKind::WerkbrugSource, "schema-org") => {
                return Err(SourceError::Format(
                    "schema-org holds vacancies only; a werkbrug source needs both".into(),
                ));
            }
            _ => {}
        }
        Ok(Self {
            kind,
            format,
            geo,
            profiles: Vec::new(),
            vacancies: Vec::new(),
            oin: oin.to_owned(),
        })
    }

    /// Number of jobseeker profiles and vacancies held.
    pub fn counts(&self) -> (usize, usize) {
        (self.profiles.len(), self.vacancies.len())
    }

    /// Adds a canonical document, stored in the source's format.
    pub fn add_canonical(&mut self, index: usize, document: Value) -> Result<(), SourceError> {
        let fail = |message: String| SourceError::Document { index, message };
        let typed: CanonicalDocument = match document.get("documentType").and_then(Value::as_str) {
            Some("vacancy") => CanonicalDocument::Vacancy(Box::new(
                serde_json::from_value(document.clone()).map_err(|e| fail(e.to_string()))?,
            )),
            _ => CanonicalDocument::JobseekerProfile(Box::new(
                serde_json::from_value(document.clone()).map_err(|e| fail(e.to_string()))?,
            )),
        };
        let encoded = self
            .format
            .encode(&typed)
            .map_err(|e| fail(e.to_string()))?;
        self.add_native(index, encoded.bytes, Some(typed.document_type()))
    }

    /// Adds a document in the source's format.
    pub fn add_native(
        &mut self,
        index: usize,
        native: Vec<u8>,
        expected: Option<DocumentType>,
    ) -> Result<(), SourceError> {
        let fail = |message: String| SourceError::Document { index, message };
        let context = DecodeContext::new("demo", chrono::Utc::now().fixed_offset());
        let decoded = self
            .format
            .decode(&native, expected, &context)
            .map_err(|e| fail(e.to_string()))?;
        let canonical = decoded.document.to_value();
        let local_id = canonical
            .pointer("/identifiers/0/localId")
            .and_then(Value::as_str)
            .ok_or_else(|| fail("the document has no identifier".into()))?
            .to_owned();
        let native_json = serde_json::from_slice(&native).ok();
        let stored = Stored {
            local_id,
            canonical,
            native,
            native_json,
        };
        match decoded.document.document_type() {
            DocumentType::JobseekerProfile => self.profiles.push(stored),
            DocumentType::Vacancy => self.vacancies.push(stored),
        }
        Ok(())
    }

    /// Reads documents in the source's format from a file's contents: a JSON array, NDJSON, or
    /// for XML formats one document per line.
    pub fn add_file(&mut self, text: &str) -> Result<usize, SourceError> {
        let trimmed = text.trim_start();
        let items: Vec<Vec<u8>> = if trimmed.starts_with('[') {
            let array: Vec<Value> =
                serde_json::from_str(trimmed).map_err(|e| SourceError::Document {
                    index: 0,
                    message: format!("not a JSON array: {e}"),
                })?;
            array
                .into_iter()
                .map(|v| match v {
                    Value::String(xml) => xml.into_bytes(),
                    other => serde_json::to_vec(&other).expect("JSON values serialise"),
                })
                .collect()
        } else {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| l.as_bytes().to_vec())
                .collect()
        };
        let n = items.len();
        for (index, item) in items.into_iter().enumerate() {
            self.add_native(index, item, None)?;
        }
        Ok(n)
    }

    fn documents(&self, document_type: DocumentType) -> &[Stored] {
        match document_type {
            DocumentType::JobseekerProfile => &self.profiles,
            DocumentType::Vacancy => &self.vacancies,
        }
    }

    /// Registers the source's routes on an actix app.
    pub fn configure(self: Arc<Self>) -> impl FnOnce(&mut web::ServiceConfig) {
        move |app| {
            let data = web::Data::from(self.clone());
            app.app_data(data)
                .app_data(web::PayloadConfig::new(1024 * 1024));
            match self.kind {
                ConnectorKind::VumBron => {
                    app.route(
                        "/werkzoekendeProfielen/matches",
                        web::post().to(vum_profile_matches),
                    )
                    .route(
                        "/werkzoekendeProfielen/{id}",
                        web::get().to(vum_profile_detail),
                    )
                    .route("/vacatures/matches", web::post().to(vum_vacancy_matches))
                    .route("/vacatures/{id}", web::get().to(vum_vacancy_detail))
                    .default_service(web::to(vum_not_found));
                }
                ConnectorKind::WerkbrugSource => {
                    app.route(
                        "/jobseekers/matches",
                        web::post().to(werkbrug_profile_matches),
                    )
                    .route("/jobseekers/{id}", web::get().to(werkbrug_profile_detail))
                    .route(
                        "/vacancies/matches",
                        web::post().to(werkbrug_vacancy_matches),
                    )
                    .route("/vacancies/{id}", web::get().to(werkbrug_vacancy_detail))
                    .default_service(web::to(|| async {
                        problem(StatusCode::NOT_FOUND, "no resource at this path")
                    }));
                }
            }
        }
    }

    /// Serves the source on `listener` until the server is stopped.
    pub fn serve(self, listener: std::net::TcpListener) -> std::io::Result<actix_web::dev::Server> {
        let source = Arc::new(self);
        Ok(actix_web::HttpServer::new(move || {
            actix_web::App::new().configure(source.clone().configure())
        })
        .workers(1)
        .listen(listener)?
        .shutdown_timeout(5)
        .run())
    }
}

// --- VUM Bron ---------------------------------------------------------------------------------

fn vum_headers(
    response: &mut actix_web::HttpResponseBuilder,
    request: &HttpRequest,
    source: &DemoSource,
) {
    let echo = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    response
        .insert_header(("X-VUM-berichtVersie", VUM_VERSION))
        .insert_header(("API-Version", VUM_VERSION))
        .insert_header(("X-VUM-fromParty", source.oin.clone()))
        .insert_header(("X-VUM-toParty", echo("X-VUM-fromParty")))
        .insert_header(("X-VUM-viaParty", echo("X-VUM-viaParty")));
}

fn vum_error(
    request: &HttpRequest,
    source: &DemoSource,
    status: StatusCode,
    message: &str,
) -> HttpResponse {
    let mut response = HttpResponse::build(status);
    vum_headers(&mut response, request, source);
    response.json(json!({"code": status.as_u16().to_string(), "message": message}))
}

/// The contract's required request headers, or what is wrong with them.
fn check_vum_headers(request: &HttpRequest) -> Result<(), String> {
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    for name in ["X-VUM-berichtVersie", "API-Version"] {
        match header(name) {
            Some(VUM_VERSION) => {}
            Some(_) => return Err(format!("{name} must be {VUM_VERSION}")),
            None => return Err(format!("the header {name} is missing")),
        }
    }
    for name in ["X-VUM-fromParty", "X-VUM-toParty", "X-VUM-viaParty"] {
        if header(name).is_none_or(str::is_empty) {
            return Err(format!("the header {name} is missing"));
        }
    }
    match header("X-VUM-SUWIparty") {
        Some("true" | "false") => Ok(()),
        Some(_) => Err("X-VUM-SUWIparty must be true or false".into()),
        None => Err("the header X-VUM-SUWIparty is missing".into()),
    }
}

fn matching_profile(document: &Value, document_type: DocumentType) -> Value {
    let keys = match document_type {
        DocumentType::JobseekerProfile => VUM_PROFILE_MATCH,
        DocumentType::Vacancy => VUM_VACANCY_MATCH,
    };
    let mut out = Map::new();
    for key in keys {
        if let Some(value) = document.get(*key) {
            let value = if *key == "werkgever" {
                let employer: Map<String, Value> = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(k, _)| VUM_EMPLOYER_MATCH.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if employer.is_empty() {
                    continue;
                }
                Value::Object(employer)
            } else {
                value.clone()
            };
            out.insert((*key).to_owned(), value);
        }
    }
    Value::Object(out)
}

async fn vum_matches(
    request: HttpRequest,
    source: web::Data<DemoSource>,
    body: web::Bytes,
    document_type: DocumentType,
) -> HttpResponse {
    if let Err(message) = check_vum_headers(&request) {
        return vum_error(&request, &source, StatusCode::BAD_REQUEST, &message);
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return vum_error(
            &request,
            &source,
            StatusCode::BAD_REQUEST,
            "the body is not JSON",
        );
    };
    let selection = match Selection::from_body(&body) {
        Ok(s) => s,
        Err(e) => return vum_error(&request, &source, StatusCode::BAD_REQUEST, &e.0),
    };
    let postcode_path = match document_type {
        DocumentType::JobseekerProfile => "/mobiliteit/bemiddelingspostcode",
        DocumentType::Vacancy => "/adres/postcode",
    };
    let (centre, radius) = &selection.area;
    let mut matches = Vec::new();
    let mut more = false;
    for stored in source.documents(document_type) {
        let Some(native) = &stored.native_json else {
            continue;
        };
        let within = native
            .pointer(postcode_path)
            .and_then(Value::as_str)
            .and_then(|p| source.geo.distance_km(centre, p))
            .is_some_and(|d| d <= f64::from(*radius));
        if !within || !selection.holds_for(native) {
            continue;
        }
        if matches.len() == MAX_MATCHES {
            more = true;
            break;
        }
        matches.push(matching_profile(native, document_type));
    }
    let mut response = HttpResponse::Ok();
    vum_headers(&mut response, &request, &source);
    response.json(json!({"maximumAantalResultatenBereikt": more, "matches": matches}))
}

async fn vum_detail(
    request: HttpRequest,
    source: web::Data<DemoSource>,
    id: String,
    document_type: DocumentType,
) -> HttpResponse {
    if let Err(message) = check_vum_headers(&request) {
        return vum_error(&request, &source, StatusCode::BAD_REQUEST, &message);
    }
    let safe = !id.is_empty()
        && id.len() <= 200
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if !safe {
        return vum_error(
            &request,
            &source,
            StatusCode::BAD_REQUEST,
            "the id is not a valid VUM id",
        );
    }
    match source
        .documents(document_type)
        .iter()
        .find(|s| s.local_id == id)
    {
        Some(stored) => {
            let mut response = HttpResponse::Ok();
            vum_headers(&mut response, &request, &source);
            response
                .content_type("application/json")
                .body(stored.native.clone())
        }
        None => vum_error(
            &request,
            &source,
            StatusCode::NOT_FOUND,
            "no document with this id",
        ),
    }
}

async fn vum_profile_matches(
    r: HttpRequest,
    s: web::Data<DemoSource>,
    b: web::Bytes,
) -> HttpResponse {
    vum_matches(r, s, b, DocumentType::JobseekerProfile).await
}
async fn vum_vacancy_matches(
    r: HttpRequest,
    s: web::Data<DemoSource>,
    b: web::Bytes,
) -> HttpResponse {
    vum_matches(r, s, b, DocumentType::Vacancy).await
}
async fn vum_profile_detail(
    r: HttpRequest,
    s: web::Data<DemoSource>,
    id: web::Path<String>,
) -> HttpResponse {
    vum_detail(r, s, id.into_inner(), DocumentType::JobseekerProfile).await
}
async fn vum_vacancy_detail(
    r: HttpRequest,
    s: web::Data<DemoSource>,
    id: web::Path<String>,
) -> HttpResponse {
    vum_detail(r, s, id.into_inner(), DocumentType::Vacancy).await
}
async fn vum_not_found(r: HttpRequest, s: web::Data<DemoSource>) -> HttpResponse {
    vum_error(&r, &s, StatusCode::NOT_FOUND, "no resource at this path")
}

// --- werkbrug source --------------------------------------------------------------------------

fn problem(status: StatusCode, detail: &str) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("API-Version", WERKBRUG_SOURCE_VERSION))
        .content_type("application/problem+json")
        .json(json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": status.as_u16(),
            "detail": detail,
        }))
}

/// The body of a werkbrug source search.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WerkbrugSearch {
    #[allow(dead_code)]
    purpose: String,
    #[serde(default)]
    criteria: SearchCriteria,
    #[serde(default)]
    limit: Option<usize>,
}

/// Why the request's `API-Version` is not one this source speaks.
fn check_version(request: &HttpRequest) -> Result<(), &'static str> {
    match request
        .headers()
        .get("API-Version")
        .and_then(|v| v.to_str().ok())
    {
        Some(v) if v.split('.').next() == Some("1") => Ok(()),
        Some(_) => Err("this source speaks API-Version 1.x"),
        None => Err("the header API-Version is missing"),
    }
}

async fn werkbrug_matches(
    request: HttpRequest,
    source: web::Data<DemoSource>,
    body: web::Bytes,
    document_type: DocumentType,
) -> HttpResponse {
    if let Err(message) = check_version(&request) {
        return problem(StatusCode::BAD_REQUEST, message);
    }
    let search: WerkbrugSearch = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                &format!("the body is not a search: {e}"),
            );
        }
    };
    let limit = search.limit.unwrap_or(MAX_MATCHES).min(MAX_MATCHES);
    let mut matches = Vec::new();
    let mut more = false;
    for stored in source.documents(document_type) {
        if search
            .criteria
            .matches(document_type, &stored.canonical, &source.geo)
            .is_none()
        {
            continue;
        }
        if matches.len() == limit {
            more = true;
            break;
        }
        matches.push(match &stored.native_json {
            Some(json) => json.clone(),
            None => Value::String(String::from_utf8_lossy(&stored.native).into_owned()),
        });
    }
    HttpResponse::Ok()
        .insert_header(("API-Version", WERKBRUG_SOURCE_VERSION))
        .json(json!({"limitReached": more, "matches": matches}))
}

async fn werkbrug_detail(
    request: HttpRequest,
    source: web::Data<DemoSource>,
    id: String,
    document_type: DocumentType,
) -> HttpResponse {
    if let Err(message) = check_version(&request) {
        return problem(StatusCode::BAD_REQUEST, message);
    }
    match source
        .documents(document_type)
        .iter()
        .find(|s| s.local_id == id)
    {
        Some(stored) => HttpResponse::Ok()
            .insert_header(("API-Version", WERKBRUG_SOURCE_VERSION))
            .content_type(source.format.info().media_type)
            .body(stored.native.clone()),
        None => problem(StatusCode::NOT_FOUND, "no document with this id"),
    }
}

async fn werkbrug_profile_matches(
    r: HttpRequest,
    s: web::Data<DemoSource>,
    b: web::Bytes,
) -> HttpResponse {
    werkbrug_matches(r, s, b, DocumentType::JobseekerProfile).await
}
async fn werkbrug_vacancy_matches(
    r: HttpRequest,
    s: web::Data<DemoSource>,
    b: web::Bytes,
) -> HttpResponse {
    werkbrug_matches(r, s, b, DocumentType::Vacancy).await
}
async fn werkbrug_profile_detail(
    r: HttpRequest,
    s: web::Data<DemoSource>,
    id: web::Path<String>,
) -> HttpResponse {
    werkbrug_detail(r, s, id.into_inner(), DocumentType::JobseekerProfile).await
}
async fn werkbrug_vacancy_detail(
    r: HttpRequest,
    s: web::Data<DemoSource>,
    id: web::Path<String>,
) -> HttpResponse {
    werkbrug_detail(r, s, id.into_inner(), DocumentType::Vacancy).await
}
