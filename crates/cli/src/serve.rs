//! `werkbrug serve`: the REST gateway.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::{logging, settings};

/// Arguments of `werkbrug serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Settings file (TOML); without it every setting has its default.
    #[arg(long, value_name = "FILE", env = "WERKBRUG_CONFIG")]
    config: Option<PathBuf>,
    /// Address and port to listen on (port 0 picks a free one); overrides the file.
    #[arg(long, env = "WERKBRUG_BIND")]
    bind: Option<String>,
    /// Largest request body, in bytes; overrides the file.
    #[arg(long, env = "WERKBRUG_MAX_BODY_BYTES")]
    max_body_bytes: Option<usize>,
}

/// Runs the gateway until SIGTERM or Ctrl-C.
pub fn run(args: Args) -> Result<ExitCode> {
    let mut settings = settings::load(args.config.as_deref())?;
    if let Some(bind) = args.bind {
        settings.bind = bind;
    }
    if let Some(limit) = args.max_body_bytes {
        settings.max_body_bytes = limit;
    }
    logging::init("info");
    let federation = werkbrug_gateway::federation(&settings)
        .context("the federation settings cannot be used")?;
    let audit = werkbrug_gateway::audit(&settings).context("the processing log cannot be used")?;
    let listener = std::net::TcpListener::bind(&settings.bind)
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    let address = listener.local_addr()?;
    actix_web::rt::System::new()
        .block_on(werkbrug_gateway::serve(
            settings,
            federation,
            audit,
            listener,
            // Only once it answers and handles SIGTERM: tests and scripts wait for it.
            move || eprintln!("listening on http://{address}"),
        ))
        .context("the gateway stopped with an error")?;
    Ok(ExitCode::SUCCESS)
}
