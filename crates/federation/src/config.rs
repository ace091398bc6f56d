//! Configuration of federation: the sources and the limits, from the gateway's TOML file
//! (`[federation]` and `[[federation.sources]]`).

use std::path::PathBuf;

use serde::Deserialize;
use werkbrug_model::DocumentType;

/// How the gateway talks to a source.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ConnectorKind {
    /// The VUM source contract (koppelvlak 3.0.0): UWV and municipalities.
    VumBron,
    /// werkbrug's own source contract (`schema/werkbrug-source.openapi.json`), documents in the
    /// provider's own format.
    WerkbrugSource,
}

impl ConnectorKind {
    /// The kebab-case name.
    pub fn name(self) -> &'static str {
        match self {
            ConnectorKind::VumBron => "vum-bron",
            ConnectorKind::WerkbrugSource => "werkbrug-source",
        }
    }
}

/// A header a source wants on every request (an API key, a bearer token).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// Header name, e.g. `Authorization`.
    pub header: String,
    /// Header value, e.g. `Bearer ...`. Never logged.
    pub value: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("header", &self.header)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// One source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Stable id (`uwv`, `gemeente-rotterdam`), shown in results and statuses.
    pub id: String,
    /// Name of the organisation that holds the data.
    pub organisation: String,
    /// Its OIN (X-VUM-toParty for VUM sources).
    #[serde(default)]
    pub oin: Option<String>,
    /// How to talk to it.
    pub kind: ConnectorKind,
    /// Base URL; operation paths are appended (`{base_url}/vacatures/matches`).
    pub base_url: String,
    /// Which document types it holds.
    pub document_types: Vec<DocumentType>,
    /// For `werkbrug-source`: the format of its documents (`setu-json`, `setu-xml`, `hropen`,
    /// `canonical`). VUM sources speak `vum`.
    #[serde(default)]
    pub format: Option<String>,
    /// Longest wait for an answer, in milliseconds.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// Largest answer read, in bytes; a larger one is that source's error.
    #[serde(default = "default_max_response_bytes")]
    pub max_response_bytes: usize,
    /// A header to send with every request.
    #[serde(default)]
    pub credentials: Option<Credentials>,
}

fn default_timeout_ms() -> u64 {
    2_000
}

fn default_max_response_bytes() -> usize {
    8 * 1024 * 1024
}

impl SourceConfig {
    /// The format of the source's documents.
    pub fn format_id(&self) -> &str {
        match self.kind {
            ConnectorKind::VumBron => "vum",
            ConnectorKind::WerkbrugSource => self.format.as_deref().unwrap_or("canonical"),
        }
    }
}

/// The circuit breaker of each source.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BreakerConfig {
    /// Consecutive failures (timeouts, errors) that open the breaker.
    pub failures: u32,
    /// How long an open breaker skips the source, in seconds; then one request tries it again.
    pub cool_down_secs: u64,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            failures: 3,
            cool_down_secs: 30,
        }
    }
}

/// Federation settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FederationConfig {
    /// The sources.
    pub sources: Vec<SourceConfig>,
    /// Detail calls allowed per search (VUM allows 10 per selection).
    pub max_details_per_search: u32,
    /// Requests to sources in flight at once, over all searches.
    pub max_concurrent_requests: usize,
    /// Circuit breaker settings.
    pub breaker: BreakerConfig,
    /// A four-digit postcode table (CSV `pc4,latitude,longitude`); without one, the built-in
    /// table of the GeoNames four-digit centroids (with two-digit areas only for a postcode
    /// it does not have).
    pub postcodes: Option<PathBuf>,
    /// A purpose register file; without one, the built-in `schema/purposes/register.json`.
    pub purposes: Option<PathBuf>,
    /// The key of the pseudonymous ids: 64 hex digits. Instances behind one load balancer share
    /// it. Without one, a random key per process (ids then die with the process). The
    /// environment variable `WERKBRUG_PSEUDONYM_KEY` overrides it.
    pub pseudonym_key: Option<String>,
    /// How long an id from a search stays valid, in seconds.
    pub id_lifetime_secs: u64,
    /// werkbrug's own OIN, sent to VUM sources as X-VUM-viaParty.
    pub oin: Option<String>,
}

impl Default for FederationConfig {
    fn default() -> Self {
        Self {
            sources: Vec::new(),
            max_details_per_search: 10,
            max_concurrent_requests: 64,
            breaker: BreakerConfig::default(),
            postcodes: None,
            purposes: None,
            pseudonym_key: None,
            id_lifetime_secs: 3_600,
            oin: None,
        }
    }
}

/// A configuration that cannot work.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// Two sources share an id.
    #[error("source '{0}' is configured twice")]
    DuplicateSource(String),
    /// A source's settings do not fit together.
    #[error("source '{source_id}': {message}")]
    Source {
        /// The source.
        source_id: String,
        /// What is wrong.
        message: String,
    },
    /// The pseudonym key is not 64 hex digits.
    #[error("pseudonym_key must be 64 hex digits (32 bytes)")]
    PseudonymKey,
    /// The postcode table cannot be read.
    #[error(transparent)]
    Postcodes(#[from] crate::geo::GeoError),
    /// The purpose register cannot be read or used.
    #[error(transparent)]
    Purposes(#[from] crate::purpose::RegisterError),
    /// A file cannot be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

impl FederationConfig {
    /// Checks what serde cannot: unique ids, known formats, sensible limits, a usable base URL.
    pub fn check(&self) -> Result<(), ConfigError> {
        let mut seen = std::collections::BTreeSet::new();
        for source in &self.sources {
            let fail = |message: String| ConfigError::Source {
                source_id: source.id.clone(),
                message,
            };
            if !seen.insert(source.id.as_str()) {
                return Err(ConfigError::DuplicateSource(source.id.clone()));
            }
            if source.id.is_empty() || source.id.len() > 64 {
                return Err(fail("the id must have 1 to 64 characters".into()));
            }
            if !(source.base_url.starts_with("http://") || source.base_url.starts_with("https://"))
            {
                return Err(fail("base_url must be an http(s) URL".into()));
            }
            if source.document_types.is_empty() {
                return Err(fail("document_types must name at least one type".into()));
            }
            if source.timeout_ms == 0 {
                return Err(fail("timeout_ms must be positive".into()));
            }
            match source.kind {
                ConnectorKind::VumBron if source.format.as_deref().is_some_and(|f| f != "vum") => {
                    return Err(fail(
                        "a vum-bron source speaks vum; leave format out".into(),
                    ));
                }
                ConnectorKind::WerkbrugSource => {
                    let format = source.format_id();
                    if !["setu-json", "setu-xml", "hropen", "canonical", "vum"].contains(&format) {
                        return Err(fail(format!(
                            "format '{format}' cannot serve a werkbrug source (setu-json, setu-xml, hropen, canonical or vum)"
                        )));
                    }
                    let holds_profiles = source
                        .document_types
                        .contains(&DocumentType::JobseekerProfile);
                    if holds_profiles && format == "schema-org" {
                        return Err(fail("schema-org holds vacancies only".into()));
                    }
                }
                _ => {}
            }
        }
        if self.max_concurrent_requests == 0 {
            return Err(ConfigError::Source {
                source_id: "*".into(),
                message: "max_concurrent_requests must be positive".into(),
            });
        }
        self.key()?;
        Ok(())
    }

    /// The configured pseudonym key (environment first), if any.
    pub fn key(&self) -> Result<Option<[u8; 32]>, ConfigError> {
        let text = std::env::var("WERKBRUG_PSEUDONYM_KEY")
            .ok()
            .or_else(|| self.pseudonym_key.clone());
        let Some(text) = text else {
            return Ok(None);
        };
        let text = text.trim();
        if text.len() != 64 {
            return Err(ConfigError::PseudonymKey);
        }
        let mut key = [0u8; 32];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16)
                .map_err(|_| ConfigError::PseudonymKey)?;
        }
        Ok(Some(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(toml_text: &str) -> Result<(), ConfigError> {
        let config: FederationConfig = toml_free_parse(toml_text);
        config.check()
    }

    /// Builds a config from JSON (the crate has no TOML parser; the gateway reads the TOML).
    fn toml_free_parse(json: &str) -> FederationConfig {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn sources_are_checked() {
        let ok = r#"{"sources": [{"id": "uwv", "organisation": "UWV", "kind": "vum-bron", "base_url": "http://127.0.0.1:1", "document_types": ["vacancy"]}]}"#;
        source(ok).unwrap();
        let twice = r#"{"sources": [
            {"id": "a", "organisation": "A", "kind": "vum-bron", "base_url": "http://x", "document_types": ["vacancy"]},
            {"id": "a", "organisation": "A", "kind": "vum-bron", "base_url": "http://x", "document_types": ["vacancy"]}]}"#;
        assert_eq!(
            source(twice).unwrap_err().to_string(),
            "source 'a' is configured twice"
        );
        let bad_format = r#"{"sources": [{"id": "b", "organisation": "B", "kind": "werkbrug-source", "format": "pdf", "base_url": "http://x", "document_types": ["vacancy"]}]}"#;
        assert_eq!(
            source(bad_format).unwrap_err().to_string(),
            "source 'b': format 'pdf' cannot serve a werkbrug source (setu-json, setu-xml, hropen, canonical or vum)"
        );
        let bad_url = r#"{"sources": [{"id": "c", "organisation": "C", "kind": "vum-bron", "base_url": "ftp://x", "document_types": ["vacancy"]}]}"#;
        assert_eq!(
            source(bad_url).unwrap_err().to_string(),
            "source 'c': base_url must be an http(s) URL"
        );
        let key = r#"{"pseudonym_key": "abc"}"#;
        assert_eq!(
            source(key).unwrap_err().to_string(),
            "pseudonym_key must be 64 hex digits (32 bytes)"
        );
    }

    #[test]
    fn credentials_are_redacted_in_debug_output() {
        let c = Credentials {
            header: "Authorization".into(),
            value: "Bearer secret".into(),
        };
        assert!(!format!("{c:?}").contains("secret"));
    }
}
