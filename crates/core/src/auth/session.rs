//! Who is signed in and what they may do. The UI never sends a user id or role to be
//! trusted: every use case asks the [`Session`] held in Rust, and every transaction
//! presents the session's token, from which the database derives the same user.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use secrecy::SecretString;
use sentia_domain::permissions::effective_permissions;
use sentia_domain::{Permission, Role};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppError;

/// The signed-in user, built from the database's answer to a sign-in.
#[derive(Debug, Clone)]
pub struct Session {
    /// The database's session token: never logged, never sent to the webview.
    token: SecretString,
    user_id: Uuid,
    username: String,
    display_name: Option<String>,
    role: Role,
    timezone: String,
    language: String,
    permissions: BTreeSet<Permission>,
    expires_at: DateTime<Utc>,
    /// Opened without the server, against the verifier kept at the last online sign-in:
    /// its token is valid nowhere, so only the copies on this computer can be read.
    offline: bool,
}

/// What offline sign-in keeps of a session, sealed: never its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SessionFacts {
    pub user_id: Uuid,
    pub username: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub timezone: String,
    pub language: String,
    pub permissions: BTreeSet<Permission>,
}

/// What the UI learns about the session: enough to greet the user, format dates and
/// numbers in their locale and show only the actions they may take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// User id.
    pub user_id: Uuid,
    /// Login name.
    pub username: String,
    /// Name to greet with (the login name when none is set).
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// IANA time zone for dates.
    pub timezone: String,
    /// BCP 47 tag for numbers and dates.
    pub language: String,
    /// Effective permissions (role plus overrides), sorted.
    pub permissions: Vec<Permission>,
    /// When the session ends and the user must log in again.
    pub expires_at: DateTime<Utc>,
    /// Signed in without the server: only the reports kept on this computer can be read,
    /// and the user signs in again once the server answers.
    pub offline: bool,
}

impl Session {
    /// A session the database has just issued.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        token: SecretString,
        user_id: Uuid,
        username: String,
        display_name: Option<String>,
        role: Role,
        overrides: &BTreeMap<String, bool>,
        timezone: String,
        language: String,
        expires_at: DateTime<Utc>,
    ) -> Self {
        Self {
            token,
            user_id,
            username,
            display_name,
            role,
            timezone,
            language,
            permissions: effective_permissions(role, overrides),
            expires_at,
            offline: false,
        }
    }

    /// A session opened without the server from the facts kept at the last online sign-in,
    /// for `hours`.
    pub(crate) fn offline(facts: SessionFacts, hours: i64) -> Self {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut token = [0u8; 32];
        OsRng.fill_bytes(&mut token);
        Self {
            token: SecretString::from(format!("offline-{}", hex::encode(token))),
            user_id: facts.user_id,
            username: facts.username,
            display_name: facts.display_name,
            role: facts.role,
            timezone: facts.timezone,
            language: facts.language,
            permissions: facts.permissions,
            expires_at: Utc::now() + chrono::Duration::hours(hours),
            offline: true,
        }
    }

    /// What offline sign-in keeps of this session.
    pub(crate) fn facts(&self) -> SessionFacts {
        SessionFacts {
            user_id: self.user_id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: self.role,
            timezone: self.timezone.clone(),
            language: self.language.clone(),
            permissions: self.permissions.clone(),
        }
    }

    /// Whether it was opened without the server.
    pub fn is_offline(&self) -> bool {
        self.offline
    }

    /// The token every transaction presents.
    pub fn token(&self) -> &SecretString {
        &self.token
    }

    /// The acting user.
    pub fn user_id(&self) -> Uuid {
        self.user_id
    }

    /// The user's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// Whether the session has ended.
    pub fn is_expired(&self) -> bool {
        Utc::now() >= self.expires_at
    }

    /// Whether the user holds the permission.
    pub fn allows(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }

    /// `Ok` when the user holds the permission, `forbidden` otherwise. Every use case
    /// calls this before it touches the database.
    pub fn require(&self, permission: Permission) -> Result<(), AppError> {
        if self.allows(permission) {
            Ok(())
        } else {
            tracing::info!(user = %self.user_id, %permission, "permission denied");
            Err(AppError::Forbidden { permission })
        }
    }

    /// The UI's view of the session.
    pub fn info(&self) -> SessionInfo {
        SessionInfo {
            user_id: self.user_id,
            username: self.username.clone(),
            display_name: self
                .display_name
                .clone()
                .unwrap_or_else(|| self.username.clone()),
            role: self.role,
            timezone: self.timezone.clone(),
            language: self.language.clone(),
            permissions: self.permissions.iter().copied().collect(),
            expires_at: self.expires_at,
            offline: self.offline,
        }
    }
}

/// Parses `users.permissions` (a JSON object of key → bool); other shapes count as no
/// overrides, since the column's CHECK already guarantees an object.
pub fn parse_overrides(value: &serde_json::Value) -> BTreeMap<String, bool> {
    value
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| v.as_bool().map(|b| (k.clone(), b)))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(role: Role, overrides: serde_json::Value) -> Session {
        Session::new(
            SecretString::from("test-token"),
            Uuid::nil(),
            "pat".into(),
            None,
            role,
            &parse_overrides(&overrides),
            "Europe/London".into(),
            "en-GB".into(),
            Utc::now() + chrono::Duration::hours(1),
        )
    }

    #[test]
    fn viewer_is_forbidden_to_manage_users_and_told_which_permission() {
        let err = session(Role::Viewer, serde_json::json!({})).require(Permission::UsersManage);
        assert_eq!(
            err,
            Err(AppError::Forbidden {
                permission: Permission::UsersManage
            })
        );
    }

    #[test]
    fn an_override_grants_a_permission_the_role_lacks() {
        let s = session(Role::Analyst, serde_json::json!({"forecast.approve": true}));
        assert!(s.require(Permission::ForecastApprove).is_ok());
        assert!(s.info().permissions.contains(&Permission::ForecastApprove));
    }
}
