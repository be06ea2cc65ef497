//! What the dashboard asks for and what it shows.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use sentia_domain::{Currency, Money};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What to show.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DashboardQuery {
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Currency for all converted amounts.
    pub reporting_currency: Currency,
    /// Only this market (code such as `UK`).
    pub market: Option<String>,
    /// Only this sales channel.
    pub channel_id: Option<Uuid>,
}

/// A figure with last year's value for the same period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Kpi {
    /// This period.
    pub value: Decimal,
    /// The same period a year earlier; `None` without sales then.
    pub previous_year: Option<Decimal>,
    /// Change in percent (1 dp); `None` when there is nothing to compare with.
    pub change_pct: Option<Decimal>,
}

/// Gross margin in percent, this period and last year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MarginKpi {
    /// (revenue − COGS) / revenue × 100, 1 dp; `None` without revenue.
    pub pct: Option<Decimal>,
    /// Same, previous year.
    pub previous_year_pct: Option<Decimal>,
    /// Difference in percentage points.
    pub change_points: Option<Decimal>,
}

/// The KPI strip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Kpis {
    /// Net revenue, reporting currency.
    pub revenue: Kpi,
    /// Units sold.
    pub units: Kpi,
    /// Gross margin.
    pub gross_margin: MarginKpi,
    /// Net profit, reporting currency.
    pub net_profit: Kpi,
}

/// One market's figures.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MarketFigures {
    /// Market code.
    pub market_code: String,
    /// Market name.
    pub market_name: String,
    /// Net revenue in the market's own currency (`None` for a currency Sentia does not
    /// know).
    pub revenue_local: Option<Money>,
    /// Net revenue, reporting currency.
    pub revenue: Decimal,
    /// Units.
    pub units: Decimal,
    /// Gross margin in percent.
    pub gross_margin_pct: Option<Decimal>,
    /// Net profit, reporting currency.
    pub net_profit: Decimal,
}

/// One channel's figures.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChannelFigures {
    /// Channel id.
    pub channel_id: Uuid,
    /// Channel name.
    pub channel_name: String,
    /// Its market.
    pub market_code: String,
    /// Net revenue, reporting currency.
    pub revenue: Decimal,
    /// Units.
    pub units: Decimal,
    /// Gross margin in percent.
    pub gross_margin_pct: Option<Decimal>,
    /// Net profit, reporting currency.
    pub net_profit: Decimal,
}

/// Trend bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum TrendBucket {
    /// One point per day (periods up to 92 days).
    Day,
    /// One point per month.
    Month,
}

/// One point of the trend chart.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// First day of the bucket.
    pub period: NaiveDate,
    /// Net revenue, reporting currency.
    pub revenue: Decimal,
    /// Net revenue in the same bucket a year earlier.
    pub revenue_last_year: Decimal,
    /// The bucket runs past the data (the period's end or the last day with sales): its
    /// figure is incomplete and is drawn apart rather than as a fall.
    pub partial: bool,
}

/// A product's figures.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductFigures {
    /// Product id.
    pub product_id: Uuid,
    /// SKU.
    pub sku: String,
    /// Name.
    pub name: String,
    /// Net revenue, reporting currency.
    pub revenue: Decimal,
    /// Units.
    pub units: Decimal,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Currency of converted amounts.
    pub reporting_currency: Currency,
    /// The rate amounts were converted at (GBP to the reporting currency); `None` when
    /// reporting in GBP.
    pub conversion: Option<crate::catalog::RateUsed>,
    /// The KPI strip.
    pub kpis: Kpis,
    /// Per market.
    pub by_market: Vec<MarketFigures>,
    /// Per channel.
    pub by_channel: Vec<ChannelFigures>,
    /// The last day the figures cover: the period's end or the last day with sales,
    /// whichever comes first.
    pub data_until: NaiveDate,
    /// Bucket size of `trend`.
    pub trend_bucket: TrendBucket,
    /// Revenue over time with last year's.
    pub trend: Vec<TrendPoint>,
    /// Best sellers, best first.
    pub top_products: Vec<ProductFigures>,
    /// Weakest sellers, weakest first.
    pub bottom_products: Vec<ProductFigures>,
    /// Accuracy of the forecasts of the period's complete periods against the demand that
    /// came; `None` until a forecast period has been scored.
    pub forecast_accuracy: Option<crate::forecasts::Accuracy>,
}
