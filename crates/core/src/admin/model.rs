//! What the admin screen sends and receives.

use chrono::{DateTime, Utc};
use sentia_db::users::UserRow;
use sentia_domain::{Permission, Role, Sensitive};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::session::parse_overrides;
use crate::AppError;

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

pub(super) fn summary(row: UserRow) -> Result<UserSummary, AppError> {
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
