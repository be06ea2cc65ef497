//! One item's whole plan: policy, status and risk, projection and the order to place,
//! from its stock, inbound, weekly forecast and rules. The app's planning run calls it
//! once per product × location, and the item screen's "what if" calls it again as the
//! planner changes the lead time or the service level.

use chrono::NaiveDate;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::coverage::{day, DemandForecast, Inbound};
use crate::error::PlanningError;
use crate::orders::{apply_lot_rules, eoq, replenishment_quantity, Decision, LotRules};
use crate::policy::{reorder_policy, ItemDemand, PolicyConfig, ReorderPolicy, ServiceTarget};
use crate::status::{assess_stock, ItemStock, StatusConfig, StockAssessment};

/// Days in a planning period: policies are computed on weekly buckets.
pub const WEEK_DAYS: u32 = 7;

/// Everything one item's plan needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemInputs {
    /// Item identifier, e.g. `GABA_RED_UK@FBA-UK-BHX4`.
    pub item: String,
    /// Day the stock figures are for; the first forecast week starts here.
    pub as_of: NaiveDate,
    /// Units available on hand.
    pub on_hand: Decimal,
    /// Stock on its way, with arrival dates.
    pub inbound: Vec<Inbound>,
    /// Forecast mean demand per week from `as_of`.
    pub weekly_forecast: Vec<f64>,
    /// Standard deviation of one week's forecast error (from the backtest, or from
    /// recent sales when there is no forecast), units.
    pub weekly_error_sd: f64,
    /// Replenishment lead time, days.
    pub lead_time_days: u32,
    /// Standard deviation of the lead time, days.
    pub lead_time_sd_days: f64,
    /// Target cycle service level, e.g. 0.98.
    pub service_level: f64,
    /// Demand comes in occasional lumps: plan it with a discrete distribution.
    pub intermittent: bool,
    /// Cost of one unit, base currency.
    pub unit_cost: Decimal,
    /// Cost of placing one order, base currency.
    pub order_cost: Decimal,
    /// Holding cost per year as a share of unit cost.
    pub carrying_rate: Decimal,
    /// MOQ, lot multiple and batch maximum.
    pub lot_rules: LotRules,
    /// Days since the item last sold, if known.
    pub days_since_last_demand: Option<u32>,
    /// Orders that fall due later than this many days from `as_of` are not recommended
    /// yet: the next run will see better data.
    pub order_window_days: u32,
}

/// The order an item needs, with when to place it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendedOrder {
    /// Units, after lot rules.
    pub quantity: Decimal,
    /// Place the order by this day: the day the inventory position reaches the reorder
    /// point.
    pub order_by: NaiveDate,
    /// It arrives a lead time later.
    pub need_by: NaiveDate,
    /// quantity × unit cost.
    pub value: Decimal,
    /// Quantity before lot rules: reorder point + EOQ − inventory position.
    pub requested: Decimal,
    /// Each lot-rule adjustment, before → after, with the reason and cost.
    pub adjustments: Vec<Decision>,
}

/// One item's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemPlan {
    /// Safety stock and reorder point with the service they deliver.
    pub policy: ReorderPolicy,
    /// Safety stock, whole units.
    pub safety_stock: Decimal,
    /// Reorder point, whole units.
    pub reorder_point: Decimal,
    /// Economic order quantity after lot rules, units.
    pub order_quantity: Decimal,
    /// Forecast demand over the next 52 weeks (or the forecast's length), units.
    pub annual_demand: f64,
    /// Status, risk with reasons, days of supply and the day-by-day projection.
    pub assessment: StockAssessment,
    /// The order to place within the order window, if one is due.
    pub order: Option<RecommendedOrder>,
}

/// Plans one item: lead-time demand from the weekly forecast and its error spread, the
/// reorder point for the service level, the EOQ rounded to the lot rules, the stock
/// projection with status and risk, and — when the inventory position reaches the
/// reorder point within the order window — the order to place then.
pub fn plan_item(
    inputs: &ItemInputs,
    status: &StatusConfig,
    policy_config: &PolicyConfig,
) -> Result<ItemPlan, PlanningError> {
    let week = f64::from(WEEK_DAYS);
    let annual_demand: f64 = inputs
        .weekly_forecast
        .iter()
        .take(52)
        .map(|w| w.max(0.0))
        .sum::<f64>()
        * 52.0
        / inputs.weekly_forecast.len().clamp(1, 52) as f64;
    let holding = inputs.unit_cost * inputs.carrying_rate;
    let eoq_units = if holding > Decimal::ZERO {
        eoq(
            Decimal::from_f64(annual_demand).unwrap_or_default(),
            inputs.order_cost,
            holding,
        )?
    } else {
        Decimal::ZERO
    };
    let order_quantity =
        apply_lot_rules(&inputs.item, eoq_units, &inputs.lot_rules, inputs.unit_cost)?.quantity;
    let demand = ItemDemand {
        forecast: inputs.weekly_forecast.clone(),
        forecast_error_sd: inputs.weekly_error_sd,
        lead_time: f64::from(inputs.lead_time_days) / week,
        lead_time_sd: inputs.lead_time_sd_days / week,
        order_quantity: order_quantity.to_f64().filter(|q| *q > 0.0),
        intermittent: inputs.intermittent,
    };
    let policy = reorder_policy(
        &demand,
        ServiceTarget::CycleServiceLevel(inputs.service_level),
        policy_config,
    )?;
    let reorder_point = policy.reorder_point_units();
    let safety_stock = policy.safety_stock_units();
    let forecast = DemandForecast {
        start: inputs.as_of,
        period_days: WEEK_DAYS,
        means: inputs.weekly_forecast.clone(),
    };
    let assessment = assess_stock(
        &ItemStock {
            item: inputs.item.clone(),
            on_hand: inputs.on_hand,
            inbound: inputs.inbound.clone(),
            reorder_point,
            safety_stock,
            lead_time_days: inputs.lead_time_days,
            days_since_last_demand: inputs.days_since_last_demand,
        },
        &forecast,
        status,
    )?;
    let order = recommend_order(inputs, &assessment, reorder_point, eoq_units)?;
    Ok(ItemPlan {
        policy,
        safety_stock,
        reorder_point,
        order_quantity,
        annual_demand,
        assessment,
        order,
    })
}

/// The first day within the order window on which the inventory position (projected
/// stock plus inbound still to arrive) is at or below the reorder point, and the lot-sized
/// quantity that lifts it to reorder point + EOQ.
fn recommend_order(
    inputs: &ItemInputs,
    assessment: &StockAssessment,
    reorder_point: Decimal,
    eoq_units: Decimal,
) -> Result<Option<RecommendedOrder>, PlanningError> {
    if eoq_units.is_zero() {
        // No demand (or nothing to hold): nothing to replenish.
        return Ok(None);
    }
    let rop = reorder_point.to_f64().unwrap_or(f64::MAX);
    let window = inputs.order_window_days as usize;
    let trigger = assessment
        .projection
        .days
        .iter()
        .take(window + 1)
        .enumerate()
        .map(|(i, d)| {
            let still_to_arrive: f64 = inputs
                .inbound
                .iter()
                .filter(|b| b.arrives_on > d.date)
                .filter_map(|b| b.quantity.to_f64())
                .sum();
            (i, d.closing + still_to_arrive)
        })
        .find(|(_, position)| *position <= rop);
    let Some((offset, position)) = trigger else {
        return Ok(None);
    };
    let position = Decimal::from_f64(position.max(0.0)).unwrap_or_default();
    let requested = replenishment_quantity(position, reorder_point, eoq_units)
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::AwayFromZero);
    let sized = apply_lot_rules(&inputs.item, requested, &inputs.lot_rules, inputs.unit_cost)?;
    if sized.quantity.is_zero() {
        return Ok(None);
    }
    let order_by = day(inputs.as_of, offset);
    Ok(Some(RecommendedOrder {
        value: (sized.quantity * inputs.unit_cost).round_dp(2),
        quantity: sized.quantity,
        order_by,
        need_by: day(order_by, inputs.lead_time_days as usize),
        requested,
        adjustments: sized.decisions,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StockStatus;
    use rust_decimal_macros::dec;

    fn item(on_hand: Decimal, weekly: f64) -> ItemInputs {
        ItemInputs {
            item: "GABA_RED_UK@FBA-UK".into(),
            as_of: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            on_hand,
            inbound: vec![],
            weekly_forecast: vec![weekly; 52],
            weekly_error_sd: weekly * 0.2,
            lead_time_days: 14,
            lead_time_sd_days: 0.0,
            service_level: 0.98,
            intermittent: false,
            unit_cost: dec!(15),
            order_cost: dec!(47),
            carrying_rate: dec!(0.24),
            lot_rules: LotRules {
                moq: dec!(100),
                lot_multiple: dec!(100),
                batch_max: Some(dec!(10000)),
            },
            days_since_last_demand: Some(1),
            order_window_days: 28,
        }
    }

    #[test]
    fn an_item_at_its_reorder_point_orders_today_up_to_rop_plus_eoq_in_whole_lots() {
        // 100 a week, σ 20 a week over two weeks: μ_LT 200, σ_LT 28.28, z(0.98) 2.054,
        // so SS = 58.1 → 59 and ROP = 259 (rounded up).
        let plan = plan_item(
            &item(dec!(250), 100.0),
            &StatusConfig::default(),
            &PolicyConfig::default(),
        )
        .unwrap();
        assert_eq!(plan.safety_stock, dec!(59));
        assert_eq!(plan.reorder_point, dec!(259));
        // EOQ = √(2 × 5200 × 47 / 3.6) = 368.5 → 400 in lots of 100.
        assert_eq!(plan.order_quantity, dec!(400));
        let order = plan.order.expect("at the reorder point an order is due");
        assert_eq!(order.order_by, NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        assert_eq!(order.need_by, NaiveDate::from_ymd_opt(2026, 3, 16).unwrap());
        // The position at the end of today, 250 − 100/7 = 235.7, lifted to
        // 259 + 368.5: 391.8 → 392, rounded up to 400.
        assert_eq!(order.requested, dec!(392));
        assert_eq!(order.quantity, dec!(400));
        assert_eq!(order.value, dec!(6000));
        assert_eq!(order.adjustments.len(), 1);
        assert_eq!(plan.assessment.status, StockStatus::Low);
    }

    #[test]
    fn the_order_date_is_when_the_projection_reaches_the_reorder_point() {
        // 100/week ≈ 14.29/day: 400 on hand falls to 259 after 141/14.29 ≈ 9.9 days.
        let plan = plan_item(
            &item(dec!(400), 100.0),
            &StatusConfig::default(),
            &PolicyConfig::default(),
        )
        .unwrap();
        let order = plan.order.unwrap();
        assert_eq!(
            order.order_by,
            NaiveDate::from_ymd_opt(2026, 3, 11).unwrap()
        );
        assert_eq!(plan.assessment.status, StockStatus::Healthy);
    }

    #[test]
    fn inbound_still_to_arrive_counts_towards_the_position_and_defers_the_order() {
        let mut inputs = item(dec!(250), 100.0);
        inputs.inbound = vec![Inbound {
            arrives_on: NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
            quantity: dec!(1000),
        }];
        let plan = plan_item(&inputs, &StatusConfig::default(), &PolicyConfig::default()).unwrap();
        // Position 1,250 reaches 259 after ~69 days: outside the 28-day window.
        assert_eq!(plan.order, None);
    }

    #[test]
    fn a_longer_lead_time_or_higher_service_never_lowers_the_reorder_point() {
        let base = plan_item(
            &item(dec!(500), 100.0),
            &StatusConfig::default(),
            &PolicyConfig::default(),
        )
        .unwrap();
        let mut longer = item(dec!(500), 100.0);
        longer.lead_time_days = 28;
        let longer =
            plan_item(&longer, &StatusConfig::default(), &PolicyConfig::default()).unwrap();
        let mut safer = item(dec!(500), 100.0);
        safer.service_level = 0.995;
        let safer = plan_item(&safer, &StatusConfig::default(), &PolicyConfig::default()).unwrap();
        assert!(longer.reorder_point > base.reorder_point);
        assert!(safer.safety_stock > base.safety_stock);
        assert!(safer.reorder_point > base.reorder_point);
    }

    #[test]
    fn no_demand_means_no_order_and_no_eoq() {
        let plan = plan_item(
            &item(dec!(0), 0.0),
            &StatusConfig::default(),
            &PolicyConfig::default(),
        )
        .unwrap();
        assert_eq!(plan.order_quantity, dec!(0));
        assert_eq!(plan.order, None);
    }
}
