//! Offline mode in the shell: a probe of the server every second, an event when it stops
//! or starts answering, the cache's state for the banner and Settings, and the changes
//! queued offline: replayed when the server answers again, with an event saying how that
//! went.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sentia_core::offline::queue::{self, Keep, QueueSummary, QueuedEdit};
use sentia_core::offline::{self, CacheInfo, Screen, ServedFromCache};
use sentia_core::{App, AppError};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_specta::Event;
use uuid::Uuid;

/// How often the server is probed. With the probe's own timeout, a lost server is noticed
/// within about 2.5 seconds.
const PROBE_EVERY: Duration = Duration::from_secs(1);

/// How often the copies kept offline on purpose are fetched again while online (and once
/// when the server answers again).
const REFRESH_KEPT_EVERY: Duration = Duration::from_secs(15 * 60);

/// The server stopped or started answering.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionChanged {
    /// Whether it answers now.
    pub online: bool,
    /// When that was noticed.
    pub at: DateTime<Utc>,
}

/// The changes queued offline were replayed: where they stand.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct QueueChanged {
    pub summary: QueueSummary,
}

/// Applies the signed-in user's queued changes in the background and tells the window how
/// that went.
pub fn replay_in_background<R: Runtime>(handle: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let app = handle.state::<App>();
        // Changes first: the refreshed copies then show them.
        match queue::replay(&app).await {
            Ok(summary) if summary != QueueSummary::default() => {
                if let Err(e) = (QueueChanged { summary }).emit(&handle) {
                    tracing::warn!(error = %e, "queue change not sent to the window");
                }
            }
            Ok(_) => {}
            Err(AppError::NotAuthenticated) => {}
            Err(e) => tracing::warn!(error = %e, "queued changes not replayed"),
        }
        refresh_kept(&app).await;
    });
}

async fn refresh_kept(app: &App) {
    match offline::refresh_kept(app).await {
        Ok(0) | Err(AppError::NotAuthenticated) => {}
        Ok(refreshed) => tracing::info!(refreshed, "kept offline copies refreshed"),
        Err(e) => tracing::warn!(error = %e, "kept offline copies not refreshed"),
    }
}

/// Whether the server answers, and which screens show kept copies.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionStatus {
    pub online: bool,
    /// Screens answered from the copies kept on this computer, with their time.
    pub served_from_cache: Vec<ServedFromCache>,
}

/// Probes the server for as long as the app runs, and tells the window when the answer
/// changes.
pub fn watch<R: Runtime>(handle: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let mut last = true;
        let mut refreshed = tokio::time::Instant::now();
        loop {
            let app = handle.state::<App>();
            let online = offline::reachable(&app).await;
            if online != last {
                offline::set_online(&app, online);
                tracing::info!(
                    online,
                    "the database server {}",
                    if online {
                        "answers again"
                    } else {
                        "stopped answering"
                    }
                );
                if let Err(e) = (ConnectionChanged {
                    online,
                    at: Utc::now(),
                })
                .emit(&handle)
                {
                    tracing::warn!(error = %e, "connection change not sent to the window");
                }
                last = online;
                if online {
                    replay_in_background(handle.clone());
                    refreshed = tokio::time::Instant::now();
                }
            } else if online && queue::replay_wanted(&app) {
                replay_in_background(handle.clone());
                refreshed = tokio::time::Instant::now();
            } else if online && refreshed.elapsed() >= REFRESH_KEPT_EVERY {
                refresh_kept(&app).await;
                refreshed = tokio::time::Instant::now();
            }
            tokio::time::sleep(PROBE_EVERY).await;
        }
    });
}

/// Whether the server answered at the last probe, and what is shown from the cache.
#[tauri::command]
#[specta::specta]
pub fn connection_status(app: State<'_, App>) -> Result<ConnectionStatus, AppError> {
    Ok(ConnectionStatus {
        online: offline::is_online(&app),
        served_from_cache: offline::served_from_cache(&app),
    })
}

/// Size and age of the signed-in user's offline copies.
#[tauri::command]
#[specta::specta]
pub async fn offline_cache_info(app: State<'_, App>) -> Result<CacheInfo, AppError> {
    app.bounded(offline::cache_info(&app)).await
}

/// Removes the signed-in user's offline copies and their key.
#[tauri::command]
#[specta::specta]
pub async fn clear_offline_cache(app: State<'_, App>) -> Result<u32, AppError> {
    app.bounded(offline::clear_cache(&app))
        .await
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// The signed-in user's changes made offline and not yet applied or discarded.
#[tauri::command]
#[specta::specta]
pub async fn queued_changes(app: State<'_, App>) -> Result<Vec<QueuedEdit>, AppError> {
    app.bounded(queue::open_changes(&app)).await
}

/// Applies the queued changes now, if the server answers.
#[tauri::command]
#[specta::specta]
pub async fn replay_queued_changes(app: State<'_, App>) -> Result<QueueSummary, AppError> {
    app.bounded(queue::replay(&app)).await
}

/// Settles a change in conflict (or refused): keep mine (apply it over the server's value)
/// or keep the server's (discard it).
#[tauri::command]
#[specta::specta]
pub async fn resolve_queued_change(
    app: State<'_, App>,
    id: Uuid,
    keep: Keep,
) -> Result<QueueSummary, AppError> {
    app.bounded(queue::resolve(&app, id, keep)).await
}

/// Keeps the last view of a report screen offline on purpose (or stops keeping it); `false`
/// when the screen has not been viewed yet.
#[tauri::command]
#[specta::specta]
pub async fn keep_offline(
    app: State<'_, App>,
    screen: Screen,
    kept: bool,
) -> Result<bool, AppError> {
    app.bounded(offline::keep_last_view(&app, screen, kept))
        .await
}

/// Stops keeping one copy offline (Settings).
#[tauri::command]
#[specta::specta]
pub async fn stop_keeping_offline(app: State<'_, App>, entry: String) -> Result<bool, AppError> {
    app.bounded(offline::stop_keeping(&app, &entry)).await
}
