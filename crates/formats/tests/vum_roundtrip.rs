//! Round trips through the VUM adapter.
//!
//! VUM → canonical → VUM is lossless for documents that use only what both can carry: the output
//! equals the input, and the decode loss report holds only the defaulted provenance.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::Value;
use werkbrug_formats::vum::types::*;
use werkbrug_formats::{DecodeContext, LossKind, registry};
use werkbrug_model::Validator;

fn context() -> DecodeContext {
    DecodeContext::new("vum-testbron", "2026-11-01T12:00:00+01:00".parse().unwrap())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0u64..15_000).prop_map(|d| NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + Days::new(d))
}

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,.'-]{{0,{}}}",
        max - 1
    ))
    .unwrap()
    .prop_map(|s| s.trim_end().to_owned())
    .prop_filter("not blank", |s| !s.is_empty())
}

fn one_of<T: Clone + std::fmt::Debug + 'static>(values: &[T]) -> impl Strategy<Value = T> {
    proptest::sample::select(values.to_vec())
}

fn opt<S: Strategy>(s: S) -> impl Strategy<Value = Option<S::Value>> {
    proptest::option::of(s)
}

fn uri(kind: &'static str) -> impl Strategy<Value = String> {
    (1u32..9_999_999)
        .prop_map(move |n| format!("https://linkeddata.competentnl.nl/uwv/id/{kind}/{n}"))
}

fn indication() -> impl Strategy<Value = i64> {
    one_of(&[0, 1, 2])
}

fn postcode() -> impl Strategy<Value = String> {
    (1000u16..=9999, "[A-RT-Z][A-Z]").prop_map(|(n, l)| format!("{n}{l}"))
}

fn email() -> impl Strategy<Value = String> {
    "[a-z]{1,12}@[a-z]{1,12}\\.(nl|org|example)"
}

fn phone() -> impl Strategy<Value = String> {
    "0[1-9][0-9]{8}"
}

fn languages() -> impl Strategy<Value = Vec<Taalbeheersing>> {
    let level = || opt(one_of(&[0i64, 1, 2, 3, 4, 8]));
    proptest::collection::vec(
        (
            one_of(&["nld", "eng", "deu", "ara", "tur"]),
            level(),
            level(),
            level(),
            level(),
        )
            .prop_map(|(code, a, b, c, d)| Taalbeheersing {
                code_taal: Some(code.to_owned()),
                code_niveau_taalbeheersing_lezen: a,
                code_niveau_taalbeheersing_luisteren: b,
                code_niveau_taalbeheersing_mondeling: c,
                code_niveau_taalbeheersing_schriftelijk: d,
            }),
        0..3,
    )
}

fn contract_forms() -> impl Strategy<Value = Vec<Contractvorm>> {
    proptest::collection::vec(
        (opt(one_of(&["O", "B"])), one_of(&["01", "02", "03", "04"])).prop_map(|(c, o)| {
            Contractvorm {
                code_type_arbeidscontract: c.map(str::to_owned),
                code_type_overeenkomst: Some(o.to_owned()),
            }
        }),
        0..3,
    )
}

fn transport() -> impl Strategy<Value = Vec<Vervoermiddel>> {
    proptest::collection::vec(
        (
            one_of(&[1i64, 2, 3, 4, 5, 9]),
            opt(indication()),
            opt(indication()),
        )
            .prop_map(|(mode, work, commute)| Vervoermiddel {
                code_vervoermiddel: Some(mode),
                indicatie_beschikbaar_voor_uitvoering_werk: work,
                indicatie_beschikbaar_voor_woon_werkverkeer: commute,
            }),
        0..3,
    )
}

fn licences() -> impl Strategy<Value = Vec<Rijbewijs>> {
    proptest::collection::vec(
        one_of(&["A", "AM", "B", "BE", "C", "CE", "D", "T"]).prop_map(|c| Rijbewijs {
            code_soort_rijbewijs: Some(c.to_owned()),
        }),
        0..3,
    )
}

fn werktijden() -> impl Strategy<Value = Werktijden> {
    (0i64..=40, 0i64..=59, opt(indication())).prop_map(|(min, extra, office)| Werktijden {
        aantal_werkuren_per_week_minimaal: Some(min),
        aantal_werkuren_per_week_maximaal: Some((min + extra).min(99)),
        indicatie_kantoortijden: office,
    })
}

fn profile() -> impl Strategy<Value = Werkzoekende> {
    let qualifications = (
        opt(0i64..=7),
        proptest::collection::vec(
            (
                one_of(&[1i64, 2, 3, 4, 5, 6, 9]),
                opt(one_of(&[0i64, 1, 2, 3])),
                opt(one_of(&[0i64, 1, 2, 8])),
                opt(date()),
                opt(text(200)),
            )
                .prop_map(|(level, status, diploma, start, institution)| Opleiding {
                    code_niveau_opleiding: Some(level),
                    code_status_opleiding: status,
                    indicatie_diploma: diploma,
                    datum_aanvang_volgen_opleiding: start,
                    naam_opleidingsinstituut: institution,
                    ..Opleiding::default()
                }),
            0..3,
        ),
        proptest::collection::vec(
            (text(120), opt(one_of(&[0i64, 1, 2, 8]))).prop_map(|(name, certificate)| Cursus {
                naam_cursus: Some(name),
                indicatie_certificaat: certificate,
                ..Cursus::default()
            }),
            0..2,
        ),
        languages(),
        licences(),
        proptest::collection::vec(
            (opt(uri("occupation")), text(70), opt(date())).prop_map(|(beroep, name, start)| {
                WerkervaringWerkzoekende {
                    beroep: beroep.map(|code| Beroep {
                        code_beroepsnaam: Some(code),
                    }),
                    naam_organisatie: Some(name),
                    datum_aanvang_werkzaamheden: start,
                    ..WerkervaringWerkzoekende::default()
                }
            }),
            0..2,
        ),
        proptest::collection::vec(uri("skill"), 0..3),
        proptest::collection::vec(text(120), 0..2),
    )
        .prop_map(
            |(
                level,
                opleiding,
                cursus,
                taal,
                rijbewijs,
                werkervaring,
                competenties,
                interesses,
            )| {
                Arbeidsmarktkwalificatie {
                    code_werk_en_denkniveau_werkzoekende: level,
                    cursus,
                    competentiebeheersing: competenties
                        .into_iter()
                        .map(|c| Competentiebeheersing {
                            code_competentie: Some(c),
                        })
                        .collect(),
                    interesse: interesses
                        .into_iter()
                        .map(|n| Interesse {
                            naam_interesse: Some(n),
                        })
                        .collect(),
                    opleiding,
                    rijbewijs,
                    taalbeheersing: taal,
                    werkervaring,
                }
            },
        );
    (
        "[A-Za-z0-9_.-]{1,30}",
        qualifications,
        proptest::collection::vec(uri("occupation"), 0..3),
        contract_forms(),
        (opt(indication()), opt(indication()), opt(indication())),
        proptest::collection::vec(email(), 0..2),
        (opt(date()), opt(indication())),
        (opt(one_of(&[1i64, 2])), opt(one_of(&[1i64, 2]))),
        (postcode(), opt(0i64..=200), opt(0i64..=180)),
        (
            opt(text(2000)),
            proptest::collection::vec(10i64..99_999, 0..2),
            proptest::collection::vec(phone(), 0..2),
        ),
        transport(),
        (
            opt(werktijden()),
            proptest::collection::vec(
                (text(35), opt(email()), opt(phone())).prop_map(|(name, email, phone)| {
                    ContactpersoonWerkzoekende {
                        naam_contactpersoon_afdeling: Some(name),
                        emailadres: email,
                        telefoonnummer: phone,
                    }
                }),
                0..2,
            ),
        ),
    )
        .prop_map(
            |(
                id,
                a,
                beroepen,
                contract,
                eis,
                emails,
                (from, irregular),
                (available, ldr),
                (pc, km, minutes),
                (presentation, sbi, phones),
                vervoer,
                (tijden, contacts),
            )| {
                Werkzoekende {
                    arbeidsmarktkwalificatie: Some(a),
                    bemiddelingsberoep: beroepen
                        .into_iter()
                        .map(|b| Beroep {
                            code_beroepsnaam: Some(b),
                        })
                        .collect(),
                    contactpersoon: contacts,
                    contractvorm: contract,
                    eis_aan_werk: Some(EisAanWerk {
                        indicatie_aanpassing_werkomgeving: eis.0,
                        indicatie_begeleiding: eis.1,
                        indicatie_werkvariatie: eis.2,
                    }),
                    emailadres: emails,
                    flexibiliteit: Some(Flexibiliteit {
                        datum_aanvang_beschikbaar_voor_werk: from,
                        indicatie_onregelmatig_werk_of_ploegendienst: irregular,
                        datum_einde_beschikbaar_voor_werk: None,
                    }),
                    id_werkzoekende: Some(id),
                    indicatie_beschikbaarheid_contactgegevens: available,
                    indicatie_ldr_registratie: ldr,
                    mobiliteit: Some(Mobiliteit {
                        bemiddelingspostcode: Some(pc),
                        maximale_reisafstand: km,
                        maximale_reistijd: minutes,
                    }),
                    persoonlijke_presentatie: presentation,
                    sector: sbi
                        .into_iter()
                        .map(|c| Sector { code_sbi: Some(c) })
                        .collect(),
                    telefoonnummer: phones,
                    vervoermiddel: vervoer,
                    webadres: Vec::new(),
                    werktijden: tijden,
                }
            },
        )
}

fn vacancy() -> impl Strategy<Value = Vacature> {
    (
        (
            "[A-Za-z0-9_.-]{1,30}",
            text(120),
            opt(text(2000)),
            opt("[A-Z0-9-]{1,11}"),
        ),
        (
            postcode(),
            opt(text(24)),
            opt(1i64..=99_999),
            opt("[A-Z0-9]{1,6}"),
        ),
        (opt(date()), opt(text(2000)), opt(text(100))),
        (
            opt(uri("occupation")),
            opt(0i64..=7),
            opt(10i64..99_999),
            opt(date()),
        ),
        (contract_forms(), languages(), licences(), transport()),
        proptest::collection::vec(uri("skill"), 0..3),
        proptest::collection::vec(
            (
                one_of(&[1i64, 2, 3, 4, 5, 6, 9]),
                opt(one_of(&[0i64, 1, 2, 8])),
            )
                .prop_map(|(level, diploma)| Opleiding {
                    code_niveau_opleiding: Some(level),
                    indicatie_diploma: diploma,
                    ..Opleiding::default()
                }),
            0..2,
        ),
        proptest::collection::vec(
            (one_of(&["1", "2", "3", "4"]), opt("[a-z]{3,10}")).prop_map(|(code, page)| {
                Sollicitatiewijze {
                    code_sollicitatiewijze: Some(code.to_owned()),
                    webadres: page.map(|p| Webadres {
                        code_webadres: Some(4),
                        url: Some(format!("https://werkgever.example/{p}")),
                    }),
                }
            }),
            0..3,
        ),
        (
            opt(text(200)),
            opt(werktijden()),
            opt(0i64..=40),
            opt(indication()),
        ),
    )
        .prop_map(
            |(
                (id, title, description, number),
                (pc, street, number_, addition),
                (start, terms, salary),
                (beroep, level, sbi, closing),
                (contract, taal, rijbewijs, vervoer),
                skills,
                opleiding,
                sollicitatie,
                (employer, tijden, years, irregular),
            )| {
                Vacature {
                    adres: Some(Adres {
                        postcode: Some(pc),
                        straatnaam: street,
                        huisnummer: number_,
                        huisnummertoevoeging: addition,
                    }),
                    arbeids_voorwaarden: Some(ArbeidsVoorwaarden {
                        datum_aanvang_werkzaamheden: start,
                        datum_einde_werkzaamheden: None,
                        omschrijving_arbeidsvoorwaarden: terms,
                        salaris_indicatie: salary,
                    }),
                    beroep: beroep.map(|code| Beroep {
                        code_beroepsnaam: Some(code),
                    }),
                    code_werk_en_denkniveau_minimaal: level.map(|l| l.to_string()),
                    contractvorm: contract,
                    cursus: Vec::new(),
                    flexibiliteit: Some(Flexibiliteit {
                        indicatie_onregelmatig_werk_of_ploegendienst: irregular,
                        ..Flexibiliteit::default()
                    }),
                    competentiebeheersing: skills
                        .into_iter()
                        .map(|c| Competentiebeheersing {
                            code_competentie: Some(c),
                        })
                        .collect(),
                    id_vacature: Some(id),
                    naam_vacature: Some(title),
                    nummer_vacature: number,
                    omschrijving_vacature: description,
                    opleiding,
                    rijbewijs,
                    sector: sbi.map(|c| Sector { code_sbi: Some(c) }),
                    sluitingsdatum_vacature: closing,
                    sollicitatiewijze: sollicitatie,
                    taalbeheersing: taal,
                    vervoermiddel: vervoer,
                    werkervaring: years
                        .map(|y| WerkervaringVacature {
                            aantal_jaren_werkzaam_in_beroep: Some(y),
                        })
                        .into_iter()
                        .collect(),
                    werkgever: employer.map(|name| Werkgever {
                        handelsnaam_organisatie: Some(name),
                        ..Werkgever::default()
                    }),
                    werktijden: tijden,
                }
            },
        )
}

/// VUM documents as the encoder writes them: no empty values.
fn as_written<T: serde::Serialize>(document: &T) -> Value {
    serde_json::to_value(document).unwrap()
}

fn round_trip(input: &Value) -> Result<(), TestCaseError> {
    let vum = registry::get("vum").unwrap();
    let bytes = serde_json::to_vec(input).unwrap();
    let decoded = vum.decode(&bytes, None, &context()).unwrap();
    let report = Validator::shared().validate(
        &decoded.document.to_value(),
        decoded.document.document_type(),
    );
    prop_assert!(report.valid, "{:#?}", report.findings);
    prop_assert!(
        decoded
            .losses
            .entries
            .iter()
            .all(|e| e.kind == LossKind::Defaulted),
        "{:#?}",
        decoded.losses
    );
    let encoded = vum.encode(&decoded.document).unwrap();
    let output: Value = serde_json::from_slice(&encoded.bytes).unwrap();
    prop_assert_eq!(&output, input);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn vum_profiles_survive_canonical_unchanged(profile in profile()) {
        round_trip(&as_written(&profile))?;
    }

    #[test]
    fn vum_vacancies_survive_canonical_unchanged(vacancy in vacancy()) {
        round_trip(&as_written(&vacancy))?;
    }
}
