use sentia_core::connection::{self, ConnectionInput, ConnectionReport, ConnectionSettings};
use sentia_core::{App, AppError};
use tauri::State;

/// The saved connection (never its password).
#[tauri::command]
#[specta::specta]
pub async fn get_connection(app: State<'_, App>) -> Result<Option<ConnectionSettings>, AppError> {
    connection::get_connection(&app)
}

/// Tries a connection step by step without saving it.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    app: State<'_, App>,
    input: ConnectionInput,
) -> Result<ConnectionReport, AppError> {
    app.bounded(connection::test_connection(&app, input)).await
}

/// Saves a connection; the password goes to the keychain only.
#[tauri::command]
#[specta::specta]
pub async fn save_connection(
    app: State<'_, App>,
    input: ConnectionInput,
) -> Result<ConnectionSettings, AppError> {
    app.bounded(connection::save_connection(&app, input)).await
}

/// Switches to the local demo database.
#[tauri::command]
#[specta::specta]
pub async fn use_demo_database(app: State<'_, App>) -> Result<ConnectionSettings, AppError> {
    app.bounded(connection::use_demo_database(&app)).await
}
