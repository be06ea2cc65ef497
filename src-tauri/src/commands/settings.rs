use sentia_core::settings::{self, SettingChange, SettingVersion, SettingView};
use sentia_core::{App, AppError};
use tauri::State;
use uuid::Uuid;

/// Every known setting with its stored values or default.
#[tauri::command]
#[specta::specta]
pub async fn list_settings(app: State<'_, App>) -> Result<Vec<SettingView>, AppError> {
    app.bounded(settings::list_settings(&app)).await
}

/// A setting's versions, newest first.
#[tauri::command]
#[specta::specta]
pub async fn setting_history(
    app: State<'_, App>,
    id: Uuid,
) -> Result<Vec<SettingVersion>, AppError> {
    app.bounded(settings::setting_history(&app, id)).await
}

/// Changes a setting (a new version, with its reason).
#[tauri::command]
#[specta::specta]
pub async fn change_setting(
    app: State<'_, App>,
    change: SettingChange,
) -> Result<SettingView, AppError> {
    app.bounded(settings::change_setting(&app, change)).await
}

/// Restores a setting's value of an earlier version, as a new version.
#[tauri::command]
#[specta::specta]
pub async fn revert_setting(
    app: State<'_, App>,
    id: Uuid,
    version: i32,
    reason: String,
) -> Result<SettingView, AppError> {
    app.bounded(settings::revert_setting(&app, id, version, reason))
        .await
}

/// Sets one of the signed-in user's own preferences.
#[tauri::command]
#[specta::specta]
pub async fn set_my_preference(
    app: State<'_, App>,
    key: String,
    value: String,
) -> Result<SettingView, AppError> {
    app.bounded(settings::set_my_preference(&app, key, value))
        .await
}
