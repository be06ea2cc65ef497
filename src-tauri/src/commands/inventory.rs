use sentia_core::inventory::{self, StockRisk};
use sentia_core::{App, AppError};
use tauri::State;

/// The items most at risk of running out, highest risk first; `market` narrows them.
#[tauri::command]
#[specta::specta]
pub async fn get_stock_risks(
    app: State<'_, App>,
    market: Option<String>,
) -> Result<Vec<StockRisk>, AppError> {
    app.bounded(inventory::stock_risks(&app, market)).await
}
