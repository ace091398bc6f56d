//! `werkbrug`: validate and translate documents, print the canonical schemas and code lists,
//! run the gateway, demo sources and the conformance suite, and read the processing log.
//!
//! One module per command; each has its `Args` and its `run`. Adding a command is one module
//! and one line in [`Command`] and in [`run`].

mod args;
mod artifacts;
mod audit;
mod codelists;
mod conformance;
mod demo;
mod fidelity;
mod formats;
mod input;
mod keys;
mod logging;
mod serve;
mod settings;
mod translate;
mod validate;

/// Translation allocates many small values; mimalloc handles that churn better than the system
/// allocator (about a quarter faster in bulk runs, `scripts/bulk-memory.sh`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "werkbrug",
    version,
    about = "werkbrug: the Dutch labour-market data bridge"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate canonical documents against the werkbrug v1 standard.
    ///
    /// Exit status: 0 when every document is valid, 1 when any is invalid, 2 on a usage or I/O
    /// error.
    Validate(validate::Args),
    /// Print the JSON Schema of a document type, or the reference documentation.
    Schema(artifacts::SchemaArgs),
    /// What a source's export would lose: reads every document, translates it to the canonical
    /// model and reports, per path of the source's documents, how many values were carried,
    /// approximated, truncated, defaulted or dropped and why, the semantic rules the documents
    /// break (they are carried all the same) and the documents that cannot be read.
    ///
    /// FILE holds NDJSON (one document per line), a JSON array of documents, one JSON or XML
    /// document, or XML documents one per line. Streams, except a JSON array; a progress bar
    /// shows when standard error is a terminal. Exit status: 0 reported, 2 a usage or I/O error.
    Fidelity(fidelity::Args),
    /// Translate documents from one format to another, through the canonical model.
    ///
    /// The translated document goes to standard output (or --output); loss reports go to
    /// standard error (or --losses) as JSON lines: {"document", "step", "format", "path", "kind",
    /// "reason", "valueKind"}. Exit status: 0 translated, 1 a document failed (or, with --strict,
    /// lost information), 2 a usage or I/O error.
    ///
    /// With --bulk the input holds one document per line (NDJSON for JSON formats) and the output
    /// does too, in the same order; documents that fail are left out of the output and reported
    /// as {"document", "error"} lines with the losses. Bulk mode streams: memory stays flat
    /// whatever the input size. A progress bar shows when standard error is a terminal and the
    /// loss reports go to a file.
    ///
    /// A document that breaks a semantic rule of the standard is carried whole; each rule it
    /// breaks is a {"document", "step": "rules", "rule", "severity", "pointer", "message"} line.
    Translate(translate::Args),
    /// List the format adapters and what they support.
    Formats,
    /// Run the werkbrug REST gateway.
    ///
    /// Prints `listening on http://ADDRESS` on standard error once it accepts connections, and
    /// stops on SIGTERM or Ctrl-C after the requests in flight have finished.
    Serve(serve::Args),
    /// Serve one demo source: synthetic jobseekers and vacancies (or the documents of a file) in a
    /// source's own format, over HTTP, as a VUM Bron or a werkbrug source.
    ///
    /// Prints `listening on http://ADDRESS` on standard error once it accepts connections.
    DemoSource(demo::SourceArgs),
    /// Start a gateway over five demo sources on loopback (UWV and two municipalities as VUM
    /// Bron, a staffing agency speaking SETU XML and a re-integration company speaking HR Open),
    /// and print the URLs, a demo API key and commands to try.
    Demo(demo::DemoArgs),
    /// Read the processing log (who disclosed whose data, for which purpose), or prune it.
    ///
    /// Uses the settings file of `werkbrug serve` to find the log and its subject key.
    Audit(audit::Args),
    /// Print the stored form of an API key, for the `[[access.api_keys]]` of the settings file.
    ///
    /// Reads the key from standard input, so that it stays out of the shell history.
    HashKey,
    /// Print the OpenAPI document of the gateway (`schema/openapi.json`).
    Openapi,
    /// Run the conformance suite against documents, a translator or a live endpoint.
    ///
    /// Exit status: 0 when every MUST that ran passed, 1 when one failed or could not be
    /// checked, 2 when the run could not start (usage, a missing file, nothing selected).
    #[command(subcommand)]
    Conformance(conformance::ConformanceCommand),
    /// List the code lists, or print one.
    Codelists(codelists::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("werkbrug: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs one command; its error ends the process with status 2.
fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Validate(args) => validate::run(args),
        Command::Schema(args) => artifacts::schema(args),
        Command::Fidelity(args) => fidelity::run(args),
        Command::Translate(args) => translate::run(args),
        Command::Formats => formats::run(),
        Command::Serve(args) => serve::run(args),
        Command::DemoSource(args) => demo::run_source(args),
        Command::Demo(args) => demo::run_demo(args),
        Command::Audit(args) => audit::run(args),
        Command::HashKey => keys::hash_key(),
        Command::Openapi => artifacts::openapi(),
        Command::Conformance(command) => conformance::run(command),
        Command::Codelists(args) => codelists::run(args),
    }
}
