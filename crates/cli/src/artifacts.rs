//! `werkbrug schema` and `werkbrug openapi`: the generated artifacts (JSON Schemas, the
//! reference, the OpenAPI document), printed or written where they are checked in.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use werkbrug_model::{DocumentType, reference, schema};

use crate::args::DocumentTypeArg;

/// Arguments of `werkbrug schema`.
#[derive(clap::Args)]
pub struct SchemaArgs {
    /// The document type.
    #[arg(required_unless_present_any = ["reference", "write"])]
    document_type: Option<DocumentTypeArg>,
    /// Print the Markdown reference (`schema/v1/README.md`) instead.
    #[arg(long, conflicts_with = "write")]
    reference: bool,
    /// Write every generated artifact (both schemas and the reference) into this directory.
    #[arg(long, value_name = "DIR")]
    write: Option<PathBuf>,
}

/// Prints a schema or the reference, or writes them all.
pub fn schema(args: SchemaArgs) -> Result<ExitCode> {
    if let Some(dir) = args.write {
        write_artifacts(&dir)?;
    } else if args.reference {
        print!("{}", reference::markdown());
    } else if let Some(document_type) = args.document_type {
        print!("{}", schema::generate_pretty(document_type.into()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the gateway's OpenAPI document (`schema/openapi.json`).
pub fn openapi() -> Result<ExitCode> {
    print!("{}", werkbrug_gateway::openapi::document_pretty());
    Ok(ExitCode::SUCCESS)
}

fn write_artifacts(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for document_type in DocumentType::ALL {
        let path = dir.join(document_type.schema_file_name());
        std::fs::write(&path, schema::generate_pretty(document_type))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    let path = dir.join("README.md");
    std::fs::write(&path, reference::markdown())
        .with_context(|| format!("cannot write {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}
