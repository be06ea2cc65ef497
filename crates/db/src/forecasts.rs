//! Forecast rows: batches from a forecasting run, planners' overrides, and the approval
//! workflow. Superseded rows are kept (marked with `superseded_by`), never deleted.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sentia_domain::{ForecastStatus, ModelType};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::catalog::parse_column;
use crate::DbError;

/// One forecast point to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewForecast {
    /// Product.
    pub product_id: Uuid,
    /// Channel.
    pub sales_channel_id: Uuid,
    /// Day forecast.
    pub forecast_date: NaiveDate,
    /// First day after the data the model saw.
    pub origin_date: NaiveDate,
    /// Expected units.
    pub predicted_demand: i32,
    /// Lower bound of the interval.
    pub lower_bound: i32,
    /// Upper bound of the interval.
    pub upper_bound: i32,
    /// Nominal coverage of the interval (e.g. 0.95).
    pub interval_level: Decimal,
    /// Model confidence 0..1.
    pub confidence_score: Decimal,
    /// Model family.
    pub model_type: ModelType,
    /// Exact model, e.g. `ETS(A,Ad,M)`.
    pub model_name: String,
    /// Engine version.
    pub model_version: String,
    /// Fitted parameters.
    pub model_parameters: serde_json::Value,
    /// Trend component at the date, in units.
    pub trend_component: Option<Decimal>,
    /// Seasonal component at the date, in units.
    pub seasonal_component: Option<Decimal>,
    /// Backtest MAPE, percent.
    pub mape: Option<Decimal>,
    /// Backtest sMAPE, percent.
    pub smape: Option<Decimal>,
    /// Backtest MASE.
    pub mase: Option<Decimal>,
    /// Backtest RMSE, units.
    pub rmse: Option<Decimal>,
}

/// A stored forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastRow {
    /// The forecast's id (primary key).
    pub id: Uuid,
    /// Product.
    pub product_id: Uuid,
    /// Channel.
    pub sales_channel_id: Uuid,
    /// Day forecast.
    pub forecast_date: NaiveDate,
    /// Expected units.
    pub predicted_demand: i32,
    /// Lower bound.
    pub lower_bound: i32,
    /// Upper bound.
    pub upper_bound: i32,
    /// Model family.
    pub model_type: ModelType,
    /// Exact model.
    pub model_name: String,
    /// Workflow state.
    pub status: ForecastStatus,
    /// Why a planner overrode the model.
    pub override_reason: Option<String>,
    /// The row that replaced this one.
    pub superseded_by: Option<Uuid>,
    /// When it was replaced.
    pub superseded_at: Option<DateTime<Utc>>,
}

/// Stores a forecasting run's points as drafts. Each point supersedes the live forecast for
/// the same product, channel and date, which is kept as history. Runs inside the caller's
/// transaction: a bad point fails the whole batch.
pub async fn insert_batch(
    conn: &mut PgConnection,
    points: &[NewForecast],
    created_by: Option<Uuid>,
) -> Result<Vec<Uuid>, DbError> {
    let ids: Vec<Uuid> = points.iter().map(|_| Uuid::new_v4()).collect();
    let col = |f: fn(&NewForecast) -> Uuid| points.iter().map(f).collect::<Vec<_>>();
    let products = col(|p| p.product_id);
    let channels = col(|p| p.sales_channel_id);
    let dates: Vec<NaiveDate> = points.iter().map(|p| p.forecast_date).collect();
    // The superseded_by foreign key is deferred, so old rows can point at ids inserted next.
    sqlx::query!(
        "UPDATE forecasts f SET superseded_by = n.id, superseded_at = now(), updated_by = $5
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[]) AS n(id, product_id, channel_id, day)
         WHERE f.product_id = n.product_id AND f.sales_channel_id = n.channel_id
           AND f.forecast_date = n.day AND f.superseded_by IS NULL",
        &ids,
        &products,
        &channels,
        &dates,
        created_by
    )
    .execute(&mut *conn)
    .await?;
    let origins: Vec<NaiveDate> = points.iter().map(|p| p.origin_date).collect();
    let horizons: Vec<i32> = points
        .iter()
        .map(|p| (p.forecast_date - p.origin_date).num_days() as i32 + 1)
        .collect();
    let ints = |f: fn(&NewForecast) -> i32| points.iter().map(f).collect::<Vec<_>>();
    let decs = |f: fn(&NewForecast) -> Decimal| points.iter().map(f).collect::<Vec<_>>();
    let opt = |f: fn(&NewForecast) -> Option<Decimal>| points.iter().map(f).collect::<Vec<_>>();
    let texts = |f: fn(&NewForecast) -> String| points.iter().map(f).collect::<Vec<_>>();
    sqlx::query!(
        "INSERT INTO forecasts (id, product_id, sales_channel_id, forecast_date, origin_date, horizon_days,
             predicted_demand, lower_bound, upper_bound, interval_level, confidence_score, model_type,
             model_name, model_version, model_parameters, trend_component, seasonal_component,
             mape, smape, mase, rmse, created_by, updated_by)
         SELECT *, $22::uuid, $22::uuid FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[], $5::date[],
             $6::int[], $7::int[], $8::int[], $9::int[], $10::numeric[], $11::numeric[], $12::text[],
             $13::text[], $14::text[], $15::jsonb[], $16::numeric[], $17::numeric[], $18::numeric[],
             $19::numeric[], $20::numeric[], $21::numeric[])",
        &ids,
        &products,
        &channels,
        &dates,
        &origins,
        &horizons,
        &ints(|p| p.predicted_demand),
        &ints(|p| p.lower_bound),
        &ints(|p| p.upper_bound),
        &decs(|p| p.interval_level),
        &decs(|p| p.confidence_score),
        &texts(|p| p.model_type.as_str().to_owned()),
        &texts(|p| p.model_name.clone()),
        &texts(|p| p.model_version.clone()),
        &points.iter().map(|p| p.model_parameters.clone()).collect::<Vec<_>>(),
        &opt(|p| p.trend_component) as &[Option<Decimal>],
        &opt(|p| p.seasonal_component) as &[Option<Decimal>],
        &opt(|p| p.mape) as &[Option<Decimal>],
        &opt(|p| p.smape) as &[Option<Decimal>],
        &opt(|p| p.mase) as &[Option<Decimal>],
        &opt(|p| p.rmse) as &[Option<Decimal>],
        created_by
    )
    .execute(&mut *conn)
    .await?;
    Ok(ids)
}

/// A planner's override: a new Manual forecast for the same product, channel and date,
/// with the reason, replacing the live one (kept as history). Returns the new row's id.
pub async fn override_forecast(
    conn: &mut PgConnection,
    forecast_id: Uuid,
    predicted_demand: i32,
    lower_bound: i32,
    upper_bound: i32,
    reason: &str,
    user: Uuid,
) -> Result<Uuid, DbError> {
    let new_id = Uuid::new_v4();
    let superseded = sqlx::query!(
        "UPDATE forecasts SET superseded_by = $2, superseded_at = now(), updated_by = $3
         WHERE id = $1 AND superseded_by IS NULL",
        forecast_id,
        new_id,
        user
    )
    .execute(&mut *conn)
    .await?;
    if superseded.rows_affected() == 0 {
        return Err(DbError::NotFound {
            entity: "live forecast",
        });
    }
    sqlx::query!(
        "INSERT INTO forecasts (id, product_id, sales_channel_id, forecast_date, origin_date, horizon_days,
             predicted_demand, lower_bound, upper_bound, interval_level, confidence_score, model_type,
             model_name, model_version, model_parameters, override_reason, created_by, updated_by)
         SELECT $2, product_id, sales_channel_id, forecast_date, origin_date, horizon_days, $3, $4, $5,
                interval_level, confidence_score, 'Manual', 'Manual override of ' || model_name,
                model_version, jsonb_build_object('replaces', id), $6, $7, $7
         FROM forecasts WHERE id = $1",
        forecast_id,
        new_id,
        predicted_demand,
        lower_bound,
        upper_bound,
        reason,
        user
    )
    .execute(&mut *conn)
    .await?;
    Ok(new_id)
}

/// Moves live forecasts from `from` to `to`, recording who and when. Only rows in `from`
/// change; returns how many did.
pub async fn transition(
    ex: impl PgExecutor<'_>,
    ids: &[Uuid],
    from: ForecastStatus,
    to: ForecastStatus,
    user: Uuid,
    reason: Option<&str>,
) -> Result<u64, DbError> {
    let done = sqlx::query!(
        "UPDATE forecasts SET status = $3::varchar, updated_by = $4,
             submitted_by = CASE WHEN $3::varchar = 'submitted' THEN $4 ELSE submitted_by END,
             submitted_at = CASE WHEN $3::varchar = 'submitted' THEN now() ELSE submitted_at END,
             approved_by = CASE WHEN $3::varchar = 'approved' THEN $4 END,
             approved_at = CASE WHEN $3::varchar = 'approved' THEN now() END,
             rejected_by = CASE WHEN $3::varchar = 'rejected' THEN $4 END,
             rejected_at = CASE WHEN $3::varchar = 'rejected' THEN now() END,
             rejection_reason = CASE WHEN $3::varchar = 'rejected' THEN $5 END
         WHERE id = ANY($1) AND status = $2::varchar AND superseded_by IS NULL",
        ids,
        from.as_str(),
        to.as_str(),
        user,
        reason
    )
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Forecasts of a series between two dates; `live_only` leaves out superseded history.
pub async fn for_series(
    ex: impl PgExecutor<'_>,
    product_id: Uuid,
    channel_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    live_only: bool,
) -> Result<Vec<ForecastRow>, DbError> {
    let rows = sqlx::query!(
        "SELECT id, product_id, sales_channel_id, forecast_date, predicted_demand, lower_bound, upper_bound,
                model_type, model_name, status, override_reason, superseded_by, superseded_at
         FROM forecasts
         WHERE product_id = $1 AND sales_channel_id = $2 AND forecast_date BETWEEN $3 AND $4
           AND (NOT $5 OR superseded_by IS NULL)
         ORDER BY forecast_date, created_at",
        product_id,
        channel_id,
        from,
        to,
        live_only
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ForecastRow {
                id: r.id,
                product_id: r.product_id,
                sales_channel_id: r.sales_channel_id,
                forecast_date: r.forecast_date,
                predicted_demand: r.predicted_demand,
                lower_bound: r.lower_bound,
                upper_bound: r.upper_bound,
                model_type: parse_column("forecasts.model_type", &r.model_type)?,
                model_name: r.model_name,
                status: parse_column("forecasts.status", &r.status)?,
                override_reason: r.override_reason,
                superseded_by: r.superseded_by,
                superseded_at: r.superseded_at,
            })
        })
        .collect()
}
