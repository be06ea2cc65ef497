//! Stock status per item and a 0–100 risk score with its reasons in words.
//!
//! The status is one word for the stock widget and its filters; the score ranks items
//! for the planner's daily review; the reasons say what to do about them. All three
//! come from the reorder point, the safety stock and a day-by-day projection of on-hand
//! plus inbound against the forecast.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr};

use crate::coverage::{
    day, days_of_supply, project_stock, DaysOfSupply, DemandForecast, Inbound, Projection,
};
use crate::error::PlanningError;

/// The status vocabulary is the domain's, shared with the database and the screens.
pub use sentia_domain::StockStatus;

/// Thresholds for the status and the risk score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StatusConfig {
    /// Days of supply above which stock is excess. Default 120: twice the "stock days
    /// under 60" target of the supply-chain constraints.
    pub excess_days_of_supply: f64,
    /// Days without demand after which stock on hand is obsolete. Default 90, the
    /// domain's obsolete flag ("no demand 90 d with stock").
    pub no_demand_horizon_days: u32,
    /// Expected demand over the no-demand horizon below which it counts as none, in
    /// units. Default 0.5: less than one unit expected.
    pub no_demand_units: f64,
}

impl Default for StatusConfig {
    fn default() -> Self {
        StatusConfig {
            excess_days_of_supply: 120.0,
            no_demand_horizon_days: 90,
            no_demand_units: 0.5,
        }
    }
}

/// One item's stock and policy, as of the forecast's start date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemStock {
    /// Item identifier.
    pub item: String,
    /// Units on hand.
    pub on_hand: Decimal,
    /// Open orders with their arrival dates.
    pub inbound: Vec<Inbound>,
    /// Reorder point in units (see [`crate::ReorderPolicy::reorder_point_units`]).
    pub reorder_point: Decimal,
    /// Safety stock in units.
    pub safety_stock: Decimal,
    /// Replenishment lead time in days.
    pub lead_time_days: u32,
    /// Days since the item last sold, if known.
    pub days_since_last_demand: Option<u32>,
}

/// What a risk reason is about, for the UI to switch on.
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
pub enum RiskKind {
    /// Nothing on hand now.
    OutOfStock,
    /// The projection runs out within the horizon.
    ProjectedStockout,
    /// On hand below safety stock.
    BelowSafetyStock,
    /// Inventory position at or below the reorder point.
    AtOrBelowReorderPoint,
    /// Stock with no demand over the no-demand horizon.
    Obsolete,
    /// More days of supply than the excess line.
    Excess,
}

/// One contribution to the risk score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskReason {
    /// What it is about.
    pub kind: RiskKind,
    /// Points it adds to the score (the total is capped at 100).
    pub points: u8,
    /// The reason in words, with dates and quantities.
    pub message: String,
}

/// Status, risk and projection for one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StockAssessment {
    /// Item identifier.
    pub item: String,
    /// One-word status.
    pub status: StockStatus,
    /// 0 (no concern) to 100 (act now): the sum of the reasons' points, capped.
    pub risk_score: u8,
    /// Why, most serious first.
    pub reasons: Vec<RiskReason>,
    /// Days the on-hand stock lasts against the forecast.
    pub days_of_supply: DaysOfSupply,
    /// On hand plus all inbound.
    pub inventory_position: Decimal,
    /// Day-by-day projection of on hand plus inbound less forecast demand.
    pub projection: Projection,
}

/// Points for each risk, kept together so that the score's make-up is visible in one
/// place. Running out dominates; overstock ranks below any shortage risk because it
/// costs money but loses no sales.
mod points {
    pub const OUT_OF_STOCK: u8 = 100;
    /// A stock-out projected within the lead time (only expediting can prevent it)
    /// scores this base plus up to `IN_LEAD_TIME_GAP` for how long it lasts.
    pub const IN_LEAD_TIME_BASE: f64 = 60.0;
    pub const IN_LEAD_TIME_GAP: f64 = 40.0;
    /// A later projected stock-out is avoidable by ordering in time; it scores at most
    /// this, more the closer it is to the lead time.
    pub const LATER_MAX: f64 = 10.0;
    pub const BELOW_SAFETY_STOCK: u8 = 30;
    pub const AT_REORDER_POINT: u8 = 20;
    pub const OBSOLETE: u8 = 40;
    /// Excess scores this base, plus up to `EXCESS_EXTRA` as cover reaches twice the
    /// excess line.
    pub const EXCESS_BASE: f64 = 10.0;
    pub const EXCESS_EXTRA: f64 = 20.0;
}

/// A gap of this many days or more (or the lead time, if longer) earns the full gap
/// points: a week without stock loses a week of sales and marketplace ranking.
const FULL_GAP_DAYS: f64 = 7.0;

/// Classifies one item's stock and scores its risk.
///
/// Status, first match wins:
/// 1. `out`: nothing on hand;
/// 2. `obsolete`: stock on hand, less than `no_demand_units` expected over the next
///    `no_demand_horizon_days` and (when known) no sale for that long;
/// 3. `critical`: on hand below safety stock, or a projected stock-out before an order
///    placed today could arrive (within the lead time);
/// 4. `low`: inventory position (on hand + inbound) at or below the reorder point;
/// 5. `excess`: days of supply above `excess_days_of_supply` (this needs a forecast at
///    least that long: cover beyond a shorter horizon is unknown, not excess);
/// 6. `healthy`.
///
/// The risk score adds the points of every reason that applies (not only the status's)
/// and caps the sum at 100.
pub fn assess_stock(
    stock: &ItemStock,
    forecast: &DemandForecast,
    config: &StatusConfig,
) -> Result<StockAssessment, PlanningError> {
    let projection = project_stock(stock.on_hand, &stock.inbound, forecast)?;
    let dos = days_of_supply(stock.on_hand, forecast)?;
    let inbound_total: Decimal = stock.inbound.iter().map(|i| i.quantity).sum();
    let on_hand = stock.on_hand.max(Decimal::ZERO);
    let position = on_hand + inbound_total;
    let lead = f64::from(stock.lead_time_days);
    let lead_time_end = day(forecast.start, stock.lead_time_days as usize);
    let year = forecast.start.year();
    let mut reasons = Vec::new();

    let out_now = on_hand.is_zero();
    let mut stockout_in_lead_time = false;
    if let Some(so) = projection.first_stockout {
        stockout_in_lead_time = so.date < lead_time_end;
        let gap_words = match so.next_inbound {
            Some(d) => format!(
                "inbound arrives {}; {} days uncovered",
                short_date(d, year),
                so.uncovered_days
            ),
            None => format!(
                "no inbound booked; at least {} days uncovered to the end of the forecast",
                so.uncovered_days
            ),
        };
        let gap = (f64::from(so.uncovered_days) / lead.max(FULL_GAP_DAYS)).min(1.0);
        if out_now {
            // Already out: the projected stock-out is today; say when it ends.
            let tail = if so.date == forecast.start {
                format!("; {gap_words}")
            } else {
                String::new()
            };
            reasons.push(RiskReason {
                kind: RiskKind::OutOfStock,
                points: points::OUT_OF_STOCK,
                message: format!(
                    "out of stock; {} units of demand expected over the {}-day lead time{tail}",
                    units(forecast.demand_over_days(stock.lead_time_days)?),
                    stock.lead_time_days
                ),
            });
        }
        if !out_now || so.date > forecast.start {
            let (score, when) = if stockout_in_lead_time {
                (
                    points::IN_LEAD_TIME_BASE + points::IN_LEAD_TIME_GAP * gap,
                    ", within the lead time".to_string(),
                )
            } else {
                let days_until = (so.date - forecast.start).num_days() as f64;
                (
                    points::LATER_MAX * (lead / days_until).min(1.0),
                    format!(
                        " unless ordered within {} days",
                        (days_until - lead).max(0.0)
                    ),
                )
            };
            reasons.push(RiskReason {
                kind: RiskKind::ProjectedStockout,
                points: score.round().clamp(0.0, 100.0) as u8,
                message: format!(
                    "projected stock-out on {}{when}; {gap_words}",
                    short_date(so.date, year)
                ),
            });
        }
    } else if out_now {
        reasons.push(RiskReason {
            kind: RiskKind::OutOfStock,
            points: points::OUT_OF_STOCK,
            message: "out of stock; inbound covers the forecast".to_string(),
        });
    }

    let below_ss = !out_now && on_hand < stock.safety_stock;
    if below_ss {
        reasons.push(RiskReason {
            kind: RiskKind::BelowSafetyStock,
            points: points::BELOW_SAFETY_STOCK,
            message: format!(
                "on hand {} is below safety stock {}",
                on_hand.normalize(),
                stock.safety_stock.normalize()
            ),
        });
    }
    let at_rop = position <= stock.reorder_point;
    if at_rop {
        reasons.push(RiskReason {
            kind: RiskKind::AtOrBelowReorderPoint,
            points: points::AT_REORDER_POINT,
            message: format!(
                "inventory position {} (on hand {} + inbound {}) is at or below the reorder point {}: order now",
                position.normalize(),
                on_hand.normalize(),
                inbound_total.normalize(),
                stock.reorder_point.normalize()
            ),
        });
    }
    let horizon_demand = forecast.demand_over_days(config.no_demand_horizon_days)?;
    let obsolete = !out_now
        && horizon_demand < config.no_demand_units
        && stock
            .days_since_last_demand
            .is_none_or(|d| d >= config.no_demand_horizon_days);
    if obsolete {
        let last_sale = match stock.days_since_last_demand {
            Some(d) => format!(", none sold for {d} days"),
            None => String::new(),
        };
        reasons.push(RiskReason {
            kind: RiskKind::Obsolete,
            points: points::OBSOLETE,
            message: format!(
                "no demand expected in the next {} days with {} units on hand{last_sale}",
                config.no_demand_horizon_days,
                on_hand.normalize()
            ),
        });
    }
    let excess = !obsolete && dos.days > config.excess_days_of_supply;
    if excess {
        let over = (dos.days / config.excess_days_of_supply - 1.0).clamp(0.0, 1.0);
        let cover = if dos.beyond_horizon {
            format!("more than {:.0} days of supply", dos.days)
        } else {
            format!("{:.0} days of supply", dos.days)
        };
        reasons.push(RiskReason {
            kind: RiskKind::Excess,
            points: (points::EXCESS_BASE + points::EXCESS_EXTRA * over).round() as u8,
            message: format!(
                "{cover}, over the {:.0}-day excess line",
                config.excess_days_of_supply
            ),
        });
    }

    let status = if out_now {
        StockStatus::Out
    } else if obsolete {
        StockStatus::Obsolete
    } else if below_ss || stockout_in_lead_time {
        StockStatus::Critical
    } else if at_rop {
        StockStatus::Low
    } else if excess {
        StockStatus::Excess
    } else {
        StockStatus::Healthy
    };
    // Stable sort: equal points keep the order above (shortage before overstock).
    reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
    let total: u32 = reasons.iter().map(|r| u32::from(r.points)).sum();
    Ok(StockAssessment {
        item: stock.item.clone(),
        status,
        risk_score: u8::try_from(total.min(100)).unwrap_or(100),
        reasons,
        days_of_supply: dos,
        inventory_position: position,
        projection,
    })
}

/// Whole units for messages: demand forecasts are fractional, people count bottles.
fn units(x: f64) -> String {
    format!("{:.0}", x.max(0.0))
}

/// "12 Mar", with the year only when it differs from the projection's start.
fn short_date(d: NaiveDate, year: i32) -> String {
    if d.year() == year {
        d.format("%-d %b").to_string()
    } else {
        d.format("%-d %b %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn stock(on_hand: Decimal, inbound: Vec<Inbound>) -> ItemStock {
        ItemStock {
            item: "GABA_RED_UK".to_string(),
            on_hand,
            inbound,
            reorder_point: dec!(200),
            safety_stock: dec!(60),
            lead_time_days: 14,
            days_since_last_demand: Some(1),
        }
    }

    fn ten_a_day(days: usize) -> DemandForecast {
        DemandForecast::daily(date(3, 1), vec![10.0; days])
    }

    #[test]
    fn a_stockout_inside_the_lead_time_is_critical_and_says_when_and_for_how_long() {
        // 110 units at 10 a day last 1–11 Mar; 12 Mar is short; 500 arrive 20 Mar.
        let s = stock(
            dec!(110),
            vec![Inbound {
                arrives_on: date(3, 20),
                quantity: dec!(500),
            }],
        );
        let a = assess_stock(&s, &ten_a_day(60), &StatusConfig::default()).unwrap();
        assert_eq!(a.status, StockStatus::Critical);
        let r = &a.reasons[0];
        assert_eq!(r.kind, RiskKind::ProjectedStockout);
        assert!(
            r.message.contains("projected stock-out on 12 Mar")
                && r.message
                    .contains("inbound arrives 20 Mar; 8 days uncovered"),
            "{}",
            r.message
        );
        // 60 + 40 × 8/14.
        assert_eq!(a.risk_score, 83);
    }

    #[test]
    fn nothing_on_hand_is_out_with_the_top_score() {
        let a = assess_stock(
            &stock(dec!(0), vec![]),
            &ten_a_day(30),
            &StatusConfig::default(),
        )
        .unwrap();
        assert_eq!(a.status, StockStatus::Out);
        assert_eq!(a.risk_score, 100);
        assert!(
            a.reasons[0].message.contains("140 units of demand"),
            "{}",
            a.reasons[0].message
        );
    }

    #[test]
    fn position_at_the_reorder_point_is_low_with_a_deadline_to_order() {
        // 200 on hand lasts 20 days (stock-out 21 Mar), beyond the 14-day lead time.
        let a = assess_stock(
            &stock(dec!(200), vec![]),
            &ten_a_day(60),
            &StatusConfig::default(),
        )
        .unwrap();
        assert_eq!(a.status, StockStatus::Low);
        let stockout = a
            .reasons
            .iter()
            .find(|r| r.kind == RiskKind::ProjectedStockout)
            .unwrap();
        assert!(
            stockout.message.contains("unless ordered within 6 days"),
            "{}",
            stockout.message
        );
        // 20 (at the reorder point) + 10 × 14/20.
        assert_eq!(a.risk_score, 27);
    }

    #[test]
    fn on_hand_below_safety_stock_is_critical() {
        let mut s = stock(dec!(150), vec![]);
        s.safety_stock = dec!(160);
        let a = assess_stock(&s, &ten_a_day(60), &StatusConfig::default()).unwrap();
        assert_eq!(a.status, StockStatus::Critical);
        assert!(a
            .reasons
            .iter()
            .any(|r| r.kind == RiskKind::BelowSafetyStock));
    }

    #[test]
    fn stock_between_reorder_point_and_excess_line_is_healthy() {
        let a = assess_stock(
            &stock(dec!(600), vec![]),
            &ten_a_day(200),
            &StatusConfig::default(),
        )
        .unwrap();
        assert_eq!(a.status, StockStatus::Healthy);
        assert!(a.risk_score <= 10, "score {}", a.risk_score);
    }

    #[test]
    fn more_cover_than_the_excess_line_is_excess() {
        let a = assess_stock(
            &stock(dec!(1500), vec![]),
            &ten_a_day(200),
            &StatusConfig::default(),
        )
        .unwrap();
        assert_eq!(a.status, StockStatus::Excess);
        assert!((a.days_of_supply.days - 150.0).abs() < 1e-9);
        // 10 + 20 × (150/120 − 1) for the excess, + 10 × 14/150 ≈ 1 for the stock-out
        // projected on day 151 with no order booked.
        assert_eq!(a.risk_score, 16);
    }

    #[test]
    fn stock_with_no_demand_for_the_horizon_is_obsolete_unless_it_sold_recently() {
        let none = DemandForecast::daily(date(3, 1), vec![0.0; 120]);
        let mut s = stock(dec!(500), vec![]);
        s.reorder_point = dec!(0);
        s.safety_stock = dec!(0);
        s.days_since_last_demand = Some(130);
        let a = assess_stock(&s, &none, &StatusConfig::default()).unwrap();
        assert_eq!(a.status, StockStatus::Obsolete);
        assert!(a.reasons[0].message.contains("none sold for 130 days"));
        s.days_since_last_demand = Some(20);
        let a = assess_stock(&s, &none, &StatusConfig::default()).unwrap();
        assert_ne!(a.status, StockStatus::Obsolete);
    }

    #[test]
    fn dates_in_another_year_carry_the_year() {
        assert_eq!(short_date(date(3, 12), 2026), "12 Mar");
        let next = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(short_date(next, 2026), "5 Jan 2027");
    }
}
