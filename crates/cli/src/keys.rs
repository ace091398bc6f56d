//! `werkbrug hash-key`: the stored form of an API key.

use std::io::Read;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

/// Reads a key from standard input (so that it stays out of the shell history) and prints the
/// form the settings file stores.
pub fn hash_key() -> Result<ExitCode> {
    let mut key = String::new();
    std::io::stdin()
        .read_to_string(&mut key)
        .context("cannot read the key")?;
    let key = key.trim();
    if key.len() < 16 {
        bail!("an API key needs at least 16 characters");
    }
    println!("{}", werkbrug_gateway::access::hash_key(key));
    Ok(ExitCode::SUCCESS)
}
