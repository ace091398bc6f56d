//! The werkbrug canonical model.
//!
//! This crate is the bottom of the werkbrug stack: the canonical [`JobseekerProfile`] and
//! [`Vacancy`] types, the [code lists](codelists) they draw their codes from, the JSON Schemas
//! generated from them ([`schema`]) and the two-layer [validation](validate) of documents.
//! It does no I/O beyond reading its own embedded data.

pub mod codelists;
pub mod codes;
pub mod common;
pub mod jobseeker;
pub mod json;
pub mod reference;
pub mod rules;
pub mod schema;
pub mod vacancy;
pub mod validate;

pub use common::SCHEMA_VERSION;
pub use jobseeker::JobseekerProfile;
pub use schema::DocumentType;
pub use vacancy::Vacancy;
pub use validate::{Finding, Severity, ValidationReport, Validator};
