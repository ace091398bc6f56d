//! The VUM documents as in the source contracts (`VUM-Bron-*.yaml`, koppelvlak 3.0.0, data
//! standard 1.5). One struct serves the detail profile and the matching profile: the matching
//! profile's fields are a subset. Codes are kept as the JSON types VUM uses (integers for most,
//! strings for a few) and translated in `decode`/`encode`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

macro_rules! vum_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[doc = concat!("The VUM element `", stringify!($field), "` (in camelCase on the wire).")]
                #[serde(default, skip_serializing_if = "IsEmpty::is_empty")]
                pub $field: $ty,
            )*
        }

        impl IsEmpty for $name {
            fn is_empty(&self) -> bool {
                $(self.$field.is_empty() &&)* true
            }
        }
    };
}

/// Emptiness in VUM's sense: absent, an empty string, array or object. VUM forbids sending empty
/// values, so the encoder leaves them out.
pub trait IsEmpty {
    /// Whether the value counts as empty.
    fn is_empty(&self) -> bool;
}

impl<T: IsEmpty> IsEmpty for Option<T> {
    fn is_empty(&self) -> bool {
        self.as_ref().is_none_or(IsEmpty::is_empty)
    }
}

impl<T> IsEmpty for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

impl IsEmpty for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
}

macro_rules! never_empty {
    ($($ty:ty),*) => { $(impl IsEmpty for $ty { fn is_empty(&self) -> bool { false } })* };
}
never_empty!(i64, NaiveDate);

vum_struct!(
    /// `Werkzoekende` (detail profile) and `MPWerkzoekendeMatch` (matching profile).
    Werkzoekende {
        arbeidsmarktkwalificatie: Option<Arbeidsmarktkwalificatie>,
        bemiddelingsberoep: Vec<Beroep>,
        contactpersoon: Vec<ContactpersoonWerkzoekende>,
        contractvorm: Vec<Contractvorm>,
        eis_aan_werk: Option<EisAanWerk>,
        emailadres: Vec<String>,
        flexibiliteit: Option<Flexibiliteit>,
        id_werkzoekende: Option<String>,
        indicatie_beschikbaarheid_contactgegevens: Option<i64>,
        indicatie_ldr_registratie: Option<i64>,
        mobiliteit: Option<Mobiliteit>,
        persoonlijke_presentatie: Option<String>,
        sector: Vec<Sector>,
        telefoonnummer: Vec<String>,
        vervoermiddel: Vec<Vervoermiddel>,
        webadres: Vec<Webadres>,
        werktijden: Option<Werktijden>,
    }
);

vum_struct!(
    /// `Arbeidsmarktkwalificatie`.
    Arbeidsmarktkwalificatie {
        code_werk_en_denkniveau_werkzoekende: Option<i64>,
        cursus: Vec<Cursus>,
        competentiebeheersing: Vec<Competentiebeheersing>,
        interesse: Vec<Interesse>,
        opleiding: Vec<Opleiding>,
        rijbewijs: Vec<Rijbewijs>,
        taalbeheersing: Vec<Taalbeheersing>,
        werkervaring: Vec<WerkervaringWerkzoekende>,
    }
);

vum_struct!(
    /// `Beroep`.
    Beroep { code_beroepsnaam: Option<String> }
);

vum_struct!(
    /// `ContactpersoonAfdeling` in a profile: one address and one number.
    ContactpersoonWerkzoekende {
        naam_contactpersoon_afdeling: Option<String>,
        emailadres: Option<String>,
        telefoonnummer: Option<String>,
    }
);

vum_struct!(
    /// `ContactpersoonAfdeling` in a vacancy: lists of addresses and numbers.
    ContactpersoonVacature {
        naam_contactpersoon_afdeling: Option<String>,
        emailadres: Vec<String>,
        telefoonnummer: Vec<String>,
    }
);

vum_struct!(
    /// `Contractvorm`.
    Contractvorm {
        code_type_arbeidscontract: Option<String>,
        code_type_overeenkomst: Option<String>,
    }
);

vum_struct!(
    /// `Cursus` (the vacancy uses the first three fields).
    Cursus {
        indicatie_certificaat: Option<i64>,
        naam_cursus: Option<String>,
        toelichting_cursus: Option<String>,
        datum_aanvang_volgen_cursus: Option<NaiveDate>,
        datum_certificaat: Option<NaiveDate>,
        datum_einde_volgen_cursus: Option<NaiveDate>,
        naam_opleidingsinstituut: Option<String>,
    }
);

vum_struct!(
    /// `Competentiebeheersing`.
    Competentiebeheersing { code_competentie: Option<String> }
);

vum_struct!(
    /// `EisAanWerk`.
    EisAanWerk {
        indicatie_aanpassing_werkomgeving: Option<i64>,
        indicatie_begeleiding: Option<i64>,
        indicatie_werkvariatie: Option<i64>,
    }
);

vum_struct!(
    /// `Flexibiliteit`.
    Flexibiliteit {
        datum_einde_beschikbaar_voor_werk: Option<NaiveDate>,
        indicatie_onregelmatig_werk_of_ploegendienst: Option<i64>,
        datum_aanvang_beschikbaar_voor_werk: Option<NaiveDate>,
    }
);

vum_struct!(
    /// `Interesse`.
    Interesse { naam_interesse: Option<String> }
);

vum_struct!(
    /// `Mobiliteit`.
    Mobiliteit {
        bemiddelingspostcode: Option<String>,
        maximale_reisafstand: Option<i64>,
        maximale_reistijd: Option<i64>,
    }
);

vum_struct!(
    /// `Opleiding` (the vacancy uses the first four fields).
    Opleiding {
        code_opleidingsnaam: Option<String>,
        code_niveau_opleiding: Option<i64>,
        indicatie_diploma: Option<i64>,
        toelichting_opleiding: Option<String>,
        code_status_opleiding: Option<i64>,
        datum_aanvang_volgen_opleiding: Option<NaiveDate>,
        datum_diploma: Option<NaiveDate>,
        datum_einde_volgen_opleiding: Option<NaiveDate>,
        naam_opleidingsinstituut: Option<String>,
    }
);

vum_struct!(
    /// `Rijbewijs`.
    Rijbewijs { code_soort_rijbewijs: Option<String> }
);

vum_struct!(
    /// `SectorBeroepsEnBedrijfsleven`.
    Sector { code_sbi: Option<i64> }
);

vum_struct!(
    /// `Taalbeheersing`.
    Taalbeheersing {
        code_niveau_taalbeheersing_lezen: Option<i64>,
        code_niveau_taalbeheersing_luisteren: Option<i64>,
        code_niveau_taalbeheersing_mondeling: Option<i64>,
        code_niveau_taalbeheersing_schriftelijk: Option<i64>,
        code_taal: Option<String>,
    }
);

vum_struct!(
    /// `Vervoermiddel`.
    Vervoermiddel {
        code_vervoermiddel: Option<i64>,
        indicatie_beschikbaar_voor_uitvoering_werk: Option<i64>,
        indicatie_beschikbaar_voor_woon_werkverkeer: Option<i64>,
    }
);

vum_struct!(
    /// `Webadres`.
    Webadres {
        code_webadres: Option<i64>,
        url: Option<String>,
    }
);

vum_struct!(
    /// `Werkervaring` in a profile.
    WerkervaringWerkzoekende {
        beroep: Option<Beroep>,
        datum_aanvang_werkzaamheden: Option<NaiveDate>,
        datum_einde_werkzaamheden: Option<NaiveDate>,
        naam_organisatie: Option<String>,
        toelichting_werkervaring: Option<String>,
    }
);

vum_struct!(
    /// `Werktijden`.
    Werktijden {
        aantal_werkuren_per_week_maximaal: Option<i64>,
        aantal_werkuren_per_week_minimaal: Option<i64>,
        indicatie_kantoortijden: Option<i64>,
    }
);

vum_struct!(
    /// `Vacature` (detail) and `MPVacatureMatch` (matching profile).
    Vacature {
        adres: Option<Adres>,
        arbeids_voorwaarden: Option<ArbeidsVoorwaarden>,
        beroep: Option<Beroep>,
        code_werk_en_denkniveau_minimaal: Option<String>,
        contractvorm: Vec<Contractvorm>,
        cursus: Vec<Cursus>,
        flexibiliteit: Option<Flexibiliteit>,
        competentiebeheersing: Vec<Competentiebeheersing>,
        id_vacature: Option<String>,
        naam_vacature: Option<String>,
        nummer_vacature: Option<String>,
        omschrijving_vacature: Option<String>,
        opleiding: Vec<Opleiding>,
        rijbewijs: Vec<Rijbewijs>,
        sector: Option<Sector>,
        sluitingsdatum_vacature: Option<NaiveDate>,
        sollicitatiewijze: Vec<Sollicitatiewijze>,
        taalbeheersing: Vec<Taalbeheersing>,
        vervoermiddel: Vec<Vervoermiddel>,
        werkervaring: Vec<WerkervaringVacature>,
        werkgever: Option<Werkgever>,
        werktijden: Option<Werktijden>,
    }
);

vum_struct!(
    /// `Adres`.
    Adres {
        postcode: Option<String>,
        straatnaam: Option<String>,
        huisnummer: Option<i64>,
        huisnummertoevoeging: Option<String>,
    }
);

vum_struct!(
    /// `ArbeidsVoorwaarden`.
    ArbeidsVoorwaarden {
        datum_aanvang_werkzaamheden: Option<NaiveDate>,
        datum_einde_werkzaamheden: Option<NaiveDate>,
        omschrijving_arbeidsvoorwaarden: Option<String>,
        salaris_indicatie: Option<String>,
    }
);

vum_struct!(
    /// `Sollicitatiewijze`.
    Sollicitatiewijze {
        code_sollicitatiewijze: Option<String>,
        webadres: Option<Webadres>,
    }
);

vum_struct!(
    /// `Werkervaring` in a vacancy.
    WerkervaringVacature { aantal_jaren_werkzaam_in_beroep: Option<i64> }
);

vum_struct!(
    /// `Werkgever` (and `MPWerkgever`).
    Werkgever {
        contactpersoon: Vec<ContactpersoonVacature>,
        handelsnaam_organisatie: Option<String>,
        sector: Vec<Sector>,
        webadres: Vec<Webadres>,
    }
);
