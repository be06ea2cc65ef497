//! The only module that touches the OS keychain (service `com.sentia.app`, user = the
//! connection profile). Passwords come out as [`SecretString`]: never logged, never
//! serialised, never sent to the webview.
//!
//! keyring 3 falls back to an in-memory mock silently when no platform store is compiled
//! in; [`SecretStore::ensure_real_backend`] lets a release build refuse to run on it.

use std::sync::Arc;

use keyring::{CredentialBuilder, Entry};
use secrecy::{ExposeSecret, SecretString};

use crate::AppError;

/// Keychain service name, the app's identifier.
pub const SERVICE: &str = "com.sentia.app";

/// Environment variable that selects a keychain backend explicitly. `keyutils` uses the
/// Linux kernel key store only (headless CI and E2E under `keyctl session`), `mock` the
/// in-memory store (debug builds only). Unset: the platform default.
pub const BACKEND_ENV: &str = "SENTIA_KEYRING";

/// Which store passwords go to. Each store holds its own credential builder rather than
/// keyring's process-wide default, so two stores in one process (tests, the CLI beside a
/// library caller) never write into each other's backend.
#[derive(Clone)]
pub struct SecretStore {
    builder: Arc<CredentialBuilder>,
    backend: String,
}

impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretStore")
            .field("backend", &self.backend)
            .finish()
    }
}

fn unavailable(err: keyring::Error) -> AppError {
    // keyring's messages name the store and the failure, never the secret; they go to the
    // log, and the user reads what to do about them.
    tracing::warn!(error = %err, "keychain error");
    AppError::KeychainUnavailable {
        message: advice(&err),
    }
}

/// No Secret Service on the session bus, or no session bus at all.
pub const NO_KEYCHAIN: &str = "No keychain is running: install and start gnome-keyring (or \
KeePassXC with Secret Service enabled) and sign in to your desktop session, then start Sentia again.";

/// A Secret Service without a default collection (gnome-keyring started outside a
/// desktop sign-in): it has nowhere to put a new password.
pub const NO_DEFAULT_COLLECTION: &str = "The keychain has no default keyring to keep \
passwords in: open Passwords and Keys (seahorse) and create a keyring named \"Login\" (or sign in \
to your desktop session, which creates it), then try again.";

/// The collection is locked and the user did not unlock it.
pub const LOCKED: &str = "The keychain is locked: unlock it (Passwords and Keys, or sign in \
to your desktop session again) and try again.";

/// What to tell the user when the keychain fails: what to install, start or unlock. The
/// driver's own words ("Secret Service: no result found") are for the log only.
pub fn advice(err: &keyring::Error) -> String {
    use keyring::Error as E;
    match err {
        E::PlatformFailure(inner) | E::NoStorageAccess(inner) => platform_advice(inner.as_ref()),
        E::BadEncoding(_) | E::TooLong(..) | E::Invalid(..) | E::Ambiguous(_) => {
            format!(
                "The keychain entry for this connection cannot be used: delete the entries of \
                 \"{SERVICE}\" in your keychain and enter the password again."
            )
        }
        // `get` turns a missing entry into `None` before this is reached.
        E::NoEntry => "No password is stored for this connection: enter it again.".into(),
        _ => NO_KEYCHAIN.into(),
    }
}

#[cfg(target_os = "linux")]
fn platform_advice(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> String {
    use dbus_secret_service::Error as Ss;
    match inner.downcast_ref::<Ss>() {
        Some(Ss::NoResult) => NO_DEFAULT_COLLECTION.into(),
        Some(Ss::Locked) => LOCKED.into(),
        Some(Ss::Prompt) => {
            "The keychain asked to be unlocked and the prompt was closed: try again and \
             unlock it when asked."
                .into()
        }
        Some(_) => NO_KEYCHAIN.into(),
        // Not the Secret Service: the kernel keyring (`SENTIA_KEYRING=keyutils`).
        None => format!(
            "The kernel keyring is not available to Sentia: start it inside a keyring session \
             (`keyctl session - sentia-app`), or unset {BACKEND_ENV} to use the desktop keychain."
        ),
    }
}

#[cfg(target_os = "macos")]
fn platform_advice(_inner: &(dyn std::error::Error + Send + Sync + 'static)) -> String {
    "The macOS keychain refused access: unlock your login keychain in Keychain Access and \
     try again."
        .into()
}

#[cfg(target_os = "windows")]
fn platform_advice(_inner: &(dyn std::error::Error + Send + Sync + 'static)) -> String {
    "Windows Credential Manager refused access: sign in to Windows again and try again.".into()
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn platform_advice(_inner: &(dyn std::error::Error + Send + Sync + 'static)) -> String {
    NO_KEYCHAIN.into()
}

impl SecretStore {
    /// Selects the store named by `SENTIA_KEYRING`, or the platform default.
    pub fn from_env() -> Result<Self, AppError> {
        Self::named(std::env::var(BACKEND_ENV).ok().as_deref())
    }

    /// Selects a store by name: `keyutils`, `mock` (debug builds only), or `None` /
    /// `default` for the platform's own.
    pub fn named(backend: Option<&str>) -> Result<Self, AppError> {
        let builder: Box<CredentialBuilder> = match backend {
            None | Some("") | Some("default") => keyring::default::default_credential_builder(),
            #[cfg(target_os = "linux")]
            Some("keyutils") => keyring::keyutils::default_credential_builder(),
            Some("mock") if cfg!(debug_assertions) => keyring::mock::default_credential_builder(),
            Some(other) => {
                return Err(AppError::KeychainUnavailable {
                    message: format!("unknown {BACKEND_ENV} value {other:?}"),
                })
            }
        };
        let mut store = SecretStore {
            builder: Arc::from(builder),
            backend: String::new(),
        };
        store.backend = store.detect_backend()?;
        Ok(store)
    }

    fn entry(&self, profile: &str) -> Result<Entry, AppError> {
        self.builder
            .build(None, SERVICE, profile)
            .map(Entry::new_with_credential)
            .map_err(unavailable)
    }

    fn detect_backend(&self) -> Result<String, AppError> {
        let entry = self.entry("backend-probe")?;
        let cred = entry.get_credential();
        let name = if cred.is::<keyring::mock::MockCredential>() {
            "mock"
        } else {
            #[cfg(target_os = "linux")]
            {
                if cred.is::<keyring::keyutils::KeyutilsCredential>() {
                    "linux-keyutils"
                } else if cred.is::<keyring::keyutils_persistent::KeyutilsPersistentCredential>() {
                    "linux-keyutils+secret-service"
                } else {
                    "platform"
                }
            }
            #[cfg(target_os = "macos")]
            {
                "macos-keychain"
            }
            #[cfg(target_os = "windows")]
            {
                "windows-credential-manager"
            }
            #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
            {
                "platform"
            }
        };
        Ok(name.to_owned())
    }

    /// The backend's name, shown in the about box and support reports.
    pub fn backend(&self) -> &str {
        &self.backend
    }

    /// Whether this is the in-memory mock, which keeps nothing between runs.
    pub fn is_mock(&self) -> bool {
        self.backend == "mock"
    }

    /// Fails on the mock store. Release builds call this at start-up: a password saved
    /// there would be lost on exit while the user believes it is stored.
    pub fn ensure_real_backend(&self) -> Result<(), AppError> {
        if self.is_mock() {
            tracing::error!("only the in-memory mock keychain is compiled in");
            return Err(AppError::KeychainUnavailable {
                message: NO_KEYCHAIN.into(),
            });
        }
        Ok(())
    }

    /// The password for a connection profile; `None` when none is stored.
    pub fn get(&self, profile: &str) -> Result<Option<SecretString>, AppError> {
        match self.entry(profile)?.get_password() {
            Ok(p) => Ok(Some(SecretString::from(p))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// Stores the password for a connection profile, replacing any earlier one.
    pub fn set(&self, profile: &str, password: &SecretString) -> Result<(), AppError> {
        self.entry(profile)?
            .set_password(password.expose_secret())
            .map_err(unavailable)
    }

    /// Removes the stored password; removing a missing one is not an error.
    pub fn delete(&self, profile: &str) -> Result<(), AppError> {
        match self.entry(profile)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(
        err: impl std::error::Error + Send + Sync + 'static,
    ) -> Box<dyn std::error::Error + Send + Sync> {
        Box::new(err)
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_secret_service_without_a_default_collection_asks_for_a_login_keyring() {
        let err = keyring::Error::NoStorageAccess(boxed(dbus_secret_service::Error::NoResult));
        let AppError::KeychainUnavailable { message } = unavailable(err) else {
            panic!("not keychainUnavailable");
        };
        assert_eq!(message, NO_DEFAULT_COLLECTION);
        assert!(!message.contains("no result found"), "{message}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn no_secret_service_names_what_to_install_and_start() {
        let err = keyring::Error::PlatformFailure(boxed(dbus_secret_service::Error::Unavailable));
        let message = advice(&err);
        assert!(
            message.contains("install and start gnome-keyring"),
            "{message}"
        );
        assert!(message.contains("KeePassXC"), "{message}");
        assert!(!message.contains("DBus"), "{message}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_locked_keychain_asks_to_unlock_it() {
        let err = keyring::Error::NoStorageAccess(boxed(dbus_secret_service::Error::Locked));
        assert_eq!(advice(&err), LOCKED);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_kernel_keyring_failure_says_how_to_start_one() {
        let err = keyring::Error::PlatformFailure(boxed(std::io::Error::from(
            std::io::ErrorKind::PermissionDenied,
        )));
        let message = advice(&err);
        assert!(message.contains("keyctl session"), "{message}");
        assert!(!message.contains("permission denied"), "{message}");
    }

    #[test]
    fn an_unreadable_entry_never_shows_its_bytes() {
        let err = keyring::Error::BadEncoding(b"s3cret-bytes".to_vec());
        let message = advice(&err);
        assert!(message.contains(SERVICE), "{message}");
        assert!(!message.contains("s3cret"), "{message}");
    }
}
