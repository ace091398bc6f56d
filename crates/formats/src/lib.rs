//! werkbrug format adapters.
//!
//! Every format the labour market speaks is translated through the canonical model: an adapter
//! [decodes](Format::decode) its documents into a [`CanonicalDocument`] and [encodes](Format::encode)
//! canonical documents into its own bytes. Both directions return a [`LossReport`] alongside the
//! result: nothing is dropped, cut or guessed without an entry saying where and why.
//!
//! Adapters do no I/O: they get bytes and return bytes. [`registry`] lists them; adding a format
//! is one module, one line there, its documentation and its conformance vectors.
//!
//! ```
//! use werkbrug_formats::{DecodeContext, registry, translate};
//!
//! let vum = br#"{"idWerkzoekende": "WZ-1", "mobiliteit": {"bemiddelingspostcode": "3511AB"},
//!               "werktijden": {"aantalWerkurenPerWeekMinimaal": 24}}"#;
//! let context = DecodeContext::new("gemeente-voorbeeldstad", "2026-11-01T12:00:00Z".parse()?);
//! let from = registry::get("vum").unwrap();
//! let to = registry::get("canonical").unwrap();
//! let translation = translate(from, to, vum, None, &context)?;
//! let canonical: serde_json::Value = serde_json::from_slice(&translation.bytes)?;
//! assert_eq!(canonical["desiredWork"]["workingHours"]["hoursPerWeekMin"], 24);
//! // VUM carries no modification time: the time of receipt stands in, and the report says so.
//! assert_eq!(translation.decode_losses.entries[0].kind.name(), "defaulted");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod canonical;
pub mod error;
pub mod fidelity;
pub mod hropen;
mod json;
mod limits;
pub mod loss;
mod patterns;
pub mod registry;
pub mod schema_org;
pub mod setu;
mod tree;
pub mod vum;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::Value;
use werkbrug_model::common::SourceSystem;
use werkbrug_model::{DocumentType, Finding, JobseekerProfile, Severity, Vacancy};

pub use error::{ErrorKind, FormatError, Location};
pub use loss::{LossEntry, LossKind, LossReport};

/// Largest input document an adapter accepts, in bytes. Real profiles and vacancies are a few
/// kilobytes; the limit keeps a hostile input from taking the memory of a shared gateway.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// A canonical document of either type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CanonicalDocument {
    /// A jobseeker profile.
    JobseekerProfile(Box<JobseekerProfile>),
    /// A vacancy.
    Vacancy(Box<Vacancy>),
}

impl CanonicalDocument {
    /// The document's type.
    pub fn document_type(&self) -> DocumentType {
        match self {
            CanonicalDocument::JobseekerProfile(_) => DocumentType::JobseekerProfile,
            CanonicalDocument::Vacancy(_) => DocumentType::Vacancy,
        }
    }

    /// The document as a JSON value.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("canonical documents always serialise")
    }

    /// The metadata of the document.
    pub fn metadata(&self) -> &werkbrug_model::common::DocumentMetadata {
        match self {
            CanonicalDocument::JobseekerProfile(p) => &p.metadata,
            CanonicalDocument::Vacancy(v) => &v.metadata,
        }
    }
}

/// What a decoder needs to know that the document itself may not say: which system it comes
/// from and when it was received. Formats that carry these themselves (canonical) ignore it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeContext {
    /// The source system the document comes from.
    pub source: SourceSystem,
    /// When the document was received; stands in for a modification time the format lacks.
    pub received: DateTime<FixedOffset>,
    /// The version of the standard decoded documents say they follow; `None` is this crate's
    /// ([`werkbrug_model::SCHEMA_VERSION`]). An encoder that decodes its output again to find what
    /// was lost keeps the version of the document it encoded, which is not a value it lost.
    pub schema_version: Option<String>,
}

impl DecodeContext {
    /// A context for a source with this id, without organisation or OIN.
    pub fn new(source_id: &str, received: DateTime<FixedOffset>) -> Self {
        Self {
            source: SourceSystem {
                id: source_id.to_owned(),
                organisation: None,
                oin: None,
            },
            received,
            schema_version: None,
        }
    }

    /// The metadata of a document decoded in this context: the source system it came from and
    /// the time of receipt standing in for a modification time the format does not carry.
    pub fn metadata(&self) -> werkbrug_model::common::DocumentMetadata {
        werkbrug_model::common::DocumentMetadata {
            schema_version: self
                .schema_version
                .clone()
                .unwrap_or_else(|| werkbrug_model::SCHEMA_VERSION.to_owned()),
            source_system: self.source.clone(),
            created: None,
            last_modified: self.received,
            consents: Vec::new(),
        }
    }

    /// The context that reproduces `document`'s own provenance, used when an encoder decodes its
    /// output again to find what was lost.
    pub fn of(document: &CanonicalDocument) -> Self {
        let metadata = document.metadata();
        Self {
            source: metadata.source_system.clone(),
            received: metadata.last_modified,
            schema_version: Some(metadata.schema_version.clone()),
        }
    }
}

/// Which document types a format reads and writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Support {
    /// The document type.
    pub document_type: DocumentType,
    /// The format's name for the document (e.g. `Werkzoekende`, `HumanResource`).
    pub native_name: &'static str,
    /// Whether the adapter reads it.
    pub decode: bool,
    /// Whether the adapter writes it.
    pub encode: bool,
}

/// A description of a format: what a capability statement says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormatInfo {
    /// Stable id (`vum`, `setu-xml`, ...).
    pub id: &'static str,
    /// Human-readable name.
    pub name: &'static str,
    /// Media type of its documents.
    pub media_type: &'static str,
    /// The specification it implements.
    pub specification: &'static str,
    /// What it reads and writes.
    pub supports: Vec<Support>,
}

/// The result of decoding.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The canonical document.
    pub document: CanonicalDocument,
    /// What the canonical model could not hold, with paths in the input.
    pub losses: LossReport,
}

/// The result of encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// The document in the target format.
    pub bytes: Vec<u8>,
    /// What the target format could not hold, with paths in the canonical document.
    pub losses: LossReport,
}

/// A format adapter.
pub trait Format: Send + Sync {
    /// What the format is and supports.
    fn info(&self) -> FormatInfo;

    /// Decodes one document. With `expected`, a document of the other type is an error of kind
    /// [`ErrorKind::WrongDocumentType`]; without it, the type is taken from the document.
    fn decode(
        &self,
        bytes: &[u8],
        expected: Option<DocumentType>,
        context: &DecodeContext,
    ) -> Result<Decoded, FormatError>;

    /// Encodes one canonical document.
    fn encode(&self, document: &CanonicalDocument) -> Result<Encoded, FormatError>;

    /// The format's id; cheap, as lookups in the registry call it for every document.
    fn id(&self) -> &'static str;
}

/// One translation from one format to another, with the losses of both steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The document in the target format.
    pub bytes: Vec<u8>,
    /// The canonical document in between.
    pub canonical: CanonicalDocument,
    /// Losses decoding the source (paths in the source document).
    pub decode_losses: LossReport,
    /// Losses encoding the target (paths in the canonical document).
    pub encode_losses: LossReport,
    /// The semantic rules the document breaks (paths in the canonical document), as warnings:
    /// the document is carried whole, and the receiver learns what is wrong with it.
    pub findings: Vec<Finding>,
}

/// Translates `bytes` from one format to another through the canonical model.
pub fn translate(
    from: &dyn Format,
    to: &dyn Format,
    bytes: &[u8],
    expected: Option<DocumentType>,
    context: &DecodeContext,
) -> Result<Translation, FormatError> {
    let decoded = from.decode(bytes, expected, context)?;
    let encoded = to.encode(&decoded.document)?;
    Ok(Translation {
        bytes: encoded.bytes,
        findings: findings(&decoded.document),
        canonical: decoded.document,
        decode_losses: decoded.losses,
        encode_losses: encoded.losses,
    })
}

/// The semantic rules `document` breaks, as warnings with pointers into the canonical document.
///
/// Findings are not losses: a source's document that breaks a rule (an end date before its start
/// date, a BSN that fails the elfproef) is carried whole through every translation, and these
/// findings travel beside it. They are the same for `X -> Y` and `X -> canonical -> Y`, because
/// both run the rules on the same canonical document. Validation (`werkbrug validate`,
/// `POST /v1/validations`) stays strict and reports the same rules as errors.
pub fn findings(document: &CanonicalDocument) -> Vec<Finding> {
    let mut findings = Vec::new();
    // The light tree, not a `serde_json::Value`: the rules read the same, for less of the cost a
    // translation pays for its findings.
    let tree = tree::to_node(document);
    werkbrug_model::rules::check(&tree, document.document_type(), &mut findings);
    for finding in &mut findings {
        finding.severity = Severity::Warning;
    }
    findings.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(&b.rule)));
    findings.dedup();
    findings
}
