//! `requirements.csv`: every requirement of the suite with its stable id, level, actor and the
//! section of the specification it comes from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How strongly a requirement binds (RFC 2119). Ordered from strongest to weakest, so
/// `--level should` runs MUST and SHOULD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// An implementation that breaks it does not conform.
    #[serde(rename = "MUST")]
    Must,
    /// Breaking it is allowed for a documented reason; reported, but does not fail a run.
    #[serde(rename = "SHOULD")]
    Should,
    /// Optional behaviour, checked when present.
    #[serde(rename = "MAY")]
    May,
}

impl Level {
    /// The RFC 2119 keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
            Level::May => "MAY",
        }
    }
}

/// Who a requirement binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Actor {
    /// A canonical document (jobseeker profile or vacancy).
    Document,
    /// A format adapter: a translator to and from the canonical model.
    Adapter,
    /// A source behind the VUM source contract (koppelvlak 3.0.0).
    VumBron,
    /// A source behind werkbrug's source contract.
    WerkbrugSource,
    /// A werkbrug gateway (the REST API).
    Gateway,
}

/// One requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    /// Stable id: `actor/name`. Never changes or is reused once published.
    pub id: String,
    /// How strongly it binds.
    pub level: Level,
    /// Who it binds.
    pub actor: Actor,
    /// Where it comes from: a section of the werkbrug specification or an external standard.
    pub source: String,
    /// What it demands, in one sentence.
    pub statement: String,
}

/// The requirements of the suite, by id.
#[derive(Debug, Clone, Default)]
pub struct Requirements {
    by_id: BTreeMap<String, Requirement>,
}

impl Requirements {
    /// Parses `requirements.csv` (header `id,level,actor,source,statement`).
    pub fn parse(csv_text: &[u8]) -> Result<Self, String> {
        let mut reader = csv::Reader::from_reader(csv_text);
        let mut by_id = BTreeMap::new();
        for (index, row) in reader.deserialize::<Requirement>().enumerate() {
            let line = index + 2;
            let requirement = row.map_err(|e| format!("requirements.csv line {line}: {e}"))?;
            let Some((prefix, name)) = requirement.id.split_once('/') else {
                return Err(format!(
                    "requirements.csv line {line}: id '{}' is not actor/name",
                    requirement.id
                ));
            };
            let actor = serde_json::to_value(requirement.actor).unwrap_or_default();
            if actor.as_str() != Some(prefix) || name.is_empty() {
                return Err(format!(
                    "requirements.csv line {line}: id '{}' must start with its actor '{}/'",
                    requirement.id,
                    actor.as_str().unwrap_or_default()
                ));
            }
            if by_id.insert(requirement.id.clone(), requirement).is_some() {
                return Err(format!("requirements.csv line {line}: duplicate id"));
            }
        }
        Ok(Self { by_id })
    }

    /// The requirement with this id.
    pub fn get(&self, id: &str) -> Option<&Requirement> {
        self.by_id.get(id)
    }

    /// Every requirement, ordered by id.
    pub fn iter(&self) -> impl Iterator<Item = &Requirement> {
        self.by_id.values()
    }

    /// The requirements binding one actor.
    pub fn of(&self, actor: Actor) -> impl Iterator<Item = &Requirement> {
        self.by_id.values().filter(move |r| r.actor == actor)
    }
}
