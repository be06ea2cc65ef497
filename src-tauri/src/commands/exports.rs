use sentia_core::exports::{self, ChartExport, SavedExport};
use sentia_core::{App, AppError};
use tauri::State;

/// Saves a chart image in the user's downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_chart_png(
    app: State<'_, App>,
    chart: ChartExport,
) -> Result<SavedExport, AppError> {
    app.bounded(exports::save_chart_png(&app, chart)).await
}
