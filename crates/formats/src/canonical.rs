//! The `canonical` format: werkbrug v1 documents as JSON (`schema/v1`).
//!
//! Decoding checks the document against the schema of the standard and refuses one that does not
//! conform to it; a document that conforms but breaks a semantic rule is carried, and the
//! translation reports the rule as a finding ([`crate::findings`]), as for every other format.
//! Encoding writes the document unchanged. Nothing is ever lost, so both loss reports are empty.

use werkbrug_model::{DocumentType, Validator};

use crate::{
    CanonicalDocument, DecodeContext, Decoded, Encoded, ErrorKind, Format, FormatError, FormatInfo,
    Location, LossReport, Support, json,
};

/// The canonical format adapter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Canonical;

const ID: &str = "canonical";

impl Format for Canonical {
    fn id(&self) -> &'static str {
        ID
    }

    fn info(&self) -> FormatInfo {
        FormatInfo {
            id: ID,
            name: "werkbrug canonical v1",
            media_type: "application/json",
            specification: "werkbrug schema standard v1 (schema/v1)",
            supports: DocumentType::ALL
                .into_iter()
                .map(|document_type| Support {
                    document_type,
                    native_name: document_type.discriminator(),
                    decode: true,
                    encode: true,
                })
                .collect(),
        }
    }

    fn decode(
        &self,
        bytes: &[u8],
        expected: Option<DocumentType>,
        _context: &DecodeContext,
    ) -> Result<Decoded, FormatError> {
        let value = json::parse(ID, bytes)?;
        let declared = DocumentType::declared_by(&value).ok_or_else(|| {
            FormatError::new(
                ID,
                ErrorKind::WrongRoot,
                "documentType must be \"jobseekerProfile\" or \"vacancy\"",
            )
            .at(Location::pointer("/documentType"))
        })?;
        if let Some(expected) = expected
            && expected != declared
        {
            return Err(FormatError::new(
                ID,
                ErrorKind::WrongDocumentType,
                format!("expected a {expected} document, got a {declared}"),
            )
            .at(Location::pointer("/documentType")));
        }
        // Only the schema layer refuses: a document that breaks a semantic rule (an end date
        // before its start date) is what real sources send, and a translation carries it with
        // findings (`crate::findings`), exactly as it carries it from any other format.
        let errors = Validator::shared().schema_findings(&value, declared);
        if let Some(first) = errors.first() {
            return Err(FormatError::new(
                ID,
                ErrorKind::Invalid,
                format!(
                    "not a valid werkbrug {declared}: {} ({}){}",
                    first.message,
                    first.rule,
                    if errors.len() > 1 {
                        format!(" and {} more error(s)", errors.len() - 1)
                    } else {
                        String::new()
                    }
                ),
            )
            .at(Location::pointer(first.pointer.clone())));
        }
        let document = match declared {
            DocumentType::JobseekerProfile => {
                CanonicalDocument::JobseekerProfile(Box::new(json::typed(ID, &value)?))
            }
            DocumentType::Vacancy => CanonicalDocument::Vacancy(Box::new(json::typed(ID, &value)?)),
        };
        Ok(Decoded {
            document,
            losses: LossReport::default(),
        })
    }

    fn encode(&self, document: &CanonicalDocument) -> Result<Encoded, FormatError> {
        Ok(Encoded {
            bytes: json::to_bytes(document),
            losses: LossReport::default(),
        })
    }
}
