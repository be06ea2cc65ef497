//! Products (one row per regional SKU).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sentia_domain::{Currency, ProductCategory};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::{parse_column, written, Entity, Versioned};
use crate::DbError;

/// A product as stored, with what the catalog screen shows beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductRow {
    /// Product id.
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
    /// Shipping weight.
    pub weight_kg: Option<Decimal>,
    /// "LxWxH" in centimetres.
    pub dimensions_cm: Option<String>,
    /// Machine hours per batch.
    pub production_time_hours: Decimal,
    /// Smallest batch.
    pub batch_size_min: i32,
    /// Largest batch.
    pub batch_size_max: i32,
    /// Production lead time.
    pub lead_time_days: i32,
    /// Shelf life, when it has one.
    pub shelf_life_days: Option<i32>,
    /// Label language, claims, approvals, HS code (a JSON object).
    pub compliance_data: serde_json::Value,
    /// Offered (inactive products leave the pickers but keep their history).
    pub is_active: bool,
    /// Sales refer to it, so it cannot be deleted.
    pub has_sales: bool,
    /// Optimistic-concurrency version.
    pub row_version: i32,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Who made the last change, as a name to show.
    pub updated_by: Option<String>,
}

/// The columns an editor sets, already checked by core.
#[derive(Debug, Clone)]
pub struct ProductFields<'a> {
    /// SKU code.
    pub sku: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Product line.
    pub category: ProductCategory,
    /// Market code.
    pub market_region: &'a str,
    /// Manufacturing cost.
    pub unit_cost: Decimal,
    /// List price.
    pub selling_price: Decimal,
    /// Shipping weight.
    pub weight_kg: Option<Decimal>,
    /// "LxWxH".
    pub dimensions_cm: Option<&'a str>,
    /// Machine hours per batch.
    pub production_time_hours: Decimal,
    /// Smallest batch.
    pub batch_size_min: i32,
    /// Largest batch.
    pub batch_size_max: i32,
    /// Lead time.
    pub lead_time_days: i32,
    /// Shelf life.
    pub shelf_life_days: Option<i32>,
    /// A JSON object.
    pub compliance_data: serde_json::Value,
    /// Offered.
    pub is_active: bool,
}

const ENTITY: Entity = Entity::Product;

/// Every product by SKU, or the one with `only`.
async fn select(ex: impl PgExecutor<'_>, only: Option<Uuid>) -> Result<Vec<ProductRow>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT p.id, p.sku, p.name, p.category, p.market_region, m.currency_code, p.unit_cost,
                  p.selling_price, p.weight_kg, p.dimensions_cm, p.production_time_hours,
                  p.batch_size_min, p.batch_size_max, p.lead_time_days, p.shelf_life_days,
                  p.compliance_data, p.is_active, p.row_version, p.updated_at,
                  EXISTS (SELECT 1 FROM historical_sales s WHERE s.product_id = p.id) AS "has_sales!",
                  sentia_user_label(p.updated_by) AS "updated_by_name?"
           FROM products p JOIN markets m ON m.code = p.market_region
           WHERE $1::uuid IS NULL OR p.id = $1
           ORDER BY p.sku"#,
        only
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
                weight_kg: r.weight_kg,
                dimensions_cm: r.dimensions_cm,
                production_time_hours: r.production_time_hours,
                batch_size_min: r.batch_size_min,
                batch_size_max: r.batch_size_max,
                lead_time_days: r.lead_time_days,
                shelf_life_days: r.shelf_life_days,
                compliance_data: r.compliance_data,
                is_active: r.is_active,
                has_sales: r.has_sales,
                row_version: r.row_version,
                updated_at: r.updated_at,
                updated_by: r.updated_by_name,
            })
        })
        .collect()
}

/// Every product, by SKU.
pub async fn products(ex: impl PgExecutor<'_>) -> Result<Vec<ProductRow>, DbError> {
    select(ex, None).await
}

/// One product.
pub async fn get(ex: impl PgExecutor<'_>, id: Uuid) -> Result<ProductRow, DbError> {
    select(ex, Some(id)).await?.pop().ok_or(DbError::NotFound {
        entity: ENTITY.name(),
    })
}

/// Adds a product; returns its id.
pub async fn insert(conn: &mut PgConnection, f: &ProductFields<'_>) -> Result<Uuid, DbError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO products (sku, name, category, market_region, unit_cost, selling_price,
                               weight_kg, dimensions_cm, production_time_hours, batch_size_min,
                               batch_size_max, lead_time_days, shelf_life_days, compliance_data,
                               is_active)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING id",
        f.sku,
        f.name,
        f.category.as_str(),
        f.market_region,
        f.unit_cost,
        f.selling_price,
        f.weight_kg,
        f.dimensions_cm,
        f.production_time_hours,
        f.batch_size_min,
        f.batch_size_max,
        f.lead_time_days,
        f.shelf_life_days,
        &f.compliance_data,
        f.is_active
    )
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Saves an edit made from `expected_version`.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    f: &ProductFields<'_>,
) -> Result<Versioned, DbError> {
    let saved = sqlx::query_scalar!(
        "UPDATE products SET sku = $3, name = $4, category = $5, market_region = $6,
                unit_cost = $7, selling_price = $8, weight_kg = $9, dimensions_cm = $10,
                production_time_hours = $11, batch_size_min = $12, batch_size_max = $13,
                lead_time_days = $14, shelf_life_days = $15, compliance_data = $16,
                is_active = $17
         WHERE id = $1 AND row_version = $2
         RETURNING id",
        id,
        expected_version,
        f.sku,
        f.name,
        f.category.as_str(),
        f.market_region,
        f.unit_cost,
        f.selling_price,
        f.weight_kg,
        f.dimensions_cm,
        f.production_time_hours,
        f.batch_size_min,
        f.batch_size_max,
        f.lead_time_days,
        f.shelf_life_days,
        &f.compliance_data,
        f.is_active
    )
    .fetch_optional(&mut *conn)
    .await?;
    written(conn, ENTITY, id, expected_version, saved).await
}

/// Every SKU, for suggesting the closest to one that matches none.
pub async fn skus(ex: impl sqlx::PgExecutor<'_>) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar!("SELECT sku FROM products ORDER BY sku")
        .fetch_all(ex)
        .await?)
}
