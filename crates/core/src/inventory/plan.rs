//! The planning run: every item's demand from its location's forecasts (or recent sales),
//! its policy, status and risk from `sentia-planning`, written back on its latest stock
//! row with the run, and the orders due in the order window as drafts.

use std::collections::HashMap;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use sentia_db::supply::{self as db, ItemFilter, ItemSalesRow, LocationForecastRow, PlanItemRow};
use sentia_domain::{Permission, SettingScope};
use sentia_planning::{
    classify_abc, fit_orders, plan_item, AbcClass, AbcConfig, AdjustmentReason, Inbound,
    ItemInputs, ItemPlan, ItemRevenue, Limits, LotRules, PolicyConfig, ProposedOrder, StatusConfig,
    WEEK_DAYS,
};
use uuid::Uuid;

use super::model::{AdjustmentView, DemandSource, OrderAdvice, PlanFigures, PlanSummary};
use super::model::{ProjectedWeek, RiskReasonView};
use crate::dashboard::BASE_CURRENCY;
use crate::settings;
use crate::{production, App, AppError};

/// Weeks every plan projects.
pub const HORIZON_WEEKS: usize = 52;
/// Weeks of sales that stand in for a missing forecast.
pub(crate) const RECENT_WEEKS: i32 = 13;
/// A share of zero weeks at or above which demand is planned as intermittent.
const INTERMITTENT_ZERO_SHARE: f64 = 0.3;
/// Days between a stock count and the first forecast day bridged at the forecast's rate;
/// a longer gap means the forecast is for another time, and recent sales stand in.
const MAX_FORECAST_GAP_DAYS: usize = 14;
/// z for the two-sided 80 % band.
const Z80: f64 = 1.281_551_565_545;

/// Settings a run reads once.
pub(crate) struct PlanSettings {
    abc: AbcConfig,
    /// Per-product service levels by class, where set.
    product_levels: HashMap<(Uuid, AbcClass), f64>,
    order_cost: Decimal,
    carrying_rate: Decimal,
    lead_time_cv: f64,
    order_window_days: u32,
    /// Money for the orders of one window; `None` when unlimited (the setting is 0).
    order_budget: Option<Decimal>,
    status: StatusConfig,
}

use settings::number as global;

pub(crate) async fn load_settings(conn: &mut sqlx::PgConnection) -> Result<PlanSettings, AppError> {
    let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
    let level_a = f(global(conn, "inventory", "service_level_a").await?);
    let level_b = f(global(conn, "inventory", "service_level_b").await?);
    let level_c = f(global(conn, "inventory", "service_level_c").await?);
    let mut product_levels = HashMap::new();
    for row in sentia_db::settings::list(&mut *conn).await? {
        let class = match (row.category.as_str(), row.key.as_str()) {
            ("inventory", "service_level_a") => AbcClass::A,
            ("inventory", "service_level_b") => AbcClass::B,
            ("inventory", "service_level_c") => AbcClass::C,
            _ => continue,
        };
        if row.scope != SettingScope::Product.as_str() {
            continue;
        }
        let (Some(product), Some(level)) = (
            row.scope_id,
            row.value
                .as_f64()
                .or_else(|| row.value.as_str().and_then(|s| s.parse().ok())),
        ) else {
            continue;
        };
        product_levels.insert((product, class), level);
    }
    Ok(PlanSettings {
        abc: AbcConfig {
            service_level_a: level_a,
            service_level_b: level_b,
            service_level_c: level_c,
            ..AbcConfig::default()
        },
        product_levels,
        order_cost: global(conn, "inventory", "order_cost").await?,
        carrying_rate: global(conn, "finance", "carrying_cost_rate").await?,
        lead_time_cv: f(global(conn, "inventory", "lead_time_variability").await?),
        order_window_days: global(conn, "inventory", "order_window_days")
            .await?
            .to_u32()
            .unwrap_or(28),
        order_budget: Some(global(conn, "inventory", "order_budget").await?)
            .filter(|b| !b.is_zero()),
        status: StatusConfig {
            excess_days_of_supply: f(global(conn, "inventory", "overstock_days").await?),
            ..StatusConfig::default()
        },
    })
}

/// The status thresholds of the settings.
pub(crate) fn status_config(settings: &PlanSettings) -> StatusConfig {
    settings.status
}

impl PlanSettings {
    fn service_level(&self, product: Uuid, class: AbcClass) -> f64 {
        self.product_levels
            .get(&(product, class))
            .copied()
            .unwrap_or_else(|| self.abc.cycle_service_level(class))
    }
}

/// What a run reads, gathered per item.
pub(crate) struct Inputs {
    pub(crate) items: Vec<PlanItemRow>,
    forecasts: HashMap<(Uuid, String), Vec<LocationForecastRow>>,
    sales: HashMap<(Uuid, String), ItemSalesRow>,
    open_orders: HashMap<(Uuid, String), Vec<Inbound>>,
}

pub(crate) async fn load_inputs(
    conn: &mut sqlx::PgConnection,
    filter: &ItemFilter,
) -> Result<Inputs, AppError> {
    let items = db::items(&mut *conn, BASE_CURRENCY.as_str(), filter).await?;
    let from = items
        .iter()
        .map(|i| i.snapshot_date)
        .min()
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let until = items
        .iter()
        .map(|i| i.snapshot_date)
        .max()
        .unwrap_or(from)
        .succ_opt()
        .unwrap_or(from);
    let mut forecasts: HashMap<(Uuid, String), Vec<LocationForecastRow>> = HashMap::new();
    for row in db::location_forecasts(&mut *conn, from, filter).await? {
        forecasts
            .entry((row.product_id, row.location_id.clone()))
            .or_default()
            .push(row);
    }
    // Recent weeks stand in for a missing forecast: read them only where one is missing.
    let unforecast: Vec<(Uuid, String)> = items
        .iter()
        .map(key)
        .filter(|k| !forecasts.contains_key(k))
        .collect();
    let sales = db::item_sales(&mut *conn, until, RECENT_WEEKS, filter, &unforecast)
        .await?
        .into_iter()
        .map(|r| ((r.product_id, r.location_id.clone()), r))
        .collect();
    let mut open_orders: HashMap<(Uuid, String), Vec<Inbound>> = HashMap::new();
    for o in db::open_orders(&mut *conn).await? {
        open_orders
            .entry((o.product_id, o.location_id))
            .or_default()
            .push(Inbound {
                arrives_on: o.need_by,
                quantity: Decimal::from(o.quantity),
            });
    }
    Ok(Inputs {
        items,
        forecasts,
        sales,
        open_orders,
    })
}

fn key(item: &PlanItemRow) -> (Uuid, String) {
    (item.product_id, item.location_id.clone())
}

fn item_label(item: &PlanItemRow) -> String {
    format!("{}@{}", item.sku, item.location_id)
}

/// ABC class of every item by its last 52 weeks' revenue.
pub(crate) fn classes(
    inputs: &Inputs,
    settings: &PlanSettings,
) -> HashMap<(Uuid, String), AbcClass> {
    let revenue: Vec<ItemRevenue> = inputs
        .items
        .iter()
        .map(|i| ItemRevenue {
            item: item_label(i),
            revenue: inputs
                .sales
                .get(&key(i))
                .map(|s| s.revenue_base)
                .unwrap_or_default(),
        })
        .collect();
    let by_label: HashMap<String, AbcClass> = classify_abc(&revenue, &settings.abc)
        .into_iter()
        .map(|e| (e.item, e.class))
        .collect();
    inputs
        .items
        .iter()
        .map(|i| {
            (
                key(i),
                by_label.get(&item_label(i)).copied().unwrap_or(AbcClass::C),
            )
        })
        .collect()
}

/// Days in the forecast period starting `start`.
fn period_days(start: NaiveDate, bucket: &str) -> u32 {
    if bucket == "week" {
        return WEEK_DAYS;
    }
    let next = if start.month() == 12 {
        NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
    };
    next.map(|n| (n - start).num_days() as u32).unwrap_or(30)
}

/// An item's weekly demand as its location's forecasts give it.
struct ForecastDemand {
    weeks: Vec<f64>,
    weekly_error_sd: f64,
    /// Every channel's forecast is approved.
    approved: bool,
    /// A channel's forecast comes from an intermittent-demand model.
    intermittent: bool,
}

/// Weekly demand from `as_of` and one week's error spread, from the location's forecasts
/// spread evenly over the days of their periods. Beyond the forecasts' horizon the mean
/// of their last four weeks is held flat. `None` when no forecast covers `as_of`.
fn weekly_from_forecasts(rows: &[LocationForecastRow], as_of: NaiveDate) -> Option<ForecastDemand> {
    let horizon = HORIZON_WEEKS * WEEK_DAYS as usize;
    let mut daily = vec![f64::NAN; horizon];
    let mut weekly_sd = Vec::new();
    let mut approved = true;
    let mut intermittent = false;
    for r in rows {
        let len = period_days(r.period, &r.bucket);
        let per_day = r.units as f64 / f64::from(len);
        let mut covered = false;
        for d in 0..len {
            let date = r.period + chrono::Duration::days(i64::from(d));
            let offset = (date - as_of).num_days();
            if (0..horizon as i64).contains(&offset) {
                let slot = &mut daily[offset as usize];
                *slot = if slot.is_nan() {
                    per_day
                } else {
                    *slot + per_day
                };
                covered = true;
            }
        }
        if covered {
            weekly_sd.push(r.error_sd / (f64::from(len) / f64::from(WEEK_DAYS)).sqrt());
            approved &= r.approved;
            intermittent |= r.intermittent;
        }
    }
    // A forecast starts with the current period, which may begin a few days after the
    // stock count: those days take the first forecast day's rate.
    let first = daily.iter().position(|v| !v.is_nan())?;
    if first > MAX_FORECAST_GAP_DAYS {
        return None;
    }
    let lead_in = daily[first];
    daily[..first].fill(lead_in);
    let covered_days = daily.iter().take_while(|v| !v.is_nan()).count();
    let week = WEEK_DAYS as usize;
    let mut weeks: Vec<f64> = daily[..covered_days - covered_days % week.min(covered_days)]
        .chunks(week)
        .map(|c| c.iter().sum())
        .collect();
    if weeks.is_empty() {
        weeks.push(daily[..covered_days].iter().sum::<f64>() * week as f64 / covered_days as f64);
    }
    let tail = weeks.len().saturating_sub(4);
    let flat = weeks[tail..].iter().sum::<f64>() / (weeks.len() - tail) as f64;
    weeks.resize(HORIZON_WEEKS, flat);
    Some(ForecastDemand {
        weeks,
        weekly_error_sd: weekly_sd.iter().sum::<f64>() / weekly_sd.len() as f64,
        approved,
        intermittent,
    })
}

/// The inputs of one item's plan; `lead_time_days` and `service_level` override the
/// product's and the class's.
pub(crate) fn item_inputs(
    inputs: &Inputs,
    item: &PlanItemRow,
    class: AbcClass,
    settings: &PlanSettings,
    lead_time_days: Option<u32>,
    service_level: Option<f64>,
) -> (ItemInputs, DemandSource) {
    let k = key(item);
    let sales = inputs.sales.get(&k);
    let weeks = RECENT_WEEKS as usize;
    let mut recent = vec![0_i64; weeks];
    for (ago, units) in sales
        .iter()
        .flat_map(|s| s.weeks_ago.iter().zip(&s.week_units))
    {
        if let Some(slot) = usize::try_from(*ago).ok().filter(|a| *a < weeks) {
            recent[weeks - 1 - slot] = *units;
        }
    }
    let zero_share = recent.iter().filter(|u| **u == 0).count() as f64 / weeks as f64;
    let recent_mean = recent.iter().sum::<i64>() as f64 / recent.len().max(1) as f64;
    let recent_sd = if recent.len() > 1 {
        (recent
            .iter()
            .map(|u| (*u as f64 - recent_mean).powi(2))
            .sum::<f64>()
            / (recent.len() - 1) as f64)
            .sqrt()
    } else {
        0.0
    };
    let forecast = inputs
        .forecasts
        .get(&k)
        .and_then(|rows| weekly_from_forecasts(rows, item.snapshot_date));
    // Intermittent: the engine chose an intermittent-demand model for a channel, or,
    // without a forecast, many recent weeks without sales.
    let (weekly, error_sd, source, intermittent) = match forecast {
        Some(f) => (
            f.weeks,
            f.weekly_error_sd,
            if f.approved {
                DemandSource::ApprovedForecast
            } else {
                DemandSource::Forecast
            },
            f.intermittent,
        ),
        None if recent_mean > 0.0 => (
            vec![recent_mean; HORIZON_WEEKS],
            recent_sd,
            DemandSource::RecentSales,
            zero_share >= INTERMITTENT_ZERO_SHARE,
        ),
        None => (vec![0.0; HORIZON_WEEKS], 0.0, DemandSource::None, false),
    };
    let lead = lead_time_days.unwrap_or(u32::try_from(item.lead_time_days).unwrap_or(0));
    // Stock in transit has no arrival date on the count: expected half a lead time away.
    let mut inbound = Vec::new();
    if item.inbound > 0 {
        inbound.push(Inbound {
            arrives_on: item.snapshot_date + chrono::Duration::days(i64::from(lead / 2)),
            quantity: Decimal::from(item.inbound),
        });
    }
    inbound.extend(inputs.open_orders.get(&k).cloned().unwrap_or_default());
    let batch_min = Decimal::from(item.batch_min.max(1));
    let last_sale = sales.and_then(|s| s.last_sale);
    (
        ItemInputs {
            item: item_label(item),
            as_of: item.snapshot_date,
            on_hand: Decimal::from(item.available),
            inbound,
            weekly_forecast: weekly,
            weekly_error_sd: error_sd,
            lead_time_days: lead,
            lead_time_sd_days: f64::from(lead) * settings.lead_time_cv,
            service_level: service_level
                .unwrap_or_else(|| settings.service_level(item.product_id, class)),
            intermittent,
            unit_cost: item.in_base(item.unit_cost).unwrap_or_default(),
            order_cost: settings.order_cost,
            carrying_rate: settings.carrying_rate,
            // Batches are the production lot: at least one, in whole batches of the minimum.
            lot_rules: LotRules {
                moq: batch_min,
                lot_multiple: batch_min,
                batch_max: Some(Decimal::from(item.batch_max.max(item.batch_min).max(1))),
            },
            days_since_last_demand: last_sale
                .map(|d| u32::try_from((item.snapshot_date - d).num_days().max(0)).unwrap_or(0)),
            order_window_days: settings.order_window_days,
        },
        source,
    )
}

/// The plan's figures, as the screen and the decision record show them.
pub(crate) fn figures(
    plan: &ItemPlan,
    inputs: &ItemInputs,
    source: DemandSource,
    class: AbcClass,
) -> PlanFigures {
    let a = &plan.assessment;
    PlanFigures {
        lead_time_days: inputs.lead_time_days,
        lead_time_sd_days: inputs.lead_time_sd_days,
        service_level: inputs.service_level,
        abc_class: class.to_string(),
        demand_source: source,
        annual_demand: plan.annual_demand,
        weekly_error_sd: inputs.weekly_error_sd,
        lead_time_demand: plan.policy.demand.mean,
        lead_time_demand_sd: plan.policy.demand.sd,
        distribution: match plan.policy.model {
            sentia_planning::DemandModel::Normal => "normal",
            sentia_planning::DemandModel::Poisson { .. } => "poisson",
            sentia_planning::DemandModel::NegativeBinomial { .. } => "negative_binomial",
        }
        .to_owned(),
        safety_stock: plan.safety_stock,
        reorder_point: plan.reorder_point,
        cycle_service_level: plan.policy.cycle_service_level,
        fill_rate: plan.policy.fill_rate,
        order_quantity: plan.order_quantity,
        status: a.status,
        risk_score: a.risk_score,
        reasons: a
            .reasons
            .iter()
            .map(|r| RiskReasonView {
                kind: r.kind.to_string(),
                points: r.points,
                message: r.message.clone(),
            })
            .collect(),
        days_of_supply: a.days_of_supply.days,
        beyond_horizon: a.days_of_supply.beyond_horizon,
        stockout_date: a.projection.first_stockout.as_ref().map(|s| s.date),
        unmet_units: a.projection.total_unmet,
        order: plan.order.as_ref().map(|o| OrderAdvice {
            quantity: o.quantity,
            order_by: o.order_by,
            need_by: o.need_by,
            value: o.value,
            requested: o.requested,
            adjustments: o.adjustments.iter().map(adjustment).collect(),
        }),
    }
}

/// The daily projection as weeks, with the 80 % band widening with the error spread.
pub(crate) fn weeks(plan: &ItemPlan, inputs: &ItemInputs) -> Vec<ProjectedWeek> {
    plan.assessment
        .projection
        .days
        .chunks(WEEK_DAYS as usize)
        .enumerate()
        .filter_map(|(i, days)| {
            let last = days.last()?;
            let spread = Z80 * inputs.weekly_error_sd * ((i + 1) as f64).sqrt();
            Some(ProjectedWeek {
                week_start: days[0].date,
                stock: last.closing,
                stock_low80: (last.closing - spread).max(0.0),
                stock_high80: last.closing + spread,
                demand: days.iter().map(|d| d.demand).sum(),
                receipts: days.iter().map(|d| d.receipts).sum(),
                unmet: days.iter().map(|d| d.unmet).sum(),
            })
        })
        .collect()
}

/// The bottling hours left in the order window and the hours one unit takes on the
/// fastest line, as the greedy fit's capacity limit; `None` without an available line.
async fn capacity_limit(
    conn: &mut sqlx::PgConnection,
    as_of: NaiveDate,
    window_days: u32,
) -> Result<Option<(Decimal, Decimal)>, AppError> {
    let resources = db::resources(&mut *conn).await?;
    let lines: HashMap<Uuid, f64> = production::production_lines(&resources)
        .map(|r| (r.id, r.capacity))
        .collect();
    let Some(fastest) = lines.values().copied().reduce(f64::max) else {
        return Ok(None);
    };
    let hours_per_week = f64::from(production::hours_per_week(&mut *conn).await?);
    let start = as_of.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    let end = start + chrono::Duration::days(i64::from(window_days));
    // Hours already booked on those lines by jobs not yet finished, in the window.
    let booked: f64 = db::jobs(&mut *conn, start, end)
        .await?
        .iter()
        .filter(|j| matches!(j.status.as_str(), "pending" | "active"))
        .filter(|j| j.planned_start.is_some_and(|t| t < end))
        .filter_map(|j| Some(f64::from(j.quantity) / lines.get(&j.resource_id?)?))
        .sum();
    let available = lines.len() as f64 * hours_per_week * f64::from(window_days) / 7.0;
    Ok(Some((
        Decimal::from_f64((available - booked).max(0.0))
            .unwrap_or_default()
            .round_dp(2),
        Decimal::from_f64(1.0 / fastest).unwrap_or_default(),
    )))
}

/// One item's result on its way to the database.
struct Planned<'a> {
    item: &'a PlanItemRow,
    figures: PlanFigures,
    inputs: ItemInputs,
}

/// Fits the recommended orders within the bottling capacity and the order budget (the
/// domain's greedy heuristic, most benefit per money first); cuts and deferrals go into
/// each order's decision record. Returns (cut, deferred).
fn fit_within_limits(
    planned: &mut [Planned<'_>],
    limits: &Limits,
    hours_per_unit: Decimal,
) -> Result<(u32, u32), AppError> {
    let proposed: Vec<ProposedOrder> = planned
        .iter()
        .filter_map(|p| {
            let order = p.figures.order.as_ref()?;
            let margin = p
                .item
                .in_base(p.item.selling_price - p.item.unit_cost)
                .unwrap_or_default()
                .max(Decimal::ZERO);
            let short = Decimal::from_f64(
                p.figures
                    .unmet_units
                    .min(order.quantity.to_f64().unwrap_or(0.0)),
            )
            .unwrap_or_default();
            Some(ProposedOrder {
                item: p.inputs.item.clone(),
                quantity: order.quantity,
                lot_rules: p.inputs.lot_rules,
                unit_cost: p.inputs.unit_cost,
                hours_per_unit,
                volume_per_unit: Decimal::ZERO,
                holding_cost_saved: Decimal::ZERO,
                stockout_cost_avoided: (short * margin).round_dp(2),
            })
        })
        .collect();
    let fit = fit_orders(&proposed, limits).map_err(|e| AppError::internal(&e))?;
    let quantities: HashMap<&str, Decimal> = fit
        .orders
        .iter()
        .map(|o| (o.item.as_str(), o.quantity))
        .collect();
    let mut limited: HashMap<&str, Vec<&sentia_planning::Decision>> = HashMap::new();
    for d in fit.decisions.iter().filter(|d| {
        matches!(
            d.reason,
            AdjustmentReason::CapacityLimit
                | AdjustmentReason::WorkingCapitalLimit
                | AdjustmentReason::StorageLimit
        )
    }) {
        limited.entry(d.item.as_str()).or_default().push(d);
    }
    let (mut cut, mut deferred) = (0, 0);
    for p in planned.iter_mut() {
        let Some(decisions) = limited.get(p.inputs.item.as_str()) else {
            continue;
        };
        let quantity = quantities
            .get(p.inputs.item.as_str())
            .copied()
            .unwrap_or_default();
        let Some(order) = p.figures.order.as_mut() else {
            continue;
        };
        order
            .adjustments
            .extend(decisions.iter().map(|d| adjustment(d)));
        order.quantity = quantity;
        order.value = (quantity * p.inputs.unit_cost).round_dp(2);
        if quantity.is_zero() {
            deferred += 1;
        } else {
            cut += 1;
        }
    }
    Ok((cut, deferred))
}

fn adjustment(d: &sentia_planning::Decision) -> AdjustmentView {
    AdjustmentView {
        before: d.before,
        after: d.after,
        reason: d.reason.to_string(),
        explanation: d.explanation.clone(),
        cost_impact: d.cost_impact,
    }
}

/// Runs planning over every item and writes the results; returns what it did.
pub async fn plan_inventory(app: &App) -> Result<PlanSummary, AppError> {
    let started = Instant::now();
    let mut tx = app.transaction(Permission::ForecastRun).await?;
    let settings = load_settings(tx.conn()).await?;
    let inputs = load_inputs(tx.conn(), &ItemFilter::default()).await?;
    let as_of = inputs
        .items
        .iter()
        .map(|i| i.snapshot_date)
        .max()
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let capacity = capacity_limit(tx.conn(), as_of, settings.order_window_days).await?;
    let budget = settings.order_budget;
    let window_days = settings.order_window_days;
    let read_ms = started.elapsed().as_millis();
    // CPU work off the async runtime: 15,000 items take a noticeable moment.
    let (inputs, computed) = tokio::task::spawn_blocking(move || {
        let classes = classes(&inputs, &settings);
        let computed: Vec<_> = inputs
            .items
            .iter()
            .map(|item| {
                let class = classes[&key(item)];
                let (item_inputs, source) =
                    item_inputs(&inputs, item, class, &settings, None, None);
                let plan = plan_item(&item_inputs, &settings.status, &PolicyConfig::default());
                (
                    plan.map(|p| figures(&p, &item_inputs, source, class)),
                    item_inputs,
                )
            })
            .collect();
        (inputs, computed)
    })
    .await
    .map_err(|e| AppError::internal(&e))?;

    let computed_ms = started.elapsed().as_millis();
    let mut warnings = Vec::new();
    let mut planned = Vec::with_capacity(computed.len());
    for (item, (result, inputs)) in inputs.items.iter().zip(computed) {
        match result {
            Ok(figures) => planned.push(Planned {
                item,
                figures,
                inputs,
            }),
            Err(e) => warnings.push(format!("{} at {}: {e}", item.sku, item.location_id)),
        }
    }
    // An order without a value cannot be weighed or approved: leave it out, and say so.
    for p in planned.iter_mut() {
        if p.figures.order.is_some() && p.item.fx_to_base.is_none() {
            p.figures.order = None;
            warnings.push(format!(
                "{} at {}: no exchange rate to {} on or before {}, so no order value; the order is left out",
                p.item.sku,
                p.item.location_id,
                BASE_CURRENCY.as_str(),
                p.item.snapshot_date
            ));
        }
    }
    let limits = Limits {
        capacity_hours: capacity.map(|(hours, _)| hours),
        working_capital: budget,
        storage_volume: None,
    };
    let hours_per_unit = capacity.map(|(_, h)| h).unwrap_or_default();
    let (cut, deferred) = fit_within_limits(&mut planned, &limits, hours_per_unit)?;
    if cut + deferred > 0 {
        warnings.push(format!(
            "{cut} orders cut and {deferred} deferred to fit {} in the next {} days; each order's record says which limit and the stock-out cost left at risk",
            match (limits.capacity_hours, budget) {
                (Some(h), Some(b)) => format!("{} bottling hours and a budget of {} {}", h.normalize(), b.normalize(), BASE_CURRENCY.as_str()),
                (Some(h), None) => format!("{} bottling hours", h.normalize()),
                (None, Some(b)) => format!("a budget of {} {}", b.normalize(), BASE_CURRENCY.as_str()),
                (None, None) => "the limits".to_owned(),
            },
            window_days
        ));
    }

    let mut cols = db::PolicyColumns::default();
    let mut orders = db::NewOrders::default();
    let mut by_source: HashMap<DemandSource, u32> = HashMap::new();
    let mut at_risk = 0;
    for Planned {
        item,
        figures: fig,
        inputs: item_inputs,
    } in &planned
    {
        *by_source.entry(fig.demand_source).or_default() += 1;
        if matches!(
            fig.status,
            sentia_domain::StockStatus::Out
                | sentia_domain::StockStatus::Critical
                | sentia_domain::StockStatus::Low
        ) {
            at_risk += 1;
        }
        let to_i32 = |d: Decimal| d.to_i32().unwrap_or(i32::MAX);
        cols.snapshot_ids.push(item.snapshot_id);
        cols.safety_stock.push(to_i32(fig.safety_stock));
        cols.reorder_point.push(to_i32(fig.reorder_point));
        cols.reorder_quantity.push(to_i32(fig.order_quantity));
        cols.days_of_supply.push(if fig.annual_demand > 0.0 {
            Some(fig.days_of_supply.round() as i32)
        } else {
            None
        });
        cols.average_daily_demand.push(
            Decimal::from_f64(fig.annual_demand / 364.0)
                .unwrap_or_default()
                .round_dp(4),
        );
        cols.status.push(fig.status.as_str().to_owned());
        cols.risk
            .push(Decimal::from(fig.risk_score) / Decimal::from(100));
        cols.abc_class.push(fig.abc_class.clone());
        cols.service_level.push(
            Decimal::from_f64(fig.service_level)
                .unwrap_or_default()
                .round_dp(4),
        );
        cols.demand_source
            .push(fig.demand_source.as_str().to_owned());
        cols.stockout_date.push(fig.stockout_date);
        cols.risk_reasons
            .push(serde_json::to_value(&fig.reasons).map_err(|e| AppError::internal(&e))?);
        if let Some(order) = fig.order.as_ref().filter(|o| !o.quantity.is_zero()) {
            orders.product_id.push(item.product_id);
            orders.location_id.push(item.location_id.clone());
            orders.quantity.push(to_i32(order.quantity));
            orders.unit_cost.push(item_inputs.unit_cost);
            orders.order_value.push(order.value);
            orders.order_by.push(order.order_by);
            orders.need_by.push(order.need_by);
            orders
                .decision_record
                .push(serde_json::to_value(fig).map_err(|e| AppError::internal(&e))?);
        }
    }
    let elapsed_ms = u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX);
    let run_id = db::insert_run(
        tx.conn(),
        &db::NewPlanningRun {
            as_of,
            horizon_weeks: HORIZON_WEEKS as i32,
            engine_version: format!("sentia-planning {}", env!("CARGO_PKG_VERSION")),
            item_count: cols.snapshot_ids.len() as i32,
            order_count: orders.product_id.len() as i32,
            elapsed_ms: elapsed_ms as i32,
        },
    )
    .await?;
    db::write_policies(tx.conn(), run_id, &cols).await?;
    let policies_ms = started.elapsed().as_millis();
    let written = db::replace_draft_orders(tx.conn(), run_id, &orders).await?;
    let orders_ms = started.elapsed().as_millis();
    tx.commit().await?;
    tracing::info!(
        items = cols.snapshot_ids.len(),
        read_ms,
        computed_ms,
        policies_ms,
        orders_ms,
        total_ms = started.elapsed().as_millis(),
        "planning run written"
    );
    let order = [
        DemandSource::ApprovedForecast,
        DemandSource::Forecast,
        DemandSource::RecentSales,
        DemandSource::None,
    ];
    Ok(PlanSummary {
        run_id,
        items: cols.snapshot_ids.len() as u32,
        orders: written as u32,
        at_risk,
        cut,
        deferred,
        by_source: order
            .into_iter()
            .map(|s| (s, by_source.get(&s).copied().unwrap_or(0)))
            .collect(),
        elapsed_ms: u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX),
        warnings,
    })
}
