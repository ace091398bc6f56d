//! The two connector kinds: how a search and a detail are put to a source over HTTP, and how its
//! answers are read. Answers are read up to the source's size limit and decoded by the format
//! adapter of the source's format; nothing is kept after the request.

use serde_json::{Value, json};
use werkbrug_formats::{CanonicalDocument, DecodeContext, Format, registry};
use werkbrug_model::DocumentType;
use werkbrug_model::common::SourceSystem;

use crate::config::{ConnectorKind, SourceConfig};
use crate::criteria::{SearchCriteria, Unsupported};

/// The version of the VUM interface spoken (X-VUM-berichtVersie and API-Version).
pub const VUM_VERSION: &str = "3.0.0";
/// The version of the werkbrug source contract spoken.
pub const WERKBRUG_SOURCE_VERSION: &str = "1.0.0";
/// Most matches a source returns for one search (VUM's limit, also the werkbrug source's).
pub const MAX_MATCHES: usize = 100;

/// Who asks, as a source is told.
#[derive(Debug, Clone, Default)]
pub struct Party {
    /// The caller's OIN (X-VUM-fromParty).
    pub oin: Option<String>,
    /// Whether the caller is a SUWI party (UWV, a municipality): X-VUM-SUWIparty.
    pub suwi: bool,
    /// werkbrug's own OIN (X-VUM-viaParty).
    pub via: Option<String>,
}

/// One document in an answer.
#[derive(Debug, Clone)]
pub struct Found {
    /// The source's own id of it.
    pub local_id: String,
    /// Its canonical form as JSON, for the criteria and the views.
    pub value: Value,
}

/// A source's answer to a search.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// The documents that could be read.
    pub found: Vec<Found>,
    /// Whether the source had more than it sent.
    pub limit_reached: bool,
    /// Documents that could not be read, with the first reason.
    pub unreadable: usize,
    /// Why the first unreadable document could not be read (no values).
    pub unreadable_reason: Option<String>,
}

/// Why a source's answer is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The connection failed.
    #[error("cannot reach the source: {0}")]
    Connect(String),
    /// The source answered with an error status.
    #[error("the source answered {status}{}", detail.as_ref().map(|d| format!(": {d}")).unwrap_or_default())]
    Status {
        /// The status.
        status: u16,
        /// The error message from its body, if it had one in its contract's format.
        detail: Option<String>,
    },
    /// The answer is larger than the limit.
    #[error("the answer is larger than {0} bytes")]
    TooLarge(usize),
    /// The answer is not what the contract says.
    #[error("the answer is malformed: {0}")]
    Malformed(String),
    /// The source does not know the document (detail only).
    #[error("the source does not hold this document")]
    NotFound,
}

/// A connector bound to one source.
#[derive(Clone)]
pub struct Connector {
    config: SourceConfig,
    format: &'static dyn Format,
}

impl std::fmt::Debug for Connector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connector")
            .field("source", &self.config.id)
            .field("format", &self.format.id())
            .finish()
    }
}

/// Reads a response body, failing as soon as it passes `limit` bytes (a declared Content-Length
/// over the limit fails before reading).
async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, SourceError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(SourceError::TooLarge(limit));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|_| SourceError::Malformed("the body broke off before its end".into()))?
    {
        if body.len() + chunk.len() > limit {
            return Err(SourceError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// A reqwest error in words, without the URL (it may carry a local id).
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_connect() {
        "connection refused or failed"
    } else if error.is_timeout() {
        "timed out"
    } else if error.is_body() || error.is_decode() {
        "the body could not be read"
    } else if error.is_request() {
        "the request could not be sent"
    } else {
        "transport error"
    };
    kind.to_owned()
}

fn vum_path(document_type: DocumentType) -> &'static str {
    match document_type {
        DocumentType::JobseekerProfile => "werkzoekendeProfielen",
        DocumentType::Vacancy => "vacatures",
    }
}

fn werkbrug_path(document_type: DocumentType) -> &'static str {
    match document_type {
        DocumentType::JobseekerProfile => "jobseekers",
        DocumentType::Vacancy => "vacancies",
    }
}

impl Connector {
    /// A connector for `config`, whose format must be in the registry (checked at startup).
    pub fn new(config: SourceConfig) -> Option<Self> {
        let format = registry::get(config.format_id())?;
        Some(Self { config, format })
    }

    /// The source's settings.
    pub fn config(&self) -> &SourceConfig {
        &self.config
    }

    fn url(&self, segments: &[&str]) -> Result<reqwest::Url, SourceError> {
        let mut url = reqwest::Url::parse(&self.config.base_url)
            .map_err(|_| SourceError::Connect("the base URL is not a URL".into()))?;
        url.path_segments_mut()
            .map_err(|_| SourceError::Connect("the base URL cannot have a path".into()))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    fn headers(&self, request: reqwest::RequestBuilder, party: &Party) -> reqwest::RequestBuilder {
        let request = match self.config.kind {
            ConnectorKind::VumBron => request
                .header("X-VUM-berichtVersie", VUM_VERSION)
                .header("API-Version", VUM_VERSION)
                .header(
                    "X-VUM-fromParty",
                    party
                        .oin
                        .as_deref()
                        .or(party.via.as_deref())
                        .unwrap_or("werkbrug"),
                )
                .header(
                    "X-VUM-toParty",
                    self.config.oin.as_deref().unwrap_or(&self.config.id),
                )
                .header("X-VUM-viaParty", party.via.as_deref().unwrap_or("werkbrug"))
                .header("X-VUM-SUWIparty", if party.suwi { "true" } else { "false" }),
            ConnectorKind::WerkbrugSource => request.header("API-Version", WERKBRUG_SOURCE_VERSION),
        };
        match &self.config.credentials {
            Some(c) => request.header(&c.header, &c.value),
            None => request,
        }
    }

    /// What a search asks of this source, or why it cannot be asked.
    pub fn search_body(
        &self,
        document_type: DocumentType,
        criteria: &SearchCriteria,
        purpose: &str,
    ) -> Result<Value, Unsupported> {
        match self.config.kind {
            ConnectorKind::VumBron => {
                Ok(json!({ "vraagObject": criteria.vum_query(document_type)? }))
            }
            ConnectorKind::WerkbrugSource => Ok(json!({
                "purpose": purpose,
                "criteria": criteria,
                "limit": MAX_MATCHES,
            })),
        }
    }

    fn context(&self) -> DecodeContext {
        DecodeContext {
            source: SourceSystem {
                id: self.config.id.clone(),
                organisation: Some(self.config.organisation.clone()),
                oin: self.config.oin.clone().map(Into::into),
            },
            received: chrono::Utc::now().fixed_offset(),
            schema_version: None,
        }
    }

    /// The collection path of a document type in the source's contract.
    fn collection(&self, document_type: DocumentType) -> &'static str {
        match self.config.kind {
            ConnectorKind::VumBron => vum_path(document_type),
            ConnectorKind::WerkbrugSource => werkbrug_path(document_type),
        }
    }

    /// Sends a request with the contract's headers and reads the answer within the size limit: a
    /// 404 is `NotFound`, other error statuses carry the source's own message.
    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        party: &Party,
    ) -> Result<Vec<u8>, SourceError> {
        let response = self
            .headers(request, party)
            .send()
            .await
            .map_err(|e| SourceError::Connect(describe(&e)))?;
        let status = response.status();
        let bytes = read_limited(response, self.config.max_response_bytes).await?;
        if status == reqwest::StatusCode::NOT_FOUND {
            return Err(SourceError::NotFound);
        }
        if !status.is_success() {
            return Err(SourceError::Status {
                status: status.as_u16(),
                detail: self.error_detail(&bytes),
            });
        }
        Ok(bytes)
    }

    /// Sends a search and reads the answer.
    pub async fn search(
        &self,
        client: &reqwest::Client,
        document_type: DocumentType,
        body: &Value,
        party: &Party,
    ) -> Result<Answer, SourceError> {
        let path = self.collection(document_type);
        let request = client
            .post(self.url(&[path, "matches"])?)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .body(serde_json::to_vec(body).expect("JSON values serialise"));
        // A search has no "not found": a 404 means the source does not offer the operation.
        let bytes = match self.exchange(request, party).await {
            Err(SourceError::NotFound) => {
                return Err(SourceError::Status {
                    status: 404,
                    detail: None,
                });
            }
            other => other?,
        };
        // Reading the answer is CPU work (parsing, decoding up to 100 documents with their loss
        // reports): off the request's thread, so that the answers of several sources are read
        // on several cores.
        let connector = self.clone();
        tokio::task::spawn_blocking(move || connector.read_answer(&bytes, document_type))
            .await
            .map_err(|_| SourceError::Malformed("reading the answer failed".into()))?
    }

    /// Reads a matches answer: the envelope of the contract and each document in it.
    fn read_answer(
        &self,
        bytes: &[u8],
        document_type: DocumentType,
    ) -> Result<Answer, SourceError> {
        let envelope: Value = serde_json::from_slice(bytes).map_err(|e| {
            SourceError::Malformed(format!(
                "not JSON (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        let (flag, list) = match self.config.kind {
            ConnectorKind::VumBron => ("maximumAantalResultatenBereikt", "matches"),
            ConnectorKind::WerkbrugSource => ("limitReached", "matches"),
        };
        let limit_reached = envelope
            .get(flag)
            .and_then(Value::as_bool)
            .ok_or_else(|| SourceError::Malformed(format!("{flag} is missing or not a boolean")))?;
        let matches = envelope
            .get(list)
            .and_then(Value::as_array)
            .ok_or_else(|| SourceError::Malformed(format!("{list} is missing or not an array")))?;
        if matches.len() > MAX_MATCHES {
            return Err(SourceError::Malformed(format!(
                "{} matches, more than the {MAX_MATCHES} a source may send",
                matches.len()
            )));
        }
        let context = self.context();
        let mut answer = Answer {
            limit_reached,
            ..Answer::default()
        };
        for (index, item) in matches.iter().enumerate() {
            let bytes = match (item, self.format.id()) {
                (Value::String(xml), "setu-xml") => xml.as_bytes().to_vec(),
                (other, _) => serde_json::to_vec(other).expect("JSON values serialise"),
            };
            match self.read_document(&bytes, document_type, &context) {
                Ok(found) => answer.found.push(found),
                Err(reason) => {
                    answer.unreadable += 1;
                    answer
                        .unreadable_reason
                        .get_or_insert_with(|| format!("/{list}/{index}: {reason}"));
                }
            }
        }
        Ok(answer)
    }

    fn read_document(
        &self,
        bytes: &[u8],
        document_type: DocumentType,
        context: &DecodeContext,
    ) -> Result<Found, String> {
        let decoded = self
            .format
            .decode(bytes, Some(document_type), context)
            .map_err(|e| e.to_string())?;
        let identifiers = match &decoded.document {
            CanonicalDocument::JobseekerProfile(p) => &p.identifiers,
            CanonicalDocument::Vacancy(v) => &v.identifiers,
        };
        let local_id = identifiers
            .first()
            .map(|i| i.local_id.clone())
            .ok_or_else(|| "the document has no identifier".to_owned())?;
        let value = decoded.document.to_value();
        Ok(Found { local_id, value })
    }

    /// The message in an error body of the source's contract (VUM `{code, message}`, werkbrug
    /// problem details), cut short.
    fn error_detail(&self, bytes: &[u8]) -> Option<String> {
        let value: Value = serde_json::from_slice(bytes).ok()?;
        let text = match self.config.kind {
            ConnectorKind::VumBron => value.get("message")?.as_str()?,
            ConnectorKind::WerkbrugSource => {
                value.get("detail").or(value.get("title"))?.as_str()?
            }
        };
        Some(text.chars().take(200).collect())
    }

    /// Fetches one document by the source's own id.
    pub async fn detail(
        &self,
        client: &reqwest::Client,
        document_type: DocumentType,
        local_id: &str,
        party: &Party,
    ) -> Result<Value, SourceError> {
        let path = self.collection(document_type);
        let request = client.get(self.url(&[path, local_id])?);
        let bytes = self.exchange(request, party).await?;
        let found = self
            .read_document(&bytes, document_type, &self.context())
            .map_err(SourceError::Malformed)?;
        if found.local_id != local_id {
            return Err(SourceError::Malformed(
                "the document's identifier is not the one asked for".into(),
            ));
        }
        Ok(found.value)
    }
}
