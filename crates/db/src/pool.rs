//! Connecting to PostgreSQL with short timeouts and errors that say what failed.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};
use sqlx::PgPool;

pub use sentia_domain::TlsMode;

use crate::DbError;

fn ssl_mode(mode: TlsMode) -> PgSslMode {
    match mode {
        TlsMode::Disable => PgSslMode::Disable,
        TlsMode::Prefer => PgSslMode::Prefer,
        TlsMode::Require => PgSslMode::Require,
        TlsMode::VerifyFull => PgSslMode::VerifyFull,
    }
}

/// Where and how to connect. Built from fields, never from a URL, so the password never
/// sits in a string that might be logged.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Server host name or address.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Database name.
    pub database: String,
    /// Login role.
    pub user: String,
    /// Password (from the keychain); `None` for trust/peer authentication.
    pub password: Option<secrecy::SecretString>,
    /// TLS requirement.
    pub tls: TlsMode,
    /// Shown in `pg_stat_activity`, to tell the app's sessions from others.
    pub application_name: String,
    /// Largest number of pooled connections.
    pub max_connections: u32,
}

impl ConnectOptions {
    /// Options for a server on this machine (tests, the demo database).
    pub fn local(port: u16, database: &str, user: &str) -> Self {
        Self {
            host: "127.0.0.1".into(),
            port,
            database: database.into(),
            user: user.into(),
            password: None,
            tls: TlsMode::Disable,
            application_name: "sentia".into(),
            max_connections: 8,
        }
    }

    /// The sqlx options these describe.
    pub fn to_pg_options(&self) -> PgConnectOptions {
        use secrecy::ExposeSecret;
        let mut opts = PgConnectOptions::new()
            .host(&self.host)
            .port(self.port)
            .database(&self.database)
            .username(&self.user)
            .ssl_mode(ssl_mode(self.tls))
            .application_name(&self.application_name);
        if let Some(password) = &self.password {
            opts = opts.password(password.expose_secret());
        }
        opts
    }
}

/// How long to wait for a connection before saying the server is unreachable: a desktop
/// user should hear about a wrong host in seconds, not after TCP's default minutes.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens a pool and proves it works with one round trip, so that a wrong host, port,
/// password or TLS setting is reported here with a precise [`DbError`].
pub async fn connect(opts: &ConnectOptions) -> Result<PgPool, DbError> {
    connect_with(opts.to_pg_options(), opts.max_connections).await
}

/// Like [`connect`], from a `postgres://` URL (the CLI's `DATABASE_URL`, tests).
pub async fn connect_url(url: &str) -> Result<PgPool, DbError> {
    let pg: PgConnectOptions = url.parse().map_err(DbError::Database)?;
    connect_with(pg.application_name("sentia"), 8).await
}

async fn connect_with(pg: PgConnectOptions, max_connections: u32) -> Result<PgPool, DbError> {
    use sqlx::Connection;
    let (host, port, user) = (
        pg.get_host().to_owned(),
        pg.get_port(),
        pg.get_username().to_owned(),
    );
    let unreachable = |reason: String| DbError::Unreachable {
        host: host.clone(),
        port,
        reason,
    };
    // One direct connection first: a pool retries until its timeout and then reports only
    // "timed out", while the first attempt's error says refused, unknown host or bad password.
    match tokio::time::timeout(CONNECT_TIMEOUT, sqlx::PgConnection::connect_with(&pg)).await {
        Err(_) => {
            return Err(unreachable(format!(
                "no answer within {} s",
                CONNECT_TIMEOUT.as_secs()
            )))
        }
        Ok(Ok(conn)) => {
            let _ = conn.close().await;
        }
        Ok(Err(err)) => {
            return Err(match err {
                sqlx::Error::Io(io) => unreachable(io.to_string()),
                sqlx::Error::Tls(tls) => DbError::Tls(tls.to_string()),
                sqlx::Error::Database(db) => match db.code().as_deref() {
                    // invalid_password, invalid_authorization_specification
                    Some("28P01") | Some("28000") => DbError::AuthenticationFailed {
                        user,
                        reason: db.message().to_owned(),
                    },
                    _ => DbError::Database(sqlx::Error::Database(db)),
                },
                other => DbError::Database(other),
            });
        }
    }
    Ok(PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(CONNECT_TIMEOUT)
        .idle_timeout(Duration::from_secs(300))
        .connect_lazy_with(pg))
}
