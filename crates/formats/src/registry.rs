//! The registry of format adapters: the one place that lists them.

use crate::Format;

static CANONICAL: crate::canonical::Canonical = crate::canonical::Canonical;
static VUM: crate::vum::Vum = crate::vum::Vum;
static SETU_XML: crate::setu::SetuXml = crate::setu::SetuXml;
static SETU_JSON: crate::setu::SetuJson = crate::setu::SetuJson;
static HR_OPEN: crate::hropen::HrOpen = crate::hropen::HrOpen;
static SCHEMA_ORG: crate::schema_org::SchemaOrg = crate::schema_org::SchemaOrg;

/// Every adapter, in the order they are documented.
pub fn all() -> [&'static dyn Format; 6] {
    [
        &CANONICAL,
        &VUM,
        &SETU_XML,
        &SETU_JSON,
        &HR_OPEN,
        &SCHEMA_ORG,
    ]
}

/// The adapter with this id.
pub fn get(id: &str) -> Option<&'static dyn Format> {
    all().into_iter().find(|f| f.id() == id)
}

/// The ids of every adapter.
pub fn ids() -> Vec<&'static str> {
    all().iter().map(|f| f.id()).collect()
}
