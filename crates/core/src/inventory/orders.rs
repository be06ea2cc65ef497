//! Replenishment orders: the plan's drafts, submitted by planners and approved within
//! each approver's limit; an approval books the production job.

use chrono::{Duration, NaiveTime, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use sentia_db::supply as db;
use sentia_domain::{Permission, ReplenishmentStatus, Role};
use uuid::Uuid;

use super::model::{ApprovalLimit, OrderDecision, PlanFigures, ReplenishmentOrder};
use crate::catalog::written;
use crate::dashboard::BASE_CURRENCY;
use crate::settings;
use crate::{App, AppError};

/// Production starts at this hour (UTC) on the day a job is booked for.
const SHIFT_START_HOUR: u32 = 7;

fn order(r: db::OrderRow) -> Result<ReplenishmentOrder, AppError> {
    Ok(ReplenishmentOrder {
        status: r
            .status
            .parse()
            .map_err(|e| AppError::internal(&format!("order status: {e}")))?,
        // A record written by an older build may not parse: the order still lists.
        decision: serde_json::from_value::<PlanFigures>(r.decision_record).ok(),
        id: r.id,
        order_number: r.order_number,
        product_id: r.product_id,
        sku: r.sku,
        name: r.name,
        location: r.location_id,
        quantity: r.quantity,
        unit_cost: r.unit_cost,
        value: r.order_value,
        order_by: r.order_by,
        need_by: r.need_by,
        submitted_by: r.submitted_by,
        submitted_at: r.submitted_at,
        decided_by: r.decided_by,
        decided_at: r.decided_at,
        comment: r.decision_comment,
        job_number: r.job_number,
        row_version: r.row_version,
    })
}

/// Replenishment orders by the day to place them; `status` keeps one state.
pub async fn list_orders(
    app: &App,
    status: Option<ReplenishmentStatus>,
) -> Result<Vec<ReplenishmentOrder>, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let rows = db::orders(tx.conn(), status.map(|s| s.as_str()), None).await?;
    tx.commit().await?;
    rows.into_iter().map(order).collect()
}

/// The largest order `role` may approve: unlimited for admins (the CFO approver), the
/// manager limit for managers, nothing for anyone else. The database applies the same
/// rule (`sentia_approval_limit()`).
async fn limit_of(conn: &mut sqlx::PgConnection, role: Role) -> Result<Option<Decimal>, AppError> {
    Ok(match role {
        Role::Admin => None,
        Role::Manager => Some(settings::number(conn, "approvals", "manager_limit").await?),
        Role::Analyst | Role::Viewer => Some(Decimal::ZERO),
    })
}

/// What the signed-in user may approve.
pub async fn approval_limit(app: &App) -> Result<ApprovalLimit, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let session = tx.session().clone();
    let can_approve = session.allows(Permission::ForecastApprove);
    let limit = if can_approve {
        limit_of(tx.conn(), session.role()).await?
    } else {
        Some(Decimal::ZERO)
    };
    tx.commit().await?;
    Ok(ApprovalLimit {
        can_approve,
        limit,
        currency: BASE_CURRENCY.as_str().to_owned(),
    })
}

/// Moves an order along its workflow: a planner submits, an approver approves within
/// their limit (booking its production job) or rejects with a reason.
pub async fn decide_order(
    app: &App,
    decision: OrderDecision,
) -> Result<ReplenishmentOrder, AppError> {
    let to = decision.to;
    let permission = match to {
        ReplenishmentStatus::Submitted => Permission::ForecastRun,
        ReplenishmentStatus::Approved | ReplenishmentStatus::Rejected => {
            Permission::ForecastApprove
        }
        ReplenishmentStatus::Implemented => {
            return Err(AppError::validation(
                "to",
                "an order is implemented when its production job starts",
            ))
        }
        ReplenishmentStatus::Draft => {
            return Err(AppError::validation(
                "to",
                "an order cannot go back to draft",
            ))
        }
    };
    let comment = decision
        .comment
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    if to == ReplenishmentStatus::Rejected && comment.is_none() {
        return Err(AppError::validation(
            "comment",
            "say why the order is sent back",
        ));
    }
    let mut tx = app.transaction(permission).await?;
    let current = db::orders(tx.conn(), None, Some(decision.id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::NotFound {
            entity: "replenishment order".into(),
        })?;
    let current = order(current)?;
    if current.row_version != decision.row_version {
        // Someone moved it since the screen loaded; the versioned write says who.
    } else if let Some(why) = current.status.refusal(to) {
        return Err(AppError::validation("to", why));
    }
    let mut job = None;
    if to == ReplenishmentStatus::Approved {
        let role = tx.session().role();
        if let Some(limit) = limit_of(tx.conn(), role).await? {
            if current.value > limit {
                return Err(AppError::validation(
                    "to",
                    format!(
                        "{} is worth {} {}, above your approval limit of {} {}; an approver with a higher limit must approve it",
                        current.order_number,
                        current.value.round_dp(2),
                        BASE_CURRENCY.as_str(),
                        limit.round_dp(2),
                        BASE_CURRENCY.as_str(),
                    ),
                ));
            }
        }
        job = Some(book_job(tx.conn(), &current).await?);
    }
    let outcome = db::set_order_status(
        tx.conn(),
        decision.id,
        decision.row_version,
        to.as_str(),
        comment,
        job,
    )
    .await?;
    written(outcome, "replenishment order")?;
    let row = db::orders(tx.conn(), None, Some(decision.id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AppError::NotFound {
            entity: "replenishment order".into(),
        })?;
    tx.commit().await?;
    order(row)
}

/// Books the production job of an approved order on the fastest available bottling line,
/// starting the day the order is to be placed (or today).
async fn book_job(conn: &mut sqlx::PgConnection, o: &ReplenishmentOrder) -> Result<Uuid, AppError> {
    let resources = db::resources(&mut *conn).await?;
    let line = crate::production::production_lines(&resources)
        .max_by(|a, b| a.capacity.total_cmp(&b.capacity));
    let today = Utc::now().date_naive();
    let day = o.order_by.max(today);
    let start = day
        .and_time(NaiveTime::from_hms_opt(SHIFT_START_HOUR, 0, 0).expect("a valid hour"))
        .and_utc();
    let hours = line
        .as_ref()
        .map(|l| (f64::from(o.quantity) / l.capacity).ceil().max(1.0))
        .unwrap_or(8.0);
    let id = db::insert_job(
        &mut *conn,
        &db::NewJob {
            job_number: format!("JOB-{}", o.order_number),
            customer_name: format!("Replenishment {}", o.location),
            product_id: o.product_id,
            resource_id: line.map(|l| l.id),
            quantity: o.quantity,
            due_date: o.need_by,
            planned_start: start,
            planned_end: start + Duration::minutes((hours * 60.0).to_i64().unwrap_or(480)),
        },
    )
    .await?;
    Ok(id)
}
