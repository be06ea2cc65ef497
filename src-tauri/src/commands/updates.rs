//! Signed updates, in Rust only: the webview has no updater capability. The source (IT's
//! server and channel) comes from `sentia_core::updates`; the updater plugin fetches the
//! manifest, downloads the package for this bundle type, verifies its minisign signature
//! and the version it was signed for, and installs it. The app restarts when the user says.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use sentia_core::updates::{self, UpdateSource};
use sentia_core::{App, AppError};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_updater::{Update, UpdaterBuilder, UpdaterExt};

/// How long a check may wait for the update server's manifest.
const CHECK_DEADLINE: Duration = Duration::from_secs(30);
/// How long a whole package download may take before it is given up (a stalled server).
const DOWNLOAD_DEADLINE: Duration = Duration::from_secs(15 * 60);

/// What the updater needs of the running app, whatever its runtime.
trait Shell: Send + Sync {
    fn version(&self) -> String;
    fn updater_builder(&self) -> UpdaterBuilder;
    fn restart(&self) -> !;
}

impl<R: Runtime> Shell for AppHandle<R> {
    fn version(&self) -> String {
        self.package_info().version.to_string()
    }
    fn updater_builder(&self) -> UpdaterBuilder {
        UpdaterExt::updater_builder(self)
    }
    fn restart(&self) -> ! {
        AppHandle::restart(self)
    }
}

/// The app's updates: the update found by the last check, kept for the install the user
/// asks for, and whether one was installed (the only reason to restart).
pub struct PendingUpdate {
    shell: Box<dyn Shell>,
    found: Mutex<Option<Update>>,
    installed: AtomicBool,
}

impl PendingUpdate {
    /// For the app behind `handle`.
    pub fn new<R: Runtime>(handle: AppHandle<R>) -> PendingUpdate {
        PendingUpdate {
            shell: Box::new(handle),
            found: Mutex::new(None),
            installed: AtomicBool::new(false),
        }
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<Update>> {
        self.found
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A release newer than this one.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AvailableUpdate {
    /// Its version.
    pub version: String,
    /// What is new, as the release notes say.
    pub notes: Option<String>,
    /// When it was published (RFC 3339).
    pub published: Option<String>,
    /// IT requires it: the app asks until it is installed.
    pub mandatory: bool,
}

/// What a check found.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCheck {
    /// This app's version.
    pub current_version: String,
    /// Where it looked; none when IT named no update server.
    pub source: Option<UpdateSource>,
    /// A newer release, if there is one.
    pub available: Option<AvailableUpdate>,
}

/// How an install is going.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum UpdateProgress {
    /// Bytes received so far, of the total when the server says it.
    #[serde(rename_all = "camelCase")]
    Downloading { received: u32, total: Option<u32> },
    /// The package's signature and signed version are Sentia's.
    Verified,
    /// The package is installed; it runs after a restart.
    Installed,
}

/// The user's words for what the updater refused.
pub fn refusal(err: tauri_plugin_updater::Error) -> AppError {
    use tauri_plugin_updater::Error as E;
    let message = match &err {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) => {
            "the update's signature is not Sentia's: it was not installed".to_owned()
        }
        E::SignedVersionMismatch { signed, announced } => format!(
            "the update server announced version {announced}, but the package is signed for \
             {signed}: it was not installed"
        ),
        E::MissingSignedVersion => {
            "the update's signature does not say which version it is for: it was not installed"
                .to_owned()
        }
        E::InsecureTransportProtocol => "the update server must be an https address".to_owned(),
        E::ReleaseNotFound | E::Reqwest(_) | E::Network(_) => {
            format!("the update server could not be read: {err}")
        }
        E::TargetNotFound(t) => format!("the update server offers no package for {t}"),
        E::TargetsNotFound(t) => {
            format!("the update server offers no package for {}", t.join(" or "))
        }
        E::AuthenticationFailed => {
            "installing needs an administrator's password, which was not given".to_owned()
        }
        _ => format!("the update could not be installed: {err}"),
    };
    tracing::warn!(error = %err, "update refused");
    AppError::validation("update", message)
}

/// Asks IT's update server for a release newer than this one.
#[tauri::command]
#[specta::specta]
pub async fn check_for_update(
    app: State<'_, App>,
    pending: State<'_, PendingUpdate>,
) -> Result<UpdateCheck, AppError> {
    let current_version = pending.shell.version();
    let Some(source) = app.bounded(updates::source(&app)).await? else {
        return Ok(UpdateCheck {
            current_version,
            source: None,
            available: None,
        });
    };
    let url = source
        .manifest_url
        .parse()
        .map_err(|e| AppError::validation("endpoint", format!("not an address: {e}")))?;
    let updater = pending
        .shell
        .updater_builder()
        .endpoints(vec![url])
        .map_err(refusal)?
        .timeout(DOWNLOAD_DEADLINE)
        .build()
        .map_err(refusal)?;
    let found = tokio::time::timeout(CHECK_DEADLINE, updater.check())
        .await
        .map_err(|_| {
            AppError::validation(
                "update",
                format!(
                    "the update server did not answer within {} s",
                    CHECK_DEADLINE.as_secs()
                ),
            )
        })?
        .map_err(refusal)?;
    let available = found.as_ref().map(|u| AvailableUpdate {
        version: u.version.clone(),
        notes: u.body.clone(),
        published: u
            .date
            .and_then(|d| chrono::DateTime::from_timestamp(d.unix_timestamp(), 0))
            .map(|d| d.to_rfc3339()),
        mandatory: u.raw_json.get("mandatory").and_then(|m| m.as_bool()) == Some(true),
    });
    *pending.slot() = found;
    Ok(UpdateCheck {
        current_version,
        source: Some(source),
        available,
    })
}

/// Downloads, verifies and installs the release the last check found (`version`),
/// reporting on `progress`; refused while an import or a forecast run is under way.
#[tauri::command]
#[specta::specta]
pub async fn install_update(
    app: State<'_, App>,
    pending: State<'_, PendingUpdate>,
    version: String,
    progress: Channel<UpdateProgress>,
) -> Result<(), AppError> {
    updates::may_install(&app)?;
    let update = pending
        .slot()
        .take()
        .filter(|u| u.version == version)
        .ok_or_else(|| {
            AppError::validation(
                "update",
                format!("version {version} is not the update found: check for updates again"),
            )
        })?;
    let send = |p: UpdateProgress| {
        if let Err(e) = progress.send(p) {
            tracing::warn!(error = %e, "update progress not sent");
        }
    };
    let mut received: usize = 0;
    let bytes = update
        .download(
            |chunk, total| {
                received += chunk;
                send(UpdateProgress::Downloading {
                    received: u32::try_from(received).unwrap_or(u32::MAX),
                    total: total.map(|t| u32::try_from(t).unwrap_or(u32::MAX)),
                });
            },
            || {},
        )
        .await
        .map_err(refusal)?;
    send(UpdateProgress::Verified);
    // An import or run may have started while it downloaded.
    updates::may_install(&app)?;
    update.install(bytes).map_err(refusal)?;
    pending.installed.store(true, Ordering::SeqCst);
    tracing::info!(version = %update.version, "update installed");
    send(UpdateProgress::Installed);
    Ok(())
}

/// Restarts the app to run the update just installed.
#[tauri::command]
#[specta::specta]
pub fn restart_app(app: State<'_, App>, pending: State<'_, PendingUpdate>) -> Result<(), AppError> {
    updates::may_install(&app)?;
    if !pending.installed.load(Ordering::SeqCst) {
        return Err(AppError::validation(
            "update",
            "no update has been installed: there is nothing to restart for",
        ));
    }
    pending.shell.restart()
}
