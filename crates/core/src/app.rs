//! The state one running app holds: its directories, the keychain, the pool (opened on
//! first use from the saved connection) and the logged-in session.

use secrecy::ExposeSecret;
use sentia_domain::Permission;
use serde::Serialize;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};
use tokio::sync::Mutex;

use crate::connection::{stored_password, ConnectionConfig};
use crate::{AppError, AppPaths, SecretStore, Session};

/// The longest one command may take before the database counts as unreachable. It is
/// above the server's statement timeout (`sentia_db::pool::QUERY_TIMEOUT`), so a slow
/// query on a live server is reported as such, and below the 10 seconds a user should
/// wait to hear that the server is gone.
pub const COMMAND_DEADLINE: std::time::Duration = std::time::Duration::from_secs(8);

/// Everything a use case needs; the shell keeps one in Tauri's state.
pub struct App {
    paths: AppPaths,
    secrets: SecretStore,
    version: String,
    pool: Mutex<Option<PgPool>>,
    session: std::sync::RwLock<Option<Session>>,
    /// How to stop the jobs under way.
    running: crate::job::Running,
    /// The offline report cache.
    offline: crate::offline::Offline,
}

/// About the app, for the first screen and support.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// App version.
    pub version: String,
    /// A connection is saved (otherwise the wizard opens).
    pub connection_configured: bool,
    /// Where passwords are kept, e.g. `linux-keyutils`.
    pub keychain_backend: String,
}

impl App {
    /// A fresh app: nobody logged in, no connection opened yet.
    pub fn new(paths: AppPaths, secrets: SecretStore, version: impl Into<String>) -> Self {
        Self {
            paths,
            secrets,
            version: version.into(),
            pool: Mutex::new(None),
            session: std::sync::RwLock::new(None),
            running: crate::job::Running::default(),
            offline: crate::offline::Offline::default(),
        }
    }

    /// The app's directories.
    pub fn paths(&self) -> &AppPaths {
        &self.paths
    }

    /// The keychain.
    pub fn secrets(&self) -> &SecretStore {
        &self.secrets
    }

    /// Version and set-up state.
    pub fn info(&self) -> Result<AppInfo, AppError> {
        Ok(AppInfo {
            version: self.version.clone(),
            connection_configured: ConnectionConfig::load(&self.paths.config)?.is_some(),
            keychain_backend: self.secrets.backend().to_owned(),
        })
    }

    /// The logged-in session; `notAuthenticated` when there is none or it expired.
    pub fn session(&self) -> Result<Session, AppError> {
        let guard = self
            .session
            .read()
            .map_err(|_| AppError::internal(&"session lock poisoned"))?;
        match guard.as_ref() {
            Some(s) if !s.is_expired() => Ok(s.clone()),
            _ => Err(AppError::NotAuthenticated),
        }
    }

    /// The session, if one is active.
    pub fn current_session(&self) -> Option<Session> {
        self.session().ok()
    }

    /// The cancel handles of the jobs under way.
    pub(crate) fn running(&self) -> &crate::job::Running {
        &self.running
    }

    /// The offline report cache.
    pub(crate) fn offline(&self) -> &crate::offline::Offline {
        &self.offline
    }

    pub(crate) fn set_session(&self, session: Option<Session>) {
        if let Ok(mut guard) = self.session.write() {
            *guard = session;
        }
    }

    /// Replaces the session directly, without a login. For tests of the shell that
    /// exercise permission checks without a database.
    #[doc(hidden)]
    pub fn set_session_for_tests(&self, session: Option<Session>) {
        self.set_session(session);
    }

    /// Uses this pool instead of opening one from `connection.json` (the benchmark and
    /// tests that connect with options the wizard does not offer).
    pub async fn set_pool(&self, pool: PgPool) {
        *self.pool.lock().await = Some(pool);
    }

    /// The pool, opened on first use from `connection.json` and the keychain.
    pub async fn pool(&self) -> Result<PgPool, AppError> {
        let mut guard = self.pool.lock().await;
        if let Some(pool) = guard.as_ref() {
            return Ok(pool.clone());
        }
        let config = ConnectionConfig::load(&self.paths.config)?.ok_or(AppError::Offline)?;
        let password = stored_password(self, &config.target())?;
        let pool = sentia_db::connect(&config.connect_options(password)).await?;
        *guard = Some(pool.clone());
        Ok(pool)
    }

    /// Runs one command's work with a deadline of [`COMMAND_DEADLINE`]: a server that
    /// stops answering mid-command (no reset, packets just stop) gives `offline` then,
    /// instead of after the operating system's TCP timeout of about 15 minutes. The
    /// abandoned connection is checked and dropped by the pool (see `sentia_db::pool`),
    /// so the pool works again as soon as the server answers again.
    pub async fn bounded<T>(
        &self,
        work: impl std::future::Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        match tokio::time::timeout(COMMAND_DEADLINE, work).await {
            Ok(result) => result,
            Err(_) => {
                tracing::warn!(
                    deadline_s = COMMAND_DEADLINE.as_secs(),
                    "the database did not answer in time"
                );
                Err(AppError::Offline)
            }
        }
    }

    /// Closes the pool and ends the session (after the connection changed).
    pub(crate) async fn reset_connection(&self) {
        self.set_session(None);
        if let Some(pool) = self.pool.lock().await.take() {
            pool.close().await;
        }
    }

    /// The session, when it holds `permission`: `notAuthenticated` without one,
    /// `forbidden` without the permission. The only way to an [`Authorised`].
    pub fn authorise(&self, permission: Permission) -> Result<Authorised, AppError> {
        let session = self.session()?;
        session.require(permission)?;
        Ok(Authorised { session })
    }

    /// Any signed-in user, for what every session may do to itself (sign out).
    pub(crate) fn signed_in(&self) -> Result<Authorised, AppError> {
        Ok(Authorised {
            session: self.session()?,
        })
    }

    /// Opens a transaction for an authorised session. It presents the session's token,
    /// from which the database derives the acting user for RLS and audit; reads need it
    /// too, because the policies hide everything from nobody.
    pub async fn begin(&self, auth: Authorised) -> Result<AuthorisedTx, AppError> {
        let pool = self.pool().await?;
        let mut tx = pool.begin().await.map_err(sentia_db::DbError::from)?;
        sentia_db::users::present_session(&mut *tx, auth.session.token().expose_secret()).await?;
        Ok(AuthorisedTx { auth, tx })
    }

    /// [`App::authorise`] then [`App::begin`]: what most use cases start with.
    pub async fn transaction(&self, permission: Permission) -> Result<AuthorisedTx, AppError> {
        self.begin(self.authorise(permission)?).await
    }
}

/// Proof that the signed-in user holds the permission a use case needs.
#[derive(Debug, Clone)]
pub struct Authorised {
    session: Session,
}

impl Authorised {
    /// Who acts.
    pub fn session(&self) -> &Session {
        &self.session
    }
}

/// A transaction opened for an authorised session.
pub struct AuthorisedTx {
    auth: Authorised,
    tx: Transaction<'static, Postgres>,
}

impl AuthorisedTx {
    /// Who acts.
    pub fn session(&self) -> &Session {
        &self.auth.session
    }

    /// The connection, for the repositories in `sentia_db`.
    pub fn conn(&mut self) -> &mut PgConnection {
        &mut self.tx
    }

    /// An authorisation for another transaction of the same session (work that runs
    /// on two connections at once).
    pub fn authorised(&self) -> Authorised {
        self.auth.clone()
    }

    /// Commits, mapping the error.
    pub async fn commit(self) -> Result<(), AppError> {
        commit(self.tx).await
    }
}

/// Commits, mapping the error.
async fn commit(tx: Transaction<'static, Postgres>) -> Result<(), AppError> {
    tx.commit()
        .await
        .map_err(|e| AppError::from(sentia_db::DbError::from(e)))
}
