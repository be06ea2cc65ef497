//! One forecast run: read the history by period, review every series with the engine on
//! blocking threads (a chunk at a time, so progress and cancel are heard between chunks),
//! then write the run, its series and its rows in one transaction.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;

use chrono::{Datelike, Duration, Months, NaiveDate};
use rayon::prelude::*;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use sentia_db::forecasts::{self as db, NewForecast, NewRun, PeriodDemand, RunRow, RunSeries};
use sentia_domain::{ModelType, Permission};
use sentia_forecast::{review, ModelKind, ModelName, Review, ReviewConfig, SeasonalKind};
use uuid::Uuid;

use super::model::*;
use super::reconcile::{self, Base, Membership};
use crate::job::Cancel;
use crate::{settings, App, AppError};

/// Years of history a run reads.
const HISTORY_YEARS: u32 = 5;

/// Series reviewed per blocking task: progress and cancel are heard between chunks.
const CHUNK: usize = 64;

/// Most periods one run may forecast.
const MAX_HORIZON: u32 = 104;

/// Interval levels stored with every forecast row.
const LEVELS: [f64; 2] = [80.0, 95.0];

/// The engine's version, stored with every run and row.
fn engine_version() -> String {
    format!("sentia-forecast {}", env!("CARGO_PKG_VERSION"))
}

/// Season length of a bucket.
pub fn season_length(bucket: Bucket) -> u32 {
    match bucket {
        Bucket::Week => 52,
        Bucket::Month => 12,
    }
}

fn db_bucket(bucket: Bucket) -> db::Bucket {
    match bucket {
        Bucket::Week => db::Bucket::Week,
        Bucket::Month => db::Bucket::Month,
    }
}

pub(super) fn bucket_of(text: &str) -> Result<Bucket, AppError> {
    match text {
        "week" => Ok(Bucket::Week),
        "month" => Ok(Bucket::Month),
        other => Err(AppError::internal(&format!("unknown bucket {other:?}"))),
    }
}

/// First day of the period holding `day`.
fn period_start(bucket: Bucket, day: NaiveDate) -> NaiveDate {
    match bucket {
        Bucket::Week => day - Duration::days(day.weekday().num_days_from_monday().into()),
        Bucket::Month => day.with_day(1).expect("day 1 exists"),
    }
}

/// The first day of the period `k` periods after the one starting on `start`.
fn period_after(bucket: Bucket, start: NaiveDate, k: u32) -> NaiveDate {
    match bucket {
        Bucket::Week => start + Duration::weeks(k.into()),
        Bucket::Month => start + Months::new(k),
    }
}

/// The run's family for the stored `model_type` column.
fn model_type(name: &ModelName) -> ModelType {
    match name {
        ModelName::Naive
        | ModelName::SeasonalNaive
        | ModelName::WindowAverage
        | ModelName::Naive2 => ModelType::Naive,
        ModelName::Ets { .. } | ModelName::EtsAverage { .. } => ModelType::Ets,
        ModelName::Arima { .. } => ModelType::Arima,
        ModelName::Theta { .. } => ModelType::Theta,
        ModelName::Regression => ModelType::Prophet,
        ModelName::Intermittent { .. } => ModelType::Croston,
        ModelName::Ml => ModelType::Ml,
        ModelName::Combination { .. } => ModelType::Ensemble,
        ModelName::Select { model, .. } => model_type(model),
    }
}

/// One series read from the database, ready for the engine.
struct SeriesInput {
    key: SeriesKey,
    periods: Vec<NaiveDate>,
    units: Vec<f64>,
    stockout_days: Vec<u32>,
}

/// A reviewed series.
/// Reads, forecasts and writes one run; `cancel` stops it before anything is written.
pub async fn run_forecasts(
    app: &App,
    request: &RunRequest,
    progress: &(dyn Fn(RunProgress) + Sync),
    cancel: &Cancel,
) -> Result<ForecastRun, AppError> {
    let auth = app.authorise(Permission::ForecastRun)?;
    let started = Instant::now();
    let kind = match request.model.as_deref().map(str::trim) {
        None | Some("") => ModelKind::Auto,
        Some(name) => ModelKind::from_str(name)
            .map_err(|_| AppError::validation("model", format!("no model is called {name:?}")))?,
    };
    let bucket = request.bucket;
    let reconciliation = request.reconciliation.unwrap_or_default();
    let mut tx = app.begin(auth).await?;
    sentia_db::imports::allow_long_statements(tx.conn()).await?;
    let horizon = match request.horizon {
        Some(h) => h,
        None => {
            let user = tx.session().user_id();
            let days = settings::default_horizon_days(tx.conn(), user).await?;
            let per = match bucket {
                Bucket::Week => 7,
                Bucket::Month => 30,
            };
            days.div_ceil(per)
        }
    };
    if !(1..=MAX_HORIZON).contains(&horizon) {
        return Err(AppError::validation(
            "horizon",
            format!("forecast between 1 and {MAX_HORIZON} periods ahead"),
        ));
    }

    progress(RunProgress {
        stage: RunStage::Reading,
        done: 0,
        total: 0,
        current: None,
    });
    let last = sentia_db::sales::last_sale_date(tx.conn())
        .await?
        .ok_or_else(|| {
            AppError::validation("scope", "there is no sales history yet; import sales first")
        })?;
    let today = chrono::Local::now().date_naive();
    let first_without_data = (last + Duration::days(1)).min(today);
    let origin = period_start(bucket, first_without_data);
    let from = period_start(bucket, origin - Months::new(12 * HISTORY_YEARS));
    let scope = db_scope(&request.scope);
    let history = db::demand_history(tx.conn(), &scope, db_bucket(bucket), from, origin).await?;
    let partial = db::demand_history(
        tx.conn(),
        &scope,
        db_bucket(bucket),
        origin,
        first_without_data,
    )
    .await?;
    let inputs = series_inputs(bucket, origin, history);
    if inputs.is_empty() {
        return Err(AppError::validation(
            "scope",
            "no series in this scope has sales before the current period",
        ));
    }
    let info = series_info(&mut tx, &inputs).await?;
    let labels: BTreeMap<SeriesKey, String> =
        info.iter().map(|(k, i)| (*k, i.label.clone())).collect();
    let season = season_length(bucket) as usize;
    // MinT reconciles the totals over the run's series, weighing each level by its errors
    // over the periods the longest series backtests. Without a total of two series or
    // more there is nothing to reconcile, and the run is bottom-up.
    let mut mint = None;
    if reconciliation == Reconciliation::Mint {
        let members = inputs
            .iter()
            .map(|s| {
                let i = info.get(&s.key).ok_or_else(|| {
                    AppError::internal(&"a series without its product or channel")
                })?;
                Ok(Membership {
                    product_id: s.key.product_id,
                    channel_id: s.key.channel_id,
                    category: i.category.clone(),
                    market_code: i.market_code.clone(),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let (hierarchy, names) = reconcile::hierarchy(&members);
        if !hierarchy.aggregates.is_empty() {
            let longest = inputs.iter().map(|s| s.periods.len()).max().unwrap_or(0);
            let periods =
                reconcile::error_periods(longest, season, horizon as usize).ok_or_else(|| {
                    AppError::validation(
                        "reconciliation",
                        "MinT weighs the levels by their backtest, which needs two years of \
                         history plus three periods and a horizon of three or more; choose \
                         bottom-up for this run",
                    )
                })?;
            mint = Some((hierarchy, names, periods));
        }
    }
    let reconciliation = if mint.is_some() {
        Reconciliation::Mint
    } else {
        Reconciliation::BottomUp
    };
    let error_periods = mint.as_ref().map(|(_, _, periods)| *periods);
    cancel.check()?;

    let total = inputs.len() as u32;
    let cfg = ReviewConfig {
        kind,
        season_length: season_length(bucket),
        horizon: horizon as usize,
        levels: LEVELS.to_vec(),
        seed: 0,
    };
    let partial_units: Arc<BTreeMap<SeriesKey, (f64, u32)>> = Arc::new(
        partial
            .into_iter()
            .map(|p| {
                (
                    SeriesKey {
                        product_id: p.product_id,
                        channel_id: p.sales_channel_id,
                    },
                    (p.units as f64, p.stockout_days as u32),
                )
            })
            .collect(),
    );
    let version = engine_version();
    // Where every new row goes is known before its value, so the live rows it replaces are
    // superseded while the engine works: the database's work overlaps the engine's.
    let slots: Vec<db::RowSlot> = inputs
        .iter()
        .flat_map(|input| {
            (0..horizon).map(move |k| db::RowSlot {
                id: Uuid::new_v4(),
                product_id: input.key.product_id,
                sales_channel_id: input.key.channel_id,
                forecast_date: period_after(bucket, origin, k),
                origin_date: origin,
            })
        })
        .collect();
    let superseding = async {
        let began = Instant::now();
        db::supersede(tx.conn(), &slots).await?;
        Ok::<_, AppError>(began.elapsed())
    };
    let forecasting = review_all(
        inputs,
        &labels,
        &cfg,
        &partial_units,
        &version,
        (bucket, origin, horizon),
        error_periods,
        progress,
        cancel,
    );
    let (superseded, reviewed) = tokio::join!(superseding, forecasting);
    let (mut series_rows, mut points, bases) = reviewed?;
    let supersede_secs = superseded?.as_secs_f64();
    cancel.check()?;
    if let Some((hierarchy, names, periods)) = mint {
        let began = Instant::now();
        let outcome =
            reconcile::reconcile(hierarchy, names, bases, &cfg, periods, progress, cancel).await?;
        reconcile::apply(&outcome, horizon as usize, &mut series_rows, &mut points);
        tracing::info!(
            totals = outcome.totals,
            shrinkage = outcome.shrinkage,
            solve_secs = outcome.solve_secs,
            secs = began.elapsed().as_secs_f64(),
            "forecast run reconciled by MinT"
        );
        cancel.check()?;
    }
    progress(RunProgress {
        stage: RunStage::Writing,
        done: total,
        total,
        current: None,
    });

    let elapsed_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    let run = NewRun {
        bucket: db_bucket(bucket),
        horizon: horizon as i32,
        model: kind.column_name().to_owned(),
        engine_version: version,
        scope: serde_json::to_value(&request.scope).map_err(|e| AppError::internal(&e))?,
        scope_label: scope_label(&request.scope, &labels, &series_rows),
        origin_date: origin,
        series_count: series_rows.len() as i32,
        point_count: points.len() as i32,
        elapsed_ms: elapsed_ms as i32,
        reconciliation: reconciliation.as_str(),
    };
    let writing = Instant::now();
    let run_id = db::insert_run(tx.conn(), &run).await?;
    for p in &mut points {
        p.run_id = Some(run_id);
    }
    cancel.check()?;
    db::insert_run_series(tx.conn(), run_id, &series_rows).await?;
    let series_written = writing.elapsed();
    // The engine writes its rows in the order of the slots made above.
    if points.len() != slots.len()
        || points.iter().zip(&slots).any(|(p, s)| {
            (p.product_id, p.sales_channel_id, p.forecast_date)
                != (s.product_id, s.sales_channel_id, s.forecast_date)
        })
    {
        return Err(AppError::internal(
            &"the forecast rows do not match their slots",
        ));
    }
    let ids: Vec<Uuid> = slots.iter().map(|s| s.id).collect();
    db::insert_points(tx.conn(), &ids, &points).await?;
    let points_written = writing.elapsed();
    cancel.check()?;
    let listed = db::list_runs(tx.conn(), 1).await?;
    tx.commit().await?;
    tracing::info!(
        series = series_rows.len(),
        points = points.len(),
        supersede_secs,
        series_secs = series_written.as_secs_f64(),
        points_secs = (points_written - series_written).as_secs_f64(),
        commit_secs = (writing.elapsed() - points_written).as_secs_f64(),
        "forecast run written"
    );
    let row = listed
        .into_iter()
        .find(|r| r.id == run_id)
        .ok_or_else(|| AppError::internal(&"the new run is not listed"))?;
    run_view(row)
}

/// Reviews every series with the engine on blocking threads, a chunk at a time so that
/// progress and cancel are heard between chunks; each series becomes its run row and its
/// forecast rows, in the order of `inputs`.
#[allow(clippy::too_many_arguments)]
async fn review_all(
    inputs: Vec<SeriesInput>,
    labels: &BTreeMap<SeriesKey, String>,
    cfg: &ReviewConfig,
    partial_units: &Arc<BTreeMap<SeriesKey, (f64, u32)>>,
    version: &str,
    (bucket, origin, horizon): (Bucket, NaiveDate, u32),
    error_periods: Option<usize>,
    progress: &(dyn Fn(RunProgress) + Sync),
    cancel: &Cancel,
) -> Result<(Vec<RunSeries>, Vec<NewForecast>, Vec<Base>), AppError> {
    let total = inputs.len() as u32;
    let season = cfg.season_length.max(1) as usize;
    let mut series_rows = Vec::with_capacity(inputs.len());
    let mut points = Vec::with_capacity(inputs.len() * horizon as usize);
    let mut bases = Vec::new();
    let mut pending = inputs;
    while !pending.is_empty() {
        cancel.check()?;
        let rest = pending.split_off(pending.len().min(CHUNK));
        let chunk = std::mem::replace(&mut pending, rest);
        progress(RunProgress {
            stage: RunStage::Forecasting,
            done: series_rows.len() as u32,
            total,
            current: chunk.first().and_then(|s| labels.get(&s.key).cloned()),
        });
        let (cfg, partial_units, version) =
            (cfg.clone(), partial_units.clone(), version.to_owned());
        // Each series becomes its rows on the worker thread and its review (fitted models,
        // candidates) is dropped there: memory stays in the rows, not in 15,000 reviews.
        let written = tokio::task::spawn_blocking(move || {
            chunk
                .into_par_iter()
                .map(|input| {
                    let key = input.key;
                    let censored: Vec<bool> = input.stockout_days.iter().map(|d| *d > 0).collect();
                    let rows = review(&input.units, &censored, &cfg)
                        .map_err(|e| e.to_string())
                        .and_then(|review| {
                            let row = run_series_row(
                                bucket,
                                origin,
                                &input,
                                &review,
                                partial_units.get(&key),
                            )
                            .map_err(|e| e.to_string())?;
                            let points = forecast_rows(
                                bucket, origin, horizon, &version, &input, &review, &row,
                            );
                            let base = error_periods.map(|k| Base::of(&review, k, season));
                            Ok((row, points, base))
                        });
                    (key, rows)
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| AppError::internal(&e))?;
        for (key, rows) in written {
            let (row, series_points, base) = rows.map_err(|e| {
                let label = labels.get(&key).cloned().unwrap_or_default();
                AppError::internal(&format!("{label}: {e}"))
            })?;
            series_rows.push(row);
            points.extend(series_points);
            bases.extend(base);
        }
    }
    Ok((series_rows, points, bases))
}

fn db_scope(scope: &ForecastScope) -> db::Scope {
    db::Scope {
        products: scope.products.clone(),
        channels: scope.channels.clone(),
        categories: scope.categories.clone(),
        markets: scope.markets.clone(),
    }
}

/// Groups the per-period rows into series running from their first period with sales to
/// the last period before `origin`, periods without sales as 0.
fn series_inputs(bucket: Bucket, origin: NaiveDate, rows: Vec<PeriodDemand>) -> Vec<SeriesInput> {
    let mut by_series: BTreeMap<SeriesKey, Vec<PeriodDemand>> = BTreeMap::new();
    for row in rows {
        let key = SeriesKey {
            product_id: row.product_id,
            channel_id: row.sales_channel_id,
        };
        by_series.entry(key).or_default().push(row);
    }
    by_series
        .into_iter()
        .map(|(key, rows)| {
            let first = rows[0].period;
            let mut periods = Vec::new();
            let mut day = first;
            while day < origin {
                periods.push(day);
                day = period_after(bucket, day, 1);
            }
            let index: BTreeMap<NaiveDate, usize> =
                periods.iter().enumerate().map(|(i, d)| (*d, i)).collect();
            let mut units = vec![0.0; periods.len()];
            let mut stockout_days = vec![0; periods.len()];
            for r in rows {
                if let Some(&i) = index.get(&r.period) {
                    units[i] = r.units as f64;
                    stockout_days[i] = r.stockout_days.max(0) as u32;
                }
            }
            SeriesInput {
                key,
                periods,
                units,
                stockout_days,
            }
        })
        .collect()
}

/// Each series' label (`SKU · channel`, for progress and the scope's label) and groups.
async fn series_info(
    tx: &mut crate::AuthorisedTx,
    inputs: &[SeriesInput],
) -> Result<BTreeMap<SeriesKey, db::SeriesInfo>, AppError> {
    let keys: Vec<(Uuid, Uuid)> = inputs
        .iter()
        .map(|s| (s.key.product_id, s.key.channel_id))
        .collect();
    Ok(db::series_info(tx.conn(), &keys)
        .await?
        .into_iter()
        .map(|info| {
            let key = SeriesKey {
                product_id: info.product_id,
                channel_id: info.channel_id,
            };
            (key, info)
        })
        .collect())
}

/// The scope in words: the lists chosen, or the one series when there is one.
fn scope_label(
    scope: &ForecastScope,
    labels: &BTreeMap<SeriesKey, String>,
    series: &[RunSeries],
) -> String {
    if let [only] = series {
        let key = SeriesKey {
            product_id: only.product_id,
            channel_id: only.sales_channel_id,
        };
        if let Some(label) = labels.get(&key) {
            return label.clone();
        }
    }
    let mut parts = Vec::new();
    if !scope.categories.is_empty() {
        parts.push(scope.categories.join(", "));
    }
    if !scope.markets.is_empty() {
        parts.push(format!("market {}", scope.markets.join(", ")));
    }
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if !scope.products.is_empty() {
        parts.push(count(scope.products.len(), "product", "products"));
    }
    if !scope.channels.is_empty() {
        parts.push(count(scope.channels.len(), "channel", "channels"));
    }
    let what = if parts.is_empty() {
        "Everything".to_owned()
    } else {
        parts.join(" · ")
    };
    format!("{what} ({})", count(series.len(), "series", "series"))
}

fn decimal(v: f64, dp: u32) -> Option<Decimal> {
    Decimal::from_f64(v)
        .filter(|_| v.is_finite())
        .map(|d| d.round_dp(dp))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::internal(&e))
}

/// What the workbench keeps of a reviewed series.
fn run_series_row(
    bucket: Bucket,
    origin: NaiveDate,
    input: &SeriesInput,
    review: &Review,
    partial: Option<&(f64, u32)>,
) -> Result<RunSeries, AppError> {
    let mut history: Vec<HistoryPoint> = input
        .periods
        .iter()
        .enumerate()
        .map(|(i, period)| HistoryPoint {
            period: *period,
            units: input.units[i],
            demand: review.demand[i],
            stockout_days: input.stockout_days[i],
            partial: false,
        })
        .collect();
    if let Some(&(units, stockout_days)) = partial {
        history.push(HistoryPoint {
            period: origin,
            units,
            demand: units,
            stockout_days,
            partial: true,
        });
    }
    let backtest: Vec<BacktestPoint> = review
        .backtest
        .iter()
        .flat_map(|b| {
            b.predicted
                .iter()
                .zip(&b.actual)
                .enumerate()
                .map(move |(k, (p, a))| BacktestPoint {
                    period: input.periods[b.start + k],
                    actual: *a,
                    predicted: *p,
                })
        })
        .collect();
    let candidates: Vec<CandidateScore> = review
        .candidates
        .iter()
        .map(|c| CandidateScore {
            kind: c.kind.column_name().to_owned(),
            model: c.model.clone(),
            mase: c.mase,
            wape: c.wape,
            bias: c.bias,
        })
        .collect();
    let n = input.periods.len();
    let components: Vec<ComponentPoint> = (0..n + review.forecast.point.len())
        .map(|i| {
            let period = if i < n {
                input.periods[i]
            } else {
                period_after(bucket, origin, (i - n) as u32)
            };
            let (trend, seasonal) = component_units(review, i);
            ComponentPoint {
                period,
                trend,
                seasonal,
            }
        })
        .collect();
    let accuracy = review.backtest.as_ref().map(|b| &b.accuracy);
    Ok(RunSeries {
        product_id: input.key.product_id,
        sales_channel_id: input.key.channel_id,
        model_type: model_type(&review.forecast.model),
        model_name: review.forecast.model.to_string(),
        reason: review.reason.clone(),
        confidence_score: decimal(review.confidence, 2).unwrap_or_default(),
        mase: accuracy.and_then(|a| a.mase).and_then(|v| decimal(v, 4)),
        wape: accuracy.and_then(|a| a.wape).and_then(|v| decimal(v, 4)),
        bias: accuracy.and_then(|a| decimal(a.bias, 4)),
        history: json(&history)?,
        backtest: json(&backtest)?,
        candidates: json(&candidates)?,
        decomposition: json(&components)?,
        model_parameters: json(&review.forecast.params)?,
    })
}

/// Trend and seasonal part in units at index `i` of history + horizon (a multiplicative
/// season as the units it adds to the trend).
fn component_units(review: &Review, i: usize) -> (f64, f64) {
    let d = &review.forecast.decomposition;
    let trend = d.trend.get(i).copied().unwrap_or(0.0);
    let s = d.seasonal.get(i).copied();
    let seasonal = match (d.kind, s) {
        (SeasonalKind::Multiplicative, Some(s)) => trend * (s - 1.0),
        (SeasonalKind::Additive, Some(s)) => s,
        _ => 0.0,
    };
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    (finite(trend), finite(seasonal))
}

/// The rows of a reviewed series, one per forecast period.
fn forecast_rows(
    bucket: Bucket,
    origin: NaiveDate,
    horizon: u32,
    version: &str,
    input: &SeriesInput,
    review: &Review,
    row: &RunSeries,
) -> Vec<NewForecast> {
    let f = &review.forecast;
    let interval = |level: f64, k: usize| f.interval(level).map(|iv| (iv.lower[k], iv.upper[k]));
    let n = input.periods.len();
    // The parameters are the same for every period: kept once, with the run's series.
    let params = serde_json::json!({"keptWith": "forecast_run_series"});
    (0..horizon as usize)
        .map(|k| {
            let point = units(f.point[k]);
            let bounds = |level| {
                interval(level, k).map(|(lo, hi)| (units(lo).min(point), units(hi).max(point)))
            };
            let (lower, upper) = bounds(95.0).unwrap_or((point, point));
            let (trend, seasonal) = component_units(review, n + k);
            let day = period_after(bucket, origin, k as u32);
            NewForecast {
                product_id: input.key.product_id,
                sales_channel_id: input.key.channel_id,
                forecast_date: day,
                origin_date: origin,
                predicted_demand: point,
                lower_bound: lower,
                upper_bound: upper,
                interval_level: Decimal::new(95, 2),
                confidence_score: row.confidence_score,
                model_type: row.model_type,
                model_name: truncate(&row.model_name, 100),
                model_version: version.to_owned(),
                model_parameters: params.clone(),
                trend_component: decimal(trend, 4),
                seasonal_component: decimal(seasonal, 4),
                mape: review
                    .backtest
                    .as_ref()
                    .and_then(|b| b.accuracy.mape)
                    .and_then(|v| decimal(v, 4)),
                smape: review
                    .backtest
                    .as_ref()
                    .and_then(|b| decimal(b.accuracy.smape, 4)),
                mase: row.mase,
                rmse: review
                    .backtest
                    .as_ref()
                    .and_then(|b| decimal(b.accuracy.rmse, 4)),
                wape: row.wape,
                bias: row.bias,
                interval_80: bounds(80.0),
                run_id: None,
                bucket: Some(db_bucket(bucket)),
            }
        })
        .collect()
}

/// A forecast value as stored: whole units, at least 0 (NaN becomes 0).
pub(super) fn units(v: f64) -> i32 {
    v.max(0.0).round().min(i32::MAX as f64) as i32
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

pub(super) fn run_view(r: RunRow) -> Result<ForecastRun, AppError> {
    let count = |v: i32| u32::try_from(v).unwrap_or(0);
    Ok(ForecastRun {
        id: r.id,
        bucket: bucket_of(&r.bucket)?,
        horizon: count(r.horizon),
        model: r.model,
        engine_version: r.engine_version,
        scope_label: r.scope_label,
        scope: serde_json::from_value(r.scope).unwrap_or_default(),
        origin_date: r.origin_date,
        series_count: count(r.series_count),
        point_count: count(r.point_count),
        elapsed_ms: count(r.elapsed_ms),
        reconciliation: match r.reconciliation.as_str() {
            "mint" => Reconciliation::Mint,
            _ => Reconciliation::BottomUp,
        },
        created_by_name: r.created_by_name,
        created_at: r.created_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_start_on_monday_or_the_first() {
        assert_eq!(
            period_start(Bucket::Week, day("2026-12-06")),
            day("2026-11-30")
        );
        assert_eq!(
            period_start(Bucket::Week, day("2026-11-30")),
            day("2026-11-30")
        );
        assert_eq!(
            period_start(Bucket::Month, day("2026-12-06")),
            day("2026-12-01")
        );
        assert_eq!(
            period_after(Bucket::Month, day("2026-11-01"), 3),
            day("2027-02-01")
        );
        assert_eq!(
            period_after(Bucket::Week, day("2026-11-30"), 2),
            day("2026-12-14")
        );
    }

    #[test]
    fn gaps_in_a_series_are_zero_and_it_starts_at_its_first_sale() {
        let (p, c) = (Uuid::new_v4(), Uuid::new_v4());
        let row = |period: &str, units, stockout_days| PeriodDemand {
            product_id: p,
            sales_channel_id: c,
            period: day(period),
            units,
            stockout_days,
        };
        let inputs = series_inputs(
            Bucket::Month,
            day("2026-11-01"),
            vec![row("2026-07-01", 5, 0), row("2026-09-01", 7, 2)],
        );
        assert_eq!(inputs.len(), 1);
        assert_eq!(inputs[0].units, vec![5.0, 0.0, 7.0, 0.0]);
        assert_eq!(inputs[0].stockout_days, vec![0, 0, 2, 0]);
        assert_eq!(inputs[0].periods[3], day("2026-10-01"));
    }

    #[test]
    fn model_families_follow_the_fitted_model() {
        let combination = ModelName::Combination {
            members: vec![ModelName::Naive],
        };
        assert_eq!(model_type(&combination), ModelType::Ensemble);
        let selected = ModelName::Select {
            chosen: ModelKind::Theta,
            model: Box::new(ModelName::Theta {
                optimized: false,
                dynamic: false,
            }),
        };
        assert_eq!(model_type(&selected), ModelType::Theta);
    }
}
