//! Validation throughput of a 3-4 KB jobseeker profile: werkbrug's two-layer validation against
//! bare `jsonschema` validation of the same document with the same compiled schema, measured in
//! the same run so the ratio is meaningful on any machine.
#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use std::hint::black_box;
use werkbrug_model::{DocumentType, Validator, schema};

const PROFILE: &str = include_str!("../../../examples/documents/jobseeker-bijstand-step4.json");

fn validation(c: &mut Criterion) {
    let document: Value = serde_json::from_str(PROFILE).unwrap();
    let schema = schema::generate(DocumentType::JobseekerProfile);
    let bare = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let werkbrug = Validator::new();
    assert!(bare.is_valid(&document));
    assert!(
        werkbrug
            .validate(&document, DocumentType::JobseekerProfile)
            .findings
            .is_empty()
    );

    let mut group = c.benchmark_group(format!("validate-profile-{}B", PROFILE.len()));
    group.throughput(Throughput::Elements(1));
    group.bench_function("jsonschema-is-valid (baseline)", |b| {
        b.iter(|| bare.is_valid(black_box(&document)))
    });
    group.bench_function("jsonschema-iter-errors", |b| {
        b.iter(|| bare.iter_errors(black_box(&document)).count())
    });
    group.bench_function("werkbrug-validate", |b| {
        b.iter(|| werkbrug.validate(black_box(&document), DocumentType::JobseekerProfile))
    });
    group.bench_function("serde_json-parse (baseline)", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(PROFILE.as_bytes())).unwrap())
    });
    group.bench_function("werkbrug-parse", |b| {
        b.iter(|| werkbrug_model::json::parse(black_box(PROFILE.as_bytes())).unwrap())
    });
    group.bench_function("werkbrug-parse-and-validate", |b| {
        b.iter(|| {
            let document = werkbrug_model::json::parse(black_box(PROFILE.as_bytes())).unwrap();
            werkbrug.validate(&document, DocumentType::JobseekerProfile)
        })
    });
    group.finish();
}

criterion_group!(benches, validation);
criterion_main!(benches);
