//! Request identity and logging: W3C Trace Context and a request id on every response, and one
//! structured log line per request that says what was asked and how it ended, never what was in
//! it (no bodies, no query strings, no personal data: the route pattern stands for the path).

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;

/// The request id header on every response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";
/// The W3C Trace Context header.
pub const TRACEPARENT_HEADER: &str = "traceparent";

/// A W3C trace context: the trace this request belongs to and its own span in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceContext {
    /// 32 lower-case hex digits.
    pub trace_id: String,
    /// The caller's span, when the request came with a `traceparent`.
    pub parent_id: Option<String>,
    /// This request's span: 16 lower-case hex digits.
    pub span_id: String,
    /// Trace flags (`01` sampled).
    pub flags: String,
}

impl TraceContext {
    /// The context of a request: continues a valid incoming `traceparent`, or starts a trace.
    pub fn continue_or_start(traceparent: Option<&str>) -> Self {
        let span_id = random_hex(16);
        match traceparent.and_then(parse_traceparent) {
            Some((trace_id, parent_id, flags)) => Self {
                trace_id,
                parent_id: Some(parent_id),
                span_id,
                flags,
            },
            None => Self {
                trace_id: random_hex(32),
                parent_id: None,
                span_id,
                flags: "01".into(),
            },
        }
    }

    /// The `traceparent` naming this request's span, for the response and for calls it makes.
    pub fn traceparent(&self) -> String {
        format!("00-{}-{}-{}", self.trace_id, self.span_id, self.flags)
    }
}

fn random_hex(digits: usize) -> String {
    let mut hex = uuid::Uuid::new_v4().simple().to_string();
    while hex.len() < digits {
        hex.push_str(&uuid::Uuid::new_v4().simple().to_string());
    }
    hex.truncate(digits);
    hex
}

/// (trace id, parent span id, flags) of a valid version-00 `traceparent`.
fn parse_traceparent(value: &str) -> Option<(String, String, String)> {
    let mut parts = value.trim().split('-');
    let (version, trace, parent, flags) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let hex = |s: &str, n: usize| {
        s.len() == n
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    let valid = version == "00"
        && parts.next().is_none()
        && hex(trace, 32)
        && hex(parent, 16)
        && hex(flags, 2)
        && trace != "0".repeat(32)
        && parent != "0".repeat(16);
    valid.then(|| (trace.to_owned(), parent.to_owned(), flags.to_owned()))
}

/// Middleware: trace context, request id and the access log line.
pub async fn middleware(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let started = Instant::now();
    let context = TraceContext::continue_or_start(
        request
            .headers()
            .get(TRACEPARENT_HEADER)
            .and_then(|v| v.to_str().ok()),
    );
    let request_id = random_hex(32);
    // Handlers that log processing read the trace and operation ids from here.
    actix_web::HttpMessage::extensions_mut(&request).insert(context.clone());
    let method = request.method().to_string();
    let route = request
        .match_pattern()
        .unwrap_or_else(|| "(unmatched)".into());
    let mut response = next.call(request).await?;
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&context.traceparent()) {
        headers.insert(HeaderName::from_static(TRACEPARENT_HEADER), value);
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        headers.insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    crate::metrics::METRICS.request(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    tracing::info!(
        target: "werkbrug::access",
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        // Microseconds are all a reader needs, and a short number cannot be mistaken for an
        // identifier by the tests that scan the logs for personal data.
        duration_ms = (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0,
        request_id = %request_id,
        trace_id = %context.trace_id,
        span_id = %context.span_id,
        "request"
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_traceparent_is_continued_with_a_new_span() {
        let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let context = TraceContext::continue_or_start(Some(incoming));
        assert_eq!(context.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(context.parent_id.as_deref(), Some("00f067aa0ba902b7"));
        assert_ne!(context.span_id, "00f067aa0ba902b7");
        assert!(
            context
                .traceparent()
                .starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-")
        );
    }

    #[test]
    fn an_invalid_traceparent_starts_a_new_trace() {
        for bad in [
            "",
            "garbage",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        ] {
            let context = TraceContext::continue_or_start(Some(bad));
            assert!(context.parent_id.is_none(), "{bad}");
            assert_eq!(context.trace_id.len(), 32);
        }
    }
}
