//! Scores that explain themselves: a vacancy and a jobseeker compared criterion by criterion,
//! each with its value, weight, contribution and a reason in Dutch and English.
//!
//! Both directions score the same pair the same way: what the vacancy asks against what the
//! jobseeker wants and brings. Missing data is not a mismatch: a criterion the data does not
//! cover is `unknown` and counts at the neutral value 0.5; a criterion the vacancy does not ask
//! is `notAsked` and does not count. The published description, with a worked example, is
//! `docs/matching.md`; a test holds that its example is what this module computes.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::concepts::{ConceptRef, ConceptTable, Relation};

/// What an unknown criterion counts as: neither a match nor a fail.
pub const UNKNOWN_VALUE: f64 = 0.5;

/// The criteria, in the order explanations list them.
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
#[serde(rename_all = "camelCase")]
pub enum Criterion {
    /// The vacancy's occupation against the occupations the jobseeker wants (or has worked in).
    Occupation,
    /// The vacancy's required (and optional) competences the jobseeker has.
    Competences,
    /// From the jobseeker's mediation postcode to the workplace.
    Distance,
    /// Hours per week and working times.
    Hours,
    /// Work and thinking level (werk- en denkniveau).
    WorkAndThinkingLevel,
    /// Education level (ISCED) against the level asked.
    Education,
    /// Languages, by level against the level asked.
    Languages,
    /// Driving licences and means of transport.
    DrivingLicences,
    /// The date the jobseeker is available against the start date.
    Availability,
    /// Contract type.
    ContractType,
    /// Target-group fit: vacancies open to the target group register (banenafspraak).
    TargetGroup,
}

impl Criterion {
    /// Every criterion.
    pub const ALL: [Criterion; 11] = [
        Criterion::Occupation,
        Criterion::Competences,
        Criterion::Distance,
        Criterion::Hours,
        Criterion::WorkAndThinkingLevel,
        Criterion::Education,
        Criterion::Languages,
        Criterion::DrivingLicences,
        Criterion::Availability,
        Criterion::ContractType,
        Criterion::TargetGroup,
    ];

    /// Its default weight (documented in `docs/matching.md`).
    pub fn default_weight(self) -> f64 {
        match self {
            Criterion::Occupation => 3.0,
            Criterion::Competences | Criterion::Distance => 2.0,
            _ => 1.0,
        }
    }
}

/// Weights per criterion, 0 to 10; an absent one has its default (occupation 3, competences 2,
/// distance 2, every other criterion 1). Weight 0 leaves a criterion out of the score.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Weights {
    /// Occupation (default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub occupation: Option<f64>,
    /// Competences (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub competences: Option<f64>,
    /// Distance (default 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub distance: Option<f64>,
    /// Hours and working times (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub hours: Option<f64>,
    /// Work and thinking level (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub work_and_thinking_level: Option<f64>,
    /// Education (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub education: Option<f64>,
    /// Languages (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub languages: Option<f64>,
    /// Driving licences and transport (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub driving_licences: Option<f64>,
    /// Availability (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub availability: Option<f64>,
    /// Contract type (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub contract_type: Option<f64>,
    /// Target-group fit (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 10))]
    pub target_group: Option<f64>,
}

impl Weights {
    /// The weight of `criterion`: the caller's, or the default.
    pub fn of(&self, criterion: Criterion) -> f64 {
        let given = match criterion {
            Criterion::Occupation => self.occupation,
            Criterion::Competences => self.competences,
            Criterion::Distance => self.distance,
            Criterion::Hours => self.hours,
            Criterion::WorkAndThinkingLevel => self.work_and_thinking_level,
            Criterion::Education => self.education,
            Criterion::Languages => self.languages,
            Criterion::DrivingLicences => self.driving_licences,
            Criterion::Availability => self.availability,
            Criterion::ContractType => self.contract_type,
            Criterion::TargetGroup => self.target_group,
        };
        given.unwrap_or_else(|| criterion.default_weight())
    }
}

/// How scoring weighs distance, besides the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoringOptions {
    /// Weights per criterion.
    pub weights: Weights,
    /// The distance at which the distance value halves (exponential decay), in kilometres.
    pub half_value_km: f64,
    /// The distance a jobseeker is taken to travel when the profile does not say
    /// (`desiredWork/mobility/maxDistanceKm`): the radius the sources were asked for.
    pub max_km: f64,
}

impl Default for ScoringOptions {
    fn default() -> Self {
        Self {
            weights: Weights::default(),
            half_value_km: 15.0,
            max_km: 25.0,
        }
    }
}

/// How one criterion came out.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
    utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Fully met (value 1).
    Match,
    /// Partly met.
    Partial,
    /// Not met (value 0).
    Mismatch,
    /// The data does not say: counts at 0.5, never as a fail.
    Unknown,
    /// The vacancy does not ask it: does not count.
    NotAsked,
}

/// A reason in the two languages of the register.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
pub struct Reason {
    /// Dutch.
    pub nl: String,
    /// English.
    pub en: String,
}

fn reason(nl: impl Into<String>, en: impl Into<String>) -> Reason {
    Reason {
        nl: nl.into(),
        en: en.into(),
    }
}

/// One criterion of a score.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct CriterionScore {
    /// The criterion.
    pub criterion: Criterion,
    /// How it came out.
    pub status: Status,
    /// Its value, 0 to 1; absent when unknown or not asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Its weight.
    pub weight: f64,
    /// What it adds to the score (weight × value, or × 0.5 when unknown, over the weights that
    /// count); the contributions add up to the score.
    pub contribution: f64,
    /// Why, in Dutch and English.
    pub reason: Reason,
    /// What the vacancy asks that the jobseeker has (competences, languages, licences): the
    /// vacancy's URI, `scheme:code` or label of each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<String>,
    /// What the vacancy asks that the jobseeker lacks, named as in `matched`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// A scored pair.
#[derive(
    Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, utoipa::ToSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// 0 to 1: the weighted mean of the criteria that count.
    pub score: f64,
    /// 0 to 1: the share of the weights that count whose criterion the data covers.
    pub completeness: f64,
    /// Every criterion, in a fixed order.
    pub criteria: Vec<CriterionScore>,
}

/// What one criterion found, before weighing.
struct Found {
    status: Status,
    value: Option<f64>,
    reason: Reason,
    matched: Vec<String>,
    missing: Vec<String>,
}

impl Found {
    fn new(value: f64, reason: Reason) -> Self {
        let status = if value >= 1.0 {
            Status::Match
        } else if value <= 0.0 {
            Status::Mismatch
        } else {
            Status::Partial
        };
        Self {
            status,
            value: Some(value.clamp(0.0, 1.0)),
            reason,
            matched: Vec::new(),
            missing: Vec::new(),
        }
    }

    fn unknown(reason: Reason) -> Self {
        Self {
            status: Status::Unknown,
            value: None,
            reason,
            matched: Vec::new(),
            missing: Vec::new(),
        }
    }

    fn not_asked(reason: Reason) -> Self {
        Self {
            status: Status::NotAsked,
            ..Self::unknown(reason)
        }
    }
}

fn at<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    document.pointer(pointer)
}

fn items<'a>(document: &'a Value, pointer: &str) -> &'a [Value] {
    at(document, pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text<'a>(document: &'a Value, pointer: &str) -> Option<&'a str> {
    at(document, pointer).and_then(Value::as_str)
}

fn number(document: &Value, pointer: &str) -> Option<f64> {
    at(document, pointer).and_then(Value::as_f64)
}

/// How a vacancy's requirement is named in `matched` and `missing`.
fn key_of(value: &Value) -> String {
    let text = |k: &str| value.get(k).and_then(Value::as_str);
    text("uri")
        .map(str::to_owned)
        .or_else(|| {
            value.get("code").and_then(|c| {
                Some(format!(
                    "{}:{}",
                    c.get("scheme")?.as_str()?,
                    c.get("value")?.as_str()?
                ))
            })
        })
        .or_else(|| text("label").map(str::to_owned))
        .or_else(|| text("language").map(str::to_owned))
        .or_else(|| text("category").map(str::to_owned))
        .or_else(|| text("mode").map(str::to_owned))
        .unwrap_or_default()
}

fn list(names: &[String]) -> String {
    names.join(", ")
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Scores a vacancy and a jobseeker (canonical documents as JSON, or the views of them a
/// purpose shows). `distance_km` is measured by the caller, from postcodes a view may hide.
pub fn explain(
    vacancy: &Value,
    jobseeker: &Value,
    distance_km: Option<f64>,
    options: &ScoringOptions,
    concepts: &ConceptTable,
) -> Explanation {
    let mut criteria = Vec::with_capacity(Criterion::ALL.len());
    let (mut total, mut counted, mut known) = (0.0, 0.0, 0.0);
    for criterion in Criterion::ALL {
        let found = match criterion {
            Criterion::Occupation => occupation(vacancy, jobseeker, concepts),
            Criterion::Competences => competences(vacancy, jobseeker, concepts),
            Criterion::Distance => distance(jobseeker, distance_km, options),
            Criterion::Hours => hours(vacancy, jobseeker),
            Criterion::WorkAndThinkingLevel => work_and_thinking_level(vacancy, jobseeker),
            Criterion::Education => education(vacancy, jobseeker),
            Criterion::Languages => languages(vacancy, jobseeker),
            Criterion::DrivingLicences => driving_licences(vacancy, jobseeker),
            Criterion::Availability => availability(vacancy, jobseeker),
            Criterion::ContractType => contract_type(vacancy, jobseeker),
            Criterion::TargetGroup => target_group(vacancy, jobseeker),
        };
        let weight = options.weights.of(criterion);
        let points = match found.status {
            Status::NotAsked => 0.0,
            Status::Unknown => weight * UNKNOWN_VALUE,
            _ => weight * found.value.unwrap_or(0.0),
        };
        if found.status != Status::NotAsked {
            counted += weight;
            total += points;
            if found.status != Status::Unknown {
                known += weight;
            }
        }
        criteria.push((criterion, found, weight, points));
    }
    let share = |x: f64| if counted > 0.0 { x / counted } else { 0.0 };
    Explanation {
        score: round(share(total)),
        completeness: round(if counted > 0.0 { known / counted } else { 1.0 }),
        criteria: criteria
            .into_iter()
            .map(|(criterion, found, weight, points)| CriterionScore {
                criterion,
                status: found.status,
                value: found.value.map(round),
                weight,
                contribution: round(share(points)),
                reason: found.reason,
                matched: found.matched,
                missing: found.missing,
            })
            .collect(),
    }
}

fn occupation(vacancy: &Value, jobseeker: &Value, concepts: &ConceptTable) -> Found {
    let Some(wanted) = at(vacancy, "/occupation") else {
        return Found::not_asked(reason(
            "de vacature noemt geen beroep",
            "the vacancy names no occupation",
        ));
    };
    let wanted = concepts.resolve(wanted);
    let desired = items(jobseeker, "/desiredWork/occupations");
    let experience: Vec<&Value> = items(jobseeker, "/qualifications/workExperience")
        .iter()
        .filter_map(|w| w.get("occupation"))
        .collect();
    if desired.is_empty() && experience.is_empty() {
        return Found::unknown(reason(
            "het profiel noemt geen gewenst beroep of werkervaring",
            "the profile names no desired occupation or work experience",
        ));
    }
    // The best relation over the wanted occupations, then over work experience at 0.9.
    let best = |values: &mut dyn Iterator<Item = &Value>, factor: f64| {
        values
            .map(|v| {
                let other = concepts.resolve(v);
                let relation = wanted.relation(&other);
                (relation.occupation_value() * factor, relation, other)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
    };
    let from_desired = best(&mut desired.iter(), 1.0).map(|b| (b, true));
    let from_experience = best(&mut experience.iter().copied(), 0.9).map(|b| (b, false));
    let ((value, relation, other), is_desired) = match (from_desired, from_experience) {
        (Some(d), Some(e)) if e.0.0 > d.0.0 => e,
        (Some(d), _) => d,
        (None, Some(e)) => e,
        (None, None) => unreachable!("one of the lists is not empty"),
    };
    let (nl_name, en_name) = (wanted.name(false), wanted.name(true));
    let (where_nl, where_en) = if is_desired {
        ("gewenst beroep", "desired occupation")
    } else {
        ("werkervaring als", "work experience as")
    };
    let group = |digits: usize, english: bool| {
        wanted
            .isco
            .as_deref()
            .filter(|c| c.len() >= digits)
            .map(|c| {
                let code = &c[..digits];
                let label = concepts
                    .group_labels(code)
                    .map(|l| if english { l.en.clone() } else { l.nl.clone() });
                match label {
                    Some(l) => format!("ISCO {code} {l}"),
                    None => format!("ISCO {code}"),
                }
            })
            .unwrap_or_default()
    };
    let r = match relation {
        Relation::Same => reason(
            format!("{where_nl}: {nl_name}"),
            format!("{where_en}: {en_name}"),
        ),
        Relation::Label => reason(
            format!(
                "{where_nl} {} (op naam: de code is onbekend of anders)",
                other.name(false)
            ),
            format!(
                "{where_en} {} (by label: the code is unknown or differs)",
                other.name(true)
            ),
        ),
        Relation::IscoUnit | Relation::IscoMinor | Relation::IscoSubMajor => {
            let digits = match relation {
                Relation::IscoUnit => 4,
                Relation::IscoMinor => 3,
                _ => 2,
            };
            reason(
                format!(
                    "{where_nl} {}: verwant aan {nl_name} ({})",
                    other.name(false),
                    group(digits, false)
                ),
                format!(
                    "{where_en} {}: related to {en_name} ({})",
                    other.name(true),
                    group(digits, true)
                ),
            )
        }
        Relation::None => reason(
            format!("geen gewenst beroep of werkervaring verwant aan {nl_name}"),
            format!("no desired occupation or work experience related to {en_name}"),
        ),
    };
    Found::new(value, r)
}

fn competences(vacancy: &Value, jobseeker: &Value, concepts: &ConceptTable) -> Found {
    let required = items(vacancy, "/requirements/requiredCompetences");
    let optional = items(vacancy, "/requirements/optionalCompetences");
    if required.is_empty() && optional.is_empty() {
        return Found::not_asked(reason(
            "de vacature vraagt geen competenties",
            "the vacancy asks no competences",
        ));
    }
    let held: Vec<ConceptRef> = items(jobseeker, "/qualifications/competences")
        .iter()
        .map(|c| concepts.resolve(c))
        .collect();
    if held.is_empty() {
        return Found::unknown(reason(
            "het profiel noemt geen competenties",
            "the profile names no competences",
        ));
    }
    let mut by_label = Vec::new();
    let mut check = |asked: &[Value]| {
        let (mut matched, mut missing, mut names) = (Vec::new(), Vec::new(), Vec::new());
        for value in asked {
            let concept = concepts.resolve(value);
            let best = held
                .iter()
                .map(|h| concept.relation(h))
                .min()
                .unwrap_or(Relation::None);
            match best {
                Relation::Same | Relation::Label => {
                    if best == Relation::Label {
                        by_label.push(concept.name(false));
                    }
                    matched.push(key_of(value));
                }
                _ => {
                    missing.push(key_of(value));
                    names.push((concept.name(false), concept.name(true)));
                }
            }
        }
        (matched, missing, names)
    };
    let (matched, missing, missing_names) = check(required);
    let (optional_matched, _, _) = check(optional);
    let asked = required.len() as f64 + 0.5 * optional.len() as f64;
    let value = (matched.len() as f64 + 0.5 * optional_matched.len() as f64) / asked;
    let (nl_missing, en_missing): (Vec<String>, Vec<String>) = missing_names.into_iter().unzip();
    let mut nl = format!(
        "{} van {} gevraagde competenties",
        matched.len(),
        required.len()
    );
    let mut en = format!(
        "{} of {} required competences",
        matched.len(),
        required.len()
    );
    if !optional.is_empty() {
        nl.push_str(&format!(
            ", {} van {} gewenste",
            optional_matched.len(),
            optional.len()
        ));
        en.push_str(&format!(
            ", {} of {} optional",
            optional_matched.len(),
            optional.len()
        ));
    }
    if !by_label.is_empty() {
        nl.push_str(&format!("; op naam: {}", list(&by_label)));
        en.push_str(&format!("; by label: {}", list(&by_label)));
    }
    if !nl_missing.is_empty() {
        nl.push_str(&format!("; ontbreekt: {}", list(&nl_missing)));
        en.push_str(&format!("; missing: {}", list(&en_missing)));
    }
    let mut found = Found::new(value, reason(nl, en));
    let mut all_matched = matched;
    all_matched.extend(optional_matched);
    found.matched = all_matched;
    found.missing = missing;
    found
}

fn distance(jobseeker: &Value, distance_km: Option<f64>, options: &ScoringOptions) -> Found {
    let Some(d) = distance_km else {
        return Found::unknown(reason(
            "de afstand is onbekend (een postcode ontbreekt of is onbekend)",
            "the distance is unknown (a postcode is missing or unknown)",
        ));
    };
    let d = (d * 10.0).round() / 10.0;
    let mut value = 0.5f64.powf(d / options.half_value_km);
    let limit = number(jobseeker, "/desiredWork/mobility/maxDistanceKm");
    let half = options.half_value_km;
    let mut r = reason(
        format!("{d} km; de waarde halveert elke {half} km"),
        format!("{d} km; the value halves every {half} km"),
    );
    if let Some(limit) = limit
        && d > limit
    {
        value *= 0.5;
        r.nl.push_str(&format!(
            "; verder dan de {limit} km die de kandidaat wil reizen"
        ));
        r.en.push_str(&format!(
            "; beyond the {limit} km the candidate will travel"
        ));
    }
    let within = d <= limit.unwrap_or(options.max_km);
    let mut found = Found::new(value, r);
    found.status = if within {
        Status::Match
    } else if value > 0.0 {
        Status::Partial
    } else {
        Status::Mismatch
    };
    found
}

fn range(document: &Value, at: &str) -> Option<(f64, f64)> {
    let low = number(document, &format!("{at}/hoursPerWeekMin"));
    let high = number(document, &format!("{at}/hoursPerWeekMax"));
    match (low, high) {
        (None, None) => None,
        (l, h) => {
            let (l, h) = (l.or(h).unwrap_or(0.0), h.or(l).unwrap_or(0.0));
            Some((l.min(h), l.max(h)))
        }
    }
}

fn hours_text((low, high): (f64, f64)) -> String {
    if low == high {
        format!("{low}")
    } else {
        format!("{low}-{high}")
    }
}

fn hours(vacancy: &Value, jobseeker: &Value) -> Found {
    let Some(offered) = range(vacancy, "/terms/workingHours") else {
        return Found::not_asked(reason(
            "de vacature noemt geen uren",
            "the vacancy gives no hours",
        ));
    };
    let Some(wanted) = range(jobseeker, "/desiredWork/workingHours") else {
        return Found::unknown(reason(
            "het profiel noemt geen gewenste uren",
            "the profile gives no hours wanted",
        ));
    };
    let gap = (wanted.0 - offered.1).max(offered.0 - wanted.1).max(0.0);
    let mut value = (1.0 - gap / 8.0).max(0.0);
    let (o, w) = (hours_text(offered), hours_text(wanted));
    let mut r = if gap == 0.0 {
        reason(
            format!("{w} uur per week gewenst, {o} geboden: dat overlapt"),
            format!("{w} hours a week wanted, {o} offered: they overlap"),
        )
    } else {
        reason(
            format!("{w} uur per week gewenst, {o} geboden: {gap} uur verschil"),
            format!("{w} hours a week wanted, {o} offered: {gap} hours apart"),
        )
    };
    if text(vacancy, "/terms/workingHours/irregularHoursOrShifts") == Some("yes")
        && text(
            jobseeker,
            "/desiredWork/workingHours/irregularHoursOrShifts",
        ) == Some("no")
    {
        value *= 0.5;
        r.nl.push_str("; de baan heeft onregelmatige uren of diensten, de kandidaat wil die niet");
        r.en.push_str("; the job has irregular hours or shifts, which the candidate does not want");
    }
    Found::new(value, r)
}

fn level_of(code: Option<&str>) -> Option<u8> {
    code.and_then(|c| c.parse().ok())
}

fn levels(asked: u8, held: u8, nl_what: &str, en_what: &str) -> Found {
    let value = match asked.saturating_sub(held) {
        0 => 1.0,
        1 => 0.5,
        _ => 0.0,
    };
    Found::new(
        value,
        reason(
            format!("{nl_what} {held}, gevraagd minstens {asked}"),
            format!("{en_what} {held}, at least {asked} asked"),
        ),
    )
}

fn work_and_thinking_level(vacancy: &Value, jobseeker: &Value) -> Found {
    let Some(asked) = level_of(text(vacancy, "/requirements/workAndThinkingLevelMin")) else {
        return Found::not_asked(reason(
            "de vacature vraagt geen werk- en denkniveau",
            "the vacancy asks no work and thinking level",
        ));
    };
    let Some(held) = level_of(text(jobseeker, "/qualifications/workAndThinkingLevel")) else {
        return Found::unknown(reason(
            "het werk- en denkniveau staat niet in het profiel",
            "the profile gives no work and thinking level",
        ));
    };
    levels(
        asked,
        held,
        "werk- en denkniveau",
        "work and thinking level",
    )
}

fn education(vacancy: &Value, jobseeker: &Value) -> Found {
    // Any one of the educations a vacancy lists will do: the lowest level is what it asks.
    let Some(asked) = items(vacancy, "/requirements/education")
        .iter()
        .filter_map(|e| level_of(e.pointer("/level/isced").and_then(Value::as_str)))
        .min()
    else {
        return Found::not_asked(reason(
            "de vacature vraagt geen opleidingsniveau",
            "the vacancy asks no education level",
        ));
    };
    // Completed educations, and those whose status is not given.
    let Some(held) = items(jobseeker, "/qualifications/education")
        .iter()
        .filter(|e| {
            e.get("status")
                .and_then(Value::as_str)
                .is_none_or(|s| s == "completed")
        })
        .filter_map(|e| level_of(e.pointer("/level/isced").and_then(Value::as_str)))
        .max()
    else {
        return Found::unknown(reason(
            "het profiel noemt geen afgeronde opleiding met een niveau",
            "the profile names no completed education with a level",
        ));
    };
    levels(
        asked,
        held,
        "opleidingsniveau ISCED",
        "education level ISCED",
    )
}

/// A proficiency as a rank: VUM's fair/good/excellent and CEFR A/B/C share one scale (the code
/// list maps both to VUM's 2, 3, 4).
/// A proficiency on the VUM scale (2 fair to 4 excellent; CEFR levels by their nearest VUM
/// level), `None` for unknown, none and not applicable.
fn proficiency(code: &str) -> Option<u8> {
    werkbrug_model::codelists::get("language-proficiency")?
        .get(code)?
        .mappings
        .get("vum")?
        .parse()
        .ok()
        .filter(|rank| (2..=4).contains(rank))
}

/// A CEFR level's place on the CEFR scale (A1 1 to C2 6).
fn cefr(code: &str) -> Option<u8> {
    ["A1", "A2", "B1", "B2", "C1", "C2"]
        .iter()
        .position(|level| *level == code)
        .map(|i| i as u8 + 1)
}

/// Whether `got` meets `need`: on the CEFR scale when both are CEFR levels, else on the VUM
/// scale. `None` when `got` says nothing (absent or unknown): not a fail.
fn meets_level(need: &str, got: Option<&str>) -> Option<bool> {
    let got = got?;
    if let (Some(n), Some(g)) = (cefr(need), cefr(got)) {
        return Some(g >= n);
    }
    match (proficiency(need), proficiency(got)) {
        (Some(n), Some(g)) => Some(g >= n),
        (Some(_), None) if got == "none" => Some(false),
        _ => None,
    }
}

fn languages(vacancy: &Value, jobseeker: &Value) -> Found {
    let asked: Vec<&Value> = items(vacancy, "/requirements/languages")
        .iter()
        .filter(|l| l.get("language").is_some())
        .collect();
    if asked.is_empty() {
        return Found::not_asked(reason(
            "de vacature vraagt geen talen",
            "the vacancy asks no languages",
        ));
    }
    let held = items(jobseeker, "/qualifications/languages");
    if held.is_empty() {
        return Found::unknown(reason(
            "het profiel noemt geen talen",
            "the profile names no languages",
        ));
    }
    let skills = [
        ("speaking", "spreken"),
        ("writing", "schrijven"),
        ("reading", "lezen"),
        ("listening", "luisteren"),
    ];
    let (mut sum, mut matched, mut missing) = (0.0, Vec::new(), Vec::new());
    let (mut nl, mut en) = (Vec::new(), Vec::new());
    for wanted in &asked {
        let code = wanted["language"].as_str().unwrap_or_default();
        let Some(have) = held
            .iter()
            .find(|h| h.get("language").and_then(Value::as_str) == Some(code))
        else {
            missing.push(code.to_owned());
            nl.push(format!("{code}: ontbreekt"));
            en.push(format!("{code}: missing"));
            continue;
        };
        // Each skill the vacancy gives a level for, against the jobseeker's level of it; a
        // skill the profile gives no level for is not known, never below.
        let (mut below, mut unknown) = (Vec::new(), Vec::new());
        for (skill, skill_nl) in skills {
            let Some(need) = wanted.get(skill).and_then(Value::as_str) else {
                continue;
            };
            if proficiency(need).is_none() {
                continue;
            }
            let got = have.get(skill).and_then(Value::as_str);
            match meets_level(need, got) {
                Some(true) => {}
                Some(false) => below.push((skill, skill_nl, need, got.unwrap_or_default())),
                None => unknown.push((skill, skill_nl)),
            }
        }
        let unknown_nl: Vec<&str> = unknown.iter().map(|(_, s)| *s).collect();
        let unknown_en: Vec<&str> = unknown.iter().map(|(s, _)| *s).collect();
        if below.is_empty() && unknown.is_empty() {
            sum += 1.0;
            matched.push(code.to_owned());
            nl.push(format!("{code}: op niveau"));
            en.push(format!("{code}: at the level asked"));
        } else if below.is_empty() {
            sum += 0.75;
            matched.push(code.to_owned());
            nl.push(format!(
                "{code}: op niveau waar bekend; geen niveau voor {}",
                unknown_nl.join(", ")
            ));
            en.push(format!(
                "{code}: at the level where known; no level given for {}",
                unknown_en.join(", ")
            ));
        } else {
            sum += 0.5;
            missing.push(code.to_owned());
            let detail_nl: Vec<String> = below
                .iter()
                .map(|(_, s, need, got)| format!("{s} {got} < {need}"))
                .collect();
            let detail_en: Vec<String> = below
                .iter()
                .map(|(s, _, need, got)| format!("{s} {got} < {need}"))
                .collect();
            nl.push(format!("{code}: onder niveau ({})", detail_nl.join(", ")));
            en.push(format!(
                "{code}: below the level ({})",
                detail_en.join(", ")
            ));
        }
    }
    let value = sum / asked.len() as f64;
    let mut found = Found::new(value, reason(nl.join("; "), en.join("; ")));
    found.matched = matched;
    found.missing = missing;
    found
}

fn driving_licences(vacancy: &Value, jobseeker: &Value) -> Found {
    let licences = items(vacancy, "/requirements/drivingLicences");
    let transport = items(vacancy, "/requirements/transport");
    if licences.is_empty() && transport.is_empty() {
        return Found::not_asked(reason(
            "de vacature vraagt geen rijbewijs of vervoer",
            "the vacancy asks no driving licence or transport",
        ));
    }
    let held_licences: Vec<&str> = items(jobseeker, "/qualifications/drivingLicences")
        .iter()
        .filter_map(|l| l.get("category").and_then(Value::as_str))
        .collect();
    let held_modes: Vec<&str> = items(jobseeker, "/desiredWork/mobility/transport")
        .iter()
        .filter_map(|t| t.get("mode").and_then(Value::as_str))
        .collect();
    if held_licences.is_empty() && held_modes.is_empty() {
        return Found::unknown(reason(
            "het profiel noemt geen rijbewijs of vervoer",
            "the profile names no driving licence or transport",
        ));
    }
    // A group the profile says nothing about (licences, or transport) is not known, never
    // missing: it counts at half.
    let (mut matched, mut missing, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    for (asked, field, held) in [
        (licences, "category", &held_licences),
        (transport, "mode", &held_modes),
    ] {
        for wanted in asked {
            let Some(code) = wanted.get(field).and_then(Value::as_str) else {
                continue;
            };
            if held.contains(&code) {
                matched.push(code.to_owned());
            } else if held.is_empty() {
                unknown.push(code.to_owned());
            } else {
                missing.push(code.to_owned());
            }
        }
    }
    let asked = matched.len() + missing.len() + unknown.len();
    if asked == 0 {
        return Found::not_asked(reason(
            "de vacature vraagt geen rijbewijs of vervoer",
            "the vacancy asks no driving licence or transport",
        ));
    }
    let mut nl = format!("{} van {} gevraagd", matched.len(), asked);
    let mut en = format!("{} of {} asked", matched.len(), asked);
    if !missing.is_empty() {
        nl.push_str(&format!("; ontbreekt: {}", list(&missing)));
        en.push_str(&format!("; missing: {}", list(&missing)));
    }
    if !unknown.is_empty() {
        nl.push_str(&format!("; niet bekend: {}", list(&unknown)));
        en.push_str(&format!("; not known: {}", list(&unknown)));
    }
    let value = (matched.len() as f64 + 0.5 * unknown.len() as f64) / asked as f64;
    let mut found = Found::new(value, reason(nl, en));
    found.matched = matched;
    found.missing = missing;
    found
}

fn availability(vacancy: &Value, jobseeker: &Value) -> Found {
    let Some(start) = text(vacancy, "/terms/startDate").and_then(|d| d.parse().ok()) else {
        return Found::not_asked(reason(
            "de vacature noemt geen startdatum",
            "the vacancy gives no start date",
        ));
    };
    let start: chrono::NaiveDate = start;
    let Some(from) = text(jobseeker, "/desiredWork/availability/availableFrom")
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
    else {
        return Found::unknown(reason(
            "het profiel noemt niet wanneer de kandidaat beschikbaar is",
            "the profile does not say when the candidate is available",
        ));
    };
    if let Some(until) = text(jobseeker, "/desiredWork/availability/availableUntil")
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        && until < start
    {
        return Found::new(
            0.0,
            reason(
                format!("beschikbaar tot {until}, de baan begint {start}"),
                format!("available until {until}, the job starts {start}"),
            ),
        );
    }
    let late = (from - start).num_days();
    if late <= 0 {
        Found::new(
            1.0,
            reason(
                format!("beschikbaar vanaf {from}, de baan begint {start}"),
                format!("available from {from}, the job starts {start}"),
            ),
        )
    } else {
        Found::new(
            if late <= 30 { 0.5 } else { 0.0 },
            reason(
                format!("beschikbaar vanaf {from}, {late} dagen na de start op {start}"),
                format!("available from {from}, {late} days after the start on {start}"),
            ),
        )
    }
}

fn contract_type(vacancy: &Value, jobseeker: &Value) -> Found {
    let codes = |document: &Value, at: &str| -> Vec<String> {
        items(document, at)
            .iter()
            .filter_map(|c| c.get("contractType").and_then(Value::as_str))
            .map(str::to_owned)
            .collect()
    };
    let offered = codes(vacancy, "/terms/contractForms");
    if offered.is_empty() {
        return Found::not_asked(reason(
            "de vacature noemt geen contractvorm",
            "the vacancy gives no contract type",
        ));
    }
    let wanted = codes(jobseeker, "/desiredWork/contractForms");
    if wanted.is_empty() {
        return Found::unknown(reason(
            "het profiel noemt geen gewenste contractvorm",
            "the profile gives no contract type wanted",
        ));
    }
    let both: Vec<String> = offered
        .iter()
        .filter(|c| wanted.contains(c))
        .cloned()
        .collect();
    let r = reason(
        format!("geboden: {}; gewenst: {}", list(&offered), list(&wanted)),
        format!("offered: {}; wanted: {}", list(&offered), list(&wanted)),
    );
    let mut found = Found::new(if both.is_empty() { 0.0 } else { 1.0 }, r);
    found.missing = if both.is_empty() { offered } else { Vec::new() };
    found.matched = both;
    found
}

fn target_group(vacancy: &Value, jobseeker: &Value) -> Found {
    let open = at(vacancy, "/inclusion/openToTargetGroupRegister").and_then(Value::as_bool);
    let registered =
        at(jobseeker, "/support/targetGroupRegister/registered").and_then(Value::as_bool);
    match (open, registered) {
        (Some(true), Some(true)) => Found::new(
            1.0,
            reason(
                "de vacature staat open voor het doelgroepregister en de kandidaat staat erin",
                "the vacancy is open to the target group register and the candidate is in it",
            ),
        ),
        (Some(true), Some(false)) => Found::new(
            0.5,
            reason(
                "de vacature is bedoeld voor het doelgroepregister; de kandidaat staat er niet in",
                "the vacancy is meant for the target group register; the candidate is not in it",
            ),
        ),
        (Some(true), None) => Found::unknown(reason(
            "de vacature staat open voor het doelgroepregister; of de kandidaat erin staat, is niet bekend of niet zichtbaar voor dit doel",
            "the vacancy is open to the target group register; whether the candidate is in it is unknown or not visible for this purpose",
        )),
        (_, Some(true)) => Found::new(
            0.5,
            reason(
                "de kandidaat staat in het doelgroepregister; de vacature zegt niet dat ze ervoor openstaat",
                "the candidate is in the target group register; the vacancy does not say it is open to it",
            ),
        ),
        _ => Found::not_asked(reason(
            "geen vacature voor het doelgroepregister",
            "not a vacancy for the target group register",
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn vacancy() -> Value {
        json!({
            "occupation": {"competentNlUri": "https://linkeddata.competentnl.nl/uwv/id/occupation/8344001", "label": "Heftruckchauffeur"},
            "requirements": {
                "workAndThinkingLevelMin": "2",
                "education": [{"level": {"isced": "3"}}],
                "requiredCompetences": [
                    {"uri": "https://linkeddata.competentnl.nl/uwv/id/skill/2201", "label": "Heftruck besturen"},
                    {"uri": "https://linkeddata.competentnl.nl/uwv/id/skill/1104", "label": "Veiligheidsbewust werken"},
                    {"uri": "https://linkeddata.competentnl.nl/uwv/id/skill/2202", "label": "Werken met een handscanner"},
                    {"label": "Heftruckcertificaat"}
                ],
                "languages": [{"language": "nld", "speaking": "good"}],
                "drivingLicences": [{"category": "B"}]
            },
            "terms": {"workingHours": {"hoursPerWeekMin": 32, "hoursPerWeekMax": 40}, "contractForms": [{"contractType": "fixedTerm"}], "startDate": "2027-01-04"}
        })
    }

    fn jobseeker() -> Value {
        json!({
            "desiredWork": {
                "occupations": [{"competentNlUri": "https://linkeddata.competentnl.nl/uwv/id/occupation/9321001", "label": "Orderpicker"}],
                "workingHours": {"hoursPerWeekMin": 24, "hoursPerWeekMax": 32},
                "contractForms": [{"contractType": "fixedTerm"}],
                "availability": {"availableFrom": "2026-12-01"},
                "mobility": {"maxDistanceKm": 25}
            },
            "qualifications": {
                "workAndThinkingLevel": "2",
                "education": [{"level": {"isced": "2"}, "status": "completed"}],
                "workExperience": [{"occupation": {"competentNlUri": "https://linkeddata.competentnl.nl/uwv/id/occupation/8344001"}}],
                "competences": [
                    {"uri": "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"},
                    {"uri": "https://linkeddata.competentnl.nl/uwv/id/skill/1104"},
                    {"code": {"scheme": "uwv-legacy", "value": "0000002202"}}
                ],
                "languages": [{"language": "nld", "speaking": "B1"}]
            }
        })
    }

    #[test]
    fn a_score_explains_every_criterion_and_its_parts_add_up() {
        let e = explain(
            &vacancy(),
            &jobseeker(),
            Some(12.34),
            &ScoringOptions::default(),
            ConceptTable::builtin(),
        );
        let get = |c: Criterion| e.criteria.iter().find(|s| s.criterion == c).unwrap();
        let occupation = get(Criterion::Occupation);
        assert_eq!(
            occupation.value,
            Some(0.9),
            "work experience as the occupation"
        );
        assert_eq!(
            occupation.reason.en,
            "work experience as: Lifting truck operator"
        );
        let competences = get(Criterion::Competences);
        assert_eq!(competences.value, Some(0.75));
        assert_eq!(
            competences.reason.en,
            "3 of 4 required competences; missing: Heftruckcertificaat"
        );
        assert_eq!(
            competences.reason.nl,
            "3 van 4 gevraagde competenties; ontbreekt: Heftruckcertificaat"
        );
        assert_eq!(competences.missing, ["Heftruckcertificaat"]);
        let distance = get(Criterion::Distance);
        assert_eq!(distance.status, Status::Match);
        assert_eq!(distance.reason.en, "12.3 km; the value halves every 15 km");
        assert_eq!(get(Criterion::Hours).status, Status::Match);
        assert_eq!(get(Criterion::Education).value, Some(0.5));
        assert_eq!(
            get(Criterion::Languages).status,
            Status::Match,
            "B1 is VUM's good"
        );
        let licences = get(Criterion::DrivingLicences);
        assert_eq!(
            licences.status,
            Status::Unknown,
            "no licence data is not a fail"
        );
        assert_eq!(get(Criterion::TargetGroup).status, Status::NotAsked);
        let sum: f64 = e.criteria.iter().map(|c| c.contribution).sum();
        assert!((sum - e.score).abs() < 0.01, "{sum} vs {}", e.score);
        // Known weight 13 of 14 (licences, weight 1, unknown; target group not asked).
        assert_eq!(e.completeness, round(13.0 / 14.0));
    }

    #[test]
    fn missing_data_is_unknown_never_a_fail() {
        let empty = json!({});
        let e = explain(
            &vacancy(),
            &empty,
            None,
            &ScoringOptions::default(),
            ConceptTable::builtin(),
        );
        assert!(
            e.criteria
                .iter()
                .all(|c| matches!(c.status, Status::Unknown | Status::NotAsked))
        );
        assert_eq!(e.score, UNKNOWN_VALUE);
        assert_eq!(e.completeness, 0.0);
    }

    #[test]
    fn weights_change_what_counts() {
        let mut options = ScoringOptions::default();
        let before = explain(
            &vacancy(),
            &jobseeker(),
            Some(40.0),
            &options,
            ConceptTable::builtin(),
        );
        options.weights.distance = Some(0.0);
        let after = explain(
            &vacancy(),
            &jobseeker(),
            Some(40.0),
            &options,
            ConceptTable::builtin(),
        );
        assert!(
            after.score > before.score,
            "{} {}",
            after.score,
            before.score
        );
    }

    #[test]
    fn levels_and_transport_the_profile_does_not_give_are_unknown_not_below() {
        let vacancy = json!({"requirements": {
            "languages": [{"language": "nld", "speaking": "fair", "reading": "B2"}],
            "drivingLicences": [{"category": "B"}],
            "transport": [{"mode": "car"}]
        }});
        let jobseeker = json!({"qualifications": {
            "languages": [{"language": "nld", "speaking": "excellent"}],
            "drivingLicences": [{"category": "B"}]
        }});
        let e = explain(
            &vacancy,
            &jobseeker,
            None,
            &ScoringOptions::default(),
            ConceptTable::builtin(),
        );
        let get = |c: Criterion| e.criteria.iter().find(|s| s.criterion == c).unwrap();
        let languages = get(Criterion::Languages);
        assert_eq!(languages.value, Some(0.75));
        assert_eq!(
            languages.reason.en,
            "nld: at the level where known; no level given for reading"
        );
        let driving = get(Criterion::DrivingLicences);
        assert_eq!(driving.value, Some(0.75));
        assert_eq!(driving.reason.en, "1 of 2 asked; not known: car");
        assert_eq!(driving.missing, Vec::<String>::new());
        // On the CEFR scale when both sides are CEFR: B1 is below B2, C1 above it.
        let held = |level: &str| json!({"qualifications": {"languages": [{"language": "nld", "speaking": "good", "reading": level}]}});
        for (level, value, reason) in [
            ("B1", 0.5, "nld: below the level (reading B1 < B2)"),
            ("C1", 1.0, "nld: at the level asked"),
        ] {
            let e = explain(
                &vacancy,
                &held(level),
                None,
                &ScoringOptions::default(),
                ConceptTable::builtin(),
            );
            let languages = get_of(&e, Criterion::Languages);
            assert_eq!(
                (languages.value, languages.reason.en.as_str()),
                (Some(value), reason)
            );
        }
    }

    fn get_of(e: &Explanation, c: Criterion) -> &CriterionScore {
        e.criteria.iter().find(|s| s.criterion == c).unwrap()
    }
}
