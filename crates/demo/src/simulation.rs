//! One simulated business, day by day: demand → sales limited by stock → replenishment
//! jobs → stock arrivals, with receivables, payables and cash following the same events.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, Gamma, Normal, Poisson};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use sentia_domain::{
    round_money, ChannelType, Currency, FulfillmentMethod, JobStatus, Scenario, ScheduleStatus,
    StockStatus,
};
use sentia_finance::{average_balance, working_capital_requirement, CycleDays};
use statrs::distribution::{ContinuousCDF, Normal as StdNormal};
use uuid::Uuid;

use crate::catalog::{self, d, new_id};
use crate::checksum::TableHasher;
use crate::*;

/// Warm-up days simulated before the first reported day, so that the first month opens
/// with realistic stock, receivables and payables instead of zeros.
const WARM_UP_DAYS: i64 = 90;
/// Demand dispersion: daily rates are Gamma(k, mean/k) mixed into a Poisson draw
/// (negative binomial), which gives the over-dispersion real sales have.
const DISPERSION_SHAPE: f64 = 4.0;
/// z for the planners' 95% cycle service level.
const SERVICE_Z: f64 = 1.65;

struct Series {
    product: usize,
    channel: usize,
    /// Mean units per day before seasonality, events and growth.
    base_daily: f64,
}

struct Node {
    product: usize,
    location_id: &'static str,
    location_type: sentia_domain::LocationType,
    lead_time: i64,
    on_hand: i64,
    defective: i64,
    /// (completion day, arrival day, units)
    pipeline: Vec<(i64, i64, i64)>,
    recent_sales: [i64; 28],
    recent_on_hand: [i64; 28],
    series: Vec<usize>,
}

#[derive(Default, Clone)]
struct MarketBooks {
    receivables: Decimal,
    payables: Decimal,
    receivable_due: HashMap<i64, Decimal>,
    collectible_due: HashMap<i64, Decimal>,
    payable_due: HashMap<i64, Decimal>,
    revenue: Decimal,
    cogs: Decimal,
    tax: Decimal,
    tax_last_month: Decimal,
    inflow: Decimal,
    outflow: Decimal,
    opening_receivables: Decimal,
    opening_payables: Decimal,
    opening_inventory: Decimal,
}

pub(crate) fn catalog(opts: &DemoOptions) -> Catalog {
    build(opts, &mut ChaCha8Rng::seed_from_u64(opts.seed)).0
}

/// Everything drawn before the first simulated day; `run` continues with the same
/// generator, which is why `catalog` gives the same rows as `run`.
fn build(opts: &DemoOptions, rng: &mut ChaCha8Rng) -> (Catalog, Vec<Series>, Vec<Node>) {
    let users = catalog::users(rng);
    let markets = catalog::markets(rng);
    let channels = catalog::channels(rng);
    let resources = catalog::resources(rng);
    let settings = catalog::settings();
    let mut products = Vec::new();
    let mut series = Vec::new();
    let mut nodes: Vec<Node> = Vec::new();
    let annual_units = |market: &str| match market {
        "UK" => 33_000.0,
        "EU" => 29_000.0,
        _ => 20_000.0,
    };
    for market in &markets {
        for tier in catalog::line_tiers() {
            for variant in 0..opts.scale.max(1) {
                let variant_factor = if variant == 0 {
                    1.0
                } else {
                    rng.gen_range(0.5..1.5)
                };
                let product_idx = products.len();
                products.push(catalog::product(rng, market.code, &tier, variant));
                for (channel_idx, channel) in channels.iter().enumerate() {
                    if channel.market_code != market.code {
                        continue;
                    }
                    let channel_share = match (market.code, channel.channel_type) {
                        ("UK", ChannelType::Amazon) => 0.6,
                        ("UK", ChannelType::Shopify) => 0.4,
                        ("USA", ChannelType::Amazon) => 0.65,
                        ("USA", ChannelType::Shopify) => 0.35,
                        _ => 1.0,
                    };
                    // A few young or niche listings sell only now and then: the
                    // intermittent series planners must forecast too.
                    let niche = match (market.code, tier.1, channel.channel_type) {
                        ("USA", "GOLD", ChannelType::Shopify) => 0.05,
                        ("USA", "BLACK", ChannelType::Shopify) => 0.15,
                        ("EU", "GOLD", _) => 0.10,
                        _ => 1.0,
                    };
                    let base_daily = annual_units(market.code) / 365.0
                        * channel_share
                        * tier.4
                        * niche
                        * variant_factor;
                    let node = match nodes.iter().position(|n| {
                        n.product == product_idx && n.location_id == channel.location_id
                    }) {
                        Some(n) => n,
                        None => {
                            nodes.push(Node {
                                product: product_idx,
                                location_id: channel.location_id,
                                location_type: channel.location_type,
                                lead_time: 14 + transit_days(channel.location_id),
                                on_hand: 0,
                                defective: 0,
                                pipeline: Vec::new(),
                                recent_sales: [0; 28],
                                recent_on_hand: [0; 28],
                                series: Vec::new(),
                            });
                            nodes.len() - 1
                        }
                    };
                    nodes[node].series.push(series.len());
                    series.push(Series {
                        product: product_idx,
                        channel: channel_idx,
                        base_daily,
                    });
                }
            }
        }
    }

    let catalog = Catalog {
        users,
        markets,
        products,
        channels,
        resources,
        settings,
    };
    (catalog, series, nodes)
}

pub(crate) fn run(opts: &DemoOptions, mut on_sale: impl FnMut(&Sale)) -> Company {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let (catalog, series, mut nodes) = build(opts, &mut rng);
    let Catalog {
        users,
        markets,
        products,
        channels,
        resources,
        settings,
    } = &catalog;
    let admin = users[0].id;
    let first_day = first_reported_day(opts);
    let start = first_day - Duration::days(WARM_UP_DAYS);
    let total_days = (opts.end_date - start).num_days() + 1;
    let model = DemandModel {
        seasonality: opts.seasonality,
        first_day,
    };
    let promotions: Vec<Vec<(i64, i64)>> = channels
        .iter()
        .map(|c| promotion_windows(&mut rng, c, total_days))
        .collect();

    // Opening stock: six weeks of demand at every location.
    for node in nodes.iter_mut() {
        let mean: f64 = node
            .series
            .iter()
            .map(|&s| {
                (0..42)
                    .map(|t| {
                        model.mean(
                            &series[s],
                            &channels[series[s].channel],
                            start + Duration::days(t),
                        )
                    })
                    .sum::<f64>()
            })
            .sum();
        node.on_hand = mean.round() as i64;
    }

    let mut fx = FxPaths::new(&mut rng, total_days);
    let mut books: Vec<MarketBooks> = vec![MarketBooks::default(); markets.len()];
    let market_index = |code: &str| {
        markets
            .iter()
            .position(|m| m.code == code)
            .expect("known market")
    };
    let mut jobs: Vec<Job> = Vec::new();
    let mut schedules: Vec<Schedule> = Vec::new();
    let mut inventory = Vec::new();
    let mut working_capital = Vec::new();
    let mut sales_hasher = TableHasher::default();
    let mut sales_rows = 0u64;
    let mut job_seq = 0u32;
    let bottling_lines: Vec<Uuid> = resources
        .iter()
        .filter(|r| r.kind == "bottling_line")
        .map(|r| r.id)
        .collect();

    for day in 0..total_days {
        let date = start + Duration::days(day);
        let reported = date >= first_day;
        if date.day() == 1 {
            for b in books.iter_mut() {
                b.outflow += b.tax_last_month;
                b.tax_last_month = Decimal::ZERO;
            }
        }
        // Cash events that fall due today.
        for b in books.iter_mut() {
            if let Some(amount) = b.receivable_due.remove(&day) {
                b.receivables -= amount;
            }
            if let Some(amount) = b.collectible_due.remove(&day) {
                b.inflow += amount;
            }
            if let Some(amount) = b.payable_due.remove(&day) {
                b.payables -= amount;
                b.outflow += amount;
            }
        }
        // Jobs finishing today become payables (Net 30 to the bottling partner).
        for node in nodes.iter() {
            let product = &products[node.product];
            let m = market_index(product.market_region);
            for &(done, _, units) in node.pipeline.iter().filter(|(done, _, _)| *done == day) {
                let _ = done;
                let cost = product.unit_cost * Decimal::from(units);
                books[m].payables += cost;
                *books[m].payable_due.entry(day + 30).or_default() += cost;
            }
        }
        // Arrivals; a small share fails QC and is held as defective.
        for node in nodes.iter_mut() {
            let arriving: i64 = node
                .pipeline
                .iter()
                .filter(|(_, arrive, _)| *arrive == day)
                .map(|p| p.2)
                .sum();
            if arriving > 0 {
                let defect = (arriving as f64 * rng.gen_range(0.0..0.01)).round() as i64;
                node.defective += defect;
                node.on_hand += arriving - defect;
            }
            node.pipeline.retain(|(_, arrive, _)| *arrive > day);
            if date.day() == 1 {
                // Defective stock is written off at the start of each month.
                node.defective = 0;
            }
        }

        // Demand and sales.
        for node in nodes.iter_mut() {
            let mut sold_here = 0i64;
            for &s in &node.series {
                let ser = &series[s];
                let channel = &channels[ser.channel];
                let product = &products[ser.product];
                let market_idx = market_index(channel.market_code);
                let market = &markets[market_idx];
                let promo = promotions[ser.channel]
                    .iter()
                    .any(|&(a, b)| day >= a && day < b);
                let mut mean = model.mean(ser, channel, date);
                if promo {
                    mean *= 1.35;
                }
                let demand = draw_demand(&mut rng, mean);
                let sold = demand.min(node.on_hand);
                node.on_hand -= sold;
                sold_here += sold;
                if !reported || (sold == 0 && demand == 0) {
                    continue;
                }
                let qty = Decimal::from(sold);
                let orders = if sold == 0 {
                    0
                } else {
                    ((sold * 4 + 4) / 5).max(1)
                };
                let currency = market.currency;
                let gross = product.selling_price * qty;
                let discount = if promo {
                    round_money(gross * d("0.15"), currency)
                } else {
                    Decimal::ZERO
                };
                let net = gross - discount;
                let cogs = product.unit_cost * qty;
                let shipping = match channel.fulfillment_method {
                    FulfillmentMethod::Own => shipping_per_order(currency) * Decimal::from(orders),
                    _ => Decimal::ZERO,
                };
                let fees = round_money(net * channel.commission_rate, currency)
                    + channel.fixed_fee_per_order * Decimal::from(orders)
                    + channel.fulfillment_fee_per_unit * qty;
                let duty = round_money(cogs * catalog::duty_rate(market.code), currency);
                let tax = round_money(net * market.tax_rate, currency);
                let returned = if sold == 0 {
                    0
                } else {
                    Binomial::new(sold as u64, channel.return_rate.to_f64().unwrap_or(0.0))
                        .map(|b| b.sample(&mut rng) as i32)
                        .unwrap_or(0)
                };
                let quality = if rng.gen_bool(0.02) {
                    d("0.92")
                } else {
                    Decimal::ONE
                };
                let sale = Sale {
                    id: new_id(&mut rng),
                    product_id: product.id,
                    sales_channel_id: channel.id,
                    sale_date: date,
                    order_count: orders as i32,
                    quantity_sold: sold as i32,
                    returned_quantity: returned,
                    unit_price: product.selling_price,
                    gross_revenue: gross,
                    discount_amount: discount,
                    net_revenue: net,
                    cogs,
                    shipping_cost: shipping,
                    platform_fees: fees,
                    duty_cost: duty,
                    tax_amount: tax,
                    net_profit: net - cogs - shipping - fees - duty,
                    currency,
                    fx_rate_to_base: fx.rate(currency, day),
                    country_code: match market.code {
                        "UK" => Some("GB"),
                        "USA" => Some("US"),
                        _ => None,
                    },
                    region: market.name,
                    season: season(date),
                    promotion_code: promo.then(|| promotion_code(date)),
                    stockout: demand > sold,
                    source: "demo",
                    data_quality_score: quality,
                };
                sales_hasher.add(&sale);
                sales_rows += 1;
                on_sale(&sale);

                // The books follow the sale: the platform pays out net of its fees
                // after the channel's settlement terms, less bad debt.
                let b = &mut books[market_idx];
                b.revenue += net;
                b.cogs += cogs;
                b.tax += tax;
                b.outflow += shipping + duty;
                let receivable = net - fees;
                b.receivables += receivable;
                let due = day + i64::from(channel.payment_terms_days);
                *b.receivable_due.entry(due).or_default() += receivable;
                *b.collectible_due.entry(due).or_default() += round_money(
                    receivable * (Decimal::ONE - channel.bad_debt_rate),
                    currency,
                );
            }
            node.recent_sales[(day % 28) as usize] = sold_here;
            node.recent_on_hand[(day % 28) as usize] = node.on_hand;
        }

        // Replenishment review: planners reorder when the stock position falls to the
        // reorder point, from a forecast that is good but not perfect.
        for node in nodes.iter_mut() {
            let plan = replenishment_plan(node, &series, channels, &model, date);
            let position = node.on_hand + node.pipeline.iter().map(|p| p.2).sum::<i64>();
            let forecast_bias = rng.gen_range(0.8..1.1);
            if (position as f64) > plan.reorder_point * forecast_bias {
                continue;
            }
            let product = &products[node.product];
            let (lead_time, location_id) = (node.lead_time, node.location_id);
            let mut remaining = ((plan.cycle_demand.max(100.0) / 100.0).ceil() as i64) * 100;
            let delay = if rng.gen_bool(0.1) {
                rng.gen_range(5..12)
            } else {
                rng.gen_range(-1..4)
            };
            while remaining > 0 {
                let batch = remaining.min(i64::from(product.batch_size_max));
                remaining -= batch;
                let production_days = rng.gen_range(2..5);
                let done = day + production_days;
                let arrive = day + lead_time + delay;
                job_seq += 1;
                let planned_start = at_hour(date + Duration::days(1), 7);
                let planned_end = at_hour(date + Duration::days(production_days), 15);
                let status = if start + Duration::days(done) <= opts.end_date {
                    JobStatus::Completed
                } else if date < opts.end_date {
                    JobStatus::Active
                } else {
                    JobStatus::Pending
                };
                let finished = status == JobStatus::Completed;
                let waste = d("0.01") + Decimal::from(rng.gen_range(0..50)) / d("1000");
                jobs.push(Job {
                    id: new_id(&mut rng),
                    job_number: format!("JOB-{}-{job_seq:05}", date.year()),
                    schedule_id: None,
                    customer_name: format!("Replenishment {location_id}"),
                    status,
                    product_id: product.id,
                    resource_id: bottling_lines[job_seq as usize % bottling_lines.len()],
                    quantity: batch as i32,
                    produced_quantity: if finished { batch as i32 } else { 0 },
                    batch_number: format!("B{}{:02}-{job_seq:05}", date.year() % 100, date.month()),
                    priority: if plan.urgent { 1 } else { 3 },
                    due_date: start + Duration::days(arrive),
                    planned_start,
                    planned_end,
                    actual_start: (status != JobStatus::Pending).then_some(planned_start),
                    actual_end: finished.then_some(planned_end),
                    waste_rate: waste,
                    yield_rate: Decimal::ONE - waste,
                });
                node.pipeline.push((done, arrive, batch));
            }
        }

        // Weekly stock snapshots, and one on the last day.
        if reported && (date.weekday() == Weekday::Sun || date == opts.end_date) {
            for node in &nodes {
                let plan = replenishment_plan(node, &series, channels, &model, date);
                inventory.push(snapshot(
                    &mut rng,
                    node,
                    &products[node.product],
                    &plan,
                    date,
                ));
            }
        }

        // Month end: close the books of each market.
        let month_end = (date + Duration::days(1)).day() == 1;
        if month_end {
            for (m, market) in markets.iter().enumerate() {
                let inventory_value: Decimal = nodes
                    .iter()
                    .filter(|n| products[n.product].market_region == market.code)
                    .map(|n| {
                        let in_transit: i64 =
                            n.pipeline.iter().filter(|p| p.0 <= day).map(|p| p.2).sum();
                        products[n.product].unit_cost
                            * Decimal::from(n.on_hand + n.defective + in_transit)
                    })
                    .sum();
                let b = &mut books[m];
                if reported {
                    working_capital.push(close_month(
                        &mut rng,
                        b,
                        market,
                        date,
                        inventory_value,
                        fx.rate(market.currency, day),
                    ));
                }
                b.tax_last_month = b.tax;
                b.opening_receivables = b.receivables;
                b.opening_payables = b.payables;
                b.opening_inventory = inventory_value;
                b.revenue = Decimal::ZERO;
                b.cogs = Decimal::ZERO;
                b.tax = Decimal::ZERO;
                b.inflow = Decimal::ZERO;
                b.outflow = Decimal::ZERO;
            }
        }
    }

    let projections = project(&mut rng, &working_capital, markets);
    working_capital.extend(projections);

    // Monthly schedules group the jobs that start in them.
    let mut month = first_day.with_day(1).expect("first of month");
    let last = opts.end_date + Duration::days(31);
    while month <= last {
        let next = month
            .checked_add_months(chrono::Months::new(1))
            .expect("date in range");
        let status = if next <= opts.end_date {
            ScheduleStatus::Completed
        } else if month <= opts.end_date {
            ScheduleStatus::Active
        } else {
            ScheduleStatus::Draft
        };
        let schedule = Schedule {
            id: new_id(&mut rng),
            name: format!("Production plan {}", month.format("%Y-%m")),
            start_date: at_hour(month, 0),
            end_date: at_hour(next, 0),
            status,
            created_by: users
                .iter()
                .find(|u| u.username == "marco.planning")
                .map_or(admin, |u| u.id),
        };
        for job in jobs.iter_mut() {
            if job.planned_start >= schedule.start_date && job.planned_start < schedule.end_date {
                job.schedule_id = Some(schedule.id);
            }
        }
        schedules.push(schedule);
        month = next;
    }

    let mut checksums = Checksums::default();
    checksums.of("users", users);
    checksums.of("markets", markets);
    checksums.of("products", products);
    checksums.of("sales_channels", channels);
    checksums.of("resources", resources);
    checksums.of("schedules", &schedules);
    checksums.of("jobs", &jobs);
    checksums.of("inventory_levels", &inventory);
    checksums.of("working_capital", &working_capital);
    checksums.of("system_settings", settings);
    checksums
        .0
        .insert("historical_sales", sales_hasher.finish());

    Company {
        catalog,
        schedules,
        jobs,
        inventory,
        working_capital,
        sales_rows,
        checksums,
    }
}

/// The first day of the month `years` before the end date's month ends: whole months only.
fn first_reported_day(opts: &DemoOptions) -> NaiveDate {
    let end_month = opts.end_date.with_day(1).expect("first of month");
    let next_month = end_month
        .checked_add_months(chrono::Months::new(1))
        .expect("in range");
    let start = if (opts.end_date + Duration::days(1)) == next_month {
        next_month
    } else {
        end_month
    };
    start
        .checked_sub_months(chrono::Months::new(12 * opts.years.max(1)))
        .expect("in range")
}

fn transit_days(location: &str) -> i64 {
    match location {
        "WH-UK-LON" => 2,
        "FBA-UK-BHX4" => 5,
        "3PL-US-ATL" => 25,
        _ => 28,
    }
}

fn shipping_per_order(currency: Currency) -> Decimal {
    match currency {
        Currency::GBP => d("5.00"),
        Currency::EUR => d("8.50"),
        Currency::USD => d("7.00"),
    }
}

fn at_hour(date: NaiveDate, hour: u32) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&date.and_hms_opt(hour, 0, 0).expect("valid time"))
}

fn season(date: NaiveDate) -> &'static str {
    match date.month() {
        12 | 1 | 2 => "winter",
        3..=5 => "spring",
        6..=8 => "summer",
        _ => "autumn",
    }
}

fn promotion_code(date: NaiveDate) -> &'static str {
    match season(date) {
        "winter" => "WINTER15",
        "spring" => "SPRING15",
        "summer" => "SUMMER15",
        _ => "AUTUMN15",
    }
}

/// Web shops run a one-week 15%-off promotion roughly every six weeks; Amazon listings
/// ride the marketplace's own events instead.
fn promotion_windows(rng: &mut ChaCha8Rng, channel: &Channel, days: i64) -> Vec<(i64, i64)> {
    if channel.channel_type != ChannelType::Shopify {
        return Vec::new();
    }
    let mut windows = Vec::new();
    let mut t = rng.gen_range(10..40);
    while t < days {
        windows.push((t, t + 7));
        t += rng.gen_range(35..56);
    }
    windows
}

fn draw_demand(rng: &mut ChaCha8Rng, mean: f64) -> i64 {
    if mean <= 0.0 {
        return 0;
    }
    let rate = Gamma::new(DISPERSION_SHAPE, mean / DISPERSION_SHAPE)
        .map(|g| g.sample(rng))
        .unwrap_or(mean);
    if rate <= 0.0 {
        return 0;
    }
    Poisson::new(rate)
        .map(|p| p.sample(rng) as i64)
        .unwrap_or(0)
}

struct DemandModel {
    seasonality: Seasonality,
    first_day: NaiveDate,
}

impl DemandModel {
    /// Expected units of a series on a day: base × growth × yearly season × weekday ×
    /// marketplace events.
    fn mean(&self, series: &Series, channel: &Channel, date: NaiveDate) -> f64 {
        let years = (date - self.first_day).num_days() as f64 / 365.25;
        let growth = 1.15f64.powf(years);
        series.base_daily
            * growth
            * self.yearly(date)
            * weekday_index(date)
            * event_uplift(channel, date)
    }

    /// Monthly indices, interpolated between month midpoints so the curve has no steps,
    /// and scaled to average 1.
    fn yearly(&self, date: NaiveDate) -> f64 {
        let months: [f64; 12] = match self.seasonality {
            Seasonality::Mild => [
                1.2, 1.2, 1.2, 0.95, 0.95, 0.95, 0.85, 0.85, 0.85, 1.35, 1.35, 1.35,
            ],
            Seasonality::Peak15x => [2.4, 1.3, 1.0, 0.8, 0.5, 0.2, 0.25, 0.4, 0.7, 1.2, 2.0, 3.0],
        };
        let mean = months.iter().sum::<f64>() / 12.0;
        let position = (date.ordinal0() as f64 / 365.25) * 12.0 - 0.5;
        let lower = position.floor();
        let frac = position - lower;
        let a = months[(lower as i64).rem_euclid(12) as usize];
        let b = months[((lower as i64) + 1).rem_euclid(12) as usize];
        (a + (b - a) * frac) / mean
    }
}

fn weekday_index(date: NaiveDate) -> f64 {
    match date.weekday() {
        Weekday::Mon => 1.10,
        Weekday::Tue => 1.05,
        Weekday::Wed => 1.00,
        Weekday::Thu => 0.95,
        Weekday::Fri => 0.90,
        Weekday::Sat => 0.85,
        Weekday::Sun => 1.15,
    }
}

/// Marketplace and awareness events from the company's calendar.
fn event_uplift(channel: &Channel, date: NaiveDate) -> f64 {
    let (m, day) = (date.month(), date.day());
    let amazon = channel.channel_type == ChannelType::Amazon;
    let uk = channel.market_code == "UK";
    let black_friday = {
        let nov1 = NaiveDate::from_ymd_opt(date.year(), 11, 1).expect("valid");
        let first_friday = (4 + 7 - nov1.weekday().num_days_from_monday()) % 7 + 1;
        NaiveDate::from_ymd_opt(date.year(), 11, first_friday + 21).expect("valid")
    };
    let days_from_bf = (date - black_friday).num_days();
    let mut uplift = 1.0;
    if (0..=3).contains(&days_from_bf) {
        uplift *= if amazon { 4.5 } else { 2.5 };
    }
    if amazon && m == 7 && (11..=12).contains(&day) {
        uplift *= 2.5; // Prime Day
    }
    if amazon && m == 1 && day <= 7 {
        uplift *= 2.5; // New-year resolutions
    }
    if amazon && m == 8 && (15..=28).contains(&day) {
        uplift *= 1.5; // Back to school
    }
    if uk && m == 1 {
        uplift *= 1.4; // Dry January
    }
    if uk && m == 10 {
        uplift *= 1.25; // Stoptober
    }
    if uk && m == 5 && (8..=14).contains(&day) {
        uplift *= 1.15; // Mental Health Awareness Week
    }
    uplift
}

struct Plan {
    lead_demand: f64,
    lead_sigma: f64,
    safety_stock: f64,
    reorder_point: f64,
    cycle_demand: f64,
    urgent: bool,
}

/// Reorder point = expected demand over the lead time + z·σ (the planners' rule), and an
/// order covering the next 30 days after arrival.
fn replenishment_plan(
    node: &Node,
    series: &[Series],
    channels: &[Channel],
    model: &DemandModel,
    date: NaiveDate,
) -> Plan {
    let mut lead_demand = 0.0;
    let mut lead_var = 0.0;
    let mut cycle_demand = 0.0;
    for &s in &node.series {
        let ser = &series[s];
        let channel = &channels[ser.channel];
        for t in 0..(node.lead_time + 30) {
            let mu = model.mean(ser, channel, date + Duration::days(t));
            if t < node.lead_time {
                lead_demand += mu;
                lead_var += mu + mu * mu / DISPERSION_SHAPE;
            } else {
                cycle_demand += mu;
            }
        }
    }
    let lead_sigma = lead_var.sqrt();
    let safety_stock = SERVICE_Z * lead_sigma;
    Plan {
        lead_demand,
        lead_sigma,
        safety_stock,
        reorder_point: lead_demand + safety_stock,
        cycle_demand,
        urgent: (node.on_hand as f64) < safety_stock,
    }
}

fn snapshot(
    rng: &mut ChaCha8Rng,
    node: &Node,
    product: &Product,
    plan: &Plan,
    date: NaiveDate,
) -> InventorySnapshot {
    let avg_daily = node.recent_sales.iter().sum::<i64>() as f64 / 28.0;
    let avg_stock = node.recent_on_hand.iter().sum::<i64>() as f64 / 28.0;
    let reserved = ((avg_daily * 1.5).round() as i64).min(node.on_hand);
    let available = node.on_hand - reserved;
    let inbound: i64 = node.pipeline.iter().map(|p| p.2).sum();
    let safety_stock = plan.safety_stock.round() as i64;
    let reorder_point = plan.reorder_point.round() as i64;
    let days_of_supply = (avg_daily > 0.0).then(|| (available as f64 / avg_daily).round() as i32);
    let status = if available == 0 {
        StockStatus::OutOfStock
    } else if available < safety_stock {
        StockStatus::Low
    } else if available + inbound <= reorder_point {
        StockStatus::Reorder
    } else if days_of_supply.is_some_and(|d| d > 120) {
        StockStatus::Overstock
    } else {
        StockStatus::Healthy
    };
    let risk = if plan.lead_sigma > 0.0 {
        let z = (available as f64 - plan.lead_demand) / plan.lead_sigma;
        1.0 - StdNormal::standard().cdf(z)
    } else {
        0.0
    };
    InventorySnapshot {
        id: new_id(rng),
        product_id: product.id,
        location_id: node.location_id,
        location_type: node.location_type,
        snapshot_date: date,
        available_quantity: available as i32,
        reserved_quantity: reserved as i32,
        inbound_quantity: inbound as i32,
        defective_quantity: node.defective as i32,
        safety_stock: safety_stock as i32,
        reorder_point: reorder_point as i32,
        reorder_quantity: (((plan.cycle_demand / 100.0).ceil().max(1.0)) * 100.0) as i32,
        days_of_supply,
        average_daily_demand: Decimal::from_f64(avg_daily).unwrap_or_default().round_dp(4),
        // First in, first out: units on hand are on average half a stock cover old.
        average_age_days: days_of_supply.map(|d| (d / 2).max(0)),
        // Turns = annual demand / average stock over the same 28 days. Undefined while the
        // average stock is under a day of demand (the item was effectively out of stock).
        turnover_rate: (avg_stock >= avg_daily.max(1.0)).then(|| {
            Decimal::from_f64(avg_daily * 365.0 / avg_stock)
                .unwrap_or_default()
                .round_dp(4)
        }),
        stock_status: status,
        risk_score: Decimal::from_f64(risk.clamp(0.0, 1.0))
            .unwrap_or_default()
            .round_dp(2),
        unit_value: product.unit_cost,
    }
}

fn close_month(
    rng: &mut ChaCha8Rng,
    b: &MarketBooks,
    market: &Market,
    date: NaiveDate,
    inventory_value: Decimal,
    fx_rate: Decimal,
) -> WorkingCapital {
    let days = Decimal::from(date.day());
    let cycle = CycleDays::compute(
        days,
        b.revenue,
        b.cogs,
        average_balance(b.opening_receivables, b.receivables),
        average_balance(b.opening_inventory, inventory_value),
        average_balance(b.opening_payables, b.payables),
    );
    WorkingCapital {
        id: new_id(rng),
        projection_date: date,
        market_code: market.code,
        scenario: Scenario::Base,
        is_actual: true,
        currency: market.currency,
        fx_rate_to_base: fx_rate,
        fx_rate_date: date,
        projected_sales_revenue: b.revenue,
        projected_cogs: b.cogs,
        accounts_receivable: b.receivables,
        accounts_payable: b.payables,
        inventory_value,
        tax_obligation: b.tax,
        cash_inflow: b.inflow,
        cash_outflow: b.outflow,
        net_cash_flow: b.inflow - b.outflow,
        working_capital_requirement: working_capital_requirement(
            b.receivables,
            inventory_value,
            b.payables,
        ),
        dso: cycle.map(|c| c.dso),
        dio: cycle.map(|c| c.dio),
        dpo: cycle.map(|c| c.dpo),
        cash_conversion_cycle: cycle.map(|c| c.ccc),
    }
}

/// Twelve months ahead per market and scenario, from the same month last year grown by
/// the plan's 15%, with the handbook's scenario adjustments to demand, margin and days.
fn project(
    rng: &mut ChaCha8Rng,
    actuals: &[WorkingCapital],
    markets: &[Market],
) -> Vec<WorkingCapital> {
    let mut out = Vec::new();
    for market in markets {
        let history: Vec<&WorkingCapital> = actuals
            .iter()
            .filter(|w| w.market_code == market.code)
            .collect();
        let Some(last) = history.last() else { continue };
        let recent = &history[history.len().saturating_sub(3)..];
        let avg_days = |f: fn(&WorkingCapital) -> Option<Decimal>| {
            let vals: Vec<Decimal> = recent.iter().filter_map(|w| f(w)).collect();
            if vals.is_empty() {
                Decimal::ZERO
            } else {
                vals.iter().sum::<Decimal>() / Decimal::from(vals.len())
            }
        };
        let (dso0, dio0, dpo0) = (
            avg_days(|w| w.dso),
            avg_days(|w| w.dio),
            avg_days(|w| w.dpo),
        );
        let year = &history[history.len().saturating_sub(12)..];
        let year_revenue: Decimal = year.iter().map(|w| w.projected_sales_revenue).sum();
        let year_cogs: Decimal = year.iter().map(|w| w.projected_cogs).sum();
        let cogs_ratio = if year_revenue.is_zero() {
            Decimal::ZERO
        } else {
            year_cogs / year_revenue
        };
        for &scenario in Scenario::ALL {
            let (demand, cogs_shift, dso_shift, dpo_shift) = match scenario {
                Scenario::Optimistic => (d("1.20"), d("-0.05"), d("-5"), d("3")),
                Scenario::Base => (d("1.00"), d("0"), d("0"), d("0")),
                Scenario::Pessimistic => (d("0.85"), d("0.03"), d("7"), d("0")),
            };
            let (mut open_ar, mut open_ap, mut open_inv, mut tax_prev) = (
                last.accounts_receivable,
                last.accounts_payable,
                last.inventory_value,
                last.tax_obligation,
            );
            let mut date = last.projection_date;
            for k in 0..12 {
                date = (date + Duration::days(1))
                    .checked_add_months(chrono::Months::new(1))
                    .expect("in range")
                    - Duration::days(1);
                let days = Decimal::from(date.day());
                let same_month_last_year = history.get(history.len() + k - 12.min(history.len()));
                let base_revenue = same_month_last_year
                    .map_or(last.projected_sales_revenue, |w| w.projected_sales_revenue);
                let money = |x: Decimal| round_money(x.max(Decimal::ZERO), market.currency);
                let revenue = money(base_revenue * d("1.15") * demand);
                let cogs = money(revenue * (cogs_ratio + cogs_shift));
                let round_days = |x: Decimal| x.max(Decimal::ZERO).round_dp(2);
                let (dso, dio, dpo) = (
                    round_days(dso0 + dso_shift),
                    round_days(dio0),
                    round_days(dpo0 + dpo_shift),
                );
                let ar = money(revenue * dso / days);
                let inv = money(cogs * dio / days);
                let ap = money(cogs * dpo / days);
                let tax = money(revenue * market.tax_rate);
                let inflow = money(open_ar + revenue - ar);
                let purchases = cogs + inv - open_inv;
                let outflow = money(open_ap + purchases - ap + tax_prev);
                out.push(WorkingCapital {
                    id: new_id(rng),
                    projection_date: date,
                    market_code: market.code,
                    scenario,
                    is_actual: false,
                    currency: market.currency,
                    fx_rate_to_base: last.fx_rate_to_base,
                    fx_rate_date: last.fx_rate_date,
                    projected_sales_revenue: revenue,
                    projected_cogs: cogs,
                    accounts_receivable: ar,
                    accounts_payable: ap,
                    inventory_value: inv,
                    tax_obligation: tax,
                    cash_inflow: inflow,
                    cash_outflow: outflow,
                    net_cash_flow: inflow - outflow,
                    working_capital_requirement: working_capital_requirement(ar, inv, ap),
                    dso: Some(dso),
                    dio: Some(dio),
                    dpo: Some(dpo),
                    cash_conversion_cycle: Some(dio + dso - dpo),
                });
                (open_ar, open_ap, open_inv, tax_prev) = (ar, ap, inv, tax);
            }
        }
    }
    out
}

/// Daily GBP rates for EUR and USD: a mean-reverting random walk around the budget
/// rates (0.85 and 0.79), so conversions vary by day as they do in real books.
struct FxPaths {
    eur: Vec<Decimal>,
    usd: Vec<Decimal>,
}

impl FxPaths {
    fn new(rng: &mut ChaCha8Rng, days: i64) -> Self {
        let noise = Normal::new(0.0, 0.003).expect("valid sigma");
        let mut path = |centre: f64| {
            let mut x: f64 = centre;
            (0..days)
                .map(|_| {
                    x += 0.02 * (centre - x) + noise.sample(rng) * centre;
                    Decimal::from_f64(x).unwrap_or_default().round_dp(6)
                })
                .collect::<Vec<_>>()
        };
        let eur = path(0.85);
        let usd = path(0.79);
        Self { eur, usd }
    }

    fn rate(&mut self, currency: Currency, day: i64) -> Decimal {
        match currency {
            Currency::GBP => Decimal::ONE,
            Currency::EUR => self.eur[day as usize],
            Currency::USD => self.usd[day as usize],
        }
    }
}
