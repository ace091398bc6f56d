//! The one logging set-up of the commands that run servers.

/// Structured JSON logs on standard error; `RUST_LOG` filters them, `default` (a level such as
/// `info`) without it. A second call keeps the first set-up.
pub fn init(default: &str) {
    let _ = tracing_subscriber::fmt()
        .json()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default)),
        )
        .try_init();
}
