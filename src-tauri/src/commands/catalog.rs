use sentia_core::catalog::{
    self, CatalogEntity, FxImportSummary, FxRate, FxRateInput, FxRateQuery, Market, MarketInput,
    Product, ProductInput, SalesChannel, SalesChannelInput,
};
use sentia_core::{App, AppError};
use sentia_domain::Sensitive;
use tauri::State;
use uuid::Uuid;

/// Every market, by code.
#[tauri::command]
#[specta::specta]
pub async fn list_markets(app: State<'_, App>) -> Result<Vec<Market>, AppError> {
    app.bounded(catalog::list_markets(&app)).await
}

/// Adds a market.
#[tauri::command]
#[specta::specta]
pub async fn create_market(app: State<'_, App>, input: MarketInput) -> Result<Market, AppError> {
    app.bounded(catalog::create_market(&app, input)).await
}

/// Saves an edit of a market made from `version`.
#[tauri::command]
#[specta::specta]
pub async fn update_market(
    app: State<'_, App>,
    id: Uuid,
    version: i32,
    input: MarketInput,
) -> Result<Market, AppError> {
    app.bounded(catalog::update_market(&app, id, version, input))
        .await
}

/// Every product, by SKU.
#[tauri::command]
#[specta::specta]
pub async fn list_products(app: State<'_, App>) -> Result<Vec<Product>, AppError> {
    app.bounded(catalog::list_products(&app)).await
}

/// Adds a product.
#[tauri::command]
#[specta::specta]
pub async fn create_product(app: State<'_, App>, input: ProductInput) -> Result<Product, AppError> {
    app.bounded(catalog::create_product(&app, input)).await
}

/// Saves an edit of a product made from `version`.
#[tauri::command]
#[specta::specta]
pub async fn update_product(
    app: State<'_, App>,
    id: Uuid,
    version: i32,
    input: ProductInput,
) -> Result<Product, AppError> {
    app.bounded(catalog::update_product(&app, id, version, input))
        .await
}

/// Every sales channel, by name.
#[tauri::command]
#[specta::specta]
pub async fn list_channels(app: State<'_, App>) -> Result<Vec<SalesChannel>, AppError> {
    app.bounded(catalog::list_channels(&app)).await
}

/// Adds a sales channel.
#[tauri::command]
#[specta::specta]
pub async fn create_channel(
    app: State<'_, App>,
    input: SalesChannelInput,
) -> Result<SalesChannel, AppError> {
    app.bounded(catalog::create_channel(&app, input)).await
}

/// Saves an edit of a sales channel made from `version`.
#[tauri::command]
#[specta::specta]
pub async fn update_channel(
    app: State<'_, App>,
    id: Uuid,
    version: i32,
    input: SalesChannelInput,
) -> Result<SalesChannel, AppError> {
    app.bounded(catalog::update_channel(&app, id, version, input))
        .await
}

/// Deletes a market, product or channel last seen at `version`; one with history is
/// refused (deactivate it instead).
#[tauri::command]
#[specta::specta]
pub async fn delete_catalog_row(
    app: State<'_, App>,
    entity: CatalogEntity,
    id: Uuid,
    version: i32,
) -> Result<(), AppError> {
    app.bounded(catalog::delete_catalog_row(&app, entity, id, version))
        .await
}

/// Replaces a sales channel's API credentials, or removes them (`null`). They are never
/// returned.
#[tauri::command]
#[specta::specta]
pub async fn set_channel_credentials(
    app: State<'_, App>,
    id: Uuid,
    version: i32,
    credentials: Option<Sensitive>,
) -> Result<SalesChannel, AppError> {
    app.bounded(catalog::set_channel_credentials(
        &app,
        id,
        version,
        credentials,
    ))
    .await
}

/// Exchange rates, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_fx_rates(
    app: State<'_, App>,
    query: FxRateQuery,
) -> Result<Vec<FxRate>, AppError> {
    app.bounded(catalog::list_fx_rates(&app, query)).await
}

/// Adds an exchange rate.
#[tauri::command]
#[specta::specta]
pub async fn create_fx_rate(app: State<'_, App>, input: FxRateInput) -> Result<FxRate, AppError> {
    app.bounded(catalog::create_fx_rate(&app, input)).await
}

/// Saves an edit of an exchange rate made from `version`.
#[tauri::command]
#[specta::specta]
pub async fn update_fx_rate(
    app: State<'_, App>,
    id: Uuid,
    version: i32,
    input: FxRateInput,
) -> Result<FxRate, AppError> {
    app.bounded(catalog::update_fx_rate(&app, id, version, input))
        .await
}

/// Imports exchange rates from a CSV file's text, all or nothing.
#[tauri::command]
#[specta::specta]
pub async fn import_fx_rates_csv(
    app: State<'_, App>,
    file: String,
    content: String,
) -> Result<FxImportSummary, AppError> {
    app.bounded(catalog::import_fx_rates_csv(&app, file, content))
        .await
}
