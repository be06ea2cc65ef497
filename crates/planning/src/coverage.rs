//! How long stock lasts against the forecast: days of supply and a day-by-day projection.
//!
//! Both walk through the per-period forecast instead of dividing stock by an average
//! rate: ahead of a seasonal peak, "stock / average daily demand" overstates cover by
//! exactly the weeks when it matters.

use chrono::{Days, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::PlanningError;

/// Forecast mean demand per period from a start date. Demand within a period is taken
/// to be spread evenly over its days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandForecast {
    /// First day of the first period.
    pub start: NaiveDate,
    /// Length of each period in days (1 daily, 7 weekly, …).
    pub period_days: u32,
    /// Mean demand per period, in units. Negative values count as zero.
    pub means: Vec<f64>,
}

impl DemandForecast {
    /// A forecast of one value per day.
    pub fn daily(start: NaiveDate, means: Vec<f64>) -> Self {
        DemandForecast {
            start,
            period_days: 1,
            means,
        }
    }

    /// Number of days the forecast covers.
    pub fn horizon_days(&self) -> u32 {
        self.period_days
            .saturating_mul(u32::try_from(self.means.len()).unwrap_or(u32::MAX))
    }

    /// Expected demand for each day of the horizon.
    pub fn daily_demand(&self) -> Result<Vec<f64>, PlanningError> {
        self.check()?;
        let p = self.period_days as usize;
        let mut out = Vec::with_capacity(self.means.len() * p);
        for &m in &self.means {
            let per_day = m.max(0.0) / f64::from(self.period_days);
            out.extend(std::iter::repeat_n(per_day, p));
        }
        Ok(out)
    }

    /// Expected demand over the first `days` days (up to the horizon).
    pub fn demand_over_days(&self, days: u32) -> Result<f64, PlanningError> {
        Ok(self.daily_demand()?.iter().take(days as usize).sum())
    }

    fn check(&self) -> Result<(), PlanningError> {
        if self.period_days == 0 {
            return Err(PlanningError::InvalidPeriodLength);
        }
        if let Some(bad) = self.means.iter().find(|m| !m.is_finite()) {
            return Err(PlanningError::InvalidQuantity {
                name: "forecast demand",
                value: bad.to_string(),
            });
        }
        Ok(())
    }
}

/// How many days a stock lasts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DaysOfSupply {
    /// Days of demand the stock covers. When `beyond_horizon` is set this is the
    /// horizon length: the stock lasts at least that long.
    pub days: f64,
    /// The stock outlasts the forecast horizon.
    pub beyond_horizon: bool,
}

/// Days the given stock lasts, consuming the forecast period by period (within a
/// period, at that period's daily rate). Periods with no demand count in full.
pub fn days_of_supply(
    stock: Decimal,
    forecast: &DemandForecast,
) -> Result<DaysOfSupply, PlanningError> {
    forecast.check()?;
    let mut left = stock.to_f64().unwrap_or(0.0).max(0.0);
    let period = f64::from(forecast.period_days);
    let mut days = 0.0;
    for &m in &forecast.means {
        let m = m.max(0.0);
        if left < m {
            return Ok(DaysOfSupply {
                days: days + period * left / m,
                beyond_horizon: false,
            });
        }
        left -= m;
        days += period;
    }
    Ok(DaysOfSupply {
        days,
        beyond_horizon: true,
    })
}

/// Stock expected to arrive on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbound {
    /// Day the stock becomes available.
    pub arrives_on: NaiveDate,
    /// Units arriving.
    pub quantity: Decimal,
}

/// One day of a stock projection, in units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProjectedDay {
    /// The day.
    pub date: NaiveDate,
    /// Stock at the start of the day.
    pub opening: f64,
    /// Inbound stock received at the start of the day.
    pub receipts: f64,
    /// Forecast demand for the day.
    pub demand: f64,
    /// Demand that could not be served from stock.
    pub unmet: f64,
    /// Stock at the end of the day, never negative.
    pub closing: f64,
}

/// The first projected stock-out and how long it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StockOut {
    /// First day on which demand is not fully served.
    pub date: NaiveDate,
    /// Next inbound arrival after that day, if any is known (it may be past the
    /// horizon).
    pub next_inbound: Option<NaiveDate>,
    /// Days from the stock-out until that arrival; without one, until the end of the
    /// horizon (then the gap may be longer still).
    pub uncovered_days: u32,
}

/// A day-by-day stock projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// One entry per day of the forecast horizon.
    pub days: Vec<ProjectedDay>,
    /// The first stock-out, if the projection has one.
    pub first_stockout: Option<StockOut>,
    /// Total demand not served over the horizon, in units.
    pub total_unmet: f64,
}

/// Demand below this many units a day is float noise, not a shortage.
const SHORTAGE_EPSILON: f64 = 1e-9;

/// Projects stock day by day: on hand, plus inbound on its arrival day, minus forecast
/// demand.
///
/// Unserved demand is lost, not carried as a backlog (marketplace and web orders that
/// cannot ship are cancelled), so stock never goes below zero and an arrival refills
/// the shelf at once. Inbound dated before the forecast start is overdue and counted on
/// the first day; inbound after the horizon does not enter the series but can still be
/// the "next inbound" of a stock-out. Negative on-hand (a booking ahead of receipt)
/// counts as none.
pub fn project_stock(
    on_hand: Decimal,
    inbound: &[Inbound],
    forecast: &DemandForecast,
) -> Result<Projection, PlanningError> {
    let daily = forecast.daily_demand()?;
    for i in inbound {
        if i.quantity < Decimal::ZERO {
            return Err(PlanningError::InvalidQuantity {
                name: "inbound quantity",
                value: i.quantity.to_string(),
            });
        }
    }
    let mut stock = on_hand.to_f64().unwrap_or(0.0).max(0.0);
    let mut days = Vec::with_capacity(daily.len());
    let mut first: Option<NaiveDate> = None;
    let mut total_unmet = 0.0;
    for (offset, &demand) in daily.iter().enumerate() {
        let date = day(forecast.start, offset);
        let receipts: f64 = inbound
            .iter()
            .filter(|i| {
                if offset == 0 {
                    i.arrives_on <= date
                } else {
                    i.arrives_on == date
                }
            })
            .map(|i| i.quantity.to_f64().unwrap_or(0.0))
            .sum();
        let opening = stock;
        let available = opening + receipts;
        let served = demand.min(available);
        let unmet = demand - served;
        stock = available - served;
        if unmet > SHORTAGE_EPSILON {
            total_unmet += unmet;
            first.get_or_insert(date);
        }
        days.push(ProjectedDay {
            date,
            opening,
            receipts,
            demand,
            unmet,
            closing: stock,
        });
    }
    let horizon_end = day(forecast.start, daily.len());
    let first_stockout = first.map(|date| {
        let next_inbound = inbound
            .iter()
            .filter(|i| i.arrives_on > date && i.quantity > Decimal::ZERO)
            .map(|i| i.arrives_on)
            .min();
        let until = next_inbound.unwrap_or(horizon_end);
        StockOut {
            date,
            next_inbound,
            uncovered_days: u32::try_from((until - date).num_days()).unwrap_or(0),
        }
    });
    Ok(Projection {
        days,
        first_stockout,
        total_unmet,
    })
}

/// The date `offset` days after `start` (the calendar ends in 262143 CE, far past any
/// horizon; saturate there rather than fail).
pub(crate) fn day(start: NaiveDate, offset: usize) -> NaiveDate {
    start
        .checked_add_days(Days::new(offset as u64))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn days_of_supply_walks_a_rising_forecast_instead_of_dividing_by_the_average() {
        // Weekly forecast 70, 140, 280: 200 units cover week 1 (70) and 130 of week 2's
        // 140, i.e. 7 + 6.5 days.
        let f = DemandForecast {
            start: date(3, 2),
            period_days: 7,
            means: vec![70.0, 140.0, 280.0],
        };
        let dos = days_of_supply(dec!(200), &f).unwrap();
        assert!((dos.days - 13.5).abs() < 1e-12);
        assert!(!dos.beyond_horizon);
        // Stock / average daily demand would say 200 / (490/21) ≈ 8.6 days.
    }

    #[test]
    fn stock_that_outlasts_the_forecast_reports_the_horizon() {
        let f = DemandForecast::daily(date(1, 1), vec![1.0; 10]);
        let dos = days_of_supply(dec!(50), &f).unwrap();
        assert_eq!(dos.days, 10.0);
        assert!(dos.beyond_horizon);
    }

    #[test]
    fn zero_demand_periods_count_in_full() {
        let f = DemandForecast::daily(date(1, 1), vec![0.0, 0.0, 4.0, 4.0]);
        assert_eq!(days_of_supply(dec!(6), &f).unwrap().days, 3.5);
    }

    #[test]
    fn projection_finds_the_first_stockout_and_the_gap_to_the_next_inbound() {
        // 10 a day from 1 Mar, 105 on hand: day 11 (11 Mar) is the first short day.
        let f = DemandForecast::daily(date(3, 1), vec![10.0; 31]);
        let inbound = [Inbound {
            arrives_on: date(3, 20),
            quantity: dec!(500),
        }];
        let p = project_stock(dec!(105), &inbound, &f).unwrap();
        let so = p.first_stockout.unwrap();
        assert_eq!(so.date, date(3, 11));
        assert_eq!(so.next_inbound, Some(date(3, 20)));
        assert_eq!(so.uncovered_days, 9);
        // 5 short on 11 Mar and 10 a day for 12–19 Mar.
        assert!((p.total_unmet - 85.0).abs() < 1e-9);
        let day20 = p.days.iter().find(|d| d.date == date(3, 20)).unwrap();
        assert_eq!(
            (day20.opening, day20.receipts, day20.closing),
            (0.0, 500.0, 490.0)
        );
        assert!(p.days.iter().all(|d| d.closing >= 0.0));
    }

    #[test]
    fn overdue_inbound_counts_on_the_first_day() {
        let f = DemandForecast::daily(date(3, 1), vec![5.0; 3]);
        let late = [Inbound {
            arrives_on: date(2, 20),
            quantity: dec!(20),
        }];
        let p = project_stock(dec!(0), &late, &f).unwrap();
        assert_eq!(p.days[0].receipts, 20.0);
        assert!(p.first_stockout.is_none());
    }

    #[test]
    fn a_stockout_with_no_inbound_runs_to_the_end_of_the_horizon() {
        let f = DemandForecast {
            start: date(3, 1),
            period_days: 7,
            means: vec![70.0, 70.0],
        };
        let p = project_stock(dec!(30), &[], &f).unwrap();
        let so = p.first_stockout.unwrap();
        assert_eq!(so.date, date(3, 4));
        assert_eq!(so.next_inbound, None);
        assert_eq!(so.uncovered_days, 11);
    }
}
