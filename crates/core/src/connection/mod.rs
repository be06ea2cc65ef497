//! The connection wizard: settings in `connection.json` (everything but the secret),
//! the password in the keychain, a step-by-step test that says exactly what failed, the
//! local demo database and IT pre-provisioning from the environment.
//!
//! Two rules protect the password in transit. TLS is `verify-full` unless the server is
//! on this computer or someone chose a weaker mode on purpose (and then the settings carry
//! a [`TlsWarning`]). And a stored password belongs to one [`Target`]: its keychain entry
//! is named after user, host, port and database, so it is never sent anywhere else.

mod demo;
mod provision;
mod report;
mod target;

use secrecy::SecretString;
use sentia_domain::Sensitive;
use serde::{Deserialize, Serialize};

use crate::{App, AppError};
pub use demo::{demo_connection_file, use_demo_database};
pub use provision::{provision, ProvisionedPassword, Provisioning, PASSWORD_ENV};
pub use report::{ConnectionReport, ConnectionStage};
pub(crate) use target::ConnectionConfig;
pub use target::{default_tls_mode, is_loopback, tls_warning, Target, TlsWarning};

pub use sentia_domain::TlsMode;

/// The keychain entry that held the password before entries were named after their
/// target. Read only to move its password to the saved connection's own entry.
const LEGACY_PROFILE: &str = "default";

/// What the wizard sends. `password: None` keeps the stored one.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionInput {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Database name.
    pub database: String,
    /// Login role.
    pub user: String,
    /// Password, or `None` to keep the one in the keychain. A stored password is used
    /// only for the user, host, port and database it was stored for: after changing any
    /// of them the password must be entered again.
    pub password: Option<Sensitive>,
    /// TLS requirement, as the user chose it (the wizard starts at `verify-full`).
    pub tls_mode: TlsMode,
}

/// The saved connection, as the UI sees it: never the password, only whether one is
/// stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionSettings {
    /// Host.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Database.
    pub database: String,
    /// Login role.
    pub user: String,
    /// TLS requirement.
    pub tls_mode: TlsMode,
    /// Set when the TLS mode lets someone on the network read or capture the password:
    /// the UI shows it wherever the connection is shown.
    pub tls_warning: Option<TlsWarning>,
    /// A password for exactly this user, host, port and database is in the keychain.
    pub has_password: bool,
    /// Set up by IT (environment at install time): the wizard is skipped.
    pub provisioned: bool,
}

/// The password stored for `target`, if any. A password saved by an earlier version
/// (under one entry for every target) is moved to the saved connection's own entry
/// first, and only to that one: it was stored together with that connection.
pub(crate) fn stored_password(
    app: &App,
    target: &Target,
) -> Result<Option<SecretString>, AppError> {
    let secrets = app.secrets();
    if let Some(password) = secrets.get(&target.keychain_name())? {
        return Ok(Some(password));
    }
    let saved = ConnectionConfig::load(&app.paths().config)?;
    if saved.is_some_and(|c| c.target() == *target) {
        if let Some(password) = secrets.get(LEGACY_PROFILE)? {
            secrets.set(&target.keychain_name(), &password)?;
            secrets.delete(LEGACY_PROFILE)?;
            return Ok(Some(password));
        }
    }
    Ok(None)
}

/// The password to use for `config`: the one typed, else the one stored for exactly this
/// target. When the user changed the target of a connection whose password is stored and
/// typed none, asks for it rather than trying without one.
fn password_for(
    app: &App,
    config: &ConnectionConfig,
    typed: Option<Sensitive>,
) -> Result<Option<SecretString>, AppError> {
    if let Some(p) = typed.filter(|p| !p.expose().is_empty()) {
        return Ok(Some(p.into_secret()));
    }
    let target = config.target();
    if let Some(p) = stored_password(app, &target)? {
        return Ok(Some(p));
    }
    if let Some(saved) = ConnectionConfig::load(&app.paths().config)? {
        let previous = saved.target();
        if previous != target && stored_password(app, &previous)?.is_some() {
            let message = if previous.host == target.host {
                format!("enter the password for {} on {}", target.user, target.host)
            } else {
                format!("enter the password for {}", target.host)
            };
            return Err(AppError::validation("password", message));
        }
    }
    Ok(None)
}

fn validate(input: &ConnectionInput) -> Result<ConnectionConfig, AppError> {
    let host = input.host.trim();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(AppError::validation("host", "enter a host name or address"));
    }
    if input.port == 0 {
        return Err(AppError::validation(
            "port",
            "enter a port between 1 and 65535",
        ));
    }
    if input.database.trim().is_empty() {
        return Err(AppError::validation("database", "enter the database name"));
    }
    if input.user.trim().is_empty() {
        return Err(AppError::validation("user", "enter the database user"));
    }
    Ok(ConnectionConfig {
        host: host.to_owned(),
        port: input.port,
        database: input.database.trim().to_owned(),
        user: input.user.trim().to_owned(),
        tls_mode: input.tls_mode,
        // The wizard starts at verify-full; anything else the user picked.
        tls_explicit: true,
        provisioned: false,
    })
}

/// The saved connection, if any.
pub fn get_connection(app: &App) -> Result<Option<ConnectionSettings>, AppError> {
    let Some(config) = ConnectionConfig::load(&app.paths().config)? else {
        return Ok(None);
    };
    let has_password = stored_password(app, &config.target())?.is_some();
    Ok(Some(config.settings(has_password)))
}

/// Tries the connection step by step and reports the first step that fails. Nothing is
/// saved.
pub async fn test_connection(
    app: &App,
    input: ConnectionInput,
) -> Result<ConnectionReport, AppError> {
    let config = validate(&input)?;
    let password = password_for(app, &config, input.password)?;
    let options = config.connect_options(password).to_pg_options();
    Ok(ConnectionReport::new(
        &sentia_db::diagnose(&options).await,
        &config,
    ))
}

/// Saves the connection: settings to `connection.json`, the password (when given) to the
/// keychain only. Ends any session, since it belonged to the previous database.
pub async fn save_connection(
    app: &App,
    input: ConnectionInput,
) -> Result<ConnectionSettings, AppError> {
    let config = validate(&input)?;
    let typed = input.password.filter(|p| !p.expose().is_empty());
    if typed.is_none() {
        // Asks for the password when the target changed (the error names the host).
        password_for(app, &config, None)?;
    }
    save_config(app, &config, typed.map(Sensitive::into_secret)).await
}

/// Writes `connection.json` and, when given, the password to the target's keychain entry.
/// The previous target's password is removed when the target changes: nothing may send
/// it anywhere again.
async fn save_config(
    app: &App,
    config: &ConnectionConfig,
    password: Option<SecretString>,
) -> Result<ConnectionSettings, AppError> {
    let target = config.target();
    let previous = ConnectionConfig::load(&app.paths().config)?.map(|c| c.target());
    if let Some(p) = &password {
        app.secrets().set(&target.keychain_name(), p)?;
    }
    config.save(&app.paths().config)?;
    if let Some(previous) = previous.filter(|p| *p != target) {
        app.secrets().delete(&previous.keychain_name())?;
        app.secrets().delete(LEGACY_PROFILE)?;
    }
    app.reset_connection().await;
    tracing::info!(host = %config.host, port = config.port, database = %config.database, "connection saved");
    get_connection(app)?.ok_or_else(|| AppError::internal(&"connection vanished after saving"))
}
