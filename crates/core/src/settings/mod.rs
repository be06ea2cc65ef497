//! Versioned system settings: the admin's list by category with each value, its history
//! with who changed it and why, changes and reverts (each a new version, audited by the
//! database), and users' own preferences. Values are typed by the [`registry`]; core reads
//! them through [`value`] with user > product > global precedence, this environment's
//! value before the one for all environments.

use chrono::{DateTime, Utc};
use sentia_db::settings::{self as db, SettingRow, SettingTarget, TypedValue};
use sentia_domain::Permission;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{App, AppError};

pub mod registry;

use registry::{find, text_of, text_of_typed, Editor, Kind, SettingDef, SettingScope};

/// The environment this installation runs in (`SENTIA_ENVIRONMENT`: dev, test or prod;
/// prod when unset). A setting stored for it wins over the one for all environments.
pub fn environment() -> &'static str {
    match std::env::var("SENTIA_ENVIRONMENT").as_deref() {
        Ok("dev") => "dev",
        Ok("test") => "test",
        _ => "prod",
    }
}

/// A setting as the settings screen lists it: a stored value, or a known setting's default.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingView {
    /// The stored row; `None` for a default nobody has changed.
    pub id: Option<Uuid>,
    /// Category.
    pub category: String,
    /// Name within the category, e.g. `service_level_a`.
    pub key: String,
    /// What it means.
    pub description: String,
    /// Its type and range, in words.
    pub rule: String,
    /// Scopes it may be set for.
    pub scopes: Vec<SettingScope>,
    /// The value, in the text form an editor types.
    pub value: String,
    /// The registry's default, in the same form.
    pub default_value: String,
    /// Version of the stored value (0 for a default).
    pub version: i32,
    /// `all`, `dev`, `test` or `prod`.
    pub environment: String,
    /// Where this value applies.
    pub scope: SettingScope,
    /// The user or product of a scoped value.
    pub scope_id: Option<Uuid>,
    /// Last change.
    pub updated_at: Option<DateTime<Utc>>,
    /// Who made it.
    pub updated_by: Option<String>,
    /// The acting user may change it.
    pub editable: bool,
}

/// One version in a setting's history.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingVersion {
    /// Version number.
    pub version: i32,
    /// The value it had, in the text form an editor types.
    pub value: String,
    /// When.
    pub changed_at: DateTime<Utc>,
    /// Who.
    pub changed_by: Option<String>,
    /// Why.
    pub reason: Option<String>,
}

/// A change of a setting's value.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettingChange {
    /// Category.
    pub category: String,
    /// Name within the category, e.g. `service_level_a`.
    pub key: String,
    /// `all`, `dev`, `test` or `prod`.
    pub environment: String,
    /// Where the value applies.
    pub scope: String,
    /// The user or product, for a scoped value.
    pub scope_id: Option<Uuid>,
    /// The new value, as typed.
    pub value: String,
    /// The version the editor saw; `None` for a value not stored yet.
    pub version: Option<i32>,
    /// Why (kept in the history).
    pub reason: String,
}

fn known(category: &str, key: &str) -> Result<&'static SettingDef, AppError> {
    find(category, key).ok_or_else(|| {
        AppError::validation(
            "key",
            format!("{category}.{key} is not a setting Sentia knows"),
        )
    })
}

fn may_edit(def: &SettingDef, scope: SettingScope, scope_id: Option<Uuid>, app: &App) -> bool {
    let Some(session) = app.current_session() else {
        return false;
    };
    session.allows(Permission::SettingsManage)
        || (def.editor == Editor::Owner
            && scope == SettingScope::User
            && scope_id == Some(session.user_id()))
}

fn view(def: &SettingDef, row: Option<&SettingRow>, app: &App) -> SettingView {
    let scope = row
        .and_then(|r| SettingScope::parse(&r.scope))
        .unwrap_or(SettingScope::Global);
    let scope_id = row.and_then(|r| r.scope_id);
    SettingView {
        id: row.map(|r| r.id),
        category: def.category.to_owned(),
        key: def.key.to_owned(),
        description: def.description.to_owned(),
        rule: def.rule(),
        scopes: def.scopes.to_vec(),
        value: row.map_or_else(|| def.default.to_owned(), |r| def.shown(&r.value)),
        default_value: def.default.to_owned(),
        version: row.map_or(0, |r| r.version),
        environment: row.map_or_else(|| "all".to_owned(), |r| r.environment.clone()),
        scope,
        scope_id,
        updated_at: row.map(|r| r.updated_at),
        updated_by: row.and_then(|r| r.updated_by.clone()),
        editable: may_edit(def, scope, scope_id, app),
    }
}

/// Every known setting with its stored values (global, per environment, per product, and
/// the acting user's own), or its default where none is stored. Stored rows of keys this
/// version does not know are left out.
pub async fn list_settings(app: &App) -> Result<Vec<SettingView>, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let rows = db::list(tx.conn()).await?;
    tx.commit().await?;
    let mut out = Vec::new();
    for def in registry::REGISTRY {
        let stored: Vec<&SettingRow> = rows
            .iter()
            .filter(|r| r.category == def.category && r.key == def.key)
            .collect();
        if !stored
            .iter()
            .any(|r| r.scope == "global" && r.environment == "all")
        {
            out.push(view(def, None, app));
        }
        out.extend(stored.into_iter().map(|r| view(def, Some(r), app)));
    }
    Ok(out)
}

/// A setting's versions, newest first.
pub async fn setting_history(app: &App, id: Uuid) -> Result<Vec<SettingVersion>, AppError> {
    let mut tx = app.transaction(Permission::SettingsManage).await?;
    let setting = db::get(tx.conn(), id).await?;
    let rows = db::history(tx.conn(), id).await?;
    tx.commit().await?;
    let def = find(&setting.category, &setting.key);
    Ok(rows
        .into_iter()
        .map(|r| SettingVersion {
            version: r.version,
            value: def.map_or_else(|| text_of(&r.value), |d| d.shown(&r.value)),
            changed_at: r.changed_at,
            changed_by: r.changed_by,
            reason: r.reason,
        })
        .collect())
}

/// Sets a setting's value for an environment and scope (`settings.manage`); a new
/// version, with the reason in the history. Unknown keys, values outside the setting's
/// rule and scopes it does not take are refused.
pub async fn change_setting(app: &App, change: SettingChange) -> Result<SettingView, AppError> {
    app.authorise(Permission::SettingsManage)?;
    let def = known(&change.category, &change.key)?;
    let value = def
        .parse(&change.value)
        .map_err(|m| AppError::validation("value", m))?;
    write(app, def, &change, value).await
}

/// Sets one of the acting user's own preferences (`preferences.*`: locale, time zone,
/// theme, dashboard filters), for all environments.
pub async fn set_my_preference(
    app: &App,
    key: String,
    value: String,
) -> Result<SettingView, AppError> {
    let session = app.session()?;
    let def = known("preferences", &key)?;
    let typed = def
        .parse(&value)
        .map_err(|m| AppError::validation("value", m))?;
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let current = db::list(tx.conn()).await?.into_iter().find(|r| {
        r.category == def.category
            && r.key == def.key
            && r.scope == "user"
            && r.scope_id == Some(session.user_id())
    });
    tx.commit().await?;
    let change = SettingChange {
        category: def.category.to_owned(),
        key: def.key.to_owned(),
        environment: "all".to_owned(),
        scope: "user".to_owned(),
        scope_id: Some(session.user_id()),
        value,
        version: current.map(|r| r.version),
        reason: "own preference".to_owned(),
    };
    write(app, def, &change, typed).await
}

/// Restores the value a setting had at `version`, as a new version (audited, with the
/// reason given).
pub async fn revert_setting(
    app: &App,
    id: Uuid,
    version: i32,
    reason: String,
) -> Result<SettingView, AppError> {
    let mut tx = app.transaction(Permission::SettingsManage).await?;
    let current = db::get(tx.conn(), id).await?;
    let old = db::history(tx.conn(), id)
        .await?
        .into_iter()
        .find(|h| h.version == version)
        .ok_or_else(|| AppError::NotFound {
            entity: "setting version".into(),
        })?;
    tx.commit().await?;
    let def = known(&current.category, &current.key)?;
    let value = def.from_json(&old.value).map_err(|m| {
        AppError::validation("value", format!("version {version} no longer fits: {m}"))
    })?;
    let change = SettingChange {
        category: current.category.clone(),
        key: current.key.clone(),
        environment: current.environment.clone(),
        scope: current.scope.clone(),
        scope_id: current.scope_id,
        value: text_of_typed(&value),
        version: Some(current.version),
        reason: if reason.trim().is_empty() {
            format!("revert to version {version}")
        } else {
            reason
        },
    };
    write(app, def, &change, value).await
}

async fn write(
    app: &App,
    def: &'static SettingDef,
    change: &SettingChange,
    value: TypedValue,
) -> Result<SettingView, AppError> {
    let scope = SettingScope::parse(&change.scope)
        .filter(|s| def.scopes.contains(s))
        .ok_or_else(|| {
            AppError::validation(
                "scope",
                format!(
                    "{}.{} can be set for: {}",
                    def.category,
                    def.key,
                    def.scopes
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?;
    if (scope == SettingScope::Global) != change.scope_id.is_none() {
        return Err(AppError::validation(
            "scopeId",
            "a user or product for a scoped value, none for a global one",
        ));
    }
    if !["all", "dev", "test", "prod"].contains(&change.environment.as_str()) {
        return Err(AppError::validation(
            "environment",
            "all, dev, test or prod",
        ));
    }
    let reason = change.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(AppError::validation(
            "reason",
            "say why, in up to 500 characters",
        ));
    }
    let auth = if may_edit(def, scope, change.scope_id, app) {
        // An admin, or the owner of a preference, who needs no more than to be signed in.
        app.signed_in()?
    } else {
        app.authorise(Permission::SettingsManage)?
    };
    // (The database's policy says the same: settings.manage, or one's own preferences.)
    let mut tx = app.begin(auth).await?;
    if def.kind == Kind::TimeZone {
        if let TypedValue::Text(zone) = &value {
            if !db::is_time_zone(tx.conn(), zone).await? {
                return Err(AppError::validation("value", registry::TIME_ZONE_RULE));
            }
        }
    }
    let target = SettingTarget {
        category: def.category,
        key: def.key,
        environment: &change.environment,
        scope: scope.as_str(),
        scope_id: change.scope_id,
    };
    let id = db::write(
        tx.conn(),
        &target,
        &value,
        change.version,
        Some(def.description),
        reason,
    )
    .await?;
    let Some(id) = id else {
        let rows = db::list(tx.conn()).await?;
        let now = rows.into_iter().find(|r| {
            r.category == def.category
                && r.key == def.key
                && r.environment == change.environment
                && r.scope == scope.as_str()
                && r.scope_id == change.scope_id
        });
        return Err(AppError::Stale {
            entity: "setting".into(),
            changed_by: now.as_ref().and_then(|r| r.updated_by.clone()),
            changed_at: now.map_or_else(Utc::now, |r| r.updated_at),
        });
    };
    let row = db::get(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(view(def, Some(&row), app))
}

/// The value of a known setting for a user and a product (either may be absent), typed by
/// its definition: stored values by precedence, else the default. A stored value that no
/// longer fits the definition is logged and the default used.
pub async fn value(
    conn: &mut sqlx::PgConnection,
    def: &SettingDef,
    user: Option<Uuid>,
    product: Option<Uuid>,
) -> Result<TypedValue, AppError> {
    Ok(versioned_value(conn, def, user, product).await?.0)
}

/// The value that applies and its version; version 0 is the registered default.
async fn versioned_value(
    conn: &mut sqlx::PgConnection,
    def: &SettingDef,
    user: Option<Uuid>,
    product: Option<Uuid>,
) -> Result<(TypedValue, i32), AppError> {
    let stored = db::resolve(conn, def.category, def.key, environment(), user, product).await?;
    Ok(match stored.map(|s| (def.from_json(&s.value), s.version)) {
        Some((Ok(v), version)) => (v, version),
        Some((Err(e), _)) => {
            tracing::warn!(category = def.category, key = def.key, error = %e, "stored setting ignored");
            (def.default_value(), 0)
        }
        None => (def.default_value(), 0),
    })
}

/// The company-wide value of a text setting.
pub async fn text(
    conn: &mut sqlx::PgConnection,
    category: &str,
    key: &str,
) -> Result<String, AppError> {
    let def = find(category, key)
        .ok_or_else(|| AppError::internal(&format!("{category}.{key} is not registered")))?;
    match value(conn, def, None, None).await? {
        TypedValue::Text(t) => Ok(t),
        other => Err(AppError::internal(&format!(
            "{category}.{key} is {other:?}"
        ))),
    }
}

/// The company-wide value of a numeric setting (decimal or integer), as a `Decimal`.
pub async fn number(
    conn: &mut sqlx::PgConnection,
    category: &str,
    key: &str,
) -> Result<rust_decimal::Decimal, AppError> {
    Ok(versioned_number(conn, category, key).await?.0)
}

/// [`number`] with the version it is at (0: the registered default), for a calculation
/// that records what it read.
pub async fn versioned_number(
    conn: &mut sqlx::PgConnection,
    category: &str,
    key: &str,
) -> Result<(rust_decimal::Decimal, i32), AppError> {
    let def = find(category, key)
        .ok_or_else(|| AppError::internal(&format!("{category}.{key} is not registered")))?;
    match versioned_value(conn, def, None, None).await? {
        (TypedValue::Decimal(d), v) => Ok((d, v)),
        (TypedValue::Integer(i), v) => Ok((rust_decimal::Decimal::from(i), v)),
        (other, _) => Err(AppError::internal(&format!(
            "{category}.{key} is {other:?}"
        ))),
    }
}

/// The target cycle service level of a product of ABC class `class` (A, B or C): the
/// product's own, else the global one, else the default.
pub async fn service_level(
    conn: &mut sqlx::PgConnection,
    product: Uuid,
    class: char,
) -> Result<rust_decimal::Decimal, AppError> {
    let key = match class {
        'A' => "service_level_a",
        'B' => "service_level_b",
        _ => "service_level_c",
    };
    let def = find("inventory", key).expect("service levels are registered");
    match value(conn, def, None, Some(product)).await? {
        TypedValue::Decimal(d) => Ok(d),
        other => Err(AppError::internal(&format!("service level is {other:?}"))),
    }
}

/// The default forecast horizon in days, the user's own if they set one.
pub async fn default_horizon_days(
    conn: &mut sqlx::PgConnection,
    user: Uuid,
) -> Result<u32, AppError> {
    let def = find("forecasting", "default_horizon_days").expect("the horizon is registered");
    match value(conn, def, Some(user), None).await? {
        TypedValue::Integer(days) => Ok(u32::try_from(days).unwrap_or(90)),
        other => Err(AppError::internal(&format!(
            "forecast horizon is {other:?}"
        ))),
    }
}
