//! canonical → VUM.

use werkbrug_model::common::*;
use werkbrug_model::jobseeker::*;
use werkbrug_model::vacancy::*;

use super::types as vum;

/// The VUM code for a canonical code, if the list maps it.
fn to_vum(code_list: &'static werkbrug_model::codelists::CodeList, code: &str) -> Option<String> {
    code_list.get(code)?.mappings.get("vum").cloned()
}

macro_rules! vum_code {
    ($value:expr) => {
        $value
            .as_ref()
            .and_then(|c| to_vum(c.code_list_of(), c.as_str()))
    };
}

/// Gives every coded newtype access to its list through a value, for `vum_code!`.
trait CodeListOf {
    fn code_list_of(&self) -> &'static werkbrug_model::codelists::CodeList;
}

macro_rules! code_list_of {
    ($($ty:ty),*) => {
        $(impl CodeListOf for $ty {
            fn code_list_of(&self) -> &'static werkbrug_model::codelists::CodeList {
                <$ty>::code_list()
            }
        })*
    };
}

use werkbrug_model::codes::*;
code_list_of!(
    WorkAndThinkingLevel,
    VumEducationLevel,
    IscedLevel,
    DutchEducationLevel,
    EducationStatus,
    Indication,
    IndicationWithNa,
    LanguageProficiency,
    DrivingLicenceCategory,
    ContractType,
    AgreementType,
    TransportMode,
    WebAddressType,
    ApplicationMethodCode
);

fn int(code: Option<String>) -> Option<i64> {
    code?.parse().ok()
}

/// Free text cut to VUM's maximum length (in characters), at a character boundary.
fn fit(text: &Option<String>, max: usize) -> Option<String> {
    text.as_ref().map(|t| t.chars().take(max).collect())
}

/// A value that is meaningless when cut (a number, an address, a URI): left out when too long.
fn whole(text: Option<&str>, max: usize) -> Option<String> {
    text.filter(|t| t.chars().count() <= max).map(str::to_owned)
}

fn occupation(occupation: &Option<Occupation>) -> Option<vum::Beroep> {
    beroep(occupation.as_ref()?)
}

fn beroep(o: &Occupation) -> Option<vum::Beroep> {
    // A URI first; a code in another scheme (a legacy code) is what VUM's codeBeroepsnaam held
    // when the source sent it, so it goes back there.
    let code = o
        .competent_nl_uri
        .as_ref()
        .or(o.esco_uri.as_ref())
        .map(HttpUri::as_str)
        .or(o.code.as_ref().map(|c| c.value.as_str()))?;
    Some(vum::Beroep {
        code_beroepsnaam: whole(Some(code), 200),
    })
}

fn sector(sector: &Sector) -> Option<vum::Sector> {
    Some(vum::Sector {
        code_sbi: sector.sbi_code.as_str().parse().ok(),
    })
}

fn contract_forms(forms: &[ContractForm]) -> Vec<vum::Contractvorm> {
    forms
        .iter()
        .map(|f| vum::Contractvorm {
            code_type_arbeidscontract: vum_code!(f.contract_type),
            code_type_overeenkomst: vum_code!(f.agreement_type),
        })
        .filter(|f| f.code_type_arbeidscontract.is_some() || f.code_type_overeenkomst.is_some())
        .collect()
}

fn transport(items: &[Transport]) -> Vec<vum::Vervoermiddel> {
    items
        .iter()
        .filter_map(|t| {
            let mode = match &t.mode {
                Some(mode) => Some(int(to_vum(TransportMode::code_list(), mode.as_str()))?),
                None => None,
            };
            Some(vum::Vervoermiddel {
                code_vervoermiddel: mode,
                indicatie_beschikbaar_voor_uitvoering_werk: int(vum_code!(t.for_work)),
                indicatie_beschikbaar_voor_woon_werkverkeer: int(vum_code!(t.for_commute)),
            })
        })
        .collect()
}

fn website(w: &WebAddress) -> Option<vum::Webadres> {
    let kind = match &w.kind {
        Some(kind) => Some(int(to_vum(WebAddressType::code_list(), kind.as_str()))?),
        None => None,
    };
    let url = match w.address() {
        Some(address) => Some(whole(Some(address), 1000)?),
        None => None,
    };
    Some(vum::Webadres {
        code_webadres: kind,
        url,
    })
}

fn websites(items: &[WebAddress]) -> Vec<vum::Webadres> {
    items.iter().filter_map(website).collect()
}

fn werktijden(hours: &Option<WorkingHours>) -> Option<vum::Werktijden> {
    let h = hours.as_ref()?;
    Some(vum::Werktijden {
        aantal_werkuren_per_week_maximaal: h.hours_per_week_max.map(i64::from),
        aantal_werkuren_per_week_minimaal: h.hours_per_week_min.map(i64::from),
        indicatie_kantoortijden: int(vum_code!(h.office_hours)),
    })
}

fn languages(items: &[LanguageSkill]) -> Vec<vum::Taalbeheersing> {
    items
        .iter()
        .map(|l| vum::Taalbeheersing {
            code_niveau_taalbeheersing_lezen: int(vum_code!(l.reading)),
            code_niveau_taalbeheersing_luisteren: int(vum_code!(l.listening)),
            code_niveau_taalbeheersing_mondeling: int(vum_code!(l.speaking)),
            code_niveau_taalbeheersing_schriftelijk: int(vum_code!(l.writing)),
            code_taal: l.language.as_ref().map(|c| c.as_str().to_owned()),
        })
        .collect()
}

fn licences(items: &[DrivingLicence]) -> Vec<vum::Rijbewijs> {
    items
        .iter()
        .filter_map(|l| {
            Some(vum::Rijbewijs {
                code_soort_rijbewijs: Some(to_vum(
                    DrivingLicenceCategory::code_list(),
                    l.category.as_str(),
                )?),
            })
        })
        .collect()
}

fn competences(items: &[Competence]) -> Vec<vum::Competentiebeheersing> {
    items
        .iter()
        .filter_map(|c| {
            let code = c
                .uri
                .as_ref()
                .map(HttpUri::as_str)
                .or(c.code.as_ref().map(|c| c.value.as_str()))?;
            Some(vum::Competentiebeheersing {
                code_competentie: whole(Some(code), 200),
            })
        })
        .filter(|c| c.code_competentie.is_some())
        .collect()
}

/// The VUM level of an education level: its own VUM code, or the one its Dutch or ISCED level
/// maps to (in that order: the Dutch level is the more precise).
fn education_level(level: &Option<EducationLevel>) -> Option<i64> {
    let level = level.as_ref()?;
    let code = level
        .vum
        .as_ref()
        .map(|v| v.as_str().to_owned())
        .or_else(|| vum_code!(level.dutch))
        .or_else(|| vum_code!(level.isced))?;
    int(Some(code))
}

fn education(items: &[Education], detail: bool) -> Vec<vum::Opleiding> {
    items
        .iter()
        .map(|e| vum::Opleiding {
            code_opleidingsnaam: e.programme_code.clone(),
            code_niveau_opleiding: education_level(&e.level),
            indicatie_diploma: int(vum_code!(e.diploma)),
            toelichting_opleiding: fit(&e.description, 2000),
            code_status_opleiding: if detail {
                int(vum_code!(e.status))
            } else {
                None
            },
            datum_aanvang_volgen_opleiding: e.start_date.filter(|_| detail),
            datum_diploma: e.diploma_date.filter(|_| detail),
            datum_einde_volgen_opleiding: e.end_date.filter(|_| detail),
            naam_opleidingsinstituut: if detail {
                fit(&e.institution, 500)
            } else {
                None
            },
        })
        .filter(|o| !vum::IsEmpty::is_empty(o))
        .collect()
}

fn courses(items: &[Course], detail: bool) -> Vec<vum::Cursus> {
    items
        .iter()
        .map(|c| vum::Cursus {
            indicatie_certificaat: int(vum_code!(c.certificate)),
            naam_cursus: fit(&c.name, 120),
            toelichting_cursus: fit(&c.description, 2000),
            datum_aanvang_volgen_cursus: c.start_date.filter(|_| detail),
            datum_certificaat: c.certificate_date.filter(|_| detail),
            datum_einde_volgen_cursus: c.end_date.filter(|_| detail),
            naam_opleidingsinstituut: if detail {
                fit(&c.institution, 500)
            } else {
                None
            },
        })
        .filter(|c| !vum::IsEmpty::is_empty(c))
        .collect()
}

/// The identifier VUM carries: the one the document's own source issued, else the first.
fn local_id(identifiers: &[SourceIdentifier], metadata: &DocumentMetadata) -> Option<String> {
    identifiers
        .iter()
        .find(|i| i.source == metadata.source_system.id)
        .or_else(|| identifiers.first())
        .map(|i| safe_id(&i.local_id))
}

/// An id as VUM's SafeIDString (letters, digits, `_`, `.` and `-`, at most 200): VUM requires
/// one, so an id from another standard (SETU's `39fc74 8a3ac`) has every other character written
/// as `-` (`39fc74-8a3ac`); the loss report shows it as approximated.
fn safe_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(200)
        .collect()
}

/// A canonical profile as a VUM `Werkzoekende` (detail profile).
pub(super) fn profile(p: &JobseekerProfile) -> vum::Werkzoekende {
    let (no_contact, no_work, no_qualifications) = Default::default();
    let contact: &ContactDetails = p.contact.as_ref().unwrap_or(&no_contact);
    let work: &DesiredWork = p.desired_work.as_ref().unwrap_or(&no_work);
    let q: &Qualifications = p.qualifications.as_ref().unwrap_or(&no_qualifications);
    let (no_mobility, no_availability, no_requirements) = Default::default();
    let mobility: &Mobility = work.mobility.as_ref().unwrap_or(&no_mobility);
    let availability: &Availability = work.availability.as_ref().unwrap_or(&no_availability);
    let requirements: &WorkRequirements = work.requirements.as_ref().unwrap_or(&no_requirements);

    vum::Werkzoekende {
        arbeidsmarktkwalificatie: Some(vum::Arbeidsmarktkwalificatie {
            code_werk_en_denkniveau_werkzoekende: int(vum_code!(q.work_and_thinking_level)),
            cursus: courses(&q.courses, true),
            competentiebeheersing: competences(&q.competences),
            interesse: q
                .interests
                .iter()
                .map(|i| vum::Interesse {
                    naam_interesse: fit(&Some(i.clone()), 120),
                })
                .collect(),
            opleiding: education(&q.education, true),
            rijbewijs: licences(&q.driving_licences),
            taalbeheersing: languages(&q.languages),
            werkervaring: q
                .work_experience
                .iter()
                .map(|e| vum::WerkervaringWerkzoekende {
                    beroep: occupation(&e.occupation),
                    datum_aanvang_werkzaamheden: e.start_date,
                    datum_einde_werkzaamheden: e.end_date,
                    naam_organisatie: fit(&e.organisation_name, 70),
                    toelichting_werkervaring: fit(&e.description, 2000),
                })
                .filter(|e| !vum::IsEmpty::is_empty(e))
                .collect(),
        }),
        bemiddelingsberoep: work.occupations.iter().filter_map(beroep).collect(),
        contactpersoon: contact
            .contact_persons
            .iter()
            .map(|c| vum::ContactpersoonWerkzoekende {
                naam_contactpersoon_afdeling: fit(&c.name, 35),
                emailadres: whole(c.emails.first().map(Email::as_given), 320),
                telefoonnummer: whole(c.phones.first().map(Telephone::as_given), 14),
            })
            .filter(|c| !vum::IsEmpty::is_empty(c))
            .collect(),
        contractvorm: contract_forms(&work.contract_forms),
        eis_aan_werk: Some(vum::EisAanWerk {
            indicatie_aanpassing_werkomgeving: int(vum_code!(requirements.workplace_adjustment)),
            indicatie_begeleiding: int(vum_code!(requirements.supervision)),
            indicatie_werkvariatie: int(vum_code!(requirements.work_variety)),
        }),
        emailadres: contact
            .emails
            .iter()
            .filter_map(|e| whole(Some(e.as_given()), 320))
            .collect(),
        flexibiliteit: Some(vum::Flexibiliteit {
            datum_einde_beschikbaar_voor_werk: availability.available_until,
            indicatie_onregelmatig_werk_of_ploegendienst: int(vum_code!(
                work.working_hours
                    .as_ref()
                    .and_then(|h| h.irregular_hours_or_shifts.clone())
            )),
            datum_aanvang_beschikbaar_voor_werk: availability.available_from,
        }),
        id_werkzoekende: local_id(&p.identifiers, &p.metadata),
        indicatie_beschikbaarheid_contactgegevens: contact.available.map(|a| if a { 1 } else { 2 }),
        indicatie_ldr_registratie: p
            .support
            .as_ref()
            .and_then(|s| s.target_group_register.as_ref())
            .map(|r| if r.registered { 1 } else { 2 }),
        mobiliteit: Some(vum::Mobiliteit {
            bemiddelingspostcode: mobility.postcode.as_ref().map(|p| p.as_str().to_owned()),
            maximale_reisafstand: mobility.max_distance_km.map(i64::from),
            maximale_reistijd: mobility.max_travel_time_minutes.map(i64::from),
        }),
        persoonlijke_presentatie: fit(&p.personal_presentation, 2000),
        sector: work.sectors.iter().filter_map(sector).collect(),
        telefoonnummer: contact
            .phones
            .iter()
            .filter_map(|p| whole(Some(p.as_given()), 14))
            .collect(),
        vervoermiddel: transport(&mobility.transport),
        webadres: websites(&contact.websites),
        werktijden: werktijden(&work.working_hours),
    }
}

/// A canonical vacancy as a VUM `Vacature` (detail).
pub(super) fn vacancy(v: &Vacancy) -> vum::Vacature {
    let (no_requirements, no_terms, no_employer) = Default::default();
    let requirements: &VacancyRequirements = v.requirements.as_ref().unwrap_or(&no_requirements);
    let terms: &EmploymentTerms = v.terms.as_ref().unwrap_or(&no_terms);
    let employer: &Employer = v.employer.as_ref().unwrap_or(&no_employer);
    let address = v
        .location
        .as_ref()
        .and_then(|l| l.address.clone())
        .unwrap_or_default();

    vum::Vacature {
        adres: Some(vum::Adres {
            postcode: address.postcode.as_ref().map(|p| p.as_str().to_owned()),
            straatnaam: fit(&address.street, 24),
            huisnummer: address.house_number.map(i64::from),
            huisnummertoevoeging: whole(address.house_number_addition.as_deref(), 6),
        }),
        arbeids_voorwaarden: Some(vum::ArbeidsVoorwaarden {
            datum_aanvang_werkzaamheden: terms.start_date,
            datum_einde_werkzaamheden: terms.end_date,
            omschrijving_arbeidsvoorwaarden: fit(&terms.description, 2000),
            salaris_indicatie: fit(
                &terms.salary.as_ref().and_then(|s| s.indication.clone()),
                100,
            ),
        }),
        beroep: occupation(&v.occupation),
        code_werk_en_denkniveau_minimaal: vum_code!(requirements.work_and_thinking_level_min),
        contractvorm: contract_forms(&terms.contract_forms),
        cursus: courses(&requirements.courses, false),
        flexibiliteit: Some(vum::Flexibiliteit {
            datum_einde_beschikbaar_voor_werk: terms.available_until,
            indicatie_onregelmatig_werk_of_ploegendienst: int(vum_code!(
                terms
                    .working_hours
                    .as_ref()
                    .and_then(|h| h.irregular_hours_or_shifts.clone())
            )),
            datum_aanvang_beschikbaar_voor_werk: None,
        }),
        competentiebeheersing: competences(&requirements.required_competences),
        id_vacature: local_id(&v.identifiers, &v.metadata),
        naam_vacature: fit(&v.title, 120),
        nummer_vacature: whole(v.vacancy_number.as_deref(), 11),
        omschrijving_vacature: fit(&v.description, 2000),
        opleiding: education(&requirements.education, false),
        rijbewijs: licences(&requirements.driving_licences),
        sector: v.sector.as_ref().and_then(sector),
        sluitingsdatum_vacature: v.valid_through,
        sollicitatiewijze: v
            .application_methods
            .iter()
            .filter_map(|a| {
                let code = match &a.method {
                    Some(method) => {
                        Some(to_vum(ApplicationMethodCode::code_list(), method.as_str())?)
                    }
                    None => None,
                };
                let answer = vum::Sollicitatiewijze {
                    code_sollicitatiewijze: code,
                    webadres: a.website.as_ref().and_then(website),
                };
                (!vum::IsEmpty::is_empty(&answer)).then_some(answer)
            })
            .collect(),
        taalbeheersing: languages(&requirements.languages),
        vervoermiddel: transport(&requirements.transport),
        werkervaring: requirements
            .work_experience
            .iter()
            .filter_map(|w| {
                Some(vum::WerkervaringVacature {
                    aantal_jaren_werkzaam_in_beroep: Some(i64::from(w.min_years?)),
                })
            })
            .collect(),
        werkgever: Some(vum::Werkgever {
            contactpersoon: employer
                .contact_persons
                .iter()
                .map(|c| vum::ContactpersoonVacature {
                    naam_contactpersoon_afdeling: fit(&c.name, 35),
                    emailadres: c
                        .emails
                        .iter()
                        .filter_map(|e| whole(Some(e.as_given()), 320))
                        .collect(),
                    telefoonnummer: c
                        .phones
                        .iter()
                        .filter_map(|p| whole(Some(p.as_given()), 14))
                        .collect(),
                })
                .filter(|c| !vum::IsEmpty::is_empty(c))
                .collect(),
            handelsnaam_organisatie: fit(&employer.name, 500),
            sector: employer.sectors.iter().filter_map(sector).collect(),
            webadres: websites(&employer.websites),
        }),
        werktijden: werktijden(&terms.working_hours),
    }
}
