//! SETU → canonical → SETU is lossless for messages that use only what werkbrug carries: the
//! output equals the input and the decode loss report holds only defaulted provenance. Through
//! both wire forms.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::Value;
use werkbrug_formats::setu::types::*;
use werkbrug_formats::{DecodeContext, LossKind, registry};

const SOURCE: &str = "uitzendbureau-voorbeeld";

fn context() -> DecodeContext {
    DecodeContext::new(SOURCE, "2026-11-01T12:00:00+01:00".parse().unwrap())
}

fn id(value: &str, agency: &str) -> SchemeId {
    SchemeId {
        value: value.to_owned(),
        scheme_agency_id: agency.to_owned(),
    }
}

fn date() -> impl Strategy<Value = String> {
    (0u64..12_000)
        .prop_map(|d| (NaiveDate::from_ymd_opt(1995, 1, 1).unwrap() + Days::new(d)).to_string())
}

fn word() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{1,12}"
}

fn hours() -> impl Strategy<Value = f64> {
    (1u8..=60).prop_map(f64::from)
}

fn weekly(value: f64) -> Duration {
    Duration {
        value,
        unit_code: wrapped("Hours"),
    }
}

/// A SETU `{"value": ...}` wrapper.
fn wrapped(v: &str) -> werkbrug_formats::setu::types::Value {
    werkbrug_formats::setu::types::Value {
        value: v.to_owned(),
    }
}

fn human_resource() -> impl Strategy<Value = HumanResource> {
    (
        "[A-Z0-9-]{3,20}",
        (
            proptest::collection::vec(word(), 1..3),
            proptest::option::of(prop_oneof![Just("van"), Just("de"), Just("van der")]),
            word(),
        ),
        proptest::option::of(date()),
        proptest::collection::vec("[a-z]{2,10}@[a-z]{2,10}\\.nl", 0..3),
        proptest::collection::vec("06[0-9]{8}", 0..2),
        proptest::collection::vec((word(), proptest::option::of(date())), 0..3),
        proptest::option::of(hours()),
        proptest::option::of(date()),
    )
        .prop_map(
            |(local, (given, prefix, family), birth, emails, phones, certificates, hours, from)| {
                let mut formatted = given.clone();
                formatted.extend(prefix.map(str::to_owned));
                formatted.push(family.clone());
                HumanResource {
                    xmlns: None,
                    document_id: id(&local, "Supplier"),
                    supplier: Party {
                        id: vec![id(SOURCE, "Supplier")],
                        ..Party::default()
                    },
                    customer: Party {
                        id: vec![id("unknown", "Customer")],
                        ..Party::default()
                    },
                    person: Person {
                        birth_date: birth,
                        id: vec![id(&local, "Supplier")],
                        name: Name {
                            formatted_name: formatted.join(" "),
                            given,
                            family: Some(family),
                            family_prefix: prefix.map(str::to_owned),
                            ..Name::default()
                        },
                        communication: Communication {
                            address: None,
                            phone: phones
                                .into_iter()
                                .map(|p| Phone {
                                    formatted_number: p,
                                    name: None,
                                    use_code: "Private".into(),
                                })
                                .collect(),
                            email: emails
                                .into_iter()
                                .map(|e| Email {
                                    address: e,
                                    name: None,
                                    use_code: Some("Private".into()),
                                })
                                .collect(),
                        },
                        ..Person::default()
                    },
                    profiles: {
                        let profiles = Profiles {
                            certifications: certificates
                                .into_iter()
                                .map(|(name, issued)| Certification {
                                    name,
                                    first_issued: issued,
                                    ..Certification::default()
                                })
                                .collect(),
                            person_availability: from.map(|f| PersonAvailability {
                                availability_dates: vec![AvailabilityDate {
                                    start_date_time: f,
                                    end_date_time: None,
                                }],
                            }),
                            working_periods: hours
                                .map(|h| ProfileWorkingPeriod {
                                    work_duration: weekly(h),
                                    base_duration: Duration {
                                        value: 1.0,
                                        unit_code: wrapped("Weekly"),
                                    },
                                })
                                .into_iter()
                                .collect(),
                            ..Profiles::default()
                        };
                        (profiles != Profiles::default()).then_some(profiles)
                    },
                    ..HumanResource::default()
                }
            },
        )
}

fn staffing_order() -> impl Strategy<Value = StaffingOrder> {
    (
        "[A-Z0-9-]{3,20}",
        (word(), proptest::option::of("[0-9]{8}")),
        proptest::collection::vec(
            (word(), proptest::option::of("[a-z]{2,10}@[a-z]{2,10}\\.nl")),
            1..3,
        ),
        (1000u16..9999, "[A-RT-Z][A-Z]", proptest::option::of(word())),
        date(),
        (proptest::option::of(hours()), proptest::option::of(hours())),
        proptest::option::of(prop_oneof![
            Just("DirectHire"),
            Just("Temporary"),
            Just("Apprenticeship")
        ]),
        proptest::option::of(1u32..20),
    )
        .prop_map(
            |(
                local,
                (title, kvk),
                contacts,
                (pc, letters, city),
                start,
                (min, max),
                offering,
                quantity,
            )| {
                let (min, max) = match (min, max) {
                    (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                    other => other,
                };
                StaffingOrder {
                    xmlns: None,
                    document_id: id(&local, "Customer"),
                    supplier: None,
                    customer: Party {
                        legal_id: kvk.map(|k| id(&k, "KvK")),
                        person_contacts: contacts
                            .into_iter()
                            .map(|(name, email)| PersonContact {
                                name: FormattedName {
                                    formatted_name: name,
                                },
                                communication: email.map(|e| ContactCommunication {
                                    phone: Vec::new(),
                                    email: vec![Email {
                                        address: e,
                                        name: None,
                                        use_code: Some("Business".into()),
                                    }],
                                }),
                                role_code: None,
                            })
                            .collect(),
                        ..Party::default()
                    },
                    order_type: "Order".into(),
                    position_profile: PositionProfile {
                        position_title: Some(title),
                        position_location: PositionLocation {
                            city,
                            postal_code: Some(format!("{pc}{letters}")),
                            ..PositionLocation::default()
                        },
                        position_open_quantity: quantity,
                        position_offering_types: offering.map(wrapped),
                        position_period: DatePeriod { start, end: None },
                        working_periods: vec![OrderWorkingPeriod {
                            work_duration: None,
                            minimum_work_duration: min.map(weekly),
                            maximum_work_duration: max.map(weekly),
                            base_duration: Duration {
                                value: 1.0,
                                unit_code: wrapped("Weekly"),
                            },
                        }],
                        ..PositionProfile::default()
                    },
                    ..StaffingOrder::default()
                }
            },
        )
}

fn lossless(message: Value) -> Result<(), TestCaseError> {
    let json = registry::get("setu-json").unwrap();
    let xml = registry::get("setu-xml").unwrap();
    let decoded = json
        .decode(message.to_string().as_bytes(), None, &context())
        .unwrap();
    prop_assert!(
        decoded
            .losses
            .entries
            .iter()
            .all(|e| e.kind == LossKind::Defaulted),
        "{:#?}",
        decoded.losses
    );
    let again: Value =
        serde_json::from_slice(&json.encode(&decoded.document).unwrap().bytes).unwrap();
    prop_assert_eq!(&again, &message);
    let through_xml = xml
        .decode(
            &xml.encode(&decoded.document).unwrap().bytes,
            None,
            &context(),
        )
        .unwrap();
    prop_assert_eq!(through_xml.document, decoded.document);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn human_resources_survive_canonical_unchanged(message in human_resource()) {
        lossless(serde_json::to_value(&message).unwrap())?;
    }

    #[test]
    fn staffing_orders_survive_canonical_unchanged(message in staffing_order()) {
        lossless(serde_json::to_value(&message).unwrap())?;
    }
}
