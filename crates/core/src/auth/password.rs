//! Passwords: the rules a new one must meet, hashing it for storage, and deriving the
//! login key from it. The password itself never leaves this process.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use sentia_db::users;

use crate::AppError;

/// Shortest password accepted when the database's `security.password.min_length`
/// cannot be read.
pub const MIN_PASSWORD_LEN: usize = 12;

/// The largest argon2id cost a server may ask for (256 MiB, 16 passes, 16 lanes): a
/// hostile server cannot make sign-in exhaust the workstation.
const MAX_MEMORY_KIB: u32 = 256 * 1024;
const MAX_PASSES: u32 = 16;
const MAX_LANES: u32 = 16;

/// Hashes a new password with argon2id (the crate's defaults: 19 MiB, 2 passes) into the
/// PHC string the database turns into its stored digest. CPU-heavy: call from a
/// blocking task.
pub fn hash_password(password: &SecretString) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(&e))
}

/// The login key for `password` under a challenge (a PHC string without its hash,
/// `$argon2id$v=19$m=…,t=…,p=…$<salt>`): the raw argon2id output, which is exactly the
/// hash part of the PHC string [`hash_password`] made. CPU-heavy.
pub fn derive_login_key(password: &SecretString, challenge: &str) -> Result<Vec<u8>, AppError> {
    let bad = |why: &str| AppError::internal(&format!("unusable sign-in challenge: {why}"));
    let phc = PasswordHash::new(challenge).map_err(|e| bad(&e.to_string()))?;
    if phc.algorithm != Algorithm::Argon2id.ident() {
        return Err(bad("not argon2id"));
    }
    let params = Params::try_from(&phc).map_err(|e| bad(&e.to_string()))?;
    if params.m_cost() > MAX_MEMORY_KIB
        || params.t_cost() > MAX_PASSES
        || params.p_cost() > MAX_LANES
    {
        return Err(bad("cost beyond what a workstation should spend"));
    }
    let salt = phc.salt.ok_or_else(|| bad("no salt"))?;
    let derived = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.expose_secret().as_bytes(), salt)
        .map_err(|e| bad(&e.to_string()))?;
    let output = derived.hash.ok_or_else(|| bad("no output"))?;
    Ok(output.as_bytes().to_vec())
}

pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::internal(&e))?
}

/// Checks a new password against the rules: long enough (the database's
/// `security.password.min_length`) and not the user name or built around it. The
/// database never sees the password, so this check lives here.
pub fn check_new_password(
    password: &SecretString,
    username: &str,
    min_len: usize,
) -> Result<(), AppError> {
    let pw = password.expose_secret();
    if pw.chars().count() < min_len {
        return Err(AppError::validation(
            "newPassword",
            format!("use at least {min_len} characters"),
        ));
    }
    let name = username.trim().to_lowercase();
    if !name.is_empty() && pw.to_lowercase().contains(&name) {
        return Err(AppError::validation(
            "newPassword",
            "do not use your user name in your password",
        ));
    }
    Ok(())
}

/// The minimum password length in force (`security.password.min_length`).
pub(super) async fn min_password_len(pool: &sqlx::PgPool) -> usize {
    users::password_min_length(pool)
        .await
        .ok()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(MIN_PASSWORD_LEN)
}

/// A new password as the PHC string the database stores, after the rules.
pub(crate) async fn new_password_phc(
    pool: &sqlx::PgPool,
    password: SecretString,
    username: &str,
) -> Result<String, AppError> {
    check_new_password(&password, username, min_password_len(pool).await)?;
    blocking(move || hash_password(&password)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge_of(phc: &str) -> &str {
        &phc[..phc.rfind('$').unwrap()]
    }

    #[test]
    fn the_login_key_is_the_hash_of_the_phc_string_for_the_same_password() {
        let pw = SecretString::from("correct horse battery");
        let phc = hash_password(&pw).unwrap();
        let parsed = PasswordHash::new(&phc).unwrap();
        let key = derive_login_key(&pw, challenge_of(&phc)).unwrap();
        assert_eq!(key, parsed.hash.unwrap().as_bytes());
        let other = derive_login_key(
            &SecretString::from("correct horse battery!"),
            challenge_of(&phc),
        );
        assert_ne!(other.unwrap(), key);
    }

    #[test]
    fn a_challenge_that_asks_too_much_work_or_another_algorithm_is_refused() {
        let pw = SecretString::from("x");
        let salt = "$c2VudGlhLXNhbHQtMTIzNA";
        assert!(derive_login_key(&pw, &format!("$argon2id$v=19$m=4194304,t=2,p=1{salt}")).is_err());
        assert!(derive_login_key(&pw, &format!("$argon2i$v=19$m=19456,t=2,p=1{salt}")).is_err());
        assert!(derive_login_key(&pw, &format!("$argon2id$v=19$m=19456,t=2,p=1{salt}")).is_ok());
    }

    #[test]
    fn new_passwords_must_be_long_and_not_the_user_name() {
        let check = |pw: &str| check_new_password(&SecretString::from(pw), "Marco.Planning", 12);
        assert!(check("short").is_err());
        assert!(check("xx-marco.planning-xx").is_err());
        assert!(check("a long enough phrase").is_ok());
    }
}
