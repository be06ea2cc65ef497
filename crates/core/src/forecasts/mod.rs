//! The forecast workbench: runs of the engine over the sales history, kept as batches
//! that can be reopened; per-series review (history, backtest, candidates, components);
//! planners' overrides; and the approval workflow.
//!
//! The history ends before the current period: the period holding the first day without
//! data (today, or the day after the last sale when the data stops earlier) is partial, so
//! it is never learnt from; the series view shows its sales so far marked partial, and the
//! forecast starts with it. Periods with stock-out days are censored demand
//! ([`sentia_forecast::uncensor`]).

mod accuracy;
mod aggregate;
mod model;
mod reconcile;
mod run;

use sentia_db::forecasts as db;
use sentia_domain::{ForecastStatus, Permission};
use uuid::Uuid;

pub use accuracy::{accuracy_of, value_added};
pub use aggregate::{aggregate, override_aggregate};
pub use model::*;
pub use run::{run_forecasts, season_length};

use crate::job::{self, Job};
use crate::offline::{self, Screen};
use crate::{App, AppError};

/// Runs listed at most.
const MAX_RUNS: i64 = 200;

/// Longest override reason, characters.
const MAX_REASON: usize = 500;

/// Runs a forecast as the one run under way; [`cancel_run`] stops it.
pub async fn start_run(
    app: &App,
    request: &RunRequest,
    progress: &(dyn Fn(RunProgress) + Sync),
) -> Result<ForecastRun, AppError> {
    app.authorise(Permission::ForecastRun)?;
    job::exclusive(app, Job::ForecastRun, |cancel| async move {
        run_forecasts(app, request, progress, &cancel).await
    })
    .await
}

/// Cancels the forecast run under way, if any (it writes nothing).
pub fn cancel_run(app: &App) -> Result<(), AppError> {
    app.authorise(Permission::ForecastRun)?;
    job::cancel(app, Job::ForecastRun);
    Ok(())
}

/// Past runs, newest first.
pub async fn list_runs(app: &App) -> Result<Vec<ForecastRun>, AppError> {
    offline::through_cache(app, Screen::ForecastRuns, &(), live_runs(app)).await
}

async fn live_runs(app: &App) -> Result<Vec<ForecastRun>, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let rows = db::list_runs(tx.conn(), MAX_RUNS).await?;
    rows.into_iter().map(run::run_view).collect()
}

/// The series of a run with their live forecast's total and state.
pub async fn run_series(app: &App, run_id: Uuid) -> Result<Vec<SeriesSummary>, AppError> {
    offline::through_cache(
        app,
        Screen::ForecastSeries,
        &run_id,
        live_series(app, run_id),
    )
    .await
}

async fn live_series(app: &App, run_id: Uuid) -> Result<Vec<SeriesSummary>, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let rows = db::run_series(tx.conn(), run_id).await?;
    Ok(rows
        .into_iter()
        .map(|r| SeriesSummary {
            key: SeriesKey {
                product_id: r.product_id,
                channel_id: r.sales_channel_id,
            },
            sku: r.sku,
            product_name: r.product_name,
            category: r.category,
            channel_name: r.channel_name,
            market_code: r.market_code,
            model_type: r.model_type,
            model_name: r.model_name,
            confidence: to_f64(r.confidence_score),
            mase: r.mase.map(to_f64),
            wape: r.wape.map(to_f64),
            total: r.total as f64,
            overridden: u32::try_from(r.overridden).unwrap_or(u32::MAX),
            status: r.status,
        })
        .collect())
}

/// One series of a run: what the run saw and the forecast as it stands now.
pub async fn series_detail(
    app: &App,
    run_id: Uuid,
    key: SeriesKey,
) -> Result<SeriesDetail, AppError> {
    let live = live_detail(app, run_id, key);
    offline::through_cache(app, Screen::ForecastDetail, &(run_id, key), live).await
}

async fn live_detail(app: &App, run_id: Uuid, key: SeriesKey) -> Result<SeriesDetail, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let row = db::run_series_detail(tx.conn(), run_id, key.product_id, key.channel_id)
        .await?
        .ok_or_else(|| AppError::NotFound {
            entity: "forecast series".into(),
        })?;
    let points = db::run_points(tx.conn(), run_id, key.product_id, key.channel_id).await?;
    let mut detail = SeriesDetail {
        run_id,
        key,
        bucket: run::bucket_of(&row.bucket)?,
        origin_date: row.origin_date,
        sku: row.sku,
        product_name: row.product_name,
        channel_name: row.channel_name,
        model_type: row.model_type,
        model_name: row.model_name,
        reason: row.reason,
        confidence: to_f64(row.confidence_score),
        mase: row.mase.map(to_f64),
        wape: row.wape.map(to_f64),
        bias: row.bias.map(to_f64),
        history: json("history", row.history)?,
        backtest: json("backtest", row.backtest)?,
        candidates: json("candidates", row.candidates)?,
        components: json("components", row.decomposition)?,
        forecast: points
            .into_iter()
            .map(|p| ForecastPoint {
                id: p.id,
                period: p.forecast_date,
                value: p.predicted_demand.into(),
                lower80: p.lower_80.map(f64::from),
                upper80: p.upper_80.map(f64::from),
                lower95: p.lower_bound.into(),
                upper95: p.upper_bound.into(),
                statistical: p.statistical_demand.map(f64::from),
                override_reason: p.override_reason,
                status: p.status,
                changed_by_name: p.changed_by_name,
                rejection_reason: p.rejection_reason,
                actual: p.actual_demand.map(f64::from),
            })
            .collect(),
        accuracy: None,
        comments: db::comments(tx.conn(), key.product_id, key.channel_id)
            .await?
            .into_iter()
            .map(|c| SeriesComment {
                id: c.id,
                period: c.forecast_date,
                body: c.body,
                author: c.author_name,
                at: c.created_at,
            })
            .collect(),
    };
    detail.accuracy = accuracy::of_series(&detail.history, &detail.forecast);
    Ok(detail)
}

/// Overrides one period of a live forecast with a value and a reason; the statistical
/// row is kept beside it. While the server cannot be reached the override is queued on this
/// computer instead ([`offline::queue`]) and applied when it answers again.
pub async fn override_forecast(
    app: &App,
    request: &OverrideRequest,
) -> Result<OverrideSaved, AppError> {
    checked_reason(&request.reason)?;
    checked_value(request.value)?;
    app.authorise(Permission::ForecastRun)?;
    let id = Uuid::new_v4();
    if offline::is_online(app) {
        match apply_override(app, id, request).await {
            Ok(Applied::Done) => return Ok(OverrideSaved { id, queued: false }),
            Ok(Applied::Changed(now)) => {
                return Err(AppError::Stale {
                    entity: "forecast".into(),
                    changed_by: now.changed_by_name,
                    changed_at: now.changed_at,
                })
            }
            // Lost mid-call: queued under the same id, so that if the write did reach the
            // server, the replay finds it rather than applying it twice.
            Err(AppError::Offline) => {}
            Err(other) => return Err(other),
        }
    }
    offline::queue::enqueue(app, id, offline::queue::Change::Override(request.clone())).await?;
    Ok(OverrideSaved { id, queued: true })
}

/// What applying an override found.
pub(crate) enum Applied {
    /// Written now, or found already written by an earlier attempt.
    Done,
    /// The row is no longer what the planner saw: this stands in its place now.
    Changed(Box<db::StandingForecast>),
}

/// Writes an override as the row `id`, unless that row exists already (an earlier attempt
/// got through) or the replaced row changed since the planner saw it.
pub(crate) async fn apply_override(
    app: &App,
    id: Uuid,
    request: &OverrideRequest,
) -> Result<Applied, AppError> {
    let reason = checked_reason(&request.reason)?;
    let value = checked_value(request.value)?;
    let mut tx = app.transaction(Permission::ForecastRun).await?;
    if db::exists(tx.conn(), id).await? {
        return Ok(Applied::Done);
    }
    let state = db::lock_state(tx.conn(), request.forecast_id).await?;
    let unchanged = state.is_some_and(|s| {
        s.live
            && request
                .seen_status
                .as_deref()
                .is_none_or(|seen| seen == s.status)
    });
    if !unchanged {
        return match db::standing_in_place_of(tx.conn(), request.forecast_id).await? {
            Some(now) => Ok(Applied::Changed(Box::new(now))),
            None => Err(AppError::NotFound {
                entity: "live forecast".into(),
            }),
        };
    }
    db::override_forecast(tx.conn(), request.forecast_id, id, value, reason).await?;
    tx.commit().await?;
    Ok(Applied::Done)
}

/// Longest comment, characters.
const MAX_COMMENT: usize = 2000;

/// Adds a comment to a series (or one of its periods). While the server cannot be reached
/// it is queued on this computer and sent when it answers again.
pub async fn add_comment(app: &App, request: &CommentRequest) -> Result<CommentSaved, AppError> {
    checked_comment(&request.body)?;
    app.authorise(Permission::ForecastRun)?;
    let id = Uuid::new_v4();
    if offline::is_online(app) {
        match apply_comment(app, id, request).await {
            Ok(()) => return Ok(CommentSaved { id, queued: false }),
            // Lost mid-call: queued under the same id, so it is written once at most.
            Err(AppError::Offline) => {}
            Err(other) => return Err(other),
        }
    }
    offline::queue::enqueue(app, id, offline::queue::Change::Comment(request.clone())).await?;
    Ok(CommentSaved { id, queued: true })
}

/// Writes a comment as the row `id`; one written already by an earlier attempt stays as
/// it is.
pub(crate) async fn apply_comment(
    app: &App,
    id: Uuid,
    request: &CommentRequest,
) -> Result<(), AppError> {
    let body = checked_comment(&request.body)?;
    let mut tx = app.transaction(Permission::ForecastRun).await?;
    db::add_comment(
        tx.conn(),
        id,
        request.key.product_id,
        request.key.channel_id,
        request.period,
        body,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn checked_comment(body: &str) -> Result<&str, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::validation("body", "write the comment first"));
    }
    if body.chars().count() > MAX_COMMENT {
        return Err(AppError::validation(
            "body",
            format!("keep the comment under {MAX_COMMENT} characters"),
        ));
    }
    Ok(body)
}

fn checked_value(value: u32) -> Result<i32, AppError> {
    i32::try_from(value).map_err(|_| AppError::validation("value", "the value is too large"))
}

/// An override's reason, trimmed: required, and short enough to read in a list.
fn checked_reason(reason: &str) -> Result<&str, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::validation(
            "reason",
            "say why you override the forecast",
        ));
    }
    if reason.chars().count() > MAX_REASON {
        return Err(AppError::validation(
            "reason",
            format!("keep the reason under {MAX_REASON} characters"),
        ));
    }
    Ok(reason)
}

/// Submits the draft (or rejected) forecasts of these series for approval.
pub async fn submit(app: &App, run_id: Uuid, series: &[SeriesKey]) -> Result<u32, AppError> {
    step(app, run_id, series, ForecastStatus::Submitted, None).await
}

/// Approves the submitted forecasts of these series: planning uses them from now on.
pub async fn approve(app: &App, run_id: Uuid, series: &[SeriesKey]) -> Result<u32, AppError> {
    step(app, run_id, series, ForecastStatus::Approved, None).await
}

/// Sends the submitted forecasts of these series back, with the reason.
pub async fn reject(
    app: &App,
    run_id: Uuid,
    series: &[SeriesKey],
    reason: &str,
) -> Result<u32, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::validation(
            "reason",
            "say why the forecast is sent back",
        ));
    }
    step(app, run_id, series, ForecastStatus::Rejected, Some(reason)).await
}

/// Moves the live rows of `series` that may become `to` (the domain's workflow); when
/// none may, says why from the states they are in.
async fn step(
    app: &App,
    run_id: Uuid,
    series: &[SeriesKey],
    to: ForecastStatus,
    reason: Option<&str>,
) -> Result<u32, AppError> {
    let permission = match to {
        ForecastStatus::Approved | ForecastStatus::Rejected => Permission::ForecastApprove,
        _ => Permission::ForecastRun,
    };
    if series.is_empty() {
        return Err(AppError::validation("series", "choose at least one series"));
    }
    let keys: Vec<(Uuid, Uuid)> = series
        .iter()
        .map(|k| (k.product_id, k.channel_id))
        .collect();
    let mut tx = app.transaction(permission).await?;
    let user = tx.session().user_id();
    let mut moved = 0;
    let mut refusals = Vec::new();
    for from in ForecastStatus::ALL.iter().copied() {
        let ids = db::live_ids_of_series(tx.conn(), run_id, &keys, from).await?;
        if ids.is_empty() {
            continue;
        }
        match from.refusal(to) {
            None => moved += db::transition(tx.conn(), &ids, from, to, user, reason).await?,
            Some(why) => refusals.push(why),
        }
    }
    if moved == 0 {
        let message = refusals
            .into_iter()
            .next()
            .unwrap_or_else(|| "these series have no live forecast in this run".to_owned());
        return Err(AppError::validation("series", message));
    }
    tx.commit().await?;
    Ok(u32::try_from(moved).unwrap_or(u32::MAX))
}

/// A part of a run's series stored as JSON, read back.
fn json<T: serde::de::DeserializeOwned>(what: &str, v: serde_json::Value) -> Result<T, AppError> {
    serde_json::from_value(v).map_err(|e| AppError::internal(&format!("{what}: {e}")))
}

fn to_f64(d: rust_decimal::Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(f64::NAN)
}
