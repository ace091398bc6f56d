//! Property test: profiles built from valid parts validate cleanly, whatever the combination.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use werkbrug_model::codes::*;
use werkbrug_model::common::*;
use werkbrug_model::jobseeker::*;
use werkbrug_model::{DocumentType, JobseekerProfile, SCHEMA_VERSION, Validator};

/// Any code of the code list behind `T`.
fn code<T: From<String> + std::fmt::Debug>(list: &'static str) -> impl Strategy<Value = T> {
    let codes: Vec<String> = werkbrug_model::codelists::expect(list)
        .code_values()
        .map(str::to_owned)
        .collect();
    proptest::sample::select(codes).prop_map(T::from)
}

/// A BSN in the 9999xxxxx test range that passes the elfproef.
fn test_bsn() -> impl Strategy<Value = Bsn> {
    (0u32..10_000)
        .prop_map(|n| format!("99999{n:04}"))
        .prop_filter("passes the elfproef", |b| {
            werkbrug_model::rules::is_valid_bsn(b)
        })
        .prop_map(Bsn)
}

fn postcode() -> impl Strategy<Value = Postcode> {
    (1000u16..=9999, "[A-RT-Z][A-Z]").prop_map(|(n, l)| Postcode(format!("{n}{l}")))
}

fn date_between(from: NaiveDate, days: u64) -> impl Strategy<Value = NaiveDate> {
    (0..days).prop_map(move |d| from + Days::new(d))
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]{0,40}"
}

fn period() -> impl Strategy<Value = (Option<NaiveDate>, Option<NaiveDate>)> {
    let base = NaiveDate::from_ymd_opt(1995, 1, 1).unwrap();
    (date_between(base, 10_000), proptest::option::of(0u64..4000))
        .prop_map(|(start, length)| (Some(start), length.map(|l| start + Days::new(l))))
}

fn person() -> impl Strategy<Value = Person> {
    let born = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap();
    (
        proptest::option::of(text()),
        proptest::option::of(prop_oneof![Just("van der"), Just("de"), Just("van")]),
        text(),
        date_between(born, 18_000),
        proptest::option::of(test_bsn()),
    )
        .prop_map(|(given, prefix, family, birth, bsn)| Person {
            given_names: given,
            family_name_prefix: prefix.map(str::to_owned),
            family_name: Some(family),
            birth_date: Some(birth),
            bsn,
            ..Person::default()
        })
}

fn desired_work() -> impl Strategy<Value = DesiredWork> {
    (
        proptest::collection::vec(text(), 1..3),
        (0u8..=60, 0u8..=39),
        proptest::collection::vec(
            (
                code::<ContractType>("contract-type"),
                code::<AgreementType>("agreement-type"),
            ),
            1..3,
        ),
        proptest::option::of(postcode()),
        proptest::option::of(0u16..=200),
        proptest::collection::vec(code::<TransportMode>("transport-mode"), 0..3),
        proptest::option::of(code::<RemoteWork>("remote-work")),
    )
        .prop_map(
            |(occupations, (min, extra), forms, postcode, distance, transport, remote)| {
                DesiredWork {
                    occupations: occupations
                        .into_iter()
                        .map(|label| Occupation {
                            label: Some(label),
                            ..Occupation::default()
                        })
                        .collect(),
                    working_hours: Some(WorkingHours {
                        hours_per_week_min: Some(min),
                        hours_per_week_max: Some(min + extra.min(99 - min)),
                        ..WorkingHours::default()
                    }),
                    contract_forms: forms
                        .into_iter()
                        .map(|(c, a)| ContractForm {
                            contract_type: Some(c),
                            agreement_type: Some(a),
                        })
                        .collect(),
                    // An object with nothing in it is not a valid part: leave it out.
                    mobility: (postcode.is_some() || distance.is_some() || !transport.is_empty())
                        .then(|| Mobility {
                            postcode,
                            max_distance_km: distance,
                            transport: transport
                                .into_iter()
                                .map(|mode| Transport {
                                    mode: Some(mode),
                                    for_commute: Some(Indication::from("yes")),
                                    for_work: None,
                                })
                                .collect(),
                            ..Mobility::default()
                        }),
                    remote_work: remote,
                    ..DesiredWork::default()
                }
            },
        )
}

fn qualifications() -> impl Strategy<Value = Qualifications> {
    (
        proptest::option::of(code::<WorkAndThinkingLevel>("vum-work-and-thinking-level")),
        proptest::collection::vec(
            (
                text(),
                code::<IscedLevel>("isced-2011"),
                code::<EducationStatus>("education-status"),
                period(),
            ),
            0..3,
        ),
        proptest::collection::vec(
            (
                code::<LanguageProficiency>("language-proficiency"),
                code::<LanguageProficiency>("language-proficiency"),
            ),
            1..2,
        ),
        proptest::collection::vec(code::<DrivingLicenceCategory>("driving-licence"), 0..3),
    )
        .prop_map(|(level, education, dutch, licences)| Qualifications {
            work_and_thinking_level: level,
            education: education
                .into_iter()
                .map(|(name, isced, status, (start, end))| Education {
                    name: Some(name),
                    level: Some(EducationLevel {
                        isced: Some(isced),
                        ..EducationLevel::default()
                    }),
                    status: Some(status),
                    start_date: start,
                    end_date: end,
                    ..Education::default()
                })
                .collect(),
            languages: dutch
                .into_iter()
                .map(|(speaking, reading)| LanguageSkill {
                    language: Some(LanguageCode::from("nld")),
                    speaking: Some(speaking),
                    reading: Some(reading),
                    listening: None,
                    writing: None,
                })
                .collect(),
            driving_licences: licences
                .into_iter()
                .map(|category| DrivingLicence {
                    category,
                    valid_until: None,
                })
                .collect(),
            ..Qualifications::default()
        })
}

fn profile() -> impl Strategy<Value = JobseekerProfile> {
    (
        "[a-z][a-z0-9-]{2,20}",
        "[A-Z0-9]{4,12}",
        proptest::option::of(person()),
        proptest::option::of(desired_work()),
        proptest::option::of(qualifications()),
        proptest::option::of(code::<ParticipationLadderStep>("participation-ladder")),
    )
        .prop_map(
            |(source, local_id, person, desired_work, qualifications, step)| JobseekerProfile {
                document_type: JobseekerProfileType::JobseekerProfile,
                identifiers: vec![SourceIdentifier {
                    source: source.clone(),
                    local_id,
                }],
                metadata: DocumentMetadata {
                    schema_version: SCHEMA_VERSION.to_owned(),
                    source_system: SourceSystem {
                        id: source,
                        organisation: None,
                        oin: None,
                    },
                    created: None,
                    last_modified: "2026-11-01T10:00:00+01:00".parse().unwrap(),
                    consents: Vec::new(),
                },
                person,
                contact: None,
                personal_presentation: None,
                desired_work,
                qualifications,
                support: step.map(|step| Support {
                    participation_ladder: Some(ParticipationLadderAssessment {
                        step,
                        assessed_on: None,
                    }),
                    ..Support::default()
                }),
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_profiles_validate(profile in profile()) {
        let document = serde_json::to_value(&profile).unwrap();
        let report = Validator::shared().validate(&document, DocumentType::JobseekerProfile);
        prop_assert!(report.findings.is_empty(), "{:#?}\n{}", report.findings, document);
        let back: JobseekerProfile = serde_json::from_value(document).unwrap();
        prop_assert_eq!(back, profile);
    }
}
