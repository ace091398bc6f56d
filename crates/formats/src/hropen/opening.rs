//! HR Open PositionOpening <-> canonical vacancy.

use super::*;

pub(super) fn encode_opening(v: &Vacancy) -> Value {
    let employer = v.employer.clone().unwrap_or_default();
    let requirements = v.requirements.clone().unwrap_or_default();
    let terms = v.terms.clone().unwrap_or_default();
    let own = local_id(&v.identifiers, &v.metadata);
    let requester = object(vec![
        (
            "id",
            Some(
                json!({"value": employer.kvk_number.as_ref().map_or("employer", KvkNumber::as_str)}),
            ),
        ),
        ("name", employer.name.clone().map(Value::from)),
        (
            "legalId",
            employer
                .kvk_number
                .as_ref()
                .map(|k| json!({"value": k.as_str(), "schemeId": "KvK"})),
        ),
        (
            "communication",
            Some(object(vec![(
                "web",
                Some(Value::Array(
                    employer
                        .websites
                        .iter()
                        .filter_map(|w| w.url.as_ref().map(|url| json!({"url": url.as_str()})))
                        .collect(),
                )),
            )])),
        ),
    ]);
    let mut competencies: Vec<Value> = requirements
        .required_competences
        .iter()
        .filter_map(|c| competence_value(c, false))
        .collect();
    competencies.extend(
        requirements
            .optional_competences
            .iter()
            .filter_map(|c| competence_value(c, true)),
    );
    let education = requirements.education.first().map(|e| {
        object(vec![
            (
                "iscedEducationLevelCode",
                e.level
                    .as_ref()
                    .and_then(|l| l.isced.as_ref())
                    .map(|i| json!(i.as_str())),
            ),
            ("programs", e.field.clone().map(|f| json!([f]))),
        ])
    });
    let qualification = object(vec![
        ("positionCompetencies", Some(Value::Array(competencies))),
        ("educationRequirement", education),
        (
            "experienceSummary",
            requirements
                .work_experience
                .iter()
                .find_map(|w| w.min_years)
                .map(|y| json!([{"measure": {"value": y, "unitCode": "ANN"}}])),
        ),
        (
            "licences",
            Some(Value::Array(
                requirements
                    .driving_licences
                    .iter()
                    .map(|l| json!(l.category.as_str()))
                    .collect(),
            )),
        ),
    ]);
    let offering = offering_types(&terms.contract_forms);
    let hours = terms
        .working_hours
        .as_ref()
        .and_then(|h| h.hours_per_week_max);
    let salary = terms.salary.clone().unwrap_or_default();
    let range = object(vec![
        (
            "minimumAmount",
            salary
                .min
                .clone()
                .map(|m| json!({"value": m, "currency": "EUR"})),
        ),
        (
            "maximumAmount",
            salary
                .max
                .clone()
                .map(|m| json!({"value": m, "currency": "EUR"})),
        ),
        (
            "intervalCode",
            salary
                .period
                .as_ref()
                .and_then(|p| mapped(SalaryPeriod::code_list(), p.as_str(), "hropen"))
                .map(Value::from),
        ),
    ]);
    let has_amount =
        salary.currency == Some(Currency::Eur) && (salary.min.is_some() || salary.max.is_some());
    let package = object(vec![
        ("ranges", has_amount.then(|| json!([range]))),
        (
            "descriptions",
            salary.indication.clone().map(|i| json!([i])),
        ),
    ]);
    let location = v.location.clone().unwrap_or_default();
    let profile = object(vec![
        ("positionId", v.vacancy_number.clone().map(|n| json!({"value": n}))),
        ("positionTitle", v.title.as_ref().map(|t| json!(t))),
        ("positionLocation", location.address.as_ref().map(|a| json!([address_value(a)]))),
        ("positionOpenQuantity", v.positions.map(Value::from)),
        ("jobCategories", v.occupation.as_ref().and_then(occupation_entity).map(|e| json!([e]))),
        ("positionOfferingTypes", Some(Value::Array(offering))),
        ("positionQualifications", Some(json!([qualification]))),
        ("positionFormattedDescriptions", v.description.clone().map(|d| json!([{"content": d}]))),
        (
            "positionPeriod",
            Some(object(vec![
                ("start", terms.start_date.map(|d| json!(d.to_string()))),
                ("end", terms.end_date.map(|d| json!(d.to_string()))),
            ])),
        ),
        (
            "workingPeriods",
            hours.map(|h| json!([{"workDuration": {"value": h, "unitCode": "HUR"}, "baseDuration": {"value": 1, "unitCode": "WEE"}}])),
        ),
        (
            "remoteWork",
            location.remote_work.as_ref().map(|r| json!({"remoteWorkIndicator": r.as_str() != "onSite"})),
        ),
        ("offeredRemunerationPackage", Some(package)),
    ]);
    object(vec![
        (
            "documentId",
            own.map(|i| json!({"value": i.local_id, "schemeAgencyId": i.source})),
        ),
        (
            "statusCode",
            mapped(VacancyStatus::code_list(), v.status.as_str(), "hropen").map(Value::from),
        ),
        ("postingRequester", Some(requester)),
        ("positionProfiles", Some(json!([profile]))),
    ])
}

pub(super) fn decode_opening(o: &Value, context: &DecodeContext) -> Vacancy {
    let requester = o.get("postingRequester").cloned().unwrap_or_default();
    let kvk = requester
        .get("legalId")
        .filter(|l| l.get("schemeId").and_then(Value::as_str) == Some("KvK"))
        .and_then(|l| text(l.get("value")))
        .filter(|k| matches::<KvkNumber>(k))
        .map(KvkNumber);
    let employer = Employer {
        name: text(requester.get("name")),
        kvk_number: kvk,
        websites: list(requester.get("communication").and_then(|c| c.get("web")))
            .iter()
            .filter_map(|w| text(w.get("url")))
            .filter_map(|url| WebAddress::from_source(Some(WebAddressType::from("employer")), &url))
            .collect(),
        ..Employer::default()
    };
    let profile = list(o.get("positionProfiles"))
        .first()
        .cloned()
        .unwrap_or_default();
    let qualification = list(profile.get("positionQualifications"))
        .first()
        .cloned()
        .unwrap_or_default();
    let (mut required, mut optional) = (Vec::new(), Vec::new());
    for (competence, is_optional) in list(qualification.get("positionCompetencies"))
        .iter()
        .filter_map(competence_of)
    {
        if is_optional {
            optional.push(competence);
        } else {
            required.push(competence);
        }
    }
    let education = qualification
        .get("educationRequirement")
        .map(|e| Education {
            level: text(e.get("iscedEducationLevelCode"))
                .filter(|i| IscedLevel::code_list().contains(i))
                .map(|i| EducationLevel {
                    isced: Some(IscedLevel(i)),
                    ..EducationLevel::default()
                }),
            field: list(e.get("programs")).first().and_then(|p| text(Some(p))),
            ..Education::default()
        });
    let years = list(qualification.get("experienceSummary"))
        .iter()
        .filter_map(|e| e.get("measure"))
        .find(|m| m.get("unitCode").and_then(Value::as_str) == Some("ANN"))
        .and_then(|m| m.get("value"))
        .and_then(Value::as_u64)
        .and_then(|y| u8::try_from(y).ok());
    let requirements = VacancyRequirements {
        education: education
            .filter(|e| *e != Education::default())
            .into_iter()
            .collect(),
        work_experience: years
            .map(|y| ExperienceRequirement {
                occupation: None,
                min_years: Some(y.min(99)),
            })
            .into_iter()
            .collect(),
        required_competences: required,
        optional_competences: optional,
        driving_licences: list(qualification.get("licences"))
            .iter()
            .filter_map(|l| l.as_str())
            .filter(|l| DrivingLicenceCategory::code_list().contains(l))
            .map(|l| DrivingLicence {
                category: DrivingLicenceCategory::from(l),
                valid_until: None,
            })
            .collect(),
        ..VacancyRequirements::default()
    };
    let hours = list(profile.get("workingPeriods")).first().and_then(|w| {
        let work = w.get("workDuration")?;
        let base = w.get("baseDuration")?;
        let per_week = work.get("unitCode")?.as_str()? == "HUR"
            && base.get("unitCode")?.as_str()? == "WEE"
            && base.get("value")?.as_f64()? == 1.0;
        let value = work.get("value")?.as_f64()?;
        (per_week && value.fract() == 0.0 && (0.0..=99.0).contains(&value)).then_some(value as u8)
    });
    let package = profile
        .get("offeredRemunerationPackage")
        .cloned()
        .unwrap_or_default();
    let range = list(package.get("ranges"))
        .first()
        .cloned()
        .unwrap_or_default();
    let amount = |key: &str| {
        range
            .get(key)
            .filter(|a| a.get("currency").and_then(Value::as_str) == Some("EUR"))
            .and_then(|a| a.get("value"))
            .and_then(Value::as_number)
            .cloned()
    };
    let salary = Salary {
        min: amount("minimumAmount"),
        max: amount("maximumAmount"),
        currency: None,
        period: text(range.get("intervalCode"))
            .and_then(|i| code(SalaryPeriod::code_list(), "hropen", &i)),
        indication: list(package.get("descriptions"))
            .first()
            .and_then(|d| text(Some(d))),
    };
    let salary = Salary {
        currency: (salary.min.is_some() || salary.max.is_some()).then_some(Currency::Eur),
        ..salary
    };
    let contract_forms = contract_forms_of(list(profile.get("positionOfferingTypes")));
    let period = profile.get("positionPeriod").cloned().unwrap_or_default();
    let terms = EmploymentTerms {
        working_hours: hours.map(|h| WorkingHours {
            hours_per_week_max: Some(h),
            ..WorkingHours::default()
        }),
        contract_forms,
        salary: (salary != Salary::default()).then_some(salary),
        start_date: date(period.get("start")),
        end_date: date(period.get("end")),
        ..EmploymentTerms::default()
    };
    let address = list(profile.get("positionLocation"))
        .first()
        .and_then(address_of);
    let remote = profile
        .get("remoteWork")
        .and_then(|r| r.get("remoteWorkIndicator"))
        .and_then(Value::as_bool)
        .map(|r| {
            RemoteWork::from(if !r {
                "onSite"
            } else if address.is_some() {
                "hybrid"
            } else {
                "remote"
            })
        });
    let location = WorkLocation {
        address,
        region: None,
        remote_work: remote,
    };
    Vacancy {
        document_type: VacancyType::Vacancy,
        identifiers: identifiers_of(o, context),
        metadata: context.metadata(),
        vacancy_number: text(profile.get("positionId").and_then(|p| p.get("value")))
            .filter(|n| n.len() <= 50),
        title: text(profile.get("positionTitle")),
        description: list(profile.get("positionFormattedDescriptions"))
            .first()
            .and_then(|d| text(d.get("content"))),
        status: text(o.get("statusCode"))
            .and_then(|s| code(VacancyStatus::code_list(), "hropen", &s))
            .unwrap_or_else(|| VacancyStatus::from("open")),
        employer: (employer != Employer::default()).then_some(employer),
        occupation: list(profile.get("jobCategories"))
            .first()
            .and_then(occupation_of),
        sector: None,
        location: (location != WorkLocation::default()).then_some(location),
        requirements: (requirements != VacancyRequirements::default()).then_some(requirements),
        terms: (terms != EmploymentTerms::default()).then_some(terms),
        positions: profile
            .get("positionOpenQuantity")
            .and_then(Value::as_u64)
            .and_then(|n| u16::try_from(n).ok())
            .filter(|n| (1..=10_000).contains(n)),
        date_posted: None,
        valid_through: None,
        application_methods: Vec::new(),
        inclusion: None,
    }
}
