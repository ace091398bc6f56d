//! Access control: API keys mapped to organisations and roles.
//!
//! Keys are never stored: the configuration holds their SHA-256 hashes (`werkbrug hash-key`
//! makes one). A request presents its key in `X-Api-Key`. Public operations (documentation,
//! schemas, formats, code lists, health) need none; the others need a key whose organisation has
//! the operation's role. A missing or unknown key is 401, a key without the role 403.

use actix_web::HttpRequest;
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

/// The organisation behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// Name of the organisation.
    pub organisation: String,
    /// Its OIN.
    pub oin: Option<String>,
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
    /// Checks that the request may use an operation that needs `role`.
    pub fn authorise(&self, request: &HttpRequest, role: Role) -> Result<Option<Caller>, ApiError> {
        let presented = request
            .headers()
            .get(API_KEY_HEADER)
            .and_then(|v| v.to_str().ok());
        if !self.require_keys && presented.is_none() {
            return Ok(None);
        }
        let Some(key) = presented else {
            return Err(ApiError::Unauthorized(format!(
                "this operation needs an API key in {API_KEY_HEADER}"
            )));
        };
        let hash = hash_key(key);
        let Some(entry) = self.api_keys.iter().find(|k| k.hash == hash) else {
            return Err(ApiError::Unauthorized("the API key is not known".into()));
        };
        if !entry.roles.contains(&role) {
            return Err(ApiError::Forbidden(format!(
                "the API key of {} does not have the role '{}'",
                entry.organisation,
                role.name()
            )));
        }
        Ok(Some(Caller {
            organisation: entry.organisation.clone(),
            oin: entry.oin.clone(),
        }))
    }
}

impl AccessConfig {
    /// Checks that the request carries a known key (401 otherwise), whatever `require_keys` says.
    pub fn authenticate(&self, request: &HttpRequest) -> Result<&ApiKey, ApiError> {
        let Some(key) = request
            .headers()
            .get(API_KEY_HEADER)
            .and_then(|v| v.to_str().ok())
        else {
            return Err(ApiError::Unauthorized(format!(
                "searches and details need an API key in {API_KEY_HEADER}"
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
        let entry = self.authenticate(request)?;
        if !entry.roles.contains(&role) {
            return Err(ApiError::Forbidden(format!(
                "the API key of {} does not have the role '{}'",
                entry.organisation,
                role.name()
            )));
        }
        Ok(entry)
    }

    /// Checks that the request may search or read for `purpose`. Personal data is never open:
    /// this needs a key with the role `search` and the purpose, whether or not `require_keys` is
    /// set.
    pub fn authorise_purpose(
        &self,
        request: &HttpRequest,
        purpose: &str,
    ) -> Result<Searcher, ApiError> {
        let entry = self.require(request, Role::Search)?;
        if !entry.purposes.iter().any(|p| p == purpose) {
            return Err(ApiError::Forbidden(format!(
                "{} may not process data for the purpose '{purpose}'",
                entry.organisation
            )));
        }
        Ok(Searcher {
            organisation: entry.organisation.clone(),
            oin: entry.oin.clone(),
            key_hash: entry.hash.clone(),
            suwi: entry.suwi,
            budget: entry.budget,
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
