//! Sealing with XChaCha20-Poly1305 under keys kept in the OS keychain: what is sealed can
//! be read only with its key and with the same associated data, so a sealed value moved to
//! another row, user or screen does not open, and one altered byte is detected. Used for
//! channel credentials in the database and for the offline report cache on disk.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};

use crate::{AppError, SecretStore};

pub(crate) use chacha20poly1305::Key;

/// Format tag, so that a later scheme can tell old values apart.
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// The key in keychain entry `entry` (base64 of 32 bytes), created there on first use.
pub(crate) fn key(secrets: &SecretStore, entry: &str) -> Result<Key, AppError> {
    if let Some(stored) = secrets.get(entry)? {
        let bytes = STANDARD
            .decode(stored.expose_secret())
            .map_err(|e| AppError::internal(&format!("key {entry}: {e}")))?;
        if bytes.len() == 32 {
            return Ok(*Key::from_slice(&bytes));
        }
        return Err(AppError::internal(&format!(
            "key {entry} has the wrong length"
        )));
    }
    let key = XChaCha20Poly1305::generate_key(&mut OsRng);
    secrets.set(entry, &SecretString::from(STANDARD.encode(key)))?;
    Ok(key)
}

/// A fresh random key (tests, and keys that are not kept).
#[cfg(test)]
pub(crate) fn fresh_key() -> Key {
    XChaCha20Poly1305::generate_key(&mut OsRng)
}

/// `clear` sealed with `aad` authenticated beside it: version, nonce, ciphertext and tag.
pub(crate) fn seal(key: &Key, aad: &[u8], clear: &[u8]) -> Result<Vec<u8>, AppError> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = XChaCha20Poly1305::new(key)
        .encrypt(&nonce, Payload { msg: clear, aad })
        .map_err(|e| AppError::internal(&format!("sealing: {e}")))?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// The clear bytes of a value [`seal`] made with `aad`; `None` when it does not open
/// (another key, other associated data, or altered bytes).
pub(crate) fn open(key: &Key, aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    let (&version, rest) = sealed.split_first()?;
    if version != VERSION || rest.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    XChaCha20Poly1305::new(key)
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_associated_data() {
        let key = fresh_key();
        let secret = br#"{"refresh_token": "Atzr|abc", "client_secret": "s3cr3t"}"#;
        let sealed = seal(&key, b"channel-1", secret).unwrap();
        assert!(
            !sealed.windows(6).any(|w| w == b"s3cr3t"),
            "no clear text in the bytes"
        );
        assert_eq!(
            open(&key, b"channel-1", &sealed).as_deref(),
            Some(&secret[..])
        );
        assert_eq!(open(&key, b"channel-2", &sealed), None, "bound to its data");
        assert_eq!(
            open(&fresh_key(), b"channel-1", &sealed),
            None,
            "bound to its key"
        );
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(open(&key, b"channel-1", &altered), None, "tamper-evident");
        assert_ne!(
            seal(&key, b"channel-1", secret).unwrap(),
            sealed,
            "a fresh nonce every time"
        );
    }
}
