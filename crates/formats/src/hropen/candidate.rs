//! HR Open Candidate <-> canonical jobseeker profile.

use super::*;

pub(super) fn encode_candidate(p: &JobseekerProfile) -> Value {
    let person = p.person.clone().unwrap_or_default();
    let contact = p.contact.clone().unwrap_or_default();
    let work = p.desired_work.clone().unwrap_or_default();
    let q = p.qualifications.clone().unwrap_or_default();
    let own = local_id(&p.identifiers, &p.metadata);

    let mut formatted: Vec<&str> = Vec::new();
    formatted.extend(person.given_names.as_deref());
    formatted.extend(person.family_name_prefix.as_deref());
    formatted.extend(person.family_name.as_deref());
    let name = object(vec![
        (
            "formattedName",
            (!formatted.is_empty()).then(|| json!(formatted.join(" "))),
        ),
        ("given", person.given_names.clone().map(Value::from)),
        ("family", person.family_name.clone().map(Value::from)),
        (
            "familyPrefix",
            person.family_name_prefix.clone().map(Value::from),
        ),
        ("initials", person.initials.clone().map(Value::from)),
    ]);
    let communication = object(vec![
        (
            "address",
            contact.address.as_ref().map(|a| json!([address_value(a)])),
        ),
        (
            "phone",
            Some(Value::Array(
                contact
                    .phones
                    .iter()
                    .map(|p| json!({"formattedNumber": p.as_given()}))
                    .collect(),
            )),
        ),
        (
            "email",
            Some(Value::Array(
                contact
                    .emails
                    .iter()
                    .filter_map(|e| e.address().map(|a| json!({"address": a.as_str()})))
                    .collect(),
            )),
        ),
        (
            "web",
            Some(Value::Array(
                contact
                    .websites
                    .iter()
                    .filter_map(|w| w.url.as_ref().map(|url| json!({"url": url.as_str()})))
                    .collect(),
            )),
        ),
    ]);
    let hr_person = object(vec![
        ("name", Some(name)),
        ("communication", Some(communication)),
        (
            "legalId",
            person
                .bsn
                .as_ref()
                .map(|b| json!({"value": b.as_str(), "schemeId": "BSN"})),
        ),
        ("birthDate", person.birth_date.map(|d| json!(d.to_string()))),
        (
            "gender",
            person
                .gender
                .as_ref()
                .and_then(|g| g.mapping("hropen"))
                .map(Value::from),
        ),
        (
            "nationality",
            Some(Value::Array(
                person.nationalities.iter().map(|n| json!(n)).collect(),
            )),
        ),
        ("birthPlace", person.birth_place.clone().map(Value::from)),
    ]);

    let education: Vec<Value> = q
        .education
        .iter()
        .map(|e| {
            let status = e
                .status
                .as_ref()
                .and_then(|s| mapped(EducationStatus::code_list(), s.as_str(), "hropen"));
            let isced = e
                .level
                .as_ref()
                .and_then(|l| l.isced.as_ref())
                .map(|i| json!(i.as_str()));
            let degree = object(vec![
                ("name", e.name.clone().map(Value::from)),
                ("date", e.diploma_date.map(|d| json!(d.to_string()))),
                ("degreeGrantedStatus", status.map(Value::from)),
                ("iscedEducationLevelCode", isced),
            ]);
            object(vec![
                ("start", e.start_date.map(|d| json!(d.to_string()))),
                ("end", e.end_date.map(|d| json!(d.to_string()))),
                ("descriptions", e.description.clone().map(|d| json!([d]))),
                (
                    "institution",
                    e.institution.clone().map(|n| json!({"name": n})),
                ),
                ("programs", e.field.clone().map(|f| json!([f]))),
                ("educationDegrees", Some(json!([degree]))),
            ])
        })
        .collect();
    let employment: Vec<Value> = q
        .work_experience
        .iter()
        .map(|w| {
            let history = object(vec![
                (
                    "title",
                    w.occupation
                        .as_ref()
                        .and_then(|o| o.label.clone())
                        .map(Value::from),
                ),
                (
                    "jobCategories",
                    w.occupation
                        .as_ref()
                        .and_then(occupation_entity)
                        .map(|e| json!([e])),
                ),
            ]);
            object(vec![
                ("start", w.start_date.map(|d| json!(d.to_string()))),
                ("end", w.end_date.map(|d| json!(d.to_string()))),
                ("current", w.start_date.map(|_| json!(w.end_date.is_none()))),
                ("descriptions", w.description.clone().map(|d| json!([d]))),
                (
                    "organization",
                    w.organisation_name.clone().map(|n| json!({"name": n})),
                ),
                ("positionHistories", Some(json!([history]))),
            ])
        })
        .collect();
    let licenses: Vec<Value> = q
        .driving_licences
        .iter()
        .map(|l| {
            object(vec![
                ("name", Some(json!(format!("Rijbewijs {}", l.category)))),
                (
                    "type",
                    Some(json!({"code": l.category.as_str(), "name": "driving-licence"})),
                ),
                (
                    "effectiveTimePeriod",
                    l.valid_until.map(|d| json!({"validTo": date_time(d)})),
                ),
            ])
        })
        .collect();
    let certifications: Vec<Value> = q
        .certificates
        .iter()
        .map(|c| {
            object(vec![
                ("name", Some(json!(c.name))),
                (
                    "effectiveTimePeriod",
                    c.valid_until.map(|d| json!({"validTo": date_time(d)})),
                ),
                ("firstIssued", c.issued.map(|d| json!(d.to_string()))),
                (
                    "issuingAuthority",
                    c.issuer.clone().map(|n| json!({"name": n})),
                ),
            ])
        })
        .collect();
    let qualifications: Vec<Value> = q
        .competences
        .iter()
        .filter_map(|c| competence_value(c, false))
        .collect();
    let availability = work.availability.as_ref().map(|a| {
        json!({"availabilityDates": [object(vec![
            ("startDateTime", a.available_from.map(|d| json!(d.to_string()))),
            ("endDateTime", a.available_until.map(|d| json!(d.to_string()))),
        ])]})
    });
    let offering = offering_types(&work.contract_forms);
    let preference = object(vec![
        (
            "jobCategories",
            Some(Value::Array(
                work.occupations
                    .iter()
                    .filter_map(occupation_entity)
                    .collect(),
            )),
        ),
        ("positionOfferingTypeCodes", Some(Value::Array(offering))),
        (
            "remoteWork",
            work.remote_work
                .as_ref()
                .filter(|r| r.as_str() != "noPreference")
                .map(|r| json!({"remoteWorkIndicator": r.as_str() != "onSite"})),
        ),
    ]);
    let profile = object(vec![
        ("education", Some(Value::Array(education))),
        ("employment", Some(Value::Array(employment))),
        ("licenses", Some(Value::Array(licenses))),
        ("certifications", Some(Value::Array(certifications))),
        ("qualifications", Some(Value::Array(qualifications))),
        ("personAvailability", availability),
        (
            "executiveSummary",
            p.personal_presentation.clone().map(Value::from),
        ),
        ("positionPreferences", Some(json!([preference]))),
    ]);
    object(vec![
        (
            "documentId",
            own.map(|i| json!({"value": i.local_id, "schemeAgencyId": i.source})),
        ),
        ("person", Some(hr_person)),
        ("profiles", Some(json!([profile]))),
    ])
}

pub(super) fn decode_candidate(c: &Value, context: &DecodeContext) -> JobseekerProfile {
    let person_value = c.get("person").cloned().unwrap_or_default();
    let name = person_value.get("name").cloned().unwrap_or_default();
    let communication = person_value
        .get("communication")
        .cloned()
        .unwrap_or_default();
    let bsn = person_value
        .get("legalId")
        .filter(|l| l.get("schemeId").and_then(Value::as_str) == Some("BSN"))
        .and_then(|l| text(l.get("value")))
        .filter(|b| matches::<Bsn>(b))
        .map(Bsn);
    let person = Person {
        given_names: text(name.get("given")),
        initials: text(name.get("initials")),
        family_name_prefix: text(name.get("familyPrefix")),
        family_name: text(name.get("family")),
        birth_date: date(person_value.get("birthDate")),
        bsn,
        gender: text(person_value.get("gender")).and_then(|g| Gender::from_mapping("hropen", &g)),
        nationalities: list(person_value.get("nationality"))
            .iter()
            .filter_map(|n| text(Some(n)))
            .collect(),
        birth_place: text(person_value.get("birthPlace")),
        primary_language: None,
    };
    let contact = ContactDetails {
        emails: list(communication.get("email"))
            .iter()
            .filter_map(|e| text(e.get("address")))
            .filter_map(|e| Email::from_source(&e))
            .collect(),
        phones: list(communication.get("phone"))
            .iter()
            .filter_map(|p| text(p.get("formattedNumber")))
            .filter_map(|p| Telephone::from_source(&p))
            .collect(),
        address: list(communication.get("address"))
            .first()
            .and_then(address_of),
        websites: list(communication.get("web"))
            .iter()
            .filter_map(|w| text(w.get("url")))
            .filter_map(|url| WebAddress::from_source(Some(WebAddressType::from("profile")), &url))
            .collect(),
        ..ContactDetails::default()
    };
    let profile = list(c.get("profiles")).first().cloned().unwrap_or_default();
    let education = list(profile.get("education"))
        .iter()
        .map(|e| {
            let degree = list(e.get("educationDegrees"))
                .first()
                .cloned()
                .unwrap_or_default();
            let isced = text(degree.get("iscedEducationLevelCode"))
                .filter(|i| IscedLevel::code_list().contains(i))
                .map(IscedLevel);
            Education {
                name: text(degree.get("name")),
                level: isced.map(|isced| EducationLevel {
                    isced: Some(isced),
                    ..EducationLevel::default()
                }),
                field: list(e.get("programs")).first().and_then(|p| text(Some(p))),
                institution: text(e.get("institution").and_then(|i| i.get("name"))),
                status: text(degree.get("degreeGrantedStatus"))
                    .and_then(|s| code(EducationStatus::code_list(), "hropen", &s)),
                diploma_date: date(degree.get("date")),
                start_date: date(e.get("start")),
                end_date: date(e.get("end")),
                description: list(e.get("descriptions"))
                    .first()
                    .and_then(|d| text(Some(d))),
                ..Education::default()
            }
        })
        .filter(|e| *e != Education::default())
        .collect();
    let work_experience = list(profile.get("employment"))
        .iter()
        .map(|w| {
            let history = list(w.get("positionHistories"))
                .first()
                .cloned()
                .unwrap_or_default();
            let mut occupation = list(history.get("jobCategories"))
                .first()
                .and_then(occupation_of);
            if let Some(title) = text(history.get("title")) {
                occupation.get_or_insert_with(Occupation::default).label = Some(title);
            }
            WorkExperience {
                occupation,
                organisation_name: text(w.get("organization").and_then(|o| o.get("name"))),
                start_date: date(w.get("start")),
                end_date: date(w.get("end")),
                description: list(w.get("descriptions"))
                    .first()
                    .and_then(|d| text(Some(d))),
            }
        })
        .filter(|w| *w != WorkExperience::default())
        .collect();
    let driving_licences = list(profile.get("licenses"))
        .iter()
        .filter_map(|l| {
            let category = text(l.get("type").and_then(|t| t.get("code")))
                .filter(|c| DrivingLicenceCategory::code_list().contains(c))?;
            Some(DrivingLicence {
                category: DrivingLicenceCategory(category),
                valid_until: date(l.get("effectiveTimePeriod").and_then(|p| p.get("validTo"))),
            })
        })
        .collect();
    let certificates = list(profile.get("certifications"))
        .iter()
        .filter_map(|c| {
            Some(Certificate {
                name: text(c.get("name"))?,
                issuer: text(c.get("issuingAuthority").and_then(|a| a.get("name"))),
                issued: date(c.get("firstIssued")),
                valid_until: date(c.get("effectiveTimePeriod").and_then(|p| p.get("validTo"))),
            })
        })
        .collect();
    let competences = list(profile.get("qualifications"))
        .iter()
        .filter_map(competence_of)
        .map(|(c, _)| c)
        .collect();
    let availability = profile
        .get("personAvailability")
        .and_then(|a| list(a.get("availabilityDates")).first().cloned())
        .map(|d| Availability {
            available_from: date(d.get("startDateTime")),
            available_until: date(d.get("endDateTime")),
        })
        .filter(|a| *a != Availability::default());
    let preference = list(profile.get("positionPreferences"))
        .first()
        .cloned()
        .unwrap_or_default();
    let contract_forms = contract_forms_of(list(preference.get("positionOfferingTypeCodes")));
    let remote_work = preference
        .get("remoteWork")
        .and_then(|r| r.get("remoteWorkIndicator"))
        .and_then(Value::as_bool)
        .map(|remote| RemoteWork::from(if remote { "remote" } else { "onSite" }));
    let desired_work = DesiredWork {
        occupations: list(preference.get("jobCategories"))
            .iter()
            .filter_map(occupation_of)
            .collect(),
        contract_forms,
        availability,
        remote_work,
        ..DesiredWork::default()
    };
    let qualifications = Qualifications {
        education,
        work_experience,
        competences,
        driving_licences,
        certificates,
        ..Qualifications::default()
    };
    JobseekerProfile {
        document_type: JobseekerProfileType::JobseekerProfile,
        identifiers: identifiers_of(c, context),
        metadata: context.metadata(),
        person: (person != Person::default()).then_some(person),
        contact: (contact != ContactDetails::default()).then_some(contact),
        personal_presentation: text(profile.get("executiveSummary")),
        desired_work: (desired_work != DesiredWork::default()).then_some(desired_work),
        qualifications: (qualifications != Qualifications::default()).then_some(qualifications),
        support: None,
    }
}
