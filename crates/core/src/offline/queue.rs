//! Changes made while the server cannot be reached: queued on this computer, durably (the
//! queue's commits are synced to disk before the window hears "queued"), and applied in the
//! order they were made when the server answers again.
//!
//! Each change carries the id its row will have on the server, chosen when it was queued:
//! a replay that finds that row already there (the server got it, the answer did not come
//! back) counts it as applied, so nothing is applied twice. A change whose row changed on
//! the server since the user saw it is not applied: it waits, with both values, for the
//! user to keep theirs or the server's. Nothing leaves the queue without being applied or
//! discarded by its author.
//!
//! A change is sealed like a report (under its author's key, with the author and the
//! change's id as associated data); only its state is in clear, so the file names no
//! product, figure or reason.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use sentia_domain::Permission;

use super::store::StoredEdit;
use crate::forecasts::{self, Applied, CommentRequest, OverrideRequest};
use crate::{App, AppError};

/// The sealed record's format.
const FORMAT: u32 = 1;

/// A change that can be made offline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Change {
    /// A forecast override: value and reason for one period.
    Override(OverrideRequest),
    /// A comment on a forecast series: a new row, so it never conflicts.
    Comment(CommentRequest),
}

/// Where a queued change stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum EditState {
    /// Waiting for the server.
    Queued,
    /// The row changed on the server since the user saw it: the user chooses.
    Conflict,
    /// The server refused it (e.g. the role no longer allows it): the user discards it.
    Refused,
    /// On the server.
    Applied,
    /// Dropped by its author.
    Discarded,
}

impl EditState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Conflict => "conflict",
            Self::Refused => "refused",
            Self::Applied => "applied",
            Self::Discarded => "discarded",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [
            Self::Queued,
            Self::Conflict,
            Self::Refused,
            Self::Applied,
            Self::Discarded,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }

    /// Still the user's to see: not applied, not discarded.
    const OPEN: [&'static str; 3] = ["queued", "conflict", "refused"];
}

/// What the server holds now where a queued override was to go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServerSide {
    /// The live row now.
    pub forecast_id: Uuid,
    /// Units.
    pub value: u32,
    /// Its workflow state.
    pub status: String,
    /// Its override reason, when it is an override.
    pub reason: Option<String>,
    /// Who changed it.
    pub changed_by: Option<String>,
    pub changed_at: DateTime<Utc>,
    /// What it is, in words.
    pub sku: String,
    pub product_name: String,
    pub channel_name: String,
    pub period: chrono::NaiveDate,
}

/// A queued change as the user sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct QueuedEdit {
    /// Its id (the id of the row it makes on the server).
    pub id: Uuid,
    pub change: Change,
    pub queued_at: DateTime<Utc>,
    pub state: EditState,
    /// The queued change it follows (the same period changed twice offline): it is applied
    /// after that one, on top of it.
    pub after: Option<Uuid>,
    /// For a conflict: the server's side.
    pub server: Option<ServerSide>,
    /// For a refusal: the server's words.
    pub refusal: Option<String>,
}

/// The user's choice for a change in conflict (or refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Keep {
    /// Apply it over what the server holds now.
    Mine,
    /// Drop it: the server's value stands.
    Server,
}

/// What a replay did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct QueueSummary {
    /// Applied by this replay.
    pub applied: u32,
    /// Still waiting for the server.
    pub queued: u32,
    /// Waiting for the user's choice.
    pub conflicts: u32,
    /// Refused by the server.
    pub refused: u32,
}

fn aad(user: Uuid, id: &str) -> Vec<u8> {
    format!("sentia-queue/{FORMAT}/{user}/{id}").into_bytes()
}

fn seal(app: &App, user: Uuid, edit: &QueuedEdit) -> Result<Vec<u8>, AppError> {
    let key = app.offline().key(app, user)?;
    let clear = serde_json::to_vec(edit).map_err(|e| AppError::internal(&e))?;
    crate::seal::seal(&key, &aad(user, &edit.id.to_string()), &clear)
}

fn open(app: &App, user: Uuid, stored: &StoredEdit) -> Result<QueuedEdit, AppError> {
    let key = app.offline().key(app, user)?;
    let mut edit = crate::seal::open(&key, &aad(user, &stored.id), &stored.sealed)
        .and_then(|clear| serde_json::from_slice::<QueuedEdit>(&clear).ok())
        .ok_or_else(|| {
            AppError::validation(
                "queue",
                format!(
                    "a change queued on this computer at {} failed its integrity check and \
                     cannot be applied; it is kept in the file for your IT department",
                    DateTime::from_timestamp_millis(stored.queued_at_ms).unwrap_or_default()
                ),
            )
        })?;
    // The clear state column is what moves; the sealed record keeps the rest.
    if let Some(state) = EditState::parse(&stored.state) {
        edit.state = state;
    }
    Ok(edit)
}

async fn save(app: &App, user: Uuid, edit: &QueuedEdit) -> Result<(), AppError> {
    let sealed = seal(app, user, edit)?;
    let settled = matches!(edit.state, EditState::Applied | EditState::Discarded)
        .then(|| Utc::now().timestamp_millis());
    app.offline_store()
        .await?
        .set_edit(&edit.id.to_string(), edit.state.as_str(), settled, &sealed)
        .await
}

/// Queues `change` as the row `id`, durably. A second change of the same row made offline
/// follows the first, so that they are applied in order, one on top of the other.
pub async fn enqueue(app: &App, id: Uuid, change: Change) -> Result<QueuedEdit, AppError> {
    app.authorise(Permission::ForecastRun)?;
    let user = app.session()?.user_id();
    let after = match &change {
        Change::Override(request) => open_edits(app, user)
            .await?
            .iter()
            .rev()
            .find(|e| {
                matches!(&e.change, Change::Override(earlier)
                    if earlier.forecast_id == request.forecast_id && e.state != EditState::Refused)
            })
            .map(|e| e.id),
        Change::Comment(_) => None,
    };
    let edit = QueuedEdit {
        id,
        change,
        queued_at: Utc::now(),
        state: EditState::Queued,
        after,
        server: None,
        refusal: None,
    };
    let sealed = seal(app, user, &edit)?;
    app.offline_store()
        .await?
        .enqueue(
            &id.to_string(),
            &user.to_string(),
            edit.queued_at.timestamp_millis(),
            &sealed,
        )
        .await?;
    tracing::info!(%id, "change queued until the server answers");
    Ok(edit)
}

/// The signed-in user's changes not yet applied or discarded, oldest first.
pub async fn open_changes(app: &App) -> Result<Vec<QueuedEdit>, AppError> {
    let user = app.session()?.user_id();
    open_edits(app, user).await
}

async fn open_edits(app: &App, user: Uuid) -> Result<Vec<QueuedEdit>, AppError> {
    let stored = app
        .offline_store()
        .await?
        .edits(&user.to_string(), &EditState::OPEN)
        .await?;
    let mut edits = Vec::with_capacity(stored.len());
    for s in &stored {
        match open(app, user, s) {
            Ok(edit) => edits.push(edit),
            Err(e) => tracing::warn!(seq = s.seq, error = %e, "a queued change does not open"),
        }
    }
    Ok(edits)
}

/// How many of `user`'s changes are not yet applied or discarded.
pub(crate) async fn open_count(app: &App, user: Uuid) -> Result<i64, AppError> {
    app.offline_store()
        .await?
        .count_edits(&user.to_string(), &EditState::OPEN)
        .await
}

/// Asks for a replay at the next chance (after an online sign-in): the shell's probe loop
/// takes the request with [`replay_wanted`].
pub fn want_replay(app: &App) {
    app.offline()
        .replay_wanted
        .store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Whether a replay was asked for since the last call.
pub fn replay_wanted(app: &App) -> bool {
    app.offline()
        .replay_wanted
        .swap(false, std::sync::atomic::Ordering::SeqCst)
}

/// Applies the signed-in user's queued changes in order, while the server answers. One
/// replay at a time; a change that follows another waits for it.
pub async fn replay(app: &App) -> Result<QueueSummary, AppError> {
    let _one_at_a_time = app.offline().replaying.lock().await;
    let session = app.session()?;
    let user = session.user_id();
    let mut summary = QueueSummary::default();
    if session.is_offline() || !super::is_online(app) {
        return tally(app, user, summary).await;
    }
    let store = app.offline_store().await?;
    for mut edit in open_edits(app, user).await? {
        if edit.state != EditState::Queued {
            continue;
        }
        let applied = match &edit.change {
            Change::Override(request) => {
                let Some(request) = rebased(store, user, &edit, request).await? else {
                    continue;
                };
                forecasts::apply_override(app, edit.id, &request).await
            }
            Change::Comment(request) => forecasts::apply_comment(app, edit.id, request)
                .await
                .map(|()| Applied::Done),
        };
        match applied {
            Ok(Applied::Done) => {
                edit.state = EditState::Applied;
                summary.applied += 1;
            }
            Ok(Applied::Changed(now)) => {
                let now = *now;
                edit.state = EditState::Conflict;
                edit.server = Some(ServerSide {
                    forecast_id: now.id,
                    value: u32::try_from(now.predicted_demand).unwrap_or(0),
                    status: now.status,
                    reason: now.override_reason,
                    changed_by: now.changed_by_name,
                    changed_at: now.changed_at,
                    sku: now.sku,
                    product_name: now.product_name,
                    channel_name: now.channel_name,
                    period: now.forecast_date,
                });
            }
            Err(AppError::Offline) => break,
            Err(
                refusal @ (AppError::Forbidden { .. }
                | AppError::Validation { .. }
                | AppError::NotFound { .. }),
            ) => {
                edit.state = EditState::Refused;
                edit.refusal = Some(refusal.to_string());
            }
            Err(other) => {
                tracing::warn!(id = %edit.id, error = %other, "a queued change was not applied; it stays queued");
                break;
            }
        }
        save(app, user, &edit).await?;
        tracing::info!(id = %edit.id, state = edit.state.as_str(), "queued change replayed");
    }
    tally(app, user, summary).await
}

/// The override as it applies now: on top of the queued override it follows once that is
/// applied, on the row the user saw when that was dropped; `None` while that still waits.
async fn rebased(
    store: &super::Store,
    user: Uuid,
    edit: &QueuedEdit,
    request: &OverrideRequest,
) -> Result<Option<OverrideRequest>, AppError> {
    let mut request = request.clone();
    let Some(before) = edit.after else {
        return Ok(Some(request));
    };
    let state = store
        .edit(&user.to_string(), &before.to_string())
        .await?
        .and_then(|s| EditState::parse(&s.state));
    match state {
        // Applied: this one goes on top of its row, as the user made it.
        Some(EditState::Applied) => {
            request.forecast_id = before;
            request.seen_status = None;
        }
        Some(EditState::Queued | EditState::Conflict) => return Ok(None),
        // The one before was dropped: this one meets the row the user saw.
        _ => {}
    }
    Ok(Some(request))
}

async fn tally(app: &App, user: Uuid, mut summary: QueueSummary) -> Result<QueueSummary, AppError> {
    for edit in open_edits(app, user).await? {
        match edit.state {
            EditState::Queued => summary.queued += 1,
            EditState::Conflict => summary.conflicts += 1,
            EditState::Refused => summary.refused += 1,
            EditState::Applied | EditState::Discarded => {}
        }
    }
    Ok(summary)
}

/// The user's choice for a change in conflict or refused: `Mine` applies it over what the
/// server holds now (a conflict again if that changed meanwhile), `Server` discards it.
pub async fn resolve(app: &App, id: Uuid, keep: Keep) -> Result<QueueSummary, AppError> {
    let user = app.session()?.user_id();
    let store = app.offline_store().await?;
    let stored = store
        .edit(&user.to_string(), &id.to_string())
        .await?
        .ok_or_else(|| AppError::NotFound {
            entity: "queued change".into(),
        })?;
    let mut edit = open(app, user, &stored)?;
    match (keep, edit.state) {
        (Keep::Server, EditState::Queued | EditState::Conflict | EditState::Refused) => {
            edit.state = EditState::Discarded;
            save(app, user, &edit).await?;
            tracing::info!(%id, "queued change discarded by its author");
        }
        (Keep::Mine, EditState::Conflict) => {
            let server = edit.server.take().ok_or_else(|| {
                AppError::validation("queue", "this change has no server value to go over")
            })?;
            if let Change::Override(request) = &mut edit.change {
                request.forecast_id = server.forecast_id;
                request.seen_status = Some(server.status);
            }
            edit.after = None;
            edit.state = EditState::Queued;
            save(app, user, &edit).await?;
        }
        (Keep::Mine, state) => {
            return Err(AppError::validation(
                "keep",
                format!(
                    "this change is {}: there is no server value to keep yours over",
                    state.as_str()
                ),
            ))
        }
        (Keep::Server, state) => {
            return Err(AppError::validation(
                "keep",
                format!("this change is already {}", state.as_str()),
            ))
        }
    }
    replay(app).await
}
