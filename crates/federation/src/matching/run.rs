//! A match, from the starting document to a ranked, explained page: read the start, derive each
//! source's query, refine it where a source is at its limit, score every candidate in the
//! canonical model, filter by the must-haves, rank, page.

use base64::Engine;
use serde_json::Value;
use sha2::Digest;
use werkbrug_formats::DecodeContext;
use werkbrug_model::DocumentType;
use werkbrug_model::codes::{HttpUri, Postcode};

use super::concepts::ConceptTable;
use super::request::{MatchRequest, MatchResponse, MatchResult};
use super::score::{ScoringOptions, Status, explain};
use crate::connector::Found;
use crate::criteria::{Area, SearchCriteria};
use crate::pseudonym::Target;
use crate::purpose::Stage;
use crate::{
    Caller, Disclosure, DocumentView, Federation, FederationError, SearchRequest, SourceRef,
    Undisclosed,
};

/// Results per page when the request does not say.
pub const DEFAULT_LIMIT: u16 = 20;

/// How often a query is refined for a source at its limit.
const MAX_REFINEMENTS: usize = 2;

/// The radius asked when neither the request nor the starting profile says.
const DEFAULT_MAX_KM: u16 = 25;

fn start_error(pointer: &str, message: impl Into<String>) -> FederationError {
    FederationError::Start {
        pointer: pointer.into(),
        message: message.into(),
    }
}

/// The cursor of the page at `offset` of `request`: the offset and a digest of the request
/// without its cursor, so a cursor is refused with another body. Stateless: the next page
/// asks the sources again.
fn cursor(request: &MatchRequest, offset: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{offset}.{}", digest(request)))
}

fn digest(request: &MatchRequest) -> String {
    let mut plain = request.clone();
    plain.cursor = None;
    let bytes = serde_json::to_vec(&plain).expect("requests serialise");
    let hash = sha2::Sha256::digest(&bytes);
    hash[..12].iter().map(|b| format!("{b:02x}")).collect()
}

fn offset_of(request: &MatchRequest) -> Result<usize, FederationError> {
    let Some(text) = &request.cursor else {
        return Ok(0);
    };
    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or(FederationError::Cursor)?;
    let (offset, digest_text) = decoded.split_once('.').ok_or(FederationError::Cursor)?;
    if digest_text != digest(request) {
        return Err(FederationError::Cursor);
    }
    offset.parse().map_err(|_| FederationError::Cursor)
}

fn first_text<'a>(document: &'a Value, pointers: &[&str]) -> Option<&'a str> {
    pointers
        .iter()
        .find_map(|p| document.pointer(p).and_then(Value::as_str))
}

/// Where a document is: the workplace of a vacancy, the mediation (or home) postcode of a
/// jobseeker.
fn postcode_of(document_type: DocumentType, document: &Value) -> Option<&str> {
    match document_type {
        DocumentType::Vacancy => first_text(document, &["/location/address/postcode"]),
        DocumentType::JobseekerProfile => first_text(
            document,
            &[
                "/desiredWork/mobility/postcode",
                "/contact/address/postcode",
            ],
        ),
    }
}

fn other(document_type: DocumentType) -> DocumentType {
    match document_type {
        DocumentType::Vacancy => DocumentType::JobseekerProfile,
        DocumentType::JobseekerProfile => DocumentType::Vacancy,
    }
}

impl Federation {
    /// Ranks documents of `results_type` against the request's starting document (of the other
    /// type), across every source, with every score explained. Sealed until its disclosures
    /// (this page's results, and the starting document when it was fetched by id) are logged.
    pub async fn matches(
        &self,
        results_type: DocumentType,
        request: &MatchRequest,
        caller: &Caller,
    ) -> Result<Undisclosed<MatchResponse>, FederationError> {
        let start_type = other(results_type);
        let purpose = self
            .shared
            .register
            .get(&request.purpose)
            .ok_or_else(|| FederationError::UnknownPurpose(request.purpose.clone()))?;
        let view = purpose
            .view(results_type, Stage::Search)
            .narrow(&purpose.id, &request.fields)?;
        let offset = offset_of(request)?;
        let today = chrono::DateTime::from_timestamp((self.shared.clock)() as i64, 0)
            .unwrap_or_default()
            .date_naive();
        let mut disclosures = Vec::new();

        // The starting document: whole for the query and distances; for scoring, what the
        // caller may see of it (all of an inline document, which is the caller's own).
        let (start, start_shown) = match (&request.start.id, &request.start.document) {
            (Some(id), None) => {
                if request.start.format.is_some() {
                    return Err(start_error(
                        "/start/format",
                        "a format goes with a document, not with an id",
                    ));
                }
                let (document, config, local_id) =
                    self.fetch(start_type, id, purpose, caller).await?;
                let detail = purpose.view(start_type, Stage::Detail);
                let (shown, _) = detail.apply(&document, today);
                disclosures.push(Disclosure {
                    source_id: config.id.clone(),
                    source_organisation: config.organisation.clone(),
                    local_id,
                    fields: detail.fields().map(str::to_owned).collect(),
                    activity: purpose.uri.clone(),
                });
                (document, shown)
            }
            (None, Some(document)) => {
                let document = read_start(start_type, request.start.format.as_deref(), document)?;
                (document.clone(), document)
            }
            _ => {
                return Err(start_error(
                    "/start",
                    "give either an id or a document, not both and not neither",
                ));
            }
        };

        // The sources' query: the area around the start; occupations only to refine.
        let max_km = request
            .distance
            .max_km
            .or_else(|| {
                (start_type == DocumentType::JobseekerProfile)
                    .then(|| start.pointer("/desiredWork/mobility/maxDistanceKm"))
                    .flatten()
                    .and_then(Value::as_u64)
                    .map(|d| d.clamp(1, 999) as u16)
            })
            .unwrap_or(DEFAULT_MAX_KM);
        let start_postcode = postcode_of(start_type, &start).map(str::to_owned);
        let area = start_postcode.as_deref().map(|postcode| Area {
            postcode: Postcode::from(postcode),
            distance_km: max_km,
        });
        let criteria = SearchCriteria {
            area: area.clone(),
            ..SearchCriteria::default()
        };
        let occupations = self.refining_occupations(start_type, &start);
        let asks = self.shared.sources.iter().map(|source| {
            self.ask_refined(
                source,
                results_type,
                request,
                &criteria,
                &occupations,
                caller,
            )
        });
        let outcomes = futures_util::future::join_all(asks).await;

        let options = ScoringOptions {
            weights: request.weights.clone(),
            half_value_km: f64::from(request.distance.half_value_km.unwrap_or(15)),
            max_km: f64::from(max_km),
        };
        let concepts = ConceptTable::builtin();
        let mut ranked = Vec::new();
        let mut statuses = Vec::new();
        for (index, (mut status, found)) in outcomes.into_iter().enumerate() {
            for (order, Found { local_id, value }) in found.into_iter().enumerate() {
                let distance_km = match (&start_postcode, postcode_of(results_type, &value)) {
                    (Some(a), Some(b)) => self.shared.geo.distance_km(a, b),
                    _ => None,
                };
                let (shown, derived) = view.apply(&value, today);
                let explanation = match results_type {
                    DocumentType::JobseekerProfile => {
                        explain(&start_shown, &shown, distance_km, &options, concepts)
                    }
                    DocumentType::Vacancy => {
                        explain(&shown, &start_shown, distance_km, &options, concepts)
                    }
                };
                let meets = request.must_have.iter().all(|c| {
                    explanation
                        .criteria
                        .iter()
                        .any(|s| s.criterion == *c && s.status == Status::Match)
                });
                if !meets {
                    continue;
                }
                status.count += 1;
                ranked.push((
                    explanation,
                    distance_km,
                    index,
                    order,
                    local_id,
                    shown,
                    derived,
                ));
            }
            statuses.push(status);
        }
        // Best first; ties by distance, then by source and the source's own order.
        ranked.sort_by(|a, b| {
            b.0.score
                .total_cmp(&a.0.score)
                .then(
                    a.1.unwrap_or(f64::INFINITY)
                        .total_cmp(&b.1.unwrap_or(f64::INFINITY)),
                )
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        let total = ranked.len();
        let limit = usize::from(request.limit.unwrap_or(DEFAULT_LIMIT));
        let search = chacha20poly1305::aead::rand_core::RngCore::next_u64(
            &mut chacha20poly1305::aead::OsRng,
        );
        let now = (self.shared.clock)();
        let view_fields: Vec<String> = view.fields().map(str::to_owned).collect();
        let mut results = Vec::new();
        for (rank, (explanation, distance_km, index, _, local_id, shown, derived)) in
            ranked.into_iter().enumerate().skip(offset).take(limit)
        {
            let config = self.shared.sources[index].connector.config();
            disclosures.push(Disclosure {
                source_id: config.id.clone(),
                source_organisation: config.organisation.clone(),
                local_id: local_id.clone(),
                fields: view_fields.clone(),
                activity: purpose.uri.clone(),
            });
            let target = Target {
                document_type: results_type,
                source: config.id.clone(),
                local_id,
                search,
                purpose: purpose.id.clone(),
            };
            results.push(MatchResult {
                rank: rank + 1,
                score: explanation.score,
                completeness: explanation.completeness,
                criteria: explanation.criteria,
                result: DocumentView {
                    id: self.shared.pseudonyms.seal(&target, &caller.binding, now),
                    document_type: results_type,
                    source: SourceRef {
                        id: config.id.clone(),
                        organisation: config.organisation.clone(),
                    },
                    purpose: purpose.id.clone(),
                    distance_km: distance_km.map(|d| (d * 10.0).round() / 10.0),
                    derived,
                    document: shown,
                },
            });
        }
        let next_cursor = (offset + limit < total).then(|| cursor(request, offset + limit));
        Ok(Undisclosed::new(
            MatchResponse {
                purpose: purpose.id.clone(),
                results,
                ranked: total,
                next_cursor,
                sources: statuses,
                concepts_version: concepts.version().to_owned(),
            },
            disclosures,
        ))
    }

    /// The occupations a query for a source at its limit is narrowed to: the start's own
    /// CompetentNL occupations and the table's others in their ISCO unit groups (what scores
    /// highest on occupation). Empty when the start names none.
    fn refining_occupations(&self, start_type: DocumentType, start: &Value) -> Vec<HttpUri> {
        let concepts = ConceptTable::builtin();
        let at = match start_type {
            DocumentType::Vacancy => "/occupation",
            DocumentType::JobseekerProfile => "/desiredWork/occupations",
        };
        let values: Vec<&Value> = match start.pointer(at) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        let mut uris: Vec<String> = Vec::new();
        for value in values {
            let concept = concepts.resolve(value);
            if let Some(uri) = value.get("competentNlUri").and_then(Value::as_str) {
                uris.push(uri.to_owned());
            }
            if let Some(isco) = &concept.isco {
                uris.extend(
                    concepts
                        .occupations_in_unit_group(isco)
                        .into_iter()
                        .map(str::to_owned),
                );
            }
        }
        uris.sort();
        uris.dedup();
        uris.into_iter().map(HttpUri::from).take(20).collect()
    }

    /// Asks one source; while it is at its limit, asks again narrowed (the occupations, then
    /// half the radius) and merges what comes back, so that the best candidates are not cut
    /// off at random. Says what it did in the status.
    async fn ask_refined(
        &self,
        source: &crate::Source,
        results_type: DocumentType,
        request: &MatchRequest,
        criteria: &SearchCriteria,
        occupations: &[HttpUri],
        caller: &Caller,
    ) -> (crate::SourceStatus, Vec<Found>) {
        let search = |criteria: SearchCriteria| SearchRequest {
            purpose: request.purpose.clone(),
            criteria,
            fields: Vec::new(),
        };
        let (mut status, answer) = self
            .ask(source, results_type, &search(criteria.clone()), caller)
            .await;
        let mut found = answer.found;
        let mut steps = Vec::new();
        let mut narrowed = criteria.clone();
        let mut limit_reached = status.limit_reached;
        for _ in 0..MAX_REFINEMENTS {
            if !limit_reached {
                break;
            }
            let step = if narrowed.occupations.is_empty() && !occupations.is_empty() {
                narrowed.occupations = occupations.to_vec();
                "asked again for the starting document's occupations".to_owned()
            } else if let Some(area) = narrowed.area.as_mut().filter(|a| a.distance_km > 1) {
                area.distance_km /= 2;
                format!("asked again within {} km", area.distance_km)
            } else {
                break;
            };
            let (again, more) = self
                .ask(source, results_type, &search(narrowed.clone()), caller)
                .await;
            if again.status != crate::SourceState::Ok {
                steps.push(format!("{step}: {}", again.reason.unwrap_or_default()));
                break;
            }
            let before = found.len();
            for document in more.found {
                if !found.iter().any(|f| f.local_id == document.local_id) {
                    found.push(document);
                }
            }
            steps.push(format!("{step} ({} more)", found.len() - before));
            limit_reached = again.limit_reached;
        }
        if !steps.is_empty() {
            status.refinement = Some(format!(
                "at its limit with the area alone; {}{}",
                steps.join("; "),
                if limit_reached {
                    "; still at its limit"
                } else {
                    ""
                }
            ));
        }
        (status, found)
    }
}

/// Reads an inline starting document: canonical when no format is named, else through the
/// format's adapter; what the schema refuses is an error at `/start/document`.
fn read_start(
    start_type: DocumentType,
    format: Option<&str>,
    document: &Value,
) -> Result<Value, FederationError> {
    let id = format.unwrap_or("canonical");
    let adapter = werkbrug_formats::registry::get(id).ok_or_else(|| {
        start_error(
            "/start/format",
            format!(
                "'{id}' is not a format; GET /v1/formats lists them ({})",
                werkbrug_formats::registry::ids().join(", ")
            ),
        )
    })?;
    let bytes = match document {
        Value::String(text) => text.clone().into_bytes(),
        other => serde_json::to_vec(other).expect("values serialise"),
    };
    let context = DecodeContext::new("start", chrono::Utc::now().fixed_offset());
    let decoded = adapter
        .decode(&bytes, Some(start_type), &context)
        .map_err(|e| start_error("/start/document", e.to_string()))?;
    Ok(decoded.document.to_value())
}
