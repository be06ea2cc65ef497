//! Order quantities: EOQ, supplier lot rules, and fitting a set of orders within
//! capacity, working-capital and storage limits.
//!
//! Every change made to a quantity is returned as a [`Decision`] (item, before, after,
//! reason, cost impact), because planners approve orders and need to see why a number
//! is not the one the formula gave.

use std::cmp::Ordering;

use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr};

use crate::error::PlanningError;

/// Economic order quantity `√(2 D S / H)`: the order size that balances ordering cost
/// against holding cost.
///
/// `annual_demand` in units per year, `order_cost` in money per order,
/// `holding_cost` in money per unit per year (unit cost × carrying rate, plus storage).
/// Zero demand gives zero. The result is not rounded; lot rules do that.
pub fn eoq(
    annual_demand: Decimal,
    order_cost: Decimal,
    holding_cost: Decimal,
) -> Result<Decimal, PlanningError> {
    non_negative_decimal("annual demand", annual_demand)?;
    non_negative_decimal("order cost", order_cost)?;
    if holding_cost <= Decimal::ZERO {
        return Err(PlanningError::NotPositive {
            name: "holding cost",
            value: holding_cost.to_string(),
        });
    }
    let ratio = Decimal::TWO * annual_demand * order_cost / holding_cost;
    // `sqrt` is `None` only for negative input, which the checks above exclude.
    Ok(ratio.sqrt().unwrap_or(Decimal::ZERO))
}

/// How much to order when the inventory position is at or below the reorder point:
/// enough to bring the position up to `reorder point + EOQ` (an (s, S) policy with
/// S = s + EOQ), which is the EOQ itself when the position sits exactly on the reorder
/// point. Zero above the reorder point.
pub fn replenishment_quantity(
    inventory_position: Decimal,
    reorder_point: Decimal,
    eoq: Decimal,
) -> Decimal {
    if inventory_position > reorder_point {
        Decimal::ZERO
    } else {
        (reorder_point + eoq.max(Decimal::ZERO) - inventory_position).max(Decimal::ZERO)
    }
}

/// A supplier's or plant's rules on order size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotRules {
    /// Minimum order quantity: an order is 0 or at least this.
    pub moq: Decimal,
    /// Orders come in multiples of this (pack or lot size), greater than 0.
    pub lot_multiple: Decimal,
    /// Largest single order or batch, if capped (traceability caps batches at 10,000).
    pub batch_max: Option<Decimal>,
}

impl Default for LotRules {
    fn default() -> Self {
        LotRules {
            moq: Decimal::ZERO,
            lot_multiple: Decimal::ONE,
            batch_max: None,
        }
    }
}

impl LotRules {
    fn check(&self) -> Result<(), PlanningError> {
        non_negative_decimal("minimum order quantity", self.moq)?;
        if self.lot_multiple <= Decimal::ZERO {
            return Err(PlanningError::NotPositive {
                name: "lot multiple",
                value: self.lot_multiple.to_string(),
            });
        }
        if let Some(max) = self.batch_max {
            non_negative_decimal("batch maximum", max)?;
        }
        Ok(())
    }

    /// The smallest non-zero quantity the rules allow: the MOQ rounded up to the lot.
    fn smallest(&self) -> Decimal {
        round_up_to(self.moq.max(self.lot_multiple), self.lot_multiple)
    }

    /// The largest quantity the rules allow, if capped: the cap rounded down to the lot.
    fn largest(&self) -> Option<Decimal> {
        self.batch_max
            .map(|max| round_down_to(max, self.lot_multiple))
    }

    /// The largest allowed quantity not above `limit` (0 if none).
    fn largest_not_above(&self, limit: Decimal) -> Decimal {
        let mut q = round_down_to(limit.max(Decimal::ZERO), self.lot_multiple);
        if let Some(max) = self.largest() {
            q = q.min(max);
        }
        if q < self.smallest() {
            Decimal::ZERO
        } else {
            q
        }
    }
}

fn round_up_to(q: Decimal, lot: Decimal) -> Decimal {
    (q / lot).ceil() * lot
}

fn round_down_to(q: Decimal, lot: Decimal) -> Decimal {
    (q / lot).floor() * lot
}

/// Why a quantity was changed.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Display,
    EnumString,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AdjustmentReason {
    /// Raised to the minimum order quantity.
    RaisedToMoq,
    /// Rounded up to a whole number of lots.
    RoundedToLot,
    /// Cut to the largest batch allowed.
    CappedAtBatchMax,
    /// No quantity satisfies the lot rules (the MOQ, rounded to lots, exceeds the batch
    /// maximum); the order is dropped.
    NoValidQuantity,
    /// Cut or deferred because production or supplier hours ran out.
    CapacityLimit,
    /// Cut or deferred because the working-capital budget ran out.
    WorkingCapitalLimit,
    /// Cut or deferred because storage space ran out.
    StorageLimit,
}

/// One quantity change on one order, as shown to the approver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Item identifier.
    pub item: String,
    /// Quantity before the change.
    pub before: Decimal,
    /// Quantity after the change.
    pub after: Decimal,
    /// Why, as a code the UI can switch on.
    pub reason: AdjustmentReason,
    /// Why, in words, with the numbers that drove it.
    pub explanation: String,
    /// Change in purchase spend, (after − before) × unit cost: positive when the
    /// change buys more, negative when it ties up less cash.
    pub cost_impact: Decimal,
}

/// A quantity after lot rules, with each step taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotSized {
    /// The quantity: 0, or at least the MOQ, a multiple of the lot and within the
    /// batch maximum.
    pub quantity: Decimal,
    /// The changes from the requested quantity, in the order applied.
    pub decisions: Vec<Decision>,
}

/// Applies MOQ, lot multiple and batch maximum to a requested quantity (e.g. an EOQ or
/// a replenishment quantity).
///
/// A request of zero or less stays zero (nothing to order). Otherwise it is raised to
/// the MOQ, rounded *up* to whole lots (rounding down would fall short of what was
/// needed), then capped at the batch maximum rounded *down* to whole lots. When the
/// smallest valid quantity is above the cap, no order is possible and the result is 0.
pub fn apply_lot_rules(
    item: &str,
    requested: Decimal,
    rules: &LotRules,
    unit_cost: Decimal,
) -> Result<LotSized, PlanningError> {
    rules.check()?;
    let mut decisions = Vec::new();
    if requested <= Decimal::ZERO {
        return Ok(LotSized {
            quantity: Decimal::ZERO,
            decisions,
        });
    }
    let mut step = |before: Decimal, after: Decimal, reason, explanation: String| {
        if before != after {
            decisions.push(Decision {
                item: item.to_string(),
                before,
                after,
                reason,
                explanation,
                cost_impact: (after - before) * unit_cost,
            });
        }
    };
    let smallest = rules.smallest();
    if let Some(largest) = rules.largest() {
        if largest < smallest {
            step(
                requested,
                Decimal::ZERO,
                AdjustmentReason::NoValidQuantity,
                format!(
                    "no order possible: the minimum of {} in lots of {} exceeds the batch maximum of {}",
                    rules.moq.normalize(),
                    rules.lot_multiple.normalize(),
                    rules.batch_max.unwrap_or(largest).normalize()
                ),
            );
            return Ok(LotSized {
                quantity: Decimal::ZERO,
                decisions,
            });
        }
    }
    let mut q = requested;
    if q < rules.moq {
        step(
            q,
            rules.moq,
            AdjustmentReason::RaisedToMoq,
            format!(
                "raised from {} to the minimum order quantity of {}",
                q.normalize(),
                rules.moq.normalize()
            ),
        );
        q = rules.moq;
    }
    let rounded = round_up_to(q, rules.lot_multiple);
    step(
        q,
        rounded,
        AdjustmentReason::RoundedToLot,
        format!(
            "rounded up from {} to {} lots of {}",
            q.normalize(),
            (rounded / rules.lot_multiple).normalize(),
            rules.lot_multiple.normalize()
        ),
    );
    q = rounded;
    if let Some(largest) = rules.largest() {
        if q > largest {
            step(
                q,
                largest,
                AdjustmentReason::CappedAtBatchMax,
                format!(
                    "cut from {} to the batch maximum of {}",
                    q.normalize(),
                    largest.normalize()
                ),
            );
            q = largest;
        }
    }
    Ok(LotSized {
        quantity: q,
        decisions,
    })
}

/// An order proposed for one item, before limits are applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedOrder {
    /// Item identifier.
    pub item: String,
    /// Requested quantity in units (EOQ or replenishment quantity); lot rules are
    /// applied to it first.
    pub quantity: Decimal,
    /// Lot rules of the item's supplier or line.
    pub lot_rules: LotRules,
    /// Purchase or production cost per unit (working capital tied up).
    pub unit_cost: Decimal,
    /// Production or supplier hours per unit (0 if not capacity-bound).
    pub hours_per_unit: Decimal,
    /// Storage volume per unit (0 if it does not matter).
    pub volume_per_unit: Decimal,
    /// Holding cost the order saves over the planning window, in money (e.g. by
    /// replacing costlier expedited or small orders); 0 if none.
    pub holding_cost_saved: Decimal,
    /// Expected stock-out cost the order avoids over the planning window, in money
    /// (expected units short without it × margin or penalty per unit).
    pub stockout_cost_avoided: Decimal,
}

impl ProposedOrder {
    /// The ranking benefit: holding cost saved plus stock-out cost avoided.
    pub fn benefit(&self) -> Decimal {
        self.holding_cost_saved + self.stockout_cost_avoided
    }
}

/// Limits a set of orders must fit within; `None` means unlimited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Production or supplier hours available: Σ qty × hours per unit.
    pub capacity_hours: Option<Decimal>,
    /// Money available for stock this period: Σ qty × unit cost.
    pub working_capital: Option<Decimal>,
    /// Storage space available: Σ qty × volume per unit.
    pub storage_volume: Option<Decimal>,
}

/// What a set of orders uses of each limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Σ qty × hours per unit.
    pub capacity_hours: Decimal,
    /// Σ qty × unit cost.
    pub working_capital: Decimal,
    /// Σ qty × volume per unit.
    pub storage_volume: Decimal,
}

/// An order after lot rules and limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedOrder {
    /// Item identifier.
    pub item: String,
    /// Position in the benefit-per-money ranking, from 1.
    pub rank: u32,
    /// Quantity requested.
    pub requested: Decimal,
    /// Quantity to order (0 when deferred).
    pub quantity: Decimal,
    /// Money invested: quantity × unit cost.
    pub investment: Decimal,
    /// Benefit per money invested at the lot-sized quantity, the ranking key. `None`
    /// when the order costs nothing: free orders rank first, and orders whose lot-sized
    /// quantity is zero rank last.
    pub benefit_per_money: Option<Decimal>,
}

/// The result of fitting a set of orders within limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FitResult {
    /// Orders in ranking order, including deferred ones (quantity 0).
    pub orders: Vec<PlannedOrder>,
    /// Every quantity change: lot rules first, then limits.
    pub decisions: Vec<Decision>,
    /// What the planned quantities use of each limit.
    pub usage: Usage,
}

/// Fits proposed orders within capacity, working-capital and storage limits.
///
/// Each order is first lot-sized. Orders are then ranked by benefit (holding cost
/// saved + stock-out cost avoided) per unit of money invested, as the domain's
/// heuristic prescribes, and filled greedily: each gets the largest quantity that
/// respects its lot rules and still fits every remaining limit. An order cut to zero is
/// deferred. Cuts and deferrals record the binding limit and the stock-out cost left at
/// risk, pro rata to the quantity cut.
///
/// The planned quantities never exceed any limit, and each is 0 or a valid lot
/// quantity.
pub fn fit_orders(orders: &[ProposedOrder], limits: &Limits) -> Result<FitResult, PlanningError> {
    for (name, limit) in [
        ("capacity hours", limits.capacity_hours),
        ("working capital", limits.working_capital),
        ("storage volume", limits.storage_volume),
    ] {
        if let Some(l) = limit {
            non_negative_decimal(name, l)?;
        }
    }
    let mut decisions = Vec::new();
    let mut sized = Vec::with_capacity(orders.len());
    for order in orders {
        non_negative_decimal("unit cost", order.unit_cost)?;
        non_negative_decimal("hours per unit", order.hours_per_unit)?;
        non_negative_decimal("volume per unit", order.volume_per_unit)?;
        let lot = apply_lot_rules(
            &order.item,
            order.quantity,
            &order.lot_rules,
            order.unit_cost,
        )?;
        decisions.extend(lot.decisions);
        let investment = lot.quantity * order.unit_cost;
        let ratio = if investment.is_zero() {
            None
        } else {
            Some(order.benefit() / investment)
        };
        sized.push((order, lot.quantity, ratio));
    }
    // Free orders first (nothing to weigh them against), then by benefit per money,
    // then orders with nothing to buy; ties by item so that the plan does not depend on
    // input order.
    let group = |quantity: Decimal, ratio: Option<Decimal>| match (quantity.is_zero(), ratio) {
        (true, _) => 2,
        (false, None) => 0,
        (false, Some(_)) => 1,
    };
    sized.sort_by(|a, b| {
        group(a.1, a.2)
            .cmp(&group(b.1, b.2))
            .then_with(|| match (a.2, b.2) {
                (Some(x), Some(y)) => y.cmp(&x),
                _ => Ordering::Equal,
            })
            .then_with(|| a.0.item.cmp(&b.0.item))
    });

    let mut usage = Usage::default();
    let mut planned = Vec::with_capacity(sized.len());
    for (index, (order, quantity, ratio)) in sized.into_iter().enumerate() {
        let mut q = quantity;
        // The tightest limit decides; keep which one, for the decision record.
        let mut binding: Option<(AdjustmentReason, &'static str, Decimal, Decimal)> = None;
        for (reason, words, limit, used, per_unit) in [
            (
                AdjustmentReason::CapacityLimit,
                "capacity",
                limits.capacity_hours,
                usage.capacity_hours,
                order.hours_per_unit,
            ),
            (
                AdjustmentReason::WorkingCapitalLimit,
                "working capital",
                limits.working_capital,
                usage.working_capital,
                order.unit_cost,
            ),
            (
                AdjustmentReason::StorageLimit,
                "storage",
                limits.storage_volume,
                usage.storage_volume,
                order.volume_per_unit,
            ),
        ] {
            let (Some(limit), true) = (limit, per_unit > Decimal::ZERO) else {
                continue;
            };
            let remaining = (limit - used).max(Decimal::ZERO);
            let mut fit = order
                .lot_rules
                .largest_not_above((remaining / per_unit).min(q));
            // Division rounds in the last digit; step back a lot if that overshoots.
            while fit > Decimal::ZERO && fit * per_unit > remaining {
                fit = order
                    .lot_rules
                    .largest_not_above(fit - order.lot_rules.lot_multiple);
            }
            if fit < q {
                q = fit;
                binding = Some((reason, words, limit, remaining));
            }
        }
        if let Some((reason, words, limit, remaining)) = binding {
            let cut_share = if quantity.is_zero() {
                Decimal::ZERO
            } else {
                (quantity - q) / quantity
            };
            let at_risk = (order.stockout_cost_avoided * cut_share).round_dp(2);
            let verb = if q.is_zero() { "deferred" } else { "cut" };
            decisions.push(Decision {
                item: order.item.clone(),
                before: quantity,
                after: q,
                reason,
                explanation: format!(
                    "{verb} from {} to {}: {words} limit {} with {} left; stock-out cost at risk {}",
                    quantity.normalize(),
                    q.normalize(),
                    limit.normalize(),
                    remaining.normalize(),
                    at_risk.normalize()
                ),
                cost_impact: (q - quantity) * order.unit_cost,
            });
        }
        usage.capacity_hours += q * order.hours_per_unit;
        usage.working_capital += q * order.unit_cost;
        usage.storage_volume += q * order.volume_per_unit;
        planned.push(PlannedOrder {
            item: order.item.clone(),
            rank: u32::try_from(index + 1).unwrap_or(u32::MAX),
            requested: order.quantity,
            quantity: q,
            investment: q * order.unit_cost,
            benefit_per_money: ratio,
        });
    }
    Ok(FitResult {
        orders: planned,
        decisions,
        usage,
    })
}

fn non_negative_decimal(name: &'static str, value: Decimal) -> Result<Decimal, PlanningError> {
    if value < Decimal::ZERO {
        Err(PlanningError::InvalidQuantity {
            name,
            value: value.to_string(),
        })
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn rules(moq: Decimal, lot: Decimal, max: Option<Decimal>) -> LotRules {
        LotRules {
            moq,
            lot_multiple: lot,
            batch_max: max,
        }
    }

    #[test]
    fn lot_rules_raise_to_moq_then_round_to_lots() {
        let r = rules(dec!(500), dec!(100), Some(dec!(1000)));
        let out = apply_lot_rules("GABA_RED_UK", dec!(346.41), &r, dec!(15)).unwrap();
        assert_eq!(out.quantity, dec!(500));
        assert_eq!(out.decisions.len(), 1);
        assert_eq!(out.decisions[0].reason, AdjustmentReason::RaisedToMoq);
        assert_eq!(out.decisions[0].cost_impact, dec!(2303.85));

        let out = apply_lot_rules("GABA_RED_UK", dec!(640), &r, dec!(15)).unwrap();
        assert_eq!(out.quantity, dec!(700));
        assert_eq!(out.decisions[0].reason, AdjustmentReason::RoundedToLot);
    }

    #[test]
    fn moq_that_is_not_a_lot_multiple_rounds_up_to_the_next_lot() {
        let r = rules(dec!(1000), dec!(250), None);
        assert_eq!(
            apply_lot_rules("x", dec!(1100), &r, dec!(1))
                .unwrap()
                .quantity,
            dec!(1250)
        );
        let r = rules(dec!(900), dec!(250), None);
        let out = apply_lot_rules("x", dec!(10), &r, dec!(1)).unwrap();
        assert_eq!(out.quantity, dec!(1000));
        let reasons: Vec<_> = out.decisions.iter().map(|d| d.reason).collect();
        assert_eq!(
            reasons,
            vec![
                AdjustmentReason::RaisedToMoq,
                AdjustmentReason::RoundedToLot
            ]
        );
    }

    #[test]
    fn batch_maximum_caps_to_a_whole_lot_below_it() {
        let r = rules(dec!(100), dec!(300), Some(dec!(1000)));
        let out = apply_lot_rules("x", dec!(5000), &r, dec!(2)).unwrap();
        assert_eq!(out.quantity, dec!(900));
        assert_eq!(
            out.decisions.last().unwrap().reason,
            AdjustmentReason::CappedAtBatchMax
        );
        assert_eq!(out.decisions.last().unwrap().cost_impact, dec!(-8400));
    }

    #[test]
    fn impossible_lot_rules_give_no_order_and_say_why() {
        let r = rules(dec!(1200), dec!(500), Some(dec!(1000)));
        let out = apply_lot_rules("x", dec!(2000), &r, dec!(1)).unwrap();
        assert_eq!(out.quantity, Decimal::ZERO);
        assert_eq!(out.decisions[0].reason, AdjustmentReason::NoValidQuantity);
    }

    #[test]
    fn invalid_lot_rules_and_costs_are_errors() {
        assert!(apply_lot_rules("x", dec!(10), &rules(dec!(1), dec!(0), None), dec!(1)).is_err());
        assert!(eoq(dec!(100), dec!(10), dec!(0)).is_err());
        assert!(eoq(dec!(-1), dec!(10), dec!(1)).is_err());
    }

    #[test]
    fn replenishment_restores_the_position_to_reorder_point_plus_eoq() {
        assert_eq!(
            replenishment_quantity(dec!(400), dec!(350), dec!(300)),
            dec!(0)
        );
        assert_eq!(
            replenishment_quantity(dec!(350), dec!(350), dec!(300)),
            dec!(300)
        );
        assert_eq!(
            replenishment_quantity(dec!(100), dec!(350), dec!(300)),
            dec!(550)
        );
    }

    fn order(item: &str, qty: Decimal, cost: Decimal, benefit: Decimal) -> ProposedOrder {
        ProposedOrder {
            item: item.to_string(),
            quantity: qty,
            lot_rules: rules(dec!(100), dec!(100), None),
            unit_cost: cost,
            hours_per_unit: dec!(0.01),
            volume_per_unit: dec!(0.001),
            holding_cost_saved: Decimal::ZERO,
            stockout_cost_avoided: benefit,
        }
    }

    #[test]
    fn greedy_fit_funds_the_best_benefit_per_pound_first_and_records_the_cut() {
        // Benefit per £: high 5000/(1000×15) = 0.33; low 1000/(1000×15) = 0.067.
        // £20,000 buys all of "high" (£15,000) and 300 of "low" (£4,500).
        let orders = [
            order("low", dec!(1000), dec!(15), dec!(1000)),
            order("high", dec!(1000), dec!(15), dec!(5000)),
        ];
        let limits = Limits {
            working_capital: Some(dec!(20000)),
            ..Limits::default()
        };
        let fit = fit_orders(&orders, &limits).unwrap();
        assert_eq!(fit.orders[0].item, "high");
        assert_eq!(fit.orders[0].quantity, dec!(1000));
        assert_eq!(fit.orders[1].quantity, dec!(300));
        assert_eq!(fit.usage.working_capital, dec!(19500));
        let cut = &fit.decisions[0];
        assert_eq!(
            (cut.item.as_str(), cut.before, cut.after, cut.reason),
            (
                "low",
                dec!(1000),
                dec!(300),
                AdjustmentReason::WorkingCapitalLimit
            )
        );
        assert_eq!(cut.cost_impact, dec!(-10500));
        assert!(
            cut.explanation.contains("stock-out cost at risk 700"),
            "{}",
            cut.explanation
        );
    }

    #[test]
    fn the_tightest_limit_is_the_one_recorded() {
        let orders = [order("a", dec!(1000), dec!(1), dec!(10))];
        let limits = Limits {
            capacity_hours: Some(dec!(8)),    // 800 units
            working_capital: Some(dec!(500)), // 500 units
            storage_volume: Some(dec!(0.25)), // 250 units → 200 in lots of 100
        };
        let fit = fit_orders(&orders, &limits).unwrap();
        assert_eq!(fit.orders[0].quantity, dec!(200));
        assert_eq!(fit.decisions[0].reason, AdjustmentReason::StorageLimit);
    }

    #[test]
    fn an_order_below_its_moq_after_the_cut_is_deferred() {
        let orders = [order("a", dec!(1000), dec!(10), dec!(10))];
        let limits = Limits {
            working_capital: Some(dec!(999)),
            ..Limits::default()
        };
        let fit = fit_orders(&orders, &limits).unwrap();
        assert_eq!(fit.orders[0].quantity, Decimal::ZERO);
        assert!(fit.decisions[0].explanation.starts_with("deferred"));
    }

    #[test]
    fn free_orders_rank_first_and_orders_with_nothing_to_buy_rank_last() {
        let free = order("free", dec!(100), Decimal::ZERO, dec!(1));
        let orders = [
            order("nothing", dec!(0), dec!(10), dec!(1000)),
            order("paid", dec!(100), dec!(10), dec!(10)),
            free,
        ];
        let fit = fit_orders(&orders, &Limits::default()).unwrap();
        let ranked: Vec<(&str, u32)> = fit
            .orders
            .iter()
            .map(|o| (o.item.as_str(), o.rank))
            .collect();
        assert_eq!(ranked, vec![("free", 1), ("paid", 2), ("nothing", 3)]);
        assert!(fit.decisions.is_empty());
    }
}
