//! The forecast workbench. A run takes longer than the usual deadline and reports its
//! progress on a channel passed with the call; everything else is bounded.

use sentia_core::forecasts::{
    self, AggregateLevel, AggregateOverrideRequest, AggregateView, CommentRequest, CommentSaved,
    ForecastRun, OverrideRequest, OverrideSaved, RunProgress, RunRequest, SeriesDetail, SeriesKey,
    SeriesSummary, ValueAddedBy, ValueAddedReport,
};
use sentia_core::{App, AppError};
use tauri::ipc::Channel;
use tauri::State;
use uuid::Uuid;

/// Forecasts the chosen series and stores the run, reporting on `progress` as it goes.
#[tauri::command]
#[specta::specta]
pub async fn run_forecast(
    app: State<'_, App>,
    request: RunRequest,
    progress: Channel<RunProgress>,
) -> Result<ForecastRun, AppError> {
    // Unbounded: a large scope takes longer than the command deadline; the database
    // statements inside still carry the server's statement timeout.
    forecasts::start_run(&app, &request, &|update| {
        if let Err(e) = progress.send(update) {
            tracing::warn!(error = %e, "forecast progress not sent");
        }
    })
    .await
}

/// Stops the forecast run under way; nothing of it is written.
#[tauri::command]
#[specta::specta]
pub fn cancel_forecast_run(app: State<'_, App>) -> Result<(), AppError> {
    forecasts::cancel_run(&app)
}

/// Past runs, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_forecast_runs(app: State<'_, App>) -> Result<Vec<ForecastRun>, AppError> {
    app.bounded(forecasts::list_runs(&app)).await
}

/// The series of a run.
#[tauri::command]
#[specta::specta]
pub async fn forecast_run_series(
    app: State<'_, App>,
    run_id: Uuid,
) -> Result<Vec<SeriesSummary>, AppError> {
    app.bounded(forecasts::run_series(&app, run_id)).await
}

/// One series of a run: history, backtest, candidates, components and the forecast.
#[tauri::command]
#[specta::specta]
pub async fn forecast_series(
    app: State<'_, App>,
    run_id: Uuid,
    key: SeriesKey,
) -> Result<SeriesDetail, AppError> {
    app.bounded(forecasts::series_detail(&app, run_id, key))
        .await
}

/// Overrides one period with a value and a reason, or queues the override while the
/// server cannot be reached.
#[tauri::command]
#[specta::specta]
pub async fn override_forecast(
    app: State<'_, App>,
    request: OverrideRequest,
) -> Result<OverrideSaved, AppError> {
    app.bounded(forecasts::override_forecast(&app, &request))
        .await
}

/// Adds a comment to a series or one of its periods, or queues it while the server cannot
/// be reached.
#[tauri::command]
#[specta::specta]
pub async fn add_forecast_comment(
    app: State<'_, App>,
    request: CommentRequest,
) -> Result<CommentSaved, AppError> {
    app.bounded(forecasts::add_comment(&app, &request)).await
}

/// Submits the series' draft forecasts for approval; returns the rows moved.
#[tauri::command]
#[specta::specta]
pub async fn submit_forecasts(
    app: State<'_, App>,
    run_id: Uuid,
    series: Vec<SeriesKey>,
) -> Result<u32, AppError> {
    app.bounded(forecasts::submit(&app, run_id, &series)).await
}

/// Approves the series' submitted forecasts; returns the rows moved.
#[tauri::command]
#[specta::specta]
pub async fn approve_forecasts(
    app: State<'_, App>,
    run_id: Uuid,
    series: Vec<SeriesKey>,
) -> Result<u32, AppError> {
    app.bounded(forecasts::approve(&app, run_id, &series)).await
}

/// Sends the series' submitted forecasts back with a reason; returns the rows moved.
#[tauri::command]
#[specta::specta]
pub async fn reject_forecasts(
    app: State<'_, App>,
    run_id: Uuid,
    series: Vec<SeriesKey>,
    reason: String,
) -> Result<u32, AppError> {
    app.bounded(forecasts::reject(&app, run_id, &series, &reason))
        .await
}

/// A run's forecast summed by category, market, channel or in total.
#[tauri::command]
#[specta::specta]
pub async fn forecast_aggregate(
    app: State<'_, App>,
    run_id: Uuid,
    level: AggregateLevel,
) -> Result<AggregateView, AppError> {
    app.bounded(forecasts::aggregate(&app, run_id, level)).await
}

/// Overrides one period of an aggregate, spread to its series; returns how many changed.
#[tauri::command]
#[specta::specta]
pub async fn override_forecast_aggregate(
    app: State<'_, App>,
    request: AggregateOverrideRequest,
) -> Result<u32, AppError> {
    app.bounded(forecasts::override_aggregate(&app, &request))
        .await
}

/// Forecast value added per planner or category: statistical, override and naive errors.
#[tauri::command]
#[specta::specta]
pub async fn forecast_value_added(
    app: State<'_, App>,
    by: ValueAddedBy,
) -> Result<ValueAddedReport, AppError> {
    app.bounded(forecasts::value_added(&app, by)).await
}
