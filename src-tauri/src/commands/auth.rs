use sentia_core::auth::{self, PasswordPolicy};
use sentia_core::{App, AppError, SessionInfo};
use sentia_domain::Sensitive;
use tauri::State;

/// Logs in and returns the session the UI shows.
#[tauri::command]
#[specta::specta]
pub async fn login(
    app: State<'_, App>,
    username: String,
    password: Sensitive,
) -> Result<SessionInfo, AppError> {
    app.bounded(auth::login(&app, &username, password.into_secret()))
        .await
}

/// Ends the session.
#[tauri::command]
#[specta::specta]
pub async fn logout(app: State<'_, App>) -> Result<(), AppError> {
    auth::logout(&app).await;
    Ok(())
}

/// Changes the user's password, proven by the current one: from the profile, or from the
/// sign-in screen after an admin's reset. Signs in with the new password.
#[tauri::command]
#[specta::specta]
pub async fn change_password(
    app: State<'_, App>,
    username: String,
    current_password: Sensitive,
    new_password: Sensitive,
) -> Result<SessionInfo, AppError> {
    app.bounded(auth::change_password(
        &app,
        &username,
        current_password.into_secret(),
        new_password.into_secret(),
    ))
    .await
}

/// The current session, if any (the UI asks on start-up and after reloads).
#[tauri::command]
#[specta::specta]
pub async fn current_session(app: State<'_, App>) -> Result<Option<SessionInfo>, AppError> {
    Ok(auth::current_session(&app))
}

/// The rules a new password must meet (for the forms that ask for one).
#[tauri::command]
#[specta::specta]
pub async fn password_policy(app: State<'_, App>) -> Result<PasswordPolicy, AppError> {
    app.bounded(auth::password_policy(&app)).await
}
