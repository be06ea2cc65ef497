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
    /// Longest a statement may run on the server ([`QUERY_TIMEOUT`] for the app); `None`
    /// for the CLI, whose migrations and bulk loads legitimately run for minutes.
    pub statement_timeout: Option<Duration>,
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
            statement_timeout: None,
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
        if let Some(timeout) = self.statement_timeout {
            opts = opts.options(server_timeouts(timeout));
        }
        opts
    }
}

/// The server-side bounds of an app session: a statement is cancelled after `statement`,
/// a transaction left idle (its client gone mid-command) is ended after twice that, which
/// releases its locks, and TCP keepalives let the server notice a vanished client in
/// about 11 s instead of the operating system's two hours.
fn server_timeouts(statement: Duration) -> [(&'static str, String); 5] {
    let ms = statement.as_millis();
    [
        ("statement_timeout", format!("{ms}ms")),
        (
            "idle_in_transaction_session_timeout",
            format!("{}ms", ms * 2),
        ),
        ("tcp_keepalives_idle", "5".into()),
        ("tcp_keepalives_interval", "2".into()),
        ("tcp_keepalives_count", "3".into()),
    ]
}

/// The app's server-side statement timeout: shorter than the client's deadline for a
/// whole command, so that a slow query on a live server is cancelled by the server (and
/// reported as such) before the client gives up and calls the server unreachable.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(6);

/// How long a connection returned to the pool may take to prove it still works. A
/// command abandoned at its deadline leaves its connection mid-query; without this bound,
/// sqlx's own check on release would wait on a silent server for the OS's TCP timeout
/// (minutes) and hold a pool slot all that time.
const RELEASE_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// How long to wait for a connection before saying the server is unreachable: a desktop
/// user should hear about a wrong host in seconds, not after TCP's default minutes.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens a pool and proves it works with one round trip, so that a wrong host, port,
/// password or TLS setting is reported here with a precise [`DbError`].
pub async fn connect(opts: &ConnectOptions) -> Result<PgPool, DbError> {
    connect_with(opts.to_pg_options(), opts.max_connections).await
}

/// One round trip to the server on a pooled connection: whether it answers right now.
pub async fn ping(pool: &PgPool) -> Result<(), DbError> {
    sqlx::raw_sql("SELECT 1").execute(pool).await?;
    Ok(())
}

/// Like [`connect`], from a `postgres://` URL (the CLI's `DATABASE_URL`, tests).
pub async fn connect_url(url: &str) -> Result<PgPool, DbError> {
    let pg: PgConnectOptions = url.parse().map_err(DbError::Database)?;
    connect_with(pg.application_name("sentia"), 8).await
}

pub(crate) async fn connect_with(
    pg: PgConnectOptions,
    max_connections: u32,
) -> Result<PgPool, DbError> {
    use sqlx::Connection;
    let (host, port, user, database) = (
        pg.get_host().to_owned(),
        pg.get_port(),
        pg.get_username().to_owned(),
        pg.get_database().unwrap_or_default().to_owned(),
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
                    // invalid_catalog_name
                    Some("3D000") => DbError::UnknownDatabase { database },
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
        .after_release(|conn, _meta| {
            Box::pin(async move {
                match tokio::time::timeout(RELEASE_CHECK_TIMEOUT, conn.ping()).await {
                    Ok(Ok(())) => Ok(true),
                    Ok(Err(e)) => Err(e),
                    // An error (rather than `false`) makes sqlx drop the socket without a
                    // goodbye that would wait on the silent server too.
                    Err(_) => Err(sqlx::Error::Io(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "no answer to the check on release",
                    ))),
                }
            })
        })
        .connect_lazy_with(pg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_sessions_carry_statement_and_idle_transaction_timeouts() {
        let mut opts = ConnectOptions::local(5432, "sentia", "sentia_app");
        opts.statement_timeout = Some(QUERY_TIMEOUT);
        let pg = opts.to_pg_options();
        let options = pg.get_options().expect("server options are sent");
        assert!(options.contains("statement_timeout=6000ms"), "{options}");
        assert!(
            options.contains("idle_in_transaction_session_timeout=12000ms"),
            "{options}"
        );
        assert!(options.contains("tcp_keepalives_idle=5"), "{options}");
    }

    #[test]
    fn cli_sessions_have_no_statement_timeout() {
        let pg = ConnectOptions::local(5432, "sentia", "postgres").to_pg_options();
        assert_eq!(pg.get_options(), None);
    }
}
