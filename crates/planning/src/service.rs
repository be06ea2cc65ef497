//! Service-level arithmetic for normally distributed lead-time demand.
//!
//! Planners use two different targets, and the same stock gives different numbers for
//! each, so every function here says which one it is about:
//!
//! - **Cycle service level (CSL)**: the probability that a replenishment cycle ends
//!   without a stock-out, `P(lead-time demand ≤ reorder point)`. It ignores how big a
//!   shortage is.
//! - **Fill rate**: the share of demand served from stock,
//!   `1 − expected shortage per cycle / order quantity`. It depends on the order
//!   quantity: large orders mean few cycles, so few chances to run short.
//!
//! The formulas follow Chopra & Meindl, *Supply Chain Management*, ch. 12 ("Managing
//! uncertainty in a supply chain: safety inventory"): `SS = F⁻¹(CSL) × σ_L`,
//! `CSL = F(ROP; μ_L, σ_L)`, `ESC = −SS (1 − F_s(SS/σ_L)) + σ_L f_s(SS/σ_L)` and
//! `fill rate = 1 − ESC / Q`.

use statrs::distribution::{Continuous, ContinuousCDF, Normal};

use crate::error::{non_negative, probability, PlanningError};

/// The standard normal distribution, built once per call (it is two floats).
fn standard_normal() -> Normal {
    // Mean 0 and standard deviation 1 are valid parameters, so this cannot fail.
    Normal::standard()
}

/// The safety factor `z` for a cycle service level: the standard normal quantile.
///
/// The domain brief's table (99 % → 2.33, 98 % → 2.05, 95 % → 1.65) is this function
/// rounded to two decimals; the exact quantile is used so that e.g. 98 % gives 2.054.
pub fn safety_factor(cycle_service_level: f64) -> Result<f64, PlanningError> {
    let csl = probability("cycle service level", cycle_service_level)?;
    Ok(standard_normal().inverse_cdf(csl))
}

/// Safety stock that achieves a target **cycle service level** when lead-time demand
/// is normal with standard deviation `sd_lead_time_demand`: `max(0, z × σ_L)`.
///
/// Targets below 50 % have a negative `z`, i.e. a plan to run out more often than not;
/// safety stock is floored at zero so that it is never a negative quantity.
pub fn safety_stock_for_csl(
    cycle_service_level: f64,
    sd_lead_time_demand: f64,
) -> Result<f64, PlanningError> {
    let sd = checked_sd(sd_lead_time_demand)?;
    let z = safety_factor(cycle_service_level)?;
    Ok((z * sd).max(0.0))
}

/// The **cycle service level** a reorder point achieves:
/// `P(lead-time demand ≤ ROP) = Φ((ROP − μ_L) / σ_L)`.
///
/// This is `1 −` the domain brief's "stock-out risk". With no variability the answer is
/// 1 when the reorder point covers the mean and 0 when it does not.
pub fn csl_for_reorder_point(
    reorder_point: f64,
    mean_lead_time_demand: f64,
    sd_lead_time_demand: f64,
) -> Result<f64, PlanningError> {
    let sd = checked_spread(reorder_point, mean_lead_time_demand, sd_lead_time_demand)?;
    if sd == 0.0 {
        return Ok(if reorder_point >= mean_lead_time_demand {
            1.0
        } else {
            0.0
        });
    }
    Ok(standard_normal().cdf((reorder_point - mean_lead_time_demand) / sd))
}

fn checked_sd(sd_lead_time_demand: f64) -> Result<f64, PlanningError> {
    non_negative(
        "standard deviation of lead-time demand",
        sd_lead_time_demand,
    )
}

/// Checks a reorder point against normal lead-time demand and returns the (valid) standard
/// deviation.
fn checked_spread(
    reorder_point: f64,
    mean_lead_time_demand: f64,
    sd_lead_time_demand: f64,
) -> Result<f64, PlanningError> {
    let sd = checked_sd(sd_lead_time_demand)?;
    if !reorder_point.is_finite() || !mean_lead_time_demand.is_finite() {
        return Err(PlanningError::InvalidQuantity {
            name: "reorder point or mean lead-time demand",
            value: format!("{reorder_point} / {mean_lead_time_demand}"),
        });
    }
    Ok(sd)
}

/// The standard normal loss function `G(z) = φ(z) − z (1 − Φ(z))`: the expected amount
/// by which a standard normal variable exceeds `z`.
///
/// `1 − Φ(z)` is taken from the survival function rather than by subtraction, so that
/// the result keeps its precision for large `z` (high service levels), where both terms
/// are tiny.
pub fn standard_normal_loss(z: f64) -> f64 {
    let n = standard_normal();
    (n.pdf(z) - z * n.sf(z)).max(0.0)
}

/// Expected shortage per replenishment cycle (ESC, in units) when lead-time demand is
/// normal and the order is placed at `reorder_point`: `σ_L × G((ROP − μ_L) / σ_L)`.
pub fn expected_shortage_per_cycle(
    reorder_point: f64,
    mean_lead_time_demand: f64,
    sd_lead_time_demand: f64,
) -> Result<f64, PlanningError> {
    let sd = checked_spread(reorder_point, mean_lead_time_demand, sd_lead_time_demand)?;
    if sd == 0.0 {
        return Ok((mean_lead_time_demand - reorder_point).max(0.0));
    }
    Ok(sd * standard_normal_loss((reorder_point - mean_lead_time_demand) / sd))
}

/// The **fill rate** (share of demand met from stock) of ordering `order_quantity` at
/// `reorder_point`: `1 − ESC / Q`, kept within [0, 1].
pub fn fill_rate(
    reorder_point: f64,
    order_quantity: f64,
    mean_lead_time_demand: f64,
    sd_lead_time_demand: f64,
) -> Result<f64, PlanningError> {
    let q = positive_quantity("order quantity", order_quantity)?;
    let esc =
        expected_shortage_per_cycle(reorder_point, mean_lead_time_demand, sd_lead_time_demand)?;
    Ok((1.0 - esc / q).clamp(0.0, 1.0))
}

/// Upper end of the safety-factor search for a fill-rate target. At z = 40 the normal
/// loss is below 1e-300, so every representable target below 1 is met by then.
const MAX_SAFETY_FACTOR: f64 = 40.0;

/// Bisection steps: the bracket [0, 40σ] halves each time, so 200 steps reach the
/// limit of `f64` precision for any σ.
const BISECTION_STEPS: u32 = 200;

/// Smallest safety stock that reaches a target **fill rate** with order quantity
/// `order_quantity` and normal lead-time demand, found by bisection (the fill rate rises
/// steadily with safety stock, so the root is unique).
///
/// Returns 0 when the fill rate with no safety stock already meets the target (large
/// orders relative to the demand uncertainty). The search uses the same bracket and
/// number of steps for every target, so a higher target never gives a lower answer,
/// even in the last bit.
pub fn safety_stock_for_fill_rate(
    target_fill_rate: f64,
    order_quantity: f64,
    sd_lead_time_demand: f64,
) -> Result<f64, PlanningError> {
    let target = probability("fill rate", target_fill_rate)?;
    let q = positive_quantity("order quantity", order_quantity)?;
    let sd = checked_sd(sd_lead_time_demand)?;
    if sd == 0.0 {
        return Ok(0.0);
    }
    // Fill rate as a function of safety stock; the mean cancels out, so use 0.
    let meets = |ss: f64| 1.0 - sd * standard_normal_loss(ss / sd) / q >= target;
    if meets(0.0) {
        return Ok(0.0);
    }
    let (mut lo, mut hi) = (0.0_f64, MAX_SAFETY_FACTOR * sd);
    for _ in 0..BISECTION_STEPS {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if meets(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

/// Checks that an `f64` is finite and strictly positive.
pub(crate) fn positive_quantity(name: &'static str, value: f64) -> Result<f64, PlanningError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(PlanningError::NotPositive {
            name,
            value: value.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safety_factor_matches_the_z_table_to_two_decimals() {
        for (csl, z) in [(0.99, 2.33), (0.98, 2.05), (0.95, 1.64), (0.90, 1.28)] {
            let got = safety_factor(csl).unwrap();
            assert!((got - z).abs() < 0.01, "z({csl}) = {got}, table {z}");
        }
    }

    #[test]
    fn standard_normal_loss_at_zero_is_the_density_at_zero() {
        // G(0) = φ(0) = 1/√(2π).
        let expected = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
        assert!((standard_normal_loss(0.0) - expected).abs() < 1e-12);
    }

    #[test]
    fn no_variability_gives_certain_service_at_the_mean() {
        assert_eq!(csl_for_reorder_point(100.0, 100.0, 0.0).unwrap(), 1.0);
        assert_eq!(csl_for_reorder_point(99.0, 100.0, 0.0).unwrap(), 0.0);
        assert_eq!(expected_shortage_per_cycle(90.0, 100.0, 0.0).unwrap(), 10.0);
        assert_eq!(safety_stock_for_fill_rate(0.99, 50.0, 0.0).unwrap(), 0.0);
    }

    #[test]
    fn service_levels_outside_the_open_unit_interval_are_rejected() {
        assert!(safety_stock_for_csl(1.0, 10.0).is_err());
        assert!(safety_stock_for_csl(0.0, 10.0).is_err());
        assert!(safety_stock_for_fill_rate(f64::NAN, 10.0, 1.0).is_err());
        assert!(fill_rate(10.0, 0.0, 5.0, 1.0).is_err());
    }

    #[test]
    fn low_csl_targets_floor_safety_stock_at_zero() {
        assert_eq!(safety_stock_for_csl(0.3, 100.0).unwrap(), 0.0);
    }

    #[test]
    fn large_orders_need_no_safety_stock_for_a_modest_fill_rate() {
        // ESC with no safety stock is σ φ(0) ≈ 0.399 σ = 39.9; with Q = 10,000 the fill
        // rate is already 0.996.
        assert_eq!(
            safety_stock_for_fill_rate(0.99, 10_000.0, 100.0).unwrap(),
            0.0
        );
    }

    #[test]
    fn fill_rate_target_is_met_by_the_returned_safety_stock_and_missed_just_below() {
        let (sd, q) = (300.0, 1_000.0);
        let ss = safety_stock_for_fill_rate(0.995, q, sd).unwrap();
        assert!(fill_rate(1_000.0 + ss, q, 1_000.0, sd).unwrap() >= 0.995);
        assert!(fill_rate(1_000.0 + ss - 0.01, q, 1_000.0, sd).unwrap() < 0.995);
    }
}
