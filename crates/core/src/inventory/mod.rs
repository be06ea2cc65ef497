//! Stock: the items at risk of running out, from each product × location's latest stock
//! count. Point-in-time, so not part of the dashboard's period figures.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sentia_db::inventory as q;
use sentia_domain::{Permission, StockStatus};
use serde::Serialize;
use uuid::Uuid;

use crate::{App, AppError};

/// How many items at risk of running out are listed.
pub const STOCK_RISK_LIST_LEN: i64 = 8;

/// An item (product at a stock location) at risk of running out: its latest stock
/// snapshot is out, critical or low (`sentia_domain::StockStatus`).
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StockRisk {
    /// Product id.
    pub product_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Stock location, e.g. `FBA-UK`.
    pub location: String,
    /// Date of the stock snapshot.
    pub as_of: NaiveDate,
    /// Out, critical or low.
    pub status: StockStatus,
    /// Units available for sale.
    pub available: i32,
    /// Units on their way.
    pub inbound: i32,
    /// Reorder point, units.
    pub reorder_point: i32,
    /// Days of demand the stock covers; `None` without demand.
    pub days_of_cover: Option<i32>,
    /// Probability of running out within the lead time, 0..1.
    pub risk: Decimal,
}

/// The items most at risk of running out (out, critical or low at their latest stock
/// count), highest risk first; `market` keeps that market's products.
pub async fn stock_risks(app: &App, market: Option<String>) -> Result<Vec<StockRisk>, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let market = market.filter(|m| !m.is_empty());
    let rows = q::stock_risks(tx.conn(), market.as_deref(), STOCK_RISK_LIST_LEN).await?;
    tx.commit().await?;
    rows.into_iter().map(stock_risk).collect()
}

fn stock_risk(r: q::StockRiskRow) -> Result<StockRisk, AppError> {
    Ok(StockRisk {
        status: r
            .status
            .parse()
            .map_err(|_| AppError::internal(&format!("unknown stock status {:?}", r.status)))?,
        product_id: r.product_id,
        sku: r.sku,
        name: r.name,
        location: r.location_id,
        as_of: r.snapshot_date,
        available: r.available,
        inbound: r.inbound,
        reorder_point: r.reorder_point,
        days_of_cover: r.days_of_supply,
        risk: r.risk,
    })
}
