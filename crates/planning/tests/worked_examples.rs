//! Published worked examples, checked to the precision the source prints.
//!
//! Chopra & Meindl, *Supply Chain Management: Strategy, Planning, and Operation*, 6th ed.:
//! ch. 11 (cycle inventory, EOQ) and ch. 12 (safety inventory). The book computes with
//! σ_L rounded to 707 and reports units to the nearest whole unit and probabilities to
//! four decimals; each test states its tolerance.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sentia_planning::{
    csl_for_reorder_point, eoq, expected_shortage_per_cycle, fill_rate, lead_time_demand,
    reorder_policy, safety_stock_for_csl, safety_stock_for_fill_rate, ItemDemand, PolicyConfig,
    ServiceTarget,
};

/// Weekly demand 2,500, σ 500 per week, lead time 2 weeks, as lead-time demand built
/// from a per-week forecast (so the test also exercises `lead_time_demand`).
fn lego_lead_time_demand() -> (f64, f64) {
    let d = lead_time_demand(&[2_500.0, 2_500.0], 500.0, 2.0, 0.0).unwrap();
    (d.mean, d.sd)
}

fn assert_close(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, expected {want} ± {tol}"
    );
}

/// Chopra & Meindl ch. 12, CSL of a given policy: weekly demand 2,500, σ 500, lead time
/// 2 weeks, reorder point 6,000 → μ_L 5,000, σ_L = √2 × 500 = 707, safety stock 1,000,
/// CSL = NORMDIST(6,000; 5,000; 707) = 0.9214 (asserted ± 0.0005).
#[test]
fn chopra_meindl_reorder_point_6000_gives_csl_0_9214() {
    let (mean, sd) = lego_lead_time_demand();
    assert_close(mean, 5_000.0, 1e-9, "mean lead-time demand");
    assert_close(sd, 707.1, 0.05, "σ_L");
    assert_close(6_000.0 - mean, 1_000.0, 1e-9, "safety stock");
    assert_close(
        csl_for_reorder_point(6_000.0, mean, sd).unwrap(),
        0.9214,
        0.0005,
        "CSL",
    );
}

/// Chopra & Meindl ch. 12, fill rate of a given policy: same item, order quantity
/// 10,000 → ESC = 25.13 units (asserted ± 0.05), fill rate 1 − 25.13 / 10,000 = 0.9975
/// (asserted ± 0.0005).
#[test]
fn chopra_meindl_order_quantity_10000_gives_fill_rate_0_9975() {
    let (mean, sd) = lego_lead_time_demand();
    assert_close(
        expected_shortage_per_cycle(6_000.0, mean, sd).unwrap(),
        25.13,
        0.05,
        "ESC",
    );
    assert_close(
        fill_rate(6_000.0, 10_000.0, mean, sd).unwrap(),
        0.9975,
        0.0005,
        "fill rate",
    );
}

/// Chopra & Meindl ch. 12, safety stock for a target CSL: same item, CSL 0.90 →
/// SS = NORMSINV(0.90) × 707 = 906 (asserted to the whole unit, ± 0.5).
#[test]
fn chopra_meindl_csl_90_percent_needs_safety_stock_906() {
    let (_, sd) = lego_lead_time_demand();
    assert_close(safety_stock_for_csl(0.90, sd).unwrap(), 906.0, 0.5, "SS");
}

/// Chopra & Meindl ch. 12, safety stock for a target fill rate and the table of fill
/// rate against safety stock: Q 10,000, σ_L 707 → fill rate 0.975 needs 67, 0.980 183,
/// 0.985 321, 0.990 499, 0.995 767 units (the book rounds; asserted ± 1 unit, because
/// it solves with σ_L rounded to 707).
#[test]
fn chopra_meindl_fill_rate_targets_need_the_tabulated_safety_stock() {
    let (_, sd) = lego_lead_time_demand();
    for (target, book) in [
        (0.975, 67.0),
        (0.980, 183.0),
        (0.985, 321.0),
        (0.990, 499.0),
        (0.995, 767.0),
    ] {
        let ss = safety_stock_for_fill_rate(target, 10_000.0, sd).unwrap();
        assert_close(ss, book, 1.0, &format!("SS for fill rate {target}"));
    }
}

/// Chopra & Meindl ch. 12, lead-time uncertainty: daily demand 2,500, σ_D 500, lead time
/// 7 days with s_L 7 days, CSL 0.90 → σ_L = √(7 × 500² + 2,500² × 7²) = 17,550 and
/// SS = NORMSINV(0.90) × 17,550 = 22,491 (both asserted to the whole unit, ± 1). The same
/// table lists s_L 6 → 15,058 / 19,298, s_L 3 → 7,616 / 9,760 and s_L 0 → 1,323 / 1,695.
#[test]
fn chopra_meindl_lead_time_variability_raises_safety_stock_to_22491() {
    let item = ItemDemand {
        forecast: vec![2_500.0; 7],
        forecast_error_sd: 500.0,
        lead_time: 7.0,
        lead_time_sd: 7.0,
        order_quantity: None,
        intermittent: false,
    };
    let p = reorder_policy(
        &item,
        ServiceTarget::CycleServiceLevel(0.90),
        &PolicyConfig::default(),
    )
    .unwrap();
    assert_close(p.demand.mean, 17_500.0, 1e-9, "mean lead-time demand");
    assert_close(p.demand.sd, 17_550.0, 1.0, "σ_L");
    assert_close(p.safety_stock, 22_491.0, 1.0, "SS");
    assert_close(p.reorder_point, 17_500.0 + 22_491.0, 1.0, "ROP");

    for (s_l, sigma, ss) in [
        (6.0, 15_058.0, 19_298.0),
        (3.0, 7_616.0, 9_760.0),
        (0.0, 1_323.0, 1_695.0),
    ] {
        let d = lead_time_demand(&[2_500.0; 7], 500.0, 7.0, s_l).unwrap();
        assert_close(d.sd, sigma, 1.0, &format!("σ_L at s_L {s_l}"));
        assert_close(
            safety_stock_for_csl(0.90, d.sd).unwrap(),
            ss,
            1.0,
            &format!("SS at s_L {s_l}"),
        );
    }
}

/// Textbook EOQ case: D 1,000 units a year, S 150 per order, H 2.50 per unit per year →
/// √(2 × 1,000 × 150 / 2.5) = √120,000 = 346.41 (asserted to 0.01).
#[test]
fn eoq_of_1000_a_year_at_150_per_order_and_2_50_holding_is_346_41() {
    let q = eoq(dec!(1000), dec!(150), dec!(2.5)).unwrap();
    assert_eq!(q.round_dp(2), dec!(346.41));
}

/// Chopra & Meindl ch. 11, EOQ for a retailer's computer: demand 1,000 a month (12,000 a
/// year), S $4,000 per order, unit cost $500 at a 20 % holding cost (H = $100) →
/// Q* = √(2 × 12,000 × 4,000 / 100) = 980 (book rounds to the unit; asserted ± 0.5).
#[test]
fn chopra_meindl_eoq_for_12000_a_year_at_4000_per_order_is_980() {
    let h = dec!(500) * dec!(0.20);
    let q = eoq(dec!(12000), dec!(4000), h).unwrap();
    assert!((q - dec!(980)).abs() <= dec!(0.5), "EOQ {q}");
}

/// The inventory-optimisation document's own worked SKU, corrected: 15.2 units a day,
/// σ 3.8 a day, lead time 14 days, 98 % → μ_LT = 212.8 and SS = 2.054 × 3.8 × √14 ≈ 29.2,
/// not the 31 the document states (asserted ± 0.05).
#[test]
fn the_domain_worked_sku_needs_29_not_31_units_of_safety_stock() {
    let item = ItemDemand {
        forecast: vec![15.2; 14],
        forecast_error_sd: 3.8,
        lead_time: 14.0,
        lead_time_sd: 0.0,
        order_quantity: None,
        intermittent: false,
    };
    let p = reorder_policy(
        &item,
        ServiceTarget::CycleServiceLevel(0.98),
        &PolicyConfig::default(),
    )
    .unwrap();
    assert_close(p.demand.mean, 212.8, 1e-9, "μ_LT");
    assert_close(p.safety_stock, 29.2, 0.05, "SS");
    assert!(p.safety_stock_units() < Decimal::from(31));
    assert_eq!(p.safety_stock_units().to_f64(), Some(30.0));
}
