//! Concepts, not strings: occupations and competences compared by scheme and code first, then
//! by the ISCO-08 hierarchy (occupations), then by label in Dutch or English.
//!
//! The table is data (`data/concepts.json`, versioned, with its sources and licences): each
//! concept has its URIs (the preferred one and crosswalks such as ESCO), legacy codes, an ISCO-08
//! unit group and labels. A value a document gives that the table does not know is still
//! compared: by the ISCO code it carries, and by its label, and the comparison says so.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::Value;

const TABLE: &str = include_str!("../../data/concepts.json");

/// Labels in the two languages of the explanations.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Labels {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Code {
    scheme: String,
    value: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    uri: String,
    #[serde(default)]
    isco: Option<String>,
    labels: Labels,
    #[serde(default)]
    exact_match: Vec<String>,
    #[serde(default)]
    codes: Vec<Code>,
}

#[derive(Debug, Deserialize)]
struct Group {
    code: String,
    labels: Labels,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    version: String,
    isco_groups: Vec<Group>,
    occupations: Vec<Entry>,
    skills: Vec<Entry>,
}

/// The concept table.
#[derive(Debug)]
pub struct ConceptTable {
    version: String,
    entries: Vec<Entry>,
    /// URI or `scheme:value` to entry.
    by_key: HashMap<String, usize>,
    groups: HashMap<String, Labels>,
}

/// A concept as a document names it, resolved against the table where it can be.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConceptRef {
    /// The table's concept (its preferred URI), when the document's URI or code is in the table.
    pub known: Option<String>,
    /// Every URI and `scheme:value` code the document gave.
    pub keys: Vec<String>,
    /// The ISCO-08 unit group, from the document or the table.
    pub isco: Option<String>,
    /// Labels to compare and show: the document's own, then the table's Dutch and English.
    pub labels: Vec<String>,
    /// The table's labels, when known.
    pub table_labels: Option<Labels>,
}

/// How two concepts relate, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// The same concept (one URI or code, or a crosswalk of the table).
    Same,
    /// Not the same code, but the same label: an unknown code matched by its label.
    Label,
    /// Occupations in the same ISCO-08 unit group (four digits).
    IscoUnit,
    /// In the same ISCO-08 minor group (three digits).
    IscoMinor,
    /// In the same ISCO-08 sub-major group (two digits).
    IscoSubMajor,
    /// Unrelated.
    None,
}

impl Relation {
    /// How much of an occupation match the relation is worth (documented in `docs/matching.md`).
    pub fn occupation_value(self) -> f64 {
        match self {
            Relation::Same => 1.0,
            Relation::Label => 0.9,
            Relation::IscoUnit => 0.8,
            Relation::IscoMinor => 0.5,
            Relation::IscoSubMajor => 0.25,
            Relation::None => 0.0,
        }
    }
}

fn normalise(label: &str) -> String {
    label
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl ConceptTable {
    /// The table carried in the project.
    pub fn builtin() -> &'static ConceptTable {
        static BUILTIN: LazyLock<ConceptTable> = LazyLock::new(|| {
            ConceptTable::parse(TABLE).expect("the built-in concept table is valid")
        });
        &BUILTIN
    }

    /// Reads a table.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let file: File = serde_json::from_str(text)?;
        let mut entries = file.occupations;
        entries.extend(file.skills);
        let mut by_key = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            by_key.insert(entry.uri.clone(), i);
            for uri in &entry.exact_match {
                by_key.insert(uri.clone(), i);
            }
            for code in &entry.codes {
                by_key.insert(format!("{}:{}", code.scheme, code.value), i);
            }
        }
        Ok(Self {
            version: file.version,
            entries,
            by_key,
            groups: file
                .isco_groups
                .into_iter()
                .map(|g| (g.code, g.labels))
                .collect(),
        })
    }

    /// The table's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The labels of an ISCO-08 group (two to four digits), if the table has them.
    pub fn group_labels(&self, code: &str) -> Option<&Labels> {
        self.groups.get(code)
    }

    /// The preferred URIs of the table's occupations in `isco`'s unit group.
    pub fn occupations_in_unit_group(&self, isco: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| e.isco.as_deref() == Some(isco))
            .map(|e| e.uri.as_str())
            .collect()
    }

    /// Resolves a canonical occupation (`competentNlUri`, `escoUri`, `iscoCode`, `label`,
    /// `code`) or competence (`uri`, `label`, `code`) object.
    pub fn resolve(&self, value: &Value) -> ConceptRef {
        let text = |key: &str| value.get(key).and_then(Value::as_str);
        let mut keys: Vec<String> = ["competentNlUri", "escoUri", "uri"]
            .iter()
            .filter_map(|k| text(k).map(str::to_owned))
            .collect();
        if let Some(code) = value.get("code")
            && let (Some(scheme), Some(v)) = (
                code.get("scheme").and_then(Value::as_str),
                code.get("value").and_then(Value::as_str),
            )
        {
            keys.push(format!("{scheme}:{v}"));
        }
        let entry = keys
            .iter()
            .find_map(|k| self.by_key.get(k))
            .map(|&i| &self.entries[i]);
        let mut labels: Vec<String> = text("label").map(str::to_owned).into_iter().collect();
        if let Some(entry) = entry {
            labels.push(entry.labels.nl.clone());
            labels.push(entry.labels.en.clone());
        }
        let isco = text("iscoCode")
            .map(str::to_owned)
            .or_else(|| entry.and_then(|e| e.isco.clone()))
            .or_else(|| {
                // An ESCO ISCO-group URI carries its code: http://data.europa.eu/esco/isco/C8344.
                keys.iter().find_map(|k| {
                    k.strip_prefix("http://data.europa.eu/esco/isco/C")
                        .map(str::to_owned)
                })
            });
        ConceptRef {
            known: entry.map(|e| e.uri.clone()),
            keys,
            isco,
            labels,
            table_labels: entry.map(|e| e.labels.clone()),
        }
    }
}

impl ConceptRef {
    /// How this concept relates to `other`.
    pub fn relation(&self, other: &ConceptRef) -> Relation {
        if self.known.is_some() && self.known == other.known
            || self.keys.iter().any(|k| other.keys.contains(k))
        {
            return Relation::Same;
        }
        let labels: Vec<String> = self.labels.iter().map(|l| normalise(l)).collect();
        if other.labels.iter().any(|l| labels.contains(&normalise(l))) {
            return Relation::Label;
        }
        if let (Some(a), Some(b)) = (&self.isco, &other.isco) {
            for (digits, relation) in [
                (4, Relation::IscoUnit),
                (3, Relation::IscoMinor),
                (2, Relation::IscoSubMajor),
            ] {
                if a.len() >= digits && b.len() >= digits && a[..digits] == b[..digits] {
                    return relation;
                }
            }
        }
        Relation::None
    }

    /// What to call the concept in an explanation, in Dutch (`nl`) or English: the document's
    /// own label, the table's, or the last segment of its URI or code.
    pub fn name(&self, english: bool) -> String {
        if let Some(labels) = &self.table_labels {
            return if english {
                labels.en.clone()
            } else {
                labels.nl.clone()
            };
        }
        if let Some(label) = self.labels.first() {
            return label.clone();
        }
        self.keys
            .first()
            .map(|k| k.rsplit(['/', ':']).next().unwrap_or(k).to_owned())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn concepts_compare_by_code_then_crosswalk_then_hierarchy_then_label() {
        let table = ConceptTable::builtin();
        let forklift =
            table.resolve(&json!({"uri": "https://linkeddata.competentnl.nl/uwv/id/skill/2201"}));
        let esco = table.resolve(
            &json!({"uri": "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"}),
        );
        let legacy =
            table.resolve(&json!({"code": {"scheme": "uwv-legacy", "value": "0000002201"}}));
        let by_label = table.resolve(
            &json!({"uri": "https://example.org/skills/77", "label": " heftruck  BESTUREN"}),
        );
        let unrelated = table.resolve(&json!({"label": "Gerechten bereiden"}));
        assert_eq!(forklift.relation(&esco), Relation::Same, "ESCO crosswalk");
        assert_eq!(forklift.relation(&legacy), Relation::Same, "legacy code");
        assert_eq!(by_label.known, None);
        assert_eq!(forklift.relation(&by_label), Relation::Label);
        assert_eq!(forklift.relation(&unrelated), Relation::None);
        assert_eq!(forklift.name(false), "Heftruck besturen");
        assert_eq!(esco.name(true), "Operating a forklift");

        let occupation = |v: Value| table.resolve(&v);
        let forklift_driver = occupation(
            json!({"competentNlUri": "https://linkeddata.competentnl.nl/uwv/id/occupation/8344001"}),
        );
        let truck = occupation(
            json!({"competentNlUri": "https://linkeddata.competentnl.nl/uwv/id/occupation/8332001"}),
        );
        let van = occupation(
            json!({"competentNlUri": "https://linkeddata.competentnl.nl/uwv/id/occupation/8322001"}),
        );
        let other_truck =
            occupation(json!({"iscoCode": "8332", "label": "Chauffeur zwaar transport"}));
        let bus = occupation(json!({"iscoCode": "8331", "label": "Buschauffeur"}));
        let esco_group = occupation(json!({"escoUri": "http://data.europa.eu/esco/isco/C8332"}));
        assert_eq!(truck.relation(&other_truck), Relation::IscoUnit);
        assert_eq!(truck.relation(&esco_group), Relation::IscoUnit);
        assert_eq!(truck.relation(&bus), Relation::IscoMinor);
        assert_eq!(truck.relation(&van), Relation::IscoSubMajor);
        assert_eq!(truck.relation(&forklift_driver), Relation::IscoSubMajor);
        assert_eq!(
            table.occupations_in_unit_group("8332"),
            ["https://linkeddata.competentnl.nl/uwv/id/occupation/8332001"]
        );
        assert_eq!(
            table.group_labels("833").map(|l| l.en.as_str()),
            Some("Heavy truck and bus drivers")
        );
    }

    #[test]
    fn every_demo_occupation_and_competence_is_in_the_table() {
        let table = ConceptTable::builtin();
        for (file, kind) in [
            ("occupations.tsv", "occupation"),
            ("competences.tsv", "skill"),
        ] {
            let text = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../demo/data")
                    .join(file),
            )
            .unwrap();
            for line in text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
            {
                let id = line.split('\t').next().unwrap();
                let uri = format!("https://linkeddata.competentnl.nl/uwv/id/{kind}/{id}");
                assert_eq!(
                    table.resolve(&json!({"uri": uri})).known.as_deref(),
                    Some(uri.as_str())
                );
            }
        }
    }
}
