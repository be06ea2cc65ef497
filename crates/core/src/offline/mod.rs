//! Offline reports: every report screen's use case goes through [`through_cache`], which
//! keeps the last answer of each screen for the signed-in user and, when the server cannot
//! be reached, answers from it instead, recording "as of when" for the banner.
//!
//! Each payload is sealed (`crate::seal`, XChaCha20-Poly1305) under a key of its own per
//! user, kept in the OS keychain beside the database password and never in the cache file,
//! with the user, the screen, its parameters and the payload format as associated data: an
//! entry copied to another user or screen, or altered by one byte, does not open, and is
//! then removed and fetched again. A cached report is read only through the same permission
//! as the live one, so a user never sees offline more than their current role allows.

pub mod queue;
mod refresh;
pub(crate) mod sign_in;
mod store;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use sentia_domain::Permission;
pub(crate) use store::Store;

use crate::{App, AppError};

/// The payload format; entries written in another one are fetched again.
const FORMAT: u32 = 1;

/// A report screen whose answers are kept for offline use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Screen {
    Dashboard,
    ForecastRuns,
    ForecastSeries,
    ForecastDetail,
    Inventory,
    StockRisks,
    CashProjection,
}

impl Screen {
    /// The name in the cache (and in logs).
    pub fn name(self) -> &'static str {
        match self {
            Self::Dashboard => "dashboard",
            Self::ForecastRuns => "forecast-runs",
            Self::ForecastSeries => "forecast-series",
            Self::ForecastDetail => "forecast-detail",
            Self::Inventory => "inventory",
            Self::StockRisks => "stock-risks",
            Self::CashProjection => "cash-projection",
        }
    }

    /// The screen of a name in the cache.
    fn named(name: &str) -> Option<Screen> {
        [
            Self::Dashboard,
            Self::ForecastRuns,
            Self::ForecastSeries,
            Self::ForecastDetail,
            Self::Inventory,
            Self::StockRisks,
            Self::CashProjection,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }

    /// The parameters that make one view of the screen another thing rather than another
    /// version of the same thing; `None`: all of them. Unkept copies are replaced within a
    /// family (the cache holds the last view, not every what-if tried), and offline the
    /// dashboard's last view of a family stands in for another period of it (its default
    /// period moves daily, and the dashboard says which period it shows).
    fn family_fields(self) -> Option<&'static [&'static str]> {
        match self {
            Self::Dashboard => Some(&["market", "channelId", "reportingCurrency"]),
            Self::CashProjection => Some(&["scenario", "months", "granularity"]),
            _ => None,
        }
    }

    fn falls_back_within_family(self) -> bool {
        self == Self::Dashboard
    }

    /// What the user must hold to see it, online or offline.
    pub fn permission(self) -> Permission {
        match self {
            Self::Dashboard
            | Self::ForecastRuns
            | Self::ForecastSeries
            | Self::ForecastDetail
            | Self::Inventory
            | Self::StockRisks => Permission::DashboardView,
            Self::CashProjection => Permission::WorkingCapitalView,
        }
    }
}

/// The offline side of a running app: the store, opened on first use, and which screens
/// were last answered from it.
#[derive(Default)]
pub(crate) struct Offline {
    store: tokio::sync::OnceCell<Store>,
    served: Mutex<BTreeMap<&'static str, DateTime<Utc>>>,
    /// Known unreachable (the shell's probe said so): reports come straight from the cache.
    unreachable: std::sync::atomic::AtomicBool,
    /// Each user's key once read from the keychain: a round trip to a Secret Service
    /// daemon per report would be felt.
    keys: Mutex<BTreeMap<Uuid, crate::seal::Key>>,
    /// Held by the replay of queued changes: one at a time.
    replaying: tokio::sync::Mutex<()>,
    /// A replay was asked for (an online sign-in).
    replay_wanted: std::sync::atomic::AtomicBool,
}

/// How long one reachability probe may wait: the server counts as gone after it, so the
/// window can say so within seconds rather than at the next click.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(1500);

/// Whether the saved connection's server answers a round trip within [`PROBE_TIMEOUT`].
/// Without a saved connection there is nothing to be offline from: `true`.
pub async fn reachable(app: &App) -> bool {
    if !matches!(app.info(), Ok(info) if info.connection_configured) {
        return true;
    }
    let probe = async {
        let pool = app.pool().await?;
        sentia_db::pool::ping(&pool).await.map_err(AppError::from)
    };
    matches!(tokio::time::timeout(PROBE_TIMEOUT, probe).await, Ok(Ok(())))
}

/// Records what the last probe found; reports come straight from the cache while the
/// server is known to be unreachable.
pub fn set_online(app: &App, online: bool) {
    app.offline()
        .unreachable
        .store(!online, std::sync::atomic::Ordering::SeqCst);
}

/// Whether the server was reachable at the last probe (true before the first).
pub fn is_online(app: &App) -> bool {
    !app.offline()
        .unreachable
        .load(std::sync::atomic::Ordering::SeqCst)
}

/// A screen answered from the cache, and the time its data was fetched.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServedFromCache {
    pub screen: String,
    pub as_of: DateTime<Utc>,
}

/// What the cache holds for the signed-in user, for Settings.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CacheInfo {
    /// Reports kept.
    pub entries: u32,
    /// Their sealed size, bytes.
    pub bytes: u32,
    pub oldest: Option<DateTime<Utc>>,
    pub newest: Option<DateTime<Utc>>,
    /// Copies the user chose to keep offline (the rest are simply the last view of each).
    pub kept: Vec<KeptCopy>,
    /// The file on disk.
    pub file: String,
}

/// What is sealed: the parameters travel with the value, so a kept report can be fetched
/// again in the background.
#[derive(Serialize, Deserialize)]
struct Payload<P, T> {
    params: P,
    value: T,
}

impl App {
    async fn offline_store(&self) -> Result<&Store, AppError> {
        self.offline()
            .store
            .get_or_try_init(|| Store::open(&self.paths().data))
            .await
    }
}

/// The entry's name in the file: a hash, so the file names no user, product or figure.
fn entry_name(user: Uuid, screen: Screen, params: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(user.as_bytes());
    h.update(screen.name().as_bytes());
    h.update(params);
    hex::encode(h.finalize())
}

/// The hash of the view's family (see [`Screen::family_fields`]).
fn family_name(user: Uuid, screen: Screen, params: &serde_json::Value) -> String {
    let family = match screen.family_fields() {
        Some(fields) => serde_json::Value::Array(
            fields
                .iter()
                .map(|f| params.get(f).cloned().unwrap_or_default())
                .collect(),
        ),
        None => params.clone(),
    };
    entry_name(user, screen, family.to_string().as_bytes())
}

/// Associated data of a sealed entry: whose, which screen, which entry (its parameters),
/// which format.
fn associated_data(user: Uuid, screen: Screen, entry: &str) -> Vec<u8> {
    format!("sentia-offline/{FORMAT}/{user}/{}/{entry}", screen.name()).into_bytes()
}

/// The keychain entry of a user's cache key.
fn key_entry(user: Uuid) -> String {
    format!("offline-reports/{user}")
}

/// Runs `fetch` (the live use case) and keeps its answer for offline use; when the server
/// cannot be reached, answers with the last kept one instead. Other errors pass through.
pub async fn through_cache<P, T, F>(
    app: &App,
    screen: Screen,
    params: &P,
    fetch: F,
) -> Result<T, AppError>
where
    P: Serialize + DeserializeOwned,
    T: Serialize + DeserializeOwned,
    F: Future<Output = Result<T, AppError>>,
{
    let auth = app.authorise(screen.permission())?;
    let user = auth.session().user_id();
    let fetched = if is_online(app) {
        // Shorter than the command's own deadline, so a server that stops answering
        // mid-call is answered from the cache rather than with an error.
        let deadline = crate::COMMAND_DEADLINE.saturating_sub(Duration::from_secs(2));
        tokio::time::timeout(deadline, fetch)
            .await
            .unwrap_or(Err(AppError::Offline))
    } else {
        Err(AppError::Offline)
    };
    match fetched {
        Ok(value) => {
            if let Err(e) = keep(app, user, screen, params, &value, false).await {
                // The report itself is fine; only its offline copy is missing.
                tracing::warn!(screen = screen.name(), error = %e, "report not kept offline");
            }
            app.offline().served_lock().remove(screen.name());
            Ok(value)
        }
        Err(AppError::Offline) => {
            let Some((value, as_of)) = read(app, user, screen, params).await? else {
                return Err(AppError::Offline);
            };
            app.offline().served_lock().insert(screen.name(), as_of);
            Ok(value)
        }
        Err(other) => Err(other),
    }
}

impl Offline {
    fn key(&self, app: &App, user: Uuid) -> Result<crate::seal::Key, AppError> {
        let mut keys = self
            .keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(key) = keys.get(&user) {
            return Ok(*key);
        }
        let key = crate::seal::key(app.secrets(), &key_entry(user))?;
        keys.insert(user, key);
        Ok(key)
    }

    fn forget_key(&self, user: Uuid) {
        self.keys
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&user);
    }

    fn served_lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<&'static str, DateTime<Utc>>> {
        self.served
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

async fn keep<P: Serialize, T: Serialize>(
    app: &App,
    user: Uuid,
    screen: Screen,
    params: &P,
    value: &T,
    kept: bool,
) -> Result<(), AppError> {
    let params_json = serde_json::to_vec(params).map_err(|e| AppError::internal(&e))?;
    let payload =
        serde_json::to_vec(&Payload { params, value }).map_err(|e| AppError::internal(&e))?;
    let key = app.offline().key(app, user)?;
    let entry = entry_name(user, screen, &params_json);
    let family = family_name(
        user,
        screen,
        &serde_json::to_value(params).unwrap_or_default(),
    );
    let sealed = crate::seal::seal(&key, &associated_data(user, screen, &entry), &payload)?;
    let store = app.offline_store().await?;
    store
        .put(
            &entry,
            &family,
            &user.to_string(),
            screen.name(),
            kept,
            Utc::now().timestamp_millis(),
            &sealed,
        )
        .await
}

/// A sealed entry opened, or `None` when it does not open (a wrong key, altered bytes, or
/// moved from another user or screen) or is in another format.
fn open_entry<P: DeserializeOwned, T: DeserializeOwned>(
    app: &App,
    user: Uuid,
    screen: Screen,
    entry: &str,
    sealed: &[u8],
) -> Result<Option<Payload<P, T>>, AppError> {
    let key = app.offline().key(app, user)?;
    Ok(
        crate::seal::open(&key, &associated_data(user, screen, entry), sealed)
            .and_then(|clear| serde_json::from_slice::<Payload<P, T>>(&clear).ok()),
    )
}

/// The kept answer and when it was fetched; `None` when there is none. One that does not
/// open (altered, or moved from another user or screen) is removed and refused.
async fn read<P, T>(
    app: &App,
    user: Uuid,
    screen: Screen,
    params: &P,
) -> Result<Option<(T, DateTime<Utc>)>, AppError>
where
    P: Serialize + DeserializeOwned,
    T: DeserializeOwned,
{
    let params_json = serde_json::to_vec(params).map_err(|e| AppError::internal(&e))?;
    let store = app.offline_store().await?;
    let exact = entry_name(user, screen, &params_json);
    let found = match store.get(&exact).await? {
        Some(stored) => Some((exact, stored)),
        None if screen.falls_back_within_family() => {
            let value = serde_json::to_value(params).unwrap_or_default();
            store.latest(&family_name(user, screen, &value)).await?
        }
        None => None,
    };
    let Some((entry, stored)) = found else {
        return Ok(None);
    };
    let Some(payload) = open_entry::<P, T>(app, user, screen, &entry, &stored.sealed)? else {
        store.remove(&entry).await?;
        tracing::warn!(
            screen = screen.name(),
            "a cached report failed its integrity check and was removed"
        );
        return Err(AppError::validation(
            "cache",
            format!(
                "the copy of the {} kept on this computer failed its integrity check and was \
                 removed; it is fetched again when the server answers",
                screen.name().replace('-', " ")
            ),
        ));
    };
    let as_of = DateTime::from_timestamp_millis(stored.fetched_at_ms).unwrap_or_default();
    Ok(Some((payload.value, as_of)))
}

/// Keeps the signed-in user's last view of `screen` offline on purpose (or stops keeping
/// it): a kept view is not replaced by the next one and is refreshed in the background
/// while online ([`refresh_kept`]). `false` when the screen has not been viewed yet.
pub async fn keep_last_view(app: &App, screen: Screen, kept: bool) -> Result<bool, AppError> {
    let auth = app.authorise(screen.permission())?;
    let user = auth.session().user_id().to_string();
    let store = app.offline_store().await?;
    let Some(entry) = store.last_viewed(&user, screen.name()).await? else {
        return Ok(false);
    };
    store.set_kept(&user, &entry, kept).await
}

/// Stops keeping one of the signed-in user's kept copies (Settings); it stays until the
/// next view of its screen replaces it.
pub async fn stop_keeping(app: &App, entry: &str) -> Result<bool, AppError> {
    let user = app.session()?.user_id().to_string();
    app.offline_store()
        .await?
        .set_kept(&user, entry, false)
        .await
}

/// A copy kept offline on purpose, for Settings.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct KeptCopy {
    /// Its name in the file, to stop keeping it.
    pub entry: String,
    pub screen: Screen,
    /// When its data was fetched.
    pub as_of: DateTime<Utc>,
}

/// Fetches every copy the signed-in user keeps on purpose again, through its screen's own
/// use case, while the server answers; how many were refreshed. A copy that no longer
/// opens, or whose screen the user may no longer see, is skipped.
pub async fn refresh_kept(app: &App) -> Result<u32, AppError> {
    let user = app.session()?.user_id();
    if !is_online(app) || app.session()?.is_offline() {
        return Ok(0);
    }
    let mut refreshed = 0;
    for kept in app.offline_store().await?.kept(&user.to_string()).await? {
        let Some(screen) = Screen::named(&kept.screen) else {
            continue;
        };
        let Some(payload) = open_entry::<serde_json::Value, serde_json::Value>(
            app,
            user,
            screen,
            &kept.entry,
            &kept.report.sealed,
        )?
        else {
            continue;
        };
        match refresh::fetch_again(app, screen, payload.params).await {
            Ok(()) => refreshed += 1,
            Err(AppError::Offline) => break,
            Err(e) => tracing::warn!(screen = screen.name(), error = %e, "kept copy not refreshed"),
        }
    }
    Ok(refreshed)
}

/// The screens answered from the cache since the server was last reached.
pub fn served_from_cache(app: &App) -> Vec<ServedFromCache> {
    app.offline()
        .served_lock()
        .iter()
        .map(|(screen, as_of)| ServedFromCache {
            screen: (*screen).to_owned(),
            as_of: *as_of,
        })
        .collect()
}

/// Size and age of the signed-in user's cache.
pub async fn cache_info(app: &App) -> Result<CacheInfo, AppError> {
    let user = app.session()?.user_id();
    let store = app.offline_store().await?;
    let totals = store.totals(&user.to_string()).await?;
    let at = |ms: Option<i64>| ms.and_then(DateTime::from_timestamp_millis);
    let kept = store
        .kept(&user.to_string())
        .await?
        .into_iter()
        .filter_map(|k| {
            Some(KeptCopy {
                screen: Screen::named(&k.screen)?,
                as_of: at(Some(k.report.fetched_at_ms))?,
                entry: k.entry,
            })
        })
        .collect();
    Ok(CacheInfo {
        entries: u32::try_from(totals.entries).unwrap_or(u32::MAX),
        bytes: u32::try_from(totals.bytes).unwrap_or(u32::MAX),
        oldest: at(totals.oldest_ms),
        newest: at(totals.newest_ms),
        kept,
        file: store.path().display().to_string(),
    })
}

/// Removes the signed-in user's cached reports (Settings → Clear).
pub async fn clear_cache(app: &App) -> Result<u64, AppError> {
    let user = app.session()?.user_id();
    wipe_user(app, user).await
}

/// Removes every cached report of `user` and, unless changes they made offline still wait
/// to be applied, their key: after a deactivation or a role change seen at an online
/// sign-in. Without the key nothing sealed for them can be opened afterwards. Queued changes
/// are never wiped: they are the user's own work, applied (or refused by the server) at
/// their next online sign-in.
pub(crate) async fn wipe_user(app: &App, user: Uuid) -> Result<u64, AppError> {
    let store = app.offline_store().await?;
    let removed = store.remove_user(&user.to_string()).await?;
    store.compact().await?;
    if queue::open_count(app, user).await? == 0 {
        app.secrets().delete(&key_entry(user))?;
        app.offline().forget_key(user);
    }
    app.offline().served_lock().clear();
    tracing::info!(removed, "offline reports wiped");
    Ok(removed)
}
