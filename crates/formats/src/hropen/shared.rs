//! The parts candidates and openings share: occupations, addresses, competences, codes,
//! identifiers and contract forms, each both ways.

use super::*;

pub(super) fn occupation_entity(o: &Occupation) -> Option<Value> {
    let (scheme, id) = if let Some(uri) = &o.competent_nl_uri {
        ("CompetentNL", uri.as_str())
    } else if let Some(uri) = &o.esco_uri {
        ("ESCO", uri.as_str())
    } else if let Some(code) = &o.isco_code {
        ("ISCO-08", code.as_str())
    } else if let Some(code) = &o.code {
        // A code in another scheme (a legacy UWV code, another taxonomy's URI) keeps its
        // value; the scheme is written as the canonical name, which reads back the same.
        (code_scheme_name(code.scheme), code.value.as_str())
    } else {
        return o.label.as_ref().map(|l| json!({"name": l}));
    };
    Some(object(vec![
        ("id", Some(json!({"value": id, "schemeId": scheme}))),
        ("name", o.label.clone().map(Value::from)),
    ]))
}

pub(super) fn occupation_of(entity: &Value) -> Option<Occupation> {
    let id = entity.get("id");
    let value = text(id.and_then(|i| i.get("value")));
    let scheme = text(id.and_then(|i| i.get("schemeId")));
    let mut occupation = Occupation {
        label: text(entity.get("name")),
        ..Occupation::default()
    };
    let own = scheme
        .as_deref()
        .zip(value.as_deref())
        .and_then(|(n, v)| own_scheme(n, v));
    match (scheme.as_deref(), value) {
        // werkbrug's own scheme name (as werkbrug writes a code) is read back as that code.
        (_, Some(v)) if let Some(scheme) = own => {
            occupation.code = Some(SchemeCode { scheme, value: v })
        }
        (Some("CompetentNL"), Some(v)) if matches::<HttpUri>(&v) => {
            occupation.competent_nl_uri = Some(HttpUri(v))
        }
        (Some("ESCO"), Some(v)) if matches::<HttpUri>(&v) => occupation.esco_uri = Some(HttpUri(v)),
        (Some("ISCO-08"), Some(v)) if matches::<IscoCode>(&v) => {
            occupation.isco_code = Some(IscoCode(v))
        }
        // Any other id is carried as a code with the scheme its value shows (HR Open's
        // identifier is any string): a CompetentNL or ESCO URI under another scheme name
        // still lands where it belongs.
        (_, Some(v)) => match SchemeCode::classify(&v) {
            SchemeCode {
                scheme: CodeScheme::CompetentNl,
                value,
            } => occupation.competent_nl_uri = Some(HttpUri(value)),
            SchemeCode {
                scheme: CodeScheme::Esco,
                value,
            } => occupation.esco_uri = Some(HttpUri(value)),
            code => occupation.code = Some(code),
        },
        (_, None) => {}
    }
    (occupation != Occupation::default()).then_some(occupation)
}

pub(super) fn address_value(a: &Address) -> Value {
    object(vec![
        (
            "line",
            join_street(
                a.street.as_deref(),
                a.house_number,
                a.house_number_addition.as_deref(),
            )
            .map(Value::from),
        ),
        (
            "countryCode",
            Some(json!(
                a.country_code.as_ref().map_or("NL", CountryCode::as_str)
            )),
        ),
        ("city", a.city.clone().map(Value::from)),
        (
            "postalCode",
            a.postcode
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .or(a.foreign_postal_code.clone())
                .map(Value::from),
        ),
    ])
}

pub(super) fn address_of(value: &Value) -> Option<Address> {
    let (street, house_number, house_number_addition) = split_street(text(value.get("line")));
    let country = text(value.get("countryCode")).filter(|c| matches::<CountryCode>(c));
    let dutch = country.as_deref().is_none_or(|c| c == "NL");
    let postal = text(value.get("postalCode"));
    let compact = postal
        .as_ref()
        .map(|p| p.replace(' ', "").to_ascii_uppercase());
    let address = Address {
        street,
        house_number,
        house_number_addition,
        postcode: compact
            .filter(|p| dutch && matches::<Postcode>(p))
            .map(Postcode),
        foreign_postal_code: if dutch { None } else { postal },
        city: text(value.get("city")),
        country_code: country.map(CountryCode),
        ..Address::default()
    };
    (address != Address::default()
        && address
            != Address {
                country_code: Some(CountryCode::from("NL")),
                ..Address::default()
            })
    .then_some(address)
}

/// The canonical scheme that `name` (an HR Open `schemeId`) is werkbrug's own name of, when
/// `value` fits it: what [`code_scheme_name`] wrote reads back as it was.
pub(super) fn own_scheme(name: &str, value: &str) -> Option<CodeScheme> {
    let scheme = [
        CodeScheme::CompetentNl,
        CodeScheme::Esco,
        CodeScheme::OtherUri,
        CodeScheme::UwvLegacy,
        CodeScheme::FreeText,
    ]
    .into_iter()
    .find(|s| code_scheme_name(*s) == name)?;
    let uri = matches::<HttpUri>(value);
    match scheme {
        CodeScheme::CompetentNl | CodeScheme::Esco | CodeScheme::OtherUri if !uri => None,
        _ => Some(scheme),
    }
}

/// The name of a canonical code scheme (`uwv-legacy`), as an HR Open `schemeId`.
pub(super) fn code_scheme_name(scheme: CodeScheme) -> &'static str {
    match scheme {
        CodeScheme::CompetentNl => "competent-nl",
        CodeScheme::Esco => "esco",
        CodeScheme::OtherUri => "other-uri",
        CodeScheme::UwvLegacy => "uwv-legacy",
        CodeScheme::FreeText => "free-text",
    }
}

pub(super) fn competence_value(c: &Competence, optional: bool) -> Option<Value> {
    let id = c
        .uri
        .as_ref()
        .map(|u| json!({"value": u.as_str()}))
        .or(c.code.as_ref().map(|code| {
            // A code keeps its scheme, under werkbrug's name for it.
            json!({"value": code.value, "schemeId": code_scheme_name(code.scheme)})
        }));
    let name = c.label.clone().or_else(|| {
        id.as_ref()
            .and_then(|i| i["value"].as_str())
            .map(str::to_owned)
    })?;
    Some(object(vec![
        ("competencyIds", id.map(|id| json!([id]))),
        ("competencyName", Some(json!(name))),
        ("weight", optional.then(|| json!({"value": 0.5, "schemeName": "werkbrug", "minimumScore": 0, "maximumScore": 1}))),
    ]))
}

pub(super) fn competence_of(value: &Value) -> Option<(Competence, bool)> {
    // An id that is not an http(s) URI (a legacy code) is carried as a code with its scheme.
    let first = list(value.get("competencyIds")).first().cloned();
    let scheme_id = first.as_ref().and_then(|i| text(i.get("schemeId")));
    let id = first.as_ref().and_then(|i| text(i.get("value")));
    let own = scheme_id
        .as_deref()
        .zip(id.as_deref())
        .and_then(|(n, v)| own_scheme(n, v));
    let (uri, code) = match id {
        // werkbrug's own scheme name (as werkbrug writes a code) is read back as that code.
        Some(id) if let Some(scheme) = own => (None, Some(SchemeCode { scheme, value: id })),
        Some(id) if matches::<HttpUri>(&id) => (Some(HttpUri(id)), None),
        Some(id) => (None, Some(SchemeCode::classify(&id))),
        None => (None, None),
    };
    let id = uri
        .as_ref()
        .map(HttpUri::as_str)
        .or(code.as_ref().map(|c| c.value.as_str()));
    let name = text(value.get("competencyName"));
    let label = name.filter(|n| id.is_none_or(|id| id != n));
    let optional = value
        .get("weight")
        .and_then(|w| w.get("value"))
        .and_then(Value::as_f64)
        .is_some_and(|w| w < 1.0);
    if uri.is_none() && code.is_none() && label.is_none() {
        return None;
    }
    Some((
        Competence {
            uri,
            label,
            level: None,
            code,
        },
        optional,
    ))
}

pub(super) fn local_id<'a>(
    identifiers: &'a [SourceIdentifier],
    metadata: &DocumentMetadata,
) -> Option<&'a SourceIdentifier> {
    identifiers
        .iter()
        .find(|i| i.source == metadata.source_system.id)
        .or_else(|| identifiers.first())
}

pub(super) fn identifiers_of(document: &Value, context: &DecodeContext) -> Vec<SourceIdentifier> {
    // No identifier is invented: a document without one is carried with the finding
    // identifiers.present, so that two such documents never share an id.
    text(document.get("documentId").and_then(|d| d.get("value")))
        .map(|v| v.trim().to_owned())
        .filter(|v| SourceIdentifier::accepts_local_id(v))
        .map(|local_id| SourceIdentifier {
            source: context.source.id.clone(),
            local_id,
        })
        .into_iter()
        .collect()
}

/// The HR Open position types of contract forms, through the code lists' `hropen` mappings.
pub(super) fn offering_types(forms: &[ContractForm]) -> Vec<Value> {
    forms
        .iter()
        .filter_map(|f| {
            f.contract_type
                .as_ref()
                .and_then(|c| mapped(ContractType::code_list(), c.as_str(), "hropen"))
                .or_else(|| {
                    f.agreement_type
                        .as_ref()
                        .and_then(|a| mapped(AgreementType::code_list(), a.as_str(), "hropen"))
                })
        })
        .map(Value::from)
        .collect()
}

/// The contract forms of HR Open position types; a type with no canonical equivalent is left out.
pub(super) fn contract_forms_of(types: &[Value]) -> Vec<ContractForm> {
    types
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|o| {
            let form = ContractForm {
                contract_type: code(ContractType::code_list(), "hropen", o),
                agreement_type: code(AgreementType::code_list(), "hropen", o),
            };
            (form != ContractForm::default()).then_some(form)
        })
        .collect()
}
