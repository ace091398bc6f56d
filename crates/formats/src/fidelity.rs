//! What a source's documents would lose in werkbrug, before the source connects: per path of
//! the source's own documents, how many values were carried, approximated, truncated, defaulted
//! or dropped and why, the semantic rules the documents break, and the documents that cannot be
//! read at all. `werkbrug fidelity` feeds it an export, one document at a time.
//!
//! A value is a leaf of the input (a string, number or boolean in JSON; an element's text in
//! XML). A loss reported at a path covers every value under it, so a dropped
//! object counts each of its values. Paths are the input's own, with `*` for every item of an
//! array (JSON) or without positions (XML, where `/StaffingOrder/positionProfile/...` names the
//! element whatever its place).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::{Decoded, FormatError, LossKind};

/// Counts for one path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PathCounts {
    /// Values found at the path in the input.
    pub seen: u64,
    /// Of those, how many the canonical document holds as they were.
    pub carried: u64,
    /// Values approximated, truncated, defaulted or dropped, by kind and reason.
    pub lost: Vec<Lost>,
}

/// Values lost one way, for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Lost {
    /// How they were lost.
    pub kind: LossKind,
    /// Why.
    pub reason: String,
    /// How many values.
    pub count: u64,
}

/// How often one semantic rule is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCount {
    /// The rule (`date.order`, ...).
    pub rule: String,
    /// In how many places.
    pub count: u64,
}

/// How often documents failed to decode one way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureCount {
    /// The error's kind and message (never a value of the document).
    pub error: String,
    /// How many documents.
    pub count: u64,
}

/// The report over all documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FidelityReport {
    /// The format the documents were read as.
    pub format: String,
    /// Documents read.
    pub documents: u64,
    /// Documents decoded into canonical ones.
    pub decoded: u64,
    /// Documents that could not be decoded.
    pub failed: u64,
    /// Values seen in all documents.
    pub values: u64,
    /// Of those, carried as they were.
    pub carried: u64,
    /// Per path of the input, in path order; `""` is what concerns a whole document (the
    /// modification time a format lacks).
    pub paths: BTreeMap<String, PathCounts>,
    /// Semantic rules the canonical documents break (they are carried all the same), most
    /// frequent first.
    pub findings: Vec<RuleCount>,
    /// Why documents could not be read, most frequent first.
    pub failures: Vec<FailureCount>,
}

/// Values seen and carried at one path, and those lost by kind and reason.
type Tally = (u64, u64, BTreeMap<(LossKind, String), u64>);

/// Collects a fidelity report, one document at a time, in constant memory per path.
#[derive(Debug, Default)]
pub struct Fidelity {
    format: String,
    documents: u64,
    decoded: u64,
    paths: BTreeMap<String, Tally>,
    findings: BTreeMap<String, u64>,
    failures: BTreeMap<String, u64>,
}

impl Fidelity {
    /// An empty report for documents of `format`.
    pub fn new(format: &str) -> Self {
        Self {
            format: format.to_owned(),
            ..Self::default()
        }
    }

    /// Documents added so far.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Adds one document: its bytes as read, and what decoding it gave.
    pub fn add(&mut self, input: &[u8], result: Result<&Decoded, &FormatError>) {
        self.documents += 1;
        let decoded = match result {
            Ok(decoded) => decoded,
            Err(error) => {
                *self
                    .failures
                    .entry(format!("{}: {}", error.kind.name(), error.message))
                    .or_insert(0) += 1;
                return;
            }
        };
        self.decoded += 1;
        let xml = input.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
        // JSON leaves and losses are matched on their concrete paths (a lost item covers its
        // own values, not its siblings'), then counted under the path with `*`. XML leaves carry
        // no positions (which elements repeat is the schema's business), so XML matches on the
        // element path.
        let leaves = if xml {
            xml_leaves(input)
        } else {
            json_leaves(input)
        };
        let losses: Vec<(String, LossKind, &str)> = decoded
            .losses
            .entries
            .iter()
            .map(|e| {
                let path = if xml {
                    normalise(&e.path, true)
                } else {
                    e.path.clone()
                };
                (path, e.kind, e.reason.as_str())
            })
            .collect();
        let mut covered = vec![false; losses.len()];
        for leaf in leaves {
            let key = normalise(&leaf, xml);
            let entry = self.paths.entry(key).or_default();
            entry.0 += 1;
            // The deepest loss that covers the value says what became of it.
            let cover = losses
                .iter()
                .enumerate()
                .filter(|(_, (path, _, _))| {
                    !path.is_empty()
                        && (leaf == *path
                            || (leaf.starts_with(path.as_str())
                                && leaf.as_bytes().get(path.len()) == Some(&b'/')))
                })
                .max_by_key(|(_, (path, _, _))| path.len());
            match cover {
                Some((index, (_, kind, reason))) => {
                    covered[index] = true;
                    *entry.2.entry((*kind, (*reason).to_owned())).or_insert(0) += 1;
                }
                None => entry.1 += 1,
            }
        }
        // Losses no value of the input lies under: defaults for what the input lacks, and what
        // concerns the whole document.
        for (index, (path, kind, reason)) in losses.iter().enumerate() {
            if !covered[index] {
                let entry = self.paths.entry(normalise(path, xml)).or_default();
                *entry.2.entry((*kind, (*reason).to_owned())).or_insert(0) += 1;
            }
        }
        for finding in crate::findings(&decoded.document) {
            *self.findings.entry(finding.rule).or_insert(0) += 1;
        }
    }

    /// The report so far.
    pub fn report(&self) -> FidelityReport {
        let by_count = |map: &BTreeMap<String, u64>| {
            let mut items: Vec<(String, u64)> = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
            items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            items
        };
        let paths: BTreeMap<String, PathCounts> = self
            .paths
            .iter()
            .map(|(path, (seen, carried, lost))| {
                let mut lost: Vec<Lost> = lost
                    .iter()
                    .map(|((kind, reason), count)| Lost {
                        kind: *kind,
                        reason: reason.clone(),
                        count: *count,
                    })
                    .collect();
                lost.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(&b.kind)));
                (
                    path.clone(),
                    PathCounts {
                        seen: *seen,
                        carried: *carried,
                        lost,
                    },
                )
            })
            .collect();
        FidelityReport {
            format: self.format.clone(),
            documents: self.documents,
            decoded: self.decoded,
            failed: self.documents - self.decoded,
            values: paths.values().map(|p| p.seen).sum(),
            carried: paths.values().map(|p| p.carried).sum(),
            paths,
            findings: by_count(&self.findings)
                .into_iter()
                .map(|(rule, count)| RuleCount { rule, count })
                .collect(),
            failures: by_count(&self.failures)
                .into_iter()
                .map(|(error, count)| FailureCount { error, count })
                .collect(),
        }
    }
}

/// A loss path in the form of the leaf paths: JSON Pointer indexes as `*`, XML positions left
/// out.
fn normalise(path: &str, xml: bool) -> String {
    if xml {
        let mut out = String::with_capacity(path.len());
        let mut skipping = false;
        for c in path.chars() {
            match c {
                '[' => skipping = true,
                ']' => skipping = false,
                _ if !skipping => out.push(c),
                _ => {}
            }
        }
        out
    } else {
        path.split('/')
            .map(|s| {
                if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                    "*"
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

fn json_leaves(input: &[u8]) -> Vec<String> {
    fn walk(value: &Value, at: &mut String, out: &mut Vec<String>) {
        match value {
            Value::Object(members) => {
                for (key, child) in members {
                    let len = at.len();
                    werkbrug_model::pointer::push(at, key);
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&index.to_string());
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            // VUM's "empty means absent": an empty value is not a value.
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            _ => out.push(at.clone()),
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_slice::<Value>(input) {
        walk(&value, &mut String::new(), &mut out);
    }
    out
}

fn xml_leaves(input: &[u8]) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut buffer = Vec::new();
    // Whether the last value was text of the element still open: text split by an entity
    // reference or CDATA is one value, two elements of the same name are two.
    let mut in_text = false;
    let path = |stack: &[String]| format!("/{}", stack.join("/"));
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(e)) => {
                stack.push(e.local_name().into_inner().to_owned());
                in_text = false;
            }
            Ok(Event::Empty(_)) => in_text = false,
            Ok(Event::End(_)) => {
                stack.pop();
                in_text = false;
            }
            Ok(Event::Text(t)) if !t.as_ref().trim().is_empty() && !stack.is_empty() => {
                if !in_text {
                    out.push(path(&stack));
                }
                in_text = true;
            }
            Ok(Event::CData(_)) | Ok(Event::GeneralRef(_)) if !stack.is_empty() => {
                if !in_text {
                    out.push(path(&stack));
                }
                in_text = true;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buffer.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DecodeContext, registry};

    fn context() -> DecodeContext {
        DecodeContext::new("bron", "2026-11-01T12:00:00Z".parse().unwrap())
    }

    #[test]
    fn values_are_counted_per_path_as_carried_or_lost_with_the_reason() {
        let vum = registry::get("vum").unwrap();
        let mut fidelity = Fidelity::new("vum");
        let documents: [&[u8]; 3] = [
            br#"{"idWerkzoekende": "WZ-1", "telefoonnummer": ["(088)-6414792", "0612345678", ""],
                 "mobiliteit": {"bemiddelingspostcode": "3511ab"}}"#,
            // A work experience that ends before it starts: carried, with a finding.
            br#"{"idWerkzoekende": "WZ-2", "mobiliteit": {"bemiddelingspostcode": "3511AB"},
                 "arbeidsmarktkwalificatie": {"werkervaring": [{"datumAanvangWerkzaamheden":
                 "2020-01-01", "datumEindeWerkzaamheden": "2019-01-01"}]}}"#,
            b"{\"idWerkzoekende\": ",
        ];
        for bytes in documents {
            let result = vum.decode(bytes, None, &context());
            fidelity.add(bytes, result.as_ref());
        }
        let report = fidelity.report();
        assert_eq!((report.documents, report.decoded, report.failed), (3, 2, 1));
        assert_eq!(report.paths["/telefoonnummer/*"].seen, 2);
        assert_eq!(report.paths["/telefoonnummer/*"].carried, 2);
        let postcode = &report.paths["/mobiliteit/bemiddelingspostcode"];
        assert_eq!((postcode.seen, postcode.carried), (2, 1));
        assert_eq!(
            postcode.lost,
            vec![Lost {
                kind: LossKind::Approximated,
                reason: "postcode written in capitals, as the canonical model requires".into(),
                count: 1
            }]
        );
        // What concerns the whole document: VUM has no modification time.
        assert_eq!(report.paths[""].seen, 0);
        assert_eq!(report.paths[""].lost[0].kind, LossKind::Defaulted);
        assert_eq!(report.paths[""].lost[0].count, 2);
        assert_eq!(
            report.findings,
            vec![RuleCount {
                rule: "date.order".into(),
                count: 1
            }]
        );
        assert_eq!(report.failures.len(), 1);
        assert!(
            report.failures[0].error.starts_with("syntax: "),
            "{:?}",
            report.failures
        );
        // Four values in each readable document; the small-letter postcode is the one changed.
        assert_eq!(report.values, 8);
        assert_eq!(report.carried, 7);
    }

    #[test]
    fn xml_paths_leave_positions_out_and_a_dropped_element_counts_its_values() {
        let setu = registry::get("setu-xml").unwrap();
        let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
            "../../conformance/v1/translation/setu-xml/decode/hr-01-offered-candidate/input.xml",
        ))
        .unwrap();
        let decoded = setu.decode(&bytes, None, &context()).unwrap();
        let mut fidelity = Fidelity::new("setu-xml");
        fidelity.add(&bytes, Ok(&decoded));
        let report = fidelity.report();
        assert!(
            report.paths.keys().all(|p| !p.contains('[')),
            "{:?}",
            report.paths.keys()
        );
        let supplier: u64 = report
            .paths
            .iter()
            .filter(|(p, _)| p.starts_with("/HumanResource/supplier/"))
            .map(|(_, c)| c.seen - c.carried)
            .sum();
        assert!(supplier > 0, "the supplier's values are reported lost");
        assert_eq!(
            report.values,
            report.paths.values().map(|p| p.seen).sum::<u64>()
        );
    }
}
