//! Access control: API keys mapped to organisations and roles.
//!
//! Keys are never stored: the configuration holds their SHA-256 hashes (`werkbrug hash-key`
//! makes one). A request presents its key in `X-Api-Key`. Public operations (documentation,
//! schemas, formats, code lists, health) need none; the others need a key whose organisation has
//! the operation's role. A missing or unknown key is 401, a key without the role 403.

use actix_web::{HttpRequest, web};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::problem::ApiError;

/// The header that carries the API key.
pub const API_KEY_HEADER: &str = "X-Api-Key";

/// What an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// `POST /v1/translations`.
    Translate,
    /// `POST /v1/validations/{document-type}`.
    Validate,
    /// Federated searches and details (`/v1/jobseeker-searches`, `/v1/jobseekers/{id}`, ...),
    /// for the purposes the key lists.
    Search,
    /// Reading the processing log (`/v1/processing-log-searches`).
    Audit,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Translate => "translate",
            Role::Validate => "validate",
            Role::Search => "search",
            Role::Audit => "audit",
        }
    }
}

/// One API key in the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiKey {
    /// `sha256:` and the hex SHA-256 of the key.
    pub hash: String,
    /// Name of the organisation the key belongs to.
    pub organisation: String,
    /// The organisation's OIN, when it has one.
    #[serde(default)]
    pub oin: Option<String>,
    /// What the key may do.
    pub roles: Vec<Role>,
    /// The purposes (ids in the purpose register) the organisation may search and read for.
    #[serde(default)]
    pub purposes: Vec<String>,
    /// Whether the organisation is a SUWI party (UWV, a municipality), as VUM sources are told.
    #[serde(default)]
    pub suwi: bool,
    /// The organisation's disclosure budget, when it is not the gateway's `[budget]`.
    #[serde(default)]
    pub budget: Option<crate::budget::BudgetConfig>,
}

/// The organisation behind a search or detail, with what binds its ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Searcher {
    /// Name of the organisation.
    pub organisation: String,
    /// Its OIN.
    pub oin: Option<String>,
    /// The hash of its key: pseudonymous ids are bound to it.
    pub key_hash: String,
    /// Whether it is a SUWI party.
    pub suwi: bool,
    /// Its own disclosure budget, if its key sets one.
    pub budget: Option<crate::budget::BudgetConfig>,
}

/// Access settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessConfig {
    /// When false, translation and validation are open to anyone (a local or test setup).
    #[serde(default)]
    pub require_keys: bool,
    /// The keys.
    #[serde(default)]
    pub api_keys: Vec<ApiKey>,
}

/// The stored form of a key: `sha256:` and its hex SHA-256.
pub fn hash_key(key: &str) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(key.as_bytes())))
}

impl AccessConfig {
    /// Checks that the request carries a known key (401 otherwise), whatever `require_keys` says.
    pub fn authenticate(&self, request: &HttpRequest) -> Result<&ApiKey, ApiError> {
        self.known_key(request, "searches and details need")
    }

    /// The request's key, when it is known; the 401 for a missing key starts with `needs`.
    fn known_key(&self, request: &HttpRequest, needs: &str) -> Result<&ApiKey, ApiError> {
        let Some(key) = request
            .headers()
            .get(API_KEY_HEADER)
            .and_then(|v| v.to_str().ok())
        else {
            return Err(ApiError::Unauthorized(format!(
                "{needs} an API key in {API_KEY_HEADER}"
            )));
        };
        let hash = hash_key(key);
        self.api_keys
            .iter()
            .find(|k| k.hash == hash)
            .ok_or_else(|| ApiError::Unauthorized("the API key is not known".into()))
    }

    /// Checks that the request carries a known key with `role`, whatever `require_keys` says:
    /// 401 without one, 403 without the role.
    pub fn require(&self, request: &HttpRequest, role: Role) -> Result<&ApiKey, ApiError> {
        let entry = self.known_key(request, "this operation needs")?;
        if !entry.roles.contains(&role) {
            return Err(ApiError::Forbidden(format!(
                "the API key of {} does not have the role '{}'",
                entry.organisation,
                role.name()
            )));
        }
        Ok(entry)
    }
}

/// What an operation needs of its caller, as a type: handlers take [`Authorised`] of one of
/// these, and the check runs before the handler does.
pub trait Permission: 'static {
    /// The role the key needs.
    const ROLE: Role;
    /// Whether a request without a key passes when the gateway does not require keys
    /// (`access.require_keys = false`): for operations on documents the caller sends itself,
    /// never for personal data.
    const OPEN_WITHOUT_REQUIRED_KEYS: bool;
}

/// Translating documents (`POST /v1/translations`).
#[derive(Debug)]
pub struct Translate;
/// Validating documents (`POST /v1/validations/{document-type}`).
#[derive(Debug)]
pub struct Validate;
/// Searching and reading personal data, for a purpose the key lists.
#[derive(Debug)]
pub struct Search;
/// Reading the processing log.
#[derive(Debug)]
pub struct Audit;

impl Permission for Translate {
    const ROLE: Role = Role::Translate;
    const OPEN_WITHOUT_REQUIRED_KEYS: bool = true;
}
impl Permission for Validate {
    const ROLE: Role = Role::Validate;
    const OPEN_WITHOUT_REQUIRED_KEYS: bool = true;
}
impl Permission for Search {
    const ROLE: Role = Role::Search;
    const OPEN_WITHOUT_REQUIRED_KEYS: bool = false;
}
impl Permission for Audit {
    const ROLE: Role = Role::Audit;
    const OPEN_WITHOUT_REQUIRED_KEYS: bool = false;
}

/// A request that may use an operation needing `P`: extracting it answers 401 for a missing or
/// unknown key and 403 for a key without the role, before the handler runs, the way
/// meilisearch guards its routes. For [`Search`], whose purpose is in the request itself, the
/// extractor authenticates (a refusal is recorded in the processing log) and
/// [`Authorised::for_purpose`] authorises.
pub struct Authorised<P> {
    key: Option<ApiKey>,
    _permission: std::marker::PhantomData<P>,
}

impl<P> std::fmt::Debug for Authorised<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authorised")
            .field("organisation", &self.key.as_ref().map(|k| &k.organisation))
            .finish()
    }
}

impl Authorised<Search> {
    /// The searcher, when the key has the role `search` and lists `purpose` (403 otherwise,
    /// recorded in the processing log as a refusal of the purpose's activity).
    pub async fn for_purpose(
        &self,
        request: &HttpRequest,
        purpose: &str,
        started: chrono::DateTime<chrono::Utc>,
    ) -> Result<Searcher, ApiError> {
        let key = self.key.as_ref().expect("a search is authenticated");
        let refusal = if !key.roles.contains(&Role::Search) {
            Some(format!(
                "the API key of {} does not have the role 'search'",
                key.organisation
            ))
        } else if !key.purposes.iter().any(|p| p == purpose) {
            Some(format!(
                "{} may not process data for the purpose '{purpose}'",
                key.organisation
            ))
        } else {
            None
        };
        if let Some(detail) = refusal {
            return Err(
                record_refusal(request, purpose, ApiError::Forbidden(detail), started).await,
            );
        }
        Ok(Searcher {
            organisation: key.organisation.clone(),
            oin: key.oin.clone(),
            key_hash: key.hash.clone(),
            suwi: key.suwi,
            budget: key.budget,
        })
    }
}

/// Records a refusal of `purpose` in the processing log the app holds, if any.
async fn record_refusal(
    request: &HttpRequest,
    purpose: &str,
    error: ApiError,
    started: chrono::DateTime<chrono::Utc>,
) -> ApiError {
    let Some(log) = request.app_data::<web::Data<werkbrug_federation::DisclosureLog>>() else {
        return error;
    };
    let activity = request
        .app_data::<web::Data<werkbrug_federation::Federation>>()
        .and_then(|f| f.activity(purpose).map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned());
    crate::audit::refused(log, request, &activity, error, started).await
}

/// The `purpose` query parameter, for naming the activity of a refusal before the query is read.
fn purpose_in_query(request: &HttpRequest) -> String {
    web::Query::<std::collections::HashMap<String, String>>::from_query(request.query_string())
        .ok()
        .and_then(|q| q.get("purpose").cloned())
        .unwrap_or_default()
}

impl<P: Permission> actix_web::FromRequest for Authorised<P> {
    type Error = ApiError;
    type Future = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Self, ApiError>>>>;

    fn from_request(request: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let started = chrono::Utc::now();
            let access = request
                .app_data::<web::Data<AccessConfig>>()
                .cloned()
                .unwrap_or_default();
            let authorised = |key: Option<&ApiKey>| Authorised {
                key: key.cloned(),
                _permission: std::marker::PhantomData,
            };
            if P::ROLE == Role::Search {
                // Who asks comes first (401, recorded); whether it may is decided with the
                // purpose, which the request carries.
                return match access.authenticate(&request) {
                    Ok(key) => Ok(authorised(Some(key))),
                    Err(error) => {
                        let purpose = purpose_in_query(&request);
                        Err(record_refusal(&request, &purpose, error, started).await)
                    }
                };
            }
            // As before: a key that is not text counts as no key.
            let presented = request
                .headers()
                .get(API_KEY_HEADER)
                .and_then(|v| v.to_str().ok());
            let open = P::OPEN_WITHOUT_REQUIRED_KEYS && !access.require_keys && presented.is_none();
            if open {
                return Ok(authorised(None));
            }
            access
                .require(&request, P::ROLE)
                .map(|key| authorised(Some(key)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hash_to_sha256_hex() {
        assert_eq!(
            hash_key("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
