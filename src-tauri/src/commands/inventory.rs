use sentia_core::inventory::{
    self, ApprovalLimit, InventoryItem, ItemProjection, OrderDecision, PlanSummary,
    ProjectionRequest, ReplenishmentOrder, StockRisk,
};
use sentia_core::{App, AppError};
use sentia_domain::ReplenishmentStatus;
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

/// Every item at its latest stock count with its policy, highest risk first.
#[tauri::command]
#[specta::specta]
pub async fn list_inventory(
    app: State<'_, App>,
    market: Option<String>,
) -> Result<Vec<InventoryItem>, AppError> {
    app.bounded(inventory::list_items(&app, market)).await
}

/// Plans every item and writes the policy and draft orders.
#[tauri::command]
#[specta::specta]
pub async fn plan_inventory(app: State<'_, App>) -> Result<PlanSummary, AppError> {
    app.bounded(inventory::plan_inventory(&app)).await
}

/// One item's plan and projection, with "what if" lead time and service level.
#[tauri::command]
#[specta::specta]
pub async fn inventory_projection(
    app: State<'_, App>,
    request: ProjectionRequest,
) -> Result<ItemProjection, AppError> {
    app.bounded(inventory::item_projection(&app, request)).await
}

/// Replenishment orders; `status` keeps one state.
#[tauri::command]
#[specta::specta]
pub async fn list_replenishment_orders(
    app: State<'_, App>,
    status: Option<ReplenishmentStatus>,
) -> Result<Vec<ReplenishmentOrder>, AppError> {
    app.bounded(inventory::list_orders(&app, status)).await
}

/// Submits, approves or rejects a replenishment order.
#[tauri::command]
#[specta::specta]
pub async fn decide_replenishment_order(
    app: State<'_, App>,
    decision: OrderDecision,
) -> Result<ReplenishmentOrder, AppError> {
    app.bounded(inventory::decide_order(&app, decision)).await
}

/// What the signed-in user may approve.
#[tauri::command]
#[specta::specta]
pub async fn my_approval_limit(app: State<'_, App>) -> Result<ApprovalLimit, AppError> {
    app.bounded(inventory::approval_limit(&app)).await
}
