//! SETU ↔ canonical, shared by the XML and JSON forms.

use chrono::NaiveDate;
use werkbrug_model::codelists;
use werkbrug_model::codes::*;
use werkbrug_model::common::*;
use werkbrug_model::jobseeker::*;
use werkbrug_model::vacancy::*;

use super::types as setu;
use crate::DecodeContext;
use crate::loss::Reasons;

/// Pay-rate codes werkbrug uses for a vacancy's salary range.
pub(super) const SALARY_MINIMUM: &str = "SalaryMinimum";
/// See [`SALARY_MINIMUM`].
pub(super) const SALARY_MAXIMUM: &str = "SalaryMaximum";
/// The scheme under which a BSN travels in `person/legalId`.
const BSN_SCHEME: &str = "BSN";

fn id(value: &str, agency: &str) -> setu::SchemeId {
    setu::SchemeId {
        value: value.to_owned(),
        scheme_agency_id: agency.to_owned(),
    }
}

fn value(value: impl Into<String>) -> setu::Value {
    setu::Value {
        value: value.into(),
    }
}

fn non_blank(text: &Option<String>) -> Option<String> {
    text.as_ref().filter(|t| !t.trim().is_empty()).cloned()
}

fn date(text: &Option<String>) -> Option<NaiveDate> {
    let text = text.as_deref()?;
    text.get(..10)?.parse().ok()
}

fn weekly_hours(hours: u8) -> setu::Duration {
    setu::Duration {
        value: f64::from(hours),
        unit_code: value("Hours"),
    }
}

fn one_week() -> setu::Duration {
    setu::Duration {
        value: 1.0,
        unit_code: value("Weekly"),
    }
}

/// Hours per week from a duration per base period, when it is in hours per one week.
fn hours_per_week(duration: &setu::Duration, base: &setu::Duration) -> Option<u8> {
    let whole = duration.value.fract() == 0.0 && (0.0..=99.0).contains(&duration.value);
    (whole
        && duration.unit_code.value == "Hours"
        && base.value == 1.0
        && base.unit_code.value == "Weekly")
        .then_some(duration.value as u8)
}

fn amount(number: f64) -> Amount {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        Amount::from(number as i64)
    } else {
        Amount::from_f64(number).unwrap_or_else(|| Amount::from(0))
    }
}

fn setu_code(list: &'static codelists::CodeList, code: &str) -> Option<String> {
    list.get(code)?.mappings.get("setu").cloned()
}

fn local_id(identifiers: &[SourceIdentifier], metadata: &DocumentMetadata) -> String {
    identifiers
        .iter()
        .find(|i| i.source == metadata.source_system.id)
        .or_else(|| identifiers.first())
        .map(|i| i.local_id.clone())
        .unwrap_or_default()
}

fn address_to_setu(address: &Address) -> setu::Address {
    setu::Address {
        country_code: address.country_code.as_ref().map(|c| value(c.as_str())),
        city: address.city.clone(),
        postal_code: address
            .postcode
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .or_else(|| address.foreign_postal_code.clone()),
        street_name: address.street.clone(),
        house_number: address.house_number.map(|n| n.to_string()),
        house_number_addition: address.house_number_addition.clone(),
        building_addition: None,
    }
}

/// Reads SETU messages into canonical documents, noting why values are not carried over.
pub(super) struct Decoder<'c> {
    pub context: &'c DecodeContext,
    pub reasons: Reasons,
}

impl Decoder<'_> {
    fn constrained<T: ConstrainedString>(
        &mut self,
        text: Option<&str>,
        at: impl std::fmt::Display,
    ) -> Option<T> {
        crate::patterns::accept(text?, at, &mut self.reasons)
    }

    fn address(&mut self, a: &setu::Address, at: &str) -> Option<Address> {
        let postal = a
            .postal_code
            .as_deref()
            .map(|p| p.replace(' ', "").to_ascii_uppercase());
        let country: Option<CountryCode> = self.constrained(
            a.country_code.as_ref().map(|c| c.value.as_str()),
            format_args!("{at}/countryCode/value"),
        );
        let dutch = country.as_ref().is_none_or(|c| c.as_str() == "NL");
        let (postcode, foreign_postal_code) = if dutch {
            (
                self.constrained(postal.as_deref(), format_args!("{at}/postalCode")),
                None,
            )
        } else {
            (None, non_blank(&a.postal_code))
        };
        let house_number = a.house_number.as_deref().and_then(|n| {
            let parsed = n.trim().parse::<u32>().ok().filter(|n| *n <= 99_999);
            if parsed.is_none() {
                self.reasons.note(
                    format!("{at}/houseNumber"),
                    "the canonical house number is a number from 0 to 99999; letters go in the addition",
                );
            }
            parsed
        });
        let address = Address {
            street: non_blank(&a.street_name),
            house_number,
            house_number_addition: non_blank(&a.house_number_addition),
            postcode,
            foreign_postal_code,
            city: non_blank(&a.city),
            municipality_code: None,
            region: None,
            country_code: country,
        };
        (address != Address::default()).then_some(address)
    }

    fn identifiers(
        &self,
        ids: &[setu::SchemeId],
        agency: &str,
        fallback: &setu::SchemeId,
    ) -> Vec<SourceIdentifier> {
        let mut identifiers: Vec<SourceIdentifier> = ids
            .iter()
            .filter(|i| {
                i.scheme_agency_id == agency && SourceIdentifier::accepts_local_id(&i.value)
            })
            .map(|i| SourceIdentifier {
                source: self.context.source.id.clone(),
                local_id: i.value.clone(),
            })
            .collect();
        if identifiers.is_empty() {
            // The document id always exists; control characters and blanks at the ends (which
            // no identifier can hold) become spaces and go, and the loss report shows the change.
            let cleaned: String = fallback
                .value
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .trim()
                .chars()
                .take(200)
                .collect();
            identifiers.push(SourceIdentifier {
                source: self.context.source.id.clone(),
                local_id: if cleaned.is_empty() {
                    "setu".to_owned()
                } else {
                    cleaned.trim_end().to_owned()
                },
            });
        }
        identifiers
    }

    /// A `HumanResource` as a canonical profile.
    pub fn profile(&mut self, hr: &setu::HumanResource) -> JobseekerProfile {
        let p = &hr.person;
        let name = &p.name;
        let bsn = p
            .legal_id
            .as_ref()
            .filter(|l| l.scheme_agency_id == BSN_SCHEME)
            .and_then(|l| self.constrained::<Bsn>(Some(&l.value), "/person/legalId/value"));
        let given = name.given.join(" ");
        let person = Person {
            given_names: (!given.trim().is_empty()).then_some(given),
            initials: non_blank(&name.initials),
            family_name_prefix: non_blank(&name.family_prefix),
            family_name: non_blank(&name.family),
            birth_date: date(&p.birth_date),
            bsn,
            gender: p
                .gender
                .as_ref()
                .and_then(|g| Gender::from_mapping("setu", g.value.trim())),
            nationalities: p
                .nationality
                .iter()
                .filter_map(|n| non_blank(&Some(n.clone())))
                .collect(),
            birth_place: non_blank(&p.birth_place),
            primary_language: p
                .primary_language
                .as_ref()
                .and_then(|l| non_blank(&l.value)),
        };
        let emails = p
            .communication
            .email
            .iter()
            .filter_map(|e| Email::from_source(&e.address))
            .collect();
        let phones = p
            .communication
            .phone
            .iter()
            .filter_map(|ph| Telephone::from_source(&ph.formatted_number))
            .collect();
        let address = p
            .communication
            .address
            .as_ref()
            .and_then(|a| self.address(a, "/person/communication/address"));
        let contact = ContactDetails {
            emails,
            phones,
            address,
            ..ContactDetails::default()
        };

        let profiles = hr.profiles.clone().unwrap_or_default();
        let certificates = profiles
            .certifications
            .iter()
            .map(|c| Certificate {
                name: c.name.clone(),
                issuer: c.issuing_authority.as_ref().map(|a| a.name.clone()),
                issued: date(&c.first_issued),
                valid_until: c
                    .effective_time_period
                    .as_ref()
                    .and_then(|t| date(&t.valid_to)),
            })
            .collect();
        let competences = profiles
            .qualifications
            .iter()
            .map(|q| {
                let id = q
                    .competency_ids
                    .as_ref()
                    .and_then(|c| non_blank(&Some(c.value.clone())));
                let (uri, code) = match id {
                    Some(id) if crate::patterns::matches::<HttpUri>(&id) => {
                        (Some(HttpUri(id)), None)
                    }
                    Some(id) => (None, Some(SchemeCode::classify(&id))),
                    None => (None, None),
                };
                Competence {
                    uri,
                    code,
                    label: non_blank(&Some(q.competency_name.clone())),
                    level: None,
                }
            })
            .collect();
        let availability = profiles
            .person_availability
            .as_ref()
            .and_then(|a| a.availability_dates.first())
            .map(|d| Availability {
                available_from: date(&Some(d.start_date_time.clone())),
                available_until: date(&d.end_date_time),
            })
            .filter(|a| *a != Availability::default());
        let hours = profiles
            .working_periods
            .first()
            .and_then(|w| hours_per_week(&w.work_duration, &w.base_duration));

        let desired_work = DesiredWork {
            working_hours: hours.map(|h| WorkingHours {
                hours_per_week_max: Some(h),
                ..WorkingHours::default()
            }),
            availability,
            ..DesiredWork::default()
        };
        let qualifications = Qualifications {
            competences,
            certificates,
            ..Qualifications::default()
        };
        JobseekerProfile {
            document_type: JobseekerProfileType::JobseekerProfile,
            identifiers: self.identifiers(&p.id, "Supplier", &hr.document_id),
            metadata: self.context.metadata(),
            person: (person != Person::default()).then_some(person),
            contact: (contact != ContactDetails::default()).then_some(contact),
            personal_presentation: None,
            desired_work: (desired_work != DesiredWork::default()).then_some(desired_work),
            qualifications: (qualifications != Qualifications::default()).then_some(qualifications),
            support: None,
        }
    }

    /// A `StaffingOrder` as a canonical vacancy. A missing title is filled in by the caller.
    pub fn vacancy(&mut self, order: &setu::StaffingOrder) -> Vacancy {
        let position = &order.position_profile;
        let customer = &order.customer;
        let contact_persons = customer
            .person_contacts
            .iter()
            .map(|c| {
                let communication = c.communication.clone().unwrap_or_default();
                ContactPerson {
                    name: non_blank(&Some(c.name.formatted_name.clone())),
                    role: non_blank(&c.role_code),
                    emails: communication
                        .email
                        .iter()
                        .filter_map(|e| Email::from_source(&e.address))
                        .collect(),
                    phones: communication
                        .phone
                        .iter()
                        .filter_map(|p| Telephone::from_source(&p.formatted_number))
                        .collect(),
                }
            })
            .filter(|c| c.name.is_some() || !c.emails.is_empty() || !c.phones.is_empty())
            .collect();
        let kvk = customer
            .legal_id
            .as_ref()
            .filter(|l| l.scheme_agency_id == "KvK")
            .and_then(|l| self.constrained::<KvkNumber>(Some(&l.value), "/customer/legalId/value"));
        let employer = Employer {
            kvk_number: kvk,
            contact_persons,
            ..Employer::default()
        };

        let l = &position.position_location;
        let address = self.address(
            &setu::Address {
                country_code: l.country_code.clone(),
                city: l.city.clone(),
                postal_code: l.postal_code.clone(),
                street_name: l.street_name.clone(),
                house_number: l.house_number.clone(),
                house_number_addition: l.house_number_addition.clone(),
                building_addition: l.building_addition.clone(),
            },
            "/positionProfile/positionLocation",
        );

        let (mut min, mut max) = (None, None);
        if let Some(w) = position.working_periods.first() {
            let base = &w.base_duration;
            min = w
                .minimum_work_duration
                .as_ref()
                .and_then(|d| hours_per_week(d, base));
            max = w
                .maximum_work_duration
                .as_ref()
                .and_then(|d| hours_per_week(d, base));
            if let (None, None, Some(d)) = (min, max, &w.work_duration) {
                let hours = hours_per_week(d, base);
                (min, max) = (hours, hours);
            }
        }
        let working_hours = (min.is_some() || max.is_some()).then(|| WorkingHours {
            hours_per_week_min: min,
            hours_per_week_max: max,
            ..WorkingHours::default()
        });

        let offering = position
            .position_offering_types
            .as_ref()
            .map(|o| o.value.as_str());
        let contract_type =
            offering.and_then(|o| ContractType::code_list().from_mapping("setu", o));
        let agreement_type =
            offering.and_then(|o| AgreementType::code_list().from_mapping("setu", o));
        let contract_forms: Vec<ContractForm> = (contract_type.is_some()
            || agreement_type.is_some())
        .then(|| ContractForm {
            contract_type: contract_type.map(|c| ContractType(c.code.clone())),
            agreement_type: agreement_type.map(|c| AgreementType(c.code.clone())),
        })
        .into_iter()
        .collect();

        let mut salary = Salary::default();
        for rate in order
            .pay_rates
            .iter()
            .filter(|r| r.rate_type == "TimeInterval")
        {
            let period = SalaryPeriod::code_list()
                .from_mapping("setu", &rate.interval_code.value)
                .map(|c| SalaryPeriod(c.code.clone()));
            let slot = if rate.code == SALARY_MAXIMUM {
                &mut salary.max
            } else {
                &mut salary.min
            };
            if slot.is_none()
                && rate.amount.currency.value == "EUR"
                && period.is_some()
                && (salary.period.is_none() || salary.period == period)
            {
                *slot = Some(amount(rate.amount.value));
                salary.currency = Some(Currency::Eur);
                salary.period = period;
            }
        }

        let terms = EmploymentTerms {
            working_hours,
            contract_forms,
            salary: (salary != Salary::default()).then_some(salary),
            start_date: position.position_period.start.parse().ok(),
            end_date: date(&position.position_period.end),
            ..EmploymentTerms::default()
        };
        let certificates: Vec<Certificate> = position
            .position_qualifications
            .iter()
            .flat_map(|q| &q.certifications)
            .map(|c| Certificate {
                name: c.name.clone(),
                issuer: None,
                issued: None,
                valid_until: None,
            })
            .collect();

        Vacancy {
            document_type: VacancyType::Vacancy,
            identifiers: self.identifiers(&[], "Customer", &order.document_id),
            metadata: self.context.metadata(),
            vacancy_number: position
                .position_id
                .as_ref()
                .map(|p| p.value.clone())
                .filter(|v| !v.is_empty() && v.len() <= 50),
            title: non_blank(&position.position_title),
            description: position
                .position_task
                .as_ref()
                .and_then(|t| t.description.as_ref())
                .map(|d| d.value.clone())
                .filter(|d| !d.trim().is_empty()),
            status: VacancyStatus::from("open"),
            employer: (employer != Employer::default()).then_some(employer),
            occupation: None,
            sector: None,
            location: address.map(|address| WorkLocation {
                address: Some(address),
                ..WorkLocation::default()
            }),
            requirements: (!certificates.is_empty()).then(|| VacancyRequirements {
                certificates,
                ..VacancyRequirements::default()
            }),
            terms: (terms != EmploymentTerms::default()).then_some(terms),
            positions: position
                .position_open_quantity
                .and_then(|q| u16::try_from(q).ok())
                .filter(|q| (1..=10_000).contains(q)),
            date_posted: None,
            valid_through: None,
            application_methods: Vec::new(),
            inclusion: None,
        }
    }
}

/// A canonical profile as a `HumanResource`. Returns the message and the paths (in the message)
/// of values the message requires that the profile does not have.
pub(super) fn profile(p: &JobseekerProfile) -> (setu::HumanResource, Vec<&'static str>) {
    let mut defaulted = vec!["/customer"];
    let person = p.person.clone().unwrap_or_default();
    let contact = p.contact.clone().unwrap_or_default();
    let q = p.qualifications.clone().unwrap_or_default();
    let work = p.desired_work.clone().unwrap_or_default();
    let local = local_id(&p.identifiers, &p.metadata);

    let given: Vec<String> = person
        .given_names
        .as_deref()
        .map(|g| g.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_default();
    let mut formatted: Vec<&str> = given.iter().map(String::as_str).collect();
    formatted.extend(person.family_name_prefix.as_deref());
    formatted.extend(person.family_name.as_deref());
    let formatted_name = if formatted.is_empty() {
        defaulted.push("/person/name/formattedName");
        "Onbekend".to_owned()
    } else {
        formatted.join(" ")
    };

    let profiles = setu::Profiles {
        certifications: q
            .certificates
            .iter()
            .map(|c| setu::Certification {
                id: None,
                name: c.name.clone(),
                effective_time_period: c.valid_until.map(|v| setu::EffectiveTimePeriod {
                    valid_from: None,
                    valid_to: Some(v.to_string()),
                }),
                first_issued: c.issued.map(|d| d.to_string()),
                issuing_authority: c.issuer.clone().map(|name| setu::NameOnly { name }),
                descriptions: None,
            })
            .collect(),
        qualifications: q
            .competences
            .iter()
            .filter_map(|c| {
                let code = c
                    .uri
                    .as_ref()
                    .map(|u| u.as_str())
                    .or(c.code.as_ref().map(|code| code.value.as_str()));
                let name = c.label.clone().or_else(|| code.map(str::to_owned))?;
                Some(setu::Qualification {
                    competency_ids: code.map(|code| {
                        id(
                            code,
                            if code.contains("/esco/") {
                                "ESCO"
                            } else if c.uri.is_some()
                                || c.code
                                    .as_ref()
                                    .is_some_and(|k| k.scheme == CodeScheme::CompetentNl)
                            {
                                "CompetentNL"
                            } else {
                                "UWV"
                            },
                        )
                    }),
                    competency_name: name.clone(),
                    description: name,
                    start_date: None,
                    end_date: None,
                })
            })
            .collect(),
        attachments: Vec::new(),
        person_availability: work
            .availability
            .as_ref()
            .and_then(|a| {
                Some(setu::AvailabilityDate {
                    start_date_time: a.available_from?.to_string(),
                    end_date_time: a.available_until.map(|d| d.to_string()),
                })
            })
            .map(|d| setu::PersonAvailability {
                availability_dates: vec![d],
            }),
        working_periods: work
            .working_hours
            .as_ref()
            .and_then(|h| h.hours_per_week_max)
            .map(|h| setu::ProfileWorkingPeriod {
                work_duration: weekly_hours(h),
                base_duration: one_week(),
            })
            .into_iter()
            .collect(),
    };
    let empty_profiles = profiles == setu::Profiles::default();

    let message = setu::HumanResource {
        xmlns: None,
        document_id: id(&local, "Supplier"),
        supplier: setu::Party {
            id: vec![id(&p.metadata.source_system.id, "Supplier")],
            legal_id: p
                .metadata
                .source_system
                .oin
                .as_ref()
                .map(|o| id(o.as_str(), "OIN")),
            ..setu::Party::default()
        },
        customer: setu::Party {
            id: vec![id("unknown", "Customer")],
            ..setu::Party::default()
        },
        person: setu::Person {
            legal_id: person.bsn.as_ref().map(|b| id(b.as_str(), BSN_SCHEME)),
            birth_date: person.birth_date.map(|d| d.to_string()),
            gender: person
                .gender
                .as_ref()
                .and_then(|g| g.mapping("setu"))
                .map(|g| setu::Value {
                    value: g.to_owned(),
                }),
            id: vec![id(&local, "Supplier")],
            name: setu::Name {
                formatted_name,
                given,
                family: person.family_name.clone(),
                family_prefix: person.family_name_prefix.clone(),
                initials: person.initials.clone(),
                ..setu::Name::default()
            },
            communication: setu::Communication {
                address: contact.address.as_ref().map(address_to_setu),
                phone: contact
                    .phones
                    .iter()
                    .map(|ph| setu::Phone {
                        formatted_number: ph.as_given().to_owned(),
                        name: None,
                        use_code: "Private".to_owned(),
                    })
                    .collect(),
                email: contact
                    .emails
                    .iter()
                    .map(|e| setu::Email {
                        address: e.as_given().to_owned(),
                        name: None,
                        use_code: Some("Private".to_owned()),
                    })
                    .collect(),
            },
            primary_language: person
                .primary_language
                .clone()
                .map(|value| setu::OptionalValue { value: Some(value) }),
            birth_place: person.birth_place.clone(),
            nationality: person.nationalities.clone(),
            ..setu::Person::default()
        },
        profiles: (!empty_profiles).then_some(profiles),
        ..setu::HumanResource::default()
    };
    (message, defaulted)
}

/// A canonical vacancy as a `StaffingOrder`, with the paths of required values it had to make up.
pub(super) fn vacancy(v: &Vacancy) -> (setu::StaffingOrder, Vec<&'static str>) {
    let mut defaulted = vec!["/orderType"];
    let employer = v.employer.clone().unwrap_or_default();
    let terms = v.terms.clone().unwrap_or_default();
    let hours = terms.working_hours.clone().unwrap_or_default();
    let local = local_id(&v.identifiers, &v.metadata);

    let mut person_contacts: Vec<setu::PersonContact> = employer
        .contact_persons
        .iter()
        .map(|c| setu::PersonContact {
            name: setu::FormattedName {
                formatted_name: c
                    .name
                    .clone()
                    .unwrap_or_else(|| "Contactpersoon".to_owned()),
            },
            communication: (!c.emails.is_empty() || !c.phones.is_empty()).then(|| {
                setu::ContactCommunication {
                    phone: c
                        .phones
                        .iter()
                        .map(|p| setu::ContactPhone {
                            formatted_number: p.as_given().to_owned(),
                        })
                        .collect(),
                    email: c
                        .emails
                        .iter()
                        .map(|e| setu::Email {
                            address: e.as_given().to_owned(),
                            name: None,
                            use_code: Some("Business".to_owned()),
                        })
                        .collect(),
                }
            }),
            role_code: c.role.clone(),
        })
        .collect();
    if person_contacts.is_empty() {
        defaulted.push("/customer/personContacts");
        person_contacts.push(setu::PersonContact {
            name: setu::FormattedName {
                formatted_name: "Onbekend".to_owned(),
            },
            ..setu::PersonContact::default()
        });
    }

    let start = terms.start_date.or(v.date_posted);
    let start = match start {
        Some(start) => start.to_string(),
        None => {
            defaulted.push("/positionProfile/positionPeriod/start");
            v.metadata.last_modified.date_naive().to_string()
        }
    };

    let address = v
        .location
        .as_ref()
        .and_then(|l| l.address.as_ref())
        .map(address_to_setu)
        .unwrap_or_default();

    let offering = terms.contract_forms.iter().find_map(|f| {
        f.contract_type
            .as_ref()
            .and_then(|c| setu_code(ContractType::code_list(), c.as_str()))
            .or_else(|| {
                f.agreement_type
                    .as_ref()
                    .and_then(|a| setu_code(AgreementType::code_list(), a.as_str()))
            })
    });

    let salary = terms.salary.clone().unwrap_or_default();
    let interval = salary
        .period
        .as_ref()
        .and_then(|p| setu_code(SalaryPeriod::code_list(), p.as_str()));
    let pay_rates = match (interval, salary.currency) {
        (Some(interval), Some(Currency::Eur)) => {
            [(SALARY_MINIMUM, &salary.min), (SALARY_MAXIMUM, &salary.max)]
                .into_iter()
                .filter_map(|(code, amount)| {
                    Some(setu::PayRate {
                        id: None,
                        rate_type: "TimeInterval".to_owned(),
                        code: code.to_owned(),
                        amount: setu::Amount {
                            value: amount.as_ref()?.as_f64()?,
                            currency: value("EUR"),
                        },
                        interval_code: value(interval.clone()),
                        period: setu::PayPeriod {
                            date_period: setu::DatePeriod {
                                start: start.clone(),
                                end: None,
                            },
                        },
                        multiplier: None,
                        to_be_billed: false,
                        to_be_paid: true,
                    })
                })
                .collect()
        }
        _ => Vec::new(),
    };

    let certifications: Vec<setu::RequiredCertification> = v
        .requirements
        .iter()
        .flat_map(|r| &r.certificates)
        .map(|c| setu::RequiredCertification {
            name: c.name.clone(),
            descriptions: None,
        })
        .collect();

    let order = setu::StaffingOrder {
        xmlns: None,
        document_id: id(&local, "Customer"),
        supplier: None,
        customer: setu::Party {
            legal_id: employer.kvk_number.as_ref().map(|k| id(k.as_str(), "KvK")),
            person_contacts,
            ..setu::Party::default()
        },
        order_type: "Order".to_owned(),
        position_profile: setu::PositionProfile {
            position_id: v.vacancy_number.clone().map(value),
            position_title: v.title.clone(),
            position_task: v.description.clone().map(|d| setu::PositionTask {
                id: None,
                description: Some(value(d)),
            }),
            position_location: setu::PositionLocation {
                country_code: address.country_code,
                city: address.city,
                postal_code: address.postal_code,
                street_name: address.street_name,
                house_number: address.house_number,
                house_number_addition: address.house_number_addition,
                ..setu::PositionLocation::default()
            },
            requested_worker: None,
            position_open_quantity: v.positions.map(u32::from),
            position_offering_types: offering.map(value),
            position_qualifications: (!certifications.is_empty())
                .then_some(setu::PositionQualifications { certifications }),
            position_period: setu::DatePeriod {
                start,
                end: terms.end_date.map(|d| d.to_string()),
            },
            working_periods: vec![setu::OrderWorkingPeriod {
                work_duration: None,
                minimum_work_duration: hours.hours_per_week_min.map(weekly_hours),
                maximum_work_duration: hours.hours_per_week_max.map(weekly_hours),
                base_duration: one_week(),
            }],
            ..setu::PositionProfile::default()
        },
        pay_rates,
        ..setu::StaffingOrder::default()
    };
    (order, defaulted)
}
