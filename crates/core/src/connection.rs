//! The connection wizard: settings in `connection.json` (everything but the secret),
//! the password in the keychain, a step-by-step test that says exactly what failed, the
//! local demo database and IT pre-provisioning from the environment.

use std::net::ToSocketAddrs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::{App, AppError};

/// The connection profile, which is also the keychain user name.
pub const PROFILE: &str = "default";

pub use sentia_domain::TlsMode;

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
    /// Password, or `None` to keep the one in the keychain.
    pub password: Option<String>,
    /// TLS requirement.
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
    /// A password for this profile is in the keychain.
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
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| AppError::validation("connection", format!("connection.json: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(AppError::internal(&e)),
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
        }
    }

    fn settings(&self, has_password: bool) -> ConnectionSettings {
        ConnectionSettings {
            host: self.host.clone(),
            port: self.port,
            database: self.database.clone(),
            user: self.user.clone(),
            tls_mode: self.tls_mode,
            has_password,
            provisioned: self.provisioned,
        }
    }
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
        provisioned: false,
    })
}

/// The saved connection, if any.
pub fn get_connection(app: &App) -> Result<Option<ConnectionSettings>, AppError> {
    let Some(config) = ConnectionConfig::load(&app.paths().config)? else {
        return Ok(None);
    };
    let has_password = app.secrets().get(PROFILE)?.is_some();
    Ok(Some(config.settings(has_password)))
}

fn report(stage: ConnectionStage, message: impl Into<String>) -> ConnectionReport {
    ConnectionReport {
        ok: stage == ConnectionStage::Ok,
        stage,
        message: message.into(),
        server_version: None,
        pending_migrations: 0,
    }
}

/// Tries the connection step by step and reports the first step that fails. Nothing is
/// saved.
pub async fn test_connection(
    app: &App,
    input: ConnectionInput,
) -> Result<ConnectionReport, AppError> {
    let config = validate(&input)?;
    let password = match input.password {
        Some(p) if !p.is_empty() => Some(SecretString::from(p)),
        _ => app.secrets().get(PROFILE)?,
    };
    Ok(probe(&config, password).await)
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
    if let Some(p) = input.password.filter(|p| !p.is_empty()) {
        app.secrets().set(PROFILE, &SecretString::from(p))?;
    }
    config.save(&app.paths().config)?;
    app.reset_connection().await;
    tracing::info!(host = %config.host, port = config.port, database = %config.database, "connection saved");
    get_connection(app)?.ok_or_else(|| AppError::internal(&"connection vanished after saving"))
}

/// `demo-connection.json`, written by the README's demo command.
#[derive(Debug, Deserialize)]
struct DemoConnection {
    host: String,
    port: u16,
    database: String,
    user: String,
    password: Option<String>,
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
    let demo: DemoConnection = serde_json::from_slice(&bytes)
        .map_err(|e| AppError::validation("demo", format!("{}: {e}", file.display())))?;
    let input = ConnectionInput {
        host: demo.host,
        port: demo.port,
        database: demo.database,
        user: demo.user,
        password: demo.password,
        // The demo cluster listens on loopback only.
        tls_mode: TlsMode::Disable,
    };
    save_connection(app, input).await
}

/// IT pre-provisioning: `SENTIA_DB_HOST`, `SENTIA_DB_PORT`, `SENTIA_DB_NAME`,
/// `SENTIA_DB_USER`, `SENTIA_DB_TLS` (disable|prefer|require|verify-full) and optionally
/// `SENTIA_DB_PASSWORD`, read once at start-up. The settings go to `connection.json`
/// marked as provisioned, the password into the keychain; users are not asked.
pub fn provision_from_env(app: &App) -> Result<bool, AppError> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let Some(host) = var("SENTIA_DB_HOST") else {
        return Ok(false);
    };
    let port = match var("SENTIA_DB_PORT") {
        Some(p) => p
            .parse()
            .map_err(|_| AppError::validation("port", "SENTIA_DB_PORT is not a port"))?,
        None => 5432,
    };
    let tls_mode = match var("SENTIA_DB_TLS") {
        None => TlsMode::default(),
        Some(text) => text
            .parse()
            .map_err(|e| AppError::validation("tlsMode", format!("SENTIA_DB_TLS: {e}")))?,
    };
    let mut config = validate(&ConnectionInput {
        host,
        port,
        database: var("SENTIA_DB_NAME").unwrap_or_else(|| "sentia".into()),
        user: var("SENTIA_DB_USER").unwrap_or_else(|| "sentia_app".into()),
        password: None,
        tls_mode,
    })?;
    config.provisioned = true;
    if let Some(p) = var("SENTIA_DB_PASSWORD") {
        app.secrets().set(PROFILE, &SecretString::from(p))?;
    }
    config.save(&app.paths().config)?;
    tracing::info!(host = %config.host, "connection provisioned from the environment");
    Ok(true)
}
