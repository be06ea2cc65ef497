use sentia_core::production::{self, CapacityView, ProductionJob};
use sentia_core::{App, AppError};
use sentia_domain::{JobStatus, ResourceStatus};
use tauri::State;
use uuid::Uuid;

/// Jobs planned in the next `weeks` weeks and every job not yet finished.
#[tauri::command]
#[specta::specta]
pub async fn list_production_jobs(
    app: State<'_, App>,
    weeks: u32,
) -> Result<Vec<ProductionJob>, AppError> {
    app.bounded(production::list_jobs(&app, weeks)).await
}

/// Starts, completes or cancels a job.
#[tauri::command]
#[specta::specta]
pub async fn move_production_job(
    app: State<'_, App>,
    id: Uuid,
    to: JobStatus,
) -> Result<ProductionJob, AppError> {
    app.bounded(production::move_job(&app, id, to)).await
}

/// Each resource's weekly load against its capacity.
#[tauri::command]
#[specta::specta]
pub async fn production_capacity(
    app: State<'_, App>,
    weeks: u32,
) -> Result<CapacityView, AppError> {
    app.bounded(production::capacity(&app, weeks)).await
}

/// Puts a resource into maintenance, takes it offline or makes it available.
#[tauri::command]
#[specta::specta]
pub async fn set_resource_status(
    app: State<'_, App>,
    id: Uuid,
    status: ResourceStatus,
) -> Result<(), AppError> {
    app.bounded(production::set_resource_status(&app, id, status))
        .await
}
