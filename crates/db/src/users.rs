//! The `users` table and the database's own sign-in (migration 0120).
//!
//! The database establishes identity: `sentia_login` checks a key derived from the
//! password (argon2id, on the client) under the lockout policy and issues a session
//! token; every later transaction presents that token with [`present_session`], and
//! row-level security and audit derive the acting user from it. The app role reads no
//! password data and no e-mail address except through the audited `sentia_list_users`.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// Presents the session token for the current transaction (`set_config(…, true)`), so
/// it cannot leak into the next borrower of a pooled connection.
pub async fn present_session(ex: impl PgExecutor<'_>, token: &str) -> Result<(), DbError> {
    sqlx::query!("SELECT set_config('sentia.session', $1, true)", token)
        .fetch_one(ex)
        .await?;
    Ok(())
}

/// The salt and argon2id parameters to derive `name`'s login key with, as a PHC string
/// without its hash. Unknown names get a stable fake one: the answer tells nothing.
pub async fn auth_challenge(ex: impl PgExecutor<'_>, username: &str) -> Result<String, DbError> {
    let challenge = sqlx::query_scalar!(r#"SELECT sentia_auth_challenge($1) AS "c!""#, username)
        .fetch_one(ex)
        .await?;
    Ok(challenge)
}

/// `security.password.min_length`, readable before sign-in.
pub async fn password_min_length(ex: impl PgExecutor<'_>) -> Result<i32, DbError> {
    let n = sqlx::query_scalar!(r#"SELECT sentia_password_min_length() AS "n!""#)
        .fetch_one(ex)
        .await?;
    Ok(n)
}

/// A user's login name, when the acting user may see it.
pub async fn username_of(ex: impl PgExecutor<'_>, id: Uuid) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar!("SELECT username FROM users WHERE id = $1", id)
            .fetch_optional(ex)
            .await?,
    )
}

/// What `sentia_login` and `sentia_change_password` answer.
#[derive(Debug, Clone)]
pub struct LoginRow {
    /// `ok`, `wrong`, `locked` or `password_change_required`.
    pub outcome: String,
    /// When the lock ends, for `locked`.
    pub locked_until: Option<DateTime<Utc>>,
    /// The session token, for `ok` only.
    pub session_token: Option<String>,
    /// When the session ends.
    pub expires_at: Option<DateTime<Utc>>,
    pub user_id: Option<Uuid>,
    pub username: Option<String>,
    pub display_name: Option<String>,
    /// Role text (`admin`, …).
    pub role: Option<String>,
    /// Per-user permission overrides, a JSON object.
    pub permissions: Option<serde_json::Value>,
    /// IANA time zone.
    pub timezone: Option<String>,
    /// BCP 47 language tag.
    pub language: Option<String>,
}

/// Signs in with a login key derived from the challenge.
pub async fn login(
    ex: impl PgExecutor<'_>,
    username: &str,
    key: &[u8],
) -> Result<LoginRow, DbError> {
    Ok(sqlx::query_as!(
        LoginRow,
        r#"SELECT outcome AS "outcome!", locked_until, session_token, expires_at, user_id,
                  username, display_name, role, permissions, timezone, language
           FROM sentia_login($1, $2)"#,
        username,
        key
    )
    .fetch_one(ex)
    .await?)
}

/// Replaces a user's password, proven by the old one's key; answers like [`login`].
/// `new_phc` is the argon2id PHC string of the new password.
pub async fn change_password(
    ex: impl PgExecutor<'_>,
    username: &str,
    old_key: &[u8],
    new_phc: &str,
) -> Result<LoginRow, DbError> {
    Ok(sqlx::query_as!(
        LoginRow,
        r#"SELECT outcome AS "outcome!", locked_until, session_token, expires_at, user_id,
                  username, display_name, role, permissions, timezone, language
           FROM sentia_change_password($1, $2, $3)"#,
        username,
        old_key,
        new_phc
    )
    .fetch_one(ex)
    .await?)
}

/// Ends the session presented in this transaction.
pub async fn logout(ex: impl PgExecutor<'_>) -> Result<(), DbError> {
    sqlx::query!("SELECT sentia_logout()").fetch_one(ex).await?;
    Ok(())
}

/// An admin sets a temporary password (PHC string); the user must replace it at the next
/// sign-in, and their sessions end.
pub async fn reset_password(
    ex: impl PgExecutor<'_>,
    user_id: Uuid,
    new_phc: &str,
) -> Result<(), DbError> {
    sqlx::query!("SELECT sentia_reset_password($1, $2)", user_id, new_phc)
        .fetch_one(ex)
        .await?;
    Ok(())
}

/// An admin lifts a user's lock; `false` for an unknown or anonymised user.
pub async fn unlock(ex: impl PgExecutor<'_>, user_id: Uuid) -> Result<bool, DbError> {
    let done = sqlx::query_scalar!(r#"SELECT sentia_unlock_user($1) AS "done!""#, user_id)
        .fetch_one(ex)
        .await?;
    Ok(done)
}

/// A user as the admin screen lists it.
#[derive(Debug, Clone)]
pub struct UserRow {
    /// User id.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// E-mail address (PII: the database audits the read).
    pub email: String,
    /// Name to show.
    pub display_name: Option<String>,
    /// Role text.
    pub role: String,
    /// Per-user overrides (JSON object of permission key to bool).
    pub permissions: serde_json::Value,
    /// Active accounts may log in.
    pub is_active: bool,
    /// Consecutive failed logins.
    pub failed_login_count: i32,
    /// Locked until, if locked now or in the past.
    pub locked_until: Option<DateTime<Utc>>,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Set once anonymised.
    pub anonymized_at: Option<DateTime<Utc>>,
    /// IANA zone.
    pub timezone: String,
    /// BCP 47 tag.
    pub language: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Must choose a new password at the next sign-in (after an admin's reset).
    pub password_reset_required: bool,
}

/// Every user, by name, with their e-mail addresses: the database audits the read.
pub async fn list(ex: impl PgExecutor<'_>) -> Result<Vec<UserRow>, DbError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id AS "id!", username AS "username!", email AS "email!", display_name,
                  role AS "role!", permissions AS "permissions!", is_active AS "is_active!",
                  failed_login_count AS "failed_login_count!", locked_until, last_login_at,
                  anonymized_at, timezone AS "timezone!", language AS "language!",
                  created_at AS "created_at!",
                  password_reset_required AS "password_reset_required!"
           FROM sentia_list_users()"#
    )
    .fetch_all(ex)
    .await?)
}

/// A user to create. The password is set separately, with [`reset_password`].
#[derive(Debug, Clone)]
pub struct NewUserRow<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub display_name: Option<&'a str>,
    /// Role text.
    pub role: &'a str,
    /// The admin creating it.
    pub created_by: Uuid,
}

/// Inserts a user and returns its id and creation time. Duplicate names or addresses
/// surface as [`DbError::Constraint`] (`users_username_lower_key`, `users_email_lower_key`).
pub async fn insert(
    ex: impl PgExecutor<'_>,
    new: &NewUserRow<'_>,
) -> Result<(Uuid, DateTime<Utc>), DbError> {
    let row = sqlx::query!(
        r#"INSERT INTO users (username, email, display_name, role, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, $5)
           RETURNING id, created_at"#,
        new.username,
        new.email,
        new.display_name,
        new.role,
        new.created_by
    )
    .fetch_one(ex)
    .await?;
    Ok((row.id, row.created_at))
}

/// Activates or deactivates a user; `false` when no row was visible to change (unknown
/// id, or RLS hid it from the acting user).
pub async fn set_active(
    ex: impl PgExecutor<'_>,
    id: Uuid,
    active: bool,
    by: Uuid,
) -> Result<bool, DbError> {
    let done = sqlx::query!(
        "UPDATE users SET is_active = $2, updated_by = $3 WHERE id = $1 AND anonymized_at IS NULL",
        id,
        active,
        by
    )
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a user's role and permission overrides.
pub async fn set_role(
    ex: impl PgExecutor<'_>,
    id: Uuid,
    role: &str,
    permissions: &serde_json::Value,
    by: Uuid,
) -> Result<bool, DbError> {
    let done = sqlx::query!(
        "UPDATE users SET role = $2, permissions = $3, updated_by = $4
         WHERE id = $1 AND anonymized_at IS NULL",
        id,
        role,
        permissions,
        by
    )
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// GDPR erasure of a departed user (`sentia_anonymize_user`): everything personal is
/// removed, the row stays as a pseudonym so references resolve; audited by the database.
/// `false` for an unknown or already anonymised user.
pub async fn anonymize(ex: impl PgExecutor<'_>, id: Uuid) -> Result<bool, DbError> {
    let done = sqlx::query_scalar!(r#"SELECT sentia_anonymize_user($1) AS "done!""#, id)
        .fetch_one(ex)
        .await?;
    Ok(done)
}

/// Everything held about one person, as a JSON document (a subject access request),
/// audited by the database; `None` for an unknown id.
pub async fn export_personal_data(
    ex: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<serde_json::Value>, DbError> {
    Ok(
        sqlx::query_scalar!("SELECT sentia_export_user_data($1)", id)
            .fetch_one(ex)
            .await?,
    )
}
