//! The kansenregister's matching: candidates ranked by how well they fit a vacancy (or
//! vacancies by how well they fit a jobseeker), with every score explained.
//!
//! - [`concepts`]: occupations and competences compared as concepts (code, crosswalk, ISCO
//!   hierarchy, label), from a versioned table carried as data;
//! - [`score`]: the scoring itself, criterion by criterion, with reasons in Dutch and English;
//! - [`request`]: what a match asks and answers;
//! - `run.rs`: [`Federation::matches`](crate::Federation::matches), from the starting document
//!   to a ranked page: the sources' queries (refined where a source is at its limit), scoring,
//!   must-haves, ranking, the cursor.
//!
//! Scoring reads canonical documents only, so it is the same whatever format a source speaks.

pub mod concepts;
pub mod request;
mod run;
pub mod score;

pub use concepts::{ConceptRef, ConceptTable, Relation};
pub use request::{DistanceOptions, MatchRequest, MatchResponse, MatchResult, Start};
pub use run::DEFAULT_LIMIT;
pub use score::{
    Criterion, CriterionScore, Explanation, Reason, ScoringOptions, Status, Weights, explain,
};
