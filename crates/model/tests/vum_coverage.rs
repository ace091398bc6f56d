//! The "superset" claim: every element of the VUM 1.5 data standard has a documented home in the
//! canonical model, kept as data in `schema/v1/vum-mapping.csv`.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use werkbrug_model::{DocumentType, codelists, schema};

struct Row {
    document: DocumentType,
    vum_path: String,
    entity: String,
    attribute: String,
    canonical_path: String,
    code_list: String,
}

fn mapping() -> Vec<Row> {
    let text = common::read("schema/v1/vum-mapping.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|record| {
            let r = record.expect("vum-mapping.csv is well-formed CSV");
            Row {
                document: r[0].parse().expect("known document type"),
                vum_path: r[1].to_owned(),
                entity: r[2].to_owned(),
                attribute: r[3].to_owned(),
                canonical_path: r[4].to_owned(),
                code_list: r[5].to_owned(),
            }
        })
        .collect()
}

/// (entity, attribute, list of values) of one row of a VUM attribute sheet.
type Attribute = (String, String, String);

fn vum_attributes(standards: &std::path::Path, file: &str, values_column: usize) -> Vec<Attribute> {
    let path = standards.join("vum").join(file);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[1].trim().to_owned(),
                r[2].trim().to_owned(),
                r.get(values_column).unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// VUM's attribute sheets, or `None` (after saying so) without the standards.
fn sheets(what: &str) -> Option<[(DocumentType, Vec<Attribute>); 2]> {
    let standards = common::standards(what)?;
    Some([
        (
            DocumentType::JobseekerProfile,
            vum_attributes(
                &standards,
                "waardelijsten-werkzoekende-profiel-v1.5--attributen.csv",
                10,
            ),
        ),
        (
            DocumentType::Vacancy,
            vum_attributes(
                &standards,
                "waardelijsten-vacatures-v1.5--attributen.csv",
                9,
            ),
        ),
    ])
}

/// Follows a dotted canonical path (`a.b[].c`) through the schema; returns the property node.
fn resolve<'s>(schema: &'s Value, path: &str) -> Option<&'s Value> {
    let deref = |node: &'s Value| -> &'s Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => schema.pointer(r.trim_start_matches('#')).unwrap_or(node),
            None => node,
        }
    };
    let mut node = schema;
    let mut property = schema;
    for segment in path.split('.') {
        let (name, array) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (segment, false),
        };
        property = deref(node).get("properties")?.get(name)?;
        node = property;
        if array {
            node = deref(node).get("items")?;
        }
    }
    Some(property)
}

#[test]
fn every_vum_attribute_has_a_home() {
    let Some(sheets) = sheets("every_vum_attribute_has_a_home (VUM's attribute sheets)") else {
        return;
    };
    let rows = mapping();
    let mut missing = Vec::new();
    for (document, attributes) in sheets {
        let mapped: BTreeSet<(&str, &str)> = rows
            .iter()
            .filter(|r| r.document == document)
            .map(|r| (r.entity.as_str(), r.attribute.as_str()))
            .collect();
        assert!(
            attributes.len() > 40,
            "the {document} attribute sheet looks truncated"
        );
        for (entity, attribute, _) in &attributes {
            if !mapped.contains(&(entity.as_str(), attribute.as_str())) {
                missing.push(format!("{document}: {entity} / {attribute}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "VUM elements without a home: {missing:#?}"
    );
}

#[test]
fn every_mapping_target_exists_and_names_its_vum_element() {
    let mut problems = Vec::new();
    for row in mapping() {
        let schema = schema::generate(row.document);
        let Some(property) = resolve(&schema, &row.canonical_path) else {
            problems.push(format!(
                "{}: {} does not exist",
                row.vum_path, row.canonical_path
            ));
            continue;
        };
        let vum_name = row
            .vum_path
            .rsplit('.')
            .next()
            .unwrap()
            .trim_end_matches("[]");
        let description = property["description"].as_str().unwrap_or_default();
        if !description.contains("VUM: ") || !description.contains(vum_name) {
            problems.push(format!(
                "{}: the description of {} does not name VUM {vum_name}",
                row.vum_path, row.canonical_path
            ));
        }
        if !row.code_list.is_empty() {
            let target = match property.get("$ref").and_then(Value::as_str) {
                Some(r) => schema.pointer(r.trim_start_matches('#')).unwrap(),
                None => property,
            };
            if target["x-werkbrug-codelist"] != row.code_list.as_str() {
                problems.push(format!(
                    "{}: {} does not use code list {}",
                    row.vum_path, row.canonical_path, row.code_list
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Each code in a VUM list of values has a canonical code that maps back to it.
#[test]
fn every_vum_code_has_a_canonical_code() {
    let Some(sheets) = sheets("every_vum_code_has_a_canonical_code (VUM's attribute sheets)")
    else {
        return;
    };
    let rows = mapping();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (document, attributes) in sheets {
        let lists: BTreeMap<(&str, &str), &str> = rows
            .iter()
            .filter(|r| r.document == document && !r.code_list.is_empty())
            .map(|r| {
                (
                    (r.entity.as_str(), r.attribute.as_str()),
                    r.code_list.as_str(),
                )
            })
            .collect();
        for (entity, attribute, values) in &attributes {
            let Some(list_id) = lists.get(&(entity.as_str(), attribute.as_str())) else {
                continue;
            };
            let list = codelists::expect(list_id);
            for line in values.lines() {
                let line = line.replace("_x000D_", "");
                let Some(code) = line
                    .split(['\t', '='])
                    .next()
                    .map(str::trim)
                    .filter(|c| !c.is_empty() && c.len() <= 3)
                else {
                    continue;
                };
                checked += 1;
                if list.from_mapping("vum", code).is_none() {
                    problems.push(format!(
                        "{document} {attribute}: VUM code {code} not in {list_id}"
                    ));
                }
            }
        }
    }
    assert!(
        checked > 60,
        "only {checked} VUM codes were found: the parser is broken"
    );
    assert!(problems.is_empty(), "{problems:#?}");
}
