//! The only module that touches the OS keychain (service `com.sentia.app`, user = the
//! connection profile). Passwords come out as [`SecretString`]: never logged, never
//! serialised, never sent to the webview.
//!
//! keyring 3 falls back to an in-memory mock silently when no platform store is compiled
//! in; [`SecretStore::ensure_real_backend`] lets a release build refuse to run on it.

use keyring::Entry;
use secrecy::{ExposeSecret, SecretString};

use crate::AppError;

/// Keychain service name, the app's identifier.
pub const SERVICE: &str = "com.sentia.app";

/// Environment variable that selects a keychain backend explicitly. `keyutils` uses the
/// Linux kernel key store only (headless CI and E2E under `keyctl session`), `mock` the
/// in-memory store (debug builds only). Unset: the platform default.
pub const BACKEND_ENV: &str = "SENTIA_KEYRING";

/// Which store passwords go to.
#[derive(Debug, Clone)]
pub struct SecretStore {
    backend: String,
}

fn unavailable(err: keyring::Error) -> AppError {
    // keyring's messages name the store and the failure, never the secret.
    tracing::warn!(error = %err, "keychain error");
    AppError::KeychainUnavailable {
        message: err.to_string(),
    }
}

impl SecretStore {
    /// Selects the store: the platform default, or the one named by `SENTIA_KEYRING`.
    /// Call once at start-up, before any other keychain use (keyring's default builder
    /// is process-wide).
    pub fn from_env() -> Result<Self, AppError> {
        match std::env::var(BACKEND_ENV).ok().as_deref() {
            None | Some("") | Some("default") => {}
            #[cfg(target_os = "linux")]
            Some("keyutils") => keyring::set_default_credential_builder(
                keyring::keyutils::default_credential_builder(),
            ),
            Some("mock") if cfg!(debug_assertions) => {
                keyring::set_default_credential_builder(keyring::mock::default_credential_builder())
            }
            Some(other) => {
                return Err(AppError::KeychainUnavailable {
                    message: format!("unknown {BACKEND_ENV} value {other:?}"),
                })
            }
        }
        let store = SecretStore {
            backend: String::new(),
        };
        let backend = store.detect_backend()?;
        Ok(SecretStore { backend })
    }

    fn entry(&self, profile: &str) -> Result<Entry, AppError> {
        Entry::new(SERVICE, profile).map_err(unavailable)
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
            return Err(AppError::KeychainUnavailable {
                message: "no OS keychain is available (only the in-memory mock)".into(),
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
