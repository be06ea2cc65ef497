//! From forecast demand to a cash projection, under drivers: the sales lines of one entity
//! (units per period with their 80 % interval, price, cost, channel commission and fee),
//! the drivers a scenario changes (price, cost, demand, collection and payment days, days
//! of inventory, bad debt), the named scenarios of the domain brief, and the probability of
//! running short of cash from demand paths drawn from the forecast's distribution.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use crate::cash::{
    consolidate, lagged, penny, project_cash, Balances, CashError, CashInputs, CashPeriod,
    ConsolidatedPeriod, CreditLine, LineStep, Period,
};

/// z of the two-sided 80 % interval.
const Z80: f64 = 1.281_551_565_545;

/// One product sold through one channel: forecast units per period with the 80 % interval.
#[derive(Debug, Clone, PartialEq)]
pub struct SalesLine {
    /// Mean units per period.
    pub units: Vec<f64>,
    /// Lower end of the 80 % interval per period.
    pub low80: Vec<f64>,
    /// Upper end of the 80 % interval per period.
    pub high80: Vec<f64>,
    /// Selling price per unit, before VAT.
    pub price: Decimal,
    /// Cost per unit.
    pub unit_cost: Decimal,
    /// The channel's commission, a share of the price.
    pub commission_rate: Decimal,
    /// The channel's fee per unit.
    pub fee_per_unit: Decimal,
}

/// What a scenario changes, relative to the plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drivers {
    /// Selling price change, a share (0.05 is +5 %).
    pub price: Decimal,
    /// Unit cost change, a share.
    pub cost: Decimal,
    /// Demand change, a share, on top of the demand path.
    pub demand: Decimal,
    /// Days added to the collection terms (DSO).
    pub collection_days: i32,
    /// Days added to the payment terms (DPO).
    pub payment_days: i32,
    /// Days of inventory to hold (DIO); purchases keep stock at this cover.
    pub inventory_days: u32,
    /// Change in the bad-debt rate, in points (0.015 is +1.5 pp).
    pub bad_debt: Decimal,
}

/// Which demand a scenario plans on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandPath {
    /// The forecast.
    Mean,
    /// The lower end of its 80 % interval.
    Low80,
    /// The upper end.
    High80,
}

/// Everything of an entity that is not demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The periods.
    pub periods: Vec<Period>,
    /// Operating expenses per period.
    pub opex: Vec<Decimal>,
    /// Days from a sale to its cash under the plan.
    pub collection_days: u32,
    /// Days from a purchase to paying for it under the plan.
    pub payment_days: u32,
    /// Share of sales never collected under the plan.
    pub bad_debt_rate: Decimal,
    /// VAT rate.
    pub vat_rate: Decimal,
    /// The period each period's VAT is paid in (see [`crate::CashInputs::vat_due`]).
    pub vat_due: Vec<usize>,
    /// Import duty on purchases.
    pub duty_rate: Decimal,
    /// Stock bought in each period by the replenishment plan, at cost.
    pub planned_purchases: Vec<Decimal>,
    /// The first periods the plan covers: their purchases are the plan's; later ones keep
    /// stock at the drivers' days of inventory.
    pub planned_periods: usize,
    /// Balances at the start.
    pub opening: Balances,
    /// The credit line.
    pub credit: CreditLine,
}

fn dec(v: f64) -> Decimal {
    Decimal::from_f64(v).unwrap_or_default()
}

fn shifted(days: u32, by: i32) -> u32 {
    u32::try_from(i64::from(days) + i64::from(by)).unwrap_or(0)
}

/// One period of a sales line under drivers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineFigures {
    /// Units sold, after the demand driver.
    pub units: Decimal,
    /// Revenue after commission and fees, to the penny.
    pub revenue: Decimal,
    /// Cost of the units, to the penny.
    pub cogs: Decimal,
}

/// A line's units, revenue and cost of sales in each of `n` periods under `drivers`.
pub fn line_figures(
    line: &SalesLine,
    units: &[f64],
    drivers: &Drivers,
    n: usize,
) -> Vec<LineFigures> {
    let price = line.price * (Decimal::ONE + drivers.price);
    let cost = line.unit_cost * (Decimal::ONE + drivers.cost);
    let net_per_unit = price * (Decimal::ONE - line.commission_rate) - line.fee_per_unit;
    (0..n)
        .map(|t| {
            let u = dec(units.get(t).copied().unwrap_or(0.0).max(0.0))
                * (Decimal::ONE + drivers.demand);
            LineFigures {
                units: u,
                revenue: penny(u * net_per_unit),
                cogs: penny(u * cost),
            }
        })
        .collect()
}

/// The cash inputs of an entity selling `units[line][t]` under `drivers`: revenue net of
/// commission and fees, COGS, and purchases: the replenishment plan's while it lasts, then
/// what keeps stock at the drivers' days of inventory (next period's COGS per day × DIO).
pub fn inputs_for_units(
    entity: &Entity,
    lines: &[SalesLine],
    units: &[Vec<f64>],
    drivers: &Drivers,
) -> CashInputs {
    let n = entity.periods.len();
    let mut revenue = vec![Decimal::ZERO; n];
    let mut cogs = vec![Decimal::ZERO; n];
    for (line, units) in lines.iter().zip(units) {
        for (t, f) in line_figures(line, units, drivers, n).iter().enumerate() {
            revenue[t] += f.revenue;
            cogs[t] += f.cogs;
        }
    }
    // Stock held at the target cover of the next period's cost of sales.
    let target = |t: usize| -> Decimal {
        let next = (t + 1).min(n.saturating_sub(1));
        let days = Decimal::from(entity.periods.get(next).map_or(30, |p| p.days.max(1)));
        penny(
            cogs.get(next).copied().unwrap_or_default() / days
                * Decimal::from(drivers.inventory_days),
        )
    };
    let mut stock = entity.opening.inventory;
    let purchases = (0..n)
        .map(|t| {
            let after_sales = stock - cogs[t];
            let buy = if t < entity.planned_periods {
                // The replenishment plan's orders, at the cost driver; never leaving stock
                // below what was sold.
                let planned = entity.planned_purchases.get(t).copied().unwrap_or_default();
                penny(planned * (Decimal::ONE + drivers.cost)).max(-after_sales)
            } else {
                target(t) - after_sales
            }
            .max(Decimal::ZERO);
            stock = after_sales + buy;
            buy
        })
        .collect();
    CashInputs {
        periods: entity.periods.clone(),
        revenue,
        cogs,
        purchases,
        opex: entity.opex.clone(),
        collection_days: shifted(entity.collection_days, drivers.collection_days),
        bad_debt_rate: (entity.bad_debt_rate + drivers.bad_debt).clamp(Decimal::ZERO, Decimal::ONE),
        payment_days: shifted(entity.payment_days, drivers.payment_days),
        vat_rate: entity.vat_rate,
        vat_due: entity.vat_due.clone(),
        duty_rate: entity.duty_rate,
        opening: entity.opening,
        credit: entity.credit,
    }
}

/// What a line's sales bring in, period by period: its revenue collected after the
/// entity's terms under the drivers, less bad debt, before VAT. Sales made before the
/// projection (the opening receivables) are the entity's, not a line's.
pub fn line_receipts(entity: &Entity, revenue: &[Decimal], drivers: &Drivers) -> Vec<Decimal> {
    let days = shifted(entity.collection_days, drivers.collection_days);
    let rate = (entity.bad_debt_rate + drivers.bad_debt).clamp(Decimal::ZERO, Decimal::ONE);
    let (due, _) = lagged(&entity.periods, revenue, days);
    due.into_iter().map(|d| d - penny(d * rate)).collect()
}

/// The units of every line on a demand path.
pub fn units_on(lines: &[SalesLine], path: DemandPath) -> Vec<Vec<f64>> {
    lines
        .iter()
        .map(|l| match path {
            DemandPath::Mean => l.units.clone(),
            DemandPath::Low80 => l.low80.clone(),
            DemandPath::High80 => l.high80.clone(),
        })
        .collect()
}

/// Projects an entity on a demand path under drivers.
pub fn project_scenario(
    entity: &Entity,
    lines: &[SalesLine],
    path: DemandPath,
    drivers: &Drivers,
) -> Result<Vec<CashPeriod>, CashError> {
    project_cash(&inputs_for_units(
        entity,
        lines,
        &units_on(lines, path),
        drivers,
    ))
}

/// A scenario of the domain brief: its demand path and drivers on top of the plan's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedScenario {
    /// Name shown.
    pub name: &'static str,
    /// Demand path.
    pub path: DemandPath,
    /// Changes to the plan's drivers.
    pub drivers: Drivers,
    /// Foreign currencies stronger (+) or weaker (−) against the reporting one, a share.
    pub fx_change: Decimal,
}

/// The domain brief's scenarios relative to a plan holding `inventory_days` of stock:
/// base; optimistic and pessimistic on the forecast's 80 % interval with their driver
/// sets (margin as a price change, collection and payment days, bad debt); and the stress
/// cases (supply shock, lost customer, downturn, and foreign currencies 20 % weaker or
/// stronger, a change of the rates at consolidation).
pub fn named_scenarios(inventory_days: u32) -> Vec<NamedScenario> {
    let plan = Drivers {
        inventory_days,
        ..Drivers::default()
    };
    let pp = |v: i64| Decimal::new(v, 3);
    vec![
        NamedScenario {
            name: "Base",
            path: DemandPath::Mean,
            drivers: plan,
            fx_change: Decimal::ZERO,
        },
        NamedScenario {
            name: "Optimistic",
            path: DemandPath::High80,
            drivers: Drivers {
                price: pp(50),
                collection_days: -5,
                payment_days: 3,
                ..plan
            },
            fx_change: Decimal::ZERO,
        },
        NamedScenario {
            name: "Pessimistic",
            path: DemandPath::Low80,
            drivers: Drivers {
                price: pp(-30),
                collection_days: 7,
                bad_debt: pp(15),
                ..plan
            },
            fx_change: Decimal::ZERO,
        },
        NamedScenario {
            name: "Supply shock",
            path: DemandPath::Mean,
            drivers: Drivers {
                cost: pp(500),
                inventory_days: inventory_days + 30,
                ..plan
            },
            fx_change: Decimal::ZERO,
        },
        NamedScenario {
            name: "Lost customer",
            path: DemandPath::Mean,
            drivers: Drivers {
                demand: pp(-250),
                bad_debt: pp(50),
                ..plan
            },
            fx_change: Decimal::ZERO,
        },
        NamedScenario {
            name: "FX −20 %",
            path: DemandPath::Mean,
            drivers: plan,
            fx_change: Decimal::new(-20, 2),
        },
        NamedScenario {
            name: "FX +20 %",
            path: DemandPath::Mean,
            drivers: plan,
            fx_change: Decimal::new(20, 2),
        },
        NamedScenario {
            name: "Downturn",
            path: DemandPath::Mean,
            drivers: Drivers {
                demand: pp(-200),
                collection_days: 10,
                bad_debt: pp(20),
                ..plan
            },
            fx_change: Decimal::ZERO,
        },
    ]
}

/// A company: one entity per market in its own currency, with its sales lines and the
/// rate to the reporting currency in each period, and the pooled cash with its credit line.
#[derive(Debug, Clone, PartialEq)]
pub struct Company {
    /// The entities.
    pub entities: Vec<CompanyEntity>,
    /// Cash at the start, reporting currency.
    pub opening_cash: Decimal,
    /// Drawn on the line at the start.
    pub opening_drawn: Decimal,
    /// The company's revolving line, in the reporting currency.
    pub credit: CreditLine,
    /// Operating expenses paid by the company per period, reporting currency.
    pub opex: Vec<Decimal>,
}

/// One entity of a company.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyEntity {
    /// Its terms, costs and balances (its own cash and line are the company's: ignored).
    pub entity: Entity,
    /// What it sells.
    pub lines: Vec<SalesLine>,
    /// Reporting currency per unit of its currency, per period.
    pub rates: Vec<Decimal>,
    /// Its currency is the reporting currency (FX changes do not apply).
    pub reporting_currency: bool,
}

/// A company's projection: each entity in its currency, the consolidation, and the cash
/// pool with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyProjection {
    /// Each entity's periods, in its currency, before financing.
    pub entities: Vec<Vec<CashPeriod>>,
    /// The converted sum of the entities.
    pub consolidated: Vec<ConsolidatedPeriod>,
    /// The pooled cash and the line, period by period.
    pub funding: Vec<LineStep>,
}

/// Projects every entity on `units` (per entity, per line, per period) under `drivers`,
/// consolidates them at their rates changed by `fx_change` (0.2 is a 20 % stronger
/// foreign currency), and funds the consolidated flows less the company's operating
/// expenses from its cash and line.
fn project_units(
    company: &Company,
    units: &[Vec<Vec<f64>>],
    drivers: &Drivers,
    fx_change: Decimal,
) -> Result<CompanyProjection, CashError> {
    let mut entities = Vec::with_capacity(company.entities.len());
    let mut rates = Vec::with_capacity(company.entities.len());
    for (e, units) in company.entities.iter().zip(units) {
        // Entities hold no cash of their own: their flows go to the company's pool.
        let entity = Entity {
            opening: Balances {
                cash: Decimal::ZERO,
                drawn: Decimal::ZERO,
                ..e.entity.opening
            },
            credit: CreditLine {
                limit: Decimal::ZERO,
                minimum_cash: Decimal::ZERO,
                annual_rate: Decimal::ZERO,
            },
            ..e.entity.clone()
        };
        entities.push(project_cash(&inputs_for_units(
            &entity, &e.lines, units, drivers,
        ))?);
        let factor = if e.reporting_currency {
            Decimal::ONE
        } else {
            Decimal::ONE + fx_change
        };
        rates.push(e.rates.iter().map(|r| *r * factor).collect::<Vec<_>>());
    }
    let consolidated = consolidate(&entities, &rates);
    let periods = company
        .entities
        .first()
        .map(|e| e.entity.periods.clone())
        .unwrap_or_default();
    let flows: Vec<Decimal> = consolidated
        .iter()
        .enumerate()
        .map(|(t, c)| c.net_flow - company.opex.get(t).copied().unwrap_or_default())
        .collect();
    let funding = company.credit.fund(
        company.opening_cash,
        company.opening_drawn,
        &flows,
        &periods,
    );
    Ok(CompanyProjection {
        entities,
        consolidated,
        funding,
    })
}

/// Projects the company on a demand path under drivers and an FX change.
pub fn project_company(
    company: &Company,
    path: DemandPath,
    drivers: &Drivers,
    fx_change: Decimal,
) -> Result<CompanyProjection, CashError> {
    let units: Vec<Vec<Vec<f64>>> = company
        .entities
        .iter()
        .map(|e| units_on(&e.lines, path))
        .collect();
    project_units(company, &units, drivers, fx_change)
}

/// The chance, per period, of running short: cash below the minimum even with the line
/// fully drawn, and more of the line used than the warning share (the brief's early
/// warning is 75 %).
#[derive(Debug, Clone, PartialEq)]
pub struct ShortfallRisk {
    /// Per period, the share of simulated demand paths with a shortfall.
    pub shortfall: Vec<f64>,
    /// Per period, the share of paths with more of the line drawn than the warning share.
    pub line_over_warning: Vec<f64>,
    /// Paths simulated.
    pub paths: u32,
}

/// Simulates `paths` demand paths, each period's units drawn from a normal with the
/// forecast's mean and the spread its 80 % interval implies (floored at zero), through the
/// company's projection at the FX change, counting the paths short of cash and those
/// drawing more than `warning_share` of the line. Seeded: the same seed gives the same
/// answer.
pub fn shortfall_risk(
    company: &Company,
    drivers: &Drivers,
    fx_change: Decimal,
    warning_share: Decimal,
    paths: u32,
    seed: u64,
) -> Result<ShortfallRisk, CashError> {
    let n = company
        .entities
        .first()
        .map_or(0, |e| e.entity.periods.len());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut short = vec![0u32; n];
    let mut heavy = vec![0u32; n];
    let warning = company.credit.limit * warning_share;
    for _ in 0..paths {
        let units: Vec<Vec<Vec<f64>>> = company
            .entities
            .iter()
            .map(|e| {
                e.lines
                    .iter()
                    .map(|l| {
                        (0..n)
                            .map(|t| {
                                let mean = l.units.get(t).copied().unwrap_or(0.0);
                                let spread = (l.high80.get(t).copied().unwrap_or(mean)
                                    - l.low80.get(t).copied().unwrap_or(mean))
                                    / (2.0 * Z80);
                                let z: f64 = StandardNormal.sample(&mut rng);
                                (mean + z * spread.max(0.0)).max(0.0)
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let projection = project_units(company, &units, drivers, fx_change)?;
        for (t, step) in projection.funding.iter().enumerate() {
            short[t] += u32::from(step.shortfall > Decimal::ZERO);
            heavy[t] += u32::from(step.drawn > warning);
        }
    }
    let share = |v: &[u32]| {
        v.iter()
            .map(|x| f64::from(*x) / f64::from(paths.max(1)))
            .collect()
    };
    Ok(ShortfallRisk {
        shortfall: share(&short),
        line_over_warning: share(&heavy),
        paths,
    })
}

/// Closing cash of the last period, for comparisons.
pub fn closing_cash(projection: &[CashPeriod]) -> Decimal {
    projection
        .last()
        .map(|p| p.closing.cash)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn entity(n: usize, cash: Decimal) -> Entity {
        Entity {
            periods: vec![Period { days: 30 }; n],
            opex: vec![dec!(20000); n],
            collection_days: 14,
            payment_days: 45,
            bad_debt_rate: dec!(0.01),
            vat_rate: dec!(0.2),
            vat_due: Vec::new(),
            duty_rate: Decimal::ZERO,
            planned_purchases: Vec::new(),
            planned_periods: 0,
            opening: Balances {
                cash,
                inventory: dec!(30000),
                ..Balances::default()
            },
            credit: CreditLine {
                limit: dec!(100000),
                minimum_cash: dec!(50000),
                annual_rate: dec!(0.065),
            },
        }
    }

    fn line(n: usize, mean: f64, spread: f64) -> SalesLine {
        SalesLine {
            units: vec![mean; n],
            low80: vec![(mean - spread).max(0.0); n],
            high80: vec![mean + spread; n],
            price: dec!(30),
            unit_cost: dec!(12),
            commission_rate: dec!(0.15),
            fee_per_unit: dec!(1.50),
        }
    }

    #[test]
    fn revenue_is_net_of_commission_and_fees_and_stock_is_kept_at_its_cover() {
        let e = entity(3, dec!(100000));
        let i = inputs_for_units(
            &e,
            &[line(3, 1000.0, 0.0)],
            &[vec![1000.0; 3]],
            &Drivers {
                inventory_days: 30,
                ..Drivers::default()
            },
        );
        // 1,000 × (30 × 0.85 − 1.50) = 24,000; COGS 12,000.
        assert_eq!(i.revenue, [dec!(24000); 3]);
        assert_eq!(i.cogs, [dec!(12000); 3]);
        // 30 days of next month's COGS (12,000) held: from 30,000 the first month buys 0
        // (18,000 left ≥ 12,000 target), then 6,000, then 12,000 to stay at cover.
        assert_eq!(i.purchases, [dec!(0), dec!(6000), dec!(12000)]);
    }

    #[test]
    fn the_replenishment_plan_buys_while_it_lasts_then_the_cover_rule() {
        let mut e = entity(4, dec!(100000));
        e.planned_purchases = vec![dec!(20000), Decimal::ZERO, dec!(1000), dec!(99999)];
        e.planned_periods = 3;
        let d = Drivers {
            inventory_days: 30,
            cost: dec!(0.1),
            ..Drivers::default()
        };
        let i = inputs_for_units(&e, &[line(4, 1000.0, 0.0)], &[vec![1000.0; 4]], &d);
        // COGS 13,200 a month at +10 % cost, from 30,000 of stock. The plan's 20,000 costs
        // 22,000 (38,800 left after sales); nothing in the second month (25,600); the
        // third plans 1,100 (13,500 after); the fourth is past the plan: back to 30 days of
        // cover, 13,200, from the 300 left after its sales.
        assert_eq!(i.cogs, [dec!(13200); 4]);
        assert_eq!(i.purchases, [dec!(22000), dec!(0), dec!(1100), dec!(12900)]);
        // A plan that leaves too little stock for the sales is topped up to zero stock.
        e.planned_purchases = vec![Decimal::ZERO, Decimal::ZERO, dec!(1000), Decimal::ZERO];
        let i = inputs_for_units(&e, &[line(4, 1000.0, 0.0)], &[vec![1000.0; 4]], &d);
        assert_eq!(i.purchases, [dec!(0), dec!(0), dec!(9600), dec!(26400)]);
    }

    #[test]
    fn the_named_scenarios_follow_the_domain_brief() {
        let s = named_scenarios(45);
        assert_eq!(s.len(), 8);
        let weaker = s.iter().find(|x| x.name == "FX −20 %").unwrap();
        assert_eq!(
            (weaker.fx_change, weaker.drivers),
            (dec!(-0.2), s[0].drivers)
        );
        let pessimistic = s.iter().find(|x| x.name == "Pessimistic").unwrap();
        assert_eq!(pessimistic.path, DemandPath::Low80);
        assert_eq!(pessimistic.drivers.collection_days, 7);
        assert_eq!(pessimistic.drivers.bad_debt, dec!(0.015));
        let shock = s.iter().find(|x| x.name == "Supply shock").unwrap();
        assert_eq!(shock.drivers.inventory_days, 75);
        assert_eq!(shock.drivers.cost, dec!(0.5));
    }

    fn company(e: Entity, lines: Vec<SalesLine>, cash: Decimal, minimum: Decimal) -> Company {
        let n = e.periods.len();
        Company {
            entities: vec![CompanyEntity {
                entity: e,
                lines,
                rates: vec![Decimal::ONE; n],
                reporting_currency: true,
            }],
            opening_cash: cash,
            opening_drawn: Decimal::ZERO,
            credit: CreditLine {
                limit: dec!(100000),
                minimum_cash: minimum,
                annual_rate: dec!(0.065),
            },
            opex: vec![dec!(5000); n],
        }
    }

    #[test]
    fn the_company_pools_the_entities_cash_and_funds_it_from_its_line() {
        let e = entity(6, dec!(0));
        let mut c = company(
            e.clone(),
            vec![line(6, 800.0, 200.0)],
            dec!(60000),
            dec!(50000),
        );
        c.entities.push(CompanyEntity {
            entity: e,
            lines: vec![line(6, 500.0, 100.0)],
            rates: vec![dec!(0.85); 6],
            reporting_currency: false,
        });
        let d = Drivers {
            inventory_days: 30,
            ..Drivers::default()
        };
        let p = project_company(&c, DemandPath::Mean, &d, Decimal::ZERO).unwrap();
        for (t, step) in p.funding.iter().enumerate() {
            let converted =
                penny(p.entities[0][t].net_flow) + penny(p.entities[1][t].net_flow * dec!(0.85));
            assert_eq!(p.consolidated[t].net_flow, converted);
            let opening = if t == 0 {
                c.opening_cash
            } else {
                p.funding[t - 1].cash
            };
            assert_eq!(
                step.cash,
                opening + step.net_flow + step.draw - step.repayment
            );
            assert_eq!(step.net_flow, converted - dec!(5000) - step.interest);
        }
        // A stronger foreign currency raises the converted figures of the foreign entity only.
        let up = project_company(&c, DemandPath::Mean, &d, dec!(0.2)).unwrap();
        assert!(up.consolidated[3].revenue > p.consolidated[3].revenue);
        assert_eq!(up.entities, p.entities);
    }

    #[test]
    fn the_shortfall_risk_is_seeded_and_rises_with_the_cash_floor() {
        let lines = vec![line(12, 800.0, 400.0)];
        let low = company(entity(12, dec!(0)), lines.clone(), dec!(60000), dec!(50000));
        let high = company(entity(12, dec!(0)), lines, dec!(60000), dec!(150000));
        let d = Drivers {
            inventory_days: 30,
            ..Drivers::default()
        };
        let a = shortfall_risk(&low, &d, Decimal::ZERO, dec!(0.75), 200, 7).unwrap();
        let b = shortfall_risk(&low, &d, Decimal::ZERO, dec!(0.75), 200, 7).unwrap();
        assert_eq!(a, b);
        let c = shortfall_risk(&high, &d, Decimal::ZERO, dec!(0.75), 200, 7).unwrap();
        for (x, y) in a.shortfall.iter().zip(&c.shortfall) {
            assert!(y >= x, "{x} → {y}");
        }
        assert!(c.shortfall.iter().any(|p| *p > 0.0));
        assert!(a.shortfall.iter().all(|p| (0.0..=1.0).contains(p)));
    }

    proptest! {
        /// With demand the only difference, the pessimistic path never ends with more cash
        /// than the base, nor the base more than the optimistic one (the margin is positive,
        /// so more units sold is more cash).
        #[test]
        fn demand_only_scenarios_are_ordered(mean in 10.0..5_000.0f64, spread in 0.0..0.9f64,
                                             cash in 0i64..50_000_000) {
            let lines = [line(12, mean, mean * spread)];
            let e = entity(12, Decimal::new(cash, 2));
            let d = Drivers { inventory_days: 0, ..Drivers::default() };
            let low = closing_cash(&project_scenario(&e, &lines, DemandPath::Low80, &d).unwrap());
            let base = closing_cash(&project_scenario(&e, &lines, DemandPath::Mean, &d).unwrap());
            let high = closing_cash(&project_scenario(&e, &lines, DemandPath::High80, &d).unwrap());
            prop_assert!(low <= base && base <= high, "{} {} {}", low, base, high);
        }
    }
}
