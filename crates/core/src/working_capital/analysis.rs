//! Looking into a projection: which drivers move the company's cash most, and what each
//! product sells and costs period by period.

use std::collections::HashMap;

use rust_decimal::Decimal;
use sentia_finance::{line_figures, line_receipts, project_company, units_on, Drivers};
use uuid::Uuid;

use super::model::{DriverImpact, ProductCash, ProductsCash, Sensitivity};
use super::{model, read_request, CashRequest, Model};
use crate::dashboard::BASE_CURRENCY;
use crate::{App, AppError};

/// One driver moved down and up by a step a planner would argue about.
struct Step {
    driver: &'static str,
    step: &'static str,
    apply: fn(&mut Drivers, &mut Decimal, i32),
}

const STEPS: [Step; 8] = [
    Step {
        driver: "price",
        step: "±5 %",
        apply: |d, _, s| d.price += Decimal::new(5 * i64::from(s), 2),
    },
    Step {
        driver: "cost",
        step: "±5 %",
        apply: |d, _, s| d.cost += Decimal::new(5 * i64::from(s), 2),
    },
    Step {
        driver: "demand",
        step: "±10 %",
        apply: |d, _, s| d.demand += Decimal::new(10 * i64::from(s), 2),
    },
    Step {
        driver: "collectionDays",
        step: "±7 days",
        apply: |d, _, s| d.collection_days += 7 * s,
    },
    Step {
        driver: "paymentDays",
        step: "±7 days",
        apply: |d, _, s| d.payment_days += 7 * s,
    },
    Step {
        driver: "inventoryDays",
        step: "±7 days",
        apply: |d, _, s| {
            d.inventory_days =
                u32::try_from(i64::from(d.inventory_days) + 7 * i64::from(s)).unwrap_or(0)
        },
    },
    Step {
        driver: "badDebt",
        step: "±1 pp",
        apply: |d, _, s| d.bad_debt += Decimal::new(i64::from(s), 2),
    },
    Step {
        driver: "fx",
        step: "±10 %",
        apply: |_, fx, s| *fx += Decimal::new(10 * i64::from(s), 2),
    },
];

/// The lowest net cash (cash less the line drawn), its period, the closing net cash and
/// the periods short of the minimum even with the line, under drivers and an FX change.
fn outcome(
    m: &Model,
    drivers: &Drivers,
    fx: Decimal,
) -> Result<(Decimal, usize, Decimal, u32), AppError> {
    let p = project_company(&m.company, m.scenario.path, drivers, fx)
        .map_err(|e| AppError::validation("drivers", e.to_string()))?;
    let net: Vec<Decimal> = p.funding.iter().map(|f| f.cash - f.drawn).collect();
    let (low_at, low) = net
        .iter()
        .enumerate()
        .min_by_key(|(_, v)| **v)
        .map(|(t, v)| (t, *v))
        .unwrap_or((0, Decimal::ZERO));
    let short = p
        .funding
        .iter()
        .filter(|f| f.shortfall > Decimal::ZERO)
        .count();
    Ok((
        low,
        low_at,
        net.last().copied().unwrap_or_default(),
        u32::try_from(short).unwrap_or(u32::MAX),
    ))
}

/// Each driver moved a step down and up from the request, with what it does to the
/// lowest and closing net cash; the drivers that move the lowest cash most come first.
pub async fn sensitivity(app: &App, request: CashRequest) -> Result<Sensitivity, AppError> {
    let (checked, read) = read_request(app, request).await?;
    let m = model(&checked, &read)?;
    let (low, low_at, closing, short) = outcome(&m, &m.drivers, m.fx_change)?;
    let mut drivers = Vec::with_capacity(STEPS.len());
    for step in &STEPS {
        let moved = |sign: i32| {
            let (mut d, mut fx) = (m.drivers, m.fx_change);
            (step.apply)(&mut d, &mut fx, sign);
            outcome(&m, &d, fx)
        };
        let (down, up) = (moved(-1)?, moved(1)?);
        drivers.push(DriverImpact {
            driver: step.driver.to_owned(),
            step: step.step.to_owned(),
            lowest_cash_down: down.0,
            lowest_cash_up: up.0,
            closing_cash_down: down.2,
            closing_cash_up: up.2,
            periods_short_down: down.3,
            periods_short_up: up.3,
        });
    }
    let swing = |d: &DriverImpact| (d.lowest_cash_up - d.lowest_cash_down).abs();
    drivers.sort_by(|a, b| swing(b).cmp(&swing(a)).then(a.driver.cmp(&b.driver)));
    Ok(Sensitivity {
        currency: BASE_CURRENCY.code().to_owned(),
        lowest_cash: low,
        lowest_cash_at: m.horizon.starts.get(low_at).copied(),
        closing_cash: closing,
        periods_short: short,
        drivers,
    })
}

/// What each product sells and costs in each period on the request's scenario, across
/// its channels, in the base currency; the best sellers first.
pub async fn by_product(app: &App, request: CashRequest) -> Result<ProductsCash, AppError> {
    let (checked, read) = read_request(app, request).await?;
    let m = model(&checked, &read)?;
    let n = m.horizon.starts.len();
    let mut by_id: HashMap<Uuid, ProductCash> = HashMap::new();
    for (e, entity) in m.company.entities.iter().enumerate() {
        let market = m.entity_market[e];
        let rate = m.rates.get(&market.code).copied().unwrap_or(Decimal::ONE)
            * if market.currency == BASE_CURRENCY.code() {
                Decimal::ONE
            } else {
                Decimal::ONE + m.fx_change
            };
        let units = units_on(&entity.lines, m.scenario.path);
        for ((line, units), product) in entity.lines.iter().zip(&units).zip(&m.line_products[e]) {
            let row = by_id.entry(product.id).or_insert_with(|| ProductCash {
                product_id: product.id,
                sku: product.sku.clone(),
                name: product.name.clone(),
                market: market.code.clone(),
                units: vec![Decimal::ZERO; n],
                revenue: vec![Decimal::ZERO; n],
                cogs: vec![Decimal::ZERO; n],
                receipts: vec![Decimal::ZERO; n],
                total_units: Decimal::ZERO,
                total_revenue: Decimal::ZERO,
                total_cogs: Decimal::ZERO,
                total_receipts: Decimal::ZERO,
                gross_margin: None,
            });
            let figures = line_figures(line, units, &m.drivers, n);
            let revenue: Vec<Decimal> = figures.iter().map(|f| f.revenue).collect();
            let receipts = line_receipts(&entity.entity, &revenue, &m.drivers);
            for (t, f) in figures.iter().enumerate() {
                row.units[t] += f.units.round_dp(1);
                row.revenue[t] += (f.revenue * rate).round_dp(2);
                row.cogs[t] += (f.cogs * rate).round_dp(2);
                row.receipts[t] += (receipts[t] * rate).round_dp(2);
            }
        }
    }
    let mut products: Vec<ProductCash> = by_id
        .into_values()
        .map(|mut p| {
            p.total_units = p.units.iter().sum();
            p.total_revenue = p.revenue.iter().sum();
            p.total_cogs = p.cogs.iter().sum();
            p.total_receipts = p.receipts.iter().sum();
            p.gross_margin = (!p.total_revenue.is_zero())
                .then(|| ((p.total_revenue - p.total_cogs) / p.total_revenue).round_dp(4));
            p
        })
        .collect();
    products.sort_by(|a, b| {
        b.total_revenue
            .cmp(&a.total_revenue)
            .then(a.sku.cmp(&b.sku))
    });
    Ok(ProductsCash {
        currency: BASE_CURRENCY.code().to_owned(),
        periods: m.horizon.starts.clone(),
        granularity: checked.granularity,
        products,
    })
}
