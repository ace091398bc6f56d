//! The VUM adapter implements the documented mapping (`schema/v1/vum-mapping.csv`): for every
//! VUM element, a document holding just that element decodes into the documented canonical
//! property, and encodes back to the element. The mapping table in `docs/formats/vum.md` is the
//! CSV, rendered; a test fails when it is stale (`WERKBRUG_BLESS=1` rewrites it).

use std::path::PathBuf;

use serde_json::{Map, Value, json};
use werkbrug_formats::{DecodeContext, registry};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

struct Row {
    document: String,
    vum_path: String,
    entity: String,
    attribute: String,
    canonical_path: String,
    code_list: String,
    notes: String,
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("schema/v1/vum-mapping.csv")).unwrap();
    let mut lines = text.lines();
    lines.next();
    lines
        .map(|line| {
            // The CSV has no quoted fields with commas except in notes, which come last.
            let fields: Vec<&str> = line.splitn(7, ',').collect();
            Row {
                document: fields[0].into(),
                vum_path: fields[1].into(),
                entity: fields[2].into(),
                attribute: fields[3].into(),
                canonical_path: fields[4].into(),
                code_list: fields[5].into(),
                notes: fields[6].trim_matches('"').into(),
            }
        })
        .collect()
}

/// VUM codes that travel as JSON strings; the others are integers.
const STRING_CODES: &[&str] = &[
    "codeTypeArbeidscontract",
    "codeTypeOvereenkomst",
    "codeSollicitatiewijze",
    "codeWerkEnDenkniveauMinimaal",
    "codeSoortRijbewijs",
];

/// A value VUM accepts for the element at the end of `row.vum_path`.
fn sample(row: &Row) -> Value {
    let leaf = row
        .vum_path
        .rsplit('.')
        .next()
        .unwrap()
        .trim_end_matches("[]");
    if !row.code_list.is_empty() {
        let list = werkbrug_model::codelists::expect(&row.code_list);
        let code = list
            .codes
            .iter()
            .filter_map(|c| c.mappings.get("vum"))
            .find(|c| c.as_str() != "0")
            .unwrap();
        return if STRING_CODES.contains(&leaf) {
            json!(code)
        } else {
            json!(code.parse::<i64>().unwrap())
        };
    }
    match leaf {
        l if l.starts_with("datum") || l == "sluitingsdatumVacature" => json!("2026-05-04"),
        "codeSbi" => json!(7810),
        "huisnummer"
        | "maximaleReisafstand"
        | "maximaleReistijd"
        | "aantalJarenWerkzaamInBeroep"
        | "aantalWerkurenPerWeekMaximaal"
        | "aantalWerkurenPerWeekMinimaal" => json!(12),
        "indicatieBeschikbaarheidContactgegevens" | "indicatieLdrRegistratie" => json!(1),
        "url" => json!("https://voorbeeld.example/pagina"),
        "codeBeroepsnaam" => json!("https://linkeddata.competentnl.nl/uwv/id/occupation/1"),
        "codeCompetentie" => json!("https://linkeddata.competentnl.nl/uwv/id/skill/1"),
        "emailadres" => json!("iemand@voorbeeld.example"),
        "telefoonnummer" => json!("0301234567"),
        "postcode" | "bemiddelingspostcode" => json!("3511AB"),
        "codeTaal" => json!("nld"),
        "codeOpleidingsnaam" => json!("25393"),
        "huisnummertoevoeging" => json!("A"),
        "nummerVacature" => json!("N-1"),
        "idWerkzoekende" | "idVacature" => json!("ID-1"),
        _ => json!("Voorbeeld"),
    }
}

/// Sets `value` at a dotted path with `[]` for arrays (one item each).
fn set(document: &mut Value, path: &str, value: Value) {
    let mut node = document;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let (name, array) = match segment.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (*segment, false),
        };
        let object = node.as_object_mut().unwrap();
        if array {
            let items = object.entry(name).or_insert_with(|| json!([]));
            if last {
                *items = json!([value]);
                return;
            }
            if items.as_array().unwrap().is_empty() {
                items
                    .as_array_mut()
                    .unwrap()
                    .push(Value::Object(Map::new()));
            }
            node = &mut items.as_array_mut().unwrap()[0];
        } else if last {
            object.insert(name.into(), value);
            return;
        } else {
            node = object
                .entry(name)
                .or_insert_with(|| Value::Object(Map::new()));
        }
    }
}

/// The value at a dotted canonical path, following the first item of arrays.
fn get<'v>(document: &'v Value, path: &str) -> Option<&'v Value> {
    let mut node = document;
    for segment in path.split('.') {
        match segment.strip_suffix("[]") {
            Some(name) => node = node.get(name)?.get(0)?,
            None => node = node.get(segment)?,
        }
    }
    Some(node)
}

#[test]
fn every_mapped_element_decodes_to_its_documented_property_and_back() {
    let vum = registry::get("vum").unwrap();
    let context = DecodeContext::new("vum-testbron", "2026-11-01T12:00:00Z".parse().unwrap());
    let mut problems = Vec::new();
    let rows = rows();
    assert!(rows.len() >= 111);
    for row in &rows {
        let id = if row.document == "jobseeker-profile" {
            "idWerkzoekende"
        } else {
            "idVacature"
        };
        let mut document = json!({ id: "ID-1" });
        if row.document == "vacancy" {
            // The canonical model requires a title; without one the decoder makes one up.
            document["naamVacature"] = json!("Vacature");
        }
        let value = sample(row);
        set(&mut document, &row.vum_path, value.clone());
        // Some elements only make sense with a companion (a web address needs its kind and URL).
        if row.vum_path.ends_with("webadres[].url") || row.vum_path.ends_with("webadres.url") {
            set(
                &mut document,
                &row.vum_path.replace(".url", ".codeWebadres"),
                json!(4),
            );
        }
        if row.vum_path.ends_with("webadres[].codeWebadres")
            || row.vum_path.ends_with("webadres.codeWebadres")
        {
            set(
                &mut document,
                &row.vum_path.replace(".codeWebadres", ".url"),
                json!("https://voorbeeld.example"),
            );
        }
        if row.vum_path.starts_with("sollicitatiewijze[].webadres") {
            set(
                &mut document,
                "sollicitatiewijze[].codeSollicitatiewijze",
                json!("4"),
            );
        }
        if row.vum_path.contains("taalbeheersing[].codeNiveau") {
            let language = row
                .vum_path
                .replace(row.vum_path.rsplit('.').next().unwrap(), "codeTaal");
            set(&mut document, &language, json!("nld"));
        }
        if row.vum_path.contains("vervoermiddel[].indicatie") {
            set(&mut document, "vervoermiddel[].codeVervoermiddel", json!(1));
        }
        let decoded = match vum.decode(document.to_string().as_bytes(), None, &context) {
            Ok(d) => d,
            Err(e) => {
                problems.push(format!("{}: {e}", row.vum_path));
                continue;
            }
        };
        let canonical = decoded.document.to_value();
        if get(&canonical, &row.canonical_path).is_none() {
            problems.push(format!(
                "{} did not arrive at {}",
                row.vum_path, row.canonical_path
            ));
        }
        let losses: Vec<_> = decoded
            .losses
            .entries
            .iter()
            .filter(|e| e.kind.name() != "defaulted")
            .collect();
        if !losses.is_empty() {
            problems.push(format!("{}: decode lost {losses:?}", row.vum_path));
        }
        let back: Value =
            serde_json::from_slice(&vum.encode(&decoded.document).unwrap().bytes).unwrap();
        if back != document {
            problems.push(format!("{}: came back as {back}", row.vum_path));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_documented_mapping_table_is_the_csv() {
    let mut table = String::from(
        "| Document | VUM element | VUM entity / attribute (data standard 1.5) | Canonical property | Code list | Notes |\n|---|---|---|---|---|---|\n",
    );
    for row in rows() {
        table.push_str(&format!(
            "| {} | `{}` | {} / {} | `{}` | {} | {} |\n",
            row.document,
            row.vum_path,
            row.entity,
            row.attribute,
            row.canonical_path,
            if row.code_list.is_empty() {
                String::new()
            } else {
                format!("`{}`", row.code_list)
            },
            row.notes
        ));
    }
    let path = root().join("docs/formats/vum.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- mapping:begin -->\n", "<!-- mapping:end -->");
    let start = doc.find(begin).expect("vum.md has a mapping:begin marker") + begin.len();
    let stop = doc.find(end).expect("vum.md has a mapping:end marker");
    if std::env::var_os("WERKBRUG_BLESS").is_some() {
        std::fs::write(&path, format!("{}{table}{}", &doc[..start], &doc[stop..])).unwrap();
    } else {
        assert!(
            doc[start..stop] == table,
            "docs/formats/vum.md has a stale mapping table: run with WERKBRUG_BLESS=1"
        );
    }
}
