//! Adapter throughput next to a floor measured in the same run: bare serde_json parsing and
//! serialising of the same bytes into plain structs (no mapping, no loss report). The goal is a
//! full translation at 50% or more of the floor's throughput.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use werkbrug_formats::setu::types::HumanResource;
use werkbrug_formats::vum::types::Werkzoekende;
use werkbrug_formats::{DecodeContext, registry, translate};

/// The allocator the `werkbrug` binary uses, for the floor and the adapters alike.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const VUM_PROFILE: &str = include_str!(
    "../../../conformance/v1/translation/vum/decode/profile-01-detail-logistics/input.json"
);
const CANONICAL_PROFILE: &str =
    include_str!("../../../examples/documents/jobseeker-ww-logistics.json");

fn compact(text: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::from_str::<serde_json::Value>(text).unwrap()).unwrap()
}

fn translation(c: &mut Criterion) {
    let vum_bytes = compact(VUM_PROFILE);
    let canonical_bytes = compact(CANONICAL_PROFILE);
    let context = DecodeContext::new("bench", "2026-11-01T12:00:00Z".parse().unwrap());
    let vum = registry::get("vum").unwrap();
    let canonical = registry::get("canonical").unwrap();
    let decoded_vum = vum.decode(&vum_bytes, None, &context).unwrap().document;
    let decoded_canonical = canonical
        .decode(&canonical_bytes, None, &context)
        .unwrap()
        .document;

    let mut group = c.benchmark_group(format!("vum-profile-{}B", vum_bytes.len()));
    group.throughput(Throughput::Bytes(vum_bytes.len() as u64));
    group.bench_function("floor: serde_json parse + serialise (plain structs)", |b| {
        b.iter(|| {
            let parsed: Werkzoekende = serde_json::from_slice(black_box(&vum_bytes)).unwrap();
            serde_json::to_vec(&parsed).unwrap()
        })
    });
    group.bench_function("vum decode (with loss report)", |b| {
        b.iter(|| vum.decode(black_box(&vum_bytes), None, &context).unwrap())
    });
    group.bench_function("vum encode (with loss report)", |b| {
        b.iter(|| vum.encode(black_box(&decoded_vum)).unwrap())
    });
    group.bench_function("translate vum -> canonical -> vum", |b| {
        b.iter(|| {
            let t = translate(vum, canonical, black_box(&vum_bytes), None, &context).unwrap();
            vum.encode(&t.canonical).unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("canonical-profile-{}B", canonical_bytes.len()));
    group.throughput(Throughput::Bytes(canonical_bytes.len() as u64));
    group.bench_function("floor: serde_json parse + serialise (plain structs)", |b| {
        b.iter(|| {
            let parsed: werkbrug_model::JobseekerProfile =
                serde_json::from_slice(black_box(&canonical_bytes)).unwrap();
            serde_json::to_vec(&parsed).unwrap()
        })
    });
    group.bench_function("canonical decode (validates)", |b| {
        b.iter(|| {
            canonical
                .decode(black_box(&canonical_bytes), None, &context)
                .unwrap()
        })
    });
    group.bench_function("translate canonical -> vum", |b| {
        b.iter(|| translate(canonical, vum, black_box(&canonical_bytes), None, &context).unwrap())
    });
    group.finish();

    // A HumanResource of about 4 KB: the example profile with more certifications and competences.
    let setu_xml = registry::get("setu-xml").unwrap();
    let mut value = decoded_canonical.to_value();
    let qualifications = value["qualifications"].as_object_mut().unwrap();
    let certificates = qualifications["certificates"].as_array().unwrap().clone();
    let competences = qualifications["competences"].as_array().unwrap().clone();
    for i in 0..8 {
        let mut c = certificates[0].clone();
        c["name"] = format!("Certificaat {i}").into();
        qualifications["certificates"]
            .as_array_mut()
            .unwrap()
            .push(c);
        let mut k = competences[1].clone();
        k["label"] = format!("Vaardigheid {i}").into();
        qualifications["competences"]
            .as_array_mut()
            .unwrap()
            .push(k);
    }
    let larger = canonical
        .decode(value.to_string().as_bytes(), None, &context)
        .unwrap()
        .document;
    let xml = setu_xml.encode(&larger).unwrap().bytes;
    let text = std::str::from_utf8(&xml).unwrap().to_owned();
    let mut group = c.benchmark_group(format!("setu-xml-humanresource-{}B", xml.len()));
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_function("floor: quick-xml parse + serialise (plain structs)", |b| {
        b.iter(|| {
            let parsed: HumanResource = quick_xml::de::from_str(black_box(&text)).unwrap();
            quick_xml::se::to_string_with_root("HumanResource", &parsed).unwrap()
        })
    });
    group.bench_function("setu-xml decode (with loss report)", |b| {
        b.iter(|| setu_xml.decode(black_box(&xml), None, &context).unwrap())
    });
    group.bench_function("translate setu-xml -> canonical -> vum", |b| {
        b.iter(|| translate(setu_xml, vum, black_box(&xml), None, &context).unwrap())
    });
    group.finish();
}

criterion_group!(benches, translation);
criterion_main!(benches);
