//! Forecast rows: batches from a forecasting run, planners' overrides, and the approval
//! workflow. Superseded rows are kept (marked with `superseded_by`), never deleted.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
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
    /// Backtest WAPE, percent.
    pub wape: Option<Decimal>,
    /// Backtest bias (forecast − actual), units.
    pub bias: Option<Decimal>,
    /// The 80 % interval, when the run computed one.
    pub interval_80: Option<(i32, i32)>,
    /// The run that made it.
    pub run_id: Option<Uuid>,
    /// The period the point covers, starting on `forecast_date`.
    pub bucket: Option<Bucket>,
}

/// The length of a forecast period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// ISO weeks, starting on Monday.
    Week,
    /// Calendar months.
    Month,
}

impl Bucket {
    /// The stored text, also PostgreSQL's `date_trunc` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }
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

/// Where a new forecast row goes, known before its values: enough to supersede what it
/// replaces while the values are still being computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowSlot {
    /// The new row's id.
    pub id: Uuid,
    /// Product.
    pub product_id: Uuid,
    /// Channel.
    pub sales_channel_id: Uuid,
    /// The period forecast.
    pub forecast_date: NaiveDate,
    /// The first period of the new forecast.
    pub origin_date: NaiveDate,
}

impl RowSlot {
    /// The slot of a point, with a new id.
    pub fn of(point: &NewForecast) -> Self {
        Self {
            id: Uuid::new_v4(),
            product_id: point.product_id,
            sales_channel_id: point.sales_channel_id,
            forecast_date: point.forecast_date,
            origin_date: point.origin_date,
        }
    }
}

/// Stores a forecasting run's points as drafts: [`supersede`] then [`insert_points`].
/// Runs inside the caller's transaction: a bad point fails the whole batch.
pub async fn insert_batch(
    conn: &mut PgConnection,
    points: &[NewForecast],
) -> Result<Vec<Uuid>, DbError> {
    let slots: Vec<RowSlot> = points.iter().map(RowSlot::of).collect();
    supersede(&mut *conn, &slots).await?;
    let ids: Vec<Uuid> = slots.iter().map(|s| s.id).collect();
    insert_points(conn, &ids, points).await?;
    Ok(ids)
}

/// Makes room for new rows: for each series in `slots`, every live forecast dated on or
/// after the series' earliest origin is superseded (kept as history, pointing at the new
/// row of the same date, or the series' first new row), so a series has one live
/// forecast, the latest. The new rows must follow in the same transaction: the
/// superseded_by foreign key is deferred to its end.
pub async fn supersede(conn: &mut PgConnection, slots: &[RowSlot]) -> Result<(), DbError> {
    let col = |f: fn(&RowSlot) -> Uuid| slots.iter().map(f).collect::<Vec<_>>();
    let ids = col(|s| s.id);
    let products = col(|s| s.product_id);
    let channels = col(|s| s.sales_channel_id);
    let dates: Vec<NaiveDate> = slots.iter().map(|s| s.forecast_date).collect();
    let origins: Vec<NaiveDate> = slots.iter().map(|s| s.origin_date).collect();
    sqlx::query!(
        "WITH n AS (
             SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::date[], $5::date[])
                 AS n(id, product_id, channel_id, day, origin)),
         first AS (
             SELECT DISTINCT ON (product_id, channel_id) product_id, channel_id, id,
                    min(origin) OVER (PARTITION BY product_id, channel_id) AS origin
             FROM n ORDER BY product_id, channel_id, day),
         replaced AS (
             SELECT o.id AS old_id, COALESCE(same.id, first.id) AS new_id
             FROM first
             JOIN forecasts o ON o.product_id = first.product_id AND o.sales_channel_id = first.channel_id
                  AND o.superseded_by IS NULL AND o.forecast_date >= first.origin
             LEFT JOIN n same ON same.product_id = o.product_id AND same.channel_id = o.sales_channel_id
                  AND same.day = o.forecast_date)
         UPDATE forecasts f SET superseded_by = r.new_id, superseded_at = now(),
             updated_by = COALESCE((SELECT sentia_current_user_id()), f.updated_by)
         FROM replaced r WHERE f.id = r.old_id",
        &ids,
        &products,
        &channels,
        &dates,
        &origins,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What consecutive points of one series share (its model, scores, run), sent once per
/// series rather than once per point: a run of twelve periods decodes less than half the
/// values.
#[derive(PartialEq)]
struct Shared<'a> {
    product_id: Uuid,
    sales_channel_id: Uuid,
    origin_date: NaiveDate,
    interval_level: Decimal,
    confidence_score: Decimal,
    model_type: ModelType,
    model_name: &'a str,
    model_version: &'a str,
    model_parameters: &'a serde_json::Value,
    scores: [Option<Decimal>; 6],
    run_id: Option<Uuid>,
    bucket: Option<Bucket>,
}

impl<'a> Shared<'a> {
    fn of(p: &'a NewForecast) -> Self {
        Self {
            product_id: p.product_id,
            sales_channel_id: p.sales_channel_id,
            origin_date: p.origin_date,
            interval_level: p.interval_level,
            confidence_score: p.confidence_score,
            model_type: p.model_type,
            model_name: &p.model_name,
            model_version: &p.model_version,
            model_parameters: &p.model_parameters,
            scores: [p.mape, p.smape, p.mase, p.rmse, p.wape, p.bias],
            run_id: p.run_id,
            bucket: p.bucket,
        }
    }
}

/// Inserts the points under the ids of their slots (see [`supersede`]).
pub async fn insert_points(
    conn: &mut PgConnection,
    ids: &[Uuid],
    points: &[NewForecast],
) -> Result<(), DbError> {
    debug_assert_eq!(ids.len(), points.len());
    // Runs of points sharing their series' columns, and each point's run (1-based).
    let mut shared: Vec<Shared> = Vec::new();
    let mut series: Vec<i64> = Vec::with_capacity(points.len());
    for p in points {
        let this = Shared::of(p);
        if shared.last() != Some(&this) {
            shared.push(this);
        }
        series.push(shared.len() as i64);
    }
    let ints = |f: fn(&NewForecast) -> i32| points.iter().map(f).collect::<Vec<_>>();
    let opt_ints = |f: fn(&NewForecast) -> Option<i32>| points.iter().map(f).collect::<Vec<_>>();
    let opt = |f: fn(&NewForecast) -> Option<Decimal>| points.iter().map(f).collect::<Vec<_>>();
    let score = |i: usize| shared.iter().map(|s| s.scores[i]).collect::<Vec<_>>();
    sqlx::query!(
        "INSERT INTO forecasts (id, product_id, sales_channel_id, forecast_date, origin_date, horizon_days,
             predicted_demand, lower_bound, upper_bound, interval_level, confidence_score, model_type,
             model_name, model_version, model_parameters, trend_component, seasonal_component,
             mape, smape, mase, rmse, wape, bias, lower_80, upper_80, run_id, bucket,
             created_by, updated_by)
         SELECT p.id, s.product_id, s.channel_id, p.day, s.origin, (p.day - s.origin) + 1,
                p.point, p.lower, p.upper, s.level, s.confidence, s.model_type,
                s.model_name, s.model_version, s.params, p.trend, p.seasonal,
                s.mape, s.smape, s.mase, s.rmse, s.wape, s.bias, p.lower_80, p.upper_80, s.run_id, s.bucket,
                a.acting, a.acting
         FROM unnest($1::uuid[], $2::bigint[], $3::date[], $4::int[], $5::int[], $6::int[],
                     $7::numeric[], $8::numeric[], $9::int[], $10::int[])
                  AS p(id, series, day, point, lower, upper, trend, seasonal, lower_80, upper_80)
         JOIN unnest($11::uuid[], $12::uuid[], $13::date[], $14::numeric[], $15::numeric[],
                     $16::text[], $17::text[], $18::text[], $19::jsonb[], $20::numeric[],
                     $21::numeric[], $22::numeric[], $23::numeric[], $24::numeric[], $25::numeric[],
                     $26::uuid[], $27::text[]) WITH ORDINALITY
                  AS s(product_id, channel_id, origin, level, confidence, model_type, model_name,
                       model_version, params, mape, smape, mase, rmse, wape, bias, run_id, bucket, n)
              ON s.n = p.series,
              (SELECT sentia_current_user_id()) a(acting)",
        ids,
        &series,
        &points.iter().map(|p| p.forecast_date).collect::<Vec<_>>(),
        &ints(|p| p.predicted_demand),
        &ints(|p| p.lower_bound),
        &ints(|p| p.upper_bound),
        &opt(|p| p.trend_component) as &[Option<Decimal>],
        &opt(|p| p.seasonal_component) as &[Option<Decimal>],
        &opt_ints(|p| p.interval_80.map(|i| i.0)) as &[Option<i32>],
        &opt_ints(|p| p.interval_80.map(|i| i.1)) as &[Option<i32>],
        &shared.iter().map(|s| s.product_id).collect::<Vec<_>>(),
        &shared.iter().map(|s| s.sales_channel_id).collect::<Vec<_>>(),
        &shared.iter().map(|s| s.origin_date).collect::<Vec<_>>(),
        &shared.iter().map(|s| s.interval_level).collect::<Vec<_>>(),
        &shared.iter().map(|s| s.confidence_score).collect::<Vec<_>>(),
        &shared
            .iter()
            .map(|s| s.model_type.as_str().to_owned())
            .collect::<Vec<_>>(),
        &shared.iter().map(|s| s.model_name.to_owned()).collect::<Vec<_>>(),
        &shared
            .iter()
            .map(|s| s.model_version.to_owned())
            .collect::<Vec<_>>(),
        &shared
            .iter()
            .map(|s| s.model_parameters.clone())
            .collect::<Vec<_>>(),
        &score(0) as &[Option<Decimal>],
        &score(1) as &[Option<Decimal>],
        &score(2) as &[Option<Decimal>],
        &score(3) as &[Option<Decimal>],
        &score(4) as &[Option<Decimal>],
        &score(5) as &[Option<Decimal>],
        &shared.iter().map(|s| s.run_id).collect::<Vec<_>>() as &[Option<Uuid>],
        &shared
            .iter()
            .map(|s| s.bucket.map(|b| b.as_str().to_owned()))
            .collect::<Vec<_>>() as &[Option<String>],
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A planner's override: a new Manual forecast for the same product, channel and date,
/// with the reason, replacing the live one (kept as history). The intervals are the
/// replaced row's, scaled by the override's ratio to its value (the value itself when
/// that was 0), and the statistical row stays linked (`statistical_id`). The new row's id
/// is the caller's, so that an edit replayed twice meets its own row (a key violation)
/// rather than being applied twice.
pub async fn override_forecast(
    conn: &mut PgConnection,
    forecast_id: Uuid,
    new_id: Uuid,
    predicted_demand: i32,
    reason: &str,
) -> Result<Uuid, DbError> {
    let superseded = sqlx::query!(
        "UPDATE forecasts SET superseded_by = $2, superseded_at = now(),
             updated_by = COALESCE((SELECT sentia_current_user_id()), updated_by)
         WHERE id = $1 AND superseded_by IS NULL",
        forecast_id,
        new_id,
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
             predicted_demand, lower_bound, upper_bound, lower_80, upper_80, interval_level,
             confidence_score, model_type, model_name, model_version, model_parameters,
             override_reason, statistical_id, run_id, bucket, created_by, updated_by)
         SELECT $2, product_id, sales_channel_id, forecast_date, origin_date, horizon_days, $3::int,
                LEAST($3, round(COALESCE(r.ratio * lower_bound, $3))::int),
                GREATEST($3, round(COALESCE(r.ratio * upper_bound, $3))::int),
                CASE WHEN lower_80 IS NOT NULL THEN LEAST($3, round(COALESCE(r.ratio * lower_80, $3))::int) END,
                CASE WHEN upper_80 IS NOT NULL THEN GREATEST($3, round(COALESCE(r.ratio * upper_80, $3))::int) END,
                interval_level, confidence_score, 'Manual',
                left('Manual override of ' || model_name, 100), model_version,
                jsonb_build_object('replaces', id), $4,
                CASE WHEN model_type = 'Manual' THEN statistical_id ELSE id END, run_id, bucket,
                a.acting, a.acting
         FROM forecasts, (SELECT sentia_current_user_id()) a(acting),
              LATERAL (SELECT CASE WHEN predicted_demand > 0 THEN ($3::int)::numeric / predicted_demand END) r(ratio)
         WHERE id = $1",
        forecast_id,
        new_id,
        predicted_demand,
        reason,
    )
    .execute(&mut *conn)
    .await?;
    Ok(new_id)
}

/// A forecast row's workflow state, locked until the transaction ends: `None` when the row
/// does not exist (or is not visible).
pub async fn lock_state(conn: &mut PgConnection, id: Uuid) -> Result<Option<RowState>, DbError> {
    Ok(sqlx::query_as!(
        RowState,
        r#"SELECT status, superseded_by IS NULL AS "live!" FROM forecasts WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut *conn)
    .await?)
}

/// Whether a forecast row with this id exists (superseded or not).
pub async fn exists(ex: impl PgExecutor<'_>, id: Uuid) -> Result<bool, DbError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM forecasts WHERE id = $1) AS "exists!""#,
        id
    )
    .fetch_one(ex)
    .await?)
}

/// Whether a row is still the live forecast of its period, and its workflow state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowState {
    /// `draft`, `submitted`, `approved` or `rejected`.
    pub status: String,
    /// Not superseded.
    pub live: bool,
}

/// The live forecast that stands now where a row stood: the same product, channel, period
/// and bucket, from any run, with who changed it last and when.
#[derive(Debug, Clone)]
pub struct StandingForecast {
    /// Its id.
    pub id: Uuid,
    /// Units.
    pub predicted_demand: i32,
    /// Workflow state.
    pub status: String,
    /// `Manual` for an override.
    pub model_type: String,
    /// The override's reason.
    pub override_reason: Option<String>,
    /// Who made, submitted, approved or rejected it last.
    pub changed_by_name: Option<String>,
    /// When it last changed.
    pub changed_at: DateTime<Utc>,
    /// The period.
    pub forecast_date: NaiveDate,
    /// Product code.
    pub sku: String,
    /// Product name.
    pub product_name: String,
    /// Channel name.
    pub channel_name: String,
}

/// The live forecast standing in place of `id` (itself when it is still live); `None` when
/// the period has no live forecast.
pub async fn standing_in_place_of(
    ex: impl PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<StandingForecast>, DbError> {
    Ok(sqlx::query_as!(
        StandingForecast,
        r#"SELECT l.id, l.predicted_demand, l.status, l.model_type, l.override_reason,
                  sentia_user_label(COALESCE(l.approved_by, l.rejected_by, l.submitted_by,
                                             l.updated_by, l.created_by)) AS "changed_by_name?",
                  l.updated_at AS changed_at, l.forecast_date,
                  p.sku, p.name AS product_name, c.name AS channel_name
           FROM forecasts o
           JOIN forecasts l ON l.product_id = o.product_id
                           AND l.sales_channel_id = o.sales_channel_id
                           AND l.forecast_date = o.forecast_date
                           AND l.bucket IS NOT DISTINCT FROM o.bucket
                           AND l.superseded_by IS NULL
           JOIN products p ON p.id = l.product_id
           JOIN sales_channels c ON c.id = l.sales_channel_id
           WHERE o.id = $1
           ORDER BY l.created_at DESC
           LIMIT 1"#,
        id
    )
    .fetch_optional(ex)
    .await?)
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

/// Which series a run covers: each list empty means all; within a list any matches.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Products by id.
    pub products: Vec<Uuid>,
    /// Channels by id.
    pub channels: Vec<Uuid>,
    /// Product categories, e.g. `GABA Red`.
    pub categories: Vec<String>,
    /// Markets by code (the channel's market).
    pub markets: Vec<String>,
}

/// Units sold of one series in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodDemand {
    /// Product.
    pub product_id: Uuid,
    /// Channel.
    pub sales_channel_id: Uuid,
    /// First day of the period.
    pub period: NaiveDate,
    /// Units sold.
    pub units: i64,
    /// Days of the period with a stock-out.
    pub stockout_days: i32,
}

/// Units sold per series and period in `[from, until)`, with the stock-out days, ordered
/// by series then period. Periods without sales are absent.
///
/// The units come from the sales summaries that triggers keep equal to `historical_sales`:
/// whole months from the monthly one (a row per month, not per day), anything else from
/// the daily one. The stock-out days come from the stock-out rows alone, through a partial
/// index, so a run does not scan every sale of five years.
pub async fn demand_history(
    ex: impl PgExecutor<'_>,
    scope: &Scope,
    bucket: Bucket,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<PeriodDemand>, DbError> {
    let whole_months = bucket == Bucket::Month && from.day() == 1 && until.day() == 1;
    Ok(sqlx::query_as!(
        PeriodDemand,
        r#"WITH daily AS (
               SELECT m.product_id, m.sales_channel_id, m.month AS period, m.units
               FROM sales_monthly_summary m
               WHERE $8 AND m.month >= $2 AND m.month < $3
               UNION ALL
               SELECT d.product_id, d.sales_channel_id, date_trunc($1, d.sale_date)::date, d.units
               FROM sales_daily_summary d
               WHERE NOT $8 AND d.sale_date >= $2 AND d.sale_date < $3),
           units AS (
               SELECT s.product_id, s.sales_channel_id, s.period, sum(s.units)::bigint AS units
               FROM daily s
               JOIN products p ON p.id = s.product_id
               JOIN sales_channels c ON c.id = s.sales_channel_id
               WHERE (cardinality($4::uuid[]) = 0 OR s.product_id = ANY($4))
                 AND (cardinality($5::uuid[]) = 0 OR s.sales_channel_id = ANY($5))
                 AND (cardinality($6::text[]) = 0 OR p.category = ANY($6))
                 AND (cardinality($7::text[]) = 0 OR c.market_code = ANY($7))
               GROUP BY 1, 2, 3),
           stockouts AS (
               SELECT h.product_id, h.sales_channel_id, date_trunc($1, h.sale_date)::date AS period,
                      count(DISTINCT h.sale_date)::int AS days
               FROM historical_sales h
               WHERE h.stockout AND h.sale_date >= $2 AND h.sale_date < $3
               GROUP BY 1, 2, 3)
           SELECT u.product_id AS "product_id!", u.sales_channel_id AS "sales_channel_id!",
                  u.period AS "period!", u.units AS "units!",
                  COALESCE(o.days, 0) AS "stockout_days!"
           FROM units u
           LEFT JOIN stockouts o ON o.product_id = u.product_id
                AND o.sales_channel_id = u.sales_channel_id AND o.period = u.period
           ORDER BY 1, 2, 3"#,
        bucket.as_str(),
        from,
        until,
        &scope.products,
        &scope.channels,
        &scope.categories,
        &scope.markets,
        whole_months,
    )
    .fetch_all(ex)
    .await?)
}

/// A run to record before its rows.
#[derive(Debug, Clone)]
pub struct NewRun {
    /// Period length.
    pub bucket: Bucket,
    /// Periods forecast.
    pub horizon: i32,
    /// The model asked for.
    pub model: String,
    /// Engine version.
    pub engine_version: String,
    /// The scope as chosen.
    pub scope: serde_json::Value,
    /// The scope in words.
    pub scope_label: String,
    /// First forecast day.
    pub origin_date: NaiveDate,
    /// Series forecast.
    pub series_count: i32,
    /// Rows written.
    pub point_count: i32,
    /// How long it took.
    pub elapsed_ms: i32,
    /// `bottom_up` or `mint`.
    pub reconciliation: &'static str,
}

/// Records a run; its creator is the acting user. Returns its id.
pub async fn insert_run(ex: impl PgExecutor<'_>, run: &NewRun) -> Result<Uuid, DbError> {
    Ok(sqlx::query_scalar!(
        "INSERT INTO forecast_runs (bucket, horizon, model, engine_version, scope, scope_label,
             origin_date, series_count, point_count, elapsed_ms, reconciliation)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        run.bucket.as_str(),
        run.horizon,
        run.model,
        run.engine_version,
        run.scope,
        run.scope_label,
        run.origin_date,
        run.series_count,
        run.point_count,
        run.elapsed_ms,
        run.reconciliation,
    )
    .fetch_one(ex)
    .await?)
}

/// What the workbench shows of one series of a run.
#[derive(Debug, Clone)]
pub struct RunSeries {
    /// Product.
    pub product_id: Uuid,
    /// Channel.
    pub sales_channel_id: Uuid,
    /// Model family.
    pub model_type: ModelType,
    /// Exact model.
    pub model_name: String,
    /// Why this model.
    pub reason: String,
    /// 0..1.
    pub confidence_score: Decimal,
    /// Backtest MASE.
    pub mase: Option<Decimal>,
    /// Backtest WAPE, percent.
    pub wape: Option<Decimal>,
    /// Backtest bias, units.
    pub bias: Option<Decimal>,
    // The parts below are JSON text, as they are stored: a run holds thousands of series,
    // and text is a fraction of the memory of a parsed tree.
    /// History as the engine saw it.
    pub history: String,
    /// The backtest.
    pub backtest: String,
    /// Candidates ranked.
    pub candidates: String,
    /// Trend and seasonal components.
    pub decomposition: String,
    /// The fitted model's parameters (the same for every period of the series).
    pub model_parameters: String,
}

/// Stores the series of a run.
pub async fn insert_run_series(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
    series: &[RunSeries],
) -> Result<(), DbError> {
    let col = |f: fn(&RunSeries) -> Uuid| series.iter().map(f).collect::<Vec<_>>();
    let text = |f: fn(&RunSeries) -> String| series.iter().map(f).collect::<Vec<_>>();
    let opt = |f: fn(&RunSeries) -> Option<Decimal>| series.iter().map(f).collect::<Vec<_>>();
    let json = |f: fn(&RunSeries) -> &str| series.iter().map(f).collect::<Vec<_>>();
    sqlx::query!(
        "INSERT INTO forecast_run_series (run_id, product_id, sales_channel_id, model_type, model_name,
             reason, confidence_score, mase, wape, bias, history, backtest, candidates, decomposition,
             model_parameters)
         SELECT $1, p, c, t, n, r, s, m, w, b, h::jsonb, bt::jsonb, ca::jsonb, d::jsonb, mp::jsonb
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[],
             $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[], $11::text[], $12::text[],
             $13::text[], $14::text[], $15::text[]) AS u(p, c, t, n, r, s, m, w, b, h, bt, ca, d, mp)",
        run_id,
        &col(|s| s.product_id),
        &col(|s| s.sales_channel_id),
        &text(|s| s.model_type.as_str().to_owned()),
        &text(|s| s.model_name.clone()),
        &text(|s| s.reason.clone()),
        &series.iter().map(|s| s.confidence_score).collect::<Vec<_>>(),
        &opt(|s| s.mase) as &[Option<Decimal>],
        &opt(|s| s.wape) as &[Option<Decimal>],
        &opt(|s| s.bias) as &[Option<Decimal>],
        &json(|s| &s.history) as &[&str],
        &json(|s| &s.backtest) as &[&str],
        &json(|s| &s.candidates) as &[&str],
        &json(|s| &s.decomposition) as &[&str],
        &json(|s| &s.model_parameters) as &[&str],
    )
    .execute(ex)
    .await?;
    Ok(())
}

/// A run as listed.
#[derive(Debug, Clone)]
pub struct RunRow {
    /// The run's id.
    pub id: Uuid,
    /// Period length, `week` or `month`.
    pub bucket: String,
    /// Periods forecast.
    pub horizon: i32,
    /// The model asked for.
    pub model: String,
    /// Engine version.
    pub engine_version: String,
    /// The scope as chosen.
    pub scope: serde_json::Value,
    /// The scope in words.
    pub scope_label: String,
    /// First forecast day.
    pub origin_date: NaiveDate,
    /// Series forecast.
    pub series_count: i32,
    /// Rows written.
    pub point_count: i32,
    /// How long it took.
    pub elapsed_ms: i32,
    /// `bottom_up` or `mint`.
    pub reconciliation: String,
    /// Who ran it.
    pub created_by_name: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Runs, newest first.
pub async fn list_runs(ex: impl PgExecutor<'_>, limit: i64) -> Result<Vec<RunRow>, DbError> {
    Ok(sqlx::query_as!(
        RunRow,
        r#"SELECT id, bucket, horizon, model, engine_version, scope, scope_label, origin_date,
                  series_count, point_count, elapsed_ms, reconciliation,
                  sentia_user_label(created_by) AS "created_by_name?", created_at
           FROM forecast_runs ORDER BY created_at DESC, id LIMIT $1"#,
        limit
    )
    .fetch_all(ex)
    .await?)
}

/// One series of a run as listed: its model, scores, labels and the total of its live
/// forecast (rows of this run not superseded, or their overrides).
#[derive(Debug, Clone)]
pub struct RunSeriesRow {
    /// Product.
    pub product_id: Uuid,
    /// Product SKU.
    pub sku: String,
    /// Product name.
    pub product_name: String,
    /// Product category.
    pub category: String,
    /// Channel.
    pub sales_channel_id: Uuid,
    /// Channel name.
    pub channel_name: String,
    /// The channel's market.
    pub market_code: String,
    /// Model family.
    pub model_type: String,
    /// Exact model.
    pub model_name: String,
    /// 0..1.
    pub confidence_score: Decimal,
    /// Backtest MASE.
    pub mase: Option<Decimal>,
    /// Backtest WAPE, percent.
    pub wape: Option<Decimal>,
    /// Sum of the live forecast over the horizon.
    pub total: i64,
    /// Live rows overridden by a planner.
    pub overridden: i64,
    /// Workflow state of the live rows: one status, or `mixed`.
    pub status: String,
}

/// The series of a run with their live forecast's total and state.
pub async fn run_series(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
) -> Result<Vec<RunSeriesRow>, DbError> {
    Ok(sqlx::query_as!(
        RunSeriesRow,
        r#"SELECT rs.product_id, p.sku, p.name AS product_name, p.category,
                  rs.sales_channel_id, c.name AS channel_name, c.market_code,
                  rs.model_type, rs.model_name, rs.confidence_score, rs.mase, rs.wape,
                  COALESCE(live.total, 0)::bigint AS "total!",
                  COALESCE(live.overridden, 0)::bigint AS "overridden!",
                  COALESCE(live.status, 'superseded') AS "status!"
           FROM forecast_run_series rs
           JOIN forecast_runs r ON r.id = rs.run_id
           JOIN products p ON p.id = rs.product_id
           JOIN sales_channels c ON c.id = rs.sales_channel_id
           LEFT JOIN LATERAL (
               SELECT sum(f.predicted_demand) AS total,
                      count(*) FILTER (WHERE f.model_type = 'Manual') AS overridden,
                      CASE WHEN count(*) = 0 THEN NULL
                           WHEN count(DISTINCT f.status) = 1 THEN min(f.status)
                           ELSE 'mixed' END AS status
               FROM forecasts f
               WHERE f.run_id = rs.run_id AND f.product_id = rs.product_id
                 AND f.sales_channel_id = rs.sales_channel_id AND f.superseded_by IS NULL
           ) live ON true
           WHERE rs.run_id = $1
           ORDER BY p.sku, c.name"#,
        run_id
    )
    .fetch_all(ex)
    .await?)
}

/// What a run kept of one series.
#[derive(Debug, Clone)]
pub struct RunSeriesDetail {
    /// The run's period length.
    pub bucket: String,
    /// First forecast day.
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
    /// Why this model.
    pub reason: String,
    /// 0..1.
    pub confidence_score: Decimal,
    /// Backtest MASE.
    pub mase: Option<Decimal>,
    /// Backtest WAPE, percent.
    pub wape: Option<Decimal>,
    /// Backtest bias, units.
    pub bias: Option<Decimal>,
    /// History as the engine saw it.
    pub history: serde_json::Value,
    /// The backtest.
    pub backtest: serde_json::Value,
    /// Candidates ranked.
    pub candidates: serde_json::Value,
    /// Trend and seasonal components.
    pub decomposition: serde_json::Value,
}

/// One series of a run, as the run saw it.
pub async fn run_series_detail(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
    product_id: Uuid,
    channel_id: Uuid,
) -> Result<Option<RunSeriesDetail>, DbError> {
    Ok(sqlx::query_as!(
        RunSeriesDetail,
        r#"SELECT r.bucket, r.origin_date, p.sku, p.name AS product_name, c.name AS channel_name,
                  rs.model_type, rs.model_name, rs.reason, rs.confidence_score, rs.mase, rs.wape,
                  rs.bias, rs.history, rs.backtest, rs.candidates, rs.decomposition
           FROM forecast_run_series rs
           JOIN forecast_runs r ON r.id = rs.run_id
           JOIN products p ON p.id = rs.product_id
           JOIN sales_channels c ON c.id = rs.sales_channel_id
           WHERE rs.run_id = $1 AND rs.product_id = $2 AND rs.sales_channel_id = $3"#,
        run_id,
        product_id,
        channel_id
    )
    .fetch_optional(ex)
    .await?)
}

/// A forecast row of a run, live or not, with its statistical value beside an override.
#[derive(Debug, Clone)]
pub struct RunPoint {
    /// The row's id.
    pub id: Uuid,
    /// First day of the period.
    pub forecast_date: NaiveDate,
    /// Units.
    pub predicted_demand: i32,
    /// 95 % interval.
    pub lower_bound: i32,
    /// 95 % interval.
    pub upper_bound: i32,
    /// 80 % interval.
    pub lower_80: Option<i32>,
    /// 80 % interval.
    pub upper_80: Option<i32>,
    /// Model family.
    pub model_type: String,
    /// Workflow state.
    pub status: String,
    /// Why a planner overrode it.
    pub override_reason: Option<String>,
    /// The statistical value an override replaced.
    pub statistical_demand: Option<i32>,
    /// Trend at the date, units.
    pub trend_component: Option<Decimal>,
    /// Seasonal part at the date, units.
    pub seasonal_component: Option<Decimal>,
    /// Who overrode, submitted or decided last.
    pub changed_by_name: Option<String>,
    /// Why a manager rejected it.
    pub rejection_reason: Option<String>,
    /// Units sold in the period, once it is complete.
    pub actual_demand: Option<i32>,
}

/// The live rows of a run's series, by date.
pub async fn run_points(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
    product_id: Uuid,
    channel_id: Uuid,
) -> Result<Vec<RunPoint>, DbError> {
    Ok(sqlx::query_as!(
        RunPoint,
        r#"SELECT f.id, f.forecast_date, f.predicted_demand, f.lower_bound, f.upper_bound,
                  f.lower_80, f.upper_80, f.model_type, f.status, f.override_reason,
                  s.predicted_demand AS "statistical_demand?",
                  COALESCE(f.trend_component, s.trend_component) AS trend_component,
                  COALESCE(f.seasonal_component, s.seasonal_component) AS seasonal_component,
                  sentia_user_label(COALESCE(f.approved_by, f.rejected_by, f.submitted_by, f.created_by))
                      AS "changed_by_name?",
                  f.rejection_reason, f.actual_demand
           FROM forecasts f
           LEFT JOIN forecasts s ON s.id = f.statistical_id
           WHERE f.run_id = $1 AND f.product_id = $2 AND f.sales_channel_id = $3
             AND f.superseded_by IS NULL
           ORDER BY f.forecast_date"#,
        run_id,
        product_id,
        channel_id
    )
    .fetch_all(ex)
    .await?)
}

/// Live rows of the given series of a run, in state `from`: the ids a series-level
/// workflow step moves.
pub async fn live_ids_of_series(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
    series: &[(Uuid, Uuid)],
    from: ForecastStatus,
) -> Result<Vec<Uuid>, DbError> {
    let products: Vec<Uuid> = series.iter().map(|s| s.0).collect();
    let channels: Vec<Uuid> = series.iter().map(|s| s.1).collect();
    Ok(sqlx::query_scalar!(
        "SELECT f.id FROM forecasts f
         JOIN unnest($2::uuid[], $3::uuid[]) AS k(product_id, channel_id)
           ON k.product_id = f.product_id AND k.channel_id = f.sales_channel_id
         WHERE f.run_id = $1 AND f.superseded_by IS NULL AND f.status = $4
         ORDER BY f.id",
        run_id,
        &products,
        &channels,
        from.as_str()
    )
    .fetch_all(ex)
    .await?)
}

/// A series as a run names and groups it.
#[derive(Debug, Clone)]
pub struct SeriesInfo {
    /// Product.
    pub product_id: Uuid,
    /// Channel.
    pub channel_id: Uuid,
    /// `SKU · channel name`.
    pub label: String,
    /// The product's category.
    pub category: String,
    /// The channel's market.
    pub market_code: String,
}

/// The label and groups of each series.
pub async fn series_info(
    ex: impl PgExecutor<'_>,
    series: &[(Uuid, Uuid)],
) -> Result<Vec<SeriesInfo>, DbError> {
    let products: Vec<Uuid> = series.iter().map(|s| s.0).collect();
    let channels: Vec<Uuid> = series.iter().map(|s| s.1).collect();
    Ok(sqlx::query_as!(
        SeriesInfo,
        r#"SELECT k.product_id AS "product_id!", k.channel_id AS "channel_id!",
                  p.sku || ' · ' || c.name AS "label!", p.category AS "category!",
                  c.market_code AS "market_code!"
           FROM unnest($1::uuid[], $2::uuid[]) AS k(product_id, channel_id)
           JOIN products p ON p.id = k.product_id
           JOIN sales_channels c ON c.id = k.channel_id"#,
        &products,
        &channels
    )
    .fetch_all(ex)
    .await?)
}

/// A comment on a forecast series, with its author's name.
#[derive(Debug, Clone)]
pub struct CommentRow {
    /// Its id.
    pub id: Uuid,
    /// The period it is about; `None` for the whole series.
    pub forecast_date: Option<NaiveDate>,
    /// What it says.
    pub body: String,
    /// Who wrote it.
    pub author_name: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Adds a comment as the row `id` (the caller's, so that a comment sent twice is one);
/// `false` when that row exists already. The author is the session's user.
pub async fn add_comment(
    ex: impl PgExecutor<'_>,
    id: Uuid,
    product_id: Uuid,
    channel_id: Uuid,
    forecast_date: Option<NaiveDate>,
    body: &str,
) -> Result<bool, DbError> {
    let done = sqlx::query!(
        "INSERT INTO forecast_comments (id, product_id, sales_channel_id, forecast_date, body)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING",
        id,
        product_id,
        channel_id,
        forecast_date,
        body
    )
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The comments on a series, oldest first.
pub async fn comments(
    ex: impl PgExecutor<'_>,
    product_id: Uuid,
    channel_id: Uuid,
) -> Result<Vec<CommentRow>, DbError> {
    Ok(sqlx::query_as!(
        CommentRow,
        r#"SELECT id, forecast_date, body, sentia_user_label(created_by) AS "author_name?",
                  created_at
           FROM forecast_comments
           WHERE product_id = $1 AND sales_channel_id = $2
           ORDER BY created_at, id"#,
        product_id,
        channel_id
    )
    .fetch_all(ex)
    .await?)
}
