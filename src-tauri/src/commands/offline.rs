//! Offline mode in the shell: a probe of the server every second, an event when it stops
//! or starts answering, and the cache's state for the banner and Settings.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sentia_core::offline::{self, CacheInfo, ServedFromCache};
use sentia_core::{App, AppError};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_specta::Event;

/// How often the server is probed. With the probe's own timeout, a lost server is noticed
/// within about 2.5 seconds.
const PROBE_EVERY: Duration = Duration::from_secs(1);

/// The server stopped or started answering.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, Event)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionChanged {
    /// Whether it answers now.
    pub online: bool,
    /// When that was noticed.
    pub at: DateTime<Utc>,
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
