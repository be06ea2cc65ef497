use sentia_core::working_capital::{self, CashProjection, CashRequest};
use sentia_core::{App, AppError};
use tauri::State;

/// The company's cash and working capital, month by month, under a scenario and drivers.
#[tauri::command]
#[specta::specta]
pub async fn project_cash(
    app: State<'_, App>,
    request: CashRequest,
) -> Result<CashProjection, AppError> {
    app.bounded(working_capital::project(&app, request)).await
}

/// The scenarios a projection can start from.
#[tauri::command]
#[specta::specta]
pub async fn cash_scenarios(app: State<'_, App>) -> Result<Vec<String>, AppError> {
    app.authorise(sentia_domain::Permission::WorkingCapitalView)?;
    Ok(working_capital::scenario_names())
}
