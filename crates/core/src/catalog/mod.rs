//! The catalog: markets, products and sales channels. Everyone signed in reads it; only
//! `catalog.manage` changes it (admins and managers), and the database's policies say the
//! same. Each edit names the version it started from, so a second editor's save is refused
//! with who changed the row and when, never applied over the first. The database audits
//! every change in the same transaction.

use sentia_db::catalog::{self, edit, Entity, Versioned};
use sentia_domain::{Permission, Sensitive};
use uuid::Uuid;

use crate::{App, AppError};

mod constraints;
mod credentials;
mod fx;
mod model;
mod validate;

pub(crate) use constraints::CONSTRAINTS;
pub(crate) use fx::rate_on;
pub use fx::{
    create_fx_rate, import_fx_rates_csv, list_fx_rates, update_fx_rate, FxImportSummary, FxRate,
    FxRateInput, FxRateQuery, RateUsed,
};
pub use model::{
    Market, MarketInput, Product, ProductInput, RowStamp, SalesChannel, SalesChannelInput,
};

/// Reading the catalog: every role sees the dashboard it feeds.
const READ: Permission = Permission::DashboardView;
const WRITE: Permission = Permission::CatalogManage;

/// A versioned write that found the row changed, as the error the screen shows.
pub(crate) fn written(outcome: Versioned, entity: &str) -> Result<(), AppError> {
    match outcome {
        Versioned::Done => Ok(()),
        Versioned::Stale(last) => Err(AppError::Stale {
            entity: entity.to_owned(),
            changed_by: last.by,
            changed_at: last.at,
        }),
    }
}

/// Every market, by code.
pub async fn list_markets(app: &App) -> Result<Vec<Market>, AppError> {
    let mut tx = app.transaction(READ).await?;
    let rows = catalog::markets(tx.conn()).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(Market::from).collect())
}

/// Adds a market.
pub async fn create_market(app: &App, input: MarketInput) -> Result<Market, AppError> {
    let auth = app.authorise(WRITE)?;
    let fields = validate::market(&input)?;
    let mut tx = app.begin(auth).await?;
    let id = edit::insert_market(tx.conn(), &fields).await?;
    let saved = edit::market(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved.into())
}

/// Saves an edit of the market at `version`.
pub async fn update_market(
    app: &App,
    id: Uuid,
    version: i32,
    input: MarketInput,
) -> Result<Market, AppError> {
    let auth = app.authorise(WRITE)?;
    let fields = validate::market(&input)?;
    let mut tx = app.begin(auth).await?;
    written(
        edit::update_market(tx.conn(), id, version, &fields).await?,
        "market",
    )?;
    let saved = edit::market(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved.into())
}

/// Every product, by SKU.
pub async fn list_products(app: &App) -> Result<Vec<Product>, AppError> {
    let mut tx = app.transaction(READ).await?;
    let rows = catalog::products(tx.conn()).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(Product::from).collect())
}

/// Adds a product.
pub async fn create_product(app: &App, input: ProductInput) -> Result<Product, AppError> {
    let auth = app.authorise(WRITE)?;
    let fields = validate::product(&input)?;
    let mut tx = app.begin(auth).await?;
    let id = edit::insert_product(tx.conn(), &fields).await?;
    let saved = edit::product(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved.into())
}

/// Saves an edit of the product at `version`.
pub async fn update_product(
    app: &App,
    id: Uuid,
    version: i32,
    input: ProductInput,
) -> Result<Product, AppError> {
    let auth = app.authorise(WRITE)?;
    let fields = validate::product(&input)?;
    let mut tx = app.begin(auth).await?;
    written(
        edit::update_product(tx.conn(), id, version, &fields).await?,
        "product",
    )?;
    let saved = edit::product(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved.into())
}

/// Every sales channel, by name.
pub async fn list_channels(app: &App) -> Result<Vec<SalesChannel>, AppError> {
    let mut tx = app.transaction(READ).await?;
    let rows = catalog::channels(tx.conn()).await?;
    tx.commit().await?;
    Ok(rows.into_iter().map(SalesChannel::from).collect())
}

/// Adds a sales channel.
pub async fn create_channel(app: &App, input: SalesChannelInput) -> Result<SalesChannel, AppError> {
    let auth = app.authorise(WRITE)?;
    let fields = validate::channel(&input)?;
    let mut tx = app.begin(auth).await?;
    let id = edit::insert_channel(tx.conn(), &fields).await?;
    let saved = edit::channel(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved.into())
}

/// Saves an edit of the sales channel at `version`.
pub async fn update_channel(
    app: &App,
    id: Uuid,
    version: i32,
    input: SalesChannelInput,
) -> Result<SalesChannel, AppError> {
    let auth = app.authorise(WRITE)?;
    let fields = validate::channel(&input)?;
    let mut tx = app.begin(auth).await?;
    written(
        edit::update_channel(tx.conn(), id, version, &fields).await?,
        "sales channel",
    )?;
    let saved = edit::channel(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved.into())
}

/// Replaces a sales channel's API credentials, or removes them (`None`). They are sealed
/// with the keychain's key before they reach the database and are never sent back; the
/// audit log records that they changed, not their value.
pub async fn set_channel_credentials(
    app: &App,
    id: Uuid,
    version: i32,
    credentials: Option<Sensitive>,
) -> Result<SalesChannel, AppError> {
    let auth = app.authorise(WRITE)?;
    let sealed = match &credentials {
        None => None,
        Some(c) if c.expose().trim().is_empty() => {
            return Err(AppError::validation(
                "credentials",
                "required (Remove clears them)",
            ))
        }
        Some(c) if c.expose().len() > 16_384 => {
            return Err(AppError::validation("credentials", "at most 16 KB"))
        }
        Some(c) => Some(credentials::seal(
            &credentials::key(app.secrets())?,
            id,
            c.expose(),
        )?),
    };
    let mut tx = app.begin(auth).await?;
    written(
        edit::set_channel_credentials(tx.conn(), id, version, sealed.as_deref()).await?,
        "sales channel",
    )?;
    let saved = edit::channel(tx.conn(), id).await?;
    tx.commit().await?;
    Ok(saved.into())
}

/// What a delete names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum CatalogEntity {
    /// A market.
    Market,
    /// A product.
    Product,
    /// A sales channel.
    Channel,
    /// An exchange rate.
    FxRate,
}

/// Deletes a catalog row last seen at `version`. One with history (sales, stock,
/// production, or a market with products) is refused with advice to deactivate it.
pub async fn delete_catalog_row(
    app: &App,
    entity: CatalogEntity,
    id: Uuid,
    version: i32,
) -> Result<(), AppError> {
    let (table, name) = match entity {
        CatalogEntity::Market => (Entity::Market, "market"),
        CatalogEntity::Product => (Entity::Product, "product"),
        CatalogEntity::Channel => (Entity::Channel, "sales channel"),
        CatalogEntity::FxRate => (Entity::FxRate, "exchange rate"),
    };
    let mut tx = app.transaction(WRITE).await?;
    written(catalog::delete(tx.conn(), table, id, version).await?, name)?;
    tx.commit().await
}
