//! The cash projection of one entity in one currency, period by period: sales collected
//! after the channels' settlement terms less bad debt, suppliers paid at their terms, duty
//! paid on stock as it is bought, VAT settled when its return is due, the revolving credit line drawn only for the
//! shortfall below the minimum cash and repaid when cash allows, and the balances and
//! cycle days that follow.
//!
//! Every amount is a `Decimal` rounded to the penny where it is booked, and the
//! identities hold exactly: closing cash = opening cash + net flow + draw − repayment;
//! receivables, payables and inventory roll forward from their flows; CCC = DIO + DSO − DPO.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::{average_balance, CycleDays};

/// One projection period: its length in days (a month, a week, a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// Days in the period.
    pub days: u32,
}

/// What the entity sells and buys in each period, and on what terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashInputs {
    /// The periods, in order.
    pub periods: Vec<Period>,
    /// Net revenue booked in each period (before VAT), after channel commission and fees.
    pub revenue: Vec<Decimal>,
    /// Cost of the goods sold in each period.
    pub cogs: Vec<Decimal>,
    /// Stock bought or produced in each period, at cost (the replenishment plan).
    pub purchases: Vec<Decimal>,
    /// Operating expenses paid in each period.
    pub opex: Vec<Decimal>,
    /// Days from a sale to its cash (the channel's settlement terms).
    pub collection_days: u32,
    /// Share of sales never collected, e.g. 0.01.
    pub bad_debt_rate: Decimal,
    /// Days from a purchase to paying the supplier.
    pub payment_days: u32,
    /// VAT on sales and purchases, e.g. 0.20.
    pub vat_rate: Decimal,
    /// For each period, the period in which the VAT arising in it is paid (after it; an
    /// index past the end: beyond the projection). Empty: the next period.
    pub vat_due: Vec<usize>,
    /// Import duty on purchases, paid as stock is bought, e.g. 0.032.
    pub duty_rate: Decimal,
    /// Balances at the start.
    pub opening: Balances,
    /// The revolving credit line.
    pub credit: CreditLine,
}

/// Balances at a point in time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Balances {
    /// Cash.
    pub cash: Decimal,
    /// Sales not yet collected (net of VAT).
    pub receivables: Decimal,
    /// Purchases not yet paid (net of VAT).
    pub payables: Decimal,
    /// Stock at cost.
    pub inventory: Decimal,
    /// Drawn on the credit line.
    pub drawn: Decimal,
    /// VAT owed to (positive) or reclaimable from (negative) the tax office, not yet settled.
    pub vat_owed: Decimal,
}

/// A revolving credit line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreditLine {
    /// Most that can be drawn.
    pub limit: Decimal,
    /// Cash never to fall below; the line is drawn to keep it.
    pub minimum_cash: Decimal,
    /// Interest per year on the drawn balance, e.g. 0.065.
    pub annual_rate: Decimal,
}

/// One period of a credit line: interest on the opening balance, then a draw for the
/// shortfall below the minimum cash or a repayment from cash above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineStep {
    /// Interest paid on the balance drawn at the start.
    pub interest: Decimal,
    /// The period's flow after interest.
    pub net_flow: Decimal,
    /// Drawn.
    pub draw: Decimal,
    /// Repaid.
    pub repayment: Decimal,
    /// Cash at the end.
    pub cash: Decimal,
    /// Balance drawn at the end.
    pub drawn: Decimal,
    /// Limit − drawn at the end.
    pub headroom: Decimal,
    /// Cash below the minimum even with the line fully drawn.
    pub shortfall: Decimal,
}

impl CreditLine {
    /// The line over one period of `days`, from `cash` and `drawn` at its start and the
    /// period's flow before interest: draw only the shortfall below the minimum cash (within
    /// the limit), repay from cash above it.
    pub fn step(&self, cash: Decimal, drawn: Decimal, flow: Decimal, days: u32) -> LineStep {
        let interest = penny(drawn * self.annual_rate * Decimal::from(days) / Decimal::from(365));
        let net_flow = flow - interest;
        let pre = cash + net_flow;
        let headroom_before = (self.limit - drawn).max(Decimal::ZERO);
        let (draw, repayment) = if pre < self.minimum_cash {
            (
                (self.minimum_cash - pre).min(headroom_before),
                Decimal::ZERO,
            )
        } else {
            (Decimal::ZERO, (pre - self.minimum_cash).min(drawn))
        };
        let cash = pre + draw - repayment;
        let drawn = drawn + draw - repayment;
        LineStep {
            interest,
            net_flow,
            draw,
            repayment,
            cash,
            drawn,
            headroom: self.limit - drawn,
            shortfall: (self.minimum_cash - cash).max(Decimal::ZERO),
        }
    }

    /// A company's cash pool over the consolidated flows (before interest) of its
    /// entities: the line steps period by period from the opening cash and balance.
    pub fn fund(
        &self,
        cash: Decimal,
        drawn: Decimal,
        flows: &[Decimal],
        periods: &[Period],
    ) -> Vec<LineStep> {
        let (mut cash, mut drawn) = (cash, drawn);
        flows
            .iter()
            .zip(periods)
            .map(|(flow, p)| {
                let step = self.step(cash, drawn, *flow, p.days);
                (cash, drawn) = (step.cash, step.drawn);
                step
            })
            .collect()
    }
}

/// One period of the projection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CashPeriod {
    /// Revenue booked.
    pub revenue: Decimal,
    /// Cost of goods sold.
    pub cogs: Decimal,
    /// Cash collected from customers, VAT included.
    pub receipts: Decimal,
    /// Sales written off as never collected.
    pub bad_debt: Decimal,
    /// Cash paid to suppliers, VAT included.
    pub supplier_payments: Decimal,
    /// Operating expenses paid.
    pub opex: Decimal,
    /// VAT paid to (positive) or refunded by (negative) the tax office.
    pub vat_paid: Decimal,
    /// VAT arising in the period: on sales collected less on purchases paid.
    pub vat_arising: Decimal,
    /// Import duty paid on the period's purchases.
    pub duty: Decimal,
    /// Interest paid on the line's balance at the start of the period.
    pub interest: Decimal,
    /// Receipts − supplier payments − opex − VAT − duty − interest.
    pub net_flow: Decimal,
    /// Drawn on the line to keep the minimum cash.
    pub draw: Decimal,
    /// Repaid to the line from cash above the minimum.
    pub repayment: Decimal,
    /// Balances at the start of the period.
    pub opening: Balances,
    /// Balances at its end.
    pub closing: Balances,
    /// Limit − drawn at the end.
    pub headroom: Decimal,
    /// Cash below the minimum even with the line fully drawn.
    pub shortfall: Decimal,
    /// DSO, DIO, DPO and CCC over the period; `None` without revenue or COGS.
    pub days: Option<CycleDays>,
    /// Receivables + inventory − payables at the end.
    pub working_capital: Decimal,
    /// Change in working capital over the period.
    pub working_capital_change: Decimal,
}

/// Why a projection cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CashError {
    /// A per-period series does not have one value per period.
    #[error("{series} has {got} values for {want} periods")]
    Length {
        /// Which series.
        series: &'static str,
        /// Values given.
        got: usize,
        /// Periods.
        want: usize,
    },
    /// A rate outside 0..1 or a negative amount where none is allowed.
    #[error("{what} must be {rule}, not {value}")]
    OutOfRange {
        /// What.
        what: &'static str,
        /// The rule.
        rule: &'static str,
        /// The value given.
        value: Decimal,
    },
}

/// An amount rounded to the penny, half to even.
pub(crate) fn penny(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
}

/// `amount` falling due evenly over the first `days` days (all in the first period when
/// `days` is 0), per period, to the penny; what falls after the last period is left out.
pub fn spread_over(periods: &[Period], amount: Decimal, days: u32) -> Vec<Decimal> {
    let mut due = vec![Decimal::ZERO; periods.len()];
    if periods.is_empty() || amount.is_zero() {
        return due;
    }
    if days == 0 {
        due[0] = amount;
        return due;
    }
    let span = u64::from(days);
    let mut start = 0u64;
    let mut allocated = Decimal::ZERO;
    let mut last_hit = None;
    for (j, p) in periods.iter().enumerate() {
        let end = start + u64::from(p.days);
        let overlap = end.min(span).saturating_sub(start);
        if overlap > 0 {
            let share = penny(amount * Decimal::from(overlap) / Decimal::from(span));
            due[j] += share;
            allocated += share;
            last_hit = Some(j);
        }
        start = end;
    }
    // Wholly inside the periods: the rounding difference goes to the last period hit.
    if start >= span {
        if let Some(j) = last_hit {
            due[j] += amount - allocated;
        }
    }
    due
}

/// Each period's amount, booked evenly over its days, moved `lag` days later and summed
/// again per period: what falls due in each period. Whatever falls due after the last
/// period is returned as the remainder. Shares are rounded to the penny so that every
/// amount is accounted for exactly: Σ due + remainder = Σ amounts.
pub fn lagged(periods: &[Period], amounts: &[Decimal], lag: u32) -> (Vec<Decimal>, Decimal) {
    let starts: Vec<u64> = periods
        .iter()
        .scan(0u64, |day, p| {
            let start = *day;
            *day += u64::from(p.days);
            Some(start)
        })
        .collect();
    let end = starts.last().copied().unwrap_or(0) + periods.last().map_or(0, |p| u64::from(p.days));
    let mut due = vec![Decimal::ZERO; periods.len()];
    let mut remainder = Decimal::ZERO;
    for (i, (p, amount)) in periods.iter().zip(amounts).enumerate() {
        if p.days == 0 {
            continue;
        }
        // Days of period i land in [start + lag, start + days + lag): split that range over
        // the periods it overlaps, by overlap in days.
        let from = starts[i] + u64::from(lag);
        let to = from + u64::from(p.days);
        let mut allocated = Decimal::ZERO;
        for (j, q) in periods.iter().enumerate() {
            let (s, e) = (starts[j], starts[j] + u64::from(q.days));
            let overlap = to.min(e).saturating_sub(from.max(s));
            if overlap > 0 {
                let share = penny(*amount * Decimal::from(overlap) / Decimal::from(p.days));
                due[j] += share;
                allocated += share;
            }
        }
        let beyond = to.saturating_sub(from.max(end));
        if beyond == 0 {
            // Fully inside the horizon: the rounding difference goes to the last period hit.
            let diff = *amount - allocated;
            if !diff.is_zero() {
                if let Some(j) = (0..periods.len())
                    .rev()
                    .find(|j| starts[*j] < to && starts[*j] + u64::from(periods[*j].days) > from)
                {
                    due[j] += diff;
                }
            }
        } else {
            remainder += *amount - allocated;
        }
    }
    (due, remainder)
}

fn check_rate(what: &'static str, value: Decimal) -> Result<(), CashError> {
    if value < Decimal::ZERO || value > Decimal::ONE {
        return Err(CashError::OutOfRange {
            what,
            rule: "between 0 and 1",
            value,
        });
    }
    Ok(())
}

/// Projects cash, balances and cycle days period by period.
pub fn project_cash(inputs: &CashInputs) -> Result<Vec<CashPeriod>, CashError> {
    let n = inputs.periods.len();
    for (series, values) in [
        ("revenue", &inputs.revenue),
        ("cogs", &inputs.cogs),
        ("purchases", &inputs.purchases),
        ("opex", &inputs.opex),
    ] {
        if values.len() != n {
            return Err(CashError::Length {
                series,
                got: values.len(),
                want: n,
            });
        }
    }
    check_rate("the bad-debt rate", inputs.bad_debt_rate)?;
    check_rate("the VAT rate", inputs.vat_rate)?;
    check_rate("the duty rate", inputs.duty_rate)?;
    if !inputs.vat_due.is_empty() && inputs.vat_due.len() != n {
        return Err(CashError::Length {
            series: "vat_due",
            got: inputs.vat_due.len(),
            want: n,
        });
    }
    check_rate("the interest rate", inputs.credit.annual_rate)?;
    if inputs.credit.limit < Decimal::ZERO {
        return Err(CashError::OutOfRange {
            what: "the credit limit",
            rule: "zero or more",
            value: inputs.credit.limit,
        });
    }
    let (collected, _) = lagged(&inputs.periods, &inputs.revenue, inputs.collection_days);
    let (paid, _) = lagged(&inputs.periods, &inputs.purchases, inputs.payment_days);
    // The opening balances are what the last `terms` days sold or bought: they fall due
    // evenly over the first `terms` days, whatever the periods' length.
    let ar_due = spread_over(
        &inputs.periods,
        inputs.opening.receivables,
        inputs.collection_days,
    );
    let ap_due = spread_over(
        &inputs.periods,
        inputs.opening.payables,
        inputs.payment_days,
    );

    let credit = inputs.credit;
    let mut open = inputs.opening;
    // VAT falling due in each period; what was owed at the start is due in the first.
    let mut vat_due_in = vec![Decimal::ZERO; n];
    if n > 0 {
        vat_due_in[0] = inputs.opening.vat_owed;
    }
    let mut out = Vec::with_capacity(n);
    for t in 0..n {
        let days = Decimal::from(inputs.periods[t].days);
        let collected_net = collected[t] + ar_due[t];
        let bad_debt = penny(collected_net * inputs.bad_debt_rate);
        let received_net = collected_net - bad_debt;
        let vat_out = penny(received_net * inputs.vat_rate);
        let paid_net = paid[t] + ap_due[t];
        let vat_in = penny(paid_net * inputs.vat_rate);
        let receipts = received_net + vat_out;
        let supplier_payments = paid_net + vat_in;
        let vat_arising = vat_out - vat_in;
        // Settled when its return is due, never in the period it arises.
        let due = inputs.vat_due.get(t).copied().unwrap_or(t + 1).max(t + 1);
        if let Some(d) = vat_due_in.get_mut(due) {
            *d += vat_arising;
        }
        let vat_paid = vat_due_in[t];
        let duty = penny(inputs.purchases[t] * inputs.duty_rate);
        let step = credit.step(
            open.cash,
            open.drawn,
            receipts - supplier_payments - inputs.opex[t] - vat_paid - duty,
            inputs.periods[t].days,
        );
        let closing = Balances {
            cash: step.cash,
            receivables: open.receivables + inputs.revenue[t] - collected_net,
            payables: open.payables + inputs.purchases[t] - paid_net,
            inventory: open.inventory + inputs.purchases[t] - inputs.cogs[t],
            drawn: step.drawn,
            vat_owed: open.vat_owed + vat_arising - vat_paid,
        };
        let working_capital = closing.receivables + closing.inventory - closing.payables;
        let opening_wc = open.receivables + open.inventory - open.payables;
        out.push(CashPeriod {
            revenue: inputs.revenue[t],
            cogs: inputs.cogs[t],
            receipts,
            bad_debt,
            supplier_payments,
            opex: inputs.opex[t],
            vat_paid,
            vat_arising,
            duty,
            interest: step.interest,
            net_flow: step.net_flow,
            draw: step.draw,
            repayment: step.repayment,
            opening: open,
            closing,
            headroom: step.headroom,
            shortfall: step.shortfall,
            days: CycleDays::compute(
                days,
                inputs.revenue[t],
                inputs.cogs[t],
                average_balance(open.receivables, closing.receivables),
                average_balance(open.inventory, closing.inventory),
                average_balance(open.payables, closing.payables),
            ),
            working_capital,
            working_capital_change: working_capital - opening_wc,
        });
        open = closing;
    }
    Ok(out)
}

/// Converts each entity's periods to the reporting currency at its period rates and adds
/// them up: consolidated = Σ converted rows, each converted amount rounded to the penny.
/// `rates[e][t]` is reporting currency per unit of entity `e`'s currency in period `t`.
pub fn consolidate(
    entities: &[Vec<CashPeriod>],
    rates: &[Vec<Decimal>],
) -> Vec<ConsolidatedPeriod> {
    let n = entities.iter().map(Vec::len).max().unwrap_or(0);
    (0..n)
        .map(|t| {
            let mut c = ConsolidatedPeriod::default();
            for (periods, rate) in entities.iter().zip(rates) {
                let (Some(p), Some(r)) = (periods.get(t), rate.get(t)) else {
                    continue;
                };
                let x = |v: Decimal| penny(v * r);
                c.revenue += x(p.revenue);
                c.receipts += x(p.receipts);
                c.payments += x(p.supplier_payments + p.opex + p.vat_paid + p.duty + p.interest);
                c.net_flow += x(p.net_flow);
                c.closing_cash += x(p.closing.cash);
                c.drawn += x(p.closing.drawn);
                c.working_capital += x(p.working_capital);
                c.cogs += x(p.cogs);
                c.vat_paid += x(p.vat_paid);
                c.duty += x(p.duty);
                c.receivables += x(p.closing.receivables);
                c.payables += x(p.closing.payables);
                c.inventory += x(p.closing.inventory);
                c.opening_receivables += x(p.opening.receivables);
                c.opening_payables += x(p.opening.payables);
                c.opening_inventory += x(p.opening.inventory);
            }
            c
        })
        .collect()
}

/// One period of the consolidated projection, in the reporting currency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsolidatedPeriod {
    /// Revenue.
    pub revenue: Decimal,
    /// Receipts.
    pub receipts: Decimal,
    /// Everything paid out.
    pub payments: Decimal,
    /// Net flow.
    pub net_flow: Decimal,
    /// Closing cash.
    pub closing_cash: Decimal,
    /// Drawn on credit lines.
    pub drawn: Decimal,
    /// Working capital.
    pub working_capital: Decimal,
    /// Cost of goods sold.
    pub cogs: Decimal,
    /// VAT paid (or refunded, negative).
    pub vat_paid: Decimal,
    /// Import duty paid.
    pub duty: Decimal,
    /// Receivables at the end.
    pub receivables: Decimal,
    /// Payables at the end.
    pub payables: Decimal,
    /// Inventory at the end.
    pub inventory: Decimal,
    /// Receivables, payables and inventory at the start, for the period's averages.
    pub opening_receivables: Decimal,
    /// See `opening_receivables`.
    pub opening_payables: Decimal,
    /// See `opening_receivables`.
    pub opening_inventory: Decimal,
}

impl ConsolidatedPeriod {
    /// DSO, DIO, DPO and CCC of the consolidated figures over a period of `days`.
    pub fn days(&self, days: u32) -> Option<CycleDays> {
        CycleDays::compute(
            Decimal::from(days),
            self.revenue,
            self.cogs,
            average_balance(self.opening_receivables, self.receivables),
            average_balance(self.opening_inventory, self.inventory),
            average_balance(self.opening_payables, self.payables),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn months(n: usize) -> Vec<Period> {
        vec![Period { days: 30 }; n]
    }

    fn inputs(n: usize) -> CashInputs {
        CashInputs {
            periods: months(n),
            revenue: vec![dec!(100000); n],
            cogs: vec![dec!(40000); n],
            purchases: vec![dec!(40000); n],
            opex: vec![dec!(30000); n],
            collection_days: 14,
            bad_debt_rate: dec!(0.01),
            payment_days: 45,
            vat_rate: dec!(0.20),
            vat_due: Vec::new(),
            duty_rate: Decimal::ZERO,
            opening: Balances {
                cash: dec!(60000),
                receivables: dec!(46666.67),
                payables: dec!(60000),
                inventory: dec!(60000),
                drawn: Decimal::ZERO,
                vat_owed: Decimal::ZERO,
            },
            credit: CreditLine {
                limit: dec!(500000),
                minimum_cash: dec!(50000),
                annual_rate: dec!(0.065),
            },
        }
    }

    #[test]
    fn a_lag_moves_amounts_by_days_and_keeps_every_penny() {
        // 30-day months, 14 days late: 16/30 of a month's amount in the same month.
        let (due, rest) = lagged(&months(3), &[dec!(300), dec!(300), dec!(300)], 14);
        assert_eq!(due, [dec!(160), dec!(300), dec!(300)]);
        assert_eq!(rest, dec!(140));
        let (due, rest) = lagged(&months(2), &[dec!(100), dec!(0)], 45);
        assert_eq!(due, [dec!(0), dec!(50)]);
        assert_eq!(rest, dec!(50));
        // Thirds of a penny-rounded amount still add up.
        let (due, rest) = lagged(
            &[Period { days: 3 }, Period { days: 3 }],
            &[dec!(1), dec!(0)],
            1,
        );
        assert_eq!(due.iter().sum::<Decimal>() + rest, dec!(1));
    }

    #[test]
    fn the_line_is_drawn_only_for_the_shortfall_and_repaid_when_cash_allows() {
        let mut i = inputs(6);
        // A bad month: opex jumps, then recovers.
        i.opex[1] = dec!(150000);
        let p = project_cash(&i).unwrap();
        assert_eq!(p[0].draw, Decimal::ZERO);
        assert!(p[1].draw > Decimal::ZERO);
        assert_eq!(p[1].closing.cash, i.credit.minimum_cash);
        assert!(p[2].interest > Decimal::ZERO);
        let repaid: Decimal = p.iter().map(|x| x.repayment).sum();
        let drawn: Decimal = p.iter().map(|x| x.draw).sum();
        assert_eq!(p.last().unwrap().closing.drawn, drawn - repaid);
        assert!(repaid > Decimal::ZERO);
        // Interest is the opening balance × rate × days / 365, to the penny.
        assert_eq!(
            p[2].interest,
            penny(p[2].opening.drawn * dec!(0.065) * dec!(30) / dec!(365))
        );
    }

    #[test]
    fn a_shortfall_beyond_the_limit_is_reported_not_hidden() {
        let mut i = inputs(3);
        i.credit.limit = dec!(10000);
        i.opex[0] = dec!(200000);
        let p = project_cash(&i).unwrap();
        assert_eq!(p[0].closing.drawn, dec!(10000));
        assert_eq!(p[0].headroom, Decimal::ZERO);
        assert!(p[0].shortfall > Decimal::ZERO);
        assert_eq!(p[0].shortfall, i.credit.minimum_cash - p[0].closing.cash);
    }

    #[test]
    fn bad_input_says_what_is_wrong() {
        let mut i = inputs(3);
        i.cogs.pop();
        assert_eq!(
            project_cash(&i).unwrap_err().to_string(),
            "cogs has 2 values for 3 periods"
        );
        let mut i = inputs(3);
        i.vat_rate = dec!(1.2);
        assert_eq!(
            project_cash(&i).unwrap_err().to_string(),
            "the VAT rate must be between 0 and 1, not 1.2"
        );
    }

    #[test]
    fn opening_balances_fall_due_over_their_terms_whatever_the_periods() {
        let amount = dec!(4200);
        let by_month = spread_over(&months(3), amount, 42);
        assert_eq!(by_month, vec![dec!(3000), dec!(1200), Decimal::ZERO]);
        let by_day = spread_over(&vec![Period { days: 1 }; 60], amount, 42);
        assert_eq!(by_day[..30].iter().sum::<Decimal>(), by_month[0]);
        assert_eq!(by_day.iter().sum::<Decimal>(), amount);
        // Terms longer than the projection: only what falls inside it.
        assert_eq!(spread_over(&months(1), amount, 42), vec![dec!(3000)]);
        assert_eq!(
            spread_over(&months(2), amount, 0),
            vec![amount, Decimal::ZERO]
        );
    }

    #[test]
    fn vat_is_paid_when_its_return_is_due_and_duty_as_stock_is_bought() {
        // Quarterly returns paid in the second month after the quarter.
        let mut i = inputs(6);
        i.vat_due = vec![4, 4, 4, 7, 7, 7];
        i.duty_rate = dec!(0.032);
        let p = project_cash(&i).unwrap();
        let first_quarter: Decimal = p[..3].iter().map(|x| x.vat_arising).sum();
        assert!(first_quarter > Decimal::ZERO);
        assert_eq!(p[4].vat_paid, first_quarter);
        for t in [0, 1, 2, 3, 5] {
            assert_eq!(p[t].vat_paid, Decimal::ZERO, "period {t}");
        }
        assert_eq!(
            p[5].closing.vat_owed,
            p[3..].iter().map(|x| x.vat_arising).sum::<Decimal>()
        );
        assert_eq!(p[0].duty, dec!(1280));
        let mut bad = inputs(6);
        bad.vat_due = vec![1];
        assert_eq!(
            project_cash(&bad).unwrap_err().to_string(),
            "vat_due has 1 values for 6 periods"
        );
    }

    #[test]
    fn consolidation_adds_the_converted_rows() {
        let uk = project_cash(&inputs(2)).unwrap();
        let eu = project_cash(&inputs(2)).unwrap();
        let c = consolidate(
            &[uk.clone(), eu.clone()],
            &[vec![dec!(1); 2], vec![dec!(0.85); 2]],
        );
        assert_eq!(
            c[1].closing_cash,
            penny(uk[1].closing.cash) + penny(eu[1].closing.cash * dec!(0.85))
        );
    }

    fn amounts(n: usize) -> impl Strategy<Value = Vec<Decimal>> {
        proptest::collection::vec((0i64..50_000_000).prop_map(|c| Decimal::new(c, 2)), n)
    }

    proptest! {
        /// Cash, receivables, payables and inventory roll forward exactly; the line stays
        /// within its limit; CCC = DIO + DSO − DPO; nothing is lost in the lags.
        #[test]
        fn the_identities_hold_to_the_penny(
            revenue in amounts(12), cogs in amounts(12), purchases in amounts(12), opex in amounts(12),
            collection in 0u32..120, payment in 0u32..120,
            bad in 0u32..100, cash in 0i64..100_000_000, limit in 0i64..100_000_000,
            lag in proptest::collection::vec(1usize..5, 12), duty in 0u32..100,
            owed in -1_000_000i64..1_000_000,
        ) {
            let i = CashInputs {
                periods: months(12), revenue, cogs, purchases, opex,
                collection_days: collection, payment_days: payment,
                bad_debt_rate: Decimal::new(i64::from(bad), 3), vat_rate: dec!(0.2),
                vat_due: lag.iter().enumerate().map(|(t, l)| t + l).collect(),
                duty_rate: Decimal::new(i64::from(duty), 3),
                opening: Balances {
                    cash: Decimal::new(cash, 2),
                    vat_owed: Decimal::new(owed, 2),
                    ..Balances::default()
                },
                credit: CreditLine { limit: Decimal::new(limit, 2), minimum_cash: dec!(50000), annual_rate: dec!(0.07) },
            };
            let p = project_cash(&i).unwrap();
            for (t, x) in p.iter().enumerate() {
                prop_assert_eq!(x.closing.cash, x.opening.cash + x.net_flow + x.draw - x.repayment);
                prop_assert_eq!(x.net_flow, x.receipts - x.supplier_payments - x.opex - x.vat_paid - x.duty - x.interest);
                prop_assert_eq!(x.closing.vat_owed, x.opening.vat_owed + x.vat_arising - x.vat_paid);
                prop_assert_eq!(x.closing.inventory, x.opening.inventory + i.purchases[t] - i.cogs[t]);
                prop_assert!(x.closing.drawn >= Decimal::ZERO && x.closing.drawn <= i.credit.limit);
                prop_assert!(x.draw.is_zero() || x.repayment.is_zero());
                if let Some(d) = x.days {
                    prop_assert_eq!(d.ccc, d.dio + d.dso - d.dpo);
                }
                if t > 0 {
                    prop_assert_eq!(x.opening, p[t - 1].closing);
                }
            }
            // VAT is paid only when due: what is still owed at the end arose in periods whose
            // return falls due after the projection.
            let unpaid: Decimal = p.iter().enumerate()
                .filter(|(t, _)| i.vat_due[*t] >= p.len())
                .map(|(_, x)| x.vat_arising)
                .sum();
            prop_assert_eq!(p.last().unwrap().closing.vat_owed, unpaid);
            let (due, rest) = lagged(&i.periods, &i.revenue, collection);
            prop_assert_eq!(due.iter().sum::<Decimal>() + rest, i.revenue.iter().sum::<Decimal>());
        }
    }
}
