//! What the inventory use cases take and return.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sentia_domain::{ReplenishmentStatus, StockStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where an item's demand came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum DemandSource {
    /// Approved forecasts of the channels that ship from the location.
    ApprovedForecast,
    /// Live forecasts, not (all) approved yet.
    Forecast,
    /// No forecast: the last 13 weeks of sales, as a flat rate.
    RecentSales,
    /// Neither forecasts nor sales.
    None,
}

impl DemandSource {
    /// The column text.
    pub fn as_str(self) -> &'static str {
        match self {
            DemandSource::ApprovedForecast => "approved_forecast",
            DemandSource::Forecast => "forecast",
            DemandSource::RecentSales => "recent_sales",
            DemandSource::None => "none",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        [
            DemandSource::ApprovedForecast,
            DemandSource::Forecast,
            DemandSource::RecentSales,
            DemandSource::None,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// One reason behind an item's risk.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RiskReasonView {
    /// What it is about, e.g. `projected_stockout`.
    pub kind: String,
    /// Points it adds to the 0–100 score.
    pub points: u8,
    /// In words, with dates and quantities.
    pub message: String,
}

/// A product at a stock location: its latest stock count and the policy the last
/// planning run set for it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct InventoryItem {
    /// Product.
    pub product_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Market.
    pub market: String,
    /// Category.
    pub category: String,
    /// Stock location, e.g. `FBA-UK-BHX4`.
    pub location: String,
    /// warehouse, fba or 3pl.
    pub location_type: String,
    /// Date of the stock count.
    pub as_of: NaiveDate,
    /// Units available for sale.
    pub available: i32,
    /// Units reserved for orders.
    pub reserved: i32,
    /// Units on their way.
    pub inbound: i32,
    /// Damaged units.
    pub defective: i32,
    /// Average age of the stock, days.
    pub age_days: Option<i32>,
    /// Which age bucket the average age falls in: 0–30, 31–60, 61–90, 90+.
    pub age_bucket: Option<String>,
    /// Inventory turns a year.
    pub turnover: Option<Decimal>,
    /// Unit cost, base currency.
    pub unit_cost: Option<Decimal>,
    /// A, B or C by revenue.
    pub abc_class: Option<String>,
    /// Target cycle service level (probability of no stock-out in a cycle).
    pub service_level: Option<Decimal>,
    /// Safety stock, units.
    pub safety_stock: i32,
    /// Reorder point, units.
    pub reorder_point: i32,
    /// Economic order quantity after lot rules, units.
    pub order_quantity: i32,
    /// Days the stock on hand lasts against the forecast; `None` without demand.
    pub days_of_supply: Option<i32>,
    /// Status.
    pub status: StockStatus,
    /// Risk 0–100.
    pub risk_score: u8,
    /// First day the projection cannot serve demand.
    pub stockout_date: Option<NaiveDate>,
    /// Why, most serious first.
    pub reasons: Vec<RiskReasonView>,
    /// Where its demand came from; `None` before the first planning run.
    pub demand_source: Option<DemandSource>,
    /// The run that set the policy.
    pub planning_run_id: Option<Uuid>,
}

/// What a planning run did.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanSummary {
    /// The run.
    pub run_id: Uuid,
    /// Items planned.
    pub items: u32,
    /// Draft orders recommended.
    pub orders: u32,
    /// Items out, critical or low.
    pub at_risk: u32,
    /// Orders cut to fit the bottling capacity or the order budget.
    pub cut: u32,
    /// Orders deferred (nothing fits this window).
    pub deferred: u32,
    /// Items by demand source: approved forecast, forecast, recent sales, none.
    pub by_source: Vec<(DemandSource, u32)>,
    /// How long it took, ms.
    pub elapsed_ms: u32,
    /// What could not be planned as asked, in words.
    pub warnings: Vec<String>,
}

/// One item, optionally with other lead time and service level ("what if").
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectionRequest {
    /// Product.
    pub product_id: Uuid,
    /// Stock location.
    pub location: String,
    /// Lead time to plan with, days; the product's when absent.
    pub lead_time_days: Option<u32>,
    /// Cycle service level to plan with; the item's class level when absent.
    pub service_level: Option<Decimal>,
}

/// One week of an item's projection.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectedWeek {
    /// First day of the week.
    pub week_start: NaiveDate,
    /// Stock at the end of the week (on hand + inbound received − forecast demand).
    pub stock: f64,
    /// 80 % band of that stock from the forecast's error spread: low.
    pub stock_low80: f64,
    /// 80 % band: high.
    pub stock_high80: f64,
    /// Forecast demand in the week.
    pub demand: f64,
    /// Stock received in the week.
    pub receipts: f64,
    /// Demand that stock could not serve.
    pub unmet: f64,
}

/// An adjustment of an order's quantity, as the decision record shows it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AdjustmentView {
    /// Quantity before.
    pub before: Decimal,
    /// Quantity after.
    pub after: Decimal,
    /// Code, e.g. `rounded_to_lot`.
    pub reason: String,
    /// In words.
    pub explanation: String,
    /// Change in spend, base currency.
    pub cost_impact: Decimal,
}

/// An item's plan: the figures and the reasons behind them (the decision record).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanFigures {
    /// Lead time planned with, days.
    pub lead_time_days: u32,
    /// Its standard deviation, days.
    pub lead_time_sd_days: f64,
    /// Target cycle service level.
    pub service_level: f64,
    /// ABC class the target came from.
    pub abc_class: String,
    /// Where the demand came from.
    pub demand_source: DemandSource,
    /// Forecast demand over the next year, units.
    pub annual_demand: f64,
    /// Standard deviation of one week's forecast error, units.
    pub weekly_error_sd: f64,
    /// Mean demand over the lead time, units.
    pub lead_time_demand: f64,
    /// Its standard deviation, units.
    pub lead_time_demand_sd: f64,
    /// normal, poisson or negative_binomial.
    pub distribution: String,
    /// Safety stock, units.
    pub safety_stock: Decimal,
    /// Reorder point, units.
    pub reorder_point: Decimal,
    /// Cycle service level the reorder point achieves.
    pub cycle_service_level: f64,
    /// Fill rate it achieves with the order quantity.
    pub fill_rate: Option<f64>,
    /// EOQ after lot rules, units.
    pub order_quantity: Decimal,
    /// Status.
    pub status: StockStatus,
    /// Risk 0–100.
    pub risk_score: u8,
    /// Why.
    pub reasons: Vec<RiskReasonView>,
    /// Days of supply (the horizon when it lasts beyond it).
    pub days_of_supply: f64,
    /// The stock outlasts the horizon.
    pub beyond_horizon: bool,
    /// First day of unmet demand.
    pub stockout_date: Option<NaiveDate>,
    /// Demand the projection cannot serve over its 52 weeks without a new order, units.
    pub unmet_units: f64,
    /// The order to place, if one is due in the order window.
    pub order: Option<OrderAdvice>,
}

/// The order an item needs.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderAdvice {
    /// Units.
    pub quantity: Decimal,
    /// Place it by.
    pub order_by: NaiveDate,
    /// It arrives.
    pub need_by: NaiveDate,
    /// Value, base currency.
    pub value: Decimal,
    /// Quantity before lot rules.
    pub requested: Decimal,
    /// Lot-rule adjustments.
    pub adjustments: Vec<AdjustmentView>,
}

/// An item's projection, as stored and under the what-if inputs.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ItemProjection {
    /// The item as the last run left it.
    pub item: InventoryItem,
    /// The plan under the requested lead time and service level.
    pub plan: PlanFigures,
    /// 52 weeks of projected stock.
    pub weeks: Vec<ProjectedWeek>,
}

/// A replenishment order.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ReplenishmentOrder {
    /// Id.
    pub id: Uuid,
    /// RO-000123.
    pub order_number: String,
    /// Product.
    pub product_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Product name.
    pub name: String,
    /// Stock location.
    pub location: String,
    /// Units.
    pub quantity: i32,
    /// Unit cost, base currency.
    pub unit_cost: Decimal,
    /// Value, base currency.
    pub value: Decimal,
    /// Place it by.
    pub order_by: NaiveDate,
    /// It arrives.
    pub need_by: NaiveDate,
    /// Workflow state.
    pub status: ReplenishmentStatus,
    /// The plan behind it, as recorded by the run.
    pub decision: Option<PlanFigures>,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// When.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<DateTime<Utc>>,
    /// The approver's comment.
    pub comment: Option<String>,
    /// Its production job.
    pub job_number: Option<String>,
    /// Version the screen saw.
    pub row_version: i32,
}

/// A move of an order along its workflow.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OrderDecision {
    /// The order.
    pub id: Uuid,
    /// The version the screen showed.
    pub row_version: i32,
    /// Submitted, approved or rejected.
    pub to: ReplenishmentStatus,
    /// Required to reject; optional otherwise.
    pub comment: Option<String>,
}

/// The current user's approval limit.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalLimit {
    /// May approve at all.
    pub can_approve: bool,
    /// Largest order value, base currency; `None` when unlimited.
    pub limit: Option<Decimal>,
    /// Base currency code.
    pub currency: String,
}
