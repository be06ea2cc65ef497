//! The admin screen: users (create, deactivate, unlock, reset passwords, re-role,
//! anonymise, export one person's data) and the audit log. The database audits all of
//! it itself: row changes by trigger, the rest in its definer functions, with the actor
//! taken from the session token.

use sentia_db::users::{self, NewUserRow};
use sentia_domain::{DisplayName, Email, Permission, Role, Sensitive, Username};
use uuid::Uuid;

use crate::auth::new_password_phc;
use crate::exports::{save_export, SavedExport};
use crate::{App, AppError, Session};

mod constraints;
mod model;

pub(crate) use constraints::CONSTRAINTS;
use model::summary;
pub use model::{AuditEntry, AuditQuery, NewUser, PermissionOverride, UserSummary};

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
    let username =
        AppError::on_field("username", Username::parse(input.username.trim()))?.into_inner();
    let email = AppError::on_field("email", Email::parse(input.email.trim()))?.into_inner();
    let display_name = AppError::on_field(
        "displayName",
        DisplayName::parse_optional(input.display_name.as_deref()),
    )?
    .map(DisplayName::into_inner);
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
