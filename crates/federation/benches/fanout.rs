//! Fan-out latency: a search over 10 VUM sources that each answer in 50 ms, against the floor
//! of one such source, measured in the same run; and a search where one of 10 hangs, against
//! the source timeout. Every source is a real HTTP server on loopback that answers 20 matching
//! profiles after its delay.
//!
//! Run with `cargo bench -p werkbrug-federation --bench fanout`. Prints p50/p95/p99 of each
//! scenario and the ratios; the goals (issue 5) are a p50 of at most 70 ms for 10 sources at
//! 50 ms, and answers at the timeout plus at most 50 ms with one source hanging.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use werkbrug_federation::config::{BreakerConfig, FederationConfig, SourceConfig};
use werkbrug_federation::connector::Party;
use werkbrug_federation::{Caller, ConnectorKind, Federation, SearchRequest};
use werkbrug_model::DocumentType;

const DELAY: Duration = Duration::from_millis(50);
const SEARCHES: usize = 200;
const HANG_SEARCHES: usize = 30;
const TIMEOUT_MS: u64 = 300;

/// The body every fake source answers with: 20 matching profiles near 3511.
fn answer() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../conformance/v1/translation/vum/decode/profile-02-matching-profile/input.json"
    );
    let template: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let matches: Vec<Value> = (0..20)
        .map(|n| {
            let mut m = template.clone();
            m["idWerkzoekende"] = json!(format!("BENCH-{n:04}"));
            m["mobiliteit"] = json!({"bemiddelingspostcode": "3511AB"});
            m
        })
        .collect();
    serde_json::to_vec(&json!({"maximumAantalResultatenBereikt": false, "matches": matches}))
        .unwrap()
}

/// A VUM source on loopback that answers after `delay`, or never (`None`).
async fn fake_source(delay: Option<Duration>, body: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut reader = BufReader::new(read);
                loop {
                    // One request: headers up to the blank line, then Content-Length bytes.
                    let mut length = 0usize;
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if line == "\r\n" {
                            break;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            length = v.trim().parse().unwrap_or(0);
                        }
                    }
                    let mut request_body = vec![0u8; length];
                    if reader.read_exact(&mut request_body).await.is_err() {
                        return;
                    }
                    let Some(delay) = delay else {
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                        return;
                    };
                    tokio::time::sleep(delay).await;
                    // One write: a head and a body in two segments would meet Nagle's algorithm
                    // and the client's delayed ACK, and measure 40 ms of TCP instead of the source.
                    let mut response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAPI-Version: 3.0.0\r\nContent-Length: {}\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    response.extend_from_slice(body);
                    if write.write_all(&response).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    address
}

fn federation(addresses: &[String]) -> Federation {
    let sources = addresses
        .iter()
        .enumerate()
        .map(|(i, address)| SourceConfig {
            id: format!("bron-{i}"),
            organisation: format!("Bron {i}"),
            oin: None,
            kind: ConnectorKind::VumBron,
            base_url: format!("http://{address}"),
            document_types: vec![DocumentType::JobseekerProfile],
            format: None,
            timeout_ms: TIMEOUT_MS,
            max_response_bytes: 8 * 1024 * 1024,
            credentials: None,
        })
        .collect();
    Federation::new(FederationConfig {
        sources,
        // The hanging source must stay in every search: no breaker in this benchmark.
        breaker: BreakerConfig {
            failures: u32::MAX,
            cool_down_secs: 1,
        },
        ..FederationConfig::default()
    })
    .unwrap()
}

async fn measure(federation: &Federation, n: usize) -> Vec<Duration> {
    let request: SearchRequest = serde_json::from_value(json!({
        "purpose": "matching",
        "criteria": {"area": {"postcode": "3511AB", "distanceKm": 25}}
    }))
    .unwrap();
    let caller = Caller {
        binding: "bench".into(),
        party: Party::default(),
    };
    // Warm the connection pools first.
    for _ in 0..3 {
        drop(
            federation
                .search(DocumentType::JobseekerProfile, &request, &caller)
                .await
                .unwrap(),
        );
    }
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        let answer = federation
            .search(DocumentType::JobseekerProfile, &request, &caller)
            .await
            .unwrap();
        times.push(started.elapsed());
        assert!(!answer.disclosures().is_empty());
    }
    times.sort();
    times
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn report(name: &str, times: &[Duration]) -> f64 {
    let p50 = percentile(times, 0.50);
    println!(
        "{name:<44} p50 {p50:7.1} ms  p95 {:7.1} ms  p99 {:7.1} ms  max {:7.1} ms  (n = {})",
        percentile(times, 0.95),
        percentile(times, 0.99),
        percentile(times, 1.0),
        times.len()
    );
    p50
}

fn main() {
    // `cargo test --benches` runs benchmarks with --bench absent: only build them then.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let body: &'static [u8] = Box::leak(answer().into_boxed_slice());
        let one = vec![fake_source(Some(DELAY), body).await];
        let mut ten = Vec::new();
        for _ in 0..10 {
            ten.push(fake_source(Some(DELAY), body).await);
        }
        let mut hanging = ten[..9].to_vec();
        hanging.push(fake_source(None, body).await);

        println!(
            "fan-out: sources answer 20 VUM matching profiles after {} ms; timeout {TIMEOUT_MS} ms",
            DELAY.as_millis()
        );
        let floor = report(
            "1 source (the floor)",
            &measure(&federation(&one), SEARCHES).await,
        );
        let fanned = report("10 sources", &measure(&federation(&ten), SEARCHES).await);
        let hung = measure(&federation(&hanging), HANG_SEARCHES).await;
        let hung_p50 = report("10 sources, one hanging", &hung);
        println!();
        println!(
            "10 sources / 1 source (p50):       {:.2} (serial would be about 10)",
            fanned / floor
        );
        println!("10 sources, p50 (goal <= 70 ms):   {fanned:.1} ms");
        println!(
            "one hanging: answer after timeout + {:.1} ms (p50), + {:.1} ms (max) (goal <= 50 ms)",
            hung_p50 - TIMEOUT_MS as f64,
            percentile(&hung, 1.0) - TIMEOUT_MS as f64
        );
    });
}
