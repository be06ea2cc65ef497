use sentia_core::working_capital::{
    self, CashProjection, CashRequest, ProductsCash, Reproduction, SavedProjection, Sensitivity,
};
use sentia_core::{App, AppError};
use tauri::State;
use uuid::Uuid;

/// The company's cash and working capital, month by month, under a scenario and drivers.
#[tauri::command]
#[specta::specta]
pub async fn project_cash(
    app: State<'_, App>,
    request: CashRequest,
) -> Result<CashProjection, AppError> {
    app.bounded(working_capital::project(&app, request)).await
}

/// The scenarios a projection can start from: the named ones, then the saved ones.
#[tauri::command]
#[specta::specta]
pub async fn cash_scenarios(app: State<'_, App>) -> Result<Vec<String>, AppError> {
    app.bounded(working_capital::scenarios(&app)).await
}

/// Saves the projection of a request under a name, with the inputs it read.
#[tauri::command]
#[specta::specta]
pub async fn save_cash_projection(
    app: State<'_, App>,
    name: String,
    request: CashRequest,
) -> Result<SavedProjection, AppError> {
    app.bounded(working_capital::save(&app, &name, request))
        .await
}

/// The saved projections, newest first.
#[tauri::command]
#[specta::specta]
pub async fn saved_cash_projections(app: State<'_, App>) -> Result<Vec<SavedProjection>, AppError> {
    app.bounded(working_capital::saved_projections(&app)).await
}

/// A saved projection computed again from its recorded inputs, against what happened.
#[tauri::command]
#[specta::specta]
pub async fn reproduce_cash_projection(
    app: State<'_, App>,
    id: Uuid,
) -> Result<Reproduction, AppError> {
    app.bounded(working_capital::reproduce(&app, id)).await
}

/// Deletes a saved projection: the user's own, or any for an admin.
#[tauri::command]
#[specta::specta]
pub async fn delete_cash_projection(app: State<'_, App>, id: Uuid) -> Result<(), AppError> {
    app.bounded(working_capital::delete_saved(&app, id)).await
}

/// Each driver moved a step down and up, by how far it moves the company's lowest cash.
#[tauri::command]
#[specta::specta]
pub async fn cash_sensitivity(
    app: State<'_, App>,
    request: CashRequest,
) -> Result<Sensitivity, AppError> {
    app.bounded(working_capital::sensitivity(&app, request))
        .await
}

/// Each product's sales and cost of sales period by period on the request's scenario.
#[tauri::command]
#[specta::specta]
pub async fn cash_by_product(
    app: State<'_, App>,
    request: CashRequest,
) -> Result<ProductsCash, AppError> {
    app.bounded(working_capital::by_product(&app, request))
        .await
}
