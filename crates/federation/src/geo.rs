//! Distances between Dutch postcodes, for VUM's `selectiegebied{postcode, afstand}` and the
//! gateway's own area criterion.
//!
//! A distance is the straight line between postcode centroids (what VUM sources practise). The
//! table maps four-digit postcodes (PC4) to coordinates. The crate carries one, generated from
//! GeoNames (CC BY 4.0) by `scripts/pc4-centroids.sh`, with the two-digit area centroids as the
//! fallback for a postcode it does not know; a CSV file with columns `pc4,latitude,longitude`
//! (more columns are allowed, rows may repeat a PC4: their coordinates are averaged) replaces it.

use std::collections::HashMap;
use std::path::Path;

/// The two-digit area centroids carried in the crate (see `data/README.md`).
const PC2_CENTROIDS: &str = include_str!("../data/nl-pc2-centroids.csv");
/// The four-digit postcode centroids carried in the crate (see `data/README.md`).
const PC4_CENTROIDS: &str = include_str!("../data/nl-pc4-centroids.csv");

/// Mean radius of the earth in kilometres (IUGG).
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Errors reading a postcode table.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// The file cannot be read.
    #[error("cannot read the postcode table {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A row is not `pc4,latitude,longitude`.
    #[error("postcode table {path}, line {line}: {message}")]
    Row {
        /// The file.
        path: String,
        /// Line number (1-based, the header is line 1).
        line: u64,
        /// What is wrong.
        message: String,
    },
}

/// Where a table's coordinates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Four-digit postcodes.
    Pc4,
    /// Two-digit postcode areas.
    Pc2,
}

/// A table of postcode centroids.
#[derive(Debug, Clone)]
pub struct PostcodeTable {
    precision: Precision,
    centroids: HashMap<u16, (f64, f64)>,
    /// Two-digit areas for a four-digit postcode the table does not know (the built-in table).
    fallback: Option<HashMap<u16, (f64, f64)>>,
    /// Where the table came from, for the startup log.
    origin: String,
}

impl PostcodeTable {
    /// The table carried in the crate: the 4,064 four-digit postcodes of GeoNames, and for a
    /// postcode it does not know (a new one), the centroid of its two-digit area.
    pub fn builtin() -> Self {
        let mut table = Self::parse(
            PC4_CENTROIDS.as_bytes(),
            "built-in (GeoNames PC4)",
            Precision::Pc4,
        )
        .expect("the built-in postcode table is valid");
        table.fallback = Some(Self::areas().centroids);
        table
    }

    /// The coarse table of two-digit areas carried in the crate.
    pub fn areas() -> Self {
        Self::parse(
            PC2_CENTROIDS.as_bytes(),
            "built-in (PC2 areas)",
            Precision::Pc2,
        )
        .expect("the built-in area table is valid")
    }

    /// Reads a four-digit table from a CSV file with columns `pc4,latitude,longitude`.
    pub fn from_file(path: &Path) -> Result<Self, GeoError> {
        let bytes = std::fs::read(path).map_err(|source| GeoError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&bytes, &path.display().to_string(), Precision::Pc4)
    }

    /// The table from `path`, or the built-in one without a path.
    pub fn configured(path: Option<&Path>) -> Result<Self, GeoError> {
        path.map_or_else(|| Ok(Self::builtin()), Self::from_file)
    }

    fn parse(bytes: &[u8], origin: &str, precision: Precision) -> Result<Self, GeoError> {
        let key_column = match precision {
            Precision::Pc4 => "pc4",
            Precision::Pc2 => "pc2",
        };
        // Lines starting with `#` hold the data's source and licence.
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(bytes);
        let row_error = |line: u64, message: String| GeoError::Row {
            path: origin.to_owned(),
            line,
            message,
        };
        let headers = reader
            .headers()
            .map_err(|e| row_error(1, e.to_string()))?
            .clone();
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| row_error(1, format!("no column '{name}'")))
        };
        let (key, lat, lon) = (
            column(key_column)?,
            column("latitude")?,
            column("longitude")?,
        );
        let mut sums: HashMap<u16, (f64, f64, u32)> = HashMap::new();
        for (index, record) in reader.records().enumerate() {
            let line = index as u64 + 2;
            let record = record.map_err(|e| row_error(line, e.to_string()))?;
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let code: u16 = field(key)
                .parse()
                .map_err(|_| row_error(line, format!("{key_column} is not a number")))?;
            let coordinate = |i: usize, name: &str, range: std::ops::RangeInclusive<f64>| {
                field(i)
                    .parse::<f64>()
                    .ok()
                    .filter(|v| range.contains(v))
                    .ok_or_else(|| row_error(line, format!("{name} is not a coordinate")))
            };
            let (la, lo) = (
                coordinate(lat, "latitude", -90.0..=90.0)?,
                coordinate(lon, "longitude", -180.0..=180.0)?,
            );
            let entry = sums.entry(code).or_insert((0.0, 0.0, 0));
            entry.0 += la;
            entry.1 += lo;
            entry.2 += 1;
        }
        let centroids = sums
            .into_iter()
            .map(|(k, (la, lo, n))| (k, (la / f64::from(n), lo / f64::from(n))))
            .collect();
        Ok(Self {
            precision,
            centroids,
            fallback: None,
            origin: origin.to_owned(),
        })
    }

    /// Whether the table holds four-digit postcodes or two-digit areas.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Where the table came from (a path, or `built-in`).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Number of postcodes (or areas) in the table.
    pub fn len(&self) -> usize {
        self.centroids.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.centroids.is_empty()
    }

    /// The centroid of a Dutch postcode (`1234AB`, `1234 AB` or `1234`), when the table knows it.
    /// The built-in table falls back to the postcode's two-digit area; a table read from a file
    /// falls back to nothing: an unknown PC4 has no place.
    pub fn locate(&self, postcode: &str) -> Option<(f64, f64)> {
        let digits = postcode.trim().get(..4)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let pc4: u16 = digits.parse().ok()?;
        match self.precision {
            Precision::Pc4 => self.centroids.get(&pc4).copied().or_else(|| {
                self.fallback
                    .as_ref()
                    .and_then(|areas| areas.get(&(pc4 / 100)).copied())
            }),
            Precision::Pc2 => self.centroids.get(&(pc4 / 100)).copied(),
        }
    }

    /// Straight-line distance in kilometres between two postcodes, when both are known.
    pub fn distance_km(&self, a: &str, b: &str) -> Option<f64> {
        Some(haversine_km(self.locate(a)?, self.locate(b)?))
    }
}

/// Great-circle distance in kilometres between two (latitude, longitude) points in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_measures_known_distances_between_four_digit_postcodes() {
        let table = PostcodeTable::builtin();
        assert_eq!(table.precision(), Precision::Pc4);
        assert_eq!(table.len(), 4064);
        // As the crow flies: Amsterdam centre (1012) to Rotterdam centre (3011) about 57 km,
        // Utrecht centre (3511) to Overvecht (3544) about 4.5 km, Groningen (9711) to
        // Maastricht (6211) about 270 km.
        for (a, b, km) in [
            ("1012AB", "3011 AA", 57.6),
            ("3511AB", "3544AA", 4.6),
            ("9711AA", "6211AA", 270.0),
        ] {
            let d = table.distance_km(a, b).unwrap();
            assert!((d - km).abs() < 0.5, "{a} to {b}: {d}");
        }
        assert_eq!(table.distance_km("1012AB", "1012AB"), Some(0.0));
        // A postcode the table does not know (1000 is not issued) gets its area's centroid.
        let areas = PostcodeTable::areas();
        assert_eq!(table.locate("1000AA"), areas.locate("1000AA"));
        assert!(table.locate("1000AA").is_some());
    }

    #[test]
    fn the_area_table_has_every_two_digit_area() {
        let table = PostcodeTable::areas();
        assert_eq!(table.precision(), Precision::Pc2);
        assert_eq!(table.len(), 90);
        let d = table.distance_km("1012AB", "3011 AA").unwrap();
        assert!((50.0..65.0).contains(&d), "{d}");
    }

    #[test]
    fn a_table_from_a_file_has_no_fallback() {
        let csv = "pc4,latitude,longitude\n1011,52.0,4.0\n";
        let table = PostcodeTable::parse(csv.as_bytes(), "t.csv", Precision::Pc4).unwrap();
        assert_eq!(table.locate("1012AB"), None);
    }

    #[test]
    fn malformed_postcodes_have_no_place() {
        let table = PostcodeTable::builtin();
        assert_eq!(table.locate("AB12"), None);
        assert_eq!(table.locate("12"), None);
        assert_eq!(table.locate(""), None);
        assert_eq!(table.locate("0012AB"), None);
    }

    #[test]
    fn rows_of_one_pc4_are_averaged_and_bad_rows_say_where() {
        let csv = "pc4,place,latitude,longitude\n1011,A,52.0,4.0\n1011,B,52.2,4.2\n";
        let table = PostcodeTable::parse(csv.as_bytes(), "t.csv", Precision::Pc4).unwrap();
        let (la, lo) = table.locate("1011AB").unwrap();
        assert!((la - 52.1).abs() < 1e-9 && (lo - 4.1).abs() < 1e-9);
        let bad = "pc4,latitude,longitude\n1011,52.0,4.0\n1012,north,4.0\n";
        let error = PostcodeTable::parse(bad.as_bytes(), "t.csv", Precision::Pc4).unwrap_err();
        assert_eq!(
            error.to_string(),
            "postcode table t.csv, line 3: latitude is not a coordinate"
        );
        let missing = PostcodeTable::parse(b"pc4,lat,lon\n", "t.csv", Precision::Pc4).unwrap_err();
        assert_eq!(
            missing.to_string(),
            "postcode table t.csv, line 1: no column 'latitude'"
        );
    }

    #[test]
    fn the_shared_pc4_table_loads_when_present() {
        let Some(path) = werkbrug_testkit::standard(
            "geo/nl-pc4-places.csv",
            "the_shared_pc4_table_loads_when_present (the PC4 table)",
        ) else {
            return;
        };
        let table = PostcodeTable::from_file(&path).unwrap();
        assert_eq!(table.len(), 4064);
        // Utrecht centre (3511) to Utrecht Overvecht (3544) is a few kilometres.
        let d = table.distance_km("3511AA", "3544AA").unwrap();
        assert!(d < 8.0, "{d}");
    }
}
