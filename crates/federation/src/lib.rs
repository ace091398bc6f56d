//! Federated search and detail over live sources, without a central copy.
//!
//! A [`Federation`] knows the configured sources (VUM Bron sources of UWV and municipalities,
//! werkbrug sources of private providers), asks all of them at once for a search, translates every
//! answer to the canonical model with the format adapters, applies the criteria and the purpose's
//! view, and hands out opaque ids ([`pseudonym`]) through which a detail is fetched live from the
//! owning source. It stores nothing: answers live as long as the request.
//!
//! Fault tolerance: every source has a timeout, an answer size limit and a circuit breaker; all
//! requests to sources share a bound on concurrency; a source's failure is that source's status,
//! never the search's.
//!
//! Disclosure policy lives here too ([`disclosure`]): a search's or detail's answer is
//! [`Undisclosed`] until its processing-log records are committed, and only then becomes
//! [`Disclosed`] data a caller can send.
//!
//! This crate does HTTP as a client only (reqwest with rustls): no server, no actix.

pub mod breaker;
pub mod config;
pub mod connector;
pub mod criteria;
pub mod disclosure;
pub mod geo;
pub mod matching;
pub mod path;
pub mod pseudonym;
pub mod purpose;
pub mod vum_query;

pub use disclosure::{Disclosed, DisclosureLog, Undisclosed};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chacha20poly1305::aead::rand_core::RngCore;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use werkbrug_model::DocumentType;

use crate::breaker::{Breaker, Refusal};
pub use crate::config::{ConnectorKind, FederationConfig, SourceConfig};
use crate::connector::{Answer, Connector, Party, SourceError};
pub use crate::criteria::SearchCriteria;
use crate::geo::PostcodeTable;
use crate::pseudonym::{PseudonymError, Pseudonymizer, Target};
use crate::purpose::{DerivedValues, FieldsError, PurposeRegister, Stage};

/// A search as an integrator asks it.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SearchRequest {
    /// The purpose (doelbinding) of the search: an id from the purpose register
    /// (`GET /v1/purposes`), e.g. `matching`. The API key's organisation must be allowed it.
    pub purpose: String,
    /// What to search for.
    #[serde(default)]
    pub criteria: SearchCriteria,
    /// The fields wanted in each result (paths as in the purpose register); empty for all the
    /// purpose allows. A field the purpose does not allow is refused (403).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = 100))]
    pub fields: Vec<String>,
}

/// How a source fared in a search.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum SourceState {
    /// It answered.
    Ok,
    /// It did not answer within its timeout.
    Timeout,
    /// It answered with an error, or with something that is not an answer.
    Error,
    /// Its circuit breaker is open after repeated failures: it was not asked.
    Unavailable,
    /// It was not asked: it does not hold this document type, or cannot express the criteria.
    Skipped,
}

/// A source's status in a search.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct SourceStatus {
    /// The source's id.
    pub source: String,
    /// The organisation that holds its data.
    pub organisation: String,
    /// How it fared.
    pub status: SourceState,
    /// Results from it in this answer (after the criteria were applied).
    pub count: usize,
    /// How long it took, in milliseconds.
    pub latency_ms: u64,
    /// Whether it had more matches than it may send (100).
    pub limit_reached: bool,
    /// Why it is not `ok`, or what was wrong with part of its answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// How a match narrowed or split the query when the source was at its limit, so that the
    /// best candidates were not cut off at random (matches only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refinement: Option<String>,
}

/// Where a result comes from.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct SourceRef {
    /// The source's id.
    pub id: String,
    /// The organisation that holds the data (the controller).
    pub organisation: String,
}

/// A document as a purpose may see it.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct DocumentView {
    /// Opaque id for the detail call (`GET /v1/jobseekers/{id}`); valid for a limited time and
    /// only for the API key that searched.
    pub id: String,
    /// The document type.
    pub document_type: DocumentType,
    /// Where it comes from.
    pub source: SourceRef,
    /// The purpose it was disclosed for.
    pub purpose: String,
    /// Distance in kilometres from the searched area's postcode (centroid to centroid).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Values derived from fields the purpose may not see.
    #[serde(default, skip_serializing_if = "is_empty_derived")]
    pub derived: DerivedValues,
    /// The canonical document, reduced to the fields the purpose (and the caller's `fields`)
    /// allow. It follows the canonical schema's structure, but required properties may be
    /// absent.
    #[schema(value_type = Object)]
    pub document: Value,
}

fn is_empty_derived(d: &DerivedValues) -> bool {
    d == &DerivedValues::default()
}

/// The answer to a search.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct SearchResponse {
    /// The purpose the results were disclosed for.
    pub purpose: String,
    /// The results, nearest first when an area was given.
    pub results: Vec<DocumentView>,
    /// One status per configured source.
    pub sources: Vec<SourceStatus>,
}

/// One disclosure of one data subject: what the processing log records. Holds the source's local
/// id, so it never leaves the gateway (it is not serialised).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Disclosure {
    /// The source.
    pub source_id: String,
    /// The organisation that holds the data.
    pub source_organisation: String,
    /// The source's own id of the subject's document.
    pub local_id: String,
    /// The fields the view could show (paths as in the purpose register).
    pub fields: Vec<String>,
    /// The purpose's URI (the processing activity).
    pub activity: String,
}

/// The caller, as federation needs to know it.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// What ids are bound to: the API key's hash, or `anonymous` without keys.
    pub binding: String,
    /// What sources are told about the caller.
    pub party: Party,
}

/// Why a search or detail cannot be answered.
#[derive(Debug, thiserror::Error)]
pub enum FederationError {
    /// The purpose is not in the register.
    #[error("'{0}' is not a purpose in the register; GET /v1/purposes lists them")]
    UnknownPurpose(String),
    /// The `fields` do not fit the purpose.
    #[error(transparent)]
    Fields(#[from] FieldsError),
    /// The id cannot be resolved.
    #[error(transparent)]
    Pseudonym(#[from] PseudonymError),
    /// The search's detail calls are used up.
    #[error("the {0} detail calls of this search are used up: search again")]
    DetailLimit(u32),
    /// The source of the id is no longer configured, or no longer has the document.
    #[error("the document is not (or no longer) available from its source")]
    NotFound,
    /// The starting document of a match cannot be read.
    #[error("{message}")]
    Start {
        /// Where in the request (a JSON Pointer).
        pointer: String,
        /// What is wrong, without values.
        message: String,
    },
    /// The cursor is not one of this match request.
    #[error(
        "the cursor does not belong to this request: send the same body with the cursor of its answer"
    )]
    Cursor,
    /// The source could not answer.
    #[error("the source '{source_id}' could not answer: {reason}")]
    Source {
        /// The source.
        source_id: String,
        /// How it fared.
        state: SourceState,
        /// Why.
        reason: String,
    },
}

struct Source {
    connector: Connector,
    breaker: Breaker,
}

/// Detail calls per search, counted in memory until the search's ids expire.
#[derive(Debug, Default)]
struct DetailBudget {
    spent: Mutex<HashMap<u64, (u32, Instant)>>,
}

impl DetailBudget {
    fn spend(&self, search: u64, max: u32, lifetime: Duration) -> bool {
        let now = Instant::now();
        let mut spent = self.spent.lock().unwrap_or_else(|e| e.into_inner());
        if spent.len() > 10_000 {
            spent.retain(|_, (_, expires)| *expires > now);
        }
        let entry = spent.entry(search).or_insert((0, now + lifetime));
        if entry.0 >= max {
            return false;
        }
        entry.0 += 1;
        true
    }
}

/// The federation of sources. Cheap to clone: the sources, breakers and limits are shared; use
/// [`Federation::for_worker`] to give each single-threaded server worker an HTTP client of its
/// own (a client's connections are driven by the runtime that opened them).
#[derive(Clone)]
pub struct Federation {
    shared: Arc<Shared>,
    client: reqwest::Client,
}

struct Shared {
    sources: Vec<Source>,
    permits: tokio::sync::Semaphore,
    geo: PostcodeTable,
    register: PurposeRegister,
    pseudonyms: Pseudonymizer,
    budget: DetailBudget,
    config: FederationConfig,
    key_is_random: bool,
    clock: Clock,
}

/// Where a federation reads the time (Unix seconds) that ids are issued at and expire by: the
/// system clock, or a clock of a test's or simulation's own.
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

fn http_client() -> Result<reqwest::Client, config::ConfigError> {
    reqwest::Client::builder()
        .pool_max_idle_per_host(32)
        .user_agent(concat!("werkbrug/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| config::ConfigError::Source {
            source_id: "*".into(),
            message: format!("cannot build the HTTP client: {e}"),
        })
}

impl std::fmt::Debug for Federation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Federation")
            .field("sources", &self.shared.sources.len())
            .finish_non_exhaustive()
    }
}

/// The system clock, in Unix seconds.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Federation {
    /// A federation over the configured sources. Reads the postcode table and the purpose
    /// register the configuration names.
    pub fn new(config: FederationConfig) -> Result<Self, config::ConfigError> {
        Self::with_clock(config, Arc::new(unix_now))
    }

    /// [`Federation::new`] with another clock: ids are issued at and expire by its time.
    pub fn with_clock(config: FederationConfig, clock: Clock) -> Result<Self, config::ConfigError> {
        config.check()?;
        // reqwest is built without a default TLS provider (no OpenSSL, no aws-lc): use ring.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let geo = PostcodeTable::configured(config.postcodes.as_deref())?;
        let register = match &config.purposes {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|source| config::ConfigError::Io {
                        path: path.display().to_string(),
                        source,
                    })?;
                PurposeRegister::parse(&text)?
            }
            None => PurposeRegister::builtin(),
        };
        let (key, key_is_random) = match config.key()? {
            Some(key) => (key, false),
            None => (Pseudonymizer::random_key(), true),
        };
        let mut sources = Vec::new();
        for source in &config.sources {
            let connector =
                Connector::new(source.clone()).ok_or_else(|| config::ConfigError::Source {
                    source_id: source.id.clone(),
                    message: format!("no format adapter '{}'", source.format_id()),
                })?;
            sources.push(Source {
                connector,
                breaker: Breaker::new(config.breaker.clone()),
            });
        }
        Ok(Self {
            shared: Arc::new(Shared {
                sources,
                permits: tokio::sync::Semaphore::new(config.max_concurrent_requests),
                geo,
                register,
                pseudonyms: Pseudonymizer::new(&key, config.id_lifetime_secs),
                budget: DetailBudget::default(),
                config,
                key_is_random,
                clock,
            }),
            client: http_client()?,
        })
    }

    /// The same federation with an HTTP client of its own, for another server worker.
    pub fn for_worker(&self) -> Self {
        Self {
            shared: self.shared.clone(),
            client: http_client().unwrap_or_else(|_| self.client.clone()),
        }
    }

    /// The postcode table in use.
    pub fn postcodes(&self) -> &PostcodeTable {
        &self.shared.geo
    }

    /// werkbrug's own OIN, if configured (sent to VUM sources as X-VUM-viaParty).
    pub fn oin(&self) -> Option<&str> {
        self.shared.config.oin.as_deref()
    }

    /// The purpose register in use.
    pub fn register(&self) -> &PurposeRegister {
        &self.shared.register
    }

    /// Whether the pseudonym key was made up at startup (ids die with the process).
    pub fn key_is_random(&self) -> bool {
        self.shared.key_is_random
    }

    /// The configured sources.
    pub fn sources(&self) -> impl Iterator<Item = &SourceConfig> {
        self.shared.sources.iter().map(|s| s.connector.config())
    }

    /// Asks every source, applies the criteria and the purpose's search view. The answer is
    /// sealed until its disclosures are logged ([`disclosure::DisclosureLog::commit`]).
    pub async fn search(
        &self,
        document_type: DocumentType,
        request: &SearchRequest,
        caller: &Caller,
    ) -> Result<Undisclosed<SearchResponse>, FederationError> {
        let purpose = self
            .shared
            .register
            .get(&request.purpose)
            .ok_or_else(|| FederationError::UnknownPurpose(request.purpose.clone()))?;
        let view = purpose
            .view(document_type, Stage::Search)
            .narrow(&purpose.id, &request.fields)?;
        let search = chacha20poly1305::aead::OsRng.next_u64();
        let asks = self
            .shared
            .sources
            .iter()
            .map(|source| self.ask(source, document_type, request, caller));
        let outcomes = futures_util::future::join_all(asks).await;

        let today = chrono::Utc::now().date_naive();
        let now = (self.shared.clock)();
        let mut results: Vec<DocumentView> = Vec::new();
        let mut disclosures = Vec::new();
        let view_fields: Vec<String> = view.fields().map(str::to_owned).collect();
        let mut statuses = Vec::new();
        for (source, (mut status, answer)) in self.shared.sources.iter().zip(outcomes) {
            let config = source.connector.config();
            for found in answer.found {
                let value = found.value;
                let Some(matched) =
                    request
                        .criteria
                        .matches(document_type, &value, &self.shared.geo)
                else {
                    continue;
                };
                let (document, derived) = view.apply(&value, today);
                disclosures.push(Disclosure {
                    source_id: config.id.clone(),
                    source_organisation: config.organisation.clone(),
                    local_id: found.local_id.clone(),
                    fields: view_fields.clone(),
                    activity: purpose.uri.clone(),
                });
                let target = Target {
                    document_type,
                    source: config.id.clone(),
                    local_id: found.local_id,
                    search,
                    purpose: purpose.id.clone(),
                };
                results.push(DocumentView {
                    id: self.shared.pseudonyms.seal(&target, &caller.binding, now),
                    document_type,
                    source: SourceRef {
                        id: config.id.clone(),
                        organisation: config.organisation.clone(),
                    },
                    purpose: purpose.id.clone(),
                    distance_km: matched.distance_km.map(|d| (d * 10.0).round() / 10.0),
                    derived,
                    document,
                });
                status.count += 1;
            }
            statuses.push(status);
        }
        // Sort results and their disclosures together, nearest first.
        let mut paired: Vec<(DocumentView, Disclosure)> =
            results.into_iter().zip(disclosures).collect();
        paired.sort_by(|(a, _), (b, _)| {
            let key = |v: &DocumentView| v.distance_km.unwrap_or(f64::INFINITY);
            key(a).total_cmp(&key(b))
        });
        let (results, disclosures) = paired.into_iter().unzip();
        Ok(Undisclosed::new(
            SearchResponse {
                purpose: purpose.id.clone(),
                results,
                sources: statuses,
            },
            disclosures,
        ))
    }

    /// Asks one source, within its timeout and the breaker's leave.
    async fn ask(
        &self,
        source: &Source,
        document_type: DocumentType,
        request: &SearchRequest,
        caller: &Caller,
    ) -> (SourceStatus, Answer) {
        let config = source.connector.config();
        let started = Instant::now();
        let status = |state: SourceState, reason: Option<String>| SourceStatus {
            source: config.id.clone(),
            organisation: config.organisation.clone(),
            status: state,
            count: 0,
            latency_ms: started.elapsed().as_millis() as u64,
            limit_reached: false,
            reason,
            refinement: None,
        };
        if !config.document_types.contains(&document_type) {
            let what = match document_type {
                DocumentType::JobseekerProfile => "jobseekers",
                DocumentType::Vacancy => "vacancies",
            };
            return (
                status(
                    SourceState::Skipped,
                    Some(format!("the source holds no {what}")),
                ),
                Answer::default(),
            );
        }
        let body =
            match source
                .connector
                .search_body(document_type, &request.criteria, &request.purpose)
            {
                Ok(body) => body,
                Err(unsupported) => {
                    return (
                        status(SourceState::Skipped, Some(unsupported.0)),
                        Answer::default(),
                    );
                }
            };
        let breaker = match source.breaker.allow(started) {
            Ok(permit) => permit,
            Err(refusal) => {
                return (
                    status(SourceState::Unavailable, Some(refusal_reason(&refusal))),
                    Answer::default(),
                );
            }
        };
        let timeout = Duration::from_millis(config.timeout_ms);
        let work = async {
            let _permit = self
                .shared
                .permits
                .acquire()
                .await
                .expect("the semaphore is never closed");
            source
                .connector
                .search(&self.client, document_type, &body, &caller.party)
                .await
        };
        match tokio::time::timeout(timeout, work).await {
            Ok(Ok(answer)) => {
                breaker.success();
                let mut s = status(SourceState::Ok, None);
                s.limit_reached = answer.limit_reached;
                if answer.unreadable > 0 {
                    s.reason = Some(format!(
                        "{} of its documents could not be read; the first: {}",
                        answer.unreadable,
                        answer.unreadable_reason.clone().unwrap_or_default()
                    ));
                }
                (s, answer)
            }
            Ok(Err(error)) => {
                breaker.failure(Instant::now());
                (
                    status(SourceState::Error, Some(error.to_string())),
                    Answer::default(),
                )
            }
            Err(_) => {
                breaker.failure(Instant::now());
                (
                    status(
                        SourceState::Timeout,
                        Some(format!("no answer within {} ms", config.timeout_ms)),
                    ),
                    Answer::default(),
                )
            }
        }
    }

    /// What `id` stands for, as [`Federation::detail`] resolves it, without asking the source or
    /// spending a detail of the search: so that a caller can decide about the person first.
    pub fn resolve(
        &self,
        document_type: DocumentType,
        id: &str,
        purpose: &str,
        caller: &Caller,
    ) -> Result<Target, FederationError> {
        let purpose = self
            .shared
            .register
            .get(purpose)
            .ok_or_else(|| FederationError::UnknownPurpose(purpose.to_owned()))?;
        Ok(self.shared.pseudonyms.open(
            id,
            document_type,
            &caller.binding,
            &purpose.id,
            (self.shared.clock)(),
        )?)
    }

    /// Resolves an id and fetches the document live from its source, in the purpose's detail
    /// view. The document is sealed until its disclosure is logged
    /// ([`disclosure::DisclosureLog::commit`]).
    pub async fn detail(
        &self,
        document_type: DocumentType,
        id: &str,
        purpose: &str,
        fields: &[String],
        caller: &Caller,
    ) -> Result<Undisclosed<DocumentView>, FederationError> {
        let purpose = self
            .shared
            .register
            .get(purpose)
            .ok_or_else(|| FederationError::UnknownPurpose(purpose.to_owned()))?;
        let view = purpose
            .view(document_type, Stage::Detail)
            .narrow(&purpose.id, fields)?;
        let (document, config, local_id) = self.fetch(document_type, id, purpose, caller).await?;
        let (shown, derived) = view.apply(&document, chrono::Utc::now().date_naive());
        let disclosure = Disclosure {
            source_id: config.id.clone(),
            source_organisation: config.organisation.clone(),
            local_id,
            fields: view.fields().map(str::to_owned).collect(),
            activity: purpose.uri.clone(),
        };
        let shown_view = DocumentView {
            id: id.to_owned(),
            document_type,
            source: SourceRef {
                id: config.id.clone(),
                organisation: config.organisation.clone(),
            },
            purpose: purpose.id.clone(),
            distance_km: None,
            derived,
            document: shown,
        };
        Ok(Undisclosed::new(shown_view, vec![disclosure]))
    }

    /// Resolves an id and fetches the whole document live from its source, spending a detail
    /// of the search that issued the id. The document stays inside this crate.
    async fn fetch(
        &self,
        document_type: DocumentType,
        id: &str,
        purpose: &purpose::Purpose,
        caller: &Caller,
    ) -> Result<(Value, &SourceConfig, String), FederationError> {
        let target = self.shared.pseudonyms.open(
            id,
            document_type,
            &caller.binding,
            &purpose.id,
            (self.shared.clock)(),
        )?;
        let source = self
            .shared
            .sources
            .iter()
            .find(|s| s.connector.config().id == target.source)
            .ok_or(FederationError::NotFound)?;
        let config = source.connector.config();
        if !self.shared.budget.spend(
            target.search,
            self.shared.config.max_details_per_search,
            Duration::from_secs(self.shared.config.id_lifetime_secs),
        ) {
            return Err(FederationError::DetailLimit(
                self.shared.config.max_details_per_search,
            ));
        }
        let failed = |state: SourceState, reason: String| FederationError::Source {
            source_id: config.id.clone(),
            state,
            reason,
        };
        let breaker = source
            .breaker
            .allow(Instant::now())
            .map_err(|r| failed(SourceState::Unavailable, refusal_reason(&r)))?;
        let work = async {
            let _permit = self.shared.permits.acquire().await.expect("never closed");
            source
                .connector
                .detail(&self.client, document_type, &target.local_id, &caller.party)
                .await
        };
        let document =
            match tokio::time::timeout(Duration::from_millis(config.timeout_ms), work).await {
                Ok(Ok(document)) => {
                    breaker.success();
                    document
                }
                Ok(Err(SourceError::NotFound)) => {
                    breaker.success();
                    return Err(FederationError::NotFound);
                }
                Ok(Err(error)) => {
                    breaker.failure(Instant::now());
                    return Err(failed(SourceState::Error, error.to_string()));
                }
                Err(_) => {
                    breaker.failure(Instant::now());
                    return Err(failed(
                        SourceState::Timeout,
                        format!("no answer within {} ms", config.timeout_ms),
                    ));
                }
            };
        Ok((document, config, target.local_id))
    }

    /// The URI (processing activity) of a purpose, if the register knows it.
    pub fn activity(&self, purpose: &str) -> Option<&str> {
        self.shared.register.get(purpose).map(|p| p.uri.as_str())
    }
}

fn refusal_reason(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Open(left) => format!(
            "skipped after repeated failures; tried again in {} s",
            left.as_secs().max(1)
        ),
        Refusal::TrialUnderWay => {
            "skipped after repeated failures; a trial request is under way".into()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;
    use crate::pseudonym::PseudonymError;

    #[test]
    fn ids_expire_by_the_federations_clock_not_the_wall_clock() {
        let now = Arc::new(AtomicU64::new(1_000_000));
        let clock: Clock = {
            let now = now.clone();
            Arc::new(move || now.load(Ordering::SeqCst))
        };
        let config = FederationConfig {
            id_lifetime_secs: 60,
            ..FederationConfig::default()
        };
        let federation = Federation::with_clock(config, clock).unwrap();
        let target = Target {
            document_type: DocumentType::JobseekerProfile,
            source: "uwv".into(),
            local_id: "W-1".into(),
            search: 1,
            purpose: "matching".into(),
        };
        let id = federation
            .shared
            .pseudonyms
            .seal(&target, "key-a", 1_000_000);
        let caller = Caller {
            binding: "key-a".into(),
            party: Party::default(),
        };
        let resolve =
            || federation.resolve(DocumentType::JobseekerProfile, &id, "matching", &caller);
        now.store(1_000_060, Ordering::SeqCst);
        assert_eq!(resolve().unwrap(), target, "still within its lifetime");
        now.store(1_000_061, Ordering::SeqCst);
        assert!(matches!(
            resolve(),
            Err(FederationError::Pseudonym(PseudonymError::Expired))
        ));
    }
}
