use sentia_core::{App, AppError, AppInfo};
use tauri::State;

/// Version, whether a connection is configured, and which keychain is in use.
#[tauri::command]
#[specta::specta]
pub async fn app_info(app: State<'_, App>) -> Result<AppInfo, AppError> {
    app.info()
}
