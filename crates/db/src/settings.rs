//! System settings: one row per (category, key, environment, scope, scope id), its value
//! in the column of its type, and every version kept by trigger in
//! `system_settings_history`. Values cross this module as JSON (`system_setting_value`);
//! core's registry gives them their types.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::DbError;

/// A stored setting.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingRow {
    /// Setting id.
    pub id: Uuid,
    /// e.g. `inventory`.
    pub category: String,
    /// e.g. `service_level_a`.
    pub key: String,
    /// `text`, `integer`, `decimal`, `boolean`, `json`, `date` or `timestamp`.
    pub data_type: String,
    /// The value as JSON (a number, string, boolean or object).
    pub value: serde_json::Value,
    /// Counts changes of the value.
    pub version: i32,
    /// `all`, `dev`, `test` or `prod`.
    pub environment: String,
    /// `global`, `user` or `product`.
    pub scope: String,
    /// The user or product of a scoped setting.
    pub scope_id: Option<Uuid>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Who made it, as a name to show.
    pub updated_by: Option<String>,
}

/// One version of a setting.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingVersionRow {
    /// The version.
    pub version: i32,
    /// Its value as JSON.
    pub value: serde_json::Value,
    /// When.
    pub changed_at: DateTime<Utc>,
    /// Who, as a name to show.
    pub changed_by: Option<String>,
    /// Why, as they said.
    pub reason: Option<String>,
}

/// A typed value for the column of its type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypedValue {
    /// `value_text`.
    Text(String),
    /// `value_integer`.
    Integer(i64),
    /// `value_decimal`.
    Decimal(Decimal),
    /// `value_boolean`.
    Boolean(bool),
    /// `value_json`.
    Json(serde_json::Value),
    /// `value_date`.
    Date(NaiveDate),
}

impl TypedValue {
    fn data_type(&self) -> &'static str {
        match self {
            TypedValue::Text(_) => "text",
            TypedValue::Integer(_) => "integer",
            TypedValue::Decimal(_) => "decimal",
            TypedValue::Boolean(_) => "boolean",
            TypedValue::Json(_) => "json",
            TypedValue::Date(_) => "date",
        }
    }
}

/// Where a setting applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingTarget<'a> {
    /// Category.
    pub category: &'a str,
    /// Name within the category, e.g. `service_level_a`.
    pub key: &'a str,
    /// `all`, `dev`, `test` or `prod`.
    pub environment: &'a str,
    /// `global`, `user` or `product`.
    pub scope: &'a str,
    /// The user or product, for a scoped setting.
    pub scope_id: Option<Uuid>,
}

/// Every setting the acting user may read, by category and key.
pub async fn list(ex: impl PgExecutor<'_>) -> Result<Vec<SettingRow>, DbError> {
    let rows = sqlx::query_as!(
        SettingRow,
        r#"SELECT s.id, s.category, s.key, s.data_type, system_setting_value(s) AS "value!",
                  s.version, s.environment, s.scope, s.scope_id, s.updated_at,
                  sentia_user_label(COALESCE(s.updated_by, s.created_by)) AS "updated_by?"
           FROM system_settings s
           ORDER BY s.category, s.key, s.scope, s.environment"#
    )
    .fetch_all(ex)
    .await?;
    Ok(rows)
}

/// One setting.
pub async fn get(ex: impl PgExecutor<'_>, id: Uuid) -> Result<SettingRow, DbError> {
    sqlx::query_as!(
        SettingRow,
        r#"SELECT s.id, s.category, s.key, s.data_type, system_setting_value(s) AS "value!",
                  s.version, s.environment, s.scope, s.scope_id, s.updated_at,
                  sentia_user_label(COALESCE(s.updated_by, s.created_by)) AS "updated_by?"
           FROM system_settings s WHERE s.id = $1"#,
        id
    )
    .fetch_optional(ex)
    .await?
    .ok_or(DbError::NotFound { entity: "setting" })
}

/// Every version of a setting, newest first.
pub async fn history(ex: impl PgExecutor<'_>, id: Uuid) -> Result<Vec<SettingVersionRow>, DbError> {
    let rows = sqlx::query_as!(
        SettingVersionRow,
        r#"SELECT h.version, h.value AS "value!", h.changed_at,
                  sentia_user_label(h.changed_by) AS "changed_by?", h.reason
           FROM system_settings_history h
           WHERE h.setting_id = $1
           ORDER BY h.version DESC"#,
        id
    )
    .fetch_all(ex)
    .await?;
    Ok(rows)
}

/// A stored setting's value and the version it is at.
#[derive(Debug, Clone)]
pub struct ResolvedSetting {
    /// The value, as JSON.
    pub value: serde_json::Value,
    /// Its version.
    pub version: i32,
}

/// The value that applies to `key` for a user and a product: the user's own, else the
/// product's, else the global one; within each, this environment's before `all`.
pub async fn resolve(
    ex: impl PgExecutor<'_>,
    category: &str,
    key: &str,
    environment: &str,
    user: Option<Uuid>,
    product: Option<Uuid>,
) -> Result<Option<ResolvedSetting>, DbError> {
    let value = sqlx::query_as!(
        ResolvedSetting,
        r#"SELECT system_setting_value(s) AS "value!", s.version
           FROM system_settings s
           WHERE s.category = $1 AND s.key = $2 AND s.environment IN ($3, 'all')
             AND ((s.scope = 'user' AND s.scope_id = $4)
                  OR (s.scope = 'product' AND s.scope_id = $5)
                  OR s.scope = 'global')
           ORDER BY CASE s.scope WHEN 'user' THEN 0 WHEN 'product' THEN 1 ELSE 2 END,
                    s.environment = 'all'
           LIMIT 1"#,
        category,
        key,
        environment,
        user,
        product
    )
    .fetch_optional(ex)
    .await?;
    Ok(value)
}

/// Sets a setting's value, creating the row if it has none; a row last seen at
/// `expected_version` must still be at it. Returns the row's id, or `None` when someone
/// else changed it first. `reason` goes into the history.
pub async fn write(
    conn: &mut PgConnection,
    target: &SettingTarget<'_>,
    value: &TypedValue,
    expected_version: Option<i32>,
    description: Option<&str>,
    reason: &str,
) -> Result<Option<Uuid>, DbError> {
    let (text, integer, decimal, boolean, json, date) = match value {
        TypedValue::Text(v) => (Some(v.as_str()), None, None, None, None, None),
        TypedValue::Integer(v) => (None, Some(*v), None, None, None, None),
        TypedValue::Decimal(v) => (None, None, Some(*v), None, None, None),
        TypedValue::Boolean(v) => (None, None, None, Some(*v), None, None),
        TypedValue::Json(v) => (None, None, None, None, Some(v), None),
        TypedValue::Date(v) => (None, None, None, None, None, Some(*v)),
    };
    let id = sqlx::query_scalar!(
        r#"INSERT INTO system_settings AS s (category, key, data_type, value_text, value_integer,
                       value_decimal, value_boolean, value_json, value_date, environment, scope,
                       scope_id, description, change_reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           ON CONFLICT ON CONSTRAINT system_settings_identity_key DO UPDATE
           SET data_type = EXCLUDED.data_type, value_text = EXCLUDED.value_text,
               value_integer = EXCLUDED.value_integer, value_decimal = EXCLUDED.value_decimal,
               value_boolean = EXCLUDED.value_boolean, value_json = EXCLUDED.value_json,
               value_date = EXCLUDED.value_date, value_timestamp = NULL,
               change_reason = EXCLUDED.change_reason
           WHERE $15::integer IS NULL OR s.version = $15
           RETURNING s.id"#,
        target.category,
        target.key,
        value.data_type(),
        text,
        integer,
        decimal,
        boolean,
        json,
        date,
        target.environment,
        target.scope,
        target.scope_id,
        description,
        reason,
        expected_version
    )
    .fetch_optional(conn)
    .await?;
    Ok(id)
}

/// Whether PostgreSQL knows the time zone `name` (its IANA list).
pub async fn is_time_zone(ex: impl PgExecutor<'_>, name: &str) -> Result<bool, DbError> {
    let known = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1) AS "known!""#,
        name
    )
    .fetch_one(ex)
    .await?;
    Ok(known)
}
