//! Rate limiting per API key (per peer address for requests without one), with governor's
//! generic cell rate algorithm. Over the limit is 429 with `Retry-After`.

use std::num::NonZeroU32;
use std::sync::Arc;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::Deserialize;

use crate::access::{API_KEY_HEADER, hash_key};
use crate::problem::Problem;

/// Rate limit settings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitConfig {
    /// Requests per second one key (or one address without a key) may make on average.
    pub per_second: u32,
    /// How many requests may come at once before the average applies.
    pub burst: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            per_second: 200,
            burst: 400,
        }
    }
}

/// The shared limiter.
#[derive(Clone)]
pub struct Limiter(Arc<DefaultKeyedRateLimiter<String>>);

impl Limiter {
    /// A limiter with these settings.
    pub fn new(config: &RateLimitConfig) -> Self {
        let per_second = NonZeroU32::new(config.per_second.max(1)).expect("at least one");
        let burst = NonZeroU32::new(config.burst.max(1)).expect("at least one");
        Self(Arc::new(RateLimiter::keyed(
            Quota::per_second(per_second).allow_burst(burst),
        )))
    }
}

/// Middleware: refuses requests over the limit of their key.
pub async fn middleware(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let Some(limiter) = request.app_data::<web::Data<Limiter>>().cloned() else {
        return Ok(next.call(request).await?.map_into_left_body());
    };
    // Keys are hashed so that the limiter's memory holds no usable key.
    let key = match request
        .headers()
        .get(API_KEY_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        Some(key) => hash_key(key),
        None => request
            .peer_addr()
            .map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string()),
    };
    match limiter.0.check_key(&key) {
        Ok(()) => Ok(next.call(request).await?.map_into_left_body()),
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            let mut problem = Problem::for_status(StatusCode::TOO_MANY_REQUESTS);
            problem.instance = Some(request.path().to_owned());
            let mut response = problem.response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
            Ok(request.into_response(response).map_into_right_body())
        }
    }
}
