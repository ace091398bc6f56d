//! The gateway's settings file, read the same way by every command that uses it (`serve`,
//! `audit`).

use std::path::Path;

use anyhow::{Context, Result};
use werkbrug_gateway::GatewayConfig;

/// The settings in `config` (TOML), or every default without a file.
pub fn load(config: Option<&Path>) -> Result<GatewayConfig> {
    let Some(path) = config else {
        return Ok(GatewayConfig::default());
    };
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    toml::from_str(&text)
        .with_context(|| format!("{} is not a valid settings file", path.display()))
}
