//! Generation of the canonical JSON Schemas (draft 2020-12) from the Rust types.
//!
//! The schemas checked in under `schema/v1/` are exactly what [`generate`] returns (a test fails on
//! any drift). Generation adds what derive attributes cannot say:
//! - a stable `$id` per document type;
//! - VUM's rule that empty strings, arrays and objects are not allowed (`minLength`, `minItems`,
//!   `minProperties` of 1 everywhere), and no `null`s: an absent value is left out;
//! - an example document.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::common::SCHEMA_VERSION;
use crate::{JobseekerProfile, Vacancy};

/// Base of the `$id`s of the canonical schemas.
pub const SCHEMA_BASE_URI: &str = "https://schemas.werkbrug.nl/v1/";

/// The kinds of canonical document.
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
#[serde(rename_all = "kebab-case")]
pub enum DocumentType {
    /// A jobseeker profile (`jobseeker-profile`).
    JobseekerProfile,
    /// A vacancy (`vacancy`).
    Vacancy,
}

impl DocumentType {
    /// Every document type.
    pub const ALL: [DocumentType; 2] = [DocumentType::JobseekerProfile, DocumentType::Vacancy];

    /// The kebab-case name used in file names, URLs and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            DocumentType::JobseekerProfile => "jobseeker-profile",
            DocumentType::Vacancy => "vacancy",
        }
    }

    /// The value of the `documentType` property of documents of this type.
    pub fn discriminator(self) -> &'static str {
        match self {
            DocumentType::JobseekerProfile => "jobseekerProfile",
            DocumentType::Vacancy => "vacancy",
        }
    }

    /// File name of the schema under `schema/v1/`.
    pub fn schema_file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The schema's `$id`.
    pub fn schema_id(self) -> String {
        format!("{SCHEMA_BASE_URI}{}", self.schema_file_name())
    }

    /// The type a document declares in its `documentType` property, if it declares a known one.
    pub fn declared_by(document: &Value) -> Option<DocumentType> {
        let declared = document.get("documentType")?.as_str()?;
        Self::ALL
            .into_iter()
            .find(|t| t.discriminator() == declared)
    }
}

impl fmt::Display for DocumentType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A document type name that is not known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown document type {0:?}: expected jobseeker-profile or vacancy")]
pub struct UnknownDocumentType(pub String);

impl FromStr for DocumentType {
    type Err = UnknownDocumentType;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.name() == s || t.discriminator() == s)
            .ok_or_else(|| UnknownDocumentType(s.to_owned()))
    }
}

const PROFILE_EXAMPLE: &str =
    include_str!("../../../examples/documents/jobseeker-ww-logistics.json");
const VACANCY_EXAMPLE: &str =
    include_str!("../../../examples/documents/vacancy-warehouse-utrecht.json");

/// The JSON Schema of a document type, as checked in under `schema/v1/`.
pub fn generate(document_type: DocumentType) -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let (schema, example) = match document_type {
        DocumentType::JobseekerProfile => (
            generator.root_schema_for::<JobseekerProfile>(),
            PROFILE_EXAMPLE,
        ),
        DocumentType::Vacancy => (generator.root_schema_for::<Vacancy>(), VACANCY_EXAMPLE),
    };
    let mut schema = schema.to_value();
    normalise(&mut schema);

    let example: Value =
        serde_json::from_str(example).expect("the embedded example document is valid JSON");
    let root = schema.as_object_mut().expect("a root schema is an object");
    // Put the identifying keywords first, as readers expect them there.
    let mut ordered = Map::new();
    ordered.insert(
        "$schema".into(),
        root.remove("$schema").unwrap_or(Value::Null),
    );
    ordered.insert("$id".into(), json!(document_type.schema_id()));
    ordered.insert("title".into(), root.remove("title").unwrap_or(Value::Null));
    ordered.insert("x-werkbrug-version".into(), json!(SCHEMA_VERSION));
    ordered.append(root);
    ordered.insert("examples".into(), json!([example]));
    Value::Object(ordered)
}

/// The definitions (`$defs`) of both canonical schemas, by name, as `schema/v1/` has them: for
/// documents that describe the same types (the gateway's OpenAPI document), so that they say
/// exactly what the standard says.
pub fn canonical_definitions() -> Map<String, Value> {
    let mut definitions = Map::new();
    for document_type in DocumentType::ALL {
        if let Some(Value::Object(defs)) = generate(document_type).get_mut("$defs") {
            definitions.append(defs);
        }
    }
    definitions
}

/// The JSON Schema 2020-12 of a request body or other API type: as schemars generates it, with
/// `null` removed from optional properties (absent is how JSON APIs here say "none"), so that a
/// wrong value is reported at its own pointer instead of as a failed `anyOf`.
pub fn request_schema<T: schemars::JsonSchema>() -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .root_schema_for::<T>()
        .to_value();
    drop_nulls_everywhere(&mut schema);
    schema
}

fn drop_nulls_everywhere(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            drop_null_type(object);
            object.values_mut().for_each(drop_nulls_everywhere);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls_everywhere),
        _ => {}
    }
}

/// The schema as pretty-printed JSON with a final newline, as stored in `schema/v1/`.
pub fn generate_pretty(document_type: DocumentType) -> String {
    let mut text = serde_json::to_string_pretty(&generate(document_type))
        .expect("a JSON value always serialises");
    text.push('\n');
    text
}

/// Applies VUM's "no empty values" rule, removes `null` from every subschema, drops the
/// Rust-specific number formats (`uint8`, `double`: validators ignore them, the explicit ranges say
/// what counts) and joins descriptions wrapped over several doc-comment lines.
fn normalise(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    drop_null_type(object);
    if let Some(Value::String(description)) = object.get_mut("description") {
        *description = description.replace('\n', " ");
    }
    if object
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| {
            ["int", "uint", "float", "double"]
                .iter()
                .any(|p| f.starts_with(p))
        })
    {
        object.remove("format");
    }
    match object.get("type").and_then(Value::as_str) {
        Some("string") => {
            object.entry("minLength").or_insert(json!(1));
        }
        Some("array") => {
            object.entry("minItems").or_insert(json!(1));
        }
        Some("object") if object.contains_key("properties") => {
            object.entry("minProperties").or_insert(json!(1));
        }
        _ => {}
    }
    for key in ["properties", "$defs"] {
        if let Some(Value::Object(children)) = object.get_mut(key) {
            children.values_mut().for_each(normalise);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(children)) = object.get_mut(key) {
            children.iter_mut().for_each(normalise);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = object.get_mut(key) {
            normalise(child);
        }
    }
}

/// `"type": ["string", "null"]` becomes `"type": "string"`; `anyOf: [X, {"type": "null"}]`
/// becomes X.
fn drop_null_type(object: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let single = types.remove(0);
            object.insert("type".into(), single);
        }
    }
    if let Some(Value::Array(alternatives)) = object.get("anyOf") {
        let non_null: Vec<&Value> = alternatives
            .iter()
            .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if non_null.len() == 1 && alternatives.len() == 2 {
            let kept = non_null[0].clone();
            object.remove("anyOf");
            if let Value::Object(kept) = kept {
                for (k, v) in kept {
                    object.entry(k).or_insert(v);
                }
            }
        }
    }
}

/// The JSON Pointers (with `*` for array items) of every property of `document_type` that the
/// schema marks `x-werkbrug-sensitive`, such as `/person/bsn` and `/person/gender`: what the
/// purpose register keeps out of every matching view.
pub fn sensitive_paths(document_type: DocumentType) -> Vec<String> {
    let mut paths = Vec::new();
    visit_schema(&generate(document_type), &mut |at, place, node| {
        let sensitive = [place, node]
            .iter()
            .any(|n| n.get(crate::codes::SENSITIVE_KEYWORD).is_some());
        if sensitive {
            paths.push(at.to_owned());
        }
        // Everything under a sensitive property is sensitive with it.
        !sensitive
    });
    paths.sort();
    paths.dedup();
    paths
}

/// The length limit (`maxLength`) of every string property of `document_type`, by JSON Pointer
/// with `*` for array items (`/person/initials` 20, `/contact/phones/*/asGiven` 50): what an
/// adapter cuts a longer value of another standard to, so that its document stays valid.
pub fn length_limits(document_type: DocumentType) -> Vec<(String, usize)> {
    let mut limits = Vec::new();
    visit_schema(&generate(document_type), &mut |at, _, node| {
        if let Some(max) = node.get("maxLength").and_then(Value::as_u64) {
            limits.push((at.to_owned(), max as usize));
        }
        true
    });
    limits.sort();
    limits.dedup();
    limits
}

/// Calls `visit` with the pointer (`*` for array items), the node of every place in `schema` as
/// written (where annotations beside a `$ref` sit) and as resolved, through properties, items and
/// `anyOf`/`oneOf`/`allOf` branches; `visit` returns whether to go below the node.
fn visit_schema(schema: &Value, visit: &mut dyn FnMut(&str, &Value, &Value) -> bool) {
    fn walk(
        root: &Value,
        node: &Value,
        at: &str,
        visit: &mut dyn FnMut(&str, &Value, &Value) -> bool,
        depth: u8,
    ) {
        // The schema has no recursive types; the bound only guards against a future one.
        if depth > 32 {
            return;
        }
        let place = node;
        let node = resolve(root, place);
        if !visit(at, place, node) {
            return;
        }
        for (name, property) in node
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            walk(root, property, &format!("{at}/{name}"), visit, depth + 1);
        }
        if let Some(items) = node.get("items") {
            walk(root, items, &format!("{at}/*"), visit, depth + 1);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            for branch in node
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                walk(root, branch, at, visit, depth + 1);
            }
        }
    }
    walk(schema, schema, "", visit, 0);
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| root.pointer(pointer))
            .unwrap_or(node),
        None => node,
    }
}
