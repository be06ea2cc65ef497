//! The admin screen: users (create, deactivate, unlock, reset passwords, re-role,
//! anonymise, export one person's data) and the audit log. The database audits all of
//! it itself: row changes by trigger, the rest in its definer functions, with the actor
//! taken from the session token.

use chrono::{DateTime, Utc};
use sentia_db::users::{self, NewUserRow, UserRow};
use sentia_domain::{Permission, Role, Sensitive};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::new_password_phc;
use crate::error::ConstraintText;
use crate::exports::{save_export, SavedExport};
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
    /// Must choose a new password at the next sign-in.
    pub password_reset_required: bool,
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
    /// Temporary password (the password rules apply); the user replaces it at the first
    /// sign-in.
    pub password: Sensitive,
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

/// The users table's constraints, in the words the admin screen shows.
pub(crate) const CONSTRAINTS: &[ConstraintText] = &[
    ConstraintText {
        constraint: "users_username_lower_key",
        field: "username",
        message: "that user name is already taken",
        conflict: true,
    },
    ConstraintText {
        constraint: "users_username_key",
        field: "username",
        message: "that user name is already taken",
        conflict: true,
    },
    ConstraintText {
        constraint: "users_email_lower_key",
        field: "email",
        message: "that e-mail address is already in use",
        conflict: true,
    },
    ConstraintText {
        constraint: "users_email_key",
        field: "email",
        message: "that e-mail address is already in use",
        conflict: true,
    },
    ConstraintText {
        constraint: "users_username_format_check",
        field: "username",
        message: "3 to 64 letters, digits, dots, dashes or underscores",
        conflict: false,
    },
    ConstraintText {
        constraint: "users_email_format_check",
        field: "email",
        message: "not an e-mail address",
        conflict: false,
    },
    ConstraintText {
        constraint: "users_role_check",
        field: "role",
        message: "unknown role",
        conflict: false,
    },
    ConstraintText {
        constraint: "users_language_format_check",
        field: "language",
        message: "not a language tag such as en-GB",
        conflict: false,
    },
];

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
        password_reset_required: row.password_reset_required,
        created_at: row.created_at,
    })
}

fn not_found() -> AppError {
    AppError::NotFound {
        entity: "user".into(),
    }
}

/// Every user. Managers see the list read-only; the addresses shown are PII, so the
/// database audits the read.
pub async fn list_users(app: &App) -> Result<Vec<UserSummary>, AppError> {
    let mut tx = app.transaction(Permission::AdminView).await?;
    let rows = users::list(tx.conn()).await?;
    tx.commit().await?;
    rows.into_iter().map(summary).collect()
}

/// Creates a user with a temporary password, which they replace at the first sign-in.
pub async fn create_user(app: &App, input: NewUser) -> Result<UserSummary, AppError> {
    let auth = app.authorise(Permission::UsersManage)?;
    let username = input.username.trim().to_owned();
    let email = input.email.trim().to_owned();
    let display_name = input
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let pool = app.pool().await?;
    let phc = new_password_phc(&pool, input.password.into_secret(), &username)
        .await
        .map_err(as_field("password"))?;
    let mut tx = app.begin(auth).await?;
    let by = tx.session().user_id();
    let (user_id, created_at) = users::insert(
        tx.conn(),
        &NewUserRow {
            username: &username,
            email: &email,
            display_name: display_name.as_deref(),
            role: input.role.as_str(),
            created_by: by,
        },
    )
    .await?;
    users::reset_password(tx.conn(), user_id, &phc).await?;
    tx.commit().await?;
    Ok(UserSummary {
        user_id,
        username,
        email,
        display_name,
        role: input.role,
        overrides: Vec::new(),
        active: true,
        locked_until: None,
        failed_logins: 0,
        last_login_at: None,
        anonymized: false,
        password_reset_required: true,
        created_at,
    })
}

/// The password rules name `newPassword`; on an admin's form the field is another.
fn as_field(field: &'static str) -> impl Fn(AppError) -> AppError {
    move |e| match e {
        AppError::Validation { message, .. } => AppError::validation(field, message),
        other => other,
    }
}

/// Sets a temporary password for a user, who must replace it at the next sign-in; their
/// open sessions end.
pub async fn reset_user_password(
    app: &App,
    user_id: Uuid,
    temporary_password: Sensitive,
) -> Result<(), AppError> {
    let auth = app.authorise(Permission::UsersManage)?;
    let pool = app.pool().await?;
    let mut tx = app.begin(auth).await?;
    let username = users::username_of(tx.conn(), user_id)
        .await?
        .ok_or_else(not_found)?;
    let phc = new_password_phc(&pool, temporary_password.into_secret(), &username)
        .await
        .map_err(as_field("temporaryPassword"))?;
    users::reset_password(tx.conn(), user_id, &phc).await?;
    tx.commit().await
}

/// Saves everything Sentia holds about one person as a JSON file in the exports folder
/// (a GDPR/CCPA access request); the database audits the export.
pub async fn export_personal_data(app: &App, user_id: Uuid) -> Result<SavedExport, AppError> {
    let mut tx = app.transaction(Permission::UsersManage).await?;
    let document = users::export_personal_data(tx.conn(), user_id)
        .await?
        .ok_or_else(not_found)?;
    let bytes = serde_json::to_vec_pretty(&document).map_err(|e| AppError::internal(&e))?;
    save_export(app, tx, "personal-data", "json", &bytes).await
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
    let auth = app.authorise(Permission::UsersManage)?;
    let session = auth.session();
    if !active {
        not_self(session, user_id, "deactivate")?;
    }
    let mut tx = app.begin(auth).await?;
    let by = tx.session().user_id();
    if !users::set_active(tx.conn(), user_id, active, by).await? {
        return Err(not_found());
    }
    tx.commit().await
}

/// Clears a user's lock and failed-login count.
pub async fn reset_user_lockout(app: &App, user_id: Uuid) -> Result<(), AppError> {
    let mut tx = app.transaction(Permission::UsersManage).await?;
    if !users::unlock(tx.conn(), user_id).await? {
        return Err(not_found());
    }
    tx.commit().await
}

/// Sets a user's role and replaces their permission overrides.
pub async fn set_user_role(
    app: &App,
    user_id: Uuid,
    role: Role,
    overrides: Vec<PermissionOverride>,
) -> Result<(), AppError> {
    let auth = app.authorise(Permission::UsersManage)?;
    let session = auth.session();
    if role != Role::Admin {
        not_self(session, user_id, "demote")?;
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
    let mut tx = app.begin(auth).await?;
    let by = tx.session().user_id();
    if !users::set_role(tx.conn(), user_id, role.as_str(), &json.into(), by).await? {
        return Err(not_found());
    }
    tx.commit().await
}

/// GDPR erasure of a departed user: PII replaced, account closed, audit kept.
pub async fn anonymize_user(app: &App, user_id: Uuid) -> Result<(), AppError> {
    let auth = app.authorise(Permission::UsersManage)?;
    not_self(auth.session(), user_id, "anonymise")?;
    let mut tx = app.begin(auth).await?;
    if !users::anonymize(tx.conn(), user_id).await? {
        return Err(not_found());
    }
    tx.commit().await
}

/// The newest audit entries.
pub async fn list_audit_log(app: &App, query: AuditQuery) -> Result<Vec<AuditEntry>, AppError> {
    let auth = app.authorise(Permission::AuditView)?;
    if !(1..=500).contains(&query.limit) {
        return Err(AppError::validation("limit", "between 1 and 500"));
    }
    let mut tx = app.begin(auth).await?;
    let rows = sentia_db::audit::list(tx.conn(), i64::from(query.limit), query.before).await?;
    tx.commit().await?;
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
