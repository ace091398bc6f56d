//! Limits on every request, before any handler and before authentication: the rate per API key
//! (governor's generic cell rate algorithm), a lower rate per client address for requests
//! without a valid key, open connections per address, and the size and arrival time of the
//! body. Over a rate is 429 with `Retry-After`; over the connections of an address 429 and the
//! connection is closed; a body too large is 413, one that does not arrive in time 408.
//!
//! The body is read here, whole, against a deadline: a body sent a byte a second would
//! otherwise hold its connection for ever. Handlers then read it from memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{ConnectionType, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;

use crate::access::{API_KEY_HEADER, AccessConfig, hash_key};
use crate::client::{self, ClientAddress, ForwardedHeader, TrustedProxy};
use crate::problem::Problem;

/// Rate limit settings (`[rate_limit]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Requests per second one API key may make on average.
    pub per_second: u32,
    /// How many requests a key may make at once before the average applies.
    pub burst: u32,
    /// Requests per second one client address may make without a valid key (anonymous
    /// translation and validation, and every request with a missing or unknown key).
    pub anonymous_per_second: u32,
    /// How many such requests may come at once before the average applies.
    pub anonymous_burst: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            per_second: 200,
            burst: 400,
            anonymous_per_second: 20,
            anonymous_burst: 40,
        }
    }
}

/// Connection settings (`[connections]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectionConfig {
    /// Seconds a client has to send the whole request body, from the end of its headers, plus
    /// one second per `min_body_bytes_per_sec` bytes of its declared length.
    pub body_timeout_secs: u64,
    /// The slowest rate a body may arrive at, in bytes per second (65,536: a 4 MiB document
    /// then has 10 s plus 64 s).
    pub min_body_bytes_per_sec: u64,
    /// Seconds a client has to send the request headers.
    pub header_timeout_secs: u64,
    /// Seconds an idle keep-alive connection stays open.
    pub keep_alive_secs: u64,
    /// Connections one client address may hold open at once; requests on more are refused and
    /// their connection closed. Trusted proxies are not counted (their clients are, by rate).
    pub max_per_address: u32,
    /// Connections the server holds open at once (all workers together); 0 (the default) is
    /// three quarters of the process's file-descriptor limit, so that the log, the sources and
    /// the listener always have descriptors left.
    pub max_open: usize,
}

impl Default for ConnectionConfig {
    fn default() -> Self {
        Self {
            body_timeout_secs: 10,
            min_body_bytes_per_sec: 65_536,
            header_timeout_secs: 5,
            keep_alive_secs: 5,
            max_per_address: 64,
            max_open: 0,
        }
    }
}

impl ConnectionConfig {
    /// The cap on open connections: the setting, or three quarters of the descriptor limit.
    pub fn open_cap(&self) -> usize {
        if self.max_open > 0 {
            return self.max_open;
        }
        let descriptors = rustix::process::getrlimit(rustix::process::Resource::Nofile)
            .current
            .unwrap_or(1024);
        usize::try_from(descriptors / 4 * 3)
            .unwrap_or(usize::MAX)
            .max(64)
    }
}

/// What the limits need, shared by all workers.
#[derive(Clone)]
pub struct Limiter {
    keyed: Arc<DefaultKeyedRateLimiter<String>>,
    anonymous: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    proxies: Arc<[TrustedProxy]>,
    header: ForwardedHeader,
    connections: Connections,
    max_per_address: u32,
    max_body_bytes: usize,
    max_anonymous_body_bytes: usize,
    body_timeout: Duration,
    min_body_rate: u64,
}

fn quota(per_second: u32, burst: u32) -> Quota {
    let per_second = NonZeroU32::new(per_second.max(1)).expect("at least one");
    let burst = NonZeroU32::new(burst.max(1)).expect("at least one");
    Quota::per_second(per_second).allow_burst(burst)
}

impl Limiter {
    /// A limiter with the gateway's settings.
    pub fn new(config: &crate::GatewayConfig) -> Self {
        let rate = &config.rate_limit;
        Self {
            keyed: Arc::new(RateLimiter::keyed(quota(rate.per_second, rate.burst))),
            anonymous: Arc::new(RateLimiter::keyed(quota(
                rate.anonymous_per_second,
                rate.anonymous_burst,
            ))),
            proxies: config.trusted_proxies.clone().into(),
            header: config.forwarded_header,
            connections: Connections::default(),
            max_per_address: config.connections.max_per_address.max(1),
            max_body_bytes: config.max_body_bytes,
            max_anonymous_body_bytes: config.max_anonymous_body_bytes.min(config.max_body_bytes),
            body_timeout: Duration::from_secs(config.connections.body_timeout_secs.max(1)),
            min_body_rate: config.connections.min_body_bytes_per_sec,
        }
    }

    /// The open connections per address, for the server's `on_connect`.
    pub fn connections(&self) -> Connections {
        self.connections.clone()
    }

    /// Forgets the rate state of keys and addresses that are back at a full budget, so that the
    /// limiter's memory follows the clients of the last moments, not every client ever seen.
    pub fn retain_recent(&self) {
        self.keyed.retain_recent();
        self.anonymous.retain_recent();
        self.keyed.shrink_to_fit();
        self.anonymous.shrink_to_fit();
    }
}

/// Open connections per peer address.
#[derive(Clone, Default)]
pub struct Connections(Arc<Mutex<HashMap<IpAddr, u32>>>);

/// One open connection, kept in the connection's data: dropping it (the connection closes)
/// counts it out.
pub struct OpenConnection {
    connections: Connections,
    /// The peer's address.
    peer: IpAddr,
    /// What it is counted by.
    key: IpAddr,
    /// How many connections the peer held, this one included, when it opened.
    ordinal: u32,
}

impl Connections {
    /// Counts a new connection from `peer` in (by [`client::limit_key`]).
    pub fn open(&self, peer: IpAddr) -> OpenConnection {
        let peer = peer.to_canonical();
        let key = client::limit_key(peer);
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(key).or_insert(0);
        *count += 1;
        OpenConnection {
            connections: self.clone(),
            peer,
            key,
            ordinal: *count,
        }
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        let mut open = self.connections.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// A problem response that also closes the connection (its body may not have been read).
fn closing(problem: Problem) -> HttpResponse {
    let mut response = problem.response();
    response
        .head_mut()
        .set_connection_type(ConnectionType::Close);
    response
}

fn limited(
    request: &ServiceRequest,
    not_until: governor::NotUntil<<DefaultClock as Clock>::Instant>,
) -> HttpResponse {
    let wait = not_until.wait_time_from(DefaultClock::default().now());
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut problem = Problem::for_status(StatusCode::TOO_MANY_REQUESTS);
    problem.instance = Some(request.path().to_owned());
    let mut response = problem.response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    response
}

/// Why a body could not be read.
enum BodyError {
    TooLarge,
    TimedOut,
    Broken,
}

async fn read_body(
    payload: &mut Payload,
    limit: usize,
    deadline: Duration,
) -> Result<web::Bytes, BodyError> {
    use futures_util::StreamExt;
    let read = async {
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|_| BodyError::Broken)?;
            if body.len() + chunk.len() > limit {
                return Err(BodyError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    };
    actix_web::rt::time::timeout(deadline, read)
        .await
        .unwrap_or(Err(BodyError::TimedOut))
}

/// Middleware: the limits, in order: connections of the address, rate, body.
pub async fn middleware(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let Some(limiter) = request.app_data::<web::Data<Limiter>>().cloned() else {
        return Ok(next.call(request).await?.map_into_left_body());
    };
    let refuse = |request: ServiceRequest, response: HttpResponse| {
        Ok(request.into_response(response).map_into_right_body())
    };
    let address = client::limit_key(client::of(&limiter.proxies, limiter.header, &request));
    request.extensions_mut().insert(ClientAddress(address));

    if let Some(connection) = request.conn_data::<OpenConnection>()
        && connection.ordinal > limiter.max_per_address
        && !limiter.proxies.iter().any(|p| p.contains(connection.peer))
    {
        let mut problem = Problem::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-connections",
            format!(
                "this address holds more than {} open connections: reuse a connection, or close one",
                limiter.max_per_address
            ),
        );
        problem.instance = Some(request.path().to_owned());
        return refuse(request, closing(problem));
    }

    // A valid key has the key's rate and body limit; anything else (no key, an unknown one)
    // the lower ones of its address, so that random keys buy nothing.
    let known_key = request
        .headers()
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(hash_key)
        .filter(|hash| {
            request
                .app_data::<web::Data<AccessConfig>>()
                .is_some_and(|access| access.api_keys.iter().any(|k| &k.hash == hash))
        });
    let checked = match &known_key {
        Some(hash) => limiter.keyed.check_key(hash),
        None => limiter.anonymous.check_key(&address),
    };
    let has_body = request.headers().contains_key(header::CONTENT_LENGTH)
        || request.headers().contains_key(header::TRANSFER_ENCODING);
    if let Err(not_until) = checked {
        let mut response = limited(&request, not_until);
        if has_body {
            // Its body is not read: the connection cannot carry another request.
            response
                .head_mut()
                .set_connection_type(ConnectionType::Close);
        }
        return refuse(request, response);
    }

    if has_body {
        let limit = match known_key {
            Some(_) => limiter.max_body_bytes,
            None => limiter.max_anonymous_body_bytes,
        };
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let too_large = |request: &ServiceRequest| {
            let mut problem = Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                format!(
                    "the request body is larger than the limit of {limit} bytes{}",
                    if known_key.is_none()
                        && limiter.max_anonymous_body_bytes < limiter.max_body_bytes
                    {
                        " for requests without an API key"
                    } else {
                        ""
                    }
                ),
            );
            problem.instance = Some(request.path().to_owned());
            closing(problem)
        };
        if declared.is_some_and(|length| length > limit as u64) {
            let response = too_large(&request);
            return refuse(request, response);
        }
        // A large body gets time in proportion: the deadline, plus its declared length at the
        // slowest rate a client may send at.
        let deadline = limiter.body_timeout
            + Duration::from_secs(declared.unwrap_or(0) / limiter.min_body_rate.max(1));
        let mut payload = request.take_payload();
        match read_body(&mut payload, limit, deadline).await {
            Ok(body) => request.set_payload(Payload::from(body)),
            Err(BodyError::TooLarge) => {
                let response = too_large(&request);
                return refuse(request, response);
            }
            Err(BodyError::TimedOut) => {
                let mut problem = Problem::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "request-timeout",
                    format!(
                        "the request body did not arrive within {} s",
                        deadline.as_secs()
                    ),
                );
                problem.instance = Some(request.path().to_owned());
                return refuse(request, closing(problem));
            }
            Err(BodyError::Broken) => {
                let mut problem = Problem::new(
                    StatusCode::BAD_REQUEST,
                    "bad-request",
                    "the request body could not be read: its framing is broken",
                );
                problem.instance = Some(request.path().to_owned());
                return refuse(request, closing(problem));
            }
        }
    }
    Ok(next.call(request).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_counted_per_address_and_out_when_they_close() {
        let connections = Connections::default();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let first = connections.open(a);
        let second = connections.open(a);
        let other = connections.open(b);
        assert_eq!((first.ordinal, second.ordinal, other.ordinal), (1, 2, 1));
        drop(first);
        drop(second);
        assert_eq!(connections.open(a).ordinal, 1);
        drop(other);
        assert!(connections.0.lock().unwrap().is_empty());
    }

    #[test]
    fn open_connections_stay_below_the_descriptor_limit() {
        let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile)
            .current
            .unwrap_or(1024);
        let cap = ConnectionConfig::default().open_cap() as u64;
        assert!(cap < limit.max(86), "{cap} of {limit}");
        let set = ConnectionConfig {
            max_open: 500,
            ..ConnectionConfig::default()
        };
        assert_eq!(set.open_cap(), 500);
    }
}
