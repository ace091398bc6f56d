//! VUM → canonical.

use werkbrug_model::codelists;
use werkbrug_model::codes::*;
use werkbrug_model::common::*;
use werkbrug_model::jobseeker::*;
use werkbrug_model::vacancy::*;

use super::types as vum;
use crate::DecodeContext;
use std::fmt::Display;

use crate::loss::Reasons;
use crate::patterns::Child;

/// Converts VUM documents into canonical ones, noting why a value could not be carried over.
pub(super) struct Decoder<'c> {
    pub context: &'c DecodeContext,
    pub reasons: Reasons,
}

/// The canonical code whose VUM mapping is `vum_code`.
pub(super) fn from_vum<T: From<String>>(list: &str, vum_code: &str) -> Option<T> {
    codelists::expect(list)
        .from_mapping("vum", vum_code)
        .map(|c| T::from(c.code.clone()))
}

/// A string with VUM's "empty means absent" applied.
fn text(value: &Option<String>) -> Option<String> {
    value.as_ref().filter(|s| !s.trim().is_empty()).cloned()
}

impl Decoder<'_> {
    fn one_constrained<T: ConstrainedString>(
        &mut self,
        value: Option<&String>,
        at: impl Display,
    ) -> Option<T> {
        crate::patterns::accept(value?, at, &mut self.reasons)
    }

    fn code<T: From<String>>(
        &mut self,
        list: &str,
        vum_code: Option<String>,
        at: impl Display,
    ) -> Option<T> {
        let vum_code = vum_code?;
        let code = from_vum(list, &vum_code);
        if code.is_none() {
            self.reasons.note(
                at.to_string(),
                format!("not a code of VUM's list; the canonical list '{list}' has no equivalent"),
            );
        }
        code
    }

    fn int_code<T: From<String>>(
        &mut self,
        list: &str,
        vum_code: Option<i64>,
        at: impl Display,
    ) -> Option<T> {
        self.code(list, vum_code.map(|c| c.to_string()), at)
    }

    fn yes_no(&mut self, value: Option<i64>, at: impl Display) -> Option<bool> {
        match value? {
            1 => Some(true),
            2 => Some(false),
            _ => {
                self.reasons
                    .note(at.to_string(), "VUM allows only 1 (yes) and 2 (no) here");
                None
            }
        }
    }

    /// A VUM `URI` (any string of at most 200 characters): an http(s) URI where it is one,
    /// otherwise the value as given, marked with its scheme (a legacy code, free text).
    fn taxonomy_code(value: &Option<String>) -> Option<Result<HttpUri, SchemeCode>> {
        let value = text(value)?;
        Some(if crate::patterns::matches::<HttpUri>(&value) {
            Ok(HttpUri(value))
        } else {
            Err(SchemeCode::classify(&value))
        })
    }

    /// Telephone numbers as the source wrote them, each beside its E.164 form where the
    /// notation is not one the standard recognises.
    fn emails<'v>(values: impl IntoIterator<Item = &'v String>) -> Vec<Email> {
        values
            .into_iter()
            .filter_map(|v| Email::from_source(v))
            .collect()
    }

    fn phones<'v>(values: impl IntoIterator<Item = &'v String>) -> Vec<Telephone> {
        values
            .into_iter()
            .filter_map(|v| Telephone::from_source(v))
            .collect()
    }

    fn postcode(&mut self, value: &Option<String>, at: impl Display) -> Option<Postcode> {
        let value = text(value)?;
        let upper = value.to_ascii_uppercase();
        if upper != value {
            self.reasons.note(
                at.to_string(),
                "postcode written in capitals, as the canonical model requires",
            );
        }
        self.one_constrained(Some(&upper), at)
    }

    fn occupation(&mut self, beroep: &Option<vum::Beroep>, at: impl Display) -> Option<Occupation> {
        self.beroep(beroep.as_ref()?, at)
    }

    fn beroep(&mut self, beroep: &vum::Beroep, _at: impl Display) -> Option<Occupation> {
        // CompetentNL and ESCO URIs by their host; any other value (another taxonomy's URI, a
        // legacy code, free text) is carried as a code marked with its scheme, not passed off
        // as a CompetentNL occupation.
        let value = text(&beroep.code_beroepsnaam)?;
        Some(match SchemeCode::classify(&value) {
            SchemeCode {
                scheme: CodeScheme::CompetentNl,
                value,
            } => Occupation {
                competent_nl_uri: Some(HttpUri(value)),
                ..Occupation::default()
            },
            SchemeCode {
                scheme: CodeScheme::Esco,
                value,
            } => Occupation {
                esco_uri: Some(HttpUri(value)),
                ..Occupation::default()
            },
            code => Occupation {
                code: Some(code),
                ..Occupation::default()
            },
        })
    }

    fn sector(&mut self, sector: &vum::Sector) -> Option<Sector> {
        let code = sector.code_sbi?;
        // VUM sends SBI codes as integers, which loses leading zeros; two digits is the shortest
        // SBI code, so a single digit gets its zero back.
        Some(Sector {
            sbi_code: SbiCode(format!("{code:02}")),
            label: None,
        })
    }

    fn contract_forms(
        &mut self,
        forms: &[vum::Contractvorm],
        at: impl Display,
    ) -> Vec<ContractForm> {
        forms
            .iter()
            .enumerate()
            .filter_map(|(i, form)| {
                let form = ContractForm {
                    contract_type: self.code(
                        "contract-type",
                        text(&form.code_type_arbeidscontract),
                        format_args!("{at}/{i}/codeTypeArbeidscontract"),
                    ),
                    agreement_type: self.code(
                        "agreement-type",
                        text(&form.code_type_overeenkomst),
                        format_args!("{at}/{i}/codeTypeOvereenkomst"),
                    ),
                };
                (form.contract_type.is_some() || form.agreement_type.is_some()).then_some(form)
            })
            .collect()
    }

    fn transport(&mut self, items: &[vum::Vervoermiddel], at: impl Display) -> Vec<Transport> {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let at = Child(&at, i);
                let transport = Transport {
                    mode: self.int_code(
                        "transport-mode",
                        v.code_vervoermiddel,
                        format_args!("{at}/codeVervoermiddel"),
                    ),
                    for_commute: self.int_code(
                        "indication",
                        v.indicatie_beschikbaar_voor_woon_werkverkeer,
                        format_args!("{at}/indicatieBeschikbaarVoorWoonWerkverkeer"),
                    ),
                    for_work: self.int_code(
                        "indication",
                        v.indicatie_beschikbaar_voor_uitvoering_werk,
                        format_args!("{at}/indicatieBeschikbaarVoorUitvoeringWerk"),
                    ),
                };
                (transport.mode.is_some()
                    || transport.for_commute.is_some()
                    || transport.for_work.is_some())
                .then_some(transport)
            })
            .collect()
    }

    fn websites(&mut self, items: &[vum::Webadres], at: impl Display) -> Vec<WebAddress> {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, w)| self.website(w, format_args!("{at}/{i}")))
            .collect()
    }

    fn website(&mut self, w: &vum::Webadres, at: impl Display) -> Option<WebAddress> {
        let kind = self.int_code(
            "web-address-type",
            w.code_webadres,
            format_args!("{at}/codeWebadres"),
        );
        // VUM's `URL` is any string of at most 1,000 characters: an address without a scheme
        // (`www.example.nl`) is kept as given beside the URIs.
        let (url, as_given) = match text(&w.url) {
            Some(url) if crate::patterns::matches::<HttpUri>(&url) => (Some(HttpUri(url)), None),
            other => (None, other),
        };
        let address = WebAddress {
            kind,
            url,
            as_given,
        };
        (address.kind.is_some() || address.address().is_some()).then_some(address)
    }

    fn working_hours(
        &mut self,
        werktijden: &Option<vum::Werktijden>,
        irregular: Option<i64>,
        at: impl Display,
        irregular_at: impl Display,
    ) -> Option<WorkingHours> {
        let none = vum::Werktijden::default();
        let w = werktijden.as_ref().unwrap_or(&none);
        let hours = |value: Option<i64>| {
            value
                .and_then(|h| u8::try_from(h).ok())
                .filter(|h| *h <= 99)
        };
        let hours = WorkingHours {
            hours_per_week_min: hours(w.aantal_werkuren_per_week_minimaal),
            hours_per_week_max: hours(w.aantal_werkuren_per_week_maximaal),
            office_hours: self.int_code(
                "indication",
                w.indicatie_kantoortijden,
                format_args!("{at}/indicatieKantoortijden"),
            ),
            irregular_hours_or_shifts: self.int_code("indication", irregular, irregular_at),
            times: Vec::new(),
        };
        (hours != WorkingHours::default()).then_some(hours)
    }

    fn languages(&mut self, items: &[vum::Taalbeheersing], at: impl Display) -> Vec<LanguageSkill> {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let at = Child(&at, i);
                let language = text(&t.code_taal).and_then(|c| {
                    self.one_constrained::<LanguageCode>(Some(&c), format_args!("{at}/codeTaal"))
                });
                let mut level = |value: Option<i64>, name: &str| {
                    self.int_code("language-proficiency", value, format_args!("{at}/{name}"))
                };
                let skill = LanguageSkill {
                    language,
                    reading: level(
                        t.code_niveau_taalbeheersing_lezen,
                        "codeNiveauTaalbeheersingLezen",
                    ),
                    listening: level(
                        t.code_niveau_taalbeheersing_luisteren,
                        "codeNiveauTaalbeheersingLuisteren",
                    ),
                    speaking: level(
                        t.code_niveau_taalbeheersing_mondeling,
                        "codeNiveauTaalbeheersingMondeling",
                    ),
                    writing: level(
                        t.code_niveau_taalbeheersing_schriftelijk,
                        "codeNiveauTaalbeheersingSchriftelijk",
                    ),
                };
                (skill.language.is_some()
                    || skill.reading.is_some()
                    || skill.listening.is_some()
                    || skill.speaking.is_some()
                    || skill.writing.is_some())
                .then_some(skill)
            })
            .collect()
    }

    fn licences(&mut self, items: &[vum::Rijbewijs], at: impl Display) -> Vec<DrivingLicence> {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                Some(DrivingLicence {
                    category: self.code(
                        "driving-licence",
                        text(&r.code_soort_rijbewijs),
                        format_args!("{at}/{i}/codeSoortRijbewijs"),
                    )?,
                    valid_until: None,
                })
            })
            .collect()
    }

    fn competences(
        &mut self,
        items: &[vum::Competentiebeheersing],
        _at: impl Display,
    ) -> Vec<Competence> {
        items
            .iter()
            .filter_map(|c| {
                Some(match Self::taxonomy_code(&c.code_competentie)? {
                    Ok(uri) => Competence {
                        uri: Some(uri),
                        ..Competence::default()
                    },
                    Err(code) => Competence {
                        code: Some(code),
                        ..Competence::default()
                    },
                })
            })
            .collect()
    }

    fn education(&mut self, items: &[vum::Opleiding], at: impl Display) -> Vec<Education> {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                let at = Child(&at, i);
                let vum_level: Option<VumEducationLevel> = self.int_code(
                    "vum-education-level",
                    o.code_niveau_opleiding,
                    format_args!("{at}/codeNiveauOpleiding"),
                );
                let level = vum_level.map(|vum| EducationLevel {
                    isced: VumEducationLevel::code_list()
                        .get(vum.as_str())
                        .and_then(|c| c.mappings.get("isced"))
                        .map(|c| IscedLevel(c.clone())),
                    dutch: None,
                    vum: Some(vum),
                });
                let education = Education {
                    programme_code: text(&o.code_opleidingsnaam)
                        .filter(|c| c.len() <= 10 && c.bytes().all(|b| b.is_ascii_digit())),
                    level,
                    institution: text(&o.naam_opleidingsinstituut),
                    status: self.int_code(
                        "education-status",
                        o.code_status_opleiding,
                        format_args!("{at}/codeStatusOpleiding"),
                    ),
                    diploma: self.int_code(
                        "indication-with-na",
                        o.indicatie_diploma,
                        format_args!("{at}/indicatieDiploma"),
                    ),
                    diploma_date: o.datum_diploma,
                    start_date: o.datum_aanvang_volgen_opleiding,
                    end_date: o.datum_einde_volgen_opleiding,
                    description: text(&o.toelichting_opleiding),
                    ..Education::default()
                };
                (education != Education::default()).then_some(education)
            })
            .collect()
    }

    fn courses(&mut self, items: &[vum::Cursus], at: impl Display) -> Vec<Course> {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let course = Course {
                    name: text(&c.naam_cursus),
                    institution: text(&c.naam_opleidingsinstituut),
                    description: text(&c.toelichting_cursus),
                    start_date: c.datum_aanvang_volgen_cursus,
                    end_date: c.datum_einde_volgen_cursus,
                    certificate: self.int_code(
                        "indication-with-na",
                        c.indicatie_certificaat,
                        format_args!("{at}/{i}/indicatieCertificaat"),
                    ),
                    certificate_date: c.datum_certificaat,
                };
                (course != Course::default()).then_some(course)
            })
            .collect()
    }

    fn identifiers(&self, id: &Option<String>) -> Vec<SourceIdentifier> {
        text(id)
            .map(|local_id| SourceIdentifier {
                source: self.context.source.id.clone(),
                local_id,
            })
            .into_iter()
            .collect()
    }

    /// A VUM `Werkzoekende` as a canonical profile.
    pub fn profile(&mut self, w: &vum::Werkzoekende) -> JobseekerProfile {
        let (no_qualifications, no_flexibility, no_mobility) = Default::default();
        let a: &vum::Arbeidsmarktkwalificatie = w
            .arbeidsmarktkwalificatie
            .as_ref()
            .unwrap_or(&no_qualifications);
        let flex: &vum::Flexibiliteit = w.flexibiliteit.as_ref().unwrap_or(&no_flexibility);
        let mobility: &vum::Mobiliteit = w.mobiliteit.as_ref().unwrap_or(&no_mobility);
        let distance = |v: Option<i64>| v.and_then(|d| u16::try_from(d).ok()).filter(|d| *d <= 999);

        let contact = ContactDetails {
            available: self.yes_no(
                w.indicatie_beschikbaarheid_contactgegevens,
                "/indicatieBeschikbaarheidContactgegevens",
            ),
            emails: Self::emails(&w.emailadres),
            phones: Self::phones(&w.telefoonnummer),
            address: None,
            websites: self.websites(&w.webadres, "/webadres"),
            contact_persons: w
                .contactpersoon
                .iter()
                .map(|c| ContactPerson {
                    name: text(&c.naam_contactpersoon_afdeling),
                    role: None,
                    emails: Self::emails(&c.emailadres),
                    phones: Self::phones(&c.telefoonnummer),
                })
                .filter(|c| c.name.is_some() || !c.emails.is_empty() || !c.phones.is_empty())
                .collect(),
        };

        let no_requirements = vum::EisAanWerk::default();
        let eis = w.eis_aan_werk.as_ref().unwrap_or(&no_requirements);
        let requirements = WorkRequirements {
            workplace_adjustment: self.int_code(
                "indication",
                eis.indicatie_aanpassing_werkomgeving,
                "/eisAanWerk/indicatieAanpassingWerkomgeving",
            ),
            supervision: self.int_code(
                "indication",
                eis.indicatie_begeleiding,
                "/eisAanWerk/indicatieBegeleiding",
            ),
            work_variety: self.int_code(
                "indication",
                eis.indicatie_werkvariatie,
                "/eisAanWerk/indicatieWerkvariatie",
            ),
        };

        let availability = Availability {
            available_from: flex.datum_aanvang_beschikbaar_voor_werk,
            available_until: flex.datum_einde_beschikbaar_voor_werk,
        };
        let mobility = Mobility {
            postcode: self.postcode(
                &mobility.bemiddelingspostcode,
                "/mobiliteit/bemiddelingspostcode",
            ),
            max_distance_km: distance(mobility.maximale_reisafstand),
            max_travel_time_minutes: distance(mobility.maximale_reistijd),
            transport: self.transport(&w.vervoermiddel, "/vervoermiddel"),
        };
        let desired_work = DesiredWork {
            occupations: w
                .bemiddelingsberoep
                .iter()
                .enumerate()
                .filter_map(|(i, b)| self.beroep(b, format_args!("/bemiddelingsberoep/{i}")))
                .collect(),
            sectors: w.sector.iter().filter_map(|s| self.sector(s)).collect(),
            working_hours: self.working_hours(
                &w.werktijden,
                flex.indicatie_onregelmatig_werk_of_ploegendienst,
                "/werktijden",
                "/flexibiliteit/indicatieOnregelmatigWerkOfPloegendienst",
            ),
            contract_forms: self.contract_forms(&w.contractvorm, "/contractvorm"),
            availability: (availability != Availability::default()).then_some(availability),
            mobility: (mobility != Mobility::default()).then_some(mobility),
            remote_work: None,
            requirements: (requirements != WorkRequirements::default()).then_some(requirements),
        };

        let q = "/arbeidsmarktkwalificatie";
        let qualifications = Qualifications {
            work_and_thinking_level: self.int_code(
                "vum-work-and-thinking-level",
                a.code_werk_en_denkniveau_werkzoekende,
                format_args!("{q}/codeWerkEnDenkniveauWerkzoekende"),
            ),
            education: self.education(&a.opleiding, format_args!("{q}/opleiding")),
            courses: self.courses(&a.cursus, format_args!("{q}/cursus")),
            work_experience: a
                .werkervaring
                .iter()
                .enumerate()
                .map(|(i, e)| WorkExperience {
                    occupation: self
                        .occupation(&e.beroep, format_args!("{q}/werkervaring/{i}/beroep")),
                    organisation_name: text(&e.naam_organisatie),
                    start_date: e.datum_aanvang_werkzaamheden,
                    end_date: e.datum_einde_werkzaamheden,
                    description: text(&e.toelichting_werkervaring),
                })
                .filter(|e| *e != WorkExperience::default())
                .collect(),
            competences: self.competences(
                &a.competentiebeheersing,
                format_args!("{q}/competentiebeheersing"),
            ),
            languages: self.languages(&a.taalbeheersing, format_args!("{q}/taalbeheersing")),
            driving_licences: self.licences(&a.rijbewijs, format_args!("{q}/rijbewijs")),
            certificates: Vec::new(),
            interests: a
                .interesse
                .iter()
                .filter_map(|i| text(&i.naam_interesse))
                .collect(),
        };

        let registered = self.yes_no(w.indicatie_ldr_registratie, "/indicatieLdrRegistratie");
        JobseekerProfile {
            document_type: JobseekerProfileType::JobseekerProfile,
            identifiers: self.identifiers(&w.id_werkzoekende),
            metadata: self.context.metadata(),
            person: None,
            contact: (contact != ContactDetails::default()).then_some(contact),
            personal_presentation: text(&w.persoonlijke_presentatie),
            desired_work: (desired_work != DesiredWork::default()).then_some(desired_work),
            qualifications: (qualifications != Qualifications::default()).then_some(qualifications),
            support: registered.map(|registered| Support {
                target_group_register: Some(TargetGroupRegistration {
                    registered,
                    since: None,
                }),
                ..Support::default()
            }),
        }
    }

    /// A VUM `Vacature` as a canonical vacancy. The title and status that VUM may lack are
    /// filled in by the caller, which reports them as defaulted.
    pub fn vacancy(&mut self, v: &vum::Vacature) -> Vacancy {
        let (no_flexibility, no_terms, no_employer) = Default::default();
        let flex: &vum::Flexibiliteit = v.flexibiliteit.as_ref().unwrap_or(&no_flexibility);
        let terms_raw: &vum::ArbeidsVoorwaarden =
            v.arbeids_voorwaarden.as_ref().unwrap_or(&no_terms);
        let werkgever: &vum::Werkgever = v.werkgever.as_ref().unwrap_or(&no_employer);

        let address = v.adres.as_ref().map(|a| Address {
            street: text(&a.straatnaam),
            house_number: a
                .huisnummer
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| *n <= 99_999),
            house_number_addition: text(&a.huisnummertoevoeging),
            postcode: self.postcode(&a.postcode, "/adres/postcode"),
            ..Address::default()
        });
        let address = address.filter(|a| *a != Address::default());

        let employer = Employer {
            name: text(&werkgever.handelsnaam_organisatie),
            kvk_number: None,
            sectors: werkgever
                .sector
                .iter()
                .filter_map(|s| self.sector(s))
                .collect(),
            websites: self.websites(&werkgever.webadres, "/werkgever/webadres"),
            contact_persons: werkgever
                .contactpersoon
                .iter()
                .map(|c| ContactPerson {
                    name: text(&c.naam_contactpersoon_afdeling),
                    role: None,
                    emails: Self::emails(&c.emailadres),
                    phones: Self::phones(&c.telefoonnummer),
                })
                .filter(|c| c.name.is_some() || !c.emails.is_empty() || !c.phones.is_empty())
                .collect(),
            address: None,
        };

        let requirements = VacancyRequirements {
            work_and_thinking_level_min: self.code(
                "vum-work-and-thinking-level",
                text(&v.code_werk_en_denkniveau_minimaal),
                "/codeWerkEnDenkniveauMinimaal",
            ),
            education: self.education(&v.opleiding, "/opleiding"),
            courses: self.courses(&v.cursus, "/cursus"),
            work_experience: v
                .werkervaring
                .iter()
                .filter_map(|w| {
                    let years = w
                        .aantal_jaren_werkzaam_in_beroep
                        .and_then(|y| u8::try_from(y).ok())?;
                    Some(ExperienceRequirement {
                        occupation: None,
                        min_years: Some(years.min(99)),
                    })
                })
                .collect(),
            required_competences: self
                .competences(&v.competentiebeheersing, "/competentiebeheersing"),
            optional_competences: Vec::new(),
            languages: self.languages(&v.taalbeheersing, "/taalbeheersing"),
            driving_licences: self.licences(&v.rijbewijs, "/rijbewijs"),
            transport: self.transport(&v.vervoermiddel, "/vervoermiddel"),
            certificates: Vec::new(),
        };

        let terms = EmploymentTerms {
            working_hours: self.working_hours(
                &v.werktijden,
                flex.indicatie_onregelmatig_werk_of_ploegendienst,
                "/werktijden",
                "/flexibiliteit/indicatieOnregelmatigWerkOfPloegendienst",
            ),
            contract_forms: self.contract_forms(&v.contractvorm, "/contractvorm"),
            salary: text(&terms_raw.salaris_indicatie).map(|indication| Salary {
                indication: Some(indication),
                ..Salary::default()
            }),
            start_date: terms_raw.datum_aanvang_werkzaamheden,
            end_date: terms_raw.datum_einde_werkzaamheden,
            available_until: flex.datum_einde_beschikbaar_voor_werk,
            description: text(&terms_raw.omschrijving_arbeidsvoorwaarden),
        };

        let application_methods = v
            .sollicitatiewijze
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let at = Child("/sollicitatiewijze", i);
                let method = self.code(
                    "application-method",
                    text(&s.code_sollicitatiewijze),
                    format_args!("{at}/codeSollicitatiewijze"),
                );
                let website = s
                    .webadres
                    .as_ref()
                    .and_then(|w| self.website(w, format_args!("{at}/webadres")));
                (method.is_some() || website.is_some()).then_some(ApplicationMethod {
                    method,
                    website,
                    email: None,
                    phone: None,
                    instructions: None,
                })
            })
            .collect();

        Vacancy {
            document_type: VacancyType::Vacancy,
            identifiers: self.identifiers(&v.id_vacature),
            metadata: self.context.metadata(),
            vacancy_number: text(&v.nummer_vacature),
            title: text(&v.naam_vacature),
            description: text(&v.omschrijving_vacature),
            status: VacancyStatus::from("open"),
            employer: (employer != Employer::default()).then_some(employer),
            occupation: self.occupation(&v.beroep, "/beroep"),
            sector: v.sector.as_ref().and_then(|s| self.sector(s)),
            location: address.map(|address| WorkLocation {
                address: Some(address),
                ..WorkLocation::default()
            }),
            requirements: (requirements != VacancyRequirements::default()).then_some(requirements),
            terms: (terms != EmploymentTerms::default()).then_some(terms),
            positions: None,
            date_posted: None,
            valid_through: v.sluitingsdatum_vacature,
            application_methods,
            inclusion: None,
        }
    }
}
