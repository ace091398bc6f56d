//! Validation of canonical documents in two layers, in one call.
//!
//! 1. The JSON Schema of the document type, compiled once. Each schema error becomes a finding;
//!    where the failing keyword implements a named werkbrug rule (a code list, VUM's "no empty
//!    values", a pattern carrying `x-werkbrug-rule`) the finding carries that rule's id, otherwise
//!    `schema.<keyword>`.
//! 2. The semantic rules a schema cannot express ([`crate::rules`]).
//!
//! All findings are returned, not the first. Messages never repeat the offending value, so that a
//! report can be logged or shown without disclosing personal data.

use std::fmt;
use std::sync::LazyLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::codes::{CODELIST_KEYWORD, RULE_KEYWORD};
use crate::schema::{self, DocumentType};
use crate::{codelists, rules};

/// How serious a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document does not conform to the standard.
    Error,
    /// The document conforms, but something is probably wrong or will lose information.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in a document.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// Stable id of the rule that was broken (see `schema/v1/README.md`, "Validation rules").
    pub rule: String,
    /// How serious the finding is.
    pub severity: Severity,
    /// JSON Pointer (RFC 6901) to the offending value; `""` is the whole document.
    pub pointer: String,
    /// What is wrong, in English. Never contains the offending value itself.
    pub message: String,
}

impl Finding {
    /// An error finding.
    pub fn error(rule: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            rule: rule.to_owned(),
            severity: Severity::Error,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// A warning finding.
    pub fn warning(rule: &str, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(rule, pointer, message)
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{} {} at {}: {}",
            self.severity, self.rule, pointer, self.message
        )
    }
}

/// The outcome of validating one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ValidationReport {
    /// The type the document was validated as.
    pub document_type: DocumentType,
    /// True when there is no finding of severity `error`.
    pub valid: bool,
    /// The findings, ordered by pointer and rule: every one, or the first [`MAX_FINDINGS`] when
    /// there are more (then `findingsTruncated` is true).
    pub findings: Vec<Finding>,
    /// How many findings there are in all, also when `findings` holds only the first ones.
    #[serde(default)]
    pub finding_count: usize,
    /// True when `findings` was cut at [`MAX_FINDINGS`]: a document with a hundred thousand
    /// broken values gets an answer of bounded size, not one larger than itself.
    #[serde(default)]
    pub findings_truncated: bool,
}

/// The most findings a report lists for one document; [`ValidationReport::finding_count`] still
/// counts them all. Far more than any real document breaks, and few enough that an answer
/// stays well below the size of the document that caused it.
pub const MAX_FINDINGS: usize = 1_000;

/// `findings` cut at [`MAX_FINDINGS`], with the count there was and whether it was cut.
pub fn capped(mut findings: Vec<Finding>) -> (Vec<Finding>, usize, bool) {
    let count = findings.len();
    let truncated = count > MAX_FINDINGS;
    findings.truncate(MAX_FINDINGS);
    (findings, count, truncated)
}

/// Rule id used when a document's type cannot be determined.
pub const RULE_DOCUMENT_TYPE: &str = "document.type";
/// Rule id for VUM's "no empty strings, arrays or objects".
pub const RULE_NON_EMPTY: &str = "value.non-empty";
/// Rule id for a code that is not in its code list.
pub const RULE_CODE_KNOWN: &str = "code.known";

/// Validates canonical documents. Build it once and share it: the schemas are compiled in
/// [`Validator::new`].
pub struct Validator {
    profile: CompiledSchema,
    vacancy: CompiledSchema,
}

struct CompiledSchema {
    source: Value,
    compiled: jsonschema::Validator,
}

impl CompiledSchema {
    fn new(document_type: DocumentType) -> Self {
        let source = schema::generate(document_type);
        let compiled = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&source)
            // The schema is generated by this crate and checked against the metaschema by the
            // test suite; failing to compile it is a bug, not an input error.
            .unwrap_or_else(|e| {
                panic!("the generated {document_type} schema does not compile: {e}")
            });
        Self { source, compiled }
    }
}

/// Checks JSON values against any JSON Schema 2020-12 (such as the schema of a request body
/// that schemars generates), with the same findings as document validation: a pointer, a rule
/// and a message that never repeats the value.
pub struct SchemaCheck {
    schema: CompiledSchema,
}

impl SchemaCheck {
    /// Compiles `schema`.
    pub fn new(schema: Value) -> Result<Self, String> {
        let compiled = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| e.to_string())?;
        Ok(Self {
            schema: CompiledSchema {
                source: schema,
                compiled,
            },
        })
    }

    /// Every finding for `instance`, ordered by pointer; empty when it is valid.
    pub fn check(&self, instance: &Value) -> Vec<Finding> {
        if self.schema.compiled.is_valid(instance) {
            return Vec::new();
        }
        let mut findings: Vec<Finding> = self
            .schema
            .compiled
            .iter_errors(instance)
            .map(|e| finding_from_schema_error(&self.schema.source, &e))
            .collect();
        findings.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(&b.rule)));
        findings
    }
}

impl Default for Validator {
    fn default() -> Self {
        Self::new()
    }
}

static SHARED: LazyLock<Validator> = LazyLock::new(Validator::new);

impl Validator {
    /// Generates and compiles the schemas of both document types.
    pub fn new() -> Self {
        Self {
            profile: CompiledSchema::new(DocumentType::JobseekerProfile),
            vacancy: CompiledSchema::new(DocumentType::Vacancy),
        }
    }

    /// A process-wide validator, built on first use.
    pub fn shared() -> &'static Validator {
        &SHARED
    }

    fn compiled(&self, document_type: DocumentType) -> &CompiledSchema {
        match document_type {
            DocumentType::JobseekerProfile => &self.profile,
            DocumentType::Vacancy => &self.vacancy,
        }
    }

    /// Validates `document` as a document of `document_type`.
    pub fn validate(&self, document: &Value, document_type: DocumentType) -> ValidationReport {
        let schema = self.compiled(document_type);
        let mut findings = Vec::new();
        // `is_valid` short-circuits and is much cheaper than collecting errors; most documents
        // pass, so only collect when there is something to report.
        if !schema.compiled.is_valid(document) {
            findings.extend(
                schema
                    .compiled
                    .iter_errors(document)
                    .map(|e| finding_from_schema_error(&schema.source, &e)),
            );
        }
        rules::check(document, document_type, &mut findings);
        finish(document_type, findings)
    }

    /// The findings of the schema layer alone: what makes `document` not a werkbrug document of
    /// `document_type` at all. The semantic rules ([`rules::check`]) are left out: a translation
    /// carries a document that breaks them, with findings, where validation refuses it.
    pub fn schema_findings(&self, document: &Value, document_type: DocumentType) -> Vec<Finding> {
        let schema = self.compiled(document_type);
        if schema.compiled.is_valid(document) {
            return Vec::new();
        }
        let mut findings: Vec<Finding> = schema
            .compiled
            .iter_errors(document)
            .map(|e| finding_from_schema_error(&schema.source, &e))
            .collect();
        findings.sort_by(|a, b| a.pointer.cmp(&b.pointer).then(a.rule.cmp(&b.rule)));
        findings
    }

    /// Validates `document` as the type its `documentType` property declares, or as `expected`
    /// when given (a mismatch is then a finding of the schema's `const`).
    pub fn validate_any(
        &self,
        document: &Value,
        expected: Option<DocumentType>,
    ) -> Result<ValidationReport, Finding> {
        match expected.or_else(|| DocumentType::declared_by(document)) {
            Some(document_type) => Ok(self.validate(document, document_type)),
            None => Err(Finding::error(
                RULE_DOCUMENT_TYPE,
                if document.get("documentType").is_some() {
                    "/documentType"
                } else {
                    ""
                },
                "cannot tell the document type: 'documentType' must be \"jobseekerProfile\" or \"vacancy\"",
            )),
        }
    }
}

fn finish(document_type: DocumentType, mut findings: Vec<Finding>) -> ValidationReport {
    // An empty value usually also breaks its pattern, enum or required keywords; "it is empty"
    // is the one thing to say about it.
    let empty_pointers: Vec<String> = findings
        .iter()
        .filter(|f| f.rule == RULE_NON_EMPTY)
        .map(|f| f.pointer.clone())
        .collect();
    findings.retain(|f| f.rule == RULE_NON_EMPTY || !empty_pointers.contains(&f.pointer));
    findings
        .sort_by(|a, b| (&a.pointer, &a.rule, &a.message).cmp(&(&b.pointer, &b.rule, &b.message)));
    findings.dedup();
    let valid = findings.iter().all(|f| f.severity != Severity::Error);
    let (findings, finding_count, findings_truncated) = capped(findings);
    ValidationReport {
        document_type,
        valid,
        findings,
        finding_count,
        findings_truncated,
    }
}

/// The schema node that holds the failing keyword.
fn keyword_owner<'s>(schema: &'s Value, keyword_location: &str) -> Option<&'s Value> {
    let parent = &keyword_location[..keyword_location.rfind('/')?];
    schema.pointer(parent)
}

fn finding_from_schema_error(schema: &Value, error: &jsonschema::ValidationError<'_>) -> Finding {
    let pointer = error.instance_path().as_str().to_owned();
    let owner = keyword_owner(schema, error.schema_path().as_str());
    let annotation = |keyword: &str| owner.and_then(|o| o.get(keyword)).and_then(Value::as_str);
    match error.kind() {
        ValidationErrorKind::MinLength { limit: 1 }
        | ValidationErrorKind::MinItems { limit: 1 }
        | ValidationErrorKind::MinProperties { limit: 1 } => Finding::error(
            RULE_NON_EMPTY,
            pointer,
            "empty values are not allowed: leave the property out instead",
        ),
        ValidationErrorKind::Enum { options } => match annotation(CODELIST_KEYWORD) {
            Some(list_id) => {
                let version = codelists::get(list_id).map_or("?", |l| l.version.as_str());
                Finding::error(
                    RULE_CODE_KNOWN,
                    pointer,
                    format!("not a code in code list '{list_id}' (version {version})"),
                )
            }
            None => Finding::error("schema.enum", pointer, format!("must be one of {options}")),
        },
        ValidationErrorKind::Pattern { .. } => {
            let description = annotation("description").unwrap_or("see the schema");
            let rule = annotation(RULE_KEYWORD).unwrap_or("schema.pattern");
            Finding::error(
                rule,
                pointer,
                format!("does not have the required format: {description}"),
            )
        }
        ValidationErrorKind::Required { property } => Finding::error(
            "schema.required",
            pointer,
            format!("required property {property} is missing"),
        ),
        ValidationErrorKind::AdditionalProperties { unexpected } => Finding::error(
            "schema.additionalProperties",
            pointer,
            format!(
                "{} not defined in the werkbrug v1 model",
                unexpected
                    .iter()
                    .map(|p| format!("property '{p}' is"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => format!("{ts:?}"),
            };
            Finding::error(
                "schema.type",
                pointer,
                format!("must be of type {expected}"),
            )
        }
        ValidationErrorKind::Constant { expected_value } => {
            Finding::error("schema.const", pointer, format!("must be {expected_value}"))
        }
        ValidationErrorKind::Format { format } => Finding::error(
            "schema.format",
            pointer,
            match format.as_str() {
                "date" => "must be a date in RFC 3339 full-date form (YYYY-MM-DD)".to_owned(),
                "date-time" => {
                    "must be a date and time in RFC 3339 form (YYYY-MM-DDThh:mm:ssZ)".to_owned()
                }
                other => format!("must be a valid '{other}'"),
            },
        ),
        ValidationErrorKind::MaxLength { limit } => Finding::error(
            "schema.maxLength",
            pointer,
            format!("must be at most {limit} characters long"),
        ),
        ValidationErrorKind::MinLength { limit } => Finding::error(
            "schema.minLength",
            pointer,
            format!("must be at least {limit} characters long"),
        ),
        ValidationErrorKind::Maximum { limit } => Finding::error(
            "schema.maximum",
            pointer,
            format!("must be at most {limit}"),
        ),
        ValidationErrorKind::Minimum { limit } => Finding::error(
            "schema.minimum",
            pointer,
            format!("must be at least {limit}"),
        ),
        ValidationErrorKind::MaxItems { limit } => Finding::error(
            "schema.maxItems",
            pointer,
            format!("must have at most {limit} items"),
        ),
        other => {
            let keyword = other.keyword();
            Finding::error(
                &format!("schema.{keyword}"),
                pointer,
                format!("does not satisfy the schema keyword '{keyword}'"),
            )
        }
    }
}
