//! Code lists as data.
//!
//! The JSON files in `schema/codelists/` are the one source of truth for every coded value in the
//! canonical model. They are embedded at compile time and parsed once; the JSON Schemas take their
//! `enum`s from here, and so do the validator and (later) the format adapters' translation tables.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// Where a code list comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeListSource {
    /// Name of the publication or organisation that owns the list.
    pub name: String,
    /// Where the list is published.
    pub url: String,
}

/// One code in a code list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Code {
    /// The code as it appears in canonical documents.
    pub code: String,
    /// English label.
    pub label: String,
    /// Dutch label.
    pub label_nl: String,
    /// Equivalent codes in other code systems, keyed by system (`vum`, `isced`, `nlqf`, `hropen`,
    /// `scale`, ...). A system that is absent has no equivalent for this code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mappings: BTreeMap<String, String>,
    /// For labour-market regions: the municipalities that make up the region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub municipalities: Vec<String>,
}

/// A versioned list of codes with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeList {
    /// Stable identifier, also the file name (`schema/codelists/{id}.json`).
    pub id: String,
    /// Version of the list (of its source where the source is versioned).
    pub version: String,
    /// Human-readable title.
    pub title: String,
    /// What the list classifies.
    pub description: String,
    /// Where the list comes from.
    pub source: CodeListSource,
    /// The codes, in their customary order.
    pub codes: Vec<Code>,
}

impl CodeList {
    /// The entry for `code`, if the list has it.
    pub fn get(&self, code: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.code == code)
    }

    /// Whether `code` is in the list.
    pub fn contains(&self, code: &str) -> bool {
        self.get(code).is_some()
    }

    /// The canonical code whose mapping for `system` is `foreign`, if exactly one code has it
    /// or the first one in list order does (lists put the preferred mapping first).
    pub fn from_mapping(&self, system: &str, foreign: &str) -> Option<&Code> {
        // The embedded lists have an index: adapters look codes up by mapping for every coded
        // value they read. Other lists (built by hand) are searched.
        if let Some(index) = MAPPING_INDEX.get(&(std::ptr::from_ref(self) as usize)) {
            return index.get(&(system, foreign)).map(|&i| &self.codes[i]);
        }
        self.codes
            .iter()
            .find(|c| c.mappings.get(system).map(String::as_str) == Some(foreign))
    }

    /// The codes as plain strings, in list order.
    pub fn code_values(&self) -> impl Iterator<Item = &str> {
        self.codes.iter().map(|c| c.code.as_str())
    }
}

macro_rules! embedded_lists {
    ($($id:literal),* $(,)?) => {
        /// File name stem and contents of every embedded code list.
        const EMBEDDED: &[(&str, &str)] = &[
            $(($id, include_str!(concat!("../../../schema/codelists/", $id, ".json")))),*
        ];
    };
}

embedded_lists!(
    "agreement-type",
    "application-method",
    "benefit-type",
    "contract-type",
    "driving-licence",
    "education-status",
    "gender",
    "indication",
    "indication-with-na",
    "instrument-status",
    "instrument-type",
    "isced-2011",
    "labour-market-region",
    "language-proficiency",
    "nl-education-level",
    "participation-ladder",
    "proficiency-level",
    "remote-work",
    "salary-period",
    "transport-mode",
    "vacancy-status",
    "vum-education-level",
    "vum-work-and-thinking-level",
    "web-address-type",
    "working-time",
);

static REGISTRY: LazyLock<BTreeMap<String, CodeList>> = LazyLock::new(|| {
    EMBEDDED
        .iter()
        .map(|(id, text)| {
            // The files are part of the build and checked by the test suite, so a broken file is a
            // programming error, not a runtime condition.
            let list: CodeList = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("embedded code list {id}.json is malformed: {e}"));
            assert_eq!(&list.id, id, "code list file name and id differ");
            (list.id.clone(), list)
        })
        .collect()
});

/// Per embedded list (by address), the first code with each (system, foreign code) mapping.
type MappingIndex = HashMap<usize, HashMap<(&'static str, &'static str), usize>>;

static MAPPING_INDEX: LazyLock<MappingIndex> = LazyLock::new(|| {
    REGISTRY
        .values()
        .map(|list| {
            let mut index = HashMap::new();
            for (i, code) in list.codes.iter().enumerate() {
                for (system, foreign) in &code.mappings {
                    index
                        .entry((system.as_str(), foreign.as_str()))
                        .or_insert(i);
                }
            }
            (std::ptr::from_ref(list) as usize, index)
        })
        .collect()
});

/// Every code list, ordered by id.
pub fn all() -> impl Iterator<Item = &'static CodeList> {
    REGISTRY.values()
}

/// The code list with this id.
pub fn get(id: &str) -> Option<&'static CodeList> {
    REGISTRY.get(id)
}

/// The code list with this id, for ids named in the model's own source code.
///
/// # Panics
/// When no such list is embedded: the id is a constant in the model, so this is a bug.
pub fn expect(id: &str) -> &'static CodeList {
    get(id).unwrap_or_else(|| panic!("the model refers to code list {id:?}, which is not embedded"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_index_finds_what_a_search_finds() {
        for list in all() {
            let copy = list.clone();
            for code in &list.codes {
                for (system, foreign) in &code.mappings {
                    let first = list
                        .codes
                        .iter()
                        .find(|c| c.mappings.get(system) == Some(foreign));
                    assert_eq!(list.from_mapping(system, foreign), first);
                    assert_eq!(copy.from_mapping(system, foreign), first);
                }
            }
            assert_eq!(list.from_mapping("vum", "no such code"), None);
            assert_eq!(copy.from_mapping("no such system", "1"), None);
        }
    }

    #[test]
    fn every_list_loads_and_has_unique_codes() {
        assert_eq!(all().count(), EMBEDDED.len());
        for list in all() {
            let mut seen = std::collections::HashSet::new();
            for code in &list.codes {
                assert!(
                    seen.insert(&code.code),
                    "{}: duplicate code {}",
                    list.id,
                    code.code
                );
            }
            assert!(!list.codes.is_empty(), "{} is empty", list.id);
        }
    }

    #[test]
    fn every_file_in_the_folder_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/codelists");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".json")
                    .filter(|stem| !stem.ends_with(".schema"))
                    .map(str::to_owned)
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = EMBEDDED.iter().map(|(id, _)| id.to_string()).collect();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn vum_mappings_resolve_both_ways() {
        let contract = expect("contract-type");
        assert_eq!(contract.from_mapping("vum", "O").unwrap().code, "permanent");
        assert_eq!(contract.get("fixedTerm").unwrap().mappings["vum"], "B");
        assert!(
            !contract
                .get("freelance")
                .unwrap()
                .mappings
                .contains_key("vum")
        );
        assert_eq!(expect("labour-market-region").codes.len(), 35);
    }
}
