//! The SETU Purchase-to-Pay v2 messages `HumanResource` and `StaffingOrder`, as far as werkbrug
//! reads and writes them. The XML (`*.xsd`) and JSON (`*.yml`) forms have the same element names
//! and nesting, so one set of structs serves both; fields are in the XSD's sequence order, which
//! the XML form requires. Elements werkbrug does not use are still declared, so that a document
//! using them is read completely and what the canonical model cannot hold is reported as lost.

use serde::{Deserialize, Serialize};

/// The SETU messages namespace.
pub const NAMESPACE: &str = "https://ontology.setu.nl/messages";

macro_rules! setu_struct {
    ($(#[$meta:meta])* $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[doc = concat!("The SETU element `", stringify!($field), "` (camelCase on the wire).")]
                #[serde(skip_serializing_if = "Skip::skip")]
                pub $field: $ty,
            )*
        }
    };
}

/// Whether a field is left out when writing.
pub trait Skip {
    /// True for absent values and empty lists.
    fn skip(&self) -> bool;
}

impl<T> Skip for Option<T> {
    fn skip(&self) -> bool {
        self.is_none()
    }
}

impl<T> Skip for Vec<T> {
    fn skip(&self) -> bool {
        self.is_empty()
    }
}

impl Skip for String {
    fn skip(&self) -> bool {
        false
    }
}

macro_rules! never_skip {
    ($($ty:ty),*) => { $(impl Skip for $ty { fn skip(&self) -> bool { false } })* };
}
never_skip!(
    f64,
    bool,
    Value,
    SchemeId,
    Amount,
    Duration,
    DatePeriod,
    Name,
    Communication,
    FormattedName,
    PayPeriod,
    PositionLocation
);

setu_struct!(
    /// A `value` with its `schemeAgencyId`.
    SchemeId {
        value: String,
        scheme_agency_id: String,
    }
);

setu_struct!(
    /// A plain `value` wrapper.
    Value { value: String }
);

setu_struct!(
    /// An optional `value` wrapper (`primaryLanguage`).
    OptionalValue { value: Option<String> }
);

setu_struct!(
    /// `establishment`.
    Establishment {
        responsibility_code: Value,
        #[serde(default)]
        id: Vec<SchemeId>,
        legal_id: Option<SchemeId>,
    }
);

setu_struct!(
    /// `personContacts/communication/phone`.
    ContactPhone { formatted_number: String }
);

setu_struct!(
    /// An e-mail address (`email`).
    Email {
        address: String,
        name: Option<String>,
        use_code: Option<String>,
    }
);

setu_struct!(
    /// `personContacts/communication`.
    ContactCommunication {
        #[serde(default)]
        phone: Vec<ContactPhone>,
        #[serde(default)]
        email: Vec<Email>,
    }
);

setu_struct!(
    /// A contact person of a party (`personContacts`).
    PersonContact {
        name: FormattedName,
        communication: Option<ContactCommunication>,
        role_code: Option<String>,
    }
);

setu_struct!(
    /// A name with only `formattedName`.
    FormattedName { formatted_name: String }
);

setu_struct!(
    /// A party: `supplier` or `customer`.
    Party {
        #[serde(default)]
        id: Vec<SchemeId>,
        legal_id: Option<SchemeId>,
        tax_id: Option<SchemeId>,
        establishment: Option<Establishment>,
        #[serde(default)]
        person_contacts: Vec<PersonContact>,
    }
);

setu_struct!(
    /// A person's name (`name`).
    Name {
        formatted_name: String,
        legal: Option<String>,
        #[serde(default)]
        given: Vec<String>,
        preferred: Option<String>,
        family: Option<String>,
        family_prefix: Option<String>,
        former_family: Option<String>,
        former_family_prefix: Option<String>,
        preferred_salutation_code: Option<String>,
        qualification_affix_code: Option<String>,
        initials: Option<String>,
    }
);

setu_struct!(
    /// An address (`address`, `residenceAddress`).
    Address {
        country_code: Option<Value>,
        city: Option<String>,
        postal_code: Option<String>,
        street_name: Option<String>,
        house_number: Option<String>,
        house_number_addition: Option<String>,
        building_addition: Option<String>,
    }
);

setu_struct!(
    /// A telephone number of a person (`communication/phone`).
    Phone {
        formatted_number: String,
        name: Option<String>,
        use_code: String,
    }
);

setu_struct!(
    /// `person/communication`.
    Communication {
        address: Option<Address>,
        #[serde(default)]
        phone: Vec<Phone>,
        #[serde(default)]
        email: Vec<Email>,
    }
);

setu_struct!(
    /// `person/legalDocuments`.
    LegalDocument {
        value: String,
        document_type: Option<String>,
        issue_date: Option<String>,
        expiration_date: Option<String>,
    }
);

setu_struct!(
    /// The candidate (`person`).
    Person {
        legal_id: Option<SchemeId>,
        birth_date: Option<String>,
        gender: Option<Value>,
        id: Vec<SchemeId>,
        name: Name,
        communication: Communication,
        primary_language: Option<OptionalValue>,
        birth_place: Option<String>,
        #[serde(default)]
        nationality: Vec<String>,
        #[serde(default)]
        legal_documents: Vec<LegalDocument>,
        residence_address: Option<Address>,
    }
);

setu_struct!(
    /// `effectiveTimePeriod`.
    EffectiveTimePeriod {
        valid_from: Option<String>,
        valid_to: Option<String>,
    }
);

setu_struct!(
    /// A name-only wrapper (`issuingAuthority`).
    NameOnly { name: String }
);

setu_struct!(
    /// `profiles/certifications`.
    Certification {
        id: Option<Value>,
        name: String,
        effective_time_period: Option<EffectiveTimePeriod>,
        first_issued: Option<String>,
        issuing_authority: Option<NameOnly>,
        descriptions: Option<String>,
    }
);

setu_struct!(
    /// `profiles/qualifications`: a competency.
    Qualification {
        competency_ids: Option<SchemeId>,
        competency_name: String,
        description: String,
        start_date: Option<String>,
        end_date: Option<String>,
    }
);

setu_struct!(
    /// `attachments/content`.
    Content {
        value: String,
        mime_type: String,
    }
);

setu_struct!(
    /// `profiles/attachments`.
    Attachment {
        content: Option<Content>,
        url: Option<String>,
        descriptions: String,
    }
);

setu_struct!(
    /// `availabilityDates`.
    AvailabilityDate {
        start_date_time: String,
        end_date_time: Option<String>,
    }
);

setu_struct!(
    /// `personAvailability`.
    PersonAvailability { availability_dates: Vec<AvailabilityDate> }
);

setu_struct!(
    /// A duration with its unit (`workDuration`, `baseDuration`, ...).
    Duration {
        value: f64,
        unit_code: Value,
    }
);

setu_struct!(
    /// `profiles/workingPeriods` (HumanResource): hours per base period.
    ProfileWorkingPeriod {
        work_duration: Duration,
        base_duration: Duration,
    }
);

setu_struct!(
    /// `profiles`.
    Profiles {
        #[serde(default)]
        certifications: Vec<Certification>,
        #[serde(default)]
        qualifications: Vec<Qualification>,
        #[serde(default)]
        attachments: Vec<Attachment>,
        person_availability: Option<PersonAvailability>,
        #[serde(default)]
        working_periods: Vec<ProfileWorkingPeriod>,
    }
);

setu_struct!(
    /// An amount with its currency.
    Amount {
        value: f64,
        currency: Value,
    }
);

setu_struct!(
    /// A date period (`datePeriod`, `positionPeriod`).
    DatePeriod {
        start: String,
        end: Option<String>,
    }
);

setu_struct!(
    /// `payRates/period`.
    PayPeriod { date_period: DatePeriod }
);

setu_struct!(
    /// `payRates`.
    PayRate {
        id: Option<Value>,
        rate_type: String,
        code: String,
        amount: Amount,
        interval_code: Value,
        period: PayPeriod,
        multiplier: Option<f64>,
        to_be_billed: bool,
        to_be_paid: bool,
    }
);

setu_struct!(
    /// A code with an optional name (`department`, `costCenter`, `project`).
    CodeName {
        name: Option<String>,
        code: String,
    }
);

setu_struct!(
    /// `resourceClassificationInclusion`.
    ResourceClassification {
        department: Option<CodeName>,
        cost_center: Option<CodeName>,
        project: Option<CodeName>,
        reference_number: Option<String>,
    }
);

setu_struct!(
    /// `staffingIds`.
    StaffingIds {
        previous_order_id: Option<SchemeId>,
        request_for_quotation_id: Option<SchemeId>,
        quote_id: Option<SchemeId>,
        #[serde(default)]
        master_order_id: Vec<SchemeId>,
    }
);

/// The `HumanResource` message: a candidate a supplier offers for a position.
///
/// The root structs accept unknown members, because XML roots carry namespace declarations and
/// `xsi:` attributes; the adapters check the root's children themselves (XML) or report unknown
/// members as lost (JSON).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HumanResource {
    /// The XML default namespace declaration; absent in JSON.
    #[serde(rename = "@xmlns", default, skip_serializing_if = "Option::is_none")]
    pub xmlns: Option<String>,
    /// `documentId`.
    pub document_id: SchemeId,
    /// `supplier`.
    pub supplier: Party,
    /// `customer`.
    pub customer: Party,
    /// `person`.
    pub person: Person,
    /// `profiles`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Profiles>,
    /// `payRates`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pay_rates: Vec<PayRate>,
    /// `resourceClassificationInclusion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_classification_inclusion: Option<ResourceClassification>,
    /// `staffingIds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing_ids: Option<StaffingIds>,
    /// `reasonOfChange`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_of_change: Option<String>,
    /// `customerSpecificRequirements`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_specific_requirements: Option<String>,
}

setu_struct!(
    /// `positionTask`.
    PositionTask {
        id: Option<Value>,
        description: Option<Value>,
    }
);

setu_struct!(
    /// `positionLocation`.
    PositionLocation {
        #[serde(default)]
        id: Vec<SchemeId>,
        name: Option<String>,
        country_code: Option<Value>,
        city: Option<String>,
        postal_code: Option<String>,
        street_name: Option<String>,
        house_number: Option<String>,
        house_number_addition: Option<String>,
        building_addition: Option<String>,
    }
);

setu_struct!(
    /// `requestedWorker/person`.
    RequestedPerson { name: Option<Name> }
);

setu_struct!(
    /// `requestedWorker`.
    RequestedWorker {
        #[serde(default)]
        worker_id: Vec<SchemeId>,
        person: Option<RequestedPerson>,
    }
);

setu_struct!(
    /// `positionQualifications/certifications`.
    RequiredCertification {
        name: String,
        descriptions: Option<String>,
    }
);

setu_struct!(
    /// `positionQualifications`.
    PositionQualifications { certifications: Vec<RequiredCertification> }
);

setu_struct!(
    /// `positionProfile/workingPeriods` (StaffingOrder): expected, minimum and maximum duration
    /// per base period.
    OrderWorkingPeriod {
        work_duration: Option<Duration>,
        minimum_work_duration: Option<Duration>,
        maximum_work_duration: Option<Duration>,
        base_duration: Duration,
    }
);

setu_struct!(
    /// `collectiveLabourAgreement`.
    CollectiveLabourAgreement {
        name: Option<String>,
        id: Option<Value>,
    }
);

setu_struct!(
    /// `positionProfile`.
    PositionProfile {
        position_id: Option<Value>,
        position_title: Option<String>,
        position_task: Option<PositionTask>,
        position_location: PositionLocation,
        requested_worker: Option<RequestedWorker>,
        position_open_quantity: Option<u32>,
        position_offering_types: Option<Value>,
        position_qualifications: Option<PositionQualifications>,
        position_period: DatePeriod,
        working_periods: Vec<OrderWorkingPeriod>,
        position_reason: Option<String>,
        shift_description: Option<String>,
        collective_labour_agreement: Option<CollectiveLabourAgreement>,
    }
);

setu_struct!(
    /// `requestForQuotationDetails`.
    RequestForQuotationDetails { multi_vendor_distribution: Option<bool> }
);

/// The `StaffingOrder` message: a customer's request for staff, the vacancy side. Accepts
/// unknown members, as [`HumanResource`] does.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffingOrder {
    /// The XML default namespace declaration; absent in JSON.
    #[serde(rename = "@xmlns", default, skip_serializing_if = "Option::is_none")]
    pub xmlns: Option<String>,
    /// `documentId`.
    pub document_id: SchemeId,
    /// `supplier`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<Party>,
    /// `customer`.
    pub customer: Party,
    /// `orderType`: `Order` or `RFQ`.
    pub order_type: String,
    /// `positionProfile`.
    pub position_profile: PositionProfile,
    /// `payRates`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pay_rates: Vec<PayRate>,
    /// `requestForQuotationDetails`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_for_quotation_details: Option<RequestForQuotationDetails>,
    /// `resourceClassificationInclusion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_classification_inclusion: Option<ResourceClassification>,
    /// `staffingIds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staffing_ids: Option<StaffingIds>,
    /// `reasonOfChange`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_of_change: Option<String>,
    /// `comments`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comments: Option<String>,
    /// `customerSpecificRequirements`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_specific_requirements: Option<String>,
}

/// The child elements a `HumanResource` may have, in order.
pub const HUMAN_RESOURCE_CHILDREN: &[&str] = &[
    "documentId",
    "supplier",
    "customer",
    "person",
    "profiles",
    "payRates",
    "resourceClassificationInclusion",
    "staffingIds",
    "reasonOfChange",
    "customerSpecificRequirements",
];

/// The child elements a `StaffingOrder` may have, in order.
pub const STAFFING_ORDER_CHILDREN: &[&str] = &[
    "documentId",
    "supplier",
    "customer",
    "orderType",
    "positionProfile",
    "payRates",
    "requestForQuotationDetails",
    "resourceClassificationInclusion",
    "staffingIds",
    "reasonOfChange",
    "comments",
    "customerSpecificRequirements",
];
