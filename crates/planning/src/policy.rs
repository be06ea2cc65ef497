//! Safety stock and reorder point per item, from the forecast over the lead time.
//!
//! Lead-time demand is built from the per-period forecast (so a peak that falls inside
//! the lead time raises the reorder point) and from the spread of the forecast's own
//! backtest errors, not from a flat percentage of demand: a well-forecast item needs
//! less buffer than a badly forecast one with the same volume. Lead-time variability
//! adds `μ_d² σ_L²` (Chopra & Meindl, ch. 12):
//!
//! `σ_LTD² = L σ_d² + μ_d² σ_L²`
//!
//! where `L` and `σ_L` are the lead time and its standard deviation in periods, `σ_d` is
//! the forecast error standard deviation per period and `μ_d` the mean demand per period
//! over the lead time.
//!
//! Fast movers use the normal distribution. Slow or intermittent items (small mean
//! lead-time demand, or flagged intermittent) use a discrete distribution, because a
//! normal with mean 2 puts real probability on negative demand and gives fractional
//! reorder points: Poisson when the variance does not exceed the mean, negative binomial
//! (which allows over-dispersion) when it does. The discrete reorder point is the
//! smallest whole number of units that reaches the target.

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use statrs::distribution::{DiscreteCDF, NegativeBinomial, Poisson};

use crate::error::{non_negative, probability, PlanningError};
use crate::service::{self, positive_quantity};

/// Mean and spread of demand over the replenishment lead time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LeadTimeDemand {
    /// Expected demand over the lead time (μ_LTD), in units.
    pub mean: f64,
    /// Standard deviation of lead-time demand (σ_LTD), in units.
    pub sd: f64,
    /// Mean demand per period over the lead time (μ_d), the rate that lead-time
    /// variability multiplies.
    pub mean_per_period: f64,
}

/// Demand over a lead time of `lead_time` periods (fractions allowed), with standard
/// deviation `lead_time_sd` periods, given the per-period forecast means starting with
/// the period in which the order is placed and the standard deviation of the forecast's
/// backtest errors per period.
///
/// The mean is the sum of the forecast over the lead time (the last period pro rata).
/// The variance is `L σ_d² + μ_d² σ_L²` with `μ_d` the average per-period demand over
/// that window. Negative forecast values count as zero demand.
pub fn lead_time_demand(
    forecast: &[f64],
    forecast_error_sd: f64,
    lead_time: f64,
    lead_time_sd: f64,
) -> Result<LeadTimeDemand, PlanningError> {
    let sd_d = non_negative("forecast error standard deviation", forecast_error_sd)?;
    let l = non_negative("lead time", lead_time)?;
    let sd_l = non_negative("lead time standard deviation", lead_time_sd)?;
    let mut demand = Vec::with_capacity(forecast.len());
    for &m in forecast {
        if !m.is_finite() {
            return Err(PlanningError::InvalidQuantity {
                name: "forecast demand",
                value: m.to_string(),
            });
        }
        demand.push(m.max(0.0));
    }
    let needed = (l.ceil() as usize).max(1);
    if demand.len() < needed {
        return Err(PlanningError::ForecastTooShort {
            needed,
            available: demand.len(),
        });
    }
    let whole = l.floor() as usize;
    let mut mean: f64 = demand[..whole].iter().sum();
    let part = l - l.floor();
    if part > 0.0 {
        mean += part * demand[whole];
    }
    // With no lead time there is no window to average over; the rate of the current
    // period is what an uncertain lead time would expose.
    let mean_per_period = if l > 0.0 { mean / l } else { demand[0] };
    let variance = l * sd_d * sd_d + mean_per_period * mean_per_period * sd_l * sd_l;
    Ok(LeadTimeDemand {
        mean,
        sd: variance.sqrt(),
        mean_per_period,
    })
}

/// Which service target an item is planned to. See [`crate::service`] for the
/// difference.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "camelCase")]
pub enum ServiceTarget {
    /// Probability of no stock-out in a replenishment cycle, e.g. 0.98.
    CycleServiceLevel(f64),
    /// Share of demand met from stock, e.g. 0.995. Needs the order quantity.
    FillRate(f64),
}

impl ServiceTarget {
    /// The target probability, whichever kind it is.
    pub fn value(self) -> f64 {
        match self {
            ServiceTarget::CycleServiceLevel(v) | ServiceTarget::FillRate(v) => v,
        }
    }
}

/// Everything the reorder-point calculation needs for one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemDemand {
    /// Forecast mean demand per period, starting with the period the order is placed
    /// in; it must cover the lead time.
    pub forecast: Vec<f64>,
    /// Standard deviation of the forecast's backtest errors, per period, in units.
    pub forecast_error_sd: f64,
    /// Replenishment lead time, in periods.
    pub lead_time: f64,
    /// Standard deviation of the lead time, in periods (0 when it is reliable).
    pub lead_time_sd: f64,
    /// Order quantity, in units: required for a fill-rate target, and used to report
    /// the achieved fill rate under a CSL target.
    pub order_quantity: Option<f64>,
    /// Demand arrives in occasional lumps (many zero periods); plan it with a discrete
    /// distribution whatever its volume.
    pub intermittent: bool,
}

/// When to switch from the normal to a discrete distribution.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PolicyConfig {
    /// Items whose mean lead-time demand is below this many units are planned with a
    /// discrete distribution. Default 10: below that a normal approximation puts visible
    /// probability on negative demand.
    pub discrete_below_mean: f64,
}

impl Default for PolicyConfig {
    fn default() -> Self {
        PolicyConfig {
            discrete_below_mean: 10.0,
        }
    }
}

/// The distribution used for an item's lead-time demand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum DemandModel {
    /// Normal with the lead-time mean and standard deviation (fast movers).
    Normal,
    /// Poisson with the lead-time mean (slow movers whose variance does not exceed the
    /// mean).
    Poisson {
        /// Mean lead-time demand.
        mean: f64,
    },
    /// Negative binomial matched to the lead-time mean and variance (slow movers with
    /// variance above the mean): number of failures before `r` successes of
    /// probability `p`.
    NegativeBinomial {
        /// Shape, `μ² / (σ² − μ)`.
        r: f64,
        /// Success probability, `μ / σ²`.
        p: f64,
    },
}

/// Safety stock, reorder point and the service they deliver, for one item.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ReorderPolicy {
    /// Lead-time demand the policy covers.
    pub demand: LeadTimeDemand,
    /// Distribution used.
    pub model: DemandModel,
    /// Safety stock in units: reorder point less mean lead-time demand, never negative.
    pub safety_stock: f64,
    /// Reorder point in units (a whole number for discrete models).
    pub reorder_point: f64,
    /// Cycle service level the reorder point achieves.
    pub cycle_service_level: f64,
    /// Expected shortage per replenishment cycle at this reorder point, in units.
    pub expected_shortage_per_cycle: f64,
    /// Fill rate achieved with the item's order quantity, when it is known.
    pub fill_rate: Option<f64>,
}

impl ReorderPolicy {
    /// The reorder point in whole units, rounded up: stocking the fraction short of the
    /// next unit would miss the target.
    pub fn reorder_point_units(&self) -> Decimal {
        whole_units_up(self.reorder_point)
    }

    /// The safety stock in whole units, rounded up like the reorder point.
    pub fn safety_stock_units(&self) -> Decimal {
        whole_units_up(self.safety_stock)
    }
}

/// An `f64` unit quantity as a whole number of units in `Decimal`, rounded up. A margin
/// of 1e-9 absorbs floating-point noise, so that 6000.000000000001 stays 6000.
pub fn whole_units_up(units: f64) -> Decimal {
    if !units.is_finite() || units <= 0.0 {
        return Decimal::ZERO;
    }
    Decimal::from_f64((units - 1e-9).ceil().max(0.0)).unwrap_or(Decimal::MAX)
}

/// Safety stock and reorder point for one item and target.
///
/// Higher targets never give lower safety stock: the distribution is chosen from the
/// demand alone, and each target is met by the smallest stock that reaches it.
pub fn reorder_policy(
    item: &ItemDemand,
    target: ServiceTarget,
    config: &PolicyConfig,
) -> Result<ReorderPolicy, PlanningError> {
    let level = match target {
        ServiceTarget::CycleServiceLevel(v) => probability("cycle service level", v)?,
        ServiceTarget::FillRate(v) => probability("fill rate", v)?,
    };
    let q = match item.order_quantity {
        Some(q) => Some(positive_quantity("order quantity", q)?),
        None => None,
    };
    if matches!(target, ServiceTarget::FillRate(_)) && q.is_none() {
        return Err(PlanningError::OrderQuantityRequired);
    }
    let demand = lead_time_demand(
        &item.forecast,
        item.forecast_error_sd,
        item.lead_time,
        item.lead_time_sd,
    )?;
    let discrete = item.intermittent || demand.mean < config.discrete_below_mean;
    if discrete {
        Ok(discrete_policy(demand, target, level, q))
    } else {
        normal_policy(demand, target, level, q)
    }
}

fn normal_policy(
    demand: LeadTimeDemand,
    target: ServiceTarget,
    level: f64,
    q: Option<f64>,
) -> Result<ReorderPolicy, PlanningError> {
    let safety_stock = match target {
        ServiceTarget::CycleServiceLevel(_) => service::safety_stock_for_csl(level, demand.sd)?,
        ServiceTarget::FillRate(_) => {
            // Checked by the caller: a fill-rate target always has a quantity.
            let q = q.ok_or(PlanningError::OrderQuantityRequired)?;
            service::safety_stock_for_fill_rate(level, q, demand.sd)?
        }
    };
    let reorder_point = demand.mean + safety_stock;
    let esc = service::expected_shortage_per_cycle(reorder_point, demand.mean, demand.sd)?;
    Ok(ReorderPolicy {
        demand,
        model: DemandModel::Normal,
        safety_stock,
        reorder_point,
        cycle_service_level: service::csl_for_reorder_point(reorder_point, demand.mean, demand.sd)?,
        expected_shortage_per_cycle: esc,
        fill_rate: q.map(|q| (1.0 - esc / q).clamp(0.0, 1.0)),
    })
}

/// A discrete lead-time-demand distribution: its CDF and survival function on whole
/// units.
enum Discrete {
    /// All mass at zero (no demand expected).
    Zero,
    Poisson(Poisson),
    NegativeBinomial(NegativeBinomial),
}

impl Discrete {
    fn cdf(&self, k: u64) -> f64 {
        match self {
            Discrete::Zero => 1.0,
            Discrete::Poisson(d) => d.cdf(k),
            Discrete::NegativeBinomial(d) => d.cdf(k),
        }
    }
}

/// Picks Poisson or negative binomial from the lead-time mean and variance.
fn discrete_model(demand: &LeadTimeDemand) -> (DemandModel, Discrete) {
    let mean = demand.mean;
    let var = demand.sd * demand.sd;
    if mean <= 0.0 {
        return (DemandModel::Poisson { mean: 0.0 }, Discrete::Zero);
    }
    // The relative margin keeps Poisson when the variance equals the mean up to
    // floating-point noise (σ is stored as a square root).
    if var > mean * (1.0 + 1e-9) {
        let p = mean / var;
        let r = mean * mean / (var - mean);
        if let Ok(d) = NegativeBinomial::new(r, p) {
            return (
                DemandModel::NegativeBinomial { r, p },
                Discrete::NegativeBinomial(d),
            );
        }
    }
    match Poisson::new(mean) {
        Ok(d) => (DemandModel::Poisson { mean }, Discrete::Poisson(d)),
        Err(_) => (DemandModel::Poisson { mean: 0.0 }, Discrete::Zero),
    }
}

fn discrete_policy(
    demand: LeadTimeDemand,
    target: ServiceTarget,
    level: f64,
    q: Option<f64>,
) -> ReorderPolicy {
    let (model, dist) = discrete_model(&demand);
    // The search stops here at the latest: 50 standard deviations above the mean is
    // beyond any service level an f64 can tell from 1.
    let cap = (demand.mean + 50.0 * demand.sd + 100.0).ceil() as u64;
    // Walk up from zero units. `shortfall` is E[(X − k)⁺] = μ − Σ_{j<k} P(X > j), the
    // expected units short per cycle with reorder point k.
    let mut k: u64 = 0;
    let mut shortfall = demand.mean;
    loop {
        let cdf = dist.cdf(k);
        let met = match target {
            ServiceTarget::CycleServiceLevel(_) => cdf >= level,
            ServiceTarget::FillRate(_) => q.is_some_and(|q| 1.0 - shortfall.max(0.0) / q >= level),
        };
        if met || k >= cap {
            let reorder_point = k as f64;
            let esc = shortfall.max(0.0);
            return ReorderPolicy {
                demand,
                model,
                safety_stock: (reorder_point - demand.mean).max(0.0),
                reorder_point,
                cycle_service_level: cdf,
                expected_shortage_per_cycle: esc,
                fill_rate: q.map(|q| (1.0 - esc / q).clamp(0.0, 1.0)),
            };
        }
        shortfall -= 1.0 - cdf;
        k += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(forecast: Vec<f64>, sd: f64, lead_time: f64) -> ItemDemand {
        ItemDemand {
            forecast,
            forecast_error_sd: sd,
            lead_time,
            lead_time_sd: 0.0,
            order_quantity: None,
            intermittent: false,
        }
    }

    #[test]
    fn lead_time_demand_follows_the_forecast_not_its_average() {
        // A peak inside the two-period lead time counts in full; the later lull does not.
        let d = lead_time_demand(&[100.0, 300.0, 10.0, 10.0], 20.0, 2.0, 0.0).unwrap();
        assert_eq!(d.mean, 400.0);
        assert!((d.sd - (2.0_f64).sqrt() * 20.0).abs() < 1e-9);
    }

    #[test]
    fn fractional_lead_time_takes_its_last_period_pro_rata() {
        let d = lead_time_demand(&[10.0, 20.0, 40.0], 0.0, 2.5, 0.0).unwrap();
        assert!((d.mean - 50.0).abs() < 1e-12);
        assert!((d.mean_per_period - 20.0).abs() < 1e-12);
    }

    #[test]
    fn a_forecast_shorter_than_the_lead_time_is_an_error() {
        let err = lead_time_demand(&[5.0, 5.0], 1.0, 2.2, 0.0).unwrap_err();
        assert_eq!(
            err,
            PlanningError::ForecastTooShort {
                needed: 3,
                available: 2
            }
        );
    }

    #[test]
    fn slow_movers_get_a_whole_unit_poisson_reorder_point() {
        // Mean 3 over the lead time, variance 3: Poisson(3). P(X ≤ 5) = 0.9161,
        // P(X ≤ 6) = 0.9665, so the smallest ROP reaching 95 % is 6.
        let it = item(vec![1.0, 1.0, 1.0], 1.0, 3.0);
        let p = reorder_policy(
            &it,
            ServiceTarget::CycleServiceLevel(0.95),
            &PolicyConfig::default(),
        )
        .unwrap();
        assert_eq!(p.model, DemandModel::Poisson { mean: 3.0 });
        assert_eq!(p.reorder_point, 6.0);
        assert!((p.cycle_service_level - 0.9665).abs() < 5e-4);
        assert_eq!(p.safety_stock, 3.0);
    }

    #[test]
    fn over_dispersed_slow_movers_use_the_negative_binomial_and_need_more_stock() {
        let poisson = item(vec![1.0, 1.0, 1.0], 1.0, 3.0);
        let lumpy = item(vec![1.0, 1.0, 1.0], 3.0, 3.0);
        let cfg = PolicyConfig::default();
        let target = ServiceTarget::CycleServiceLevel(0.95);
        let a = reorder_policy(&poisson, target, &cfg).unwrap();
        let b = reorder_policy(&lumpy, target, &cfg).unwrap();
        // Variance 27 against mean 3: p = 3/27, r = 9/24.
        match b.model {
            DemandModel::NegativeBinomial { r, p } => {
                assert!((p - 3.0 / 27.0).abs() < 1e-12);
                assert!((r - 9.0 / 24.0).abs() < 1e-12);
            }
            other => panic!("expected a negative binomial, got {other:?}"),
        }
        assert!(b.reorder_point > a.reorder_point);
        assert!(b.cycle_service_level >= 0.95);
    }

    #[test]
    fn the_intermittent_flag_forces_a_discrete_model_for_large_volumes() {
        let mut it = item(vec![40.0, 40.0], 10.0, 2.0);
        it.intermittent = true;
        let p = reorder_policy(
            &it,
            ServiceTarget::CycleServiceLevel(0.9),
            &PolicyConfig::default(),
        )
        .unwrap();
        assert_ne!(p.model, DemandModel::Normal);
        assert_eq!(p.reorder_point.fract(), 0.0);
    }

    #[test]
    fn discrete_fill_rate_target_is_met_with_the_smallest_whole_reorder_point() {
        // Mean 4, variance 2 × 1.5² = 4.5: negative binomial.
        let mut it = item(vec![2.0, 2.0], 1.5, 2.0);
        it.order_quantity = Some(5.0);
        let p =
            reorder_policy(&it, ServiceTarget::FillRate(0.97), &PolicyConfig::default()).unwrap();
        assert!(p.fill_rate.unwrap() >= 0.97);
        assert_eq!(p.reorder_point.fract(), 0.0);
        let DemandModel::NegativeBinomial { r, p: prob } = p.model else {
            panic!("expected a negative binomial, got {:?}", p.model);
        };
        // E[(X − k)⁺] summed independently from the pmf: one unit below the reorder
        // point must miss the target.
        let nb = NegativeBinomial::new(r, prob).unwrap();
        let k = p.reorder_point as u64 - 1;
        let esc: f64 = (k + 1..2_000)
            .map(|x| (x - k) as f64 * statrs::distribution::Discrete::pmf(&nb, x))
            .sum();
        assert!(1.0 - esc / 5.0 < 0.97, "k = {k} already meets the target");
        assert!(
            (p.expected_shortage_per_cycle
                - (k + 2..2_000)
                    .map(|x| (x - k - 1) as f64 * statrs::distribution::Discrete::pmf(&nb, x))
                    .sum::<f64>())
            .abs()
                < 1e-9
        );
    }

    #[test]
    fn zero_demand_needs_no_stock() {
        let it = item(vec![0.0, 0.0], 0.0, 2.0);
        let p = reorder_policy(
            &it,
            ServiceTarget::CycleServiceLevel(0.99),
            &PolicyConfig::default(),
        )
        .unwrap();
        assert_eq!((p.reorder_point, p.safety_stock), (0.0, 0.0));
        assert_eq!(p.cycle_service_level, 1.0);
    }

    #[test]
    fn fill_rate_target_without_an_order_quantity_is_an_error() {
        let it = item(vec![100.0; 4], 10.0, 2.0);
        assert_eq!(
            reorder_policy(&it, ServiceTarget::FillRate(0.99), &PolicyConfig::default()),
            Err(PlanningError::OrderQuantityRequired)
        );
    }

    #[test]
    fn whole_units_round_up_but_ignore_float_noise() {
        assert_eq!(whole_units_up(6000.000000000001), Decimal::from(6000));
        assert_eq!(whole_units_up(12.2), Decimal::from(13));
        assert_eq!(whole_units_up(-3.0), Decimal::ZERO);
    }
}
