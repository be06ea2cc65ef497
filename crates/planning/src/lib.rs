//! Supply planning for Sentia: inventory policy and replenishment orders.
//!
//! Pure compute: data in, data out; no database, no IO, no async. Money is `Decimal`;
//! statistical quantities (demand means, standard deviations, probabilities, safety
//! stock before rounding) are `f64`, and become whole units in `Decimal` through
//! [`whole_units_up`].
//!
//! - [`abc`]: ABC classes by cumulative revenue share and the service level of each.
//! - [`service`]: the two service targets, **cycle service level** (no stock-out in a
//!   cycle) and **fill rate** (share of demand served), for normal lead-time demand.
//! - [`policy`]: lead-time demand from the per-period forecast and its error spread,
//!   then safety stock and reorder point (normal, Poisson or negative binomial).
//! - [`coverage`]: days of supply and a day-by-day stock projection.
//! - [`orders`]: EOQ, lot rules (MOQ, lot multiple, batch maximum) and a greedy fit of
//!   orders within capacity, working-capital and storage limits, with decision records.
//! - [`item`]: one item's whole plan (policy, status, projection, the order to place),
//!   as the planning run and the item screen's "what if" use it.
//! - [`status`]: stock status (out / critical / low / healthy / excess / obsolete) and a
//!   0–100 risk score with reasons.
//!
//! ```
//! use rust_decimal_macros::dec;
//! use sentia_planning::{
//!     apply_lot_rules, eoq, reorder_policy, ItemDemand, LotRules, PolicyConfig, ServiceTarget,
//! };
//!
//! // Weekly forecast with a peak inside the two-week lead time; backtest errors σ 40/week.
//! let item = ItemDemand {
//!     forecast: vec![150.0, 250.0, 160.0, 160.0],
//!     forecast_error_sd: 40.0,
//!     lead_time: 2.0,
//!     lead_time_sd: 0.5,
//!     order_quantity: Some(600.0),
//!     intermittent: false,
//! };
//! let policy = reorder_policy(&item, ServiceTarget::CycleServiceLevel(0.98), &PolicyConfig::default())?;
//! assert_eq!(policy.demand.mean, 400.0);
//! assert!(policy.cycle_service_level >= 0.98);
//! println!("SS {} ROP {} fill rate {:?}", policy.safety_stock_units(),
//!          policy.reorder_point_units(), policy.fill_rate);
//!
//! // 10,000 bottles a year, £47 per order, £3.60 per bottle per year to hold.
//! let q = eoq(dec!(10000), dec!(47), dec!(3.60))?;
//! let rules = LotRules { moq: dec!(500), lot_multiple: dec!(100), batch_max: Some(dec!(1000)) };
//! let sized = apply_lot_rules("GABA_RED_UK", q, &rules, dec!(15))?;
//! assert_eq!(sized.quantity, dec!(600)); // EOQ ≈ 511, rounded up to whole lots of 100
//! # Ok::<(), sentia_planning::PlanningError>(())
//! ```
#![warn(missing_docs)]

pub mod abc;
pub mod coverage;
mod error;
pub mod item;
pub mod orders;
pub mod policy;
pub mod service;
pub mod status;

pub use abc::{classify_abc, AbcClass, AbcConfig, AbcEntry, ItemRevenue};
pub use coverage::{
    days_of_supply, project_stock, DaysOfSupply, DemandForecast, Inbound, ProjectedDay, Projection,
    StockOut,
};
pub use error::PlanningError;
pub use item::{plan_item, ItemInputs, ItemPlan, RecommendedOrder, WEEK_DAYS};
pub use orders::{
    apply_lot_rules, eoq, fit_orders, replenishment_quantity, AdjustmentReason, Decision,
    FitResult, Limits, LotRules, LotSized, PlannedOrder, ProposedOrder, Usage,
};
pub use policy::{
    lead_time_demand, reorder_policy, whole_units_up, DemandModel, ItemDemand, LeadTimeDemand,
    PolicyConfig, ReorderPolicy, ServiceTarget,
};
pub use service::{
    csl_for_reorder_point, expected_shortage_per_cycle, fill_rate, safety_factor,
    safety_stock_for_csl, safety_stock_for_fill_rate, standard_normal_loss,
};
pub use status::{
    assess_stock, ItemStock, RiskKind, RiskReason, StatusConfig, StockAssessment, StockStatus,
};
