//! The keyed pseudonyms that name data subjects in the log.

use hmac::{KeyInit, Mac};

/// The key of the subject pseudonyms: HMAC-SHA256 over the source and the source's local id.
/// The same key gives the same pseudonym for one subject on every instance; without the key the
/// pseudonym cannot be linked to the subject.
#[derive(Clone)]
pub struct SubjectKey([u8; 32]);

impl std::fmt::Debug for SubjectKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SubjectKey(<redacted>)")
    }
}

impl SubjectKey {
    /// A key from 64 hex digits.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text.trim()).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// A key from bytes.
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The pseudonym of the subject that `source` knows as `local_id`: 32 hex digits.
    pub fn pseudonym(&self, source: &str, local_id: &str) -> String {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.0)
            .expect("HMAC takes keys of any length");
        mac.update(source.as_bytes());
        mac.update(&[0]);
        mac.update(local_id.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}
