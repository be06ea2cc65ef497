//! Login with argon2id hashes, lockout after repeated failures, logout.
//!
//! The counter, the lock and the audit row are written by `sentia_auth_record` in one
//! statement under a row lock, so concurrent wrong guesses cannot slip past the limit.
//! The thresholds (5 failures, 15 minutes) are rows in `system_settings`.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::Utc;
use secrecy::{ExposeSecret, SecretString};
use sentia_db::users::{self, AuthOutcome};
use sentia_domain::Role;

use crate::session::parse_overrides;
use crate::{App, AppError, Session, SessionInfo};

/// Shortest password `create_user` accepts.
pub const MIN_PASSWORD_LEN: usize = 12;

/// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes), returning the
/// PHC string stored in `users.password_hash`. CPU-heavy: call from a blocking task.
pub fn hash_password(password: &SecretString) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(&e))
}

/// Checks a password against a PHC string; a malformed hash is a mismatch.
pub fn verify_password(password: &SecretString, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.expose_secret().as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash that matches no password, verified when the user name is unknown so that the
/// answer takes as long as for a known name.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2VudGlhLWR1bW15LXNhbHQ$5m8JZDbfNrY8o2Kk3HkqS7b6cV4Wq6Xk0Hq1Xc2Qd4A";

fn wrong_credentials() -> AppError {
    AppError::validation("password", "wrong user name or password")
}

async fn verify_blocking(password: SecretString, phc: String) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .map_err(|e| AppError::internal(&e))
}

/// Logs in: on success the session is held in the app and described to the UI.
pub async fn login(
    app: &App,
    username: &str,
    password: SecretString,
) -> Result<SessionInfo, AppError> {
    let username = username.trim();
    if username.is_empty() {
        return Err(AppError::validation("username", "enter your user name"));
    }
    let pool = app.pool().await?;
    let Some(user) = users::auth_lookup(&pool, username).await? else {
        verify_blocking(password, DUMMY_HASH.to_owned()).await?;
        users::auth_record(&pool, None, AuthOutcome::Failed, Some("unknown_user")).await?;
        tracing::info!("login failed: unknown user name");
        return Err(wrong_credentials());
    };
    if let Some(until) = user.locked_until.filter(|u| *u > Utc::now()) {
        users::auth_record(&pool, Some(user.id), AuthOutcome::RejectedLocked, None).await?;
        tracing::info!(user = %user.id, %until, "login rejected: account locked");
        return Err(AppError::LockedOut { until });
    }
    let phc = user
        .password_hash
        .clone()
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    let verified = verify_blocking(password, phc).await? && user.password_hash.is_some();
    if !verified || !user.is_active {
        let reason = if verified {
            "inactive"
        } else {
            "wrong_password"
        };
        let locked =
            users::auth_record(&pool, Some(user.id), AuthOutcome::Failed, Some(reason)).await?;
        tracing::info!(user = %user.id, reason, locked = locked.is_some(), "login failed");
        return Err(match locked {
            Some(until) => AppError::LockedOut { until },
            None => wrong_credentials(),
        });
    }
    let role: Role = user.role.parse().map_err(|e| AppError::internal(&e))?;
    users::auth_record(&pool, Some(user.id), AuthOutcome::Succeeded, None).await?;
    let session = Session::new(
        user.id,
        user.username,
        user.display_name,
        role,
        &parse_overrides(&user.permissions),
        user.timezone,
        user.language,
    );
    tracing::info!(user = %session.user_id(), role = %role, "logged in");
    let info = session.info();
    app.set_session(Some(session));
    Ok(info)
}

/// Ends the session (a no-op when nobody is logged in).
pub fn logout(app: &App) {
    if let Some(s) = app.current_session() {
        tracing::info!(user = %s.user_id(), "logged out");
    }
    app.set_session(None);
}

/// The current session, if any.
pub fn current_session(app: &App) -> Option<SessionInfo> {
    app.current_session().map(|s| s.info())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_and_nothing_else() {
        let pw = SecretString::from("correct horse battery");
        let phc = hash_password(&pw).unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password(&pw, &phc));
        assert!(!verify_password(
            &SecretString::from("correct horse battery!"),
            &phc
        ));
    }

    #[test]
    fn the_dummy_hash_is_well_formed_and_matches_nothing_typed() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password(&SecretString::from(""), DUMMY_HASH));
    }
}
