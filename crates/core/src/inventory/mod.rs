//! Stock and supply planning: each product × location's latest stock count with the
//! policy the last planning run set (`plan`), the item projection with "what if", the
//! items at risk of running out for the dashboard, and replenishment orders (`orders`).
//! Point-in-time, so not part of the dashboard's period figures.

mod model;
mod orders;
mod plan;

pub use model::{
    AdjustmentView, ApprovalLimit, DemandSource, InventoryItem, ItemProjection, OrderAdvice,
    OrderDecision, PlanFigures, PlanSummary, ProjectedWeek, ProjectionRequest, ReplenishmentOrder,
    RiskReasonView,
};
pub use orders::{approval_limit, decide_order, list_orders};
pub use plan::{plan_inventory, HORIZON_WEEKS};

use chrono::NaiveDate;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use sentia_db::inventory as q;
use sentia_db::supply::{self as supply_db, ItemFilter, PlanItemRow};
use sentia_domain::{Permission, StockStatus};
use sentia_planning::{plan_item, AbcClass, PolicyConfig};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::offline::{self, Screen};
use crate::{App, AppError};

/// How many items at risk of running out are listed.
pub const STOCK_RISK_LIST_LEN: i64 = 8;

/// An item (product at a stock location) at risk of running out: its latest stock
/// snapshot is out, critical or low (`sentia_domain::StockStatus`).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
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
    let params = market.clone();
    offline::through_cache(app, Screen::StockRisks, &params, live_risks(app, market)).await
}

async fn live_risks(app: &App, market: Option<String>) -> Result<Vec<StockRisk>, AppError> {
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

fn age_bucket(days: i32) -> &'static str {
    match days {
        ..=30 => "0-30",
        31..=60 => "31-60",
        61..=90 => "61-90",
        _ => "90+",
    }
}

fn inventory_item(r: PlanItemRow) -> Result<InventoryItem, AppError> {
    let unit_cost = r.in_base(r.unit_cost);
    Ok(InventoryItem {
        status: r
            .status
            .parse()
            .map_err(|_| AppError::internal(&format!("unknown stock status {:?}", r.status)))?,
        reasons: r
            .risk_reasons
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default(),
        demand_source: r.demand_source.as_deref().and_then(DemandSource::parse),
        risk_score: (r.risk * Decimal::from(100)).round().to_u8().unwrap_or(0),
        age_bucket: r.average_age_days.map(|d| age_bucket(d).to_owned()),
        product_id: r.product_id,
        sku: r.sku,
        name: r.name,
        market: r.market,
        category: r.category,
        location: r.location_id,
        location_type: r.location_type,
        as_of: r.snapshot_date,
        available: r.available,
        reserved: r.reserved,
        inbound: r.inbound,
        defective: r.defective,
        age_days: r.average_age_days,
        turnover: r.turnover,
        unit_cost,
        abc_class: r.abc_class,
        service_level: r.service_level,
        safety_stock: r.safety_stock,
        reorder_point: r.reorder_point,
        order_quantity: r.reorder_quantity,
        days_of_supply: r.days_of_supply,
        stockout_date: r.stockout_date,
        planning_run_id: r.planning_run_id,
    })
}

/// Every item at its latest stock count with its policy, highest risk first; `market`
/// keeps that market's products.
pub async fn list_items(app: &App, market: Option<String>) -> Result<Vec<InventoryItem>, AppError> {
    let params = market.clone();
    offline::through_cache(app, Screen::Inventory, &params, live_items(app, market)).await
}

async fn live_items(app: &App, market: Option<String>) -> Result<Vec<InventoryItem>, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let filter = ItemFilter {
        market: market.filter(|m| !m.is_empty()),
        ..ItemFilter::default()
    };
    let rows =
        supply_db::items(tx.conn(), crate::dashboard::BASE_CURRENCY.as_str(), &filter).await?;
    tx.commit().await?;
    let mut items = rows
        .into_iter()
        .map(inventory_item)
        .collect::<Result<Vec<_>, _>>()?;
    items.sort_by(|a, b| {
        b.risk_score
            .cmp(&a.risk_score)
            .then_with(|| a.sku.cmp(&b.sku))
            .then_with(|| a.location.cmp(&b.location))
    });
    Ok(items)
}

/// One item's plan and 52-week stock projection, recomputed from the database with the
/// requested lead time and service level (the product's and its class's when absent).
/// Reads only: nothing is saved.
pub async fn item_projection(
    app: &App,
    request: ProjectionRequest,
) -> Result<ItemProjection, AppError> {
    let service_level = match request.service_level {
        Some(level) => {
            let level = level.to_f64().unwrap_or(f64::NAN);
            if !(0.5..1.0).contains(&level) {
                return Err(AppError::validation(
                    "serviceLevel",
                    "a service level is between 50 % and 99.99 %",
                ));
            }
            Some(level)
        }
        None => None,
    };
    if let Some(days) = request.lead_time_days {
        if !(1..=365).contains(&days) {
            return Err(AppError::validation(
                "leadTimeDays",
                "a lead time is between 1 and 365 days",
            ));
        }
    }
    let mut tx = app.transaction(Permission::DashboardView).await?;
    supply_db::plan_for_arguments(tx.conn()).await?;
    let settings = plan::load_settings(tx.conn()).await?;
    let filter = ItemFilter {
        product_id: Some(request.product_id),
        location_id: Some(request.location.clone()),
        market: None,
    };
    let inputs = plan::load_inputs(tx.conn(), &filter).await?;
    tx.commit().await?;
    let row = inputs
        .items
        .first()
        .cloned()
        .ok_or_else(|| AppError::NotFound {
            entity: "stock item".into(),
        })?;
    // The class of the last run; C (the lowest target) before the first run.
    let class = row
        .abc_class
        .as_deref()
        .and_then(|c| c.parse().ok())
        .unwrap_or(AbcClass::C);
    let (item_inputs, source) = plan::item_inputs(
        &inputs,
        &row,
        class,
        &settings,
        request.lead_time_days,
        service_level,
    );
    let computed = plan_item(
        &item_inputs,
        &plan::status_config(&settings),
        &PolicyConfig::default(),
    )
    .map_err(|e| AppError::validation("item", e.to_string()))?;
    Ok(ItemProjection {
        plan: plan::figures(&computed, &item_inputs, source, class),
        weeks: plan::weeks(&computed, &item_inputs),
        item: inventory_item(row)?,
    })
}
