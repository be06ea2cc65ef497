//! The one error type that crosses IPC. Its `kind` is API: the UI switches on it and
//! builds its text from the fields, never from a message string.

use chrono::{DateTime, Utc};
use sentia_db::DbError;
use sentia_domain::Permission;
use serde::Serialize;

/// What went wrong, as the UI needs to know it. Internal details (SQL, driver messages)
/// are logged with a reference and never serialised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum AppError {
    /// Nobody is logged in (or the session expired).
    #[error("please sign in")]
    NotAuthenticated,
    /// Too many failed logins; the account is locked until then.
    #[error("this account is locked until {until}")]
    #[serde(rename_all = "camelCase")]
    LockedOut {
        /// When the lock ends.
        until: DateTime<Utc>,
    },
    /// The password is right but an admin reset it: the user must choose a new one
    /// (`change_password` with the temporary password as the current one).
    #[error("your password was reset: choose a new one")]
    PasswordChangeRequired,
    /// The user's role does not grant the permission.
    #[error("you do not have permission to do this ({permission})")]
    Forbidden {
        /// The permission that was missing.
        permission: Permission,
    },
    /// An input was invalid.
    #[error("{field}: {message}")]
    Validation {
        /// The input field (camelCase, as the UI names it).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// A uniqueness or other constraint stopped the change.
    #[error("{message}")]
    Conflict {
        /// The named database constraint, e.g. `users_username_lower_key`.
        constraint: String,
        /// Human explanation.
        message: String,
    },
    /// The thing asked for does not exist (or is not visible to this user).
    #[error("{entity} not found")]
    NotFound {
        /// What was looked for, e.g. `user`.
        entity: String,
    },
    /// No database connection is configured or the server cannot be reached.
    #[error("the database cannot be reached")]
    Offline,
    /// The OS keychain could not be used.
    #[error("the system keychain is unavailable: {message}")]
    KeychainUnavailable {
        /// What the keychain said.
        message: String,
    },
    /// The database refused the operation; the message is safe to show (no SQL).
    #[error("{message}")]
    Database {
        /// Safe message.
        message: String,
    },
    /// A bug or unexpected failure; details are in the log under this reference.
    #[error("unexpected error (log reference {reference})")]
    Internal {
        /// Log reference to quote to support.
        reference: String,
    },
}

impl AppError {
    /// A validation error for `field`.
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation {
            field: field.to_owned(),
            message: message.into(),
        }
    }

    /// Logs `err` with a fresh reference and returns the `internal` error quoting it.
    pub fn internal(err: &dyn std::fmt::Display) -> Self {
        let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
        tracing::error!(%reference, error = %err, "internal error");
        AppError::Internal { reference }
    }
}

/// Constraints whose violation the UI explains in words.
fn conflict_message(constraint: &str) -> &'static str {
    match constraint {
        "users_username_key" | "users_username_lower_key" => "that user name is already taken",
        "users_email_key" | "users_email_lower_key" => "that e-mail address is already in use",
        _ => "the change conflicts with existing data",
    }
}

/// CHECK constraints that are really input validation, with the field they concern.
fn validation_field(constraint: &str) -> Option<(&'static str, &'static str)> {
    Some(match constraint {
        "users_username_format_check" => (
            "username",
            "3 to 64 letters, digits, dots, dashes or underscores",
        ),
        "users_email_format_check" => ("email", "not an e-mail address"),
        "users_role_check" => ("role", "unknown role"),
        "users_language_format_check" => ("language", "not a language tag such as en-GB"),
        _ => return None,
    })
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match &err {
            DbError::Unreachable { .. } => {
                tracing::warn!(error = %err, "database unreachable");
                AppError::Offline
            }
            DbError::Constraint { constraint, .. } => {
                if let Some((field, message)) = validation_field(constraint) {
                    return AppError::validation(field, message);
                }
                AppError::Conflict {
                    constraint: constraint.clone(),
                    message: conflict_message(constraint).to_owned(),
                }
            }
            DbError::Database(sqlx::Error::Database(db))
                if db.code().as_deref() == Some("42501") =>
            {
                // insufficient_privilege / RLS: the database's own check refused. Log it,
                // because reaching it means a command's permission check was missing.
                tracing::error!(error = %err, "database refused a write the app allowed");
                AppError::Database {
                    message: "the database refused this change for your role".into(),
                }
            }
            DbError::Database(sqlx::Error::Database(db))
                if db.code().as_deref() == Some("57014") =>
            {
                // query_canceled: the server's statement timeout (QUERY_TIMEOUT) fired.
                tracing::warn!(error = %err, "statement timed out on the server");
                AppError::Database {
                    message: "the database took too long to answer".into(),
                }
            }
            DbError::Database(sqlx::Error::Database(db))
                if db.code().as_deref().is_some_and(|c| c.starts_with("57P")) =>
            {
                // operator_intervention: the server is shutting down or restarting, or
                // ended an idle transaction whose client stopped answering.
                tracing::warn!(error = %err, "the server ended the session");
                AppError::Offline
            }
            DbError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
            ) => AppError::Offline,
            DbError::AuthenticationFailed { .. } | DbError::Tls(_) => {
                tracing::warn!(error = %err, "database connection refused");
                AppError::Offline
            }
            _ => AppError::internal(&err),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use serde_json::json;

    /// The wire form of every variant. Changing one of these is an API change: the UI's
    /// `switch (error.kind)` must change with it.
    #[test]
    fn every_variant_serialises_to_its_documented_json() {
        let until = Utc.with_ymd_and_hms(2026, 11, 25, 10, 15, 0).unwrap();
        let cases = [
            (
                AppError::NotAuthenticated,
                json!({"kind": "notAuthenticated"}),
            ),
            (
                AppError::LockedOut { until },
                json!({"kind": "lockedOut", "until": "2026-11-25T10:15:00Z"}),
            ),
            (
                AppError::PasswordChangeRequired,
                json!({"kind": "passwordChangeRequired"}),
            ),
            (
                AppError::Forbidden {
                    permission: Permission::UsersManage,
                },
                json!({"kind": "forbidden", "permission": "users.manage"}),
            ),
            (
                AppError::validation("email", "not an e-mail address"),
                json!({"kind": "validation", "field": "email", "message": "not an e-mail address"}),
            ),
            (
                AppError::Conflict {
                    constraint: "users_username_lower_key".into(),
                    message: "taken".into(),
                },
                json!({"kind": "conflict", "constraint": "users_username_lower_key", "message": "taken"}),
            ),
            (
                AppError::NotFound {
                    entity: "user".into(),
                },
                json!({"kind": "notFound", "entity": "user"}),
            ),
            (AppError::Offline, json!({"kind": "offline"})),
            (
                AppError::KeychainUnavailable {
                    message: "no store".into(),
                },
                json!({"kind": "keychainUnavailable", "message": "no store"}),
            ),
            (
                AppError::Database {
                    message: "refused".into(),
                },
                json!({"kind": "database", "message": "refused"}),
            ),
            (
                AppError::Internal {
                    reference: "abc".into(),
                },
                json!({"kind": "internal", "reference": "abc"}),
            ),
        ];
        for (err, expected) in cases {
            assert_eq!(serde_json::to_value(&err).unwrap(), expected, "{err:?}");
            assert!(!err.to_string().is_empty());
        }
    }

    #[test]
    fn a_duplicate_user_name_becomes_a_conflict_that_names_the_constraint() {
        let err = AppError::from(DbError::Constraint {
            constraint: "users_username_lower_key".into(),
            message: "duplicate key value violates unique constraint".into(),
        });
        assert_eq!(
            err,
            AppError::Conflict {
                constraint: "users_username_lower_key".into(),
                message: "that user name is already taken".into()
            }
        );
    }

    #[test]
    fn a_format_check_becomes_a_validation_error_on_its_field() {
        let err = AppError::from(DbError::Constraint {
            constraint: "users_email_format_check".into(),
            message: "new row violates check constraint".into(),
        });
        assert!(matches!(err, AppError::Validation { ref field, .. } if field == "email"));
    }

    #[test]
    fn unreachable_database_is_offline_and_hides_the_host() {
        let err = AppError::from(DbError::Unreachable {
            host: "db.internal".into(),
            port: 5432,
            reason: "refused".into(),
        });
        assert_eq!(err, AppError::Offline);
        assert!(!serde_json::to_string(&err).unwrap().contains("db.internal"));
    }
}
