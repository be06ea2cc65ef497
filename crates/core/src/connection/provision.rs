//! IT's pre-provisioned connection, read from the environment at start-up.

use secrecy::{ExposeSecret, SecretString};

use super::target::{default_tls_mode, ConnectionConfig};
use super::{validate, ConnectionInput};
use crate::{App, AppError};
use sentia_domain::TlsMode;

/// The environment variable that carries IT's database password at install time.
pub const PASSWORD_ENV: &str = "SENTIA_DB_PASSWORD";

/// IT's pre-provisioned connection: `SENTIA_DB_HOST`, `SENTIA_DB_PORT`, `SENTIA_DB_NAME`,
/// `SENTIA_DB_USER`, `SENTIA_DB_TLS` (disable|prefer|require|verify-full; unset means
/// `verify-full`, or `prefer` for this computer) and optionally `SENTIA_DB_PASSWORD`.
#[derive(Debug, Default)]
pub struct Provisioning {
    host: Option<String>,
    port: Option<String>,
    database: Option<String>,
    user: Option<String>,
    tls: Option<String>,
    password: Option<SecretString>,
}

/// What provisioning did with the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvisionedPassword {
    /// `SENTIA_DB_PASSWORD` was not set.
    NotGiven,
    /// It was stored in the keychain (none was stored for the target, or another one).
    Stored,
    /// The keychain already held this password for this target: nothing was written.
    AlreadyStored,
}

impl Provisioning {
    /// Reads the provisioning variables and removes `SENTIA_DB_PASSWORD` from this
    /// process's environment, so that no later code, crash report or child process sees
    /// it. Call it first thing in `main`, before any thread exists: changing the
    /// environment while another thread reads it is undefined behaviour on Unix (which is
    /// why Rust 2024 makes `remove_var` unsafe).
    pub fn take_from_env() -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let password = var(PASSWORD_ENV).map(SecretString::from);
        if std::env::var_os(PASSWORD_ENV).is_some() {
            std::env::remove_var(PASSWORD_ENV);
        }
        Self {
            host: var("SENTIA_DB_HOST"),
            port: var("SENTIA_DB_PORT"),
            database: var("SENTIA_DB_NAME"),
            user: var("SENTIA_DB_USER"),
            tls: var("SENTIA_DB_TLS"),
            password,
        }
    }

    /// Whether IT provisioned a connection (`SENTIA_DB_HOST` set).
    pub fn is_set(&self) -> bool {
        self.host.is_some()
    }
}

/// Applies IT's provisioning at start-up: the settings go to `connection.json` marked as
/// provisioned, the password into the keychain entry of that target, and only when the
/// entry does not already hold it (the variable stays set in IT's launcher, and the
/// keychain should not be rewritten at every start). Users are not asked.
pub fn provision(app: &App, provisioning: Provisioning) -> Result<ProvisionedPassword, AppError> {
    let Some(host) = provisioning.host else {
        return Ok(ProvisionedPassword::NotGiven);
    };
    let port = match provisioning.port {
        Some(p) => p
            .parse()
            .map_err(|_| AppError::validation("port", "SENTIA_DB_PORT is not a port"))?,
        None => 5432,
    };
    let explicit_tls = match provisioning.tls {
        None => None,
        Some(text) => Some(
            text.parse::<TlsMode>()
                .map_err(|e| AppError::validation("tlsMode", format!("SENTIA_DB_TLS: {e}")))?,
        ),
    };
    let mut config = validate(&ConnectionInput {
        tls_mode: explicit_tls.unwrap_or_else(|| default_tls_mode(&host)),
        host,
        port,
        database: provisioning.database.unwrap_or_else(|| "sentia".into()),
        user: provisioning.user.unwrap_or_else(|| "sentia_app".into()),
        password: None,
    })?;
    config.tls_explicit = explicit_tls.is_some();
    config.provisioned = true;
    let target = config.target();
    let outcome = match provisioning.password {
        None => ProvisionedPassword::NotGiven,
        Some(given) => {
            let stored = app.secrets().get(&target.keychain_name())?;
            if stored.is_some_and(|s| s.expose_secret() == given.expose_secret()) {
                ProvisionedPassword::AlreadyStored
            } else {
                app.secrets().set(&target.keychain_name(), &given)?;
                ProvisionedPassword::Stored
            }
        }
    };
    let previous = ConnectionConfig::load(&app.paths().config)?;
    if previous.as_ref() != Some(&config) {
        config.save(&app.paths().config)?;
    }
    if let Some(previous) = previous.map(|c| c.target()).filter(|p| *p != target) {
        app.secrets().delete(&previous.keychain_name())?;
    }
    tracing::info!(host = %config.host, tls = %config.tls_mode, password = ?outcome, "connection provisioned from the environment");
    Ok(outcome)
}
