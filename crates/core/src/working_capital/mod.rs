//! Working capital and cash: the company's projection month by month from the forecasts,
//! under a scenario and the user's driver changes, with the chance of running short.
//!
//! Each sales channel is an entity in its market's currency (it has its own settlement
//! terms); its receivables, payables and stock start from its market's latest actual month
//! end, split by the channel's share of the first months' demand. The channels' flows are
//! converted at the latest rate to the base currency and pooled: the company pays its
//! operating expenses from the pool and draws its credit line only for the shortfall below
//! the minimum cash (`sentia_finance`).

mod analysis;
mod inputs;
mod model;
mod periods;
mod saved;

use std::collections::HashMap;

use chrono::{Datelike, Duration, Months, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use sentia_db::cash as db;
use sentia_domain::Permission;
use sentia_finance::{
    named_scenarios, project_company, shortfall_risk, Balances, CccBand, Company, CompanyEntity,
    CreditLine, Drivers, Entity, NamedScenario, SalesLine,
};
use uuid::Uuid;

pub use analysis::{by_product, sensitivity};
use inputs::Read;
pub use inputs::{RateRead, SettingRead};
pub use model::{
    CashMonth, CashProjection, CashRequest, DemandSources, DriverChanges, DriverImpact,
    Granularity, MarketCash, MarketMonth, ProductCash, ProductsCash, ProjectedVsActual,
    PurchasePlan, Reproduction, RiskMonth, SavedProjection, Sensitivity, TaxObligation,
};
use periods::Horizon;
pub(crate) use saved::CONSTRAINTS;
pub use saved::{delete as delete_saved, list as saved_projections, reproduce, save};

use crate::dashboard::BASE_CURRENCY;
use crate::offline::{self, Screen};
use crate::{App, AppError};

/// Months projected when the request does not say.
pub const DEFAULT_MONTHS: u32 = 24;
/// Most months a projection covers.
pub const MAX_MONTHS: u32 = 36;
/// Most demand paths one request may simulate.
pub const MAX_SIMULATIONS: u32 = 5_000;
/// The simulation's seed: the same request gives the same risk.
const SIMULATION_SEED: u64 = 2026;

/// The scenarios a projection can start from: the named ones in the order shown, then
/// the saved projections' names, newest first.
pub async fn scenarios(app: &App) -> Result<Vec<String>, AppError> {
    let mut tx = app.transaction(Permission::WorkingCapitalView).await?;
    let saved = saved::names(tx.conn()).await?;
    tx.commit().await?;
    Ok(scenario_names().into_iter().chain(saved).collect())
}

/// The named scenarios, in the order shown.
pub fn scenario_names() -> Vec<String> {
    named_scenarios(0)
        .into_iter()
        .map(|s| s.name.to_owned())
        .collect()
}

pub(super) fn month_start(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("the first of a month exists")
}

fn add_months(month: NaiveDate, n: u32) -> NaiveDate {
    month.checked_add_months(Months::new(n)).unwrap_or(month)
}

/// A series' units per month: the forecast where there is one, else the same month a
/// year earlier (sold, or projected when that is still ahead), with the forecast's
/// relative interval carried to those months.
struct SeriesDemand {
    units: Vec<f64>,
    low80: Vec<f64>,
    high80: Vec<f64>,
}

fn series_demand(
    months: &[NaiveDate],
    forecast: &HashMap<NaiveDate, &db::MonthDemandRow>,
    last_year: &HashMap<NaiveDate, i64>,
    sources: &mut DemandSources,
) -> SeriesDemand {
    let n = months.len();
    let mut d = SeriesDemand {
        units: vec![0.0; n],
        low80: vec![0.0; n],
        high80: vec![0.0; n],
    };
    let (mut width_low, mut width_high, mut forecast_units) = (0.0, 0.0, 0.0);
    for (i, m) in months.iter().enumerate() {
        if let Some(f) = forecast.get(m) {
            // A month is taken at its forecast periods' daily rate: weekly periods are
            // counted in the month they start in, so a month may hold more or fewer than
            // its days, and the last one may be covered in part.
            let days = (add_months(*m, 1) - *m).num_days() as f64;
            let scale = days / f.covered_days.max(1) as f64;
            d.units[i] = f.units as f64 * scale;
            d.low80[i] = f.low80 as f64 * scale;
            d.high80[i] = f.high80 as f64 * scale;
            width_low += d.units[i] - d.low80[i];
            width_high += d.high80[i] - d.units[i];
            forecast_units += d.units[i];
            if f.approved {
                sources.approved += 1;
            } else {
                sources.statistical += 1;
            }
        }
    }
    let (rel_low, rel_high) = if forecast_units > 0.0 {
        (width_low / forecast_units, width_high / forecast_units)
    } else {
        (0.0, 0.0)
    };
    for (i, m) in months.iter().enumerate() {
        if forecast.contains_key(m) {
            continue;
        }
        let year_before = m
            .checked_sub_months(Months::new(12))
            .and_then(|p| last_year.get(&p).map(|u| *u as f64))
            .or_else(|| (i >= 12).then(|| d.units[i - 12]));
        match year_before {
            Some(u) if u > 0.0 => {
                d.units[i] = u;
                d.low80[i] = (u * (1.0 - rel_low)).max(0.0);
                d.high80[i] = u * (1.0 + rel_high);
                sources.last_year += 1;
            }
            _ => sources.none += 1,
        }
    }
    d
}

fn drivers_of(scenario: &NamedScenario, changes: &DriverChanges) -> Drivers {
    let d = scenario.drivers;
    Drivers {
        price: d.price + changes.price,
        cost: d.cost + changes.cost,
        demand: d.demand + changes.demand,
        collection_days: d.collection_days + changes.collection_days,
        payment_days: d.payment_days + changes.payment_days,
        inventory_days: u32::try_from(
            i64::from(d.inventory_days) + i64::from(changes.inventory_days),
        )
        .unwrap_or(0),
        bad_debt: d.bad_debt + changes.bad_debt,
    }
}

/// A request checked, with its defaults filled in.
struct Checked {
    months: u32,
    granularity: Granularity,
    simulations: u32,
    fx_change: Decimal,
    changes: DriverChanges,
    scenario: String,
}

impl Checked {
    /// Calendar months of demand the projection reads.
    fn months_to_read(&self) -> u32 {
        periods::months_to_read(self.granularity, self.months)
    }
}

fn check(request: CashRequest) -> Result<Checked, AppError> {
    let months = request.months.unwrap_or(DEFAULT_MONTHS);
    if !(1..=MAX_MONTHS).contains(&months) {
        return Err(AppError::validation(
            "months",
            format!("project 1 to {MAX_MONTHS} months"),
        ));
    }
    let simulations = request.simulations.unwrap_or(0);
    if simulations > MAX_SIMULATIONS {
        return Err(AppError::validation(
            "simulations",
            format!("simulate at most {MAX_SIMULATIONS} demand paths"),
        ));
    }
    let fx_change = request.fx_change.unwrap_or_default();
    if fx_change <= Decimal::NEGATIVE_ONE || fx_change > Decimal::ONE {
        return Err(AppError::validation(
            "fxChange",
            "an exchange-rate change is between −99 % and +100 %",
        ));
    }
    Ok(Checked {
        months,
        granularity: request.granularity.unwrap_or_default(),
        simulations,
        fx_change,
        changes: request.drivers.unwrap_or_default(),
        scenario: request.scenario.unwrap_or_else(|| "Base".to_owned()),
    })
}

/// Projects the company's cash and working capital under a scenario and driver changes.
/// A saved projection's name stands for its scenario and drivers, and the request's
/// drivers apply on top of them.
pub async fn project(app: &App, request: CashRequest) -> Result<CashProjection, AppError> {
    let params = request.clone();
    offline::through_cache(app, Screen::CashProjection, &params, live(app, request)).await
}

async fn live(app: &App, request: CashRequest) -> Result<CashProjection, AppError> {
    let (checked, read) = read_request(app, request).await?;
    compute(&checked, &read)
}

/// A request checked, a saved name resolved, and what it needs read.
async fn read_request(app: &App, request: CashRequest) -> Result<(Checked, Read), AppError> {
    let mut checked = check(request)?;
    let mut tx = app.transaction(Permission::WorkingCapitalView).await?;
    resolve_saved(tx.conn(), &mut checked).await?;
    let read = inputs::read_live(tx.conn(), checked.months_to_read()).await?;
    tx.commit().await?;
    Ok((checked, read))
}

/// A saved projection's name stands for its scenario, drivers and FX change, with the
/// request's on top.
async fn resolve_saved(
    conn: &mut sqlx::PgConnection,
    checked: &mut Checked,
) -> Result<(), AppError> {
    if !is_named_scenario(&checked.scenario) {
        if let Some(saved) = saved::by_name(conn, &checked.scenario).await? {
            checked.scenario = saved.scenario;
            checked.changes = saved.drivers.plus(&checked.changes);
            checked.fx_change += saved.fx_change;
        }
    }
    Ok(())
}

fn is_named_scenario(name: &str) -> bool {
    named_scenarios(0)
        .iter()
        .any(|s| s.name.eq_ignore_ascii_case(name))
}

/// The company as read, under a request's scenario and drivers, ready to project.
struct Model<'r> {
    scenario: NamedScenario,
    drivers: Drivers,
    /// The request's FX change on top of the scenario's.
    fx_change: Decimal,
    company: Company,
    horizon: Horizon,
    /// Each entity's market, and each of its lines' product.
    entity_market: Vec<&'r inputs::MarketRead>,
    line_products: Vec<Vec<&'r inputs::ProductRead>>,
    rates: HashMap<String, Decimal>,
    rate_day: NaiveDate,
    credit: CreditLine,
    ccc_target: Decimal,
    opening_cash: Decimal,
    opening_as_of: Option<NaiveDate>,
    has_balances: bool,
    facility_limit: Decimal,
    covenant_limit: Option<Decimal>,
    line_warning_share: Decimal,
    purchase_plan: Option<PurchasePlan>,
    sources: DemandSources,
    warnings: Vec<String>,
}

/// Builds the company from what was read: one entity per active channel of a market with
/// a rate, its lines' demand spread over the periods, opening balances split over them.
fn model<'r>(checked: &Checked, read: &'r Read) -> Result<Model<'r>, AppError> {
    let inputs = &read.inputs;
    let months_n = checked.months;
    let changes = checked.changes;
    let scenario_name = &checked.scenario;
    let inventory_days = inputs.setting("finance.inventory_days");
    let scenario = named_scenarios(inventory_days.to_u32().unwrap_or(45))
        .into_iter()
        .find(|s| s.name.eq_ignore_ascii_case(scenario_name))
        .ok_or_else(|| {
            AppError::validation(
                "scenario",
                format!(
                    "unknown scenario {scenario_name:?}; choose one of {} or a saved scenario",
                    scenario_names().join(", ")
                ),
            )
        })?;
    let opening_cash = inputs.setting("finance.opening_cash");
    let monthly_opex = inputs.setting("finance.monthly_opex");
    let bad_debt_rate = inputs.setting("finance.bad_debt_rate");
    let payable_days = inputs.setting("finance.payable_days");
    // The lender's covenant caps the debt at net worth × the most debt per unit of it: the
    // line is drawn no further than the tighter of the two.
    let covenant_limit =
        Some(inputs.setting("finance.net_worth") * inputs.setting("finance.max_debt_to_equity"))
            .filter(|c| *c > Decimal::ZERO);
    let facility_limit = inputs.setting("finance.credit_facility_limit");
    let credit = CreditLine {
        limit: covenant_limit.map_or(facility_limit, |c| c.min(facility_limit)),
        minimum_cash: inputs.setting("finance.minimum_cash"),
        annual_rate: inputs.setting("finance.credit_facility_rate"),
    };
    let ccc_target = inputs.setting("finance.ccc_target_days");
    let balances = &inputs.balances;
    let opening_as_of = balances.iter().map(|b| b.as_of).max();
    let start = inputs.start;
    let horizon = Horizon::new(start, checked.granularity, months_n);
    let markets = &inputs.markets;
    let demand = &read.demand;
    let sales = &read.sales;
    let mut rates = HashMap::new();
    let mut warnings = Vec::new();
    let mut rate_day = start - Duration::days(1);
    for r in &inputs.rates {
        rate_day = r.on;
        match r.rate {
            Some(rate) => {
                rates.insert(r.market.clone(), rate);
            }
            None => warnings.push(format!(
                "{}: no exchange rate from {} to {} on or before {}; the market is left out",
                r.market,
                r.currency,
                BASE_CURRENCY.code(),
                r.on
            )),
        }
    }

    let mut forecasts: HashMap<(Uuid, Uuid), HashMap<NaiveDate, &db::MonthDemandRow>> =
        HashMap::new();
    for row in demand {
        forecasts
            .entry((row.product_id, row.channel_id))
            .or_default()
            .insert(row.month, row);
    }
    let mut sold: HashMap<(Uuid, Uuid), HashMap<NaiveDate, i64>> = HashMap::new();
    for row in sales {
        sold.entry((row.product_id, row.channel_id))
            .or_default()
            .insert(row.month, row.units);
    }
    let periods = &horizon.periods;
    let empty_f = HashMap::new();
    let empty_s = HashMap::new();
    let mut sources = DemandSources::default();
    // One entity per active channel of a market with a rate.
    let mut entities = Vec::new();
    let mut entity_market = Vec::new();
    let mut entity_channel = Vec::new();
    let mut line_products = Vec::new();
    for c in &inputs.channels {
        let (Some(market), Some(rate)) = (
            markets.iter().find(|m| m.code == c.market),
            rates.get(&c.market),
        ) else {
            continue;
        };
        let products: Vec<&inputs::ProductRead> = inputs
            .products
            .iter()
            .filter(|p| p.market == c.market)
            .collect();
        let lines: Vec<SalesLine> = products
            .iter()
            .map(|p| {
                let d = series_demand(
                    &horizon.months,
                    forecasts.get(&(p.id, c.id)).unwrap_or(&empty_f),
                    sold.get(&(p.id, c.id)).unwrap_or(&empty_s),
                    &mut sources,
                );
                SalesLine {
                    units: horizon.spread(&d.units),
                    low80: horizon.spread(&d.low80),
                    high80: horizon.spread(&d.high80),
                    price: p.price,
                    unit_cost: p.unit_cost,
                    commission_rate: c.commission_rate,
                    fee_per_unit: c.fee_per_unit,
                }
            })
            .collect();
        entities.push(CompanyEntity {
            entity: Entity {
                periods: periods.clone(),
                opex: vec![Decimal::ZERO; periods.len()],
                collection_days: c.collection_days,
                payment_days: payable_days.to_u32().unwrap_or(45),
                bad_debt_rate,
                vat_rate: market.tax_rate,
                vat_due: periods::vat_due(&horizon, market),
                duty_rate: market.duty_rate,
                planned_purchases: Vec::new(),
                planned_periods: 0,
                opening: Balances::default(),
                credit: CreditLine {
                    limit: Decimal::ZERO,
                    minimum_cash: Decimal::ZERO,
                    annual_rate: Decimal::ZERO,
                },
            },
            lines,
            rates: vec![*rate; periods.len()],
            reporting_currency: market.currency == BASE_CURRENCY.code(),
        });
        entity_market.push(market);
        entity_channel.push(c.id);
        line_products.push(products);
    }
    let purchase_plan = plan_purchases(
        &horizon,
        inputs.plan_until,
        &read.orders,
        &mut entities,
        &entity_channel,
        &line_products,
        &entity_market,
        &rates,
    );
    // Opening balances: each market's actuals, split over its channels by their share of
    // the first three periods' demand (evenly when there is none).
    for b in balances {
        let idx: Vec<usize> = (0..entities.len())
            .filter(|i| entity_market[*i].code == b.market)
            .collect();
        let weights: Vec<f64> = idx
            .iter()
            .map(|i| {
                entities[*i]
                    .lines
                    .iter()
                    .map(|l| l.units.iter().take(3).sum::<f64>())
                    .sum()
            })
            .collect();
        let total: f64 = weights.iter().sum();
        let mut left = (b.receivables, b.payables, b.inventory);
        for (k, i) in idx.iter().enumerate() {
            let share = if total > 0.0 {
                Decimal::try_from(weights[k] / total).unwrap_or_default()
            } else {
                Decimal::ONE / Decimal::from(idx.len())
            };
            let part = |v: Decimal| (v * share).round_dp(2);
            // The last channel takes the rest, so the parts add up to the market's figure.
            let (ar, ap, inv) = if k + 1 == idx.len() {
                left
            } else {
                (part(b.receivables), part(b.payables), part(b.inventory))
            };
            left = (left.0 - ar, left.1 - ap, left.2 - inv);
            entities[*i].entity.opening = Balances {
                receivables: ar,
                payables: ap,
                inventory: inv,
                ..Balances::default()
            };
        }
    }
    let company = Company {
        entities,
        opening_cash,
        opening_drawn: Decimal::ZERO,
        credit,
        opex: horizon.spread_amount(monthly_opex),
    };
    let drivers = drivers_of(&scenario, &changes);
    Ok(Model {
        fx_change: checked.fx_change + scenario.fx_change,
        scenario,
        drivers,
        company,
        horizon,
        entity_market,
        line_products,
        rates,
        rate_day,
        credit,
        ccc_target,
        opening_cash,
        opening_as_of,
        has_balances: !balances.is_empty(),
        facility_limit,
        covenant_limit,
        line_warning_share: inputs.setting("finance.line_warning_share"),
        purchase_plan,
        sources,
        warnings,
    })
}

/// The projection of what was read: pure, so the same inputs give the same bytes.
fn compute(checked: &Checked, read: &Read) -> Result<CashProjection, AppError> {
    let Model {
        scenario,
        drivers,
        fx_change,
        company,
        horizon,
        entity_market,
        rates,
        rate_day,
        credit,
        ccc_target,
        opening_cash,
        opening_as_of,
        has_balances,
        facility_limit,
        covenant_limit,
        line_warning_share,
        purchase_plan,
        sources,
        mut warnings,
        ..
    } = model(checked, read)?;
    let (simulations, changes) = (checked.simulations, checked.changes);
    let months = &horizon.starts;
    let periods = &horizon.periods;
    let projection = project_company(&company, scenario.path, &drivers, fx_change)
        .map_err(|e| AppError::validation("drivers", e.to_string()))?;
    let risk = if simulations > 0 {
        let r = shortfall_risk(
            &company,
            &drivers,
            fx_change,
            line_warning_share,
            simulations,
            SIMULATION_SEED,
        )
        .map_err(|e| AppError::validation("drivers", e.to_string()))?;
        Some(
            months
                .iter()
                .enumerate()
                .map(|(t, m)| RiskMonth {
                    month: *m,
                    shortfall: r.shortfall[t],
                    line_over_warning: r.line_over_warning[t],
                })
                .collect(),
        )
    } else {
        None
    };

    let cash_months = months
        .iter()
        .enumerate()
        .map(|(t, m)| {
            let c = &projection.consolidated[t];
            let f = &projection.funding[t];
            let days = c.days(periods[t].days);
            CashMonth {
                month: *m,
                revenue: c.revenue,
                cogs: c.cogs,
                receipts: c.receipts,
                payments: c.payments,
                vat_paid: c.vat_paid,
                duty: c.duty,
                opex: company.opex[t],
                interest: f.interest,
                net_flow: f.net_flow,
                draw: f.draw,
                repayment: f.repayment,
                closing_cash: f.cash,
                drawn: f.drawn,
                headroom: f.headroom,
                shortfall: f.shortfall,
                receivables: c.receivables,
                payables: c.payables,
                inventory: c.inventory,
                working_capital: c.working_capital,
                working_capital_change: c.working_capital
                    - (c.opening_receivables + c.opening_inventory - c.opening_payables),
                dso: days.map(|d| d.dso),
                dio: days.map(|d| d.dio),
                dpo: days.map(|d| d.dpo),
                ccc: days.map(|d| d.ccc),
                ccc_band: days.map(|d| band_name(CccBand::of(d.ccc, ccc_target)).to_owned()),
            }
        })
        .collect();

    // Each market in its currency: the sum of its channels.
    let mut market_cash: Vec<MarketCash> = Vec::new();
    for (i, periods_of) in projection.entities.iter().enumerate() {
        let market = entity_market[i];
        let rate = rates[&market.code]
            * if market.currency == BASE_CURRENCY.code() {
                Decimal::ONE
            } else {
                Decimal::ONE + fx_change
            };
        let entry = match market_cash.iter_mut().position(|m| m.market == market.code) {
            Some(p) => &mut market_cash[p],
            None => {
                market_cash.push(MarketCash {
                    market: market.code.clone(),
                    currency: market.currency.clone(),
                    rate,
                    rate_date: rate_day,
                    tax_rate: market.tax_rate,
                    months: months
                        .iter()
                        .map(|m| MarketMonth {
                            month: *m,
                            revenue: Decimal::ZERO,
                            cogs: Decimal::ZERO,
                            receipts: Decimal::ZERO,
                            net_flow: Decimal::ZERO,
                            vat_paid: Decimal::ZERO,
                            receivables: Decimal::ZERO,
                            payables: Decimal::ZERO,
                            inventory: Decimal::ZERO,
                        })
                        .collect(),
                });
                market_cash.last_mut().expect("just pushed")
            }
        };
        for (t, p) in periods_of.iter().enumerate() {
            let m = &mut entry.months[t];
            m.revenue += p.revenue;
            m.cogs += p.cogs;
            m.receipts += p.receipts;
            m.net_flow += p.net_flow;
            m.vat_paid += p.vat_paid;
            m.receivables += p.closing.receivables;
            m.payables += p.closing.payables;
            m.inventory += p.closing.inventory;
        }
    }
    let tax = tax_obligations(&horizon, &projection.entities, &entity_market, &market_cash);
    if sources.none > 0 {
        warnings.push(format!(
            "{} series-months have neither a forecast nor sales a year earlier: no demand is projected for them",
            sources.none
        ));
    }
    if !has_balances {
        warnings.push(
            "no closed month with actual balances: receivables, payables and stock start at zero"
                .to_owned(),
        );
    }
    Ok(CashProjection {
        scenario: scenario.name.to_owned(),
        drivers: changes,
        fx_change: checked.fx_change,
        currency: BASE_CURRENCY.code().to_owned(),
        opening_as_of,
        opening_cash,
        credit_limit: credit.limit,
        facility_limit,
        covenant_limit,
        line_warning_share,
        minimum_cash: credit.minimum_cash,
        ccc_target_days: ccc_target,
        granularity: checked.granularity,
        purchase_plan,
        months: cash_months,
        tax,
        markets: market_cash,
        risk,
        demand: sources,
        warnings,
    })
}

/// Books the open replenishment orders as the purchases of the periods they are needed in,
/// up to the last of them: each order on the channels that ship from its location, split
/// by their demand for its product, in their market's currency. `None` without orders.
#[allow(clippy::too_many_arguments)]
fn plan_purchases(
    horizon: &Horizon,
    plan_until: Option<NaiveDate>,
    orders: &[db::PlannedOrderRow],
    entities: &mut [CompanyEntity],
    entity_channel: &[Uuid],
    line_products: &[Vec<&inputs::ProductRead>],
    entity_market: &[&inputs::MarketRead],
    rates: &HashMap<String, Decimal>,
) -> Option<PurchasePlan> {
    let until = plan_until.filter(|u| *u > horizon.starts[0])?;
    // Every period the plan's orders reach into buys what they buy.
    let periods = horizon.starts.iter().filter(|s| **s < until).count();
    let n = horizon.starts.len();
    for e in entities.iter_mut() {
        e.entity.planned_purchases = vec![Decimal::ZERO; n];
        e.entity.planned_periods = periods;
    }
    let mut value_base = Decimal::ZERO;
    let mut counted = Vec::new();
    let mut i = 0;
    while i < orders.len() {
        let order = &orders[i];
        let same: Vec<&db::PlannedOrderRow> = orders[i..]
            .iter()
            .take_while(|o| o.order_id == order.order_id)
            .collect();
        i += same.len();
        let t = horizon.index_of(order.need_by);
        if t >= periods {
            continue;
        }
        // The channels it stocks that the projection has, and their demand for it.
        let takers: Vec<(usize, usize, f64)> = same
            .iter()
            .filter_map(|o| {
                let e = entity_channel.iter().position(|c| *c == o.channel_id)?;
                let line = line_products[e].iter().position(|p| p.id == o.product_id)?;
                let units: f64 = entities[e].lines[line].units.iter().sum();
                Some((e, line, units))
            })
            .collect();
        if takers.is_empty() {
            continue;
        }
        counted.push(order.order_id);
        value_base += order.value;
        let total: f64 = takers.iter().map(|(_, _, u)| u).sum();
        for (e, _, units) in &takers {
            let share = if total > 0.0 {
                Decimal::try_from(units / total).unwrap_or_default()
            } else {
                Decimal::ONE / Decimal::from(takers.len())
            };
            let rate = rates
                .get(&entity_market[*e].code)
                .copied()
                .filter(|r| !r.is_zero())
                .unwrap_or(Decimal::ONE);
            entities[*e].entity.planned_purchases[t] += (order.value * share / rate).round_dp(2);
        }
    }
    Some(PurchasePlan {
        until,
        periods: u32::try_from(periods).unwrap_or(u32::MAX),
        orders: u32::try_from(counted.len()).unwrap_or(u32::MAX),
        value_base,
    })
}

/// Each market's tax returns that the projection reaches, from the tax arising in its
/// channels' periods, by due date.
fn tax_obligations(
    horizon: &Horizon,
    entities: &[Vec<sentia_finance::CashPeriod>],
    entity_market: &[&inputs::MarketRead],
    market_cash: &[MarketCash],
) -> Vec<TaxObligation> {
    let mut out: Vec<TaxObligation> = Vec::new();
    let last_day = horizon
        .starts
        .last()
        .zip(horizon.periods.last())
        .map(|(s, p)| *s + Duration::days(i64::from(p.days) - 1));
    for (e, periods_of) in entities.iter().enumerate() {
        let market = entity_market[e];
        let rate = market_cash
            .iter()
            .find(|m| m.market == market.code)
            .map_or(Decimal::ONE, |m| m.rate);
        for (t, p) in periods_of.iter().enumerate() {
            let (first, last) = periods::tax_return(horizon.starts[t], market.tax_filing_months);
            let entry = match out
                .iter()
                .position(|o| o.market == market.code && o.period_start == first)
            {
                Some(i) => &mut out[i],
                None => {
                    let due = periods::tax_due(last, market.tax_due_months, market.tax_due_days);
                    out.push(TaxObligation {
                        market: market.code.clone(),
                        tax_name: market.tax_name.clone(),
                        currency: market.currency.clone(),
                        period_start: first,
                        period_end: last,
                        partial: first < horizon.starts[0] || last_day.is_some_and(|l| last > l),
                        amount: Decimal::ZERO,
                        amount_base: Decimal::ZERO,
                        due,
                        paid_in_projection: horizon.index_of(due) < horizon.starts.len(),
                    });
                    out.last_mut().expect("just pushed")
                }
            };
            entry.amount += p.vat_arising;
            entry.amount_base = (entry.amount * rate).round_dp(2);
        }
    }
    out.sort_by(|a, b| (a.due, &a.market).cmp(&(b.due, &b.market)));
    out
}

fn band_name(band: CccBand) -> &'static str {
    match band {
        CccBand::OnTarget => "on_target",
        CccBand::Amber => "amber",
        CccBand::Red => "red",
        CccBand::Critical => "critical",
    }
}
