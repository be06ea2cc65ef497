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
        /// The form field it concerns, when there is one.
        field: Option<String>,
        /// Human explanation.
        message: String,
    },
    /// A line of an imported file is wrong; nothing of the file was saved.
    #[error("{file}, line {line}, {field}: {message}")]
    BadRow {
        /// The file's name.
        file: String,
        /// Its line (the header is line 1).
        line: u32,
        /// The column.
        field: String,
        /// What is wrong with the value.
        message: String,
    },
    /// A file cannot be imported as a whole (empty, not a known layout, an encrypted
    /// workbook); nothing of it was saved.
    #[error("{file}: {message}")]
    BadFile {
        /// The file's name.
        file: String,
        /// What is wrong with it.
        message: String,
    },
    /// The user cancelled the work; nothing of it was saved.
    #[error("cancelled; nothing was saved")]
    Cancelled,
    /// Someone else saved the row after this user opened it; nothing was written. The
    /// screen reloads the row to show both values.
    #[error("this {entity} was changed by {} at {changed_at}", changed_by.as_deref().unwrap_or("someone else"))]
    #[serde(rename_all = "camelCase")]
    Stale {
        /// What was being saved, e.g. `product`.
        entity: String,
        /// Who saved first, when known.
        changed_by: Option<String>,
        /// When.
        changed_at: DateTime<Utc>,
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
    /// A file could not be read or written (a full disk, a folder without write access).
    #[error("cannot use {path}: {message}")]
    File {
        /// The file or folder.
        path: String,
        /// What the operating system said.
        message: String,
    },
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

    /// A domain rule's failure (`FieldError`) on the form field it concerns.
    pub(crate) fn on_field<T>(
        field: &str,
        parsed: Result<T, sentia_domain::FieldError>,
    ) -> Result<T, AppError> {
        parsed.map_err(|e| AppError::validation(field, e.message()))
    }

    /// Logs `err` with a fresh reference and returns the `internal` error quoting it.
    pub fn internal(err: &dyn std::fmt::Display) -> Self {
        let reference = uuid::Uuid::new_v4().simple().to_string()[..12].to_owned();
        tracing::error!(%reference, error = %err, "internal error");
        AppError::Internal { reference }
    }
}

/// What a named constraint means to a user. Each feature lists its own constraints
/// (e.g. `admin::CONSTRAINTS`); [`FEATURE_CONSTRAINTS`] gathers them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConstraintText {
    /// The constraint's name in the migrations.
    pub constraint: &'static str,
    /// The input field (camelCase) it concerns.
    pub field: &'static str,
    /// What to tell the user.
    pub message: &'static str,
    /// A clash with existing data (uniqueness) rather than a malformed input.
    pub conflict: bool,
}

/// Every feature's constraint texts: one table per feature, written once.
const FEATURE_CONSTRAINTS: &[&[ConstraintText]] = &[
    crate::admin::CONSTRAINTS,
    crate::catalog::CONSTRAINTS,
    crate::working_capital::CONSTRAINTS,
];

fn constraint_error(constraint: &str) -> AppError {
    let text = FEATURE_CONSTRAINTS
        .iter()
        .flat_map(|t| t.iter())
        .find(|t| t.constraint == constraint);
    match text {
        Some(t) if !t.conflict => AppError::validation(t.field, t.message),
        Some(t) => AppError::Conflict {
            constraint: constraint.to_owned(),
            field: Some(t.field.to_owned()),
            message: t.message.to_owned(),
        },
        None => AppError::Conflict {
            constraint: constraint.to_owned(),
            field: None,
            message: "the change conflicts with existing data".to_owned(),
        },
    }
}

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match &err {
            DbError::Constraint { constraint, .. } => constraint_error(constraint),
            DbError::NotFound { entity } => AppError::NotFound {
                entity: (*entity).to_owned(),
            },
            DbError::PermissionDenied(_) => {
                // The database's own check refused. Log it: reaching it means a command's
                // permission check was missing or weaker than the policy.
                tracing::error!(error = %err, "the database refused what the app allowed");
                AppError::Database {
                    message: "the database refused this change for your role".into(),
                }
            }
            DbError::TimedOut => {
                tracing::warn!(error = %err, "statement timed out on the server");
                AppError::Database {
                    message: "the database took too long to answer".into(),
                }
            }
            DbError::Unreachable { .. }
            | DbError::ConnectionLost(_)
            | DbError::AuthenticationFailed { .. }
            | DbError::UnknownDatabase { .. }
            | DbError::Tls(_) => {
                tracing::warn!(error = %err, "database unreachable");
                AppError::Offline
            }
            DbError::Migrate(_)
            | DbError::Decode { .. }
            | DbError::Generator(_)
            | DbError::Database(_) => AppError::internal(&err),
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
                    field: Some("username".into()),
                    message: "taken".into(),
                },
                json!({"kind": "conflict", "constraint": "users_username_lower_key",
                       "field": "username", "message": "taken"}),
            ),
            (
                AppError::BadRow {
                    file: "rates.csv".into(),
                    line: 7,
                    field: "rate".into(),
                    message: "not a number".into(),
                },
                json!({"kind": "badRow", "file": "rates.csv", "line": 7, "field": "rate",
                       "message": "not a number"}),
            ),
            (
                AppError::Stale {
                    entity: "product".into(),
                    changed_by: Some("Mona".into()),
                    changed_at: until,
                },
                json!({"kind": "stale", "entity": "product", "changedBy": "Mona",
                       "changedAt": "2026-11-25T10:15:00Z"}),
            ),
            (
                AppError::NotFound {
                    entity: "user".into(),
                },
                json!({"kind": "notFound", "entity": "user"}),
            ),
            (AppError::Offline, json!({"kind": "offline"})),
            (
                AppError::File {
                    path: "/home/a/Downloads".into(),
                    message: "disk full".into(),
                },
                json!({"kind": "file", "path": "/home/a/Downloads", "message": "disk full"}),
            ),
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
                field: Some("username".into()),
                message: "that user name is already taken".into()
            }
        );
    }

    #[test]
    fn a_missing_row_is_not_found_and_a_refusal_is_not_internal() {
        let missing = AppError::from(DbError::NotFound { entity: "user" });
        assert_eq!(
            missing,
            AppError::NotFound {
                entity: "user".into()
            }
        );
        let refused = AppError::from(DbError::PermissionDenied("policy".into()));
        assert!(matches!(refused, AppError::Database { .. }), "{refused:?}");
        assert_eq!(
            AppError::from(DbError::ConnectionLost("reset".into())),
            AppError::Offline
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
