//! Aggregate views: a run's forecast summed by category, market or channel. The
//! reconciliation is bottom-up, so every total is the sum of the series below it; an
//! override at an aggregate is spread to those series in proportion to their statistical
//! forecast and recorded on each as an ordinary override with the same reason.

use std::collections::BTreeMap;

use sentia_db::forecast_aggregates::{self as db, Level};
use sentia_domain::Permission;
use uuid::Uuid;

use super::checked_reason;
use super::model::{
    AggregateGroup, AggregateHistoryPoint, AggregateLevel, AggregateOverrideRequest,
    AggregatePeriod, AggregateView,
};
use crate::{App, AppError};

fn level(level: AggregateLevel) -> Level {
    match level {
        AggregateLevel::Total => Level::Total,
        AggregateLevel::Category => Level::Category,
        AggregateLevel::Market => Level::Market,
        AggregateLevel::Channel => Level::Channel,
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The run's live forecast and its history summed per group at `at`.
pub async fn aggregate(
    app: &App,
    run_id: Uuid,
    at: AggregateLevel,
) -> Result<AggregateView, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let forecast = db::forecast(tx.conn(), run_id, level(at)).await?;
    let history = db::history(tx.conn(), run_id, level(at)).await?;

    let mut groups: Vec<AggregateGroup> = Vec::new();
    for row in forecast {
        if groups.last().is_none_or(|g| g.key != row.group_key) {
            groups.push(AggregateGroup {
                key: row.group_key.clone(),
                label: row.group_label.clone(),
                history: Vec::new(),
                forecast: Vec::new(),
                total: 0.0,
            });
        }
        let group = groups.last_mut().expect("pushed above");
        group.total += row.forecast as f64;
        group.forecast.push(AggregatePeriod {
            period: row.period,
            forecast: row.forecast as f64,
            statistical: row.statistical as f64,
            series: count(row.series),
            overridden: count(row.overridden),
        });
    }
    let mut histories: BTreeMap<String, Vec<AggregateHistoryPoint>> = BTreeMap::new();
    for row in history {
        histories
            .entry(row.group_key)
            .or_default()
            .push(AggregateHistoryPoint {
                period: row.period,
                units: row.units,
                partial: row.partial,
            });
    }
    for group in &mut groups {
        group.history = histories.remove(&group.key).unwrap_or_default();
    }
    Ok(AggregateView {
        run_id,
        level: at,
        groups,
    })
}

/// Sets one period of a group to `value` units, spread over its live series in proportion
/// to their statistical forecast; returns how many series were overridden.
pub async fn override_aggregate(
    app: &App,
    request: &AggregateOverrideRequest,
) -> Result<u32, AppError> {
    let reason = checked_reason(&request.reason)?;
    let mut tx = app.transaction(Permission::ForecastRun).await?;
    let members = db::members(
        tx.conn(),
        request.run_id,
        level(request.level),
        &request.group_key,
        request.period,
    )
    .await?;
    if members.is_empty() {
        return Err(AppError::validation(
            "period",
            "this group has no live forecast in that period",
        ));
    }
    let weights: Vec<u64> = members
        .iter()
        .map(|m| u64::try_from(m.statistical).unwrap_or(0))
        .collect();
    let shares = sentia_forecast::reconcile::spread(u64::from(request.value), &weights);
    for (member, share) in members.iter().zip(shares) {
        let share = i32::try_from(share)
            .map_err(|_| AppError::validation("value", "the value is too large"))?;
        sentia_db::forecasts::override_forecast(
            tx.conn(),
            member.id,
            uuid::Uuid::new_v4(),
            share,
            reason,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(count(members.len() as i64))
}
