//! Opaque ids for search results, like VUM's `vumID`: only the gateway can turn one back into
//! {source, local id}, so local ids never leave it, and the gateway keeps no table to do so.
//!
//! An id is the ChaCha20-Poly1305 encryption (random nonce, so two searches give two different
//! ids for one person and ids cannot be linked) of the document type, the source, the local id,
//! the search that found it, the time of issue, a tag of the API key it was issued to and a tag of
//! the purpose of that search, in URL-safe base64. Anything that does not decrypt is forged; an
//! id past its lifetime is expired; an id issued to another key, or read under another purpose
//! than the search's, is refused. Instances that share the key understand each other's ids.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};
use werkbrug_model::DocumentType;

/// Version 2 added the purpose tag; version 1 ids (without it) are refused as forged, which
/// costs a caller one new search after an upgrade.
const VERSION: u8 = 2;
/// Bytes before the source id: version, type, issue time, caller tag, purpose tag, search, and
/// the source id's length.
const HEADER_LEN: usize = 1 + 1 + 8 + 8 + 8 + 8 + 1;
const NONCE_LEN: usize = 12;
/// Longest id accepted before decoding (a source id and local id of 200 bytes each fit).
const MAX_ID_LEN: usize = 700;

/// What a pseudonym stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The document's type.
    pub document_type: DocumentType,
    /// Id of the source that holds it.
    pub source: String,
    /// The source's own id of the document.
    pub local_id: String,
    /// The search that found it: detail calls are counted per search.
    pub search: u64,
    /// The purpose of that search (an id in the purpose register): a detail may be read only
    /// under the same purpose, so that the chain from search to detail keeps one purpose.
    pub purpose: String,
}

/// Why an id cannot be resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PseudonymError {
    /// Not an id this gateway (or one sharing its key) issued.
    #[error("the id is not one this gateway issued")]
    Forged,
    /// Issued longer ago than the lifetime.
    #[error("the id has expired: search again for a fresh one")]
    Expired,
    /// Issued to another API key.
    #[error("the id was issued to another API key")]
    OtherCaller,
    /// Of the other document type (a vacancy id asked as a jobseeker).
    #[error("the id is not of this document type")]
    WrongType,
    /// Issued by a search for another purpose than the detail asks for.
    #[error(
        "the id was issued by a search for another purpose: search again under the purpose you read for"
    )]
    OtherPurpose,
}

/// Issues and resolves pseudonyms with one key.
#[derive(Clone)]
pub struct Pseudonymizer {
    cipher: ChaCha20Poly1305,
    lifetime_secs: u64,
}

impl std::fmt::Debug for Pseudonymizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pseudonymizer")
            .field("lifetime_secs", &self.lifetime_secs)
            .finish_non_exhaustive()
    }
}

/// A tag of the caller an id is bound to: 8 bytes of SHA-256 over its binding string (the API
/// key's hash, or `anonymous`).
fn caller_tag(caller: &str) -> [u8; 8] {
    tag(b"caller:", caller)
}

/// A tag of the purpose an id is bound to.
fn purpose_tag(purpose: &str) -> [u8; 8] {
    tag(b"purpose:", purpose)
}

/// 8 bytes of SHA-256 over a domain and a text (the domain keeps a caller tag and a purpose tag
/// of one string apart).
fn tag(domain: &[u8], text: &str) -> [u8; 8] {
    let mut hasher = Sha256::new();
    hasher.update(domain);
    hasher.update(text.as_bytes());
    let digest = hasher.finalize();
    let mut tag = [0u8; 8];
    tag.copy_from_slice(&digest[..8]);
    tag
}

fn type_byte(t: DocumentType) -> u8 {
    match t {
        DocumentType::JobseekerProfile => 1,
        DocumentType::Vacancy => 2,
    }
}

impl Pseudonymizer {
    /// A pseudonymizer with a 32-byte key; ids live `lifetime_secs` seconds.
    pub fn new(key: &[u8; 32], lifetime_secs: u64) -> Self {
        Self {
            cipher: ChaCha20Poly1305::new(Key::from_slice(key)),
            lifetime_secs,
        }
    }

    /// A fresh random key.
    pub fn random_key() -> [u8; 32] {
        ChaCha20Poly1305::generate_key(&mut OsRng).into()
    }

    /// The id of `target` for `caller`, issued at `now` (Unix seconds).
    pub fn seal(&self, target: &Target, caller: &str, now: u64) -> String {
        let mut plain = Vec::with_capacity(32 + target.source.len() + target.local_id.len());
        plain.push(VERSION);
        plain.push(type_byte(target.document_type));
        plain.extend_from_slice(&now.to_be_bytes());
        plain.extend_from_slice(&caller_tag(caller));
        plain.extend_from_slice(&purpose_tag(&target.purpose));
        plain.extend_from_slice(&target.search.to_be_bytes());
        let source = target.source.as_bytes();
        plain.push(u8::try_from(source.len()).unwrap_or(u8::MAX));
        plain.extend_from_slice(&source[..source.len().min(255)]);
        plain.extend_from_slice(target.local_id.as_bytes());
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, plain.as_slice())
            .expect("encryption of a short message cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        URL_SAFE_NO_PAD.encode(out)
    }

    /// Resolves an id for `caller`, reading for `purpose`, at `now`.
    pub fn open(
        &self,
        id: &str,
        expected: DocumentType,
        caller: &str,
        purpose: &str,
        now: u64,
    ) -> Result<Target, PseudonymError> {
        if id.len() > MAX_ID_LEN {
            return Err(PseudonymError::Forged);
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(id)
            .map_err(|_| PseudonymError::Forged)?;
        if bytes.len() <= NONCE_LEN {
            return Err(PseudonymError::Forged);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), sealed)
            .map_err(|_| PseudonymError::Forged)?;
        // Authenticated, so well-formed unless the key was used by another program.
        if plain.len() < HEADER_LEN || plain[0] != VERSION {
            return Err(PseudonymError::Forged);
        }
        let document_type = match plain[1] {
            1 => DocumentType::JobseekerProfile,
            2 => DocumentType::Vacancy,
            _ => return Err(PseudonymError::Forged),
        };
        let issued = u64::from_be_bytes(plain[2..10].try_into().expect("8 bytes"));
        if plain[10..18] != caller_tag(caller) {
            return Err(PseudonymError::OtherCaller);
        }
        if now.saturating_sub(issued) > self.lifetime_secs || issued > now + 300 {
            return Err(PseudonymError::Expired);
        }
        if document_type != expected {
            return Err(PseudonymError::WrongType);
        }
        if plain[18..26] != purpose_tag(purpose) {
            return Err(PseudonymError::OtherPurpose);
        }
        let search = u64::from_be_bytes(plain[26..34].try_into().expect("8 bytes"));
        let source_len = usize::from(plain[34]);
        let rest = &plain[HEADER_LEN..];
        if rest.len() < source_len {
            return Err(PseudonymError::Forged);
        }
        let (source, local) = rest.split_at(source_len);
        let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| PseudonymError::Forged);
        Ok(Target {
            document_type,
            source: text(source)?,
            local_id: text(local)?,
            search,
            purpose: purpose.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target {
            document_type: DocumentType::JobseekerProfile,
            source: "uwv".into(),
            local_id: "W-000123".into(),
            search: 42,
            purpose: "matching".into(),
        }
    }

    #[test]
    fn an_id_resolves_for_its_caller_within_its_lifetime() {
        let p = Pseudonymizer::new(&[7; 32], 3600);
        let id = p.seal(&target(), "key-a", 1_000_000);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert!(!id.contains("W-000123") && !id.contains("uwv"));
        assert_eq!(
            p.open(
                &id,
                DocumentType::JobseekerProfile,
                "key-a",
                "matching",
                1_003_600
            ),
            Ok(target())
        );
        // Two ids of one document cannot be linked.
        assert_ne!(id, p.seal(&target(), "key-a", 1_000_000));
    }

    #[test]
    fn forged_expired_other_caller_and_wrong_type_ids_are_refused() {
        let p = Pseudonymizer::new(&[7; 32], 3600);
        let id = p.seal(&target(), "key-a", 1_000_000);
        let open = |id: &str, caller: &str, now: u64| {
            p.open(id, DocumentType::JobseekerProfile, caller, "matching", now)
        };
        assert_eq!(open(&id, "key-a", 1_003_601), Err(PseudonymError::Expired));
        assert_eq!(
            open(&id, "key-b", 1_000_001),
            Err(PseudonymError::OtherCaller)
        );
        assert_eq!(
            p.open(&id, DocumentType::Vacancy, "key-a", "matching", 1_000_001),
            Err(PseudonymError::WrongType)
        );
        let mut tampered = id.clone().into_bytes();
        let last = tampered.len() - 3;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            open(std::str::from_utf8(&tampered).unwrap(), "key-a", 1_000_001),
            Err(PseudonymError::Forged)
        );
        for forged in ["", "x", "not base64!", &"A".repeat(800)] {
            assert_eq!(
                open(forged, "key-a", 1_000_001),
                Err(PseudonymError::Forged),
                "{forged}"
            );
        }
        let other_key = Pseudonymizer::new(&[8; 32], 3600);
        assert_eq!(
            other_key.open(
                &id,
                DocumentType::JobseekerProfile,
                "key-a",
                "matching",
                1_000_001
            ),
            Err(PseudonymError::Forged)
        );
    }

    #[test]
    fn an_id_is_refused_under_another_purpose_than_its_search() {
        let p = Pseudonymizer::new(&[7; 32], 3600);
        let id = p.seal(&target(), "key-a", 1_000_000);
        assert_eq!(
            p.open(
                &id,
                DocumentType::JobseekerProfile,
                "key-a",
                "bemiddeling",
                1_000_001
            ),
            Err(PseudonymError::OtherPurpose)
        );
        // A purpose whose name is the caller's binding is still another purpose.
        assert_eq!(
            p.open(
                &id,
                DocumentType::JobseekerProfile,
                "key-a",
                "key-a",
                1_000_001
            ),
            Err(PseudonymError::OtherPurpose)
        );
    }
}
