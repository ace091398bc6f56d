//! `werkbrug demo-source` (one demo source) and `werkbrug demo` (five demo sources and a gateway
//! in front of them, on loopback).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use werkbrug_demo::{DemoSource, Holder, PRESETS, Preset};
use werkbrug_federation::geo::PostcodeTable;
use werkbrug_federation::{ConnectorKind, SourceConfig};
use werkbrug_model::DocumentType;

/// The API key `werkbrug demo` accepts. Printed on startup; only ever valid on loopback.
pub const DEMO_KEY: &str = "werkbrug-demo-key-not-for-production";

/// `--kind` of `werkbrug demo-source`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum KindArg {
    /// The VUM source contract.
    VumBron,
    /// werkbrug's own source contract.
    WerkbrugSource,
}

impl From<KindArg> for ConnectorKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::VumBron => ConnectorKind::VumBron,
            KindArg::WerkbrugSource => ConnectorKind::WerkbrugSource,
        }
    }
}

/// Arguments of `werkbrug demo-source`.
#[derive(clap::Args)]
pub struct SourceArgs {
    /// How the source is spoken to.
    #[arg(long, value_enum)]
    kind: KindArg,
    /// The format of its documents (vum for a VUM Bron; setu-json, setu-xml, hropen or
    /// canonical for a werkbrug source, setu-json by default).
    #[arg(long)]
    format: Option<String>,
    /// Seed of the synthetic data: one seed, one data set.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of synthetic jobseekers.
    #[arg(long, default_value_t = 100)]
    count: usize,
    /// Number of synthetic vacancies (a quarter of --count by default).
    #[arg(long)]
    vacancies: Option<usize>,
    /// Serve exactly these documents instead: a JSON array or NDJSON of documents in the
    /// source's format (for setu-xml, one document per line).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["count", "vacancies"])]
    data: Option<PathBuf>,
    /// Who the synthetic data belongs to: uwv, municipality, staffing-agency or reintegration.
    #[arg(long)]
    holder: Option<String>,
    /// The source's id (in its documents' metadata).
    #[arg(long, default_value = "demo-source")]
    id: String,
    /// The organisation.
    #[arg(long, default_value = "Demo Bron")]
    organisation: String,
    /// The organisation's OIN, sent as X-VUM-fromParty.
    #[arg(long, default_value = "00000009000000000999")]
    oin: String,
    /// A PC4 postcode table (CSV pc4,latitude,longitude) for distances, instead of the built-in
    /// one (the 4,064 four-digit postcodes of GeoNames).
    #[arg(long, value_name = "FILE")]
    postcodes: Option<PathBuf>,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
}

/// Runs `werkbrug demo-source`.
pub fn run_source(args: SourceArgs) -> Result<ExitCode> {
    source(SourceOptions {
        kind: args.kind.into(),
        format: args.format,
        holder: args.holder.as_deref().map(holder).transpose()?,
        id: args.id,
        organisation: args.organisation,
        oin: args.oin,
        seed: args.seed,
        count: args.count,
        vacancies: args.vacancies,
        data: args.data,
        postcodes: args.postcodes,
        bind: format!("127.0.0.1:{}", args.port),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `werkbrug demo`.
#[derive(clap::Args)]
pub struct DemoArgs {
    /// Port of the gateway on 127.0.0.1.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Seed of the synthetic data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A PC4 postcode table (CSV pc4,latitude,longitude), instead of the built-in one (the
    /// 4,064 four-digit postcodes of GeoNames).
    #[arg(long, value_name = "FILE")]
    postcodes: Option<PathBuf>,
    /// Directory of the processing log (a SQLite file).
    #[arg(long, value_name = "DIR", default_value = "data")]
    data_dir: PathBuf,
}

/// Runs `werkbrug demo`.
pub fn run_demo(args: DemoArgs) -> Result<ExitCode> {
    crate::logging::init("warn");
    demo(DemoOptions {
        bind: format!("127.0.0.1:{}", args.port),
        seed: args.seed,
        postcodes: args.postcodes,
        data_dir: args.data_dir,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Options of `werkbrug demo-source`.
struct SourceOptions {
    kind: ConnectorKind,
    format: Option<String>,
    holder: Option<Holder>,
    id: String,
    organisation: String,
    oin: String,
    seed: u64,
    count: usize,
    vacancies: Option<usize>,
    data: Option<PathBuf>,
    postcodes: Option<PathBuf>,
    bind: String,
}

fn postcodes(path: Option<&std::path::Path>) -> Result<PostcodeTable> {
    let table = PostcodeTable::configured(path)?;
    if path.is_none() {
        eprintln!(
            "no postcode table given: distances use the built-in centroids of the {} four-digit postcodes (GeoNames, CC BY 4.0), and of the two-digit area for a postcode it lacks; --postcodes FILE takes a pc4,latitude,longitude table instead",
            table.len()
        );
    }
    Ok(table)
}

/// Serves one demo source.
fn source(options: SourceOptions) -> Result<()> {
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
struct DemoOptions {
    bind: String,
    seed: u64,
    postcodes: Option<PathBuf>,
    data_dir: PathBuf,
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

/// Serves five demo sources and a gateway.
fn demo(options: DemoOptions) -> Result<()> {
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
                "kansenregister".into(),
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
        "  API key   {DEMO_KEY}   (purposes: matching, kansenregister, bemiddeling, re-integratie; also role audit)"
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
        "  curl -s -X POST {gateway}/v1/jobseeker-matches -H 'X-Api-Key: {DEMO_KEY}' -H 'Content-Type: application/json' \\\n    -d '{{\"purpose\": \"kansenregister\", \"start\": {{\"document\": VACANCY}}, \"limit\": 5}}'   (VACANCY: a canonical vacancy, such as examples/documents/vacancy-warehouse-utrecht.json)\n"
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
fn holder(name: &str) -> Result<Holder> {
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
