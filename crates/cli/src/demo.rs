//! `werkbrug demo-source` (one demo source) and `werkbrug demo` (five demo sources and a gateway
//! in front of them, on loopback).

use std::net::TcpListener;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use werkbrug_demo::{DemoSource, Holder, PRESETS, Preset};
use werkbrug_federation::geo::PostcodeTable;
use werkbrug_federation::{ConnectorKind, SourceConfig};
use werkbrug_model::DocumentType;

/// The API key `werkbrug demo` accepts. Printed on startup; only ever valid on loopback.
pub const DEMO_KEY: &str = "werkbrug-demo-key-not-for-production";

/// Options of `werkbrug demo-source`.
pub struct SourceOptions {
    pub kind: ConnectorKind,
    pub format: Option<String>,
    pub holder: Option<Holder>,
    pub id: String,
    pub organisation: String,
    pub oin: String,
    pub seed: u64,
    pub count: usize,
    pub vacancies: Option<usize>,
    pub data: Option<PathBuf>,
    pub postcodes: Option<PathBuf>,
    pub bind: String,
}

fn postcodes(path: Option<&std::path::Path>) -> Result<PostcodeTable> {
    let table = PostcodeTable::configured(path)?;
    if path.is_none() {
        eprintln!(
            "no postcode table given: distances use the built-in centroids of the {} two-digit postcode areas (coarse); --postcodes FILE takes a pc4,latitude,longitude table",
            table.len()
        );
    }
    Ok(table)
}

/// Runs `werkbrug demo-source`.
pub fn source(options: SourceOptions) -> Result<()> {
    let format = options
        .format
        .clone()
        .unwrap_or_else(|| match options.kind {
            ConnectorKind::VumBron => "vum".into(),
            ConnectorKind::WerkbrugSource => "setu-json".into(),
        });
    let geo = postcodes(options.postcodes.as_deref())?;
    let source = match &options.data {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let mut source = DemoSource::new(options.kind, &format, geo, &options.oin)?;
            source
                .add_file(&text)
                .with_context(|| format!("{} cannot be served", path.display()))?;
            source
        }
        None => {
            let holder = options.holder.unwrap_or(match options.kind {
                ConnectorKind::VumBron => Holder::Uwv,
                ConnectorKind::WerkbrugSource => Holder::StaffingAgency,
            });
            werkbrug_demo::synthetic(
                options.kind,
                &format,
                holder,
                &options.id,
                &options.organisation,
                &options.oin,
                &[],
                "DEMO",
                options.seed,
                options.count,
                options.vacancies.unwrap_or(options.count / 4),
                geo,
            )?
        }
    };
    let (profiles, vacancies) = source.counts();
    let listener = TcpListener::bind(&options.bind)
        .with_context(|| format!("cannot listen on {}", options.bind))?;
    eprintln!(
        "{} source ({format}) with {profiles} jobseekers and {vacancies} vacancies",
        options.kind.name()
    );
    eprintln!("listening on http://{}", listener.local_addr()?);
    actix_web::rt::System::new().block_on(async move { source.serve(listener)?.await })?;
    Ok(())
}

/// Options of `werkbrug demo`.
pub struct DemoOptions {
    pub bind: String,
    pub seed: u64,
    pub postcodes: Option<PathBuf>,
    pub data_dir: PathBuf,
}

fn source_config(preset: &Preset, url: String) -> SourceConfig {
    SourceConfig {
        id: preset.id.into(),
        organisation: preset.organisation.into(),
        oin: Some(preset.oin.into()),
        kind: preset.kind,
        base_url: url,
        document_types: DocumentType::ALL.to_vec(),
        format: (preset.kind == ConnectorKind::WerkbrugSource).then(|| preset.format.into()),
        timeout_ms: 2_000,
        max_response_bytes: 8 * 1024 * 1024,
        credentials: None,
    }
}

/// Runs `werkbrug demo`.
pub fn demo(options: DemoOptions) -> Result<()> {
    let geo = postcodes(options.postcodes.as_deref())?;
    let listener = TcpListener::bind(&options.bind)
        .with_context(|| format!("cannot listen on {}", options.bind))?;
    let gateway = format!("http://{}", listener.local_addr()?);
    let mut sources = Vec::new();
    let mut configs = Vec::new();
    for preset in &PRESETS {
        let source = werkbrug_demo::preset_source(preset, options.seed, geo.clone())
            .with_context(|| format!("cannot build the demo source {}", preset.id))?;
        let source_listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", source_listener.local_addr()?);
        configs.push(source_config(preset, url.clone()));
        sources.push((preset, source, source_listener, url));
    }
    let mut settings = werkbrug_gateway::GatewayConfig::default();
    settings
        .access
        .api_keys
        .push(werkbrug_gateway::access::ApiKey {
            hash: werkbrug_gateway::access::hash_key(DEMO_KEY),
            organisation: "Demo Werkgeversservicepunt".into(),
            oin: Some("00000001000000000999".into()),
            roles: vec![
                werkbrug_gateway::access::Role::Translate,
                werkbrug_gateway::access::Role::Validate,
                werkbrug_gateway::access::Role::Search,
                werkbrug_gateway::access::Role::Audit,
            ],
            purposes: vec![
                "matching".into(),
                "bemiddeling".into(),
                "re-integratie".into(),
            ],
            suwi: true,
            budget: None,
        });
    settings.federation.sources = configs;
    settings.federation.postcodes = options.postcodes.clone();
    settings.federation.oin = Some("00000009000000000100".into());
    // One key for this run, so ids stay valid for as long as the demo runs.
    settings.federation.pseudonym_key = Some(random_key_hex());
    settings.logbook.data_dir = options.data_dir.clone();
    settings.logbook.subject_key = Some(random_key_hex());
    let federation = werkbrug_gateway::federation(&settings)?;
    let audit = werkbrug_gateway::audit(&settings)?;

    println!(
        "werkbrug demo: a gateway over five live sources, all on loopback, all synthetic data\n"
    );
    for (preset, source, _, url) in &sources {
        let (profiles, vacancies) = source.counts();
        println!(
            "  {:<26} {:<30} {:<16} {:>5} jobseekers {:>4} vacancies  {url}",
            preset.id,
            preset.organisation,
            format!("{} ({})", preset.kind.name(), preset.format),
            profiles,
            vacancies
        );
    }
    println!("\n  gateway   {gateway}/v1");
    println!("  docs      {gateway}/docs/");
    println!(
        "  API key   {DEMO_KEY}   (purposes: matching, bemiddeling, re-integratie; also role audit)"
    );
    println!(
        "  log       {}   (the processing log: one record per person disclosed)\n",
        settings.logbook.database_url()
    );
    println!("Try:\n");
    println!(
        "  curl -s -X POST {gateway}/v1/jobseeker-searches -H 'X-Api-Key: {DEMO_KEY}' -H 'Content-Type: application/json' \\\n    -d '{{\"purpose\": \"matching\", \"criteria\": {{\"area\": {{\"postcode\": \"3011AB\", \"distanceKm\": 15}}, \"hoursPerWeek\": {{\"min\": 24}}}}}}'\n"
    );
    println!(
        "  curl -s -X POST {gateway}/v1/vacancy-searches -H 'X-Api-Key: {DEMO_KEY}' -H 'Content-Type: application/json' \\\n    -d '{{\"purpose\": \"bemiddeling\", \"criteria\": {{\"area\": {{\"postcode\": \"9711AA\", \"distanceKm\": 30}}, \"workAndThinkingLevel\": \"3\"}}}}'\n"
    );
    println!(
        "  curl -s '{gateway}/v1/jobseekers/ID?purpose=bemiddeling' -H 'X-Api-Key: {DEMO_KEY}'   (ID: a result's id)\n"
    );
    println!("Stop with Ctrl-C.");
    actix_web::rt::System::new().block_on(async move {
        for (_, source, source_listener, _) in sources {
            let server = source.serve(source_listener)?;
            actix_web::rt::spawn(server);
        }
        eprintln!("listening on {gateway}");
        werkbrug_gateway::serve(settings, federation, audit, listener, || {}).await
    })?;
    Ok(())
}

/// 32 random bytes in hex: a key for this run only (ids and log pseudonyms live as long as the
/// demo runs).
fn random_key_hex() -> String {
    werkbrug_federation::pseudonym::Pseudonymizer::random_key()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses `--holder`.
pub fn holder(name: &str) -> Result<Holder> {
    Ok(match name {
        "uwv" => Holder::Uwv,
        "municipality" => Holder::Municipality,
        "staffing-agency" => Holder::StaffingAgency,
        "reintegration" => Holder::Reintegration,
        other => {
            bail!("unknown holder '{other}': uwv, municipality, staffing-agency or reintegration")
        }
    })
}
