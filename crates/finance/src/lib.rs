//! Working-capital arithmetic for Sentia, in `Decimal` end to end.
//!
//! The formulas follow the company's finance handbook: days sales outstanding,
//! days inventory outstanding, days payables outstanding and the cash conversion cycle
//! (CCC = DIO + DSO − DPO), each over a period of a given number of days.
//!
//! ```
//! use rust_decimal_macros::dec;
//! use sentia_finance::CycleDays;
//! let days = CycleDays::compute(
//!     dec!(31), // days in the period
//!     dec!(120000), dec!(40000), // revenue, cost of goods sold
//!     dec!(45000), dec!(30000), dec!(12000), // average receivables, inventory, payables
//! ).unwrap();
//! assert_eq!(days.ccc, days.dio + days.dso - days.dpo);
//! ```
//!
//! [`cash`] projects one entity's cash, balances, cycle days and credit line period by
//! period, and consolidates entities in different currencies; [`scenario`] builds those
//! inputs from forecast demand under a scenario's drivers, names the domain brief's
//! scenarios, and estimates the chance of a cash shortfall from simulated demand paths.
#![warn(missing_docs)]

pub mod cash;
pub mod scenario;

pub use cash::{
    consolidate, lagged, project_cash, spread_over, Balances, CashError, CashInputs, CashPeriod,
    ConsolidatedPeriod, CreditLine, LineStep, Period,
};
pub use scenario::{
    inputs_for_units, line_figures, line_receipts, named_scenarios, project_company,
    project_scenario, shortfall_risk, units_on, Company, CompanyEntity, CompanyProjection,
    DemandPath, Drivers, Entity, LineFigures, NamedScenario, SalesLine, ShortfallRisk,
};

use rust_decimal::{Decimal, RoundingStrategy};

/// Days are reported to two decimals: enough for a KPI, and exact so that the stored
/// CCC equals DIO + DSO − DPO to the cent.
pub const DAYS_DP: u32 = 2;

fn round_days(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(DAYS_DP, RoundingStrategy::MidpointNearestEven)
}

/// The average of an opening and a closing balance, as the handbook defines averages.
pub fn average_balance(opening: Decimal, closing: Decimal) -> Decimal {
    (opening + closing) / Decimal::TWO
}

/// The working-capital cycle of one period, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleDays {
    /// Days sales outstanding: how long customers take to pay.
    pub dso: Decimal,
    /// Days inventory outstanding: how long stock sits before it sells.
    pub dio: Decimal,
    /// Days payables outstanding: how long we take to pay suppliers.
    pub dpo: Decimal,
    /// Cash conversion cycle, DIO + DSO − DPO.
    pub ccc: Decimal,
}

impl CycleDays {
    /// DSO = days × avg AR / revenue; DIO = days × avg inventory / COGS;
    /// DPO = days × avg AP / COGS. `None` when revenue or COGS is zero (no activity to
    /// measure against: the days are undefined, not zero).
    pub fn compute(
        period_days: Decimal,
        revenue: Decimal,
        cogs: Decimal,
        avg_receivables: Decimal,
        avg_inventory: Decimal,
        avg_payables: Decimal,
    ) -> Option<Self> {
        if revenue.is_zero() || cogs.is_zero() {
            return None;
        }
        let dso = round_days(period_days * avg_receivables / revenue);
        let dio = round_days(period_days * avg_inventory / cogs);
        let dpo = round_days(period_days * avg_payables / cogs);
        Some(Self {
            dso,
            dio,
            dpo,
            ccc: dio + dso - dpo,
        })
    }
}

/// Where a cash conversion cycle stands against its target, in the finance handbook's
/// bands: up to the target on target, up to 10 days over amber, up to 20 over red, beyond
/// that critical (with a 55-day target: amber 55–65, red over 65, critical over 75).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CccBand {
    /// At or under the target.
    OnTarget,
    /// Up to 10 days over.
    Amber,
    /// Up to 20 days over.
    Red,
    /// More than 20 days over.
    Critical,
}

impl CccBand {
    /// The band of `ccc` days against `target` days.
    pub fn of(ccc: Decimal, target: Decimal) -> Self {
        let over = ccc - target;
        if over <= Decimal::ZERO {
            CccBand::OnTarget
        } else if over <= Decimal::TEN {
            CccBand::Amber
        } else if over <= Decimal::from(20) {
            CccBand::Red
        } else {
            CccBand::Critical
        }
    }
}

/// Net operating working capital: receivables plus inventory minus payables.
pub fn working_capital_requirement(
    receivables: Decimal,
    inventory: Decimal,
    payables: Decimal,
) -> Decimal {
    receivables + inventory - payables
}

/// A product's margin per unit: what is left of the selling price after the unit cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitMargin {
    /// Selling price less unit cost, in the prices' currency.
    pub amount: Decimal,
    /// The amount as a share of the selling price (0.4 is 40 %), to four decimals; zero
    /// for a zero price, which has no margin to speak of.
    pub share: Decimal,
}

impl UnitMargin {
    /// The margin of selling at `selling_price` what costs `unit_cost` to make.
    pub fn of(unit_cost: Decimal, selling_price: Decimal) -> Self {
        let amount = selling_price - unit_cost;
        let share = if selling_price.is_zero() {
            Decimal::ZERO
        } else {
            (amount / selling_price)
                .round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
        };
        UnitMargin { amount, share }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn handbook_example_gives_expected_days() {
        // 30-day month, £100k revenue, £40k COGS, £50k AR, £60k stock, £20k AP.
        let days = CycleDays::compute(
            dec!(30),
            dec!(100000),
            dec!(40000),
            dec!(50000),
            dec!(60000),
            dec!(20000),
        )
        .unwrap();
        assert_eq!(days.dso, dec!(15));
        assert_eq!(days.dio, dec!(45));
        assert_eq!(days.dpo, dec!(15));
        assert_eq!(days.ccc, dec!(45));
    }

    /// Worked example 11 of `shared/spec/worked-examples.md` (a public reference entry on
    /// the cash conversion cycle): each component is rounded to two decimals and the CCC is
    /// their sum, 97.64 (the exact 97.6375 rounds the same; rounding each to one decimal
    /// first would give 97.7).
    #[test]
    fn reference_entry_cash_conversion_cycle() {
        let d = CycleDays::compute(
            dec!(365),
            dec!(12000),
            dec!(4000),
            dec!(660),
            dec!(2050),
            dec!(1200),
        )
        .unwrap();
        assert_eq!(
            (d.dio, d.dso, d.dpo, d.ccc),
            (dec!(187.06), dec!(20.08), dec!(109.50), dec!(97.64))
        );
    }

    /// Worked example 12 (a public Q&A): DIO 76.04, DSO 97.33, DPO 25.35. The exact CCC is
    /// 148.0278, given there as 148.03; the sum of the rounded components, which is what
    /// is stored so that the identity holds to the cent, is 148.02.
    #[test]
    fn public_qa_cash_conversion_cycle() {
        let d = CycleDays::compute(
            dec!(365),
            dec!(600000),
            dec!(360000),
            dec!(160000),
            dec!(75000),
            dec!(25000),
        )
        .unwrap();
        assert_eq!(
            (d.dio, d.dso, d.dpo),
            (dec!(76.04), dec!(97.33), dec!(25.35))
        );
        assert_eq!(d.ccc, dec!(148.02));
    }

    #[test]
    fn ccc_bands_follow_the_handbook() {
        let t = dec!(55);
        assert_eq!(CccBand::of(dec!(55), t), CccBand::OnTarget);
        assert_eq!(CccBand::of(dec!(55.01), t), CccBand::Amber);
        assert_eq!(CccBand::of(dec!(65), t), CccBand::Amber);
        assert_eq!(CccBand::of(dec!(65.5), t), CccBand::Red);
        assert_eq!(CccBand::of(dec!(75), t), CccBand::Red);
        assert_eq!(CccBand::of(dec!(75.01), t), CccBand::Critical);
    }

    #[test]
    fn days_are_undefined_without_activity() {
        assert!(
            CycleDays::compute(dec!(30), dec!(0), dec!(1), dec!(1), dec!(1), dec!(1)).is_none()
        );
    }

    proptest! {
        #[test]
        fn ccc_always_balances(rev in 1u32..10_000_000, cogs in 1u32..10_000_000,
                               ar in 0u32..10_000_000, inv in 0u32..10_000_000, ap in 0u32..10_000_000) {
            let d = CycleDays::compute(dec!(30.4), Decimal::from(rev) / dec!(100), Decimal::from(cogs) / dec!(100),
                Decimal::from(ar) / dec!(100), Decimal::from(inv) / dec!(100), Decimal::from(ap) / dec!(100)).unwrap();
            prop_assert_eq!(d.ccc, d.dio + d.dso - d.dpo);
            prop_assert!(d.dso >= Decimal::ZERO && d.dio >= Decimal::ZERO && d.dpo >= Decimal::ZERO);
        }
    }

    #[test]
    fn unit_margin_is_price_less_cost_and_its_share_of_the_price() {
        let m = UnitMargin::of(dec!(12.50), dec!(29.99));
        assert_eq!(m.amount, dec!(17.49));
        assert_eq!(m.share, dec!(0.5832));
        assert_eq!(UnitMargin::of(dec!(5), dec!(0)).share, dec!(0));
        assert_eq!(UnitMargin::of(dec!(12), dec!(10)).amount, dec!(-2));
    }
}
