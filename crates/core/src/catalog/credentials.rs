//! Channel API credentials, sealed before they reach the database (`crate::seal`), with a
//! key kept in the OS keychain, so a database dump or a `psql` session shows only
//! ciphertext. The channel's id is authenticated with it, so a sealed value copied onto
//! another channel does not open. Nothing here ever returns the clear text to the UI.

use uuid::Uuid;

use crate::seal::{self, Key};
use crate::{AppError, SecretStore};

/// The keychain entry holding the key. Machines that must open the credentials (a sync
/// service) get the same entry from IT.
const KEY_ENTRY: &str = "channel-credentials-key";

/// The key, created in the keychain on first use.
pub(super) fn key(secrets: &SecretStore) -> Result<Key, AppError> {
    seal::key(secrets, KEY_ENTRY)
}

/// `credentials` sealed for channel `channel`.
pub(super) fn seal(key: &Key, channel: Uuid, credentials: &str) -> Result<Vec<u8>, AppError> {
    seal::seal(key, channel.as_bytes(), credentials.as_bytes())
}

/// The clear text of a value [`seal`] made for `channel`; `None` when it does not open.
// The app seals and never reads credentials back; the tests open them to prove the seal.
#[cfg_attr(not(test), allow(dead_code))]
pub(super) fn open(key: &Key, channel: Uuid, sealed: &[u8]) -> Option<String> {
    String::from_utf8(seal::open(key, channel.as_bytes(), sealed)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_credentials_open_only_for_their_channel() {
        let key = crate::seal::fresh_key();
        let channel = Uuid::new_v4();
        let secret = r#"{"client_secret": "s3cr3t"}"#;
        let sealed = seal(&key, channel, secret).unwrap();
        assert_eq!(open(&key, channel, &sealed).as_deref(), Some(secret));
        assert_eq!(open(&key, Uuid::new_v4(), &sealed), None);
    }
}
