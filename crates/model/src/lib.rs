//! The werkbrug canonical model.
//!
//! This crate is the bottom of the werkbrug stack: the canonical [`JobseekerProfile`] and
//! [`Vacancy`] types, the [code lists](codelists) they draw their codes from, the JSON Schemas
//! generated from them ([`schema`]) and the two-layer [validation](validate) of documents.
//! It does no I/O beyond reading its own embedded data.
//!
//! ```
//! use werkbrug_model::{DocumentType, Validator, json};
//!
//! let text = br#"{
//!   "documentType": "vacancy",
//!   "identifiers": [{ "source": "ats-voorbeeld", "localId": "REQ-1" }],
//!   "metadata": {
//!     "schemaVersion": "1.0.0",
//!     "sourceSystem": { "id": "ats-voorbeeld" },
//!     "lastModified": "2026-11-20T16:05:00+01:00"
//!   },
//!   "title": "Heftruckchauffeur",
//!   "status": "open",
//!   "employer": { "name": "Distributie Voorbeeld B.V.", "kvkNumber": "3000001" },
//!   "datePosted": "2026-11-20",
//!   "validThrough": "2026-11-01"
//! }"#;
//! let document = json::parse(text)?;
//! let report = Validator::shared().validate_any(&document, None).expect("declares its type");
//! assert_eq!(report.document_type, DocumentType::Vacancy);
//! assert!(!report.valid);
//! let found: Vec<(&str, &str)> =
//!     report.findings.iter().map(|f| (f.rule.as_str(), f.pointer.as_str())).collect();
//! assert_eq!(found, [("kvk.format", "/employer/kvkNumber"), ("vacancy.valid-through", "/validThrough")]);
//! # Ok::<(), json::ParseError>(())
//! ```

pub mod codelists;
pub mod codes;
pub mod common;
pub mod given;
pub mod jobseeker;
pub mod json;
pub mod pointer;
pub mod reference;
pub mod rules;
pub mod schema;
pub mod text;
pub mod vacancy;
pub mod validate;

pub use common::SCHEMA_VERSION;
pub use jobseeker::JobseekerProfile;
pub use schema::DocumentType;
pub use vacancy::Vacancy;
pub use validate::{Finding, SchemaCheck, Severity, ValidationReport, Validator};
