use sentia_core::exports::{self, ChartExport, SavedExport, TableExport};
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

/// Saves a list or table as XLSX or CSV in the user's downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_table(
    app: State<'_, App>,
    table: TableExport,
) -> Result<SavedExport, AppError> {
    app.bounded(exports::save_table(&app, table)).await
}
