//! The admin screen: users (create, deactivate, unlock, re-role, anonymise) and the
//! audit log. Row changes are audited by triggers with the acting admin as actor; reads
//! of e-mail addresses (PII) are audited here.

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use sentia_db::users::{self, NewUserRow, UserRow};
use sentia_domain::{Permission, Role};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::app::commit;
use crate::auth::{hash_password, MIN_PASSWORD_LEN};
use crate::session::parse_overrides;
use crate::{App, AppError, Session};

/// A per-user exception to the role's permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PermissionOverride {
    /// The permission.
    pub permission: Permission,
    /// `true` grants it, `false` revokes it.
    pub granted: bool,
}

/// A user as the admin screen lists it.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    /// User id.
    pub user_id: Uuid,
    /// Login name.
    pub username: String,
    /// E-mail address.
    pub email: String,
    /// Name to show.
    pub display_name: Option<String>,
    /// Role.
    pub role: Role,
    /// Overrides of the role's permissions.
    pub overrides: Vec<PermissionOverride>,
    /// May log in.
    pub active: bool,
    /// Locked now, until then.
    pub locked_until: Option<DateTime<Utc>>,
    /// Consecutive failed logins.
    pub failed_logins: i32,
    /// Last successful login.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Anonymised (GDPR): name and address are placeholders.
    pub anonymized: bool,
    /// Created.
    pub created_at: DateTime<Utc>,
}

/// A user to create.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    /// Login name (3–64 letters, digits, `.`, `_`, `-`).
    pub username: String,
    /// E-mail.
    pub email: String,
    /// Name to show.
    pub display_name: Option<String>,
    /// Role.
    pub role: Role,
    /// Initial password (at least 12 characters).
    pub password: String,
}

/// One page of the audit log.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    /// At most this many entries (1–500).
    pub limit: u32,
    /// Only entries older than this (the previous page's last `occurredAt`).
    pub before: Option<DateTime<Utc>>,
}

/// One audit entry.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Entry id.
    pub id: Uuid,
    /// When.
    pub occurred_at: DateTime<Utc>,
    /// Who acted (none for failed logins of unknown names and maintenance).
    pub actor_id: Option<Uuid>,
    /// Their current user name.
    pub actor_username: Option<String>,
    /// e.g. `login.failed`, `row.update`.
    pub action: String,
    /// Table or feature.
    pub entity: Option<String>,
    /// Row affected.
    pub entity_id: Option<Uuid>,
    /// Details as compact JSON (never PII values).
    pub details: String,
}

fn summary(row: UserRow) -> Result<UserSummary, AppError> {
    let overrides = parse_overrides(&row.permissions)
        .into_iter()
        .filter_map(|(k, granted)| {
            Permission::from_key(&k).map(|permission| PermissionOverride {
                permission,
                granted,
            })
        })
        .collect();
    Ok(UserSummary {
        user_id: row.id,
        username: row.username,
        email: row.email,
        display_name: row.display_name,
        role: row.role.parse().map_err(|e| AppError::internal(&e))?,
        overrides,
        active: row.is_active,
        locked_until: row.locked_until.filter(|u| *u > Utc::now()),
        failed_logins: row.failed_login_count,
        last_login_at: row.last_login_at,
        anonymized: row.anonymized_at.is_some(),
        created_at: row.created_at,
    })
}

fn not_found() -> AppError {
    AppError::NotFound {
        entity: "user".into(),
    }
}

/// Every user. Managers see the list read-only; the addresses shown are PII, so the read
/// is audited.
pub async fn list_users(app: &App) -> Result<Vec<UserSummary>, AppError> {
    let session = app.session()?;
    session.require(Permission::AdminView)?;
    let mut tx = app.begin_as(&session).await?;
    let rows = users::list(&mut *tx).await?;
    sentia_db::audit::record(
        &mut *tx,
        "pii.read",
        Some("users"),
        None,
        &serde_json::json!({"fields": ["email"], "rows": rows.len()}),
    )
    .await?;
    commit(tx).await?;
    rows.into_iter().map(summary).collect()
}

/// Creates a user with an initial password.
pub async fn create_user(app: &App, input: NewUser) -> Result<UserSummary, AppError> {
    let session = app.session()?;
    session.require(Permission::UsersManage)?;
    if input.password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::validation(
            "password",
            format!("use at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    let username = input.username.trim().to_owned();
    let email = input.email.trim().to_owned();
    let display_name = input
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let password = SecretString::from(input.password);
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::internal(&e))??;
    let mut tx = app.begin_as(&session).await?;
    let row = users::insert(
        &mut *tx,
        &NewUserRow {
            username: &username,
            email: &email,
            display_name,
            role: input.role.as_str(),
            password_hash: &hash,
            created_by: session.user_id(),
        },
    )
    .await?;
    commit(tx).await?;
    summary(row)
}

/// Refuses changes an admin must not make to their own account (locking themselves out).
fn not_self(session: &Session, user_id: Uuid, what: &str) -> Result<(), AppError> {
    if session.user_id() == user_id {
        return Err(AppError::validation(
            "userId",
            format!("you cannot {what} your own account"),
        ));
    }
    Ok(())
}

/// Activates or deactivates a user.
pub async fn set_user_active(app: &App, user_id: Uuid, active: bool) -> Result<(), AppError> {
    let session = app.session()?;
    session.require(Permission::UsersManage)?;
    if !active {
        not_self(&session, user_id, "deactivate")?;
    }
    let mut tx = app.begin_as(&session).await?;
    if !users::set_active(&mut *tx, user_id, active, session.user_id()).await? {
        return Err(not_found());
    }
    commit(tx).await
}

/// Clears a user's lock and failed-login count.
pub async fn reset_user_lockout(app: &App, user_id: Uuid) -> Result<(), AppError> {
    let session = app.session()?;
    session.require(Permission::UsersManage)?;
    let mut tx = app.begin_as(&session).await?;
    if !users::reset_lockout(&mut *tx, user_id, session.user_id()).await? {
        return Err(not_found());
    }
    commit(tx).await
}

/// Sets a user's role and replaces their permission overrides.
pub async fn set_user_role(
    app: &App,
    user_id: Uuid,
    role: Role,
    overrides: Vec<PermissionOverride>,
) -> Result<(), AppError> {
    let session = app.session()?;
    session.require(Permission::UsersManage)?;
    if role != Role::Admin {
        not_self(&session, user_id, "demote")?;
    }
    let json: serde_json::Map<String, serde_json::Value> = overrides
        .iter()
        .map(|o| {
            (
                o.permission.as_str().to_owned(),
                serde_json::Value::Bool(o.granted),
            )
        })
        .collect();
    let mut tx = app.begin_as(&session).await?;
    if !users::set_role(
        &mut *tx,
        user_id,
        role.as_str(),
        &json.into(),
        session.user_id(),
    )
    .await?
    {
        return Err(not_found());
    }
    commit(tx).await
}

/// GDPR erasure of a departed user: PII replaced, account closed, audit kept.
pub async fn anonymize_user(app: &App, user_id: Uuid) -> Result<(), AppError> {
    let session = app.session()?;
    session.require(Permission::UsersManage)?;
    not_self(&session, user_id, "anonymise")?;
    let mut tx = app.begin_as(&session).await?;
    if !users::anonymize(&mut *tx, user_id, session.user_id()).await? {
        return Err(not_found());
    }
    sentia_db::audit::record(
        &mut *tx,
        "user.anonymized",
        Some("users"),
        Some(user_id),
        &serde_json::json!({}),
    )
    .await?;
    commit(tx).await
}

/// The newest audit entries.
pub async fn list_audit_log(app: &App, query: AuditQuery) -> Result<Vec<AuditEntry>, AppError> {
    let session = app.session()?;
    session.require(Permission::AuditView)?;
    if !(1..=500).contains(&query.limit) {
        return Err(AppError::validation("limit", "between 1 and 500"));
    }
    let mut tx = app.begin_as(&session).await?;
    let rows = sentia_db::audit::list(&mut *tx, i64::from(query.limit), query.before).await?;
    commit(tx).await?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            occurred_at: r.occurred_at,
            actor_id: r.actor_id,
            actor_username: r.actor_username,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            details: r.details.to_string(),
        })
        .collect())
}
