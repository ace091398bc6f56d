//! `werkbrug conformance`: the conformance suite's commands.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use werkbrug_conformance::adapter::AdapterOptions;
use werkbrug_conformance::api::ApiOptions;
use werkbrug_conformance::report::{self, RunHeader};
use werkbrug_conformance::{Collector, Level, Selection, Suite, harness};

/// `--level`.
#[derive(Clone, Copy, ValueEnum)]
pub enum LevelArg {
    /// Only MUST requirements.
    Must,
    /// MUST and SHOULD.
    Should,
    /// Every requirement (MUST, SHOULD, MAY).
    All,
}

/// Options every run shares.
#[derive(Args)]
pub struct RunArgs {
    /// Which requirements run, by level.
    #[arg(long, value_enum, default_value_t = LevelArg::All)]
    level: LevelArg,
    /// Run only these requirement or case ids (repeatable, or comma-separated).
    #[arg(long, value_name = "ID", value_delimiter = ',', num_args = 1..)]
    only: Vec<String>,
    /// Skip the requirement or case ids listed in FILE, one per line with its reason.
    #[arg(long, value_name = "FILE")]
    skip_file: Option<PathBuf>,
    /// Write report.jsonl, junit.xml and report.html into DIR.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
    /// Use the suite in DIR (laid out like conformance/v1/) instead of the one built in.
    #[arg(long, value_name = "DIR")]
    suite: Option<PathBuf>,
}

/// `werkbrug conformance ...`.
#[derive(Subcommand)]
pub enum ConformanceCommand {
    /// Check exported canonical documents (.json files, .ndjson/.jsonl with one per line, or
    /// directories of them) requirement by requirement.
    Documents {
        /// Files and directories.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Drive a translator through the translation vectors of one format, over the JSON-lines
    /// harness protocol (conformance/README.md).
    Adapter {
        /// The format whose vectors run (vum, setu-xml, setu-json, hropen, schema-org).
        #[arg(long)]
        format: String,
        /// The shell command that starts the harness, e.g. "werkbrug conformance harness".
        #[arg(long)]
        command: String,
        /// Seconds one answer may take.
        #[arg(long, default_value_t = 10)]
        timeout: u64,
        #[command(flatten)]
        run: RunArgs,
    },
    /// Run the HTTP scenarios of a profile against a live endpoint.
    Api {
        /// vum-bron (a VUM source), werkbrug-source, or gateway.
        #[arg(long)]
        profile: String,
        /// Base URL of the endpoint.
        #[arg(long)]
        target: String,
        /// A header for every request, as NAME:VALUE (repeatable); shown redacted in reports.
        #[arg(long = "header", value_name = "NAME:VALUE")]
        headers: Vec<String>,
        /// A scenario variable, as NAME=VALUE (repeatable); the profile lists them.
        #[arg(long = "var", value_name = "NAME=VALUE")]
        variables: Vec<String>,
        /// Seconds one request may take.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        #[command(flatten)]
        run: RunArgs,
    },
    /// werkbrug's own harness: answers the adapter protocol on stdin/stdout with werkbrug's
    /// format adapters.
    Harness,
    /// List the suite's requirements: id, level, actor, source and statement.
    Requirements {
        /// Only the requirements binding this actor (document, adapter, vum-bron,
        /// werkbrug-source, gateway).
        #[arg(long)]
        actor: Option<String>,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
        /// Use the suite in DIR instead of the one built in.
        #[arg(long, value_name = "DIR")]
        suite: Option<PathBuf>,
    },
}

fn list_requirements(actor: Option<&str>, json: bool, suite: Option<&PathBuf>) -> Result<ExitCode> {
    let suite = suite.map_or(Suite::Embedded, |dir| Suite::Dir(dir.clone()));
    let requirements = suite.requirements()?;
    let mut shown = 0;
    for requirement in requirements.iter() {
        let actor_name = serde_json::to_value(requirement.actor)?;
        if actor.is_some_and(|a| actor_name.as_str() != Some(a)) {
            continue;
        }
        if json {
            println!("{}", serde_json::to_string(requirement)?);
        } else {
            println!(
                "{:<44} {:<6} {}\n{:<51} source: {}",
                requirement.id,
                requirement.level.as_str(),
                requirement.statement,
                "",
                requirement.source
            );
        }
        shown += 1;
    }
    if shown == 0 {
        bail!(
            "no requirement binds the actor {:?}; the actors are document, adapter, vum-bron, werkbrug-source and gateway",
            actor.unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn selection(run: &RunArgs) -> Result<Selection> {
    let skips = match &run.skip_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Selection::read_skip_file(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        }
        None => BTreeMap::new(),
    };
    Ok(Selection {
        level: match run.level {
            LevelArg::Must => Some(Level::Must),
            LevelArg::Should => Some(Level::Should),
            LevelArg::All => None,
        },
        only: run.only.clone(),
        skips,
    })
}

/// Runs a conformance command; the exit code says whether the target conforms.
pub fn run(command: ConformanceCommand) -> Result<ExitCode> {
    let (run_args, mode) = match &command {
        ConformanceCommand::Harness => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            harness::serve(stdin, stdout).context("the harness stopped")?;
            return Ok(ExitCode::SUCCESS);
        }
        ConformanceCommand::Requirements { actor, json, suite } => {
            return list_requirements(actor.as_deref(), *json, suite.as_ref());
        }
        ConformanceCommand::Documents { run, .. } => (run, "documents"),
        ConformanceCommand::Adapter { run, .. } => (run, "adapter"),
        ConformanceCommand::Api { run, .. } => (run, "api"),
    };
    let suite = match &run_args.suite {
        Some(dir) => Suite::Dir(dir.clone()),
        None => Suite::Embedded,
    };
    let info = suite.info()?;
    let requirements = suite.requirements()?;
    let selection = selection(run_args)?;
    let selection_shown = json!({
        "level": match run_args.level { LevelArg::Must => "must", LevelArg::Should => "should", LevelArg::All => "all" },
        "only": run_args.only,
        "skipFile": run_args.skip_file.as_ref().map(|p| p.display().to_string()),
        "skipped": selection.skips,
    });
    let started = chrono::Utc::now();
    let mut collector = Collector::new(&requirements, selection);
    let subject = match &command {
        ConformanceCommand::Documents { paths, .. } => {
            let count = werkbrug_conformance::documents::run(paths, &mut collector)?;
            eprintln!("checked {count} document(s)");
            json!({"paths": paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(), "documents": count})
        }
        ConformanceCommand::Adapter {
            format,
            command,
            timeout,
            ..
        } => {
            let options = AdapterOptions {
                format: format.clone(),
                command: command.clone(),
                timeout: Duration::from_secs(*timeout),
            };
            let harness = werkbrug_conformance::adapter::run(&suite, &options, &mut collector)?;
            json!({"format": format, "command": command, "harness": harness})
        }
        ConformanceCommand::Api {
            profile,
            target,
            headers,
            variables,
            timeout,
            ..
        } => {
            let mut parsed_headers = Vec::new();
            for header in headers {
                let Some((name, value)) = header.split_once(':') else {
                    bail!("--header {header:?}: write NAME:VALUE");
                };
                parsed_headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            let mut parsed_variables = BTreeMap::new();
            for variable in variables {
                let Some((name, value)) = variable.split_once('=') else {
                    bail!("--var {variable:?}: write NAME=VALUE");
                };
                parsed_variables.insert(name.trim().to_owned(), value.to_owned());
            }
            let options = ApiOptions {
                profile: profile.clone(),
                target: target.clone(),
                headers: parsed_headers,
                variables: parsed_variables.clone(),
                timeout: Duration::from_secs(*timeout),
            };
            let scenarios = werkbrug_conformance::api::run(&suite, &options, &mut collector)?;
            json!({
                "profile": profile,
                "target": werkbrug_conformance::api::shown_target(target),
                "headers": headers.iter().map(|h| format!("{}: [redacted]", h.split_once(':').map_or(h.as_str(), |(n, _)| n.trim()))).collect::<Vec<_>>(),
                "variables": parsed_variables,
                "scenarios": scenarios,
            })
        }
        ConformanceCommand::Harness | ConformanceCommand::Requirements { .. } => {
            unreachable!("handled above")
        }
    };
    let results = collector.finish();
    let header = RunHeader {
        suite: info,
        tool: json!({"name": "werkbrug", "version": env!("CARGO_PKG_VERSION")}),
        mode: mode.to_owned(),
        subject,
        selection: selection_shown,
        started: started.to_rfc3339(),
        finished: chrono::Utc::now().to_rfc3339(),
    };
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    print!("{}", report::summary(&results, &requirements, color));
    if let Some(dir) = &run_args.report {
        report::write(dir, &header, &results, &requirements)
            .with_context(|| format!("cannot write the report into {}", dir.display()))?;
        eprintln!(
            "report: {}",
            ["report.jsonl", "junit.xml", "report.html"]
                .map(|f| dir.join(f).display().to_string())
                .join(", ")
        );
    }
    if results.is_empty() {
        bail!("nothing ran: --level, --only or the skip file left no requirement to check");
    }
    Ok(if report::conforms(&results) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
