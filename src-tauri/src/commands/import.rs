//! Sales import. The import itself runs longer than the usual deadline and reports its
//! progress on a channel passed with the call; everything else is bounded like any other command.

use sentia_core::exports::SavedExport;
use sentia_core::import::{
    self, FilePreview, ImportBatch, ImportProgress, ImportReport, ImportRequest, ImportRowError,
};
use sentia_core::{App, AppError};
use tauri::ipc::Channel;
use tauri::State;
use uuid::Uuid;

/// Imports (or checks, with `dryRun`) a sales file, reporting on `progress` as it goes.
#[tauri::command]
#[specta::specta]
pub async fn import_sales(
    app: State<'_, App>,
    request: ImportRequest,
    progress: Channel<ImportProgress>,
) -> Result<ImportReport, AppError> {
    // Unbounded: a large file takes longer than the command deadline; the database
    // statements inside still carry the server's statement timeout.
    import::run_import(&app, &request, &|update| {
        if let Err(e) = progress.send(update) {
            tracing::warn!(error = %e, "import progress not sent");
        }
    })
    .await
}

/// Stops the running import; nothing of it is written.
#[tauri::command]
#[specta::specta]
pub fn cancel_import(app: State<'_, App>) -> Result<(), AppError> {
    import::cancel_running(&app)
}

/// Past imports, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_import_batches(app: State<'_, App>) -> Result<Vec<ImportBatch>, AppError> {
    app.bounded(import::list_batches(&app)).await
}

/// The rows a valid-only import left out.
#[tauri::command]
#[specta::specta]
pub async fn import_batch_errors(
    app: State<'_, App>,
    batch_id: Uuid,
) -> Result<Vec<ImportRowError>, AppError> {
    app.bounded(import::batch_errors(&app, batch_id)).await
}

/// Removes a batch's rows from the sales history (audited).
#[tauri::command]
#[specta::specta]
pub async fn rollback_import(
    app: State<'_, App>,
    batch_id: Uuid,
    reason: String,
) -> Result<ImportBatch, AppError> {
    app.bounded(import::roll_back(&app, batch_id, &reason))
        .await
}

/// Saves Sentia's import template in the exports folder.
#[tauri::command]
#[specta::specta]
pub async fn save_import_template(app: State<'_, App>) -> Result<SavedExport, AppError> {
    app.bounded(import::save_template(&app)).await
}

/// Saves an import's row errors as CSV in the exports folder.
#[tauri::command]
#[specta::specta]
pub async fn export_import_errors(
    app: State<'_, App>,
    file: String,
    errors: Vec<ImportRowError>,
) -> Result<SavedExport, AppError> {
    app.bounded(import::export_errors(&app, &file, &errors))
        .await
}

/// The header and first rows of a sales file, its layout if recognised, and the columns
/// chosen last time for its header.
#[tauri::command]
#[specta::specta]
pub async fn preview_import_file(
    app: State<'_, App>,
    path: String,
) -> Result<FilePreview, AppError> {
    app.bounded(import::preview_file(&app, &path)).await
}
