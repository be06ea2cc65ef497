//! What the cash projection takes and returns.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Changes a user makes on top of a scenario ("what if").
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DriverChanges {
    /// Selling price change, a share (0.05 is +5 %).
    pub price: Decimal,
    /// Unit cost change, a share.
    pub cost: Decimal,
    /// Demand change, a share.
    pub demand: Decimal,
    /// Days added to every channel's settlement terms.
    pub collection_days: i32,
    /// Days added to the supplier terms.
    pub payment_days: i32,
    /// Days added to the inventory cover.
    pub inventory_days: i32,
    /// Points added to the bad-debt rate (0.01 is +1 pp).
    pub bad_debt: Decimal,
}

impl DriverChanges {
    /// These changes with `more` on top.
    pub fn plus(&self, more: &DriverChanges) -> DriverChanges {
        DriverChanges {
            price: self.price + more.price,
            cost: self.cost + more.cost,
            demand: self.demand + more.demand,
            collection_days: self.collection_days + more.collection_days,
            payment_days: self.payment_days + more.payment_days,
            inventory_days: self.inventory_days + more.inventory_days,
            bad_debt: self.bad_debt + more.bad_debt,
        }
    }
}

/// How long each period of a projection is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Granularity {
    /// Calendar months, 24 unless asked.
    #[default]
    Month,
    /// 13 weeks from the first day.
    Week,
    /// 30 days from the first day.
    Day,
}

impl Granularity {
    /// The seed schema's `period_type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Week => "week",
            Granularity::Day => "day",
        }
    }
}

/// What to project.
#[derive(Debug, Clone, Default, Deserialize, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CashRequest {
    /// One of [`super::scenario_names`]; the base when absent.
    pub scenario: Option<String>,
    /// Changes on top of the scenario.
    pub drivers: Option<DriverChanges>,
    /// Foreign currencies stronger (+) or weaker (−) against the base, a share.
    pub fx_change: Option<Decimal>,
    /// Months to project when monthly, 1–36; 24 when absent.
    pub months: Option<u32>,
    /// Months (the default), 13 weeks or 30 days.
    #[serde(default)]
    pub granularity: Option<Granularity>,
    /// Demand paths to simulate for the shortfall risk (0: none).
    pub simulations: Option<u32>,
}

/// One period of the company's projection (a month, week or day), in the base currency.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CashMonth {
    /// First day of the period.
    pub month: NaiveDate,
    /// Revenue after channel commission and fees.
    pub revenue: Decimal,
    /// Cost of goods sold.
    pub cogs: Decimal,
    /// Cash in from customers, VAT included.
    pub receipts: Decimal,
    /// Cash out to suppliers, VAT and the markets' own costs.
    pub payments: Decimal,
    /// VAT paid to (or refunded by) the tax offices.
    pub vat_paid: Decimal,
    /// Import duty paid on the stock bought.
    pub duty: Decimal,
    /// Operating expenses.
    pub opex: Decimal,
    /// Interest on the credit line.
    pub interest: Decimal,
    /// Receipts − payments − opex − interest.
    pub net_flow: Decimal,
    /// Drawn on the line to keep the minimum cash.
    pub draw: Decimal,
    /// Repaid to the line.
    pub repayment: Decimal,
    /// Cash at the end of the month.
    pub closing_cash: Decimal,
    /// Drawn on the line at the end.
    pub drawn: Decimal,
    /// Limit − drawn.
    pub headroom: Decimal,
    /// Cash below the minimum even with the line fully drawn.
    pub shortfall: Decimal,
    /// Receivables at the end.
    pub receivables: Decimal,
    /// Payables at the end.
    pub payables: Decimal,
    /// Inventory at cost at the end.
    pub inventory: Decimal,
    /// Receivables + inventory − payables.
    pub working_capital: Decimal,
    /// Its change over the month.
    pub working_capital_change: Decimal,
    /// Days sales outstanding.
    pub dso: Option<Decimal>,
    /// Days inventory outstanding.
    pub dio: Option<Decimal>,
    /// Days payables outstanding.
    pub dpo: Option<Decimal>,
    /// Cash conversion cycle, DIO + DSO − DPO.
    pub ccc: Option<Decimal>,
    /// on_target, amber, red or critical against the CCC target.
    pub ccc_band: Option<String>,
}

/// One market's period, in its own currency.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MarketMonth {
    /// First day of the period.
    pub month: NaiveDate,
    /// Revenue.
    pub revenue: Decimal,
    /// Cost of goods sold.
    pub cogs: Decimal,
    /// Receipts.
    pub receipts: Decimal,
    /// Net flow before the company's costs and financing.
    pub net_flow: Decimal,
    /// VAT paid.
    pub vat_paid: Decimal,
    /// Receivables.
    pub receivables: Decimal,
    /// Payables.
    pub payables: Decimal,
    /// Inventory.
    pub inventory: Decimal,
}

/// A market's projection in its currency, with the rate used to convert it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MarketCash {
    /// Market code.
    pub market: String,
    /// Its currency.
    pub currency: String,
    /// Base currency per unit of it (after the FX change), as used.
    pub rate: Decimal,
    /// Date of the rate.
    pub rate_date: NaiveDate,
    /// VAT or sales-tax rate.
    pub tax_rate: Decimal,
    /// Months.
    pub months: Vec<MarketMonth>,
}

/// The chance of running short in one period.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RiskMonth {
    /// First day of the period.
    pub month: NaiveDate,
    /// Share of simulated demand paths with cash below the minimum even with the line.
    pub shortfall: f64,
    /// Share of paths with more of the line drawn than the warning share.
    pub line_over_warning: f64,
}

/// The replenishment plan's part in a projection: its open orders are the stock bought in
/// the periods up to the last one needed; the days-of-inventory cover buys after.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PurchasePlan {
    /// The plan covers purchases before this day.
    pub until: NaiveDate,
    /// The first periods whose purchases are the plan's.
    pub periods: u32,
    /// Orders booked.
    pub orders: u32,
    /// Their value, in the base currency.
    pub value_base: Decimal,
}

/// A tax return of a market the projection reaches: what it will owe and when it is due.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaxObligation {
    /// Market: the jurisdiction.
    pub market: String,
    /// VAT, sales tax.
    pub tax_name: String,
    /// The market's currency.
    pub currency: String,
    /// The return's first day.
    pub period_start: NaiveDate,
    /// Its last day.
    pub period_end: NaiveDate,
    /// The return starts before the projection: only the projected part is in the amount.
    pub partial: bool,
    /// Owed (positive) or reclaimable (negative), in the market's currency.
    pub amount: Decimal,
    /// The same in the base currency.
    pub amount_base: Decimal,
    /// When it is to be paid.
    pub due: NaiveDate,
    /// It is paid within the projection.
    pub paid_in_projection: bool,
}

/// Where the projection's demand came from, in series × months.
#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DemandSources {
    /// Approved forecasts.
    pub approved: u32,
    /// Forecasts not (all) approved: statistical.
    pub statistical: u32,
    /// No forecast: the same month last year.
    pub last_year: u32,
    /// Neither.
    pub none: u32,
}

/// A cash projection of the company.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CashProjection {
    /// Scenario projected.
    pub scenario: String,
    /// The drivers applied on top of it.
    pub drivers: DriverChanges,
    /// FX change applied.
    pub fx_change: Decimal,
    /// Base currency of every company figure.
    pub currency: String,
    /// Balances are the actuals of this month end.
    pub opening_as_of: Option<NaiveDate>,
    /// Cash at the start.
    pub opening_cash: Decimal,
    /// What may be drawn: the facility's limit, or the covenant's if it is lower.
    pub credit_limit: Decimal,
    /// The facility's own limit.
    pub facility_limit: Decimal,
    /// Net worth × the most debt per unit of it, when a covenant is set.
    pub covenant_limit: Option<Decimal>,
    /// Share of the line drawn that raises a warning.
    pub line_warning_share: Decimal,
    /// The cash floor.
    pub minimum_cash: Decimal,
    /// The CCC target, days.
    pub ccc_target_days: Decimal,
    /// Months, weeks or days.
    pub granularity: Granularity,
    /// Where purchases follow the replenishment plan; none without a plan.
    pub purchase_plan: Option<PurchasePlan>,
    /// The company, period by period.
    pub months: Vec<CashMonth>,
    /// Each market's tax returns, by due date.
    pub tax: Vec<TaxObligation>,
    /// Each market in its currency.
    pub markets: Vec<MarketCash>,
    /// The chance of running short, when simulated.
    pub risk: Option<Vec<RiskMonth>>,
    /// Demand sources.
    pub demand: DemandSources,
    /// What could not be projected as asked.
    pub warnings: Vec<String>,
}

/// A saved projection: a named scenario with what it read and what it produced.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedProjection {
    /// Id.
    pub id: uuid::Uuid,
    /// The name it was saved under; it also names a scenario to project and compare.
    pub name: String,
    /// The named scenario its drivers apply on top of.
    pub scenario: String,
    /// The driver changes.
    pub drivers: DriverChanges,
    /// The FX change.
    pub fx_change: Decimal,
    /// Months projected, when monthly.
    pub months: u32,
    /// Months, weeks or days.
    pub granularity: Granularity,
    /// Demand paths simulated.
    pub simulations: u32,
    /// When it was saved.
    pub saved_at: chrono::DateTime<chrono::Utc>,
    /// Who saved it.
    pub saved_by: Option<String>,
    /// The engine that computed it.
    pub engine_version: String,
    /// SHA-256 of the projection as saved.
    pub result_digest: String,
    /// The moment its forecasts were read at.
    pub forecasts_as_of: chrono::DateTime<chrono::Utc>,
    /// The forecast runs it read.
    pub forecast_runs: Vec<uuid::Uuid>,
    /// The finance settings it read, with their versions.
    pub settings: Vec<super::SettingRead>,
    /// The FX rates it converted at.
    pub rates: Vec<super::RateRead>,
    /// The month end of its opening balances.
    pub opening_as_of: Option<NaiveDate>,
    /// The first month projected.
    pub start: NaiveDate,
}

/// A saved month of a market set against what happened, once the month has closed.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProjectedVsActual {
    /// First day of the month.
    pub month: NaiveDate,
    /// Market.
    pub market: String,
    /// Its currency: both figures are in it.
    pub currency: String,
    /// Revenue projected.
    pub projected_revenue: Decimal,
    /// Revenue recorded.
    pub actual_revenue: Decimal,
    /// Receivables projected at the month end.
    pub projected_receivables: Decimal,
    /// Receivables recorded.
    pub actual_receivables: Decimal,
    /// Payables projected.
    pub projected_payables: Decimal,
    /// Payables recorded.
    pub actual_payables: Decimal,
    /// Inventory projected.
    pub projected_inventory: Decimal,
    /// Inventory recorded.
    pub actual_inventory: Decimal,
}

/// A saved projection computed again from the inputs it recorded.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Reproduction {
    /// The saved projection.
    pub saved: SavedProjection,
    /// The projection computed again.
    pub projection: CashProjection,
    /// SHA-256 of the projection computed again.
    pub result_digest: String,
    /// It is, byte for byte, the projection that was saved.
    pub identical: bool,
    /// Inputs that no longer read as they did when it was saved (why it may differ).
    pub changed: Vec<String>,
    /// Its months that have closed since, against the recorded actuals.
    pub versus_actual: Vec<ProjectedVsActual>,
}

/// What moving one driver a step down and up does to the company's net cash (cash less
/// the line drawn), in the base currency.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DriverImpact {
    /// price, cost, demand, collectionDays, paymentDays, inventoryDays, badDebt or fx.
    pub driver: String,
    /// The step, e.g. "±5 %".
    pub step: String,
    /// The lowest net cash with the driver a step down.
    pub lowest_cash_down: Decimal,
    /// The same a step up.
    pub lowest_cash_up: Decimal,
    /// Net cash at the end a step down.
    pub closing_cash_down: Decimal,
    /// The same a step up.
    pub closing_cash_up: Decimal,
    /// Periods short of the minimum even with the line, a step down.
    pub periods_short_down: u32,
    /// The same a step up.
    pub periods_short_up: u32,
}

/// The drivers that matter most to the company's cash, most first.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Sensitivity {
    /// Base currency.
    pub currency: String,
    /// The lowest net cash as requested.
    pub lowest_cash: Decimal,
    /// When it is reached.
    pub lowest_cash_at: Option<NaiveDate>,
    /// Net cash at the end as requested.
    pub closing_cash: Decimal,
    /// Periods short of the minimum as requested.
    pub periods_short: u32,
    /// Each driver, by how far a step moves the lowest net cash.
    pub drivers: Vec<DriverImpact>,
}

/// A product's sales and cost of sales across its channels, period by period, in the base
/// currency.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductCash {
    /// Product.
    pub product_id: uuid::Uuid,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Market.
    pub market: String,
    /// Units per period.
    pub units: Vec<Decimal>,
    /// Revenue after channel commission and fees, per period.
    pub revenue: Vec<Decimal>,
    /// Cost of goods sold, per period.
    pub cogs: Vec<Decimal>,
    /// Cash its sales bring in per period: collected after each channel's terms, less bad
    /// debt, before VAT (sales before the projection are not a product's).
    pub receipts: Vec<Decimal>,
    /// Units over the projection.
    pub total_units: Decimal,
    /// Revenue over the projection.
    pub total_revenue: Decimal,
    /// Cost of goods sold over the projection.
    pub total_cogs: Decimal,
    /// Receipts over the projection.
    pub total_receipts: Decimal,
    /// (Revenue − COGS) / revenue; none without revenue.
    pub gross_margin: Option<Decimal>,
}

/// Every product's projection, best sellers first.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductsCash {
    /// Base currency.
    pub currency: String,
    /// Each period's first day.
    pub periods: Vec<NaiveDate>,
    /// Months, weeks or days.
    pub granularity: Granularity,
    /// Products.
    pub products: Vec<ProductCash>,
}
