//! Channel API credentials, sealed before they reach the database: XChaCha20-Poly1305 with
//! a key kept in the OS keychain, so a database dump or a `psql` session shows only
//! ciphertext. The channel's id is authenticated with it, so a sealed value copied onto
//! another channel does not open. Nothing here ever returns the clear text to the UI.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use uuid::Uuid;

use crate::{AppError, SecretStore};

/// The keychain entry holding the key (base64 of 32 bytes). Machines that must open the
/// credentials (a sync service) get the same entry from IT.
const KEY_ENTRY: &str = "channel-credentials-key";
/// Format tag, so that a later scheme can tell old values apart.
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// The key, created in the keychain on first use.
pub(super) fn key(secrets: &SecretStore) -> Result<Key, AppError> {
    if let Some(stored) = secrets.get(KEY_ENTRY)? {
        let bytes = STANDARD
            .decode(stored.expose_secret())
            .map_err(|e| AppError::internal(&format!("channel credentials key: {e}")))?;
        if bytes.len() == 32 {
            return Ok(*Key::from_slice(&bytes));
        }
        return Err(AppError::internal(
            &"channel credentials key has the wrong length",
        ));
    }
    let key = XChaCha20Poly1305::generate_key(&mut OsRng);
    secrets.set(KEY_ENTRY, &SecretString::from(STANDARD.encode(key)))?;
    Ok(key)
}

/// `credentials` sealed for channel `channel`: version, nonce, ciphertext and tag.
pub(super) fn seal(key: &Key, channel: Uuid, credentials: &str) -> Result<Vec<u8>, AppError> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let sealed = XChaCha20Poly1305::new(key)
        .encrypt(
            &nonce,
            Payload {
                msg: credentials.as_bytes(),
                aad: channel.as_bytes(),
            },
        )
        .map_err(|e| AppError::internal(&format!("sealing credentials: {e}")))?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// The clear text of a value [`seal`] made for `channel`; `None` when it does not open
/// (another key, another channel, or altered bytes).
// The app seals and never reads credentials back; the tests open them to prove the seal.
#[cfg_attr(not(test), allow(dead_code))]
pub(super) fn open(key: &Key, channel: Uuid, sealed: &[u8]) -> Option<String> {
    let (&version, rest) = sealed.split_first()?;
    if version != VERSION || rest.len() < NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
    let clear = XChaCha20Poly1305::new(key)
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: channel.as_bytes(),
            },
        )
        .ok()?;
    String::from_utf8(clear).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_credentials_open_only_with_their_key_and_channel() {
        let key = XChaCha20Poly1305::generate_key(&mut OsRng);
        let channel = Uuid::new_v4();
        let secret = r#"{"refresh_token": "Atzr|abc", "client_secret": "s3cr3t"}"#;
        let sealed = seal(&key, channel, secret).unwrap();
        assert!(
            !sealed.windows(6).any(|w| w == b"s3cr3t"),
            "no clear text in the bytes"
        );
        assert_eq!(open(&key, channel, &sealed).as_deref(), Some(secret));

        assert_eq!(
            open(&key, Uuid::new_v4(), &sealed),
            None,
            "bound to its channel"
        );
        let other = XChaCha20Poly1305::generate_key(&mut OsRng);
        assert_eq!(open(&other, channel, &sealed), None, "bound to its key");
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert_eq!(open(&key, channel, &altered), None, "tamper-evident");
        assert_ne!(
            seal(&key, channel, secret).unwrap(),
            sealed,
            "a fresh nonce every time"
        );
    }
}
