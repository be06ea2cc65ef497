//! Long work the user can cancel (an import, a forecast run): a [`Cancel`] handle checked
//! between steps, and one job of each [`Job`] kind at a time per app.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::{App, AppError};

/// Stops a running job: set from another thread, seen between chunks and steps.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// Asks the job to stop; it rolls back and returns [`AppError::Cancelled`].
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// `Cancelled` once [`Cancel::cancel`] was called.
    pub fn check(&self) -> Result<(), AppError> {
        if self.0.load(Ordering::Relaxed) {
            Err(AppError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// The kinds of job of which one runs at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    /// A sales import.
    Import,
    /// A forecast run.
    ForecastRun,
}

impl Job {
    fn busy(self) -> AppError {
        let (constraint, message) = match self {
            Job::Import => (
                "one_import_at_a_time",
                "another import is running; wait for it or cancel it",
            ),
            Job::ForecastRun => (
                "one_forecast_run_at_a_time",
                "another forecast run is under way; wait for it or cancel it",
            ),
        };
        AppError::Conflict {
            constraint: constraint.into(),
            field: None,
            message: message.into(),
        }
    }
}

/// The cancel handles of the jobs under way.
#[derive(Debug, Default)]
pub(crate) struct Running(std::sync::Mutex<HashMap<Job, Cancel>>);

impl Running {
    fn slots(&self) -> std::sync::MutexGuard<'_, HashMap<Job, Cancel>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Runs `work` as the one job of its kind, refusing a second while it runs; the handle it
/// gets is the one [`cancel`] sets.
pub async fn exclusive<T, F, Fut>(app: &App, job: Job, work: F) -> Result<T, AppError>
where
    F: FnOnce(Cancel) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let cancel = Cancel::default();
    {
        let mut slots = app.running().slots();
        if slots.contains_key(&job) {
            return Err(job.busy());
        }
        slots.insert(job, cancel.clone());
    }
    // Freed however `work` ends, including when the caller drops the future.
    struct Release<'a>(&'a App, Job);
    impl Drop for Release<'_> {
        fn drop(&mut self) {
            self.0.running().slots().remove(&self.1);
        }
    }
    let _release = Release(app, job);
    work(cancel).await
}

/// The jobs under way.
pub fn running(app: &App) -> Vec<Job> {
    let mut jobs: Vec<Job> = app.running().slots().keys().copied().collect();
    jobs.sort_by_key(|j| *j as u8);
    jobs
}

/// Cancels the job of that kind under way, if any (it writes nothing).
pub fn cancel(app: &App, job: Job) {
    if let Some(handle) = app.running().slots().get(&job) {
        handle.cancel();
    }
}
