//! The `users` table: login candidates, the admin screen's list and its changes.
//!
//! Login goes through the definer functions `sentia_auth_lookup`/`sentia_auth_record`
//! (migration 0100): before login there is no acting user, so the app role cannot read
//! `users` directly. Everything else runs inside a transaction whose acting user is set
//! with [`set_acting_user`], and row-level security checks that user's role.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// Marks the current transaction as acting for `user_id`: RLS policies and audit rows
/// read it. Transaction-local (`set_config(…, true)`), so it cannot leak into the next
/// borrower of a pooled connection.
pub async fn set_acting_user(ex: impl PgExecutor<'_>, user_id: Uuid) -> Result<(), DbError> {
    sqlx::query!(
        "SELECT set_config('sentia.user_id', $1, true)",
        user_id.to_string()
    )
    .fetch_one(ex)
    .await?;
    Ok(())
}

/// What login needs to know about the account behind a user name.
#[derive(Debug, Clone)]
pub struct AuthCandidateRow {
    /// User id.
    pub id: Uuid,
    /// Login name as stored.
    pub username: String,
    /// Name to show.
    pub display_name: Option<String>,
    /// Role text (`admin`, …).
    pub role: String,
    /// Per-user permission overrides, a JSON object.
    pub permissions: serde_json::Value,
    /// Deactivated users cannot log in.
    pub is_active: bool,
    /// argon2id PHC string; `None` cannot log in.
    pub password_hash: Option<String>,
    /// Consecutive failures so far.
    pub failed_login_count: i32,
    /// Locked until this instant, if locked.
    pub locked_until: Option<DateTime<Utc>>,
    /// IANA time zone.
    pub timezone: String,
    /// BCP 47 language tag.
    pub language: String,
}

/// The account for a user name (case-insensitive), or `None`.
pub async fn auth_lookup(
    ex: impl PgExecutor<'_>,
    username: &str,
) -> Result<Option<AuthCandidateRow>, DbError> {
    let row = sqlx::query_as!(
        AuthCandidateRow,
        r#"SELECT id AS "id!", username AS "username!", display_name, role AS "role!",
                  permissions AS "permissions!", is_active AS "is_active!", password_hash,
                  failed_login_count AS "failed_login_count!", locked_until,
                  timezone AS "timezone!", language AS "language!"
           FROM sentia_auth_lookup($1)"#,
        username
    )
    .fetch_optional(ex)
    .await?;
    Ok(row)
}

/// The outcome of a login attempt, as `sentia_auth_record` records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthOutcome {
    /// Password verified: counter reset, last login set.
    Succeeded,
    /// Wrong password, unknown name or inactive account: counter up, maybe locked.
    Failed,
    /// The account was locked when the attempt came.
    RejectedLocked,
}

impl AuthOutcome {
    fn as_str(self) -> &'static str {
        match self {
            AuthOutcome::Succeeded => "succeeded",
            AuthOutcome::Failed => "failed",
            AuthOutcome::RejectedLocked => "rejected_locked",
        }
    }
}

/// Records a login attempt (counter, lock, audit row) and returns the account's
/// `locked_until` afterwards. `user_id` is `None` for an unknown user name.
pub async fn auth_record(
    ex: impl PgExecutor<'_>,
    user_id: Option<Uuid>,
    outcome: AuthOutcome,
    reason: Option<&str>,
) -> Result<Option<DateTime<Utc>>, DbError> {
    let locked_until = sqlx::query_scalar!(
        "SELECT sentia_auth_record($1, $2, $3)",
        user_id,
        outcome.as_str(),
        reason
    )
    .fetch_one(ex)
    .await?;
    Ok(locked_until)
}

/// A user as the admin screen lists it.
#[derive(Debug, Clone)]
pub struct UserRow {
    /// User id.
    pub id: Uuid,
    /// Login name.
    pub username: String,
    /// E-mail address (PII: reading it is audited by the caller).
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
}

/// Every user, by name.
pub async fn list(ex: impl PgExecutor<'_>) -> Result<Vec<UserRow>, DbError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id, username, email, display_name, role, permissions, is_active,
                  failed_login_count, locked_until, last_login_at, anonymized_at, timezone,
                  language, created_at
           FROM users ORDER BY lower(username)"#
    )
    .fetch_all(ex)
    .await?)
}

/// One user by id.
pub async fn get(ex: impl PgExecutor<'_>, id: Uuid) -> Result<Option<UserRow>, DbError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"SELECT id, username, email, display_name, role, permissions, is_active,
                  failed_login_count, locked_until, last_login_at, anonymized_at, timezone,
                  language, created_at
           FROM users WHERE id = $1"#,
        id
    )
    .fetch_optional(ex)
    .await?)
}

/// A user to create; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUserRow<'a> {
    /// Login name.
    pub username: &'a str,
    /// E-mail.
    pub email: &'a str,
    /// Name to show.
    pub display_name: Option<&'a str>,
    /// Role text.
    pub role: &'a str,
    /// argon2id PHC string.
    pub password_hash: &'a str,
    /// The admin creating it.
    pub created_by: Uuid,
}

/// Inserts a user and returns it. Duplicate names or addresses surface as
/// [`DbError::Constraint`] (`users_username_lower_key`, `users_email_lower_key`).
pub async fn insert(ex: impl PgExecutor<'_>, new: &NewUserRow<'_>) -> Result<UserRow, DbError> {
    Ok(sqlx::query_as!(
        UserRow,
        r#"INSERT INTO users (username, email, display_name, role, password_hash,
                              password_changed_at, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5, now(), $6, $6)
           RETURNING id, username, email, display_name, role, permissions, is_active,
                     failed_login_count, locked_until, last_login_at, anonymized_at, timezone,
                     language, created_at"#,
        new.username,
        new.email,
        new.display_name,
        new.role,
        new.password_hash,
        new.created_by
    )
    .fetch_one(ex)
    .await?)
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

/// Clears a user's failed-login counter and lock.
pub async fn reset_lockout(ex: impl PgExecutor<'_>, id: Uuid, by: Uuid) -> Result<bool, DbError> {
    let done = sqlx::query!(
        "UPDATE users SET failed_login_count = 0, locked_until = NULL, updated_by = $2 WHERE id = $1",
        id,
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

/// GDPR erasure of a departed user: name, address and display name are replaced by
/// values derived from the id, the password and overrides are removed and the account is
/// deactivated. The row itself stays, so audit and `created_by` references still resolve.
pub async fn anonymize(ex: impl PgExecutor<'_>, id: Uuid, by: Uuid) -> Result<bool, DbError> {
    let done = sqlx::query!(
        "UPDATE users SET username = 'deleted-' || id::text,
                          email = 'deleted-' || id::text || '@invalid.invalid',
                          display_name = NULL, password_hash = NULL, permissions = '{}'::jsonb,
                          is_active = false, failed_login_count = 0, locked_until = NULL,
                          anonymized_at = now(), updated_by = $2
         WHERE id = $1 AND anonymized_at IS NULL",
        id,
        by
    )
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}
