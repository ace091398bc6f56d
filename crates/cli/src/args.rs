//! Argument types that several commands share.

use clap::ValueEnum;
use werkbrug_model::DocumentType;

/// `--type`: a document type.
#[derive(Clone, Copy, ValueEnum)]
pub enum DocumentTypeArg {
    JobseekerProfile,
    Vacancy,
}

impl From<DocumentTypeArg> for DocumentType {
    fn from(value: DocumentTypeArg) -> Self {
        match value {
            DocumentTypeArg::JobseekerProfile => DocumentType::JobseekerProfile,
            DocumentTypeArg::Vacancy => DocumentType::Vacancy,
        }
    }
}

/// `--format` of the commands that print a report.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Readable text.
    Human,
    /// JSON for machines.
    Json,
}
