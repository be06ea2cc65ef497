//! Markets, products and sales channels: the catalogue, read as typed rows.

use rust_decimal::Decimal;
use sentia_domain::{ChannelType, Currency, FulfillmentMethod, ProductCategory};
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// Parses a column that a CHECK constraint limits to the enum's values; a mismatch means
/// the schema and this build disagree, which is reported rather than guessed around.
pub(crate) fn parse_column<T: std::str::FromStr>(
    column: &'static str,
    value: &str,
) -> Result<T, DbError>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e: T::Err| DbError::Decode {
        column,
        message: e.to_string(),
    })
}

/// A market.
#[derive(Debug, Clone, PartialEq)]
pub struct MarketRow {
    /// Key.
    pub id: Uuid,
    /// UK, EU, USA.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Trading currency.
    pub currency: Currency,
    /// VAT / sales-tax rate.
    pub tax_rate: Decimal,
    /// Standard delivery days.
    pub standard_shipping_days: i32,
    /// Express delivery days.
    pub express_shipping_days: i32,
}

/// Every market, by code.
pub async fn markets(ex: impl PgExecutor<'_>) -> Result<Vec<MarketRow>, DbError> {
    let rows = sqlx::query!(
        "SELECT id, code, name, currency_code, tax_rate, standard_shipping_days, express_shipping_days
         FROM markets ORDER BY code"
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(MarketRow {
                id: r.id,
                code: r.code,
                name: r.name,
                currency: parse_column("markets.currency_code", &r.currency_code)?,
                tax_rate: r.tax_rate,
                standard_shipping_days: r.standard_shipping_days,
                express_shipping_days: r.express_shipping_days,
            })
        })
        .collect()
}

/// A product (regional SKU).
#[derive(Debug, Clone, PartialEq)]
pub struct ProductRow {
    /// Key.
    pub id: Uuid,
    /// SKU code.
    pub sku: String,
    /// Display name.
    pub name: String,
    /// Product line.
    pub category: ProductCategory,
    /// Market code.
    pub market_region: String,
    /// Currency of the prices (the market's).
    pub currency: Currency,
    /// Manufacturing cost.
    pub unit_cost: Decimal,
    /// List price, excluding tax.
    pub selling_price: Decimal,
    /// Production lead time.
    pub lead_time_days: i32,
    /// Smallest batch.
    pub batch_size_min: i32,
    /// Largest batch.
    pub batch_size_max: i32,
    /// Active in the catalogue.
    pub is_active: bool,
}

/// Every product, by SKU.
pub async fn products(ex: impl PgExecutor<'_>) -> Result<Vec<ProductRow>, DbError> {
    let rows = sqlx::query!(
        "SELECT p.id, p.sku, p.name, p.category, p.market_region, m.currency_code, p.unit_cost,
                p.selling_price, p.lead_time_days, p.batch_size_min, p.batch_size_max, p.is_active
         FROM products p JOIN markets m ON m.code = p.market_region
         ORDER BY p.sku"
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ProductRow {
                id: r.id,
                sku: r.sku,
                name: r.name,
                category: parse_column("products.category", &r.category)?,
                market_region: r.market_region,
                currency: parse_column("markets.currency_code", &r.currency_code)?,
                unit_cost: r.unit_cost,
                selling_price: r.selling_price,
                lead_time_days: r.lead_time_days,
                batch_size_min: r.batch_size_min,
                batch_size_max: r.batch_size_max,
                is_active: r.is_active,
            })
        })
        .collect()
}

/// Changes a product's cost and price (in its market's currency).
pub async fn set_product_pricing(
    ex: impl PgExecutor<'_>,
    product_id: Uuid,
    unit_cost: Decimal,
    selling_price: Decimal,
    acting_user: Option<Uuid>,
) -> Result<(Decimal, Decimal), DbError> {
    let row = sqlx::query!(
        "UPDATE products SET unit_cost = $2, selling_price = $3, updated_by = $4 WHERE id = $1
         RETURNING unit_cost, selling_price",
        product_id,
        unit_cost,
        selling_price,
        acting_user
    )
    .fetch_optional(ex)
    .await?
    .ok_or(DbError::NotFound { entity: "product" })?;
    Ok((row.unit_cost, row.selling_price))
}

/// A sales channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelRow {
    /// Key.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Amazon or Shopify.
    pub channel_type: ChannelType,
    /// Market code.
    pub market_code: String,
    /// Commission on net revenue.
    pub commission_rate: Decimal,
    /// Who ships.
    pub fulfillment_method: FulfillmentMethod,
    /// Days from sale to cash.
    pub payment_terms_days: i32,
}

/// Every sales channel, by name.
pub async fn channels(ex: impl PgExecutor<'_>) -> Result<Vec<ChannelRow>, DbError> {
    let rows = sqlx::query!(
        "SELECT id, name, channel_type, market_code, commission_rate, fulfillment_method, payment_terms_days
         FROM sales_channels ORDER BY name"
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ChannelRow {
                id: r.id,
                name: r.name,
                channel_type: parse_column("sales_channels.channel_type", &r.channel_type)?,
                market_code: r.market_code,
                commission_rate: r.commission_rate,
                fulfillment_method: parse_column(
                    "sales_channels.fulfillment_method",
                    &r.fulfillment_method,
                )?,
                payment_terms_days: r.payment_terms_days,
            })
        })
        .collect()
}
