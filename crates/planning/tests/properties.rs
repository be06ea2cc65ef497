//! Invariants that must hold for any input, checked with proptest.

use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use sentia_planning::{
    apply_lot_rules, classify_abc, days_of_supply, fit_orders, plan_item, project_stock,
    reorder_policy, AbcConfig, DemandForecast, Inbound, ItemDemand, ItemInputs, ItemRevenue,
    Limits, LotRules, PolicyConfig, ProposedOrder, ServiceTarget, StatusConfig,
};

/// A `Decimal` with two decimals between `lo` and `hi` hundredths.
fn money(lo: i64, hi: i64) -> impl Strategy<Value = Decimal> {
    (lo..hi).prop_map(|c| Decimal::new(c, 2))
}

fn lot_rules() -> impl Strategy<Value = LotRules> {
    (
        0i64..5_000,
        prop_oneof![
            Just(1i64),
            Just(6),
            Just(12),
            Just(100),
            Just(250),
            Just(500)
        ],
        proptest::option::of(1i64..20_000),
    )
        .prop_map(|(moq, lot, max)| LotRules {
            moq: Decimal::from(moq),
            lot_multiple: Decimal::from(lot),
            batch_max: max.map(Decimal::from),
        })
}

fn is_valid_quantity(q: Decimal, r: &LotRules) -> bool {
    q.is_zero()
        || (q >= r.moq
            && (q % r.lot_multiple).is_zero()
            && r.batch_max.is_none_or(|m| q <= m)
            && q > Decimal::ZERO)
}

fn item_demand(
    forecast: Vec<f64>,
    error_sd: f64,
    lead_time: f64,
    lead_time_sd: f64,
    q: f64,
    intermittent: bool,
) -> ItemDemand {
    ItemDemand {
        forecast,
        forecast_error_sd: error_sd,
        lead_time,
        lead_time_sd,
        order_quantity: Some(q),
        intermittent,
    }
}

/// Forecast, error σ, lead time and its σ (periods), order quantity, intermittent flag.
fn demand_inputs(max_mean: f64) -> impl Strategy<Value = (Vec<f64>, f64, f64, f64, f64, bool)> {
    (
        proptest::collection::vec(0.0..max_mean, 8),
        0.0..max_mean,
        0.0..8.0f64,
        0.0..2.0f64,
        1.0..(20.0 * max_mean),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Safety stock, reorder point, expected shortage and fill rate are never negative,
    /// and the probabilities stay within [0, 1], for either target.
    #[test]
    fn planning_quantities_are_never_negative(
        (f, sd, l, sl, q, int) in demand_inputs(500.0),
        level in 0.01..0.999f64,
        fill in any::<bool>(),
    ) {
        let item = item_demand(f, sd, l, sl, q, int);
        let target = if fill { ServiceTarget::FillRate(level) } else { ServiceTarget::CycleServiceLevel(level) };
        let p = reorder_policy(&item, target, &PolicyConfig::default()).unwrap();
        prop_assert!(p.safety_stock >= 0.0 && p.reorder_point >= 0.0);
        prop_assert!(p.expected_shortage_per_cycle >= 0.0);
        prop_assert!((0.0..=1.0).contains(&p.cycle_service_level));
        prop_assert!(p.fill_rate.is_some_and(|r| (0.0..=1.0).contains(&r)));
        prop_assert!(p.reorder_point_units() >= Decimal::ZERO);
        // The achieved service meets the target it was planned to.
        if fill {
            prop_assert!(p.fill_rate.unwrap() >= level - 1e-9);
        } else {
            prop_assert!(p.cycle_service_level >= level - 1e-9);
        }
    }

    /// A higher target, cycle service level or fill rate, never lowers safety stock, for
    /// fast movers (normal) and slow movers (Poisson / negative binomial) alike.
    #[test]
    fn a_higher_target_never_lowers_safety_stock(
        (f, sd, l, sl, q, int) in demand_inputs(50.0),
        a in 0.01..0.999f64,
        b in 0.01..0.999f64,
        fill_rate in any::<bool>(),
    ) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let target = |v| if fill_rate {
            ServiceTarget::FillRate(v)
        } else {
            ServiceTarget::CycleServiceLevel(v)
        };
        let item = item_demand(f, sd, l, sl, q, int);
        let cfg = PolicyConfig::default();
        let p_lo = reorder_policy(&item, target(lo), &cfg).unwrap();
        let p_hi = reorder_policy(&item, target(hi), &cfg).unwrap();
        prop_assert_eq!(p_lo.model, p_hi.model);
        prop_assert!(p_hi.safety_stock >= p_lo.safety_stock, "{:?} vs {:?}", p_lo, p_hi);
        prop_assert!(p_hi.reorder_point >= p_lo.reorder_point);
    }

    /// Lot-sized quantities are 0, or at least the MOQ, a multiple of the lot and within
    /// the batch maximum; and a positive request gets an order whenever one is possible.
    #[test]
    fn lot_sized_quantities_obey_moq_lot_and_batch_max(
        requested in money(-100_000, 5_000_000),
        rules in lot_rules(),
        unit_cost in money(0, 10_000),
    ) {
        let out = apply_lot_rules("sku", requested, &rules, unit_cost).unwrap();
        prop_assert!(out.quantity >= Decimal::ZERO);
        prop_assert!(is_valid_quantity(out.quantity, &rules), "{} under {:?}", out.quantity, rules);
        let smallest = (rules.moq.max(rules.lot_multiple) / rules.lot_multiple).ceil() * rules.lot_multiple;
        let possible = rules.batch_max.is_none_or(|m| smallest <= m);
        if requested > Decimal::ZERO && possible {
            prop_assert!(out.quantity > Decimal::ZERO);
        }
        for d in &out.decisions {
            prop_assert_eq!(d.cost_impact, (d.after - d.before) * unit_cost);
        }
    }

    /// The greedy fit never exceeds any limit, never plans more than the lot-sized
    /// request, and leaves every quantity valid under its lot rules.
    #[test]
    fn greedy_fit_never_exceeds_any_limit(
        orders in proptest::collection::vec(
            (money(0, 300_000), lot_rules(), money(1, 5_000), money(0, 50), money(0, 20), money(0, 100_000)),
            0..8,
        ),
        cap in proptest::option::of(money(0, 10_000_000)),
        wc in proptest::option::of(money(0, 50_000_000)),
        storage in proptest::option::of(money(0, 1_000_000)),
    ) {
        let proposed: Vec<ProposedOrder> = orders
            .into_iter()
            .enumerate()
            .map(|(i, (qty, rules, cost, hours, vol, benefit))| ProposedOrder {
                item: format!("sku-{i}"),
                quantity: qty,
                lot_rules: rules,
                unit_cost: cost,
                hours_per_unit: hours,
                volume_per_unit: vol,
                holding_cost_saved: Decimal::ZERO,
                stockout_cost_avoided: benefit,
            })
            .collect();
        let limits = Limits { capacity_hours: cap, working_capital: wc, storage_volume: storage };
        let fit = fit_orders(&proposed, &limits).unwrap();
        let mut hours = Decimal::ZERO;
        let mut money_used = Decimal::ZERO;
        let mut volume = Decimal::ZERO;
        for planned in &fit.orders {
            let p = proposed.iter().find(|p| p.item == planned.item).unwrap();
            let sized = apply_lot_rules(&p.item, p.quantity, &p.lot_rules, p.unit_cost).unwrap();
            prop_assert!(planned.quantity >= Decimal::ZERO);
            prop_assert!(planned.quantity <= sized.quantity);
            prop_assert!(is_valid_quantity(planned.quantity, &p.lot_rules));
            hours += planned.quantity * p.hours_per_unit;
            money_used += planned.quantity * p.unit_cost;
            volume += planned.quantity * p.volume_per_unit;
        }
        prop_assert_eq!(fit.orders.len(), proposed.len());
        prop_assert!(cap.is_none_or(|c| hours <= c));
        prop_assert!(wc.is_none_or(|c| money_used <= c));
        prop_assert!(storage.is_none_or(|c| volume <= c));
        prop_assert_eq!(fit.usage.working_capital, money_used);
    }

    /// A higher revenue never gets a lower ABC class, and equal revenues get the same.
    #[test]
    fn abc_classes_are_monotone_in_revenue(
        revenues in proptest::collection::vec(prop_oneof![Just(0i64), Just(1_000), 0i64..100_000], 1..30),
    ) {
        let items: Vec<ItemRevenue> = revenues
            .iter()
            .enumerate()
            .map(|(i, r)| ItemRevenue { item: format!("sku-{i:02}"), revenue: Decimal::new(*r, 2) })
            .collect();
        let out = classify_abc(&items, &AbcConfig::default());
        prop_assert_eq!(out.len(), items.len());
        for x in &out {
            for y in &out {
                if x.revenue > y.revenue {
                    prop_assert!(x.class <= y.class, "{:?} vs {:?}", x, y);
                }
                if x.revenue == y.revenue {
                    prop_assert_eq!(x.class, y.class);
                }
            }
        }
    }

    /// Projected stock never goes negative, unmet demand is what the stock could not
    /// serve, and days of supply stays within the horizon and grows with stock.
    #[test]
    fn projection_and_cover_stay_in_range(
        means in proptest::collection::vec(0.0..200.0f64, 1..20),
        period in prop_oneof![Just(1u32), Just(7), Just(30)],
        on_hand in money(-10_000, 1_000_000),
        extra in money(0, 100_000),
        arrivals in proptest::collection::vec((0u64..200, money(0, 100_000)), 0..4),
    ) {
        let start = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let forecast = DemandForecast { start, period_days: period, means };
        let inbound: Vec<Inbound> = arrivals
            .into_iter()
            .map(|(d, q)| Inbound { arrives_on: start + chrono::Days::new(d), quantity: q })
            .collect();
        let p = project_stock(on_hand, &inbound, &forecast).unwrap();
        prop_assert_eq!(p.days.len() as u32, forecast.horizon_days());
        for d in &p.days {
            prop_assert!(d.closing >= 0.0 && d.unmet >= 0.0);
            prop_assert!((d.opening + d.receipts - d.demand + d.unmet - d.closing).abs() < 1e-6);
        }
        let horizon = f64::from(forecast.horizon_days());
        let a = days_of_supply(on_hand, &forecast).unwrap();
        let b = days_of_supply(on_hand + extra, &forecast).unwrap();
        prop_assert!(a.days >= 0.0 && a.days <= horizon + 1e-9);
        prop_assert!(b.days >= a.days - 1e-9);
    }

    /// A whole item plan: the recommended order is a valid lot quantity dated inside the
    /// order window and arriving a lead time later; quantities are never negative; and
    /// a higher service level never lowers the safety stock or the reorder point.
    #[test]
    fn an_item_plan_orders_valid_lots_in_the_window_and_rises_with_service(
        weekly in proptest::collection::vec(0.0..500.0f64, 1..60),
        error_sd in 0.0..200.0f64,
        lead in 1u32..60,
        lead_cv in 0.0..0.5f64,
        on_hand in 0i64..5_000,
        inbound in proptest::option::of((0u64..60, 1i64..5_000)),
        level in 0.5..0.99f64,
        rules in lot_rules(),
        unit_cost in money(1, 20_000),
        intermittent in any::<bool>(),
    ) {
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let rules = LotRules { lot_multiple: rules.lot_multiple.max(Decimal::ONE), ..rules };
        let inputs = |service_level: f64| ItemInputs {
            item: "X@L".into(),
            as_of,
            on_hand: Decimal::from(on_hand),
            inbound: inbound
                .map(|(d, q)| Inbound { arrives_on: as_of + chrono::Days::new(d), quantity: Decimal::from(q) })
                .into_iter()
                .collect(),
            weekly_forecast: weekly.clone(),
            weekly_error_sd: error_sd,
            lead_time_days: lead,
            lead_time_sd_days: f64::from(lead) * lead_cv,
            service_level,
            intermittent,
            unit_cost,
            order_cost: Decimal::from(47),
            carrying_rate: Decimal::new(24, 2),
            lot_rules: rules,
            days_since_last_demand: None,
            order_window_days: 28,
        };
        let low = plan_item(&inputs(level), &StatusConfig::default(), &PolicyConfig::default());
        let high = plan_item(&inputs(level + 0.009), &StatusConfig::default(), &PolicyConfig::default());
        // Too short a forecast for the lead time is an error, never a wrong plan.
        let (Ok(low), Ok(high)) = (low, high) else { return Ok(()); };
        prop_assert!(low.safety_stock >= Decimal::ZERO && low.reorder_point >= Decimal::ZERO);
        prop_assert!(is_valid_quantity(low.order_quantity, &rules));
        prop_assert!(high.safety_stock >= low.safety_stock);
        prop_assert!(high.reorder_point >= low.reorder_point);
        if let Some(o) = &low.order {
            prop_assert!(o.quantity > Decimal::ZERO && is_valid_quantity(o.quantity, &rules));
            prop_assert!(o.order_by >= as_of && o.order_by <= as_of + chrono::Days::new(28));
            prop_assert_eq!(o.need_by, o.order_by + chrono::Days::new(u64::from(lead)));
            prop_assert_eq!(o.value, (o.quantity * unit_cost).round_dp(2));
        }
    }
}
