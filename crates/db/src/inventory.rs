//! Stock levels: the snapshots in `inventory_levels`, read for the screens.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// An item whose latest stock snapshot is out, critical or low.
#[derive(Debug, Clone)]
pub struct StockRiskRow {
    /// Product id.
    pub product_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Stock location.
    pub location_id: String,
    /// Date of the snapshot.
    pub snapshot_date: NaiveDate,
    /// Units available for sale.
    pub available: i32,
    /// Units on their way.
    pub inbound: i32,
    /// Reorder point, units.
    pub reorder_point: i32,
    /// Days the stock covers; `None` without demand.
    pub days_of_supply: Option<i32>,
    /// `out`, `critical` or `low`.
    pub status: String,
    /// Probability of a stock-out within the lead time, 0..1.
    pub risk: Decimal,
}

/// The `n` items most at risk of running out, from each product × location's latest
/// snapshot whose status is out, critical or low, highest risk first; a market filter
/// keeps that market's products.
pub async fn stock_risks(
    ex: impl PgExecutor<'_>,
    market: Option<&str>,
    n: i64,
) -> Result<Vec<StockRiskRow>, DbError> {
    Ok(sqlx::query_as!(
        StockRiskRow,
        r#"SELECT p.id AS "product_id!", p.sku AS "sku!", p.name AS "name!",
                  l.location_id AS "location_id!", l.snapshot_date AS "snapshot_date!",
                  l.available_quantity AS "available!", l.inbound_quantity AS "inbound!",
                  l.reorder_point AS "reorder_point!", l.days_of_supply,
                  l.stock_status AS "status!", l.risk_score AS "risk!"
           FROM inventory_levels l
           JOIN (
             SELECT DISTINCT ON (product_id, location_id) id
             FROM inventory_levels
             ORDER BY product_id, location_id, snapshot_date DESC
           ) latest ON latest.id = l.id
           JOIN products p ON p.id = l.product_id
           WHERE l.stock_status IN ('out', 'critical', 'low')
             AND ($1::text IS NULL OR p.market_region = $1)
           ORDER BY l.risk_score DESC, l.days_of_supply NULLS LAST, p.sku, l.location_id
           LIMIT $2"#,
        market,
        n
    )
    .fetch_all(ex)
    .await?)
}
