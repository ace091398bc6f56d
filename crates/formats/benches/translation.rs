//! Adapter throughput next to a floor measured in the same run: bare serde_json parsing and
//! serialising of the same bytes into plain structs (no mapping, no loss report). The goal is a
//! full translation at 50% or more of the floor's throughput. After the criterion runs, the goal
//! is measured as a paired ratio: floor and translation alternate in short rounds, and the
//! median of the rounds' ratios is printed (a machine whose speed drifts moves both alike).
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
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

/// A jobseeker profile whose SETU HumanResource is about 4 KB: the WW example with more
/// certifications and competences.
fn larger_profile(
    canonical: &dyn werkbrug_formats::Format,
    context: &DecodeContext,
) -> werkbrug_formats::CanonicalDocument {
    let mut value = canonical
        .decode(&compact(CANONICAL_PROFILE), None, context)
        .unwrap()
        .document
        .to_value();
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
    canonical
        .decode(value.to_string().as_bytes(), None, context)
        .unwrap()
        .document
}

fn translation(c: &mut Criterion) {
    let vum_bytes = compact(VUM_PROFILE);
    let canonical_bytes = compact(CANONICAL_PROFILE);
    let context = DecodeContext::new("bench", "2026-11-01T12:00:00Z".parse().unwrap());
    let vum = registry::get("vum").unwrap();
    let canonical = registry::get("canonical").unwrap();
    let setu_xml = registry::get("setu-xml").unwrap();
    let decoded_vum = vum.decode(&vum_bytes, None, &context).unwrap().document;

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
    group.bench_function("translate vum -> canonical -> setu-xml", |b| {
        b.iter(|| translate(vum, setu_xml, black_box(&vum_bytes), None, &context).unwrap())
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

    let larger = larger_profile(canonical, &context);
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

/// Throughput of `work` against `floor` in the same run: both alternate in short rounds, so that
/// a machine that slows down or speeds up during the run moves both alike; the answer is the
/// median of the rounds' ratios (floor time / work time, 1.0 = as fast as the floor).
fn paired_ratio(mut floor: impl FnMut(), mut work: impl FnMut()) -> (f64, f64, f64) {
    const ROUNDS: usize = 41;
    const PER_ROUND: u32 = 200;
    let time = |f: &mut dyn FnMut()| {
        let start = std::time::Instant::now();
        for _ in 0..PER_ROUND {
            f();
        }
        start.elapsed().as_secs_f64() / f64::from(PER_ROUND)
    };
    for _ in 0..PER_ROUND {
        floor();
        work();
    }
    let mut rounds: Vec<(f64, f64)> = (0..ROUNDS)
        .map(|_| (time(&mut floor), time(&mut work)))
        .collect();
    let mut ratios: Vec<f64> = rounds.iter().map(|(f, w)| f / w).collect();
    ratios.sort_by(f64::total_cmp);
    rounds.sort_by(|a, b| a.1.total_cmp(&b.1));
    let floor_median = {
        let mut floors: Vec<f64> = rounds.iter().map(|r| r.0).collect();
        floors.sort_by(f64::total_cmp);
        floors[ROUNDS / 2]
    };
    (ratios[ROUNDS / 2], floor_median, rounds[ROUNDS / 2].1)
}

/// The goal, measured as a paired ratio after the criterion runs: a full translation of
/// a 4 KB SETU XML HumanResource to VUM at 50% or more of the floor's throughput.
fn ratios() {
    let context = DecodeContext::new("bench", "2026-11-01T12:00:00Z".parse().unwrap());
    let canonical = registry::get("canonical").unwrap();
    let (setu_xml, vum) = (
        registry::get("setu-xml").unwrap(),
        registry::get("vum").unwrap(),
    );
    let xml = setu_xml
        .encode(&larger_profile(canonical, &context))
        .unwrap()
        .bytes;
    let text = std::str::from_utf8(&xml).unwrap().to_owned();
    let (ratio, floor, work) = paired_ratio(
        || {
            let parsed: HumanResource = quick_xml::de::from_str(black_box(&text)).unwrap();
            black_box(quick_xml::se::to_string_with_root("HumanResource", &parsed).unwrap());
        },
        || {
            black_box(translate(setu_xml, vum, black_box(&xml), None, &context).unwrap());
        },
    );
    println!(
        "paired ratio, {} B SETU XML HumanResource: translate setu-xml -> canonical -> vum {:.1} µs, \
         floor (quick-xml parse + serialise) {:.1} µs: {:.0}% of the floor's throughput (goal: 50%)",
        xml.len(),
        work * 1e6,
        floor * 1e6,
        ratio * 100.0
    );
    let vum_bytes = compact(VUM_PROFILE);
    let (ratio, floor, work) = paired_ratio(
        || {
            let parsed: Werkzoekende = serde_json::from_slice(black_box(&vum_bytes)).unwrap();
            black_box(serde_json::to_vec(&parsed).unwrap());
        },
        || {
            black_box(translate(vum, setu_xml, black_box(&vum_bytes), None, &context).unwrap());
        },
    );
    println!(
        "paired ratio, {} B VUM profile: translate vum -> canonical -> setu-xml {:.1} µs, \
         floor (serde_json parse + serialise) {:.1} µs: {:.0}% of the floor's throughput",
        vum_bytes.len(),
        work * 1e6,
        floor * 1e6,
        ratio * 100.0
    );
}

criterion_group!(benches, translation);

fn main() {
    benches();
    let criterion = Criterion::default().configure_from_args();
    // `--profile-time` runs (under a profiler) and `--list` want the benchmarks only.
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--bench")
        && !args
            .iter()
            .any(|a| a.starts_with("--profile-time") || a == "--list")
    {
        ratios();
    }
    criterion.final_summary();
}
