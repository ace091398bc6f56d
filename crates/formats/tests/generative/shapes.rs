//! Realistic string shapes: what sources put in a field, chosen by the field's name. The values
//! are synthetic; none is a real person's.

use proptest::prelude::RngExt;
use proptest::test_runner::TestRng;

fn pick<'a>(rng: &mut TestRng, options: &[&'a str]) -> &'a str {
    options[rng.random_range(0..options.len())]
}

fn digits(rng: &mut TestRng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
        .collect()
}

/// A telephone number in one of the notations Dutch sources use, at most 14 characters (VUM's
/// limit): `0612345678`, `06-12345678`, `(088)-6414792`, `0375-306375`, `+3148-6025964`,
/// `+31 6 1234 5678`, `06 12 34 56 78`, `0031612345678`, `14 020`.
pub fn phone(rng: &mut TestRng) -> String {
    match rng.random_range(0..9) {
        0 => format!("06{}", digits(rng, 8)),
        1 => format!("06-{}", digits(rng, 8)),
        2 => format!("(0{})-{}", digits(rng, 2), digits(rng, 7)),
        3 => format!("0{}-{}", digits(rng, 3), digits(rng, 6)),
        4 => format!("+31{}-{}", digits(rng, 2), digits(rng, 7)),
        5 => format!("+316 {} {}", digits(rng, 4), digits(rng, 4)),
        6 => format!(
            "06 {} {} {}",
            digits(rng, 2),
            digits(rng, 2),
            digits(rng, 2)
        ),
        7 => format!("00316{}", digits(rng, 8)),
        _ => format!("14 0{}", digits(rng, 2)),
    }
}

/// An e-mail address; unless `strict`, now and then in a form that is not one (`info(at)...`).
pub fn email(rng: &mut TestRng, strict: bool) -> String {
    let user = pick(
        rng,
        &["info", "werk", "jan.test", "a.voorbeeld", "hr", "vacatures"],
    );
    let domain = pick(
        rng,
        &[
            "example.org",
            "example.nl",
            "voorbeeld.example",
            "test.example",
        ],
    );
    match rng.random_range(0..10) {
        0 if !strict => format!("{user}(at){domain}"),
        1 if !strict => format!("{user}@localhost"),
        _ => format!("{user}@{domain}"),
    }
}

/// A web address: with a scheme, without one (`www.example.nl`), or with a path.
pub fn url(rng: &mut TestRng, scheme: bool) -> String {
    let host = pick(
        rng,
        &["www.example.nl", "voorbeeld.example", "werk.example.org"],
    );
    let path = pick(rng, &["", "/cv", "/vacatures/1234", "/profiel?id=7"]);
    if scheme || rng.random_bool(0.7) {
        format!("{}://{host}{path}", pick(rng, &["https", "http"]))
    } else {
        format!("{host}{path}")
    }
}

/// A taxonomy code as sources send it: a CompetentNL or ESCO URI, a legacy UWV code
/// (`0000000006`) or free text.
pub fn taxonomy_code(rng: &mut TestRng, kind: &str) -> String {
    match rng.random_range(0..6) {
        0 | 1 => format!(
            "https://linkeddata.competentnl.nl/uwv/id/{kind}/{}",
            digits(rng, 7)
        ),
        2 => format!(
            "http://data.europa.eu/esco/{kind}/{}-{}-4{}-8{}-{}",
            digits(rng, 8),
            digits(rng, 4),
            digits(rng, 3),
            digits(rng, 3),
            digits(rng, 12)
        ),
        3 => format!("000000{}", digits(rng, 4)),
        4 => digits(rng, 6),
        _ => pick(
            rng,
            &[
                "heftruck rijden",
                "klantgericht werken",
                "orderpicker",
                "BEROEP-1234",
            ],
        )
        .to_owned(),
    }
}

/// A date, any day from 1950 to 2035, so that periods come in any order.
pub fn date(rng: &mut TestRng) -> String {
    format!(
        "{}-{:02}-{:02}",
        rng.random_range(1950..=2035),
        rng.random_range(1..=12),
        rng.random_range(1..=28)
    )
}

/// A date and time, with or without an offset.
pub fn date_time(rng: &mut TestRng) -> String {
    let time = format!(
        "{:02}:{:02}:{:02}",
        rng.random_range(0..24),
        rng.random_range(0..60),
        rng.random_range(0..60)
    );
    let zone = pick(rng, &["Z", "+01:00", "+02:00"]);
    format!("{}T{time}{zone}", date(rng))
}

const WORDS: &[&str] = &[
    "magazijn",
    "logistiek",
    "zorg",
    "Voorbeeld",
    "medewerker",
    "Utrecht",
    "Zwolle",
    "team",
    "onderhoud",
    "klant",
    "planning",
    "techniek",
    "schoonmaak",
    "heftruck",
    "opleiding",
    "B.V.",
];

/// Words up to `max` characters.
pub fn words(rng: &mut TestRng, max: usize) -> String {
    let count = rng.random_range(1..=4);
    let mut text = String::new();
    for i in 0..count {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(pick(rng, WORDS));
    }
    text.chars()
        .take(max.max(1))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A value for the property at `path` (its names, `/person/gender/value`): its shape follows
/// what the names say it holds.
pub fn by_name(rng: &mut TestRng, path: &str, max: usize, long: bool) -> String {
    let lower = path.to_ascii_lowercase();
    let mut names = lower.rsplit('/');
    let name = names.next().unwrap_or_default();
    let parent = names.next().unwrap_or_default();
    let shaped = if name.contains("telefoon") || name.contains("phone") || name == "formattednumber"
    {
        phone(rng)
    } else if name.contains("email") || parent == "email" && name == "address" {
        email(rng, false)
    } else if name == "url" || name.contains("webadres") || name == "uri" {
        url(rng, false)
    } else if name == "codecompetentie" || parent == "competencyids" && name == "value" {
        taxonomy_code(rng, "competence")
    } else if name == "codeberoepsnaam" {
        taxonomy_code(rng, "occupation")
    } else if parent == "gender" || name == "gender" {
        pick(rng, &["0", "1", "2", "9", "Male", "Female", "X"]).to_owned()
    } else if name.contains("postalcode") || name == "postcode" {
        match rng.random_range(0..4) {
            0 => format!("{} {}", digits(rng, 4), pick(rng, &["AB", "XY", "KL"])),
            1 => format!("{}{}", digits(rng, 4), pick(rng, &["ab", "cd"])),
            _ => format!("{}{}", digits(rng, 4), pick(rng, &["AB", "XY", "KL", "QN"])),
        }
    } else if parent == "countrycode" || name == "countrycode" {
        pick(rng, &["NL", "NL", "NL", "BE", "DE"]).to_owned()
    } else if name == "housenumber" {
        match rng.random_range(0..6) {
            0 => format!("{}a", rng.random_range(1..400)),
            _ => rng.random_range(1..400).to_string(),
        }
    } else if parent == "primarylanguage" || name == "primarylanguage" {
        pick(rng, &["nl", "NL", "nl-NL", "en", "ar"]).to_owned()
    } else if name == "nationality" || name == "birthplace" {
        pick(
            rng,
            &["NL", "Nederlandse", "Amsterdam", "BE", "Marokkaanse"],
        )
        .to_owned()
    } else if name.starts_with("id") || name == "value" {
        format!(
            "{}-{}",
            pick(rng, &["WZ", "VAC", "SO", "HR", "39fc74 8a3ac"]),
            digits(rng, 5)
        )
    } else if long {
        return words(rng, 40).repeat(30).trim().to_owned();
    } else {
        words(rng, max)
    };
    if shaped.chars().count() <= max {
        shaped
    } else {
        words(rng, max)
    }
}
