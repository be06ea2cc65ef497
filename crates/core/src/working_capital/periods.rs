//! The projection's periods (months, weeks or days from its first day), how monthly
//! figures spread over them, and when each market's tax return falls due.

use chrono::{Datelike, Duration, Months, NaiveDate};
use rust_decimal::Decimal;
use sentia_finance::Period;

use super::inputs::MarketRead;
use super::model::Granularity;

/// Weeks projected at weekly granularity.
pub const WEEKS: u32 = 13;
/// Days projected at daily granularity.
pub const DAYS: u32 = 30;

fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).expect("the first of a month exists")
}

fn next_month(month: NaiveDate) -> NaiveDate {
    month.checked_add_months(Months::new(1)).unwrap_or(month)
}

fn days_in_month(month: NaiveDate) -> i64 {
    (next_month(month) - month).num_days()
}

/// Calendar months to read for a projection from a month's first day.
pub fn months_to_read(granularity: Granularity, months: u32) -> u32 {
    match granularity {
        Granularity::Month => months,
        // 13 weeks from a month's first day reach into a fourth month; 30 days into a second.
        Granularity::Week => 4,
        Granularity::Day => 2,
    }
}

/// The periods from `start` and the share of each calendar month's figures in each.
pub struct Horizon {
    /// Each period's first day.
    pub starts: Vec<NaiveDate>,
    /// Each period's length.
    pub periods: Vec<Period>,
    /// The calendar months the periods touch, in order.
    pub months: Vec<NaiveDate>,
    /// For each period: (month index, days of it in the period, days in the month).
    overlap: Vec<Vec<(usize, i64, i64)>>,
}

impl Horizon {
    /// `count` months, or the fixed weeks or days, from `start`.
    pub fn new(start: NaiveDate, granularity: Granularity, count: u32) -> Horizon {
        let (starts, lengths): (Vec<NaiveDate>, Vec<i64>) = match granularity {
            Granularity::Month => {
                let mut m = first_of_month(start);
                (0..count)
                    .map(|_| {
                        let s = m;
                        m = next_month(m);
                        (s, days_in_month(s))
                    })
                    .unzip()
            }
            Granularity::Week => (0..WEEKS)
                .map(|w| (start + Duration::days(7 * i64::from(w)), 7))
                .unzip(),
            Granularity::Day => (0..DAYS)
                .map(|d| (start + Duration::days(i64::from(d)), 1))
                .unzip(),
        };
        let mut months: Vec<NaiveDate> = Vec::new();
        let overlap = starts
            .iter()
            .zip(&lengths)
            .map(|(s, len)| {
                let end = *s + Duration::days(*len);
                let mut parts = Vec::new();
                let mut day = *s;
                while day < end {
                    let month = first_of_month(day);
                    let until = next_month(month).min(end);
                    let idx = match months.iter().position(|m| *m == month) {
                        Some(i) => i,
                        None => {
                            months.push(month);
                            months.len() - 1
                        }
                    };
                    parts.push((idx, (until - day).num_days(), days_in_month(month)));
                    day = until;
                }
                parts
            })
            .collect();
        Horizon {
            periods: lengths
                .iter()
                .map(|d| Period {
                    days: u32::try_from(*d).unwrap_or(0),
                })
                .collect(),
            starts,
            months,
            overlap,
        }
    }

    /// Monthly quantities spread evenly over each month's days, summed per period; a
    /// whole month is its own figure exactly.
    pub fn spread(&self, per_month: &[f64]) -> Vec<f64> {
        self.overlap
            .iter()
            .map(|parts| {
                parts
                    .iter()
                    .map(|(m, days, of)| {
                        let v = per_month.get(*m).copied().unwrap_or(0.0);
                        if days == of {
                            v
                        } else {
                            v * *days as f64 / *of as f64
                        }
                    })
                    .sum()
            })
            .collect()
    }

    /// A monthly amount, the same every month, per period, to the penny.
    pub fn spread_amount(&self, monthly: Decimal) -> Vec<Decimal> {
        self.overlap
            .iter()
            .map(|parts| {
                parts
                    .iter()
                    .map(|(_, days, of)| monthly * Decimal::from(*days) / Decimal::from(*of))
                    .sum::<Decimal>()
                    .round_dp(2)
            })
            .collect()
    }

    /// The period `day` falls in; the number of periods when it is after the last.
    pub fn index_of(&self, day: NaiveDate) -> usize {
        self.starts
            .iter()
            .zip(&self.periods)
            .position(|(s, p)| day >= *s && day < *s + Duration::days(i64::from(p.days)))
            .unwrap_or(self.starts.len())
    }
}

/// The tax return a day's sales fall in: its first and last day. Returns cover calendar
/// months, quarters or years.
pub fn tax_return(day: NaiveDate, filing_months: u32) -> (NaiveDate, NaiveDate) {
    let months = filing_months.clamp(1, 12);
    let month0 = day.month0();
    let first = NaiveDate::from_ymd_opt(day.year(), month0 - month0 % months + 1, 1)
        .expect("a month's first day exists");
    let last = first
        .checked_add_months(Months::new(months))
        .expect("within the calendar")
        - Duration::days(1);
    (first, last)
}

/// When a return ending on `last` (a month end) is paid: that many whole months and days
/// after it, e.g. one month and seven days after 28 February is 7 April.
pub fn tax_due(last: NaiveDate, due_months: u32, due_days: u32) -> NaiveDate {
    let month_end = (last + Duration::days(1))
        .checked_add_months(Months::new(due_months))
        .expect("within the calendar")
        - Duration::days(1);
    month_end + Duration::days(i64::from(due_days))
}

/// For each period, the period in which a market pays the tax arising in it.
pub fn vat_due(horizon: &Horizon, market: &MarketRead) -> Vec<usize> {
    horizon
        .starts
        .iter()
        .map(|s| {
            let (_, last) = tax_return(*s, market.tax_filing_months);
            horizon.index_of(tax_due(last, market.tax_due_months, market.tax_due_days))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn returns_and_due_dates_follow_the_calendar() {
        assert_eq!(
            tax_return(d("2027-02-14"), 3),
            (d("2027-01-01"), d("2027-03-31"))
        );
        assert_eq!(
            tax_return(d("2027-11-30"), 1),
            (d("2027-11-01"), d("2027-11-30"))
        );
        assert_eq!(
            tax_return(d("2027-11-30"), 12),
            (d("2027-01-01"), d("2027-12-31"))
        );
        // HMRC: one month and seven days after the period.
        assert_eq!(tax_due(d("2027-02-28"), 1, 7), d("2027-04-07"));
        assert_eq!(tax_due(d("2027-03-31"), 1, 7), d("2027-05-07"));
        // The 20th of the next month.
        assert_eq!(tax_due(d("2027-01-31"), 0, 20), d("2027-02-20"));
    }

    #[test]
    fn weeks_and_days_take_their_share_of_each_month() {
        let h = Horizon::new(d("2026-12-01"), Granularity::Week, 0);
        assert_eq!(h.starts.len(), 13);
        assert_eq!(h.months.len(), 4);
        // 31 units in December, 62 in January: the week of 29 December holds three
        // December days and four January days.
        let w = h.spread(&[31.0, 62.0, 0.0, 0.0]);
        assert_eq!(h.starts[4], d("2026-12-29"));
        assert!((w[4] - (3.0 + 8.0)).abs() < 1e-9);
        assert!((w.iter().sum::<f64>() - 93.0).abs() < 1e-9);
        let m = Horizon::new(d("2026-12-01"), Granularity::Month, 3);
        assert_eq!(m.spread(&[31.0, 62.0, 28.0]), vec![31.0, 62.0, 28.0]);
        assert_eq!(
            m.spread_amount(Decimal::from(95000))[1],
            Decimal::from(95000)
        );
        let days = Horizon::new(d("2027-02-01"), Granularity::Day, 0);
        assert_eq!(days.months.len(), 2);
        assert_eq!(days.index_of(d("2027-03-02")), 29);
        assert_eq!(days.index_of(d("2027-03-03")), 30);
    }
}
