//! Prometheus metrics at `/metrics`: requests by route, method and status, their latency, and
//! translations by format pair with their losses by kind. Labels are route patterns and format
//! ids, never values from a request.

use std::sync::LazyLock;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};

/// The gateway's metrics, registered in their own registry.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    translations: IntCounterVec,
    losses: IntCounterVec,
    sources: IntCounterVec,
}

/// The process-wide metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

impl Metrics {
    fn new() -> Self {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "werkbrug_http_requests_total",
                "HTTP requests by route, method and status",
            ),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "werkbrug_http_request_duration_seconds",
                "Time to answer HTTP requests",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
            &["route", "method"],
        )
        .expect("valid metric");
        let translations = IntCounterVec::new(
            Opts::new(
                "werkbrug_translations_total",
                "Translations by source and target format and outcome",
            ),
            &["from", "to", "outcome"],
        )
        .expect("valid metric");
        let losses = IntCounterVec::new(
            Opts::new(
                "werkbrug_translation_losses_total",
                "Loss report entries by kind",
            ),
            &["kind"],
        )
        .expect("valid metric");
        let sources = IntCounterVec::new(
            Opts::new(
                "werkbrug_source_requests_total",
                "Source answers in federated searches by source and status",
            ),
            &["source", "status"],
        )
        .expect("valid metric");
        for metric in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(translations.clone()),
            Box::new(losses.clone()),
            Box::new(sources.clone()),
        ] {
            registry.register(metric).expect("metric names are unique");
        }
        Self {
            registry,
            requests,
            latency,
            translations,
            losses,
            sources,
        }
    }

    /// Counts how a source fared in a search.
    pub fn source(&self, source: &str, state: werkbrug_federation::SourceState) {
        let status = match state {
            werkbrug_federation::SourceState::Ok => "ok",
            werkbrug_federation::SourceState::Timeout => "timeout",
            werkbrug_federation::SourceState::Error => "error",
            werkbrug_federation::SourceState::Unavailable => "unavailable",
            werkbrug_federation::SourceState::Skipped => "skipped",
        };
        self.sources.with_label_values(&[source, status]).inc();
    }

    /// Counts one answered request.
    pub fn request(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[route, method])
            .observe(seconds);
    }

    /// Counts one translation and its losses.
    pub fn translation<'a>(
        &self,
        from: &str,
        to: &str,
        outcome: &str,
        losses: impl IntoIterator<Item = &'a werkbrug_formats::LossEntry>,
    ) {
        self.translations
            .with_label_values(&[from, to, outcome])
            .inc();
        // A translation has tens of losses of a few kinds: one labelled counter update per
        // kind, as the label lookup takes the registry's lock.
        let mut kinds: Vec<(&'static str, u64)> = Vec::new();
        for entry in losses {
            let kind = entry.kind.name();
            match kinds.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((kind, 1)),
            }
        }
        for (kind, n) in kinds {
            self.losses.with_label_values(&[kind]).inc_by(n);
        }
    }

    /// The metrics in the Prometheus text format.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        TextEncoder::new()
            .encode(&self.registry.gather(), &mut buffer)
            .expect("text encoding does not fail");
        String::from_utf8(buffer).expect("the text format is UTF-8")
    }
}

/// `GET /metrics`.
pub async fn handler() -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(METRICS.render())
}
