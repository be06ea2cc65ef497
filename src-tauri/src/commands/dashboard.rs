use sentia_core::dashboard::{self, Dashboard, DashboardQuery};
use sentia_core::{App, AppError};
use tauri::State;

/// The dashboard for a period, market and channel.
#[tauri::command]
#[specta::specta]
pub async fn get_dashboard(
    app: State<'_, App>,
    query: DashboardQuery,
) -> Result<Dashboard, AppError> {
    app.bounded(dashboard::get_dashboard(&app, query)).await
}
