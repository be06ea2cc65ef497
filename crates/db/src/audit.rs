//! The append-only `audit_log`. Row changes, sign-ins, passwords, user administration and
//! reads of PII are written by the database itself (triggers and definer functions);
//! [`record`] is for the other events (exports), through `sentia_audit`, which takes the
//! actor from the session and refuses the actions the database records itself.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// Writes one audit row for the transaction's acting user.
pub async fn record(
    ex: impl PgExecutor<'_>,
    action: &str,
    entity: Option<&str>,
    entity_id: Option<Uuid>,
    details: &serde_json::Value,
) -> Result<(), DbError> {
    sqlx::query!(
        "SELECT sentia_audit($1, $2, $3, $4)",
        action,
        entity,
        entity_id,
        details
    )
    .fetch_one(ex)
    .await?;
    Ok(())
}

/// One audit entry with the actor's current user name (anonymised users show their
/// replacement name).
#[derive(Debug, Clone)]
pub struct AuditRow {
    /// Entry id.
    pub id: Uuid,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Acting user, if any.
    pub actor_id: Option<Uuid>,
    /// Acting user's name now.
    pub actor_username: Option<String>,
    /// Dotted action, e.g. `login.failed`.
    pub action: String,
    /// Table or feature.
    pub entity: Option<String>,
    /// Row affected.
    pub entity_id: Option<Uuid>,
    /// What changed (no PII values).
    pub details: serde_json::Value,
}

/// The newest entries, optionally older than `before`, at most `limit`.
pub async fn list(
    ex: impl PgExecutor<'_>,
    limit: i64,
    before: Option<DateTime<Utc>>,
) -> Result<Vec<AuditRow>, DbError> {
    Ok(sqlx::query_as!(
        AuditRow,
        r#"SELECT a.id, a.occurred_at, a.actor_id, u.username AS "actor_username?", a.action,
                  a.entity, a.entity_id, a.details
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
           WHERE $2::timestamptz IS NULL OR a.occurred_at < $2
           ORDER BY a.occurred_at DESC
           LIMIT $1"#,
        limit,
        before
    )
    .fetch_all(ex)
    .await?)
}
