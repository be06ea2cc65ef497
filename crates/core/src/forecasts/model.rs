//! What the forecast workbench's use cases take and return.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

/// The length of a forecast period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    /// ISO weeks (Monday to Sunday); season length 52.
    Week,
    /// Calendar months; season length 12.
    Month,
}

/// Which series to forecast: each list empty means all; a series must match every list
/// that is not empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ForecastScope {
    /// Products by id.
    #[serde(default)]
    pub products: Vec<Uuid>,
    /// Sales channels by id.
    #[serde(default)]
    pub channels: Vec<Uuid>,
    /// Product categories, e.g. `GABA Red`.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Markets by code, e.g. `UK` (the channel's market).
    #[serde(default)]
    pub markets: Vec<String>,
}

/// A forecast run to make.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RunRequest {
    /// The series.
    pub scope: ForecastScope,
    /// Weeks or months.
    pub bucket: Bucket,
    /// Periods ahead; the setting `forecasting.default_horizon_days` when absent.
    pub horizon: Option<u32>,
    /// The model, by name or alias (`Auto`, `AutoETS`, `Theta`, …); `Auto` when absent.
    pub model: Option<String>,
    /// How totals and series are made to agree; bottom-up when absent.
    pub reconciliation: Option<Reconciliation>,
}

/// How a run makes its totals (all, category, market, channel, product) agree with the
/// series below them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum Reconciliation {
    /// Every total is the sum of the series' own forecasts.
    #[default]
    BottomUp,
    /// Every total is forecast from its own history too, and the series are moved to the
    /// agreeing forecasts closest to all of them, weighted by how well each level's
    /// forecasts did in the backtest (MinT with a shrunk error covariance).
    Mint,
}

impl Reconciliation {
    /// As stored in `forecast_runs.reconciliation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reconciliation::BottomUp => "bottom_up",
            Reconciliation::Mint => "mint",
        }
    }
}

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum RunStage {
    /// Reading the sales history.
    Reading,
    /// Fitting and backtesting the series.
    Forecasting,
    /// Forecasting the totals and reconciling them with the series (MinT runs).
    Reconciling,
    /// Writing the forecasts.
    Writing,
}

/// A run's progress, sent as it goes.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RunProgress {
    /// The step under way.
    pub stage: RunStage,
    /// Series forecast so far.
    pub done: u32,
    /// Series in the run.
    pub total: u32,
    /// The series being forecast, e.g. `GR-UK-30 · Amazon UK`.
    pub current: Option<String>,
}

/// A run as listed and as returned when it ends.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ForecastRun {
    /// The run's id.
    pub id: Uuid,
    /// Weeks or months.
    pub bucket: Bucket,
    /// Periods ahead.
    pub horizon: u32,
    /// The model asked for.
    pub model: String,
    /// Engine version that made it.
    pub engine_version: String,
    /// The scope in words.
    pub scope_label: String,
    /// The scope as chosen, to run it again.
    pub scope: ForecastScope,
    /// First day of the first forecast period; the history ends the day before.
    pub origin_date: NaiveDate,
    /// Series forecast.
    pub series_count: u32,
    /// Forecast rows written.
    pub point_count: u32,
    /// Time to read and forecast, milliseconds.
    pub elapsed_ms: u32,
    /// How totals and series were made to agree.
    #[serde(default)]
    pub reconciliation: Reconciliation,
    /// Who ran it.
    pub created_by_name: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// A product × channel series.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "camelCase")]
pub struct SeriesKey {
    /// Product.
    pub product_id: Uuid,
    /// Sales channel.
    pub channel_id: Uuid,
}

/// One series of a run in the list.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SeriesSummary {
    /// The series.
    pub key: SeriesKey,
    /// Product SKU.
    pub sku: String,
    /// Product name.
    pub product_name: String,
    /// Product category.
    pub category: String,
    /// Channel name.
    pub channel_name: String,
    /// The channel's market.
    pub market_code: String,
    /// Model family, e.g. `ETS`.
    pub model_type: String,
    /// Exact model, e.g. `ETS(M,N,M)`.
    pub model_name: String,
    /// 0..1, from the backtest (see [`sentia_forecast::confidence_score`]).
    pub confidence: f64,
    /// Backtest mean absolute scaled error.
    pub mase: Option<f64>,
    /// Backtest weighted absolute percentage error, percent.
    pub wape: Option<f64>,
    /// Units over the horizon, overrides included.
    pub total: f64,
    /// Periods a planner overrode.
    pub overridden: u32,
    /// Workflow state of its live forecast: `draft`, `submitted`, `approved`,
    /// `rejected`, `mixed`, or `superseded` when a later run replaced it.
    pub status: String,
}

/// One period of the history the engine learnt from.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPoint {
    /// First day of the period.
    pub period: NaiveDate,
    /// Units sold.
    pub units: f64,
    /// Units the engine learnt from: above `units` when stock-outs censored the sales.
    pub demand: f64,
    /// Days of the period with a stock-out.
    pub stockout_days: u32,
    /// The current period, not complete yet: shown, never learnt from.
    pub partial: bool,
}

/// One held-out period of the backtest.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BacktestPoint {
    /// First day of the period.
    pub period: NaiveDate,
    /// What happened.
    pub actual: f64,
    /// What the model, trained on the periods before, predicted.
    pub predicted: f64,
}

/// A model's backtest over the same held-out periods.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CandidateScore {
    /// Model kind, e.g. `AutoETS`.
    pub kind: String,
    /// The model it fitted, e.g. `ETS(M,N,M)`.
    pub model: String,
    /// Mean absolute scaled error.
    pub mase: Option<f64>,
    /// Weighted absolute percentage error, percent.
    pub wape: Option<f64>,
    /// Mean error (forecast − actual), units.
    pub bias: f64,
}

/// Trend and seasonal parts at one period (units).
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ComponentPoint {
    /// First day of the period.
    pub period: NaiveDate,
    /// Trend (level).
    pub trend: f64,
    /// Seasonal part in units (demand ≈ trend + seasonal).
    pub seasonal: f64,
}

/// One forecast period of a series, as it stands.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ForecastPoint {
    /// The row's id (what an override or a workflow step names).
    pub id: Uuid,
    /// First day of the period.
    pub period: NaiveDate,
    /// Units (the override when there is one).
    pub value: f64,
    /// 80 % interval.
    pub lower80: Option<f64>,
    /// 80 % interval.
    pub upper80: Option<f64>,
    /// 95 % interval.
    pub lower95: f64,
    /// 95 % interval.
    pub upper95: f64,
    /// The statistical value an override replaced.
    pub statistical: Option<f64>,
    /// Why a planner overrode it.
    pub override_reason: Option<String>,
    /// `draft`, `submitted`, `approved` or `rejected`.
    pub status: String,
    /// Who overrode, submitted or decided last.
    pub changed_by_name: Option<String>,
    /// Why a manager rejected it.
    pub rejection_reason: Option<String>,
    /// Units sold in the period, once it is complete.
    pub actual: Option<f64>,
}

/// Everything the series view shows.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SeriesDetail {
    /// The run.
    pub run_id: Uuid,
    /// The series.
    pub key: SeriesKey,
    /// Weeks or months.
    pub bucket: Bucket,
    /// First forecast period.
    pub origin_date: NaiveDate,
    /// Product SKU.
    pub sku: String,
    /// Product name.
    pub product_name: String,
    /// Channel name.
    pub channel_name: String,
    /// Model family.
    pub model_type: String,
    /// Exact model.
    pub model_name: String,
    /// Why this model, in words.
    pub reason: String,
    /// 0..1 = 1 / (1 + backtest MASE).
    pub confidence: f64,
    /// Backtest MASE.
    pub mase: Option<f64>,
    /// Backtest WAPE, percent.
    pub wape: Option<f64>,
    /// Backtest bias, units.
    pub bias: Option<f64>,
    /// The history, the current partial period last.
    pub history: Vec<HistoryPoint>,
    /// The chosen model over the last periods of the history.
    pub backtest: Vec<BacktestPoint>,
    /// Candidate models ranked by backtest error, best first.
    pub candidates: Vec<CandidateScore>,
    /// Trend and seasonal parts over history and horizon.
    pub components: Vec<ComponentPoint>,
    /// The forecast as it stands (overrides and workflow included).
    pub forecast: Vec<ForecastPoint>,
    /// Accuracy over the forecast periods that are complete; none before the first.
    pub accuracy: Option<Accuracy>,
    /// What planners and approvers said about the series, oldest first.
    pub comments: Vec<SeriesComment>,
}

/// A comment on a series or one of its periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SeriesComment {
    pub id: Uuid,
    /// The period it is about; `None` for the whole series.
    pub period: Option<NaiveDate>,
    pub body: String,
    pub author: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A comment to add to a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CommentRequest {
    pub key: SeriesKey,
    /// The period it is about; `None` for the whole series.
    pub period: Option<NaiveDate>,
    pub body: String,
}

/// A comment saved, or queued on this computer while the server cannot be reached.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CommentSaved {
    pub id: Uuid,
    pub queued: bool,
}

/// A planner's override of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OverrideRequest {
    /// The live forecast row replaced.
    pub forecast_id: Uuid,
    /// Units.
    pub value: u32,
    /// Why (required).
    pub reason: String,
    /// The row's workflow state as the planner saw it: when it is no longer that (someone
    /// submitted, approved or rejected it meanwhile) the override is refused as stale.
    /// `None` does not check.
    pub seen_status: Option<String>,
}

/// An override saved, or queued on this computer while the server cannot be reached.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct OverrideSaved {
    /// The new row's id (chosen here, so that a queued override is applied once).
    pub id: Uuid,
    /// Waiting on this computer to be applied when the server answers again.
    pub queued: bool,
}

/// How a run's series are summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum AggregateLevel {
    /// Every series of the run.
    Total,
    /// By product category.
    Category,
    /// By the channel's market.
    Market,
    /// By sales channel.
    Channel,
}

/// One group's forecast in one period: the sum of the live series below it.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AggregatePeriod {
    /// First day of the period.
    pub period: NaiveDate,
    /// Units, overrides included.
    pub forecast: f64,
    /// Units the statistical forecasts said.
    pub statistical: f64,
    /// Series with a forecast in the period.
    pub series: u32,
    /// Of those, overridden.
    pub overridden: u32,
}

/// One group's sales in one period of the history.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AggregateHistoryPoint {
    /// First day of the period.
    pub period: NaiveDate,
    /// Units sold.
    pub units: f64,
    /// The current, incomplete period.
    pub partial: bool,
}

/// A category, market, channel or the whole run.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AggregateGroup {
    /// What an aggregate override names: `all`, a category, a market code or a channel id.
    pub key: String,
    /// As shown.
    pub label: String,
    /// Units sold per period, summed over the series.
    pub history: Vec<AggregateHistoryPoint>,
    /// The forecast per period, summed over the series.
    pub forecast: Vec<AggregatePeriod>,
    /// The forecast over the horizon.
    pub total: f64,
}

/// A run's forecast summed bottom-up at one level.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AggregateView {
    /// The run.
    pub run_id: Uuid,
    /// The level.
    pub level: AggregateLevel,
    /// The groups, by label.
    pub groups: Vec<AggregateGroup>,
}

/// A planner's override of one period of an aggregate, spread to the series below it in
/// proportion to their statistical forecast.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AggregateOverrideRequest {
    /// The run.
    pub run_id: Uuid,
    /// The level of the group.
    pub level: AggregateLevel,
    /// The group's key.
    pub group_key: String,
    /// First day of the period.
    pub period: NaiveDate,
    /// The group's new total, units.
    pub value: u32,
    /// Why (required); recorded on every series' override.
    pub reason: String,
}

/// How well forecasts matched the demand that came, over a set of complete periods.
/// Errors are WAPE: the sum of absolute errors over the units sold (0.25 = 25 %).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct Accuracy {
    /// Series × periods scored.
    pub points: u32,
    /// Of those, overridden by a planner.
    pub overridden: u32,
    /// Units sold.
    pub actual: f64,
    /// A naive forecast's error: the last complete period carried forward.
    pub naive_wape: Option<f64>,
    /// The statistical forecast's error.
    pub statistical_wape: Option<f64>,
    /// The error of the forecast as planned (overrides included).
    pub final_wape: Option<f64>,
    /// (final − actual) over actual: above zero when the plan ran high.
    pub final_bias: Option<f64>,
    /// What the overrides added: statistical error − final error (above zero: they helped).
    pub override_value_added: Option<f64>,
    /// What the engine added over naive: naive error − statistical error.
    pub statistical_value_added: Option<f64>,
}

/// What the value-added report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub enum ValueAddedBy {
    /// The planner who overrode (their overridden periods only).
    Planner,
    /// Product category (every scored period).
    Category,
}

/// One month of a group.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ValueAddedMonth {
    /// First day of the month.
    pub month: NaiveDate,
    /// The month's figures.
    pub accuracy: Accuracy,
}

/// One planner or category.
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ValueAddedGroup {
    /// Planner name or category.
    pub label: String,
    /// Over every month.
    pub total: Accuracy,
    /// Month by month, oldest first.
    pub months: Vec<ValueAddedMonth>,
}

/// Forecast value added: did the statistical forecast beat naive, and did the overrides
/// beat the statistical forecast?
#[derive(Debug, Clone, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ValueAddedReport {
    /// The grouping.
    pub by: ValueAddedBy,
    /// The groups, by label.
    pub groups: Vec<ValueAddedGroup>,
}
