//! The connection wizard: settings in `connection.json` (everything but the secret),
//! the password in the keychain, a step-by-step test that says exactly what failed, the
//! local demo database and IT pre-provisioning from the environment.
//!
//! Two rules protect the password in transit. TLS is `verify-full` unless the server is
//! on this computer or someone chose a weaker mode on purpose (and then the settings carry
//! a [`TlsWarning`]). And a stored password belongs to one [`Target`]: its keychain entry
//! is named after user, host, port and database, so it is never sent anywhere else.

use std::net::{IpAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::{App, AppError};

/// The keychain entry that held the password before entries were named after their
/// target. Read only to move its password to the saved connection's own entry.
const LEGACY_PROFILE: &str = "default";

pub use sentia_domain::TlsMode;

/// Where a password may be sent: the server and the account it was stored for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// Database.
    pub database: String,
    /// Login role.
    pub user: String,
}

impl Target {
    /// The keychain user name of this target's password, `user@host:port/database`
    /// (an IPv6 address in brackets).
    pub fn keychain_name(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!("{}@{}:{}/{}", self.user, host, self.port, self.database)
    }
}

/// Whether `host` is this computer: `localhost` or a loopback address (127.0.0.0/8,
/// `::1`). Only there can nobody on the network read or alter the connection.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The TLS mode a connection gets when nobody chose one: `verify-full`, except for a
/// server on this computer, where `prefer` also works with the plain local clusters of
/// development and the demo.
pub fn default_tls_mode(host: &str) -> TlsMode {
    if is_loopback(host) {
        TlsMode::Prefer
    } else {
        TlsMode::VerifyFull
    }
}

/// Why a saved connection's encryption is weaker than it should be. The UI shows it next
/// to the connection, in words of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TlsWarning {
    /// `disable`: the password and all data cross the network in clear text.
    Unencrypted,
    /// `prefer`: someone on the network can make the server look as if it had no TLS
    /// and read everything.
    Downgradable,
    /// `require`: encrypted, but the server's certificate is not checked, so anyone who
    /// can redirect the traffic can pose as the server.
    Unverified,
}

/// The warning for `mode` towards `host`; `None` for `verify-full` and for this computer.
pub fn tls_warning(host: &str, mode: TlsMode) -> Option<TlsWarning> {
    if is_loopback(host) {
        return None;
    }
    match mode {
        TlsMode::Disable => Some(TlsWarning::Unencrypted),
        TlsMode::Prefer => Some(TlsWarning::Downgradable),
        TlsMode::Require => Some(TlsWarning::Unverified),
        TlsMode::VerifyFull => None,
    }
}

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
    pub password: Option<String>,
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

/// The step a connection test reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ConnectionStage {
    /// Resolving the host name.
    Dns,
    /// Opening the TCP connection.
    Connect,
    /// The TLS handshake.
    Tls,
    /// User name and password.
    Auth,
    /// The server is too old.
    ServerVersion,
    /// The schema is not (fully) migrated.
    Migrations,
    /// Everything worked.
    Ok,
}

/// The outcome of "test connection".
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionReport {
    /// Whether every step passed.
    pub ok: bool,
    /// The step that failed, or `ok`.
    pub stage: ConnectionStage,
    /// What happened, in words.
    pub message: String,
    /// e.g. `15.14`.
    pub server_version: Option<String>,
    /// Migrations this app needs that the database lacks.
    pub pending_migrations: u32,
    /// The tested connection's TLS mode is weaker than it should be (see
    /// [`ConnectionSettings::tls_warning`]).
    pub tls_warning: Option<TlsWarning>,
}

/// `connection.json`: the connection without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConnectionConfig {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    #[serde(default)]
    pub tls_mode: TlsMode,
    /// The TLS mode was chosen on purpose (in the wizard, or by IT's `SENTIA_DB_TLS`).
    /// Without this, a weak mode towards another computer is raised to `verify-full`:
    /// earlier versions saved `prefer` when IT had set nothing.
    #[serde(default)]
    pub tls_explicit: bool,
    #[serde(default)]
    pub provisioned: bool,
}

/// PostgreSQL 15 is the oldest server the schema runs on (`UNIQUE NULLS NOT DISTINCT`).
const MIN_SERVER_VERSION_NUM: i32 = 150_000;

impl ConnectionConfig {
    fn path(config_dir: &Path) -> PathBuf {
        config_dir.join("connection.json")
    }

    pub(crate) fn load(config_dir: &Path) -> Result<Option<Self>, AppError> {
        match std::fs::read(Self::path(config_dir)) {
            Ok(bytes) => serde_json::from_slice::<Self>(&bytes)
                .map(|c| Some(c.with_tls_policy()))
                .map_err(|e| AppError::validation("connection", format!("connection.json: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(AppError::internal(&e)),
        }
    }

    /// Raises a weak TLS mode nobody chose to `verify-full` (loopback hosts excepted).
    fn with_tls_policy(mut self) -> Self {
        if !self.tls_explicit && !is_loopback(&self.host) && !self.tls_mode.verifies_server() {
            tracing::warn!(host = %self.host, was = %self.tls_mode, "raising TLS to verify-full");
            self.tls_mode = TlsMode::VerifyFull;
        }
        self
    }

    pub(crate) fn target(&self) -> Target {
        Target {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
        }
    }

    fn save(&self, config_dir: &Path) -> Result<(), AppError> {
        std::fs::create_dir_all(config_dir).map_err(|e| AppError::internal(&e))?;
        let json = serde_json::to_vec_pretty(self).map_err(|e| AppError::internal(&e))?;
        std::fs::write(Self::path(config_dir), json).map_err(|e| AppError::internal(&e))
    }

    pub(crate) fn connect_options(
        &self,
        password: Option<SecretString>,
    ) -> sentia_db::ConnectOptions {
        sentia_db::ConnectOptions {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
            password,
            tls: self.tls_mode,
            application_name: "sentia-desktop".into(),
            max_connections: 4,
            statement_timeout: Some(sentia_db::pool::QUERY_TIMEOUT),
        }
    }

    fn settings(&self, has_password: bool) -> ConnectionSettings {
        ConnectionSettings {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
            tls_mode: self.tls_mode,
            tls_warning: tls_warning(&self.host, self.tls_mode),
            has_password,
            provisioned: self.provisioned,
        }
    }
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
    typed: Option<String>,
) -> Result<Option<SecretString>, AppError> {
    if let Some(p) = typed.filter(|p| !p.is_empty()) {
        return Ok(Some(SecretString::from(p)));
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

fn report(stage: ConnectionStage, message: impl Into<String>) -> ConnectionReport {
    ConnectionReport {
        ok: stage == ConnectionStage::Ok,
        stage,
        message: message.into(),
        server_version: None,
        pending_migrations: 0,
        tls_warning: None,
    }
}

/// Tries the connection step by step and reports the first step that fails. Nothing is
/// saved.
pub async fn test_connection(
    app: &App,
    input: ConnectionInput,
) -> Result<ConnectionReport, AppError> {
    let config = validate(&input)?;
    let password = password_for(app, &config, input.password)?;
    let mut report = probe(&config, password).await;
    report.tls_warning = tls_warning(&config.host, config.tls_mode);
    Ok(report)
}

async fn probe(config: &ConnectionConfig, password: Option<SecretString>) -> ConnectionReport {
    use ConnectionStage as S;
    let target = format!("{}:{}", config.host, config.port);
    let lookup = {
        let target = target.clone();
        tokio::task::spawn_blocking(move || target.to_socket_addrs().map(|a| a.collect::<Vec<_>>()))
    };
    let addrs = match lookup.await {
        Ok(Ok(a)) if !a.is_empty() => a,
        Ok(Ok(_)) | Ok(Err(_)) | Err(_) => {
            return report(
                S::Dns,
                format!("the host name {:?} could not be resolved", config.host),
            )
        }
    };
    let tcp = tokio::time::timeout(
        Duration::from_secs(5),
        tokio::net::TcpStream::connect(&addrs[..]),
    );
    match tcp.await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            return report(
                S::Connect,
                format!("{target} refused the connection: is PostgreSQL running there?"),
            )
        }
        Ok(Err(e)) => return report(S::Connect, format!("cannot connect to {target}: {e}")),
        Err(_) => {
            return report(
                S::Connect,
                format!("{target} did not answer within 5 seconds"),
            )
        }
    }
    let pool = match sentia_db::connect(&config.connect_options(password)).await {
        Ok(pool) => pool,
        Err(e) => {
            let stage = match &e {
                sentia_db::DbError::Tls(_) => S::Tls,
                sentia_db::DbError::AuthenticationFailed { .. } => S::Auth,
                sentia_db::DbError::Database(sqlx::Error::Database(db))
                    if db.code().as_deref() == Some("3D000") =>
                {
                    return report(
                        S::Auth,
                        format!("the database {:?} does not exist", config.database),
                    )
                }
                _ => S::Connect,
            };
            let msg = match stage {
                S::Tls => format!("the TLS handshake failed: {e}"),
                S::Auth => format!("the server rejected user {:?} or its password", config.user),
                _ => format!("cannot connect: {e}"),
            };
            return report(stage, msg);
        }
    };
    let version: Result<(String, String), sqlx::Error> = sqlx::query_as(
        "SELECT current_setting('server_version'), current_setting('server_version_num')",
    )
    .fetch_one(&pool)
    .await;
    let Ok((version, version_num)) = version else {
        return report(S::ServerVersion, "the server did not report its version");
    };
    let mut out = report(S::Ok, "");
    out.server_version = Some(version.clone());
    if version_num.parse::<i32>().unwrap_or(0) < MIN_SERVER_VERSION_NUM {
        out.ok = false;
        out.stage = S::ServerVersion;
        out.message = format!("PostgreSQL {version} is too old: Sentia needs 15 or newer");
        return out;
    }
    match sentia_db::migration_state(&pool).await {
        Ok(state) => {
            out.pending_migrations = u32::try_from(state.pending.len()).unwrap_or(u32::MAX);
            if !state.modified.is_empty() {
                out.ok = false;
                out.stage = S::Migrations;
                out.message = format!(
                    "{} applied migrations differ from this version of Sentia: ask IT to check the database",
                    state.modified.len()
                );
            } else if !state.pending.is_empty() {
                out.ok = false;
                out.stage = S::Migrations;
                out.message = format!(
                    "the database needs {} migrations: ask IT to run `sentia migrate`",
                    state.pending.len()
                );
            } else {
                out.message = format!("connected to PostgreSQL {version}; the schema is current");
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, "reading migration state");
            out.ok = false;
            out.stage = S::Migrations;
            out.message = "cannot read the migration table: is this a Sentia database?".into();
        }
    }
    pool.close().await;
    out
}

/// Saves the connection: settings to `connection.json`, the password (when given) to the
/// keychain only. Ends any session, since it belonged to the previous database.
pub async fn save_connection(
    app: &App,
    input: ConnectionInput,
) -> Result<ConnectionSettings, AppError> {
    let config = validate(&input)?;
    let typed = input.password.filter(|p| !p.is_empty());
    if typed.is_none() {
        // Asks for the password when the target changed (the error names the host).
        password_for(app, &config, None)?;
    }
    save_config(app, &config, typed.map(SecretString::from)).await
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

/// `demo-connection.json`, written by the README's demo command. It holds no password:
/// the demo cluster trusts connections from this computer, and no file holds a password.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoConnection {
    host: String,
    port: u16,
    database: String,
    user: String,
    /// Files from earlier demo commands say `"password": null`; any value is refused.
    #[serde(default)]
    password: Option<serde_json::Value>,
}

/// Where the demo launcher writes its connection: `<data dir>/sentia/demo-connection.json`,
/// or the file named by `SENTIA_DEMO_CONNECTION_FILE`.
pub fn demo_connection_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SENTIA_DEMO_CONNECTION_FILE") {
        return Some(PathBuf::from(p));
    }
    dirs::data_dir().map(|d| d.join("sentia").join("demo-connection.json"))
}

/// Switches to the local demo database started by the README's demo command.
pub async fn use_demo_database(app: &App) -> Result<ConnectionSettings, AppError> {
    let file = demo_connection_file().ok_or_else(|| AppError::NotFound {
        entity: "demo database".into(),
    })?;
    let bytes = std::fs::read(&file).map_err(|_| AppError::NotFound {
        entity: "demo database (start it with the README's demo command)".into(),
    })?;
    let demo = parse_demo_connection(&bytes).map_err(|message| {
        AppError::validation("demo", format!("{}: {message}", file.display()))
    })?;
    let mut config = validate(&ConnectionInput {
        host: demo.host,
        port: demo.port,
        database: demo.database,
        user: demo.user,
        password: None,
        tls_mode: TlsMode::Disable,
    })?;
    // The demo cluster listens on loopback only, so plain TCP crosses no network.
    config.tls_explicit = false;
    save_config(app, &config, None).await
}

fn parse_demo_connection(bytes: &[u8]) -> Result<DemoConnection, String> {
    let demo: DemoConnection = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    if demo.password.as_ref().is_some_and(|p| !p.is_null()) {
        return Err(
            "the file holds a password, which Sentia does not accept in a file: \
                    remove the \"password\" field (the demo database needs none)"
                .into(),
        );
    }
    if !is_loopback(&demo.host) {
        return Err(format!(
            "the demo database must be on this computer, not {:?}",
            demo.host
        ));
    }
    Ok(demo)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_means_this_computer_only() {
        for host in [
            "localhost",
            "LOCALHOST",
            "127.0.0.1",
            "127.8.9.10",
            "::1",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "db.example.internal",
            "10.0.0.5",
            "128.0.0.1",
            "::2",
            "localhost.attacker.example",
            "127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }

    #[test]
    fn the_default_tls_mode_is_verify_full_except_on_this_computer() {
        assert_eq!(default_tls_mode("db.example.internal"), TlsMode::VerifyFull);
        assert_eq!(default_tls_mode("10.1.2.3"), TlsMode::VerifyFull);
        assert_eq!(default_tls_mode("127.0.0.1"), TlsMode::Prefer);
        assert_eq!(default_tls_mode("localhost"), TlsMode::Prefer);
        assert_eq!(TlsMode::default(), TlsMode::VerifyFull);
    }

    #[test]
    fn weak_tls_towards_another_computer_carries_a_warning() {
        let remote = "db.example.internal";
        assert_eq!(
            tls_warning(remote, TlsMode::Disable),
            Some(TlsWarning::Unencrypted)
        );
        assert_eq!(
            tls_warning(remote, TlsMode::Prefer),
            Some(TlsWarning::Downgradable)
        );
        assert_eq!(
            tls_warning(remote, TlsMode::Require),
            Some(TlsWarning::Unverified)
        );
        assert_eq!(tls_warning(remote, TlsMode::VerifyFull), None);
        assert_eq!(tls_warning("127.0.0.1", TlsMode::Disable), None);
    }

    fn config(host: &str, tls_mode: TlsMode, tls_explicit: bool) -> ConnectionConfig {
        ConnectionConfig {
            host: host.into(),
            port: 5432,
            database: "sentia".into(),
            user: "sentia_app".into(),
            tls_mode,
            tls_explicit,
            provisioned: false,
        }
    }

    #[test]
    fn a_saved_weak_mode_nobody_chose_is_raised_to_verify_full() {
        let dir = tempfile::tempdir().unwrap();
        // As earlier versions saved it when IT set no SENTIA_DB_TLS: no `tlsExplicit`.
        std::fs::write(
            dir.path().join("connection.json"),
            r#"{"host":"db.example.internal","port":5432,"database":"sentia","user":"sentia_app","tlsMode":"prefer","provisioned":true}"#,
        )
        .unwrap();
        let loaded = ConnectionConfig::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.tls_mode, TlsMode::VerifyFull);
        assert_eq!(loaded.settings(false).tls_warning, None);

        // No mode at all: the default.
        std::fs::write(
            dir.path().join("connection.json"),
            r#"{"host":"db.example.internal","port":5432,"database":"sentia","user":"sentia_app"}"#,
        )
        .unwrap();
        let loaded = ConnectionConfig::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.tls_mode, TlsMode::VerifyFull);
    }

    #[test]
    fn a_weak_mode_chosen_on_purpose_or_on_loopback_is_kept_with_its_warning() {
        let dir = tempfile::tempdir().unwrap();
        config("db.example.internal", TlsMode::Require, true)
            .save(dir.path())
            .unwrap();
        let loaded = ConnectionConfig::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.tls_mode, TlsMode::Require);
        assert_eq!(
            loaded.settings(true).tls_warning,
            Some(TlsWarning::Unverified)
        );

        config("127.0.0.1", TlsMode::Disable, false)
            .save(dir.path())
            .unwrap();
        let loaded = ConnectionConfig::load(dir.path()).unwrap().unwrap();
        assert_eq!(loaded.tls_mode, TlsMode::Disable);
        assert_eq!(loaded.settings(true).tls_warning, None);
    }

    #[test]
    fn the_settings_serialise_the_warning_for_the_ui() {
        let settings = config("db.example.internal", TlsMode::Disable, true).settings(false);
        let json = serde_json::to_value(&settings).unwrap();
        assert_eq!(json["tlsWarning"], "unencrypted");
        assert_eq!(json["tlsMode"], "disable");
    }

    #[test]
    fn keychain_names_bind_user_host_port_and_database() {
        let target = config("db.example.internal", TlsMode::VerifyFull, false).target();
        assert_eq!(
            target.keychain_name(),
            "sentia_app@db.example.internal:5432/sentia"
        );
        let mut other_port = target.clone();
        other_port.port = 5433;
        assert_ne!(target.keychain_name(), other_port.keychain_name());
        let v6 = config("::1", TlsMode::VerifyFull, false).target();
        assert_eq!(v6.keychain_name(), "sentia_app@[::1]:5432/sentia");
    }

    #[test]
    fn a_demo_file_with_a_password_is_refused() {
        let err = parse_demo_connection(
            br#"{"host":"127.0.0.1","port":5432,"database":"sentia","user":"sentia_app","password":"hunter2"}"#,
        )
        .unwrap_err();
        assert!(err.contains("password"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn a_demo_file_must_point_at_this_computer() {
        let err = parse_demo_connection(
            br#"{"host":"db.example.internal","port":5432,"database":"sentia","user":"sentia_app"}"#,
        )
        .unwrap_err();
        assert!(err.contains("this computer"), "{err}");
        let ok = parse_demo_connection(
            br#"{"host":"127.0.0.1","port":5432,"database":"sentia","user":"sentia_app"}"#,
        )
        .unwrap();
        assert_eq!(ok.port, 5432);
    }
}
