//! Secrets a user types (passwords, API keys) as they cross the IPC boundary.

use secrecy::{ExposeSecret, SecretString};

/// A secret that arrives as a string and stays secret: no `Debug` or log prints it, it is
/// never serialised back, and reading it needs [`Sensitive::expose`].
///
/// ```
/// use sentia_domain::Sensitive;
/// let pw: Sensitive = serde_json::from_str("\"hunter2 hunter2\"").unwrap();
/// assert_eq!(format!("{pw:?}"), "Sensitive(***)");
/// assert_eq!(pw.expose(), "hunter2 hunter2");
/// ```
#[derive(Clone, serde::Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(transparent))]
pub struct Sensitive(#[cfg_attr(feature = "specta", specta(type = String))] SecretString);

impl Sensitive {
    /// The secret itself, for the one place that needs it (hashing, the keychain).
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// The secret as the `secrecy` type the keychain and hashing take.
    pub fn into_secret(self) -> SecretString {
        self.0
    }
}

impl From<String> for Sensitive {
    fn from(s: String) -> Self {
        Sensitive(SecretString::from(s))
    }
}

impl From<&str> for Sensitive {
    fn from(s: &str) -> Self {
        Sensitive(SecretString::from(s))
    }
}

impl std::fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sensitive(***)")
    }
}
