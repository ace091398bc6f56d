//! `werkbrug codelists`: the code lists, listed or one printed.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde_json::{Value, json};
use werkbrug_model::codelists;

use crate::args::OutputFormat;

/// Arguments of `werkbrug codelists`.
#[derive(clap::Args)]
pub struct Args {
    /// Id of the code list to print.
    id: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
}

/// Lists the code lists, or prints the one named.
pub fn run(args: Args) -> Result<ExitCode> {
    print_codelists(args.id.as_deref(), args.format)?;
    Ok(ExitCode::SUCCESS)
}

fn print_codelists(id: Option<&str>, format: OutputFormat) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match id {
        Some(id) => {
            let Some(list) = codelists::get(id) else {
                bail!("no code list {id:?}; `werkbrug codelists` lists them");
            };
            if format == OutputFormat::Json {
                serde_json::to_writer_pretty(&mut stdout, list)?;
                writeln!(stdout)?;
            } else {
                writeln!(stdout, "{} {} ({})", list.id, list.version, list.title)?;
                writeln!(stdout, "source: {} <{}>", list.source.name, list.source.url)?;
                for code in &list.codes {
                    let vum = code
                        .mappings
                        .get("vum")
                        .map(|v| format!("  [VUM {v}]"))
                        .unwrap_or_default();
                    writeln!(
                        stdout,
                        "  {:<24} {} / {}{vum}",
                        code.code, code.label, code.label_nl
                    )?;
                }
            }
        }
        None => {
            if format == OutputFormat::Json {
                let summary: Vec<Value> = codelists::all()
                    .map(|l| {
                        json!({"id": l.id, "version": l.version, "title": l.title,
                               "codes": l.codes.len(), "source": l.source})
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut stdout, &summary)?;
                writeln!(stdout)?;
            } else {
                for list in codelists::all() {
                    writeln!(
                        stdout,
                        "{:<30} {:<6} {:>3} codes  {}",
                        list.id,
                        list.version,
                        list.codes.len(),
                        list.title
                    )?;
                }
            }
        }
    }
    Ok(())
}
