//! Production: the jobs in the schedule, their legal moves (pending → active →
//! completed, or cancelled), and each resource's weekly load against its capacity.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rust_decimal::prelude::ToPrimitive;
use sentia_db::supply as db;
use sentia_domain::{JobStatus, Permission, ResourceStatus};
use serde::Serialize;
use uuid::Uuid;

use crate::settings;
use crate::{App, AppError};

/// A production job.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProductionJob {
    /// Id.
    pub id: Uuid,
    /// Number.
    pub job_number: String,
    /// Schedule it belongs to.
    pub schedule: Option<String>,
    /// What it is for.
    pub purpose: Option<String>,
    /// Status.
    pub status: JobStatus,
    /// SKU.
    pub sku: Option<String>,
    /// Resource.
    pub resource: Option<String>,
    /// Units.
    pub quantity: i32,
    /// Units made.
    pub produced: i32,
    /// Due.
    pub due_date: Option<NaiveDate>,
    /// Planned start.
    pub planned_start: Option<DateTime<Utc>>,
    /// Planned end.
    pub planned_end: Option<DateTime<Utc>>,
    /// Started.
    pub actual_start: Option<DateTime<Utc>>,
    /// Finished.
    pub actual_end: Option<DateTime<Utc>>,
    /// The replenishment order that booked it.
    pub order_number: Option<String>,
}

/// One resource's load in one week.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WeekLoad {
    /// Monday of the week.
    pub week_start: NaiveDate,
    /// Units booked.
    pub load: f64,
    /// Units it can make (0 in maintenance or offline).
    pub capacity: f64,
    /// Booked beyond capacity.
    pub over: bool,
}

/// A resource's weekly load.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ResourceLoad {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Kind, e.g. bottling_line.
    pub kind: String,
    /// Status.
    pub status: ResourceStatus,
    /// Capacity per unit of `capacity_unit`.
    pub capacity: f64,
    /// units/hour, litres, batches/day.
    pub capacity_unit: String,
    /// Load is counted for resources measured in units per hour.
    pub scheduled: bool,
    /// One entry per week.
    pub weeks: Vec<WeekLoad>,
}

/// A pending job in an over-booked week, and where it fits.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct MovableJob {
    /// Job.
    pub job_number: String,
    /// Resource.
    pub resource: String,
    /// The over-booked week.
    pub week_start: NaiveDate,
    /// Units it books there.
    pub load: f64,
    /// The first later week of the same resource with room for it, if any in view.
    pub fits_in_week: Option<NaiveDate>,
}

/// Each resource's weekly load against its capacity.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CapacityView {
    /// Mondays of the weeks shown.
    pub weeks: Vec<NaiveDate>,
    /// Hours a resource runs in a week (setting).
    pub hours_per_week: u32,
    /// Resources.
    pub resources: Vec<ResourceLoad>,
    /// Jobs that could move out of over-booked weeks.
    pub movable: Vec<MovableJob>,
}

/// The kind of resource a replenishment batch is made on.
pub(crate) const PRODUCTION_LINE: &str = "bottling_line";

/// The lines a batch can be booked on now: available bottling lines rated in units per hour.
pub(crate) fn production_lines(
    resources: &[db::ResourceRow],
) -> impl Iterator<Item = &db::ResourceRow> {
    resources.iter().filter(|r| {
        r.kind == PRODUCTION_LINE
            && r.status == ResourceStatus::Available.as_str()
            && r.capacity_unit == "units/hour"
            && r.capacity > 0.0
    })
}

/// Hours a resource runs in a week (setting).
pub(crate) async fn hours_per_week(conn: &mut sqlx::PgConnection) -> Result<u32, AppError> {
    Ok(settings::number(conn, "production", "hours_per_week")
        .await?
        .to_u32()
        .unwrap_or(80))
}

fn job(r: db::JobRow) -> Result<ProductionJob, AppError> {
    Ok(ProductionJob {
        status: r
            .status
            .parse()
            .map_err(|e| AppError::internal(&format!("job status: {e}")))?,
        id: r.id,
        job_number: r.job_number,
        schedule: r.schedule,
        purpose: r.customer_name,
        sku: r.sku,
        resource: r.resource,
        quantity: r.quantity,
        produced: r.produced_quantity,
        due_date: r.due_date,
        planned_start: r.planned_start,
        planned_end: r.planned_end,
        actual_start: r.actual_start,
        actual_end: r.actual_end,
        order_number: r.order_number,
    })
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

fn window(weeks: u32) -> (NaiveDate, DateTime<Utc>, DateTime<Utc>) {
    let first = monday(Utc::now().date_naive());
    let from = first.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    (first, from, from + Duration::weeks(i64::from(weeks)))
}

/// Jobs planned in the next `weeks` weeks, and every job not yet finished.
pub async fn list_jobs(app: &App, weeks: u32) -> Result<Vec<ProductionJob>, AppError> {
    let weeks = weeks.clamp(1, 52);
    let (_, from, until) = window(weeks);
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let rows = db::jobs(tx.conn(), from, until).await?;
    tx.commit().await?;
    rows.into_iter().map(job).collect()
}

/// Moves a job to `to`; starting the job of a replenishment order implements the order.
pub async fn move_job(app: &App, id: Uuid, to: JobStatus) -> Result<ProductionJob, AppError> {
    let mut tx = app.transaction(Permission::ForecastRun).await?;
    let from: JobStatus = db::job_status(tx.conn(), id)
        .await?
        .ok_or_else(|| AppError::NotFound {
            entity: "job".into(),
        })?
        .parse()
        .map_err(|e| AppError::internal(&format!("job status: {e}")))?;
    if let Some(why) = from.refusal(to) {
        return Err(AppError::validation("status", why));
    }
    db::set_job_status(tx.conn(), id, to.as_str()).await?;
    if to == JobStatus::Active {
        db::implement_order_of_job(tx.conn(), id).await?;
    }
    let (_, from_t, _) = window(1);
    let row = db::jobs(
        tx.conn(),
        from_t - Duration::days(3650),
        from_t + Duration::days(3650),
    )
    .await?
    .into_iter()
    .find(|j| j.id == id)
    .ok_or_else(|| AppError::NotFound {
        entity: "job".into(),
    })?;
    tx.commit().await?;
    job(row)
}

/// Puts a resource into maintenance, takes it offline or makes it available again; the
/// capacity view counts it as zero capacity while it is not available.
pub async fn set_resource_status(
    app: &App,
    id: Uuid,
    status: ResourceStatus,
) -> Result<(), AppError> {
    let mut tx = app.transaction(Permission::ForecastRun).await?;
    if !db::set_resource_status(tx.conn(), id, status.as_str()).await? {
        return Err(AppError::NotFound {
            entity: "resource".into(),
        });
    }
    tx.commit().await
}

/// Units a job books in each week it spans, in proportion to its planned hours there.
fn spread(j: &db::JobRow, first: NaiveDate, weeks: usize) -> Vec<(usize, f64)> {
    let (Some(start), Some(end)) = (j.planned_start, j.planned_end) else {
        return vec![];
    };
    let total = (end - start).num_seconds().max(1) as f64;
    let mut out = Vec::new();
    for w in 0..weeks {
        let ws = (first + Duration::weeks(w as i64))
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc();
        let we = ws + Duration::weeks(1);
        let overlap = (end.min(we) - start.max(ws)).num_seconds();
        if overlap > 0 || (end == start && start >= ws && start < we) {
            out.push((
                w,
                f64::from(j.quantity) * (overlap.max(1) as f64 / total).min(1.0),
            ));
        }
    }
    out
}

/// Each resource's load in the next `weeks` weeks against its capacity (rate × hours a
/// week; none in maintenance or offline), the over-booked weeks, and the pending jobs
/// that could move to a later week with room.
pub async fn capacity(app: &App, weeks: u32) -> Result<CapacityView, AppError> {
    let weeks = weeks.clamp(1, 26) as usize;
    let (first, from, until) = window(weeks as u32);
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let hours_per_week = hours_per_week(tx.conn()).await?;
    let resources = db::resources(tx.conn()).await?;
    let jobs = db::jobs(tx.conn(), from, until).await?;
    tx.commit().await?;

    let mut loads: HashMap<Uuid, Vec<f64>> = HashMap::new();
    let mut pending: Vec<(&db::JobRow, Vec<(usize, f64)>)> = Vec::new();
    for j in jobs.iter().filter(|j| j.status != "cancelled") {
        let Some(resource) = j.resource_id else {
            continue;
        };
        let parts = spread(j, first, weeks);
        let row = loads.entry(resource).or_insert_with(|| vec![0.0; weeks]);
        for (w, units) in &parts {
            row[*w] += units;
        }
        if j.status == "pending" {
            pending.push((j, parts));
        }
    }
    let mut out = Vec::new();
    let mut movable = Vec::new();
    for r in resources {
        let status: ResourceStatus = r
            .status
            .parse()
            .map_err(|e| AppError::internal(&format!("resource status: {e}")))?;
        let scheduled = r.capacity_unit == "units/hour";
        let cap = if scheduled && status == ResourceStatus::Available {
            r.capacity * f64::from(hours_per_week)
        } else {
            0.0
        };
        let load = loads.remove(&r.id).unwrap_or_else(|| vec![0.0; weeks]);
        let week_rows: Vec<WeekLoad> = load
            .iter()
            .enumerate()
            .map(|(w, l)| WeekLoad {
                week_start: first + Duration::weeks(w as i64),
                load: *l,
                capacity: cap,
                over: scheduled && *l > cap + 1e-9,
            })
            .collect();
        for (j, parts) in pending.iter().filter(|(j, _)| j.resource_id == Some(r.id)) {
            for (w, units) in parts {
                if !week_rows[*w].over {
                    continue;
                }
                let fits = week_rows
                    .iter()
                    .skip(w + 1)
                    .find(|later| later.capacity - later.load >= *units)
                    .map(|later| later.week_start);
                movable.push(MovableJob {
                    job_number: j.job_number.clone(),
                    resource: r.name.clone(),
                    week_start: week_rows[*w].week_start,
                    load: *units,
                    fits_in_week: fits,
                });
            }
        }
        out.push(ResourceLoad {
            id: r.id,
            name: r.name,
            kind: r.kind,
            status,
            capacity: r.capacity,
            capacity_unit: r.capacity_unit,
            scheduled,
            weeks: week_rows,
        });
    }
    Ok(CapacityView {
        weeks: (0..weeks)
            .map(|w| first + Duration::weeks(w as i64))
            .collect(),
        hours_per_week,
        resources: out,
        movable,
    })
}
