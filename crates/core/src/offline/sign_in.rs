//! Signing in without the server. At each online sign-in the app keeps, for that user on
//! this computer, an argon2id verifier of the password (the same hash the server stores)
//! and the session's facts (role and permissions, never the token) sealed under the user's
//! key. Offline, the password is checked against the verifier under the same lockout
//! policy (attempts and minutes as the server's settings said at that sign-in), and the
//! session opened can read only the copies on this computer.
//!
//! The next online sign-in is the moment of truth: a role or permissions that changed
//! wipe the user's copies (they were made under the old ones), and a right password the
//! server refuses (the account was deactivated, or its password changed elsewhere) wipes
//! the copies, the key and the verifier.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use chrono::Utc;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::store::Person;
use crate::auth::session::SessionFacts;
use crate::connection::ConnectionConfig;
use crate::{App, AppError, Session, SessionInfo};

/// How long an offline session lasts.
const OFFLINE_SESSION_HOURS: i64 = 12;
/// The server's lockout defaults, when its settings could not be read at sign-in.
const DEFAULT_MAX_FAILED: i64 = 5;
const DEFAULT_LOCKOUT_MINUTES: i64 = 15;

/// The person's key in the file: a hash of the database and the name, so the file names
/// no one and two databases' users never meet.
fn name_key(app: &App, username: &str) -> Result<Option<String>, AppError> {
    let Some(config) = ConnectionConfig::load(&app.paths().config)? else {
        return Ok(None);
    };
    let mut h = Sha256::new();
    h.update(config.target().keychain_name().as_bytes());
    h.update(b"\n");
    h.update(username.trim().to_lowercase().as_bytes());
    Ok(Some(hex::encode(h.finalize())))
}

fn facts_aad(name_key: &str) -> Vec<u8> {
    format!("sentia-offline/person/{name_key}").into_bytes()
}

fn verifies(verifier: &str, password: &SecretString) -> bool {
    PasswordHash::new(verifier).is_ok_and(|phc| {
        Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), &phc)
            .is_ok()
    })
}

fn copy(password: &SecretString) -> SecretString {
    SecretString::from(password.expose_secret().to_owned())
}

/// After an online sign-in: keeps what offline sign-in needs, and wipes the user's copies
/// when their role or permissions changed since the last time.
pub(crate) async fn remember(
    app: &App,
    username: &str,
    password: &SecretString,
    lockout: (i64, i64),
) -> Result<(), AppError> {
    let Some(key_name) = name_key(app, username)? else {
        return Ok(());
    };
    let session = app.session()?;
    let facts = session.facts();
    let store = app.offline_store().await?;
    if let Some(before) = store.person(&key_name).await? {
        let user = Uuid::parse_str(&before.user_id).unwrap_or_default();
        let key = app.offline().key(app, user)?;
        let old: Option<SessionFacts> =
            crate::seal::open(&key, &facts_aad(&key_name), &before.sealed)
                .and_then(|clear| serde_json::from_slice(&clear).ok());
        let changed = old.as_ref().is_none_or(|old| {
            old.user_id != facts.user_id
                || old.role != facts.role
                || old.permissions != facts.permissions
        });
        if changed {
            tracing::info!(%user, "role or account changed since the copies were made: wiping them");
            super::wipe_user(app, user).await?;
        }
    }
    let pw = copy(password);
    let verifier = tokio::task::spawn_blocking(move || crate::auth::hash_password(&pw))
        .await
        .map_err(|e| AppError::internal(&e))??;
    let key = app.offline().key(app, facts.user_id)?;
    let clear = serde_json::to_vec(&facts).map_err(|e| AppError::internal(&e))?;
    let sealed = crate::seal::seal(&key, &facts_aad(&key_name), &clear)?;
    store
        .save_person(
            &key_name,
            &Person {
                user_id: facts.user_id.to_string(),
                verifier,
                max_failed: lockout.0,
                lockout_minutes: lockout.1,
                failed: 0,
                locked_until_ms: None,
                sealed,
            },
        )
        .await
}

/// After the server refused a sign-in as a wrong name or password: when the password is
/// the one this computer knows for the name, the account no longer signs in (deactivated,
/// or its password changed elsewhere), and everything kept for it goes.
pub(crate) async fn refused_online(app: &App, username: &str, password: &SecretString) {
    let wiped = async {
        let Some(key_name) = name_key(app, username)? else {
            return Ok(false);
        };
        let store = app.offline_store().await?;
        let Some(person) = store.person(&key_name).await? else {
            return Ok(false);
        };
        let (verifier, pw) = (person.verifier.clone(), copy(password));
        let known = tokio::task::spawn_blocking(move || verifies(&verifier, &pw))
            .await
            .unwrap_or(false);
        if known {
            let user = Uuid::parse_str(&person.user_id).unwrap_or_default();
            super::wipe_user(app, user).await?;
            store.remove_person(&person.user_id).await?;
        }
        Ok::<bool, AppError>(known)
    };
    match wiped.await {
        Ok(true) => tracing::info!("the server refused a password this computer knew: the account's offline copies were wiped"),
        Ok(false) => {}
        Err(e) => tracing::warn!(error = %e, "offline copies of a refused account not checked"),
    }
}

/// Signs in without the server, against what the last online sign-in kept.
pub(crate) async fn sign_in(
    app: &App,
    username: &str,
    password: SecretString,
) -> Result<SessionInfo, AppError> {
    let never = || {
        AppError::validation(
            "username",
            "the server cannot be reached, and this user has not signed in on this computer \
             before: signing in without the server needs one sign-in with it first",
        )
    };
    let key_name = name_key(app, username)?.ok_or_else(never)?;
    let store = app.offline_store().await?;
    let person = store.person(&key_name).await?.ok_or_else(never)?;
    let now = Utc::now();
    if let Some(until) = person
        .locked_until_ms
        .and_then(chrono::DateTime::from_timestamp_millis)
        .filter(|until| *until > now)
    {
        return Err(AppError::LockedOut { until });
    }
    let verifier = person.verifier.clone();
    let pw = copy(&password);
    let right = tokio::task::spawn_blocking(move || verifies(&verifier, &pw))
        .await
        .map_err(|e| AppError::internal(&e))?;
    if !right {
        let failed = person.failed + 1;
        if failed >= person.max_failed {
            let until = now + chrono::Duration::minutes(person.lockout_minutes);
            store
                .set_attempts(&key_name, 0, Some(until.timestamp_millis()))
                .await?;
            return Err(AppError::LockedOut { until });
        }
        store.set_attempts(&key_name, failed, None).await?;
        return Err(AppError::validation(
            "password",
            "wrong user name or password",
        ));
    }
    store.set_attempts(&key_name, 0, None).await?;
    let user = Uuid::parse_str(&person.user_id).map_err(|e| AppError::internal(&e))?;
    let key = app.offline().key(app, user)?;
    let facts: SessionFacts = crate::seal::open(&key, &facts_aad(&key_name), &person.sealed)
        .and_then(|clear| serde_json::from_slice(&clear).ok())
        .ok_or_else(|| {
            AppError::validation(
                "username",
                "what this computer kept for signing in without the server failed its \
                 integrity check: sign in once the server answers",
            )
        })?;
    let session = Session::offline(facts, OFFLINE_SESSION_HOURS);
    tracing::info!(user = %session.user_id(), "signed in without the server");
    let info = session.info();
    app.set_session(Some(session));
    Ok(info)
}

/// The server's lockout policy as it stands, for offline sign-in to apply the same.
pub(crate) fn default_lockout() -> (i64, i64) {
    (DEFAULT_MAX_FAILED, DEFAULT_LOCKOUT_MINUTES)
}
