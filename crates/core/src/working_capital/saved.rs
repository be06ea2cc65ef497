//! Saved projections: a user names the scenario and drivers they are looking at; the
//! projection is kept in `working_capital` with what it read, and can be computed again
//! from those inputs to the byte, and set against the months that have closed since.

use std::collections::HashMap;

use rust_decimal::Decimal;
use sentia_db::cash as db;
use sentia_domain::Permission;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::inputs::{self, Inputs};
use super::model::{CashProjection, ProjectedVsActual, Reproduction, SavedProjection};
use super::{check, compute, CashRequest, Checked, DriverChanges};
use crate::dashboard::BASE_CURRENCY;
use crate::error::ConstraintText;
use crate::{App, AppError};

pub(crate) const CONSTRAINTS: &[ConstraintText] = &[
    ConstraintText {
        constraint: "cash_projections_name_key",
        field: "name",
        message: "a projection is already saved under that name; choose another or delete it",
        conflict: true,
    },
    ConstraintText {
        constraint: "cash_projections_name_check",
        field: "name",
        message: "give the projection a name",
        conflict: false,
    },
];

/// Longest name a projection is saved under.
const MAX_NAME: usize = 100;

fn engine_version() -> String {
    format!("sentia-finance {}", env!("CARGO_PKG_VERSION"))
}

fn digest(projection: &CashProjection) -> Result<String, AppError> {
    let bytes = serde_json::to_vec(projection).map_err(|e| AppError::internal(&e))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// The seed schema's scenario column knows three; the stress cases are downsides.
fn scenario_family(scenario: &str) -> &'static str {
    match scenario.to_ascii_lowercase().as_str() {
        "base" => "base",
        "optimistic" => "optimistic",
        _ => "pessimistic",
    }
}

fn request_of(checked: &Checked) -> CashRequest {
    CashRequest {
        scenario: Some(checked.scenario.clone()),
        drivers: Some(checked.changes),
        fx_change: Some(checked.fx_change),
        months: Some(checked.months),
        granularity: Some(checked.granularity),
        simulations: Some(checked.simulations),
    }
}

fn rows_of(projection: &CashProjection) -> Vec<db::ProjectionRow> {
    let money = |d: Decimal| d.round_dp(2);
    projection
        .markets
        .iter()
        .flat_map(|m| {
            m.months.iter().map(|mm| {
                // A VAT refund is cash in, not a negative payment.
                let refund = money((-mm.vat_paid).max(Decimal::ZERO));
                let inflow = money(mm.receipts) + refund;
                db::ProjectionRow {
                    month: mm.month,
                    market_code: m.market.clone(),
                    currency: m.currency.clone(),
                    fx_rate: m.rate.round_dp(6),
                    fx_rate_date: m.rate_date,
                    revenue: money(mm.revenue),
                    cogs: money(mm.cogs),
                    receivables: money(mm.receivables),
                    payables: money(mm.payables),
                    inventory: money(mm.inventory),
                    tax: money(mm.vat_paid.max(Decimal::ZERO)),
                    inflow,
                    outflow: inflow - money(mm.net_flow),
                }
            })
        })
        .collect()
}

fn summary(record: db::ProjectionRecord) -> Result<(SavedProjection, Inputs), AppError> {
    let request: CashRequest =
        serde_json::from_value(record.request).map_err(|e| AppError::internal(&e))?;
    let inputs: Inputs =
        serde_json::from_value(record.inputs).map_err(|e| AppError::internal(&e))?;
    let saved = SavedProjection {
        id: record.id,
        name: record.name,
        scenario: record.scenario,
        drivers: request.drivers.unwrap_or_default(),
        fx_change: request.fx_change.unwrap_or_default(),
        months: request.months.unwrap_or(super::DEFAULT_MONTHS),
        granularity: request.granularity.unwrap_or_default(),
        simulations: request.simulations.unwrap_or(0),
        saved_at: record.created_at,
        saved_by: record.created_by,
        engine_version: record.engine_version,
        result_digest: record.result_digest,
        forecasts_as_of: inputs.read_at,
        forecast_runs: inputs.forecast_runs.clone(),
        settings: inputs.settings.clone(),
        rates: inputs.rates.clone(),
        opening_as_of: inputs.balances.iter().map(|b| b.as_of).max(),
        start: inputs.start,
    };
    Ok((saved, inputs))
}

/// Saves the projection of `request` under `name`, with what it read.
pub async fn save(
    app: &App,
    name: &str,
    request: CashRequest,
) -> Result<SavedProjection, AppError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(AppError::validation(
            "name",
            format!("name the projection in 1 to {MAX_NAME} characters"),
        ));
    }
    if super::is_named_scenario(name) {
        return Err(AppError::validation(
            "name",
            format!("{name:?} names a built-in scenario; choose another name"),
        ));
    }
    let mut checked = check(request)?;
    let mut tx = app.transaction(Permission::ScenarioEdit).await?;
    super::resolve_saved(tx.conn(), &mut checked).await?;
    let read = inputs::read_live(tx.conn(), checked.months_to_read()).await?;
    let projection = compute(&checked, &read)?;
    let record = db::NewProjection {
        name,
        scenario: &projection.scenario,
        request: serde_json::to_value(request_of(&checked)).map_err(|e| AppError::internal(&e))?,
        inputs: serde_json::to_value(&read.inputs).map_err(|e| AppError::internal(&e))?,
        engine_version: &engine_version(),
        result_digest: &digest(&projection)?,
    };
    let id = db::insert_projection(tx.conn(), &record).await?;
    db::insert_projection_rows(
        tx.conn(),
        id,
        scenario_family(&projection.scenario),
        checked.granularity.as_str(),
        BASE_CURRENCY.code(),
        &rows_of(&projection),
    )
    .await?;
    let saved = db::projection(tx.conn(), id)
        .await?
        .ok_or_else(|| AppError::internal(&"the saved projection is not readable"))?;
    tx.commit().await?;
    Ok(summary(saved)?.0)
}

/// The saved projections, newest first.
pub async fn list(app: &App) -> Result<Vec<SavedProjection>, AppError> {
    let mut tx = app.transaction(Permission::WorkingCapitalView).await?;
    let records = db::projections(tx.conn()).await?;
    tx.commit().await?;
    records
        .into_iter()
        .map(|r| summary(r).map(|s| s.0))
        .collect()
}

/// The scenario and drivers saved under `name` (any case), if any.
pub(super) struct SavedScenario {
    pub scenario: String,
    pub drivers: DriverChanges,
    pub fx_change: Decimal,
}

pub(super) async fn by_name(
    conn: &mut sqlx::PgConnection,
    name: &str,
) -> Result<Option<SavedScenario>, AppError> {
    let found = db::projections(conn)
        .await?
        .into_iter()
        .find(|r| r.name.eq_ignore_ascii_case(name.trim()));
    Ok(match found {
        Some(r) => {
            let (s, _) = summary(r)?;
            Some(SavedScenario {
                scenario: s.scenario,
                drivers: s.drivers,
                fx_change: s.fx_change,
            })
        }
        None => None,
    })
}

/// The names of the saved projections, for choosing a scenario.
pub(super) async fn names(conn: &mut sqlx::PgConnection) -> Result<Vec<String>, AppError> {
    Ok(db::projections(conn)
        .await?
        .into_iter()
        .map(|r| r.name)
        .collect())
}

/// Computes a saved projection again from the inputs it recorded, says whether it is the
/// same to the byte, and sets its closed months against the actuals.
pub async fn reproduce(app: &App, id: Uuid) -> Result<Reproduction, AppError> {
    let mut tx = app.transaction(Permission::WorkingCapitalView).await?;
    let record = db::projection(tx.conn(), id)
        .await?
        .ok_or_else(|| AppError::NotFound {
            entity: "saved projection".into(),
        })?;
    let request: CashRequest =
        serde_json::from_value(record.request.clone()).map_err(|e| AppError::internal(&e))?;
    let (saved, inputs) = summary(record)?;
    let checked = check(request)?;
    let (read, changed) = inputs::read_saved(tx.conn(), inputs).await?;
    let rows = db::projection_rows(tx.conn(), id).await?;
    let until = rows
        .iter()
        .map(|r| r.month)
        .max()
        .and_then(|m| m.succ_opt())
        .unwrap_or(saved.start);
    let actuals = db::actual_months(tx.conn(), saved.start, until).await?;
    tx.commit().await?;

    let projection = compute(&checked, &read)?;
    let result_digest = digest(&projection)?;
    let actual: HashMap<(&str, chrono::NaiveDate), &db::ActualMonthRow> = actuals
        .iter()
        .map(|a| ((a.market_code.as_str(), a.month), a))
        .collect();
    let versus_actual = rows
        .iter()
        .filter_map(|r| {
            actual
                .get(&(r.market_code.as_str(), r.month))
                .map(|a| ProjectedVsActual {
                    month: r.month,
                    market: r.market_code.clone(),
                    currency: r.currency.clone(),
                    projected_revenue: r.revenue,
                    actual_revenue: a.revenue,
                    projected_receivables: r.receivables,
                    actual_receivables: a.receivables,
                    projected_payables: r.payables,
                    actual_payables: a.payables,
                    projected_inventory: r.inventory,
                    actual_inventory: a.inventory,
                })
        })
        .collect();
    Ok(Reproduction {
        identical: result_digest == saved.result_digest,
        saved,
        projection,
        result_digest,
        changed,
        versus_actual,
    })
}

/// Deletes a saved projection with its rows: the user's own, or any for an admin.
pub async fn delete(app: &App, id: Uuid) -> Result<(), AppError> {
    let mut tx = app.transaction(Permission::ScenarioEdit).await?;
    let record = db::projection(tx.conn(), id)
        .await?
        .ok_or_else(|| AppError::NotFound {
            entity: "saved projection".into(),
        })?;
    let session = tx.session();
    if record.created_by_id != Some(session.user_id()) {
        // Someone else's: only who may manage settings tidies up after others.
        session.require(Permission::SettingsManage)?;
    }
    if !db::delete_projection(tx.conn(), id).await? {
        return Err(AppError::NotFound {
            entity: "saved projection of yours".into(),
        });
    }
    tx.commit().await?;
    Ok(())
}
