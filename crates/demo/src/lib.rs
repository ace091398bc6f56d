//! Demo sources for werkbrug: deterministic synthetic jobseekers and vacancies ([`data`]) served
//! over real HTTP in a source's own format ([`source`]), as a VUM Bron or as a werkbrug source.
//!
//! `werkbrug demo-source` serves one; `werkbrug demo` starts the [`PRESETS`] (UWV, two
//! municipalities, a staffing agency and a re-integration company) with a gateway in front.
//! Only synthetic people: BSNs from the 9999 test range, addresses at `.example` domains.

pub mod data;
pub mod source;
mod tables;

use werkbrug_federation::ConnectorKind;
use werkbrug_federation::geo::PostcodeTable;

pub use crate::data::{Generator, Holder};
pub use crate::source::{DemoSource, SourceError};

/// What one demo source is.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// Source id in the gateway.
    pub id: &'static str,
    /// The organisation.
    pub organisation: &'static str,
    /// Its OIN (synthetic, in the OIN's 20-digit form).
    pub oin: &'static str,
    /// How it is spoken to.
    pub kind: ConnectorKind,
    /// Its documents' format.
    pub format: &'static str,
    /// Who is in its data.
    pub holder: Holder,
    /// Where its data lives (empty: the whole country).
    pub cities: &'static [&'static str],
    /// Jobseeker profiles held.
    pub profiles: usize,
    /// Vacancies held.
    pub vacancies: usize,
    /// Prefix of its local ids.
    pub prefix: &'static str,
}

/// The sources of `werkbrug demo`.
pub const PRESETS: [Preset; 5] = [
    Preset {
        id: "uwv",
        organisation: "UWV",
        oin: "00000001003214345000",
        kind: ConnectorKind::VumBron,
        format: "vum",
        holder: Holder::Uwv,
        cities: &[],
        profiles: 2_000,
        vacancies: 500,
        prefix: "UWV",
    },
    Preset {
        id: "gemeente-rotterdam",
        organisation: "Gemeente Rotterdam",
        oin: "00000001000000000022",
        kind: ConnectorKind::VumBron,
        format: "vum",
        holder: Holder::Municipality,
        cities: &["Rotterdam", "Schiedam", "Vlaardingen"],
        profiles: 400,
        vacancies: 80,
        prefix: "RTD",
    },
    Preset {
        id: "gemeente-groningen",
        organisation: "Gemeente Groningen",
        oin: "00000001000000000001",
        kind: ConnectorKind::VumBron,
        format: "vum",
        holder: Holder::Municipality,
        cities: &["Groningen", "Assen"],
        profiles: 300,
        vacancies: 60,
        prefix: "GRN",
    },
    Preset {
        id: "uitzendbureau-voorbeeld",
        organisation: "Uitzendbureau Voorbeeld B.V.",
        oin: "00000009000000000101",
        kind: ConnectorKind::WerkbrugSource,
        format: "setu-xml",
        holder: Holder::StaffingAgency,
        cities: &[],
        profiles: 300,
        vacancies: 200,
        prefix: "UZB",
    },
    Preset {
        id: "reintegratie-voorbeeld",
        organisation: "Re-integratie Voorbeeld B.V.",
        oin: "00000009000000000102",
        kind: ConnectorKind::WerkbrugSource,
        format: "hropen",
        holder: Holder::Reintegration,
        cities: &[],
        profiles: 250,
        vacancies: 50,
        prefix: "RIB",
    },
];

/// A source filled with synthetic data: `profiles` jobseekers and `vacancies` vacancies from the
/// generator seeded with `seed`.
#[allow(clippy::too_many_arguments)]
pub fn synthetic(
    kind: ConnectorKind,
    format: &str,
    holder: Holder,
    source_id: &str,
    organisation: &str,
    oin: &str,
    cities: &[&str],
    prefix: &str,
    seed: u64,
    profiles: usize,
    vacancies: usize,
    geo: PostcodeTable,
) -> Result<DemoSource, SourceError> {
    let mut source = DemoSource::new(kind, format, geo, oin)?;
    let mut generator = Generator::new(seed, holder, source_id, organisation, cities);
    for n in 0..profiles {
        source.add_canonical(n, generator.jobseeker(&format!("{prefix}-W"), n))?;
    }
    for n in 0..vacancies {
        source.add_canonical(n, generator.vacancy(&format!("{prefix}-V"), n))?;
    }
    Ok(source)
}

/// The source a preset describes, with `seed`.
pub fn preset_source(
    preset: &Preset,
    seed: u64,
    geo: PostcodeTable,
) -> Result<DemoSource, SourceError> {
    synthetic(
        preset.kind,
        preset.format,
        preset.holder,
        preset.id,
        preset.organisation,
        preset.oin,
        preset.cities,
        preset.prefix,
        seed,
        preset.profiles,
        preset.vacancies,
        geo,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_stores_its_documents_in_its_format() {
        for preset in &PRESETS {
            let small = Preset {
                profiles: 40,
                vacancies: 20,
                ..*preset
            };
            let source = preset_source(&small, 42, PostcodeTable::builtin())
                .unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            assert_eq!(source.counts(), (40, 20), "{}", preset.id);
        }
    }
}
