//! The werkbrug gateway: the REST API (actix-web) over the model and the format adapters.
//!
//! Every response carries `API-Version`; every error is `application/problem+json` (RFC 9457),
//! including the framework's own (unknown path, wrong method, body too large), which a middleware
//! rewrites, and the HTTP parser's (a malformed request head), which [`framing`] catches before
//! the parser sees it. Paths have no trailing slash: `/v1/formats/` is a 404, not a redirect. The gateway
//! keeps no documents: a request's body lives only as long as the request.

pub mod access;
pub mod audit;
pub mod budget;
pub mod client;
pub mod federated;
pub mod framing;
pub mod limit;
pub mod matching;
pub mod metrics;
pub mod openapi;
mod operations;
pub mod problem;
pub mod routes;
pub mod trace;

use actix_service::ServiceFactoryExt;
use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::header;
use actix_web::middleware::{DefaultHeaders, ErrorHandlerResponse, ErrorHandlers};
use actix_web::{HttpResponse, web};

use crate::problem::{PROBLEM_JSON, Problem};

/// The API version in the `API-Version` header.
pub const API_VERSION: &str = "1.0.0";

/// Settings of the gateway, from a TOML file (`werkbrug serve --config`); every setting has a
/// default, so no file is needed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GatewayConfig {
    /// Address to listen on.
    pub bind: String,
    /// Worker threads that serve requests; 0 (the default) is one per CPU.
    pub workers: usize,
    /// Largest request body accepted with a valid API key, in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// Largest request body accepted without a valid key (anonymous translation and
    /// validation), in bytes; at most `max_body_bytes`.
    pub max_anonymous_body_bytes: usize,
    /// Proxies (addresses or networks) whose `Forwarded` and `X-Forwarded-For` headers name the
    /// client; without any, the client is the connection's peer.
    pub trusted_proxies: Vec<client::TrustedProxy>,
    /// The header the trusted proxies name the client in: `x-forwarded-for` (the default) or
    /// `forwarded`. The other one is never read.
    pub forwarded_header: client::ForwardedHeader,
    /// Timeouts and connection limits (`[connections]`).
    pub connections: limit::ConnectionConfig,
    /// The disclosure budget of every organisation whose key sets none (`[budget]`).
    pub budget: budget::BudgetConfig,
    /// API keys and whether they are required.
    pub access: access::AccessConfig,
    /// Requests per key per second.
    pub rate_limit: limit::RateLimitConfig,
    /// Federated search: the sources, the limits, the postcode table, the purpose register and
    /// the pseudonym key (`[federation]`, `[[federation.sources]]`).
    pub federation: werkbrug_federation::FederationConfig,
    /// The processing log (`[logbook]`): kept whenever there are sources.
    pub logbook: audit::LogbookConfig,
    /// Serve `POST /internal/echo`, which answers with the request body: the floor of the load
    /// test (`examples/load/`). Off unless a load test turns it on; not part of the API.
    pub load_test_echo: bool,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            workers: 0,
            max_body_bytes: werkbrug_formats::MAX_DOCUMENT_BYTES,
            max_anonymous_body_bytes: 1024 * 1024,
            trusted_proxies: Vec::new(),
            forwarded_header: client::ForwardedHeader::default(),
            connections: limit::ConnectionConfig::default(),
            budget: budget::BudgetConfig::default(),
            access: access::AccessConfig::default(),
            rate_limit: limit::RateLimitConfig::default(),
            federation: werkbrug_federation::FederationConfig::default(),
            logbook: audit::LogbookConfig::default(),
            load_test_echo: false,
        }
    }
}

/// Registers every route on an actix `App`.
pub fn configure(config: &GatewayConfig) -> impl FnOnce(&mut web::ServiceConfig) + '_ {
    move |app| {
        app.app_data(web::PayloadConfig::new(config.max_body_bytes))
            .app_data(web::Data::new(config.access.clone()))
            .app_data(web::QueryConfig::default().error_handler(|error, _| {
                actix_web::error::InternalError::from_response(
                    error.to_string(),
                    Problem::new(
                        actix_web::http::StatusCode::BAD_REQUEST,
                        "invalid-query",
                        format!("the query is not valid: {error}"),
                    )
                    .response(),
                )
                .into()
            }))
            .service(resource("/health/live", "GET", web::get().to(routes::live)))
            .service(resource(
                "/health/ready",
                "GET",
                web::get().to(routes::ready),
            ))
            .service(resource("/metrics", "GET", web::get().to(metrics::handler)))
            .configure(|app| {
                if config.load_test_echo {
                    app.service(resource(
                        "/internal/echo",
                        "POST",
                        web::post().to(|body: web::Bytes| async move {
                            HttpResponse::Ok()
                                .content_type("application/json")
                                .body(body)
                        }),
                    ));
                }
            })
            .service(resource(
                "/v1/openapi.json",
                "GET",
                web::get().to(openapi_json),
            ))
            .service(web::resource("/docs").route(web::get().to(|| async {
                HttpResponse::Found()
                    .insert_header((header::LOCATION, "/docs/"))
                    .finish()
            })))
            // Swagger UI, embedded in the binary (no CDN), reading the document served above.
            .service(
                utoipa_swagger_ui::SwaggerUi::new("/docs/{_:.*}").config(
                    utoipa_swagger_ui::Config::from("/v1/openapi.json").validator_url("none"),
                ),
            )
            // Every operation of the API: the route table.
            .configure(operations::register)
            // What `framing::Guarded` turns a malformed request head into: its problem, and the
            // connection closed. Not an operation of the API.
            .service(
                web::resource(format!("{}{{slug}}", framing::MALFORMED_PREFIX)).to(
                    |request: actix_web::HttpRequest, slug: web::Path<String>| async move {
                        match framing::Malformation::from_slug(&slug) {
                            Some(malformation) => {
                                let mut response = malformation.problem().response();
                                response
                                    .head_mut()
                                    .set_connection_type(actix_web::http::ConnectionType::Close);
                                response
                            }
                            None => problem_at(actix_web::http::StatusCode::NOT_FOUND, &request),
                        }
                    },
                ),
            )
            .default_service(web::to(|request: actix_web::HttpRequest| async move {
                problem_at(actix_web::http::StatusCode::NOT_FOUND, &request)
            }));
    }
}

/// A resource answering `method`; other methods get 405 with an `Allow` header.
pub(crate) fn resource(
    path: &str,
    method: &'static str,
    route: actix_web::Route,
) -> actix_web::Resource {
    web::resource(path).route(route).default_service(web::to(
        move |request: actix_web::HttpRequest| async move {
            let mut response =
                problem_at(actix_web::http::StatusCode::METHOD_NOT_ALLOWED, &request);
            response
                .headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static(method));
            response
        },
    ))
}

fn problem_at(
    status: actix_web::http::StatusCode,
    request: &actix_web::HttpRequest,
) -> HttpResponse {
    let mut problem = Problem::for_status(status);
    problem.instance = Some(request.path().to_owned());
    problem.response()
}

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .json(openapi::document())
}

/// The headers every response carries.
pub fn default_headers() -> DefaultHeaders {
    DefaultHeaders::new().add(("API-Version", API_VERSION))
}

/// Rewrites error responses that are not problem details yet (the framework's 404, 413, ...)
/// into problem details, and gives every problem the request path as `instance`.
pub fn problem_errors<B: MessageBody + 'static>() -> ErrorHandlers<B> {
    ErrorHandlers::new().default_handler(|response: ServiceResponse<B>| {
        let is_problem = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|c| c.as_bytes().starts_with(PROBLEM_JSON.as_bytes()));
        if is_problem {
            let stored = response.response().extensions().get::<Problem>().cloned();
            let Some(mut problem) = stored.filter(|p| p.instance.is_none()) else {
                return Ok(ErrorHandlerResponse::Response(
                    response.map_into_left_body(),
                ));
            };
            problem.instance = Some(response.request().path().to_owned());
            let (request, original) = response.into_parts();
            let mut rebuilt = problem.response();
            *rebuilt.status_mut() = original.status();
            for (name, value) in original.headers() {
                if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                    rebuilt.headers_mut().append(name.clone(), value.clone());
                }
            }
            return Ok(ErrorHandlerResponse::Response(
                ServiceResponse::new(request, rebuilt).map_into_right_body(),
            ));
        }
        let status = response.status();
        let mut problem = Problem::for_status(status);
        problem.instance = Some(response.request().path().to_owned());
        let (request, _) = response.into_parts();
        let rewritten: ServiceResponse<EitherBody<B, BoxBody>> =
            ServiceResponse::new(request, problem.response()).map_into_right_body();
        Ok(ErrorHandlerResponse::Response(rewritten))
    })
}

/// Builds the federation the configuration describes, saying in the log what it fell back to.
pub fn federation(
    config: &GatewayConfig,
) -> Result<werkbrug_federation::Federation, werkbrug_federation::config::ConfigError> {
    let federation = werkbrug_federation::Federation::new(config.federation.clone())?;
    // A key granted a purpose the register does not know is a typo that would fail every call.
    for key in &config.access.api_keys {
        if let Some(unknown) = key
            .purposes
            .iter()
            .find(|p| federation.register().get(p).is_none())
        {
            return Err(werkbrug_federation::config::ConfigError::Source {
                source_id: "access".into(),
                message: format!(
                    "the API key of {} lists the purpose '{unknown}', which the purpose register does not know ({})",
                    key.organisation,
                    federation.register().ids().join(", ")
                ),
            });
        }
    }
    let postcodes = federation.postcodes();
    if postcodes.precision() == werkbrug_federation::geo::Precision::Pc2 {
        tracing::info!(
            areas = postcodes.len(),
            table = postcodes.origin(),
            "distances use centroids of two-digit postcode areas (coarse); set federation.postcodes to a PC4 table"
        );
    } else {
        tracing::info!(
            postcodes = postcodes.len(),
            table = postcodes.origin(),
            "postcode table loaded"
        );
    }
    if federation.key_is_random() && !config.federation.sources.is_empty() {
        tracing::warn!(
            "no pseudonym key configured: ids from searches die with this process and are not understood by other instances; set federation.pseudonym_key or WERKBRUG_PSEUDONYM_KEY"
        );
    }
    tracing::info!(
        sources = config.federation.sources.len(),
        "federation ready"
    );
    Ok(federation)
}

/// Opens the processing log when the gateway has sources (without sources it discloses no
/// personal data and keeps no log: the log is then off).
// The one place that may turn the log off (clippy.toml): without sources, or by the setting that
// exists to measure the log's cost.
#[allow(clippy::disallowed_methods)]
pub fn audit(
    config: &GatewayConfig,
) -> Result<werkbrug_federation::DisclosureLog, audit::AuditError> {
    if config.federation.sources.is_empty() {
        return Ok(werkbrug_federation::DisclosureLog::off());
    }
    if !config.logbook.enabled {
        tracing::warn!(
            "the processing log is off (logbook.enabled = false): only for measuring its cost"
        );
        return Ok(werkbrug_federation::DisclosureLog::off());
    }
    let audit = config.logbook.open()?;
    if let Some(logbook) = audit.logbook() {
        tracing::info!(backend = logbook.backend().name(), "processing log open");
    }
    if audit.key_is_random() {
        tracing::warn!(
            "no logbook.subject_key configured: subject pseudonyms in the processing log change with every restart; set logbook.subject_key or WERKBRUG_LOG_KEY"
        );
    }
    Ok(audit)
}

/// Runs the gateway on `listener` until the process is told to stop; in-flight requests finish.
/// `ready` is called once the server answers and handles its signals (a stop asked for before
/// then would kill the process with connections in its backlog): announce the server there.
pub async fn serve(
    config: GatewayConfig,
    federation: werkbrug_federation::Federation,
    audit: werkbrug_federation::DisclosureLog,
    listener: std::net::TcpListener,
    ready: impl FnOnce(),
) -> std::io::Result<()> {
    // Compile the schemas before the first request, not during it.
    let _ = werkbrug_model::Validator::shared();
    let limiter = web::Data::new(limit::Limiter::new(&config));
    let connections = limiter.connections();
    {
        let limiter = limiter.clone();
        actix_web::rt::spawn(async move {
            let mut every = actix_web::rt::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                limiter.retain_recent();
            }
        });
    }
    let budgets = web::Data::new(budget::Budgets::new(config.budget));
    if let (Some(logbook), Some(days)) = (audit.logbook().cloned(), audit.retention_days()) {
        // Retention: delete what is older than the retention period, now and then every day.
        actix_web::rt::spawn(async move {
            let mut daily = actix_web::rt::time::interval(std::time::Duration::from_secs(86_400));
            loop {
                daily.tick().await;
                let before = chrono::Utc::now() - chrono::Duration::days(i64::from(days));
                match logbook.prune(before).await {
                    Ok(n) => tracing::info!(deleted = n, "processing log pruned"),
                    Err(e) => tracing::error!(error = %e, "processing log prune failed"),
                }
            }
        });
    }
    if audit.logbook().is_some() {
        let audit = audit.clone();
        // Counted refusals become records when their window ends.
        actix_web::rt::spawn(async move {
            let mut every = actix_web::rt::time::interval(audit.refusal_window());
            loop {
                every.tick().await;
                audit.record_refusals(chrono::Utc::now(), false).await;
            }
        });
    }
    let stopping = audit.clone();
    let audit = web::Data::new(audit);
    let config_timeouts = config.connections.clone();
    let workers = match config.workers {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    let app = move || {
        actix_web::App::new()
            .app_data(audit.clone())
            .app_data(web::Data::new(federation.for_worker()))
            .app_data(limiter.clone())
            .app_data(budgets.clone())
            .wrap(actix_web::middleware::from_fn(limit::middleware))
            .wrap(problem_errors())
            .wrap(default_headers())
            .wrap(actix_web::middleware::from_fn(trace::middleware))
            .configure(configure(&config))
    };
    // actix-web's HttpServer, built by hand so that every connection's input passes through
    // `framing::Guarded`: a malformed request head gets problem details, not the HTTP parser's
    // bare 400 or 431.
    let keep_alive = std::time::Duration::from_secs(config_timeouts.keep_alive_secs);
    let header_timeout = std::time::Duration::from_secs(config_timeouts.header_timeout_secs);
    let server = actix_server::Server::build()
        .workers(workers)
        .max_concurrent_connections(config_timeouts.open_cap().div_ceil(workers))
        .shutdown_timeout(30)
        .listen("werkbrug", listener, move || {
            let connections = connections.clone();
            let service = actix_http::HttpService::build()
                .keep_alive(keep_alive)
                .client_request_timeout(header_timeout)
                // Each connection is counted in by its peer address and out when it closes.
                .on_connect_ext(
                    move |io: &framing::Guarded<actix_web::rt::net::TcpStream>, data| {
                        if let Ok(peer) = io.get_ref().peer_addr() {
                            data.insert(connections.open(peer.ip()));
                        }
                    },
                )
                .h1(actix_service::map_config(
                    actix_service::IntoServiceFactory::into_factory(app())
                        .map_err(|error: actix_web::Error| error.error_response()),
                    |_| actix_web::dev::AppConfig::default(),
                ));
            actix_service::fn_service(|stream: actix_web::rt::net::TcpStream| async move {
                let peer = stream.peer_addr().ok();
                let _ = stream.set_nodelay(true);
                Ok::<_, actix_http::error::DispatchError>((framing::Guarded::new(stream), peer))
            })
            .and_then(service)
        })?
        .run();
    ready();
    server.await?;
    // What was counted in the last window is recorded before the process ends.
    stopping.record_refusals(chrono::Utc::now(), true).await;
    Ok(())
}
