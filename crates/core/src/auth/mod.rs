//! Sign-in, sign-out and passwords, decided by the database (migration 0120).
//!
//! The password never leaves this process. The server hands out the account's argon2id
//! salt and parameters (a fake but stable pair for unknown names); the client derives
//! the raw argon2id output as a login key; `sentia_login` compares its SHA-256 with the
//! stored digest under the lockout policy, with the server's clock, and issues a session
//! token that every later transaction presents. Every attempt costs the same argon2id
//! work and gets one of the same answers, whether the name exists or not.

mod password;
pub mod session;

use secrecy::{ExposeSecret, SecretString};
use sentia_db::users::{self, LoginRow};
use sentia_domain::Role;

use crate::offline::sign_in as offline;
use crate::{settings, App, AppError, Session, SessionInfo};
use password::blocking;
pub(crate) use password::new_password_phc;
pub use password::{check_new_password, derive_login_key, hash_password, MIN_PASSWORD_LEN};
use session::parse_overrides;

/// The key for `password` under the server's challenge for `username`.
async fn login_key(
    pool: &sqlx::PgPool,
    username: &str,
    password: SecretString,
) -> Result<Vec<u8>, AppError> {
    let challenge = users::auth_challenge(pool, username).await?;
    blocking(move || derive_login_key(&password, &challenge)).await
}

fn wrong_credentials() -> AppError {
    AppError::validation("password", "wrong user name or password")
}

/// Turns the database's answer into a session, or the error the sign-in form shows.
fn open_session(app: &App, row: LoginRow) -> Result<SessionInfo, AppError> {
    match row.outcome.as_str() {
        "ok" => {}
        "locked" => {
            return Err(match row.locked_until {
                Some(until) => AppError::LockedOut { until },
                None => wrong_credentials(),
            })
        }
        "password_change_required" => return Err(AppError::PasswordChangeRequired),
        _ => return Err(wrong_credentials()),
    }
    let missing = || AppError::internal(&"sign-in answer without its session");
    let role: Role = row
        .role
        .ok_or_else(missing)?
        .parse()
        .map_err(|e| AppError::internal(&e))?;
    let session = Session::new(
        SecretString::from(row.session_token.ok_or_else(missing)?),
        row.user_id.ok_or_else(missing)?,
        row.username.ok_or_else(missing)?,
        row.display_name,
        role,
        &parse_overrides(&row.permissions.unwrap_or_default()),
        row.timezone.ok_or_else(missing)?,
        row.language.ok_or_else(missing)?,
        row.expires_at.ok_or_else(missing)?,
    );
    tracing::info!(user = %session.user_id(), role = %role, "signed in");
    let info = session.info();
    app.set_session(Some(session));
    Ok(info)
}

fn require_username(username: &str) -> Result<&str, AppError> {
    let username = username.trim();
    if username.is_empty() {
        return Err(AppError::validation("username", "enter your user name"));
    }
    Ok(username)
}

/// Signs in: on success the session is held in the app and described to the UI.
pub async fn login(
    app: &App,
    username: &str,
    password: SecretString,
) -> Result<SessionInfo, AppError> {
    let username = require_username(username)?;
    let typed = SecretString::from(password.expose_secret().to_owned());
    // Known to be unreachable (the shell's probe): straight to offline sign-in, rather
    // than after the pool's connect timeout.
    let online = if crate::offline::is_online(app) {
        online_login(app, username, password).await
    } else {
        Err(AppError::Offline)
    };
    match online {
        Ok(info) => {
            let lockout = lockout_policy(app).await;
            if let Err(e) = offline::remember(app, username, &typed, lockout).await {
                tracing::warn!(error = %e, "offline sign-in not prepared");
            }
            // What this user queued offline goes to the server now that it answers.
            crate::offline::queue::want_replay(app);
            Ok(info)
        }
        // Without the server: against what the last online sign-in on this computer kept.
        Err(AppError::Offline) => offline::sign_in(app, username, typed).await,
        Err(e) if e == wrong_credentials() => {
            offline::refused_online(app, username, &typed).await;
            Err(e)
        }
        Err(e) => Err(e),
    }
}

async fn online_login(
    app: &App,
    username: &str,
    password: SecretString,
) -> Result<SessionInfo, AppError> {
    let pool = app.pool().await?;
    let key = login_key(&pool, username, password).await?;
    let row = users::login(&pool, username, &key).await?;
    open_session(app, row)
}

/// The server's failed-attempt limit and lockout minutes, for offline sign-in; the
/// defaults when they cannot be read.
async fn lockout_policy(app: &App) -> (i64, i64) {
    let read = async {
        let mut tx = app.begin(app.signed_in()?).await?;
        let attempts = settings::number(tx.conn(), "security", "login.max_failed_attempts").await?;
        let minutes = settings::number(tx.conn(), "security", "login.lockout_minutes").await?;
        tx.commit().await?;
        use rust_decimal::prelude::ToPrimitive;
        Ok::<_, AppError>((attempts.to_i64(), minutes.to_i64()))
    };
    match read.await {
        Ok((Some(a), Some(m))) => (a, m),
        _ => offline::default_lockout(),
    }
}

/// Changes a password: the user's own, proven by the current one, or a temporary one an
/// admin set (then from the sign-in screen). Every other session of the user ends, and
/// this one starts afresh.
pub async fn change_password(
    app: &App,
    username: &str,
    current: SecretString,
    new: SecretString,
) -> Result<SessionInfo, AppError> {
    let username = require_username(username)?;
    if new.expose_secret() == current.expose_secret() {
        return Err(AppError::validation(
            "newPassword",
            "choose a password different from the current one",
        ));
    }
    let pool = app.pool().await?;
    let new_phc = new_password_phc(&pool, new, username).await?;
    let key = login_key(&pool, username, current).await?;
    let row = match users::change_password(&pool, username, &key, &new_phc).await? {
        row if row.outcome == "wrong" => {
            return Err(AppError::validation(
                "currentPassword",
                "wrong user name or password",
            ))
        }
        row => row,
    };
    open_session(app, row)
}

/// Signs out: the database ends the session, and the app forgets it. Without a
/// connection (or past the command deadline) the session is still forgotten here; the
/// server ends it when it expires.
pub async fn logout(app: &App) {
    if let Ok(auth) = app.signed_in() {
        let user = auth.session().user_id();
        // Bounded here rather than around the command: the local session must end even
        // when the server is gone.
        let ended = app
            .bounded(async {
                let mut tx = app.begin(auth).await?;
                users::logout(tx.conn()).await?;
                tx.commit().await
            })
            .await;
        if let Err(e) = ended {
            tracing::warn!(error = %e, "sign-out could not reach the database");
        }
        tracing::info!(%user, "signed out");
    }
    app.set_session(None);
}

/// The current session, if any.
pub fn current_session(app: &App) -> Option<SessionInfo> {
    app.current_session().map(|s| s.info())
}

/// The rules a new password must meet, for the forms that ask for one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PasswordPolicy {
    /// Fewest characters (`security.password.min_length`).
    pub min_length: u32,
}

/// The password rules in force. Public: the sign-in screen asks before anyone is signed in
/// when an admin's reset forces a new password.
pub async fn password_policy(app: &App) -> Result<PasswordPolicy, AppError> {
    let min = password::min_password_len(&app.pool().await?).await;
    Ok(PasswordPolicy {
        min_length: u32::try_from(min).unwrap_or(u32::MAX),
    })
}
