//! The tables the synthetic data is drawn from: municipalities, occupations, competences, names,
//! streets. They are data files in `crates/demo/data/` (embedded at build time), read once.

use std::sync::LazyLock;

/// A municipality: name, CBS code, labour-market region, four-digit postcode ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City {
    /// Name.
    pub name: &'static str,
    /// CBS municipality code.
    pub municipality: &'static str,
    /// Labour-market region code (`labour-market-region` code list).
    pub region: &'static str,
    /// Its four-digit postcodes (inclusive ranges).
    pub postcodes: Vec<(u16, u16)>,
}

/// An occupation: CompetentNL id, ISCO-08 code, Dutch label, a typical Dutch education level,
/// a typical work and thinking level, and its SBI sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occupation {
    pub(crate) competent_nl: &'static str,
    pub(crate) isco: &'static str,
    pub(crate) label: &'static str,
    pub(crate) education: &'static str,
    pub(crate) level: &'static str,
    pub(crate) sbi: (&'static str, &'static str),
}

/// The rows of an embedded table: lines that are not blank and not `#` comments, split at tabs.
/// The files are part of the crate, so a malformed row is a bug, caught by this module's tests.
fn rows(file: &'static str, text: &'static str, columns: usize) -> Vec<Vec<&'static str>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let row: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                row.len(),
                columns,
                "data/{file} line {}: {columns} tab-separated columns expected",
                index + 1
            );
            row
        })
        .collect()
}

/// `1011-1109 1200-1210` as inclusive ranges.
fn ranges(text: &str) -> Vec<(u16, u16)> {
    text.split_whitespace()
        .map(|range| {
            let (low, high) = range.split_once('-').expect("a range is LOW-HIGH");
            let low: u16 = low.parse().expect("a four-digit postcode");
            let high: u16 = high.parse().expect("a four-digit postcode");
            assert!(
                (1000..=9999).contains(&low) && low <= high && high <= 9999,
                "{range}"
            );
            (low, high)
        })
        .collect()
}

macro_rules! table {
    ($file:literal) => {
        ($file, include_str!(concat!("../data/", $file)))
    };
}

/// The municipalities the demo data lives in.
pub static CITIES: LazyLock<Vec<City>> = LazyLock::new(|| {
    let (file, text) = table!("cities.tsv");
    rows(file, text, 4)
        .into_iter()
        .map(|r| City {
            name: r[0],
            municipality: r[1],
            region: r[2],
            postcodes: ranges(r[3]),
        })
        .collect()
});

/// Occupations with their codes and typical levels.
pub(crate) static OCCUPATIONS: LazyLock<Vec<Occupation>> = LazyLock::new(|| {
    let (file, text) = table!("occupations.tsv");
    rows(file, text, 7)
        .into_iter()
        .map(|r| Occupation {
            competent_nl: r[0],
            isco: r[1],
            label: r[2],
            education: r[3],
            level: r[4],
            sbi: (r[5], r[6]),
        })
        .collect()
});

/// Competences: code and Dutch label.
pub(crate) static COMPETENCES: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| {
    let (file, text) = table!("competences.tsv");
    rows(file, text, 2)
        .into_iter()
        .map(|r| (r[0], r[1]))
        .collect()
});

/// Family names with their prefix (tussenvoegsel), empty where there is none.
pub(crate) static FAMILY_NAMES: LazyLock<Vec<(&str, &str)>> = LazyLock::new(|| {
    let (file, text) = table!("family-names.tsv");
    rows(file, text, 2)
        .into_iter()
        .map(|r| (r[0], r[1]))
        .collect()
});

/// Given names.
pub(crate) static GIVEN_NAMES: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let (file, text) = table!("given-names.txt");
    rows(file, text, 1).into_iter().map(|r| r[0]).collect()
});

/// Street names.
pub(crate) static STREETS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let (file, text) = table!("streets.txt");
    rows(file, text, 1).into_iter().map(|r| r[0]).collect()
});

/// What follows an employer's family name (`B.V.`, `Groep`, ...).
pub(crate) static EMPLOYER_SUFFIXES: LazyLock<Vec<&str>> = LazyLock::new(|| {
    let (file, text) = table!("employer-suffixes.txt");
    rows(file, text, 1).into_iter().map(|r| r[0]).collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_reads_whole() {
        assert_eq!(CITIES.len(), 23);
        assert_eq!(OCCUPATIONS.len(), 28);
        assert_eq!(COMPETENCES.len(), 18);
        assert_eq!(FAMILY_NAMES.len(), 30);
        assert_eq!(GIVEN_NAMES.len(), 40);
        assert_eq!(STREETS.len(), 12);
        assert_eq!(EMPLOYER_SUFFIXES.len(), 6);
        let amsterdam = &CITIES[0];
        assert_eq!(
            amsterdam,
            &City {
                name: "Amsterdam",
                municipality: "GM0363",
                region: "10",
                postcodes: vec![(1011, 1109)],
            }
        );
        assert!(FAMILY_NAMES.contains(&("van der", "Meer")));
        assert!(FAMILY_NAMES.contains(&("", "Jansen")));
        assert!(GIVEN_NAMES.contains(&"Ayşe"));
    }

    #[test]
    #[should_panic(expected = "data/x.tsv line 2: 2 tab-separated columns expected")]
    fn a_row_with_other_columns_is_named_by_file_and_line() {
        rows("x.tsv", "# comment\na\tb\tc\n", 2);
    }
}
