//! The dashboard: KPIs with last year's comparison, markets, channels, trend, top and
//! bottom products and forecast accuracy (its stock-risk tile reads [`crate::inventory`]).
//! Every figure is summed in SQL (`sentia_db::dashboard`); this module converts
//! base-currency sums to the reporting currency and rounds once, at the end, with
//! `round_money`.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use sentia_db::dashboard::{self as q, DashboardFilter};
use sentia_domain::{round_money, Currency, Money, Permission};

use crate::catalog::{rate_on, RateUsed};
use crate::offline::{self, Screen};
use crate::{App, AppError};

mod model;

pub use model::*;

/// The base currency of `historical_sales.fx_rate_to_base`.
pub const BASE_CURRENCY: Currency = Currency::GBP;

/// How many best and weakest products the dashboard lists.
pub const PRODUCT_LIST_LEN: i64 = 5;

/// Longest period the dashboard accepts.
const MAX_PERIOD_DAYS: i64 = 3 * 366;

fn one_dp(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(1, RoundingStrategy::MidpointNearestEven)
}

fn pct_change(value: Decimal, prev: Decimal) -> Option<Decimal> {
    (!prev.is_zero()).then(|| one_dp((value - prev) / prev.abs() * Decimal::ONE_HUNDRED))
}

fn margin_pct(revenue: Decimal, cogs: Decimal) -> Option<Decimal> {
    (!revenue.is_zero()).then(|| one_dp((revenue - cogs) / revenue * Decimal::ONE_HUNDRED))
}

fn year_earlier(d: NaiveDate) -> NaiveDate {
    // 29 February maps to 28 February.
    d.checked_sub_months(Months::new(12)).unwrap_or(d)
}

/// Validates the query and derives the comparison period.
pub fn filter_for(query: &DashboardQuery) -> Result<DashboardFilter, AppError> {
    if query.to < query.from {
        return Err(AppError::validation(
            "to",
            "the period ends before it starts",
        ));
    }
    if (query.to - query.from).num_days() > MAX_PERIOD_DAYS {
        return Err(AppError::validation(
            "from",
            "choose a period of at most three years",
        ));
    }
    Ok(DashboardFilter {
        from: query.from,
        to: query.to,
        prev_from: year_earlier(query.from),
        prev_to: year_earlier(query.to),
        market: query.market.clone().filter(|m| !m.is_empty()),
        channel_id: query.channel_id,
    })
}

/// Converts base-currency amounts into the reporting currency, and says at which rate.
struct Converter {
    currency: Currency,
    /// Reporting units per base unit.
    per_base: Decimal,
    /// The rate, for the dashboard to show; `None` when reporting in the base currency.
    used: Option<RateUsed>,
}

impl Converter {
    /// The FX table's rate when there is one (`stored`), else the rate the period's sales
    /// were booked at, as the dashboard did before rates were kept.
    fn new(
        currency: Currency,
        stored: Option<RateUsed>,
        rates: &[q::RateRow],
        day: NaiveDate,
    ) -> Result<Self, AppError> {
        if currency == BASE_CURRENCY {
            return Ok(Self {
                currency,
                per_base: Decimal::ONE,
                used: None,
            });
        }
        if let Some(used) = stored {
            return Ok(Self {
                currency,
                per_base: used.rate,
                used: Some(used),
            });
        }
        let base_per_unit = rates
            .iter()
            .find(|r| r.currency_code == currency.code())
            .and_then(|r| r.period_rate.or(r.all_time_rate))
            .filter(|r| !r.is_zero())
            .ok_or_else(|| {
                AppError::validation(
                    "reportingCurrency",
                    format!(
                        "there is no GBP to {currency} rate: add one under Catalog, exchange rates"
                    ),
                )
            })?;
        let per_base = (Decimal::ONE / base_per_unit).round_dp(12).normalize();
        Ok(Self {
            currency,
            per_base,
            used: Some(RateUsed {
                from: BASE_CURRENCY,
                to: currency,
                rate: per_base,
                date: day,
                source: SALES_RATE_SOURCE.to_owned(),
            }),
        })
    }

    fn money(&self, base: Decimal) -> Decimal {
        round_money(base * self.per_base, self.currency)
    }
}

/// What a conversion names as its source when the FX table has no rate.
pub const SALES_RATE_SOURCE: &str = "average of the period's sales (no rate in the FX table)";

fn units(n: i64) -> Decimal {
    Decimal::from(n)
}

/// The dashboard for a period; offline, the last one kept for the same period.
pub async fn get_dashboard(app: &App, query: DashboardQuery) -> Result<Dashboard, AppError> {
    let params = query.clone();
    offline::through_cache(app, Screen::Dashboard, &params, live(app, query)).await
}

async fn live(app: &App, query: DashboardQuery) -> Result<Dashboard, AppError> {
    let auth = app.authorise(Permission::DashboardView)?;
    let f = filter_for(&query)?;
    let bucket = if (f.to - f.from).num_days() <= 92 {
        TrendBucket::Day
    } else {
        TrendBucket::Month
    };
    // The product ranking is the one heavy query; it runs on a second connection while
    // the other four run on the first.
    let figures = async {
        let mut tx = app.begin(auth.clone()).await?;
        let rates = q::rates(tx.conn(), f.from, f.to).await?;
        let stored = rate_on(tx.conn(), BASE_CURRENCY, query.reporting_currency, f.to).await?;
        let breakdown = q::breakdown(tx.conn(), &f).await?;
        let trend = q::trend(
            tx.conn(),
            &f,
            if bucket == TrendBucket::Day {
                "day"
            } else {
                "month"
            },
        )
        .await?;
        let accuracy = sentia_db::forecast_accuracy::period_sums(
            tx.conn(),
            f.from,
            f.to,
            f.market.as_deref(),
            f.channel_id,
        )
        .await?;
        let last_sale = sentia_db::sales::last_sale_date(tx.conn()).await?;
        tx.commit().await?;
        Ok::<_, AppError>((rates, stored, breakdown, trend, accuracy, last_sale))
    };
    let ranking = async {
        let mut tx = app.begin(auth.clone()).await?;
        let products = q::top_bottom_products(tx.conn(), &f, PRODUCT_LIST_LEN).await?;
        tx.commit().await?;
        Ok::<_, AppError>(products)
    };
    let ((rates, stored, breakdown, trend, accuracy, last_sale), products) =
        tokio::try_join!(figures, ranking)?;
    let cv = Converter::new(query.reporting_currency, stored, &rates, f.to)?;
    let q::Breakdown {
        totals: t,
        markets,
        channels,
    } = breakdown;

    let had_prev = t.prev_units > 0 || !t.prev_revenue.is_zero();
    let kpi = |value: Decimal, prev: Decimal| Kpi {
        value,
        previous_year: had_prev.then_some(prev),
        change_pct: if had_prev {
            pct_change(value, prev)
        } else {
            None
        },
    };
    let margin = margin_pct(t.revenue, t.cogs);
    let prev_margin = if had_prev {
        margin_pct(t.prev_revenue, t.prev_cogs)
    } else {
        None
    };
    let kpis = Kpis {
        revenue: kpi(cv.money(t.revenue), cv.money(t.prev_revenue)),
        units: kpi(units(t.units), units(t.prev_units)),
        gross_margin: MarginKpi {
            pct: margin,
            previous_year_pct: prev_margin,
            change_points: margin.zip(prev_margin).map(|(a, b)| a - b),
        },
        net_profit: kpi(cv.money(t.net_profit), cv.money(t.prev_net_profit)),
    };
    let product = |p: &q::ProductRow| ProductFigures {
        product_id: p.product_id,
        sku: p.sku.clone(),
        name: p.name.clone(),
        revenue: cv.money(p.revenue),
        units: units(p.units),
    };
    let top_products = products
        .iter()
        .filter(|p| p.rank_desc <= PRODUCT_LIST_LEN)
        .map(product)
        .collect();
    let mut bottom: Vec<&q::ProductRow> = products
        .iter()
        .filter(|p| p.rank_asc <= PRODUCT_LIST_LEN)
        .collect();
    bottom.sort_by_key(|p| p.rank_asc);
    let data_until = last_sale.map_or(f.to, |last| last.min(f.to));
    Ok(Dashboard {
        from: f.from,
        to: f.to,
        reporting_currency: cv.currency,
        conversion: cv.used.clone(),
        kpis,
        by_market: markets
            .iter()
            .map(|m| MarketFigures {
                market_code: m.market_code.clone(),
                market_name: m.market_name.clone(),
                revenue_local: Currency::parse(&m.currency_code)
                    .ok()
                    .map(|c| Money::new(m.revenue_local, c)),
                revenue: cv.money(m.revenue),
                units: units(m.units),
                gross_margin_pct: margin_pct(m.revenue, m.cogs),
                net_profit: cv.money(m.net_profit),
            })
            .collect(),
        by_channel: channels
            .iter()
            .map(|c| ChannelFigures {
                channel_id: c.channel_id,
                channel_name: c.channel_name.clone(),
                market_code: c.market_code.clone(),
                revenue: cv.money(c.revenue),
                units: units(c.units),
                gross_margin_pct: margin_pct(c.revenue, c.cogs),
                net_profit: cv.money(c.net_profit),
            })
            .collect(),
        data_until,
        trend_bucket: bucket,
        trend: trend
            .iter()
            .map(|p| TrendPoint {
                period: p.period,
                revenue: cv.money(p.revenue),
                revenue_last_year: cv.money(p.revenue_last_year),
                partial: bucket_end(p.period, bucket) > data_until,
            })
            .collect(),
        top_products,
        bottom_products: bottom.into_iter().map(product).collect(),
        forecast_accuracy: (accuracy.points > 0).then(|| crate::forecasts::accuracy_of(&accuracy)),
    })
}

/// The last day of the trend bucket starting on `start`.
fn bucket_end(start: NaiveDate, bucket: TrendBucket) -> NaiveDate {
    match bucket {
        TrendBucket::Day => start,
        TrendBucket::Month => start
            .checked_add_months(Months::new(1))
            .and_then(|next| next.pred_opt())
            .unwrap_or(start),
    }
}

/// The first day of the month `months` before `d`'s month (UI default periods).
pub fn month_start(d: NaiveDate, months_back: u32) -> NaiveDate {
    let first = d.with_day(1).unwrap_or(d);
    first
        .checked_sub_months(Months::new(months_back))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_comparison_period_is_the_same_days_a_year_earlier() {
        let f = filter_for(&DashboardQuery {
            from: d("2024-03-01"),
            to: d("2024-02-29").with_year(2025).unwrap_or(d("2025-02-28")),
            reporting_currency: Currency::GBP,
            market: None,
            channel_id: None,
        })
        .unwrap();
        assert_eq!(f.prev_from, d("2023-03-01"));
        assert_eq!(year_earlier(d("2024-02-29")), d("2023-02-28"));
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_rejected_on_to() {
        let err = filter_for(&DashboardQuery {
            from: d("2025-02-01"),
            to: d("2025-01-01"),
            reporting_currency: Currency::EUR,
            market: None,
            channel_id: None,
        })
        .unwrap_err();
        assert!(matches!(err, AppError::Validation { ref field, .. } if field == "to"));
    }

    #[test]
    fn changes_and_margins_are_rounded_and_undefined_without_a_base() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(pct_change(dec("110"), dec("100")), Some(dec("10.0")));
        assert_eq!(pct_change(dec("5"), Decimal::ZERO), None);
        assert_eq!(margin_pct(dec("200"), dec("50")), Some(dec("75.0")));
        assert_eq!(margin_pct(Decimal::ZERO, dec("1")), None);
    }

    #[test]
    fn conversion_takes_the_stored_rate_else_the_sales_weighted_one() {
        let dec = |s: &str| s.parse::<Decimal>().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let rates = vec![q::RateRow {
            currency_code: "USD".into(),
            period_rate: Some(dec("0.8")),
            all_time_rate: Some(dec("0.75")),
        }];
        let cv = Converter::new(Currency::USD, None, &rates, day).unwrap();
        assert_eq!(cv.money(dec("80")), dec("100.00"));
        assert_eq!(cv.used.as_ref().unwrap().source, SALES_RATE_SOURCE);
        assert!(Converter::new(Currency::EUR, None, &rates, day).is_err());

        let stored = RateUsed {
            from: Currency::GBP,
            to: Currency::USD,
            rate: dec("1.3"),
            date: day,
            source: "ECB".into(),
        };
        let cv = Converter::new(Currency::USD, Some(stored.clone()), &rates, day).unwrap();
        assert_eq!(cv.money(dec("80")), dec("104.00"));
        assert_eq!(cv.used, Some(stored));
    }
}
