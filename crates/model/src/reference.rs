//! The human-readable reference of the standard, `schema/v1/README.md`, generated from the
//! schemas, the rules and the code lists so that it can never fall behind them.

use std::fmt::Write;

use serde_json::Value;

use crate::codes::{CODELIST_KEYWORD, RULE_KEYWORD, SENSITIVE_KEYWORD};
use crate::rules::RULES;
use crate::schema::{self, DocumentType};
use crate::{SCHEMA_VERSION, codelists};

/// The complete reference document in Markdown.
pub fn markdown() -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# werkbrug schema standard v1 (version {SCHEMA_VERSION}): reference\n\n\
         <!-- Generated from the Rust model by `werkbrug schema --reference`; do not edit by hand. \
         A test fails when this file and the model differ. -->\n\n\
         Two document types, each with a JSON Schema (draft 2020-12) beside this file:\n"
    );
    for document_type in DocumentType::ALL {
        let _ = writeln!(
            out,
            "- `{}`: [`{}`]({}), `$id` `{}`",
            document_type.discriminator(),
            document_type.schema_file_name(),
            document_type.schema_file_name(),
            document_type.schema_id()
        );
    }
    out.push_str(
        "\nConventions: property names are English camelCase; every description gives the meaning, \
         the Dutch term (`NL:`) and the VUM 1.5 element (`VUM:`) where VUM has one (the full \
         mapping is in [`vum-mapping.csv`](vum-mapping.csv)). Empty strings, arrays and objects \
         and `null` are not allowed: an unknown value is left out. Dates are RFC 3339 \
         full-dates, timestamps RFC 3339 date-times. Arrays have no order unless a description \
         says so.\n",
    );

    let mut seen_defs = std::collections::BTreeSet::new();
    for document_type in DocumentType::ALL {
        let schema = schema::generate(document_type);
        let _ = writeln!(
            out,
            "\n## {}\n\n{}\n",
            schema["title"].as_str().unwrap_or_default(),
            schema["description"].as_str().unwrap_or_default()
        );
        write_properties(&mut out, &schema);
        let Some(defs) = schema["$defs"].as_object() else {
            continue;
        };
        for (name, def) in defs {
            if def.get("properties").is_none() || !seen_defs.insert(name.clone()) {
                continue;
            }
            let _ = writeln!(
                out,
                "\n### {name}\n\n{}\n",
                def["description"].as_str().unwrap_or_default()
            );
            write_properties(&mut out, def);
        }
    }

    out.push_str(
        "\n## Coded and constrained values\n\n| Name | Values | Description |\n|---|---|---|\n",
    );
    let mut values = std::collections::BTreeMap::new();
    for document_type in DocumentType::ALL {
        let schema = schema::generate(document_type);
        for (name, def) in schema["$defs"].as_object().into_iter().flatten() {
            if def.get("properties").is_none() {
                values.insert(name.clone(), def.clone());
            }
        }
    }
    for (name, def) in values {
        let constraint = if let Some(list) = def.get(CODELIST_KEYWORD).and_then(Value::as_str) {
            format!("code list [`{list}`](#code-lists)")
        } else if let Some(pattern) = def.get("pattern").and_then(Value::as_str) {
            format!("pattern `{}`", pattern.replace('|', "\\|"))
        } else if let Some(options) = def.get("enum") {
            format!("one of `{options}`")
        } else {
            type_of(&def)
        };
        let _ = writeln!(
            out,
            "| <a id=\"{}\"></a>{name} | {constraint} | {} |",
            name.to_lowercase(),
            cell(def["description"].as_str().unwrap_or_default())
        );
    }

    out.push_str(
        "\n## Validation rules\n\nValidation reports every finding with a rule id, a severity and a JSON \
         Pointer. Structural schema errors have the id `schema.<keyword>` (for example \
         `schema.required`, `schema.type`, `schema.additionalProperties`). The named rules:\n\n\
         | Rule | Severity | Checked by | What it demands |\n|---|---|---|---|\n",
    );
    for rule in RULES {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} |",
            rule.id,
            rule.severity,
            rule.layer,
            cell(rule.description)
        );
    }

    out.push_str(
        "\n## Code lists\n\nThe code lists are data in [`../codelists/`](../codelists/), one JSON \
         file per list, each with an id, a version and its source.\n\n\
         | Id | Version | Title | Codes | Source |\n|---|---|---|---|---|\n",
    );
    for list in codelists::all() {
        let codes: Vec<&str> = list.code_values().collect();
        let shown = if codes.len() > 12 {
            format!("{} codes", codes.len())
        } else {
            codes
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | [{}]({}) |",
            list.id,
            list.version,
            list.title,
            cell(&shown),
            list.source.name,
            list.source.url
        );
    }
    out
}

fn write_properties(out: &mut String, schema: &Value) {
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    out.push_str("| Property | Type | Required | Description |\n|---|---|---|---|\n");
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let mut description = property["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        if property.get(SENSITIVE_KEYWORD).is_some() {
            description.push_str(" **Sensitive.**");
        }
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | {} |",
            type_of(property),
            if required.contains(&name.as_str()) {
                "yes"
            } else {
                ""
            },
            cell(&description)
        );
    }
}

fn type_of(node: &Value) -> String {
    if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
        let name = reference.rsplit('/').next().unwrap_or(reference);
        return format!("[{name}](#{})", name.to_lowercase());
    }
    if let Some(constant) = node.get("const") {
        return format!("`{constant}`");
    }
    let mut text = match node.get("type").and_then(Value::as_str) {
        Some("array") => format!("array of {}", type_of(&node["items"])),
        Some(other) => other.to_owned(),
        None => "any".to_owned(),
    };
    if let Some(format) = node.get("format").and_then(Value::as_str) {
        let _ = write!(text, " ({format})");
    }
    let bounds = [
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("maxLength", "max length"),
    ];
    for (keyword, label) in bounds {
        if let Some(v) = node.get(keyword) {
            let _ = write!(text, ", {label} {v}");
        }
    }
    if let Some(pattern) = node.get("pattern").and_then(Value::as_str) {
        let _ = write!(text, ", pattern `{}`", pattern.replace('|', "\\|"));
    }
    if let Some(rule) = node.get(RULE_KEYWORD).and_then(Value::as_str) {
        let _ = write!(text, ", rule `{rule}`");
    }
    text
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
