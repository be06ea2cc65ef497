use secrecy::SecretString;
use sentia_core::{auth, App, AppError, SessionInfo};
use tauri::State;

/// Logs in and returns the session the UI shows.
#[tauri::command]
#[specta::specta]
pub async fn login(
    app: State<'_, App>,
    username: String,
    password: String,
) -> Result<SessionInfo, AppError> {
    auth::login(&app, &username, SecretString::from(password)).await
}

/// Ends the session.
#[tauri::command]
#[specta::specta]
pub async fn logout(app: State<'_, App>) -> Result<(), AppError> {
    auth::logout(&app);
    Ok(())
}

/// The current session, if any (the UI asks on start-up and after reloads).
#[tauri::command]
#[specta::specta]
pub async fn current_session(app: State<'_, App>) -> Result<Option<SessionInfo>, AppError> {
    Ok(auth::current_session(&app))
}
