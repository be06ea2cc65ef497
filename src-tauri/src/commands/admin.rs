use sentia_core::admin::{self, AuditEntry, AuditQuery, NewUser, PermissionOverride, UserSummary};
use sentia_core::exports::SavedExport;
use sentia_core::{App, AppError};
use sentia_domain::{Role, Sensitive};
use tauri::State;
use uuid::Uuid;

/// Every user (admin screen).
#[tauri::command]
#[specta::specta]
pub async fn list_users(app: State<'_, App>) -> Result<Vec<UserSummary>, AppError> {
    app.bounded(admin::list_users(&app)).await
}

/// Creates a user.
#[tauri::command]
#[specta::specta]
pub async fn create_user(app: State<'_, App>, input: NewUser) -> Result<UserSummary, AppError> {
    app.bounded(admin::create_user(&app, input)).await
}

/// Activates or deactivates a user.
#[tauri::command]
#[specta::specta]
pub async fn set_user_active(
    app: State<'_, App>,
    user_id: Uuid,
    active: bool,
) -> Result<(), AppError> {
    app.bounded(admin::set_user_active(&app, user_id, active))
        .await
}

/// Clears a user's lockout.
#[tauri::command]
#[specta::specta]
pub async fn reset_user_lockout(app: State<'_, App>, user_id: Uuid) -> Result<(), AppError> {
    app.bounded(admin::reset_user_lockout(&app, user_id)).await
}

/// Sets a user's role and permission overrides.
#[tauri::command]
#[specta::specta]
pub async fn set_user_role(
    app: State<'_, App>,
    user_id: Uuid,
    role: Role,
    permissions: Vec<PermissionOverride>,
) -> Result<(), AppError> {
    app.bounded(admin::set_user_role(&app, user_id, role, permissions))
        .await
}

/// GDPR anonymisation of a departed user.
#[tauri::command]
#[specta::specta]
pub async fn anonymize_user(app: State<'_, App>, user_id: Uuid) -> Result<(), AppError> {
    app.bounded(admin::anonymize_user(&app, user_id)).await
}

/// A page of the audit log, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_audit_log(
    app: State<'_, App>,
    query: AuditQuery,
) -> Result<Vec<AuditEntry>, AppError> {
    app.bounded(admin::list_audit_log(&app, query)).await
}

/// Sets a temporary password that the user must replace at the next sign-in.
#[tauri::command]
#[specta::specta]
pub async fn reset_user_password(
    app: State<'_, App>,
    user_id: Uuid,
    temporary_password: Sensitive,
) -> Result<(), AppError> {
    app.bounded(admin::reset_user_password(
        &app,
        user_id,
        temporary_password,
    ))
    .await
}

/// Saves everything held about one person as a JSON file (an access request).
#[tauri::command]
#[specta::specta]
pub async fn export_personal_data(
    app: State<'_, App>,
    user_id: Uuid,
) -> Result<SavedExport, AppError> {
    app.bounded(admin::export_personal_data(&app, user_id))
        .await
}
