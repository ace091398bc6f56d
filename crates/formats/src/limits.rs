//! The canonical model's length limits, applied to what an adapter decoded.
//!
//! SETU and HR Open leave most strings unbounded; the canonical model bounds the few that are
//! short by nature (initials, a name prefix, a house number addition, a foreign postal code, a
//! vacancy number). A longer value is cut at the limit, so that the document stays valid against
//! the schema, and the adapter's round-trip comparison reports the cut as `truncated`.

use werkbrug_model::common::{Address, Telephone};
use werkbrug_model::jobseeker::{JobseekerProfile, Person};
use werkbrug_model::vacancy::Vacancy;

use crate::CanonicalDocument;

/// `text` cut to at most `max` characters.
fn cut(text: &mut Option<String>, max: usize) {
    if let Some(value) = text
        && let Some((index, _)) = value.char_indices().nth(max)
    {
        value.truncate(index);
    }
}

fn address(address: &mut Option<Address>) {
    if let Some(a) = address {
        cut(&mut a.house_number_addition, 10);
        cut(&mut a.foreign_postal_code, 20);
    }
}

fn person(person: &mut Option<Person>) {
    if let Some(p) = person {
        cut(&mut p.initials, 20);
        cut(&mut p.family_name_prefix, 20);
        cut(&mut p.primary_language, 35);
        for nationality in &mut p.nationalities {
            let mut text = Some(std::mem::take(nationality));
            cut(&mut text, 100);
            *nationality = text.unwrap_or_default();
        }
    }
}

fn phones(phones: &mut [Telephone]) {
    for phone in phones {
        if let Telephone::AsGiven(given) = phone {
            let mut text = Some(std::mem::take(&mut given.as_given));
            cut(&mut text, 50);
            given.as_given = text.unwrap_or_default();
        }
    }
}

fn profile(p: &mut JobseekerProfile) {
    person(&mut p.person);
    if let Some(contact) = &mut p.contact {
        address(&mut contact.address);
        phones(&mut contact.phones);
        for c in &mut contact.contact_persons {
            phones(&mut c.phones);
        }
    }
}

fn vacancy(v: &mut Vacancy) {
    cut(&mut v.vacancy_number, 50);
    if let Some(employer) = &mut v.employer {
        address(&mut employer.address);
        for c in &mut employer.contact_persons {
            phones(&mut c.phones);
        }
    }
    if let Some(location) = &mut v.location {
        address(&mut location.address);
    }
}

/// Cuts the short values of `document` to the canonical limits.
pub(crate) fn fit(document: &mut CanonicalDocument) {
    match document {
        CanonicalDocument::JobseekerProfile(p) => profile(p),
        CanonicalDocument::Vacancy(v) => vacancy(v),
    }
}
