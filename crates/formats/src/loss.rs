//! Loss reports: what a decode or encode could not carry over, and why.
//!
//! Losses are found by construction, not by bookkeeping: an adapter converts the document, then
//! converts the result back, and [`diff`] compares the original with the round trip. Whatever did
//! not survive is reported, so nothing can be dropped without an entry. Adapters add the reasons
//! they know ([`Reasons`]) and the values they had to make up ([`LossKind::Defaulted`]).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::tree::{Node, to_node};

/// What happened to a value.
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
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LossKind {
    /// The value is not in the output at all.
    Dropped,
    /// The value was cut to the length the target allows.
    Truncated,
    /// The value was replaced by the nearest equivalent (a coarser code, another type).
    Approximated,
    /// The output holds a value the input did not have, because the target requires one.
    Defaulted,
}

impl LossKind {
    /// Every kind, in report order.
    pub const ALL: [LossKind; 4] = [
        LossKind::Dropped,
        LossKind::Truncated,
        LossKind::Approximated,
        LossKind::Defaulted,
    ];

    /// The lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            LossKind::Dropped => "dropped",
            LossKind::Truncated => "truncated",
            LossKind::Approximated => "approximated",
            LossKind::Defaulted => "defaulted",
        }
    }
}

impl fmt::Display for LossKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One loss.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct LossEntry {
    /// Where the value was, in the source of this step: a JSON Pointer, or for XML an element path.
    pub path: String,
    /// What happened to it.
    pub kind: LossKind,
    /// Why, in English.
    pub reason: String,
    /// The kind of value (`string`, `number`, `boolean`, `object`, `array`, or a named kind such as
    /// `timestamp`); never the value itself.
    pub value_kind: String,
}

/// The losses of one decode or encode, in document order.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
pub struct LossReport {
    /// The entries.
    pub entries: Vec<LossEntry>,
}

impl LossReport {
    /// Whether nothing was lost.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of entries of each kind.
    pub fn counts(&self) -> BTreeMap<LossKind, usize> {
        let mut counts = BTreeMap::new();
        for entry in &self.entries {
            *counts.entry(entry.kind).or_insert(0) += 1;
        }
        counts
    }

    /// The report every decoder of a format without modification times starts with:
    /// `metadata.lastModified` is the time of receipt, defaulted. `documents` says what carries
    /// none, with its verb: `VUM documents carry`, `a JobPosting carries`.
    pub(crate) fn received_as_last_modified(documents: &str) -> Self {
        let mut losses = Self::default();
        losses.push(
            "",
            LossKind::Defaulted,
            format!(
                "{documents} no modification time: metadata.lastModified is the time of receipt"
            ),
            "timestamp",
        );
        losses
    }

    /// Adds an entry.
    pub fn push(
        &mut self,
        path: impl Into<String>,
        kind: LossKind,
        reason: impl Into<String>,
        value_kind: impl Into<String>,
    ) {
        self.entries.push(LossEntry {
            path: path.into(),
            kind,
            reason: reason.into(),
            value_kind: value_kind.into(),
        });
    }
}

/// Reasons an adapter knows for losses at particular paths. Keys are JSON Pointers with array
/// indexes replaced by `*` (`/desiredWork/occupations/*/escoUri`), so one reason covers every item.
///
/// An adapter keeps its fixed reasons in a static and layers the notes of one conversion on top
/// of them with [`Reasons::on`], so that a conversion builds no more than its own notes.
#[derive(Debug, Clone, Default)]
pub struct Reasons {
    exact: BTreeMap<String, String>,
    fallback: String,
    base: Option<&'static Reasons>,
}

impl Reasons {
    /// Reasons with `fallback` for paths that have none of their own.
    pub fn new(fallback: impl Into<String>) -> Self {
        Self {
            exact: BTreeMap::new(),
            fallback: fallback.into(),
            base: None,
        }
    }

    /// An empty layer of notes on top of `base`, whose reasons and fallback apply where the
    /// notes say nothing.
    pub fn on(base: &'static Reasons) -> Self {
        Self {
            exact: BTreeMap::new(),
            fallback: base.fallback.clone(),
            base: Some(base),
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.exact
            .get(key)
            .map(String::as_str)
            .or_else(|| self.base.and_then(|b| b.get(key)))
    }

    /// A note recorded for a value inside `path`, if any.
    fn inside(&self, path: &str) -> Option<&str> {
        use std::ops::Bound;
        // Keys that start with `path` sort together right after it; the first of them that goes
        // on with a `/` is the first key inside it.
        self.exact
            .range::<str, _>((Bound::Excluded(path), Bound::Unbounded))
            .take_while(|(key, _)| key.starts_with(path))
            .find(|(key, _)| key.as_bytes().get(path.len()) == Some(&b'/'))
            .map(|(_, reason)| reason.as_str())
            .or_else(|| self.base.and_then(|b| b.inside(path)))
    }

    /// Adds the reason for losses at `pattern` and everything below it.
    pub fn with(mut self, pattern: &str, reason: impl Into<String>) -> Self {
        self.exact.insert(pattern.to_owned(), reason.into());
        self
    }

    /// Records a reason found during a conversion, for one concrete path.
    pub fn note(&mut self, path: impl Into<String>, reason: impl Into<String>) {
        self.exact.insert(path.into(), reason.into());
    }

    /// The most specific reason for `path`: the concrete path or a note about a value inside it,
    /// then its pattern, then each parent.
    pub fn reason(&self, path: &str) -> &str {
        if self.get(path).is_none()
            && let Some(reason) = self.inside(path)
        {
            return reason;
        }
        let pattern = wildcard(path);
        let (mut concrete, mut general) = (path, pattern.as_ref());
        loop {
            if let Some(reason) = self.get(concrete) {
                return reason;
            }
            if general != concrete
                && let Some(reason) = self.get(general)
            {
                return reason;
            }
            match (concrete.rfind('/'), general.rfind('/')) {
                (Some(a), Some(b)) if a > 0 && b > 0 => {
                    concrete = &concrete[..a];
                    general = &general[..b];
                }
                _ => break,
            }
        }
        &self.fallback
    }
}

/// `path` with every array index replaced by `*`.
fn wildcard(path: &str) -> std::borrow::Cow<'_, str> {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !path.split('/').any(numeric) {
        return std::borrow::Cow::Borrowed(path);
    }
    path.split('/')
        .map(|s| if numeric(s) { "*" } else { s })
        .collect::<Vec<_>>()
        .join("/")
        .into()
}

/// The JSON type of `value`, for [`LossEntry::value_kind`].
pub fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Appends to `report` everything in `original` that `round_trip` does not hold unchanged.
///
/// Objects are compared key by key and arrays item by item (adapters keep the order). A missing
/// subtree is one `dropped` entry; a string that became a prefix of itself is `truncated`; any
/// other change is `approximated`. Values only in `round_trip` are not losses of `original`.
///
/// `original` is a parsed input; `round_trip` anything that serialises as JSON (it is compared
/// in the shape `serde_json::to_value` would give it, without building a `Value`).
pub fn diff<T: Serialize + ?Sized>(
    original: &Value,
    round_trip: &T,
    reasons: &Reasons,
    report: &mut LossReport,
) {
    diff_nodes(
        &Node::borrow(original),
        &to_node(round_trip),
        reasons,
        report,
    );
}

/// [`diff`] for an original that is itself a typed document (an encoder's canonical input).
pub fn diff_typed<A: Serialize + ?Sized, B: Serialize + ?Sized>(
    original: &A,
    round_trip: &B,
    reasons: &Reasons,
    report: &mut LossReport,
) {
    diff_nodes(&to_node(original), &to_node(round_trip), reasons, report);
}

/// [`diff`] of two trees.
pub(crate) fn diff_nodes(
    original: &Node<'_>,
    round_trip: &Node<'_>,
    reasons: &Reasons,
    report: &mut LossReport,
) {
    let mut path = String::new();
    diff_at(original, Some(round_trip), &mut path, reasons, report);
}

/// The JSON type of a tree node, for [`LossEntry::value_kind`].
fn node_kind(node: &Node<'_>) -> &'static str {
    match node {
        Node::Null => "null",
        Node::Bool(_) => "boolean",
        Node::Number(_) => "number",
        Node::String(_) => "string",
        Node::Array(_) => "array",
        Node::Object(_) => "object",
    }
}

fn diff_at(
    original: &Node<'_>,
    round_trip: Option<&Node<'_>>,
    path: &mut String,
    reasons: &Reasons,
    report: &mut LossReport,
) {
    let Some(round_trip) = round_trip else {
        report.push(
            path.clone(),
            LossKind::Dropped,
            if is_blank(original) {
                "an empty value counts as absent"
            } else {
                reasons.reason(path)
            },
            node_kind(original),
        );
        return;
    };
    let len = path.len();
    match (original, round_trip) {
        (Node::Object(a), Node::Object(_)) => {
            for (position, (key, value)) in a.iter().enumerate() {
                werkbrug_model::pointer::push(path, key);
                diff_at(
                    value,
                    round_trip.member(key, position),
                    path,
                    reasons,
                    report,
                );
                path.truncate(len);
            }
        }
        (Node::Array(a), Node::Array(b)) => {
            for (index, counterpart) in align(a, b).into_iter().enumerate() {
                use std::fmt::Write;
                path.push('/');
                let _ = write!(path, "{index}");
                diff_at(&a[index], counterpart.map(|j| &b[j]), path, reasons, report);
                path.truncate(len);
            }
        }
        (Node::String(a), Node::String(b)) if a != b && a.starts_with(b.as_ref()) => {
            report.push(
                path.clone(),
                LossKind::Truncated,
                reasons.reason(path),
                "string",
            );
        }
        (a, b) if !a.same(b) => {
            report.push(
                path.clone(),
                LossKind::Approximated,
                reasons.reason(path),
                node_kind(a),
            );
        }
        _ => {}
    }
}

/// Whether `node` holds nothing but empty strings, arrays, objects and nulls.
fn is_blank(node: &Node<'_>) -> bool {
    match node {
        Node::String(s) => s.trim().is_empty(),
        Node::Array(a) => a.iter().all(is_blank),
        Node::Object(o) => o.iter().all(|(_, v)| is_blank(v)),
        Node::Null => true,
        _ => false,
    }
}

/// Pairs each item of `original` with the item of `round_trip` it became, or with none when it
/// was dropped. Adapters keep the order but may leave items out, so items are matched in order,
/// each to the later item that keeps most of its values.
fn align(original: &[Node<'_>], round_trip: &[Node<'_>]) -> Vec<Option<usize>> {
    let mut next = 0;
    original
        .iter()
        .enumerate()
        .map(|(index, item)| {
            // The item at the same place, unchanged, is the usual case and needs no search: it
            // keeps every value it has, which no later item can beat. (An item without values
            // matches nothing, as below.)
            if let Some(candidate) = round_trip.get(next)
                && item.same(candidate)
                && has_scalar(item)
            {
                next += 1;
                return Some(next - 1);
            }
            let best = (next..round_trip.len())
                .map(|j| (kept(item, &round_trip[j]), j))
                .filter(|(score, _)| *score > 0)
                // The highest score wins; among equals, the earliest.
                .max_by(|(a, i), (b, j)| a.cmp(b).then(j.cmp(i)));
            if let Some((_, j)) = best {
                next = j + 1;
                return Some(j);
            }
            // An item all of whose values changed (a language skill whose levels were all
            // mapped to a coarser scale) keeps none, yet was carried: when as many items are left
            // on both sides, the one at the same place with the same properties is what it became.
            let left = round_trip.len().saturating_sub(next);
            if left > 0 && left == original.len() - index && same_keys(item, &round_trip[next]) {
                next += 1;
                return Some(next - 1);
            }
            None
        })
        .collect()
}

/// Whether two nodes are objects with the same, non-empty set of properties.
fn same_keys(a: &Node<'_>, b: &Node<'_>) -> bool {
    match (a, b) {
        (Node::Object(a), Node::Object(b)) => {
            !a.is_empty()
                && a.len() == b.len()
                && a.iter().all(|(k, _)| b.iter().any(|(l, _)| l == k))
        }
        _ => false,
    }
}

/// Whether `node` is or holds a scalar (anything but arrays and objects).
fn has_scalar(node: &Node<'_>) -> bool {
    match node {
        Node::Array(a) => a.iter().any(has_scalar),
        Node::Object(o) => o.iter().any(|(_, v)| has_scalar(v)),
        _ => true,
    }
}

/// How many scalar values of `original` survive unchanged in `round_trip`.
fn kept(original: &Node<'_>, round_trip: &Node<'_>) -> usize {
    match (original, round_trip) {
        (Node::Object(a), Node::Object(_)) => a
            .iter()
            .enumerate()
            .map(|(i, (k, v))| round_trip.member(k, i).map_or(0, |w| kept(v, w)))
            .sum(),
        (Node::Array(a), Node::Array(b)) => {
            let pairs = align(a, b);
            pairs
                .iter()
                .zip(a)
                .map(|(j, v)| j.map_or(0, |j| kept(v, &b[j])))
                .sum()
        }
        (a, b) => usize::from(a.same(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_item_whose_every_value_changed_is_approximated_not_dropped() {
        // A language skill without a language whose levels all went to VUM's coarser scale.
        let original = json!({"l": [{"reading": "C2", "speaking": "C1"}, {"language": "eng"}]});
        let round_trip =
            json!({"l": [{"reading": "excellent", "speaking": "good"}, {"language": "eng"}]});
        let mut report = LossReport::default();
        diff(
            &original,
            &round_trip,
            &Reasons::new("coarser"),
            &mut report,
        );
        let found: Vec<(&str, LossKind)> = report
            .entries
            .iter()
            .map(|e| (e.path.as_str(), e.kind))
            .collect();
        assert_eq!(
            found,
            vec![
                ("/l/0/reading", LossKind::Approximated),
                ("/l/0/speaking", LossKind::Approximated)
            ]
        );
        // When an item did go, the one left is not taken for it.
        let round_trip = json!({"l": [{"language": "eng"}]});
        let mut report = LossReport::default();
        diff(&original, &round_trip, &Reasons::new("gone"), &mut report);
        let found: Vec<(&str, LossKind)> = report
            .entries
            .iter()
            .map(|e| (e.path.as_str(), e.kind))
            .collect();
        assert_eq!(found, vec![("/l/0", LossKind::Dropped)]);
    }

    #[test]
    fn diff_finds_drops_truncations_and_approximations() {
        let original = json!({
            "a": "long text", "b": {"c": 1, "d": [1, 2, 3]}, "e": "B2", "f": 2.0, "g": true
        });
        let round_trip = json!({"a": "long", "b": {"d": [1, 2]}, "e": "good", "f": 2, "g": true});
        let reasons = Reasons::new("no place in the target")
            .with("/e", "CEFR has no VUM equivalent")
            .with("/b/d/*", "VUM keeps two");
        let mut report = LossReport::default();
        diff(&original, &round_trip, &reasons, &mut report);
        let found: Vec<(&str, LossKind, &str, &str)> = report
            .entries
            .iter()
            .map(|e| {
                (
                    e.path.as_str(),
                    e.kind,
                    e.reason.as_str(),
                    e.value_kind.as_str(),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "/a",
                    LossKind::Truncated,
                    "no place in the target",
                    "string"
                ),
                (
                    "/b/c",
                    LossKind::Dropped,
                    "no place in the target",
                    "number"
                ),
                ("/b/d/2", LossKind::Dropped, "VUM keeps two", "number"),
                (
                    "/e",
                    LossKind::Approximated,
                    "CEFR has no VUM equivalent",
                    "string"
                ),
            ]
        );
    }

    #[test]
    fn items_left_out_of_an_array_are_dropped_where_they_were() {
        let original = json!({"o": [{"label": "a"}, {"uri": "x", "label": "b"}, {"uri": "y"}]});
        let round_trip = json!({"o": [{"uri": "x"}, {"uri": "y"}]});
        let mut report = LossReport::default();
        diff(&original, &round_trip, &Reasons::new("r"), &mut report);
        let paths: Vec<&str> = report.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["/o/0", "/o/1/label"]);
    }

    #[test]
    fn reasons_fall_back_from_concrete_to_pattern_to_parent() {
        let mut reasons = Reasons::new("fallback").with("/x/*/y", "pattern");
        reasons.note("/x/1/y", "concrete");
        assert_eq!(reasons.reason("/x/1/y"), "concrete");
        assert_eq!(reasons.reason("/x/0/y"), "pattern");
        assert_eq!(reasons.reason("/x/0/y/z"), "pattern");
        assert_eq!(reasons.reason("/x/0"), "fallback");
        assert_eq!(
            reasons.reason("/x/1"),
            "concrete",
            "a note inside explains its parent"
        );
        let reasons = Reasons::new("f")
            .with("/a", "general")
            .with("/a/*/b", "specific");
        assert_eq!(
            reasons.reason("/a/3/b/c"),
            "specific",
            "the deepest match wins"
        );
    }
}
