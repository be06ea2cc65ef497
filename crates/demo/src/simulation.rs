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
/// The planners' cycle service level for the demo company's replenishment.
const CYCLE_SERVICE_LEVEL: f64 = 0.95;
/// Orders are placed in lots of this many units (MOQ and multiple).
const ORDER_LOT: i64 = 100;

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
    let mut sim = Simulation::new(opts);
    sim.open_stock();
    for index in 0..sim.total_days {
        let day = sim.day(index);
        sim.pay_last_months_tax(day);
        sim.settle_cash_due(day);
        sim.book_finished_jobs(day);
        sim.receive_arrivals(day);
        sim.sell(day, &mut on_sale);
        sim.replenish(day);
        sim.snapshot_stock(day);
        sim.close_month(day);
    }
    sim.project_working_capital();
    sim.plan_schedules();
    sim.finish()
}

/// One simulated day: its index from the first warm-up day, its date, and whether it
/// falls in the reported history (warm-up days move stock and money but write no rows).
#[derive(Clone, Copy)]
struct Day {
    index: i64,
    date: NaiveDate,
    reported: bool,
}

impl Day {
    fn is_first_of_month(self) -> bool {
        self.date.day() == 1
    }

    fn is_month_end(self) -> bool {
        (self.date + Duration::days(1)).day() == 1
    }
}

/// The business's state as the day loop runs. Every step draws from the one generator
/// in a fixed order, so the steps must run in the order `run` calls them: reordering
/// them, or the draws inside one, changes every row that follows.
struct Simulation {
    rng: ChaCha8Rng,
    catalog: Catalog,
    series: Vec<Series>,
    nodes: Vec<Node>,
    model: DemandModel,
    end_date: NaiveDate,
    /// The first warm-up day; day indices count from it.
    start: NaiveDate,
    total_days: i64,
    /// Promotion windows per channel, as (first day, day after the last).
    promotions: Vec<Vec<(i64, i64)>>,
    fx: FxPaths,
    /// One set of books per market, in `catalog.markets` order.
    books: Vec<MarketBooks>,
    bottling_lines: Vec<Uuid>,
    jobs: Vec<Job>,
    job_seq: u32,
    schedules: Vec<Schedule>,
    inventory: Vec<InventorySnapshot>,
    working_capital: Vec<WorkingCapital>,
    /// Sales are streamed, not kept, so their checksum is built as they are made.
    sales_hasher: TableHasher,
    sales_rows: u64,
}

impl Simulation {
    /// Draws the catalogue, then the promotion windows, then the FX paths. `open_stock`
    /// runs afterwards but draws nothing, so it does not move these draws.
    fn new(opts: &DemoOptions) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
        let (catalog, series, nodes) = build(opts, &mut rng);
        let first_day = first_reported_day(opts);
        let start = first_day - Duration::days(WARM_UP_DAYS);
        let total_days = (opts.end_date - start).num_days() + 1;
        let promotions = catalog
            .channels
            .iter()
            .map(|c| promotion_windows(&mut rng, c, total_days))
            .collect();
        let fx = FxPaths::new(&mut rng, total_days);
        let books = vec![MarketBooks::default(); catalog.markets.len()];
        let bottling_lines = catalog
            .resources
            .iter()
            .filter(|r| r.kind == "bottling_line")
            .map(|r| r.id)
            .collect();
        Self {
            rng,
            catalog,
            series,
            nodes,
            model: DemandModel {
                seasonality: opts.seasonality,
                first_day,
            },
            end_date: opts.end_date,
            start,
            total_days,
            promotions,
            fx,
            books,
            bottling_lines,
            jobs: Vec::new(),
            job_seq: 0,
            schedules: Vec::new(),
            inventory: Vec::new(),
            working_capital: Vec::new(),
            sales_hasher: TableHasher::default(),
            sales_rows: 0,
        }
    }

    fn day(&self, index: i64) -> Day {
        let date = self.start + Duration::days(index);
        Day {
            index,
            date,
            reported: date >= self.model.first_day,
        }
    }

    /// Opening stock: six weeks of demand at every location.
    fn open_stock(&mut self) {
        let channels = &self.catalog.channels;
        for node in self.nodes.iter_mut() {
            let mean: f64 = node
                .series
                .iter()
                .map(|&s| {
                    let ser = &self.series[s];
                    (0..42)
                        .map(|t| {
                            self.model.mean(
                                ser,
                                &channels[ser.channel],
                                self.start + Duration::days(t),
                            )
                        })
                        .sum::<f64>()
                })
                .sum();
            node.on_hand = mean.round() as i64;
        }
    }

    /// Last month's sales tax is paid on the first of the month.
    fn pay_last_months_tax(&mut self, day: Day) {
        if day.is_first_of_month() {
            self.books
                .iter_mut()
                .for_each(MarketBooks::pay_tax_last_month);
        }
    }

    /// Cash events that fall due today.
    fn settle_cash_due(&mut self, day: Day) {
        for b in self.books.iter_mut() {
            b.settle(day.index);
        }
    }

    /// Jobs finishing today become payables (Net 30 to the bottling partner).
    fn book_finished_jobs(&mut self, day: Day) {
        let Catalog {
            markets, products, ..
        } = &self.catalog;
        for node in &self.nodes {
            let product = &products[node.product];
            let b = &mut self.books[market_index(markets, product.market_region)];
            for &(_, _, units) in node
                .pipeline
                .iter()
                .filter(|(done, _, _)| *done == day.index)
            {
                let cost = product.unit_cost * Decimal::from(units);
                b.payables += cost;
                *b.payable_due.entry(day.index + 30).or_default() += cost;
            }
        }
    }

    /// Arrivals; a small share fails QC and is held as defective.
    fn receive_arrivals(&mut self, day: Day) {
        for node in self.nodes.iter_mut() {
            let arriving: i64 = node
                .pipeline
                .iter()
                .filter(|(_, arrive, _)| *arrive == day.index)
                .map(|p| p.2)
                .sum();
            if arriving > 0 {
                let defect = (arriving as f64 * self.rng.gen_range(0.0..0.01)).round() as i64;
                node.defective += defect;
                node.on_hand += arriving - defect;
            }
            node.pipeline.retain(|(_, arrive, _)| *arrive > day.index);
            if day.is_first_of_month() {
                // Defective stock is written off at the start of each month.
                node.defective = 0;
            }
        }
    }

    /// Demand and sales: each listing's demand is drawn and served from its location's
    /// stock; what the stock cannot cover is lost (a stockout), not back-ordered.
    fn sell(&mut self, day: Day, on_sale: &mut impl FnMut(&Sale)) {
        let Catalog {
            markets,
            products,
            channels,
            ..
        } = &self.catalog;
        let slot = (day.index % 28) as usize;
        for node in self.nodes.iter_mut() {
            let mut sold_here = 0i64;
            for &s in &node.series {
                let ser = &self.series[s];
                let channel = &channels[ser.channel];
                let market_idx = market_index(markets, channel.market_code);
                let promo = self.promotions[ser.channel]
                    .iter()
                    .any(|&(a, b)| day.index >= a && day.index < b);
                let mut mean = self.model.mean(ser, channel, day.date);
                if promo {
                    mean *= 1.35;
                }
                let demand = draw_demand(&mut self.rng, mean);
                let sold = demand.min(node.on_hand);
                node.on_hand -= sold;
                sold_here += sold;
                if !day.reported || (sold == 0 && demand == 0) {
                    continue;
                }
                let market = &markets[market_idx];
                let trade = Trade {
                    product: &products[ser.product],
                    channel,
                    market,
                    date: day.date,
                    promo,
                    demand,
                    sold,
                    fx_rate: self.fx.rate(market.currency, day.index),
                };
                let sale = sale_row(&mut self.rng, &trade);
                self.sales_hasher.add(&sale);
                self.sales_rows += 1;
                on_sale(&sale);
                self.books[market_idx].book_sale(&sale, channel, day.index);
            }
            node.recent_sales[slot] = sold_here;
            node.recent_on_hand[slot] = node.on_hand;
        }
    }

    /// Replenishment review: planners reorder when the stock position falls to the
    /// reorder point, from a forecast that is good but not perfect.
    fn replenish(&mut self, day: Day) {
        let Catalog {
            products, channels, ..
        } = &self.catalog;
        let date = day.date;
        for node in self.nodes.iter_mut() {
            let plan = replenishment_plan(node, &self.series, channels, &self.model, date);
            let position = node.on_hand + node.pipeline.iter().map(|p| p.2).sum::<i64>();
            let forecast_bias = self.rng.gen_range(0.8..1.1);
            if (position as f64) > plan.reorder_point * forecast_bias {
                continue;
            }
            let product = &products[node.product];
            let (lead_time, location_id) = (node.lead_time, node.location_id);
            let mut remaining = lot_sized(plan.cycle_demand);
            let delay = if self.rng.gen_bool(0.1) {
                self.rng.gen_range(5..12)
            } else {
                self.rng.gen_range(-1..4)
            };
            while remaining > 0 {
                let batch = remaining.min(i64::from(product.batch_size_max));
                remaining -= batch;
                let production_days = self.rng.gen_range(2..5);
                let done = day.index + production_days;
                let arrive = day.index + lead_time + delay;
                self.job_seq += 1;
                let job_seq = self.job_seq;
                let planned_start = at_hour(date + Duration::days(1), 7);
                let planned_end = at_hour(date + Duration::days(production_days), 15);
                let status = if self.start + Duration::days(done) <= self.end_date {
                    JobStatus::Completed
                } else if date < self.end_date {
                    JobStatus::Active
                } else {
                    JobStatus::Pending
                };
                let finished = status == JobStatus::Completed;
                let waste = d("0.01") + Decimal::from(self.rng.gen_range(0..50)) / d("1000");
                self.jobs.push(Job {
                    id: new_id(&mut self.rng),
                    job_number: format!("JOB-{}-{job_seq:05}", date.year()),
                    schedule_id: None,
                    customer_name: format!("Replenishment {location_id}"),
                    status,
                    product_id: product.id,
                    resource_id: self.bottling_lines[job_seq as usize % self.bottling_lines.len()],
                    quantity: batch as i32,
                    produced_quantity: if finished { batch as i32 } else { 0 },
                    batch_number: format!("B{}{:02}-{job_seq:05}", date.year() % 100, date.month()),
                    priority: if plan.urgent { 1 } else { 3 },
                    due_date: self.start + Duration::days(arrive),
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
    }

    /// Weekly stock snapshots, and one on the last day.
    fn snapshot_stock(&mut self, day: Day) {
        if !day.reported || !(day.date.weekday() == Weekday::Sun || day.date == self.end_date) {
            return;
        }
        let Catalog {
            products, channels, ..
        } = &self.catalog;
        for node in &self.nodes {
            let plan = replenishment_plan(node, &self.series, channels, &self.model, day.date);
            self.inventory.push(snapshot(
                &mut self.rng,
                node,
                &products[node.product],
                &plan,
                day.date,
            ));
        }
    }

    /// Month end: close the books of each market. Warm-up months are closed too, so the
    /// first reported month opens with real balances, but they write no rows.
    fn close_month(&mut self, day: Day) {
        if !day.is_month_end() {
            return;
        }
        let Catalog {
            markets, products, ..
        } = &self.catalog;
        for (m, market) in markets.iter().enumerate() {
            let inventory_value: Decimal = self
                .nodes
                .iter()
                .filter(|n| products[n.product].market_region == market.code)
                .map(|n| {
                    let in_transit: i64 = n
                        .pipeline
                        .iter()
                        .filter(|p| p.0 <= day.index)
                        .map(|p| p.2)
                        .sum();
                    products[n.product].unit_cost
                        * Decimal::from(n.on_hand + n.defective + in_transit)
                })
                .sum();
            let b = &mut self.books[m];
            if day.reported {
                self.working_capital.push(monthly_actuals(
                    &mut self.rng,
                    b,
                    market,
                    day.date,
                    inventory_value,
                    self.fx.rate(market.currency, day.index),
                ));
            }
            b.open_month(inventory_value);
        }
    }

    /// Twelve months of scenario projections per market, after the actuals.
    fn project_working_capital(&mut self) {
        let projections = project(&mut self.rng, &self.working_capital, &self.catalog.markets);
        self.working_capital.extend(projections);
    }

    /// Monthly schedules group the jobs that start in them.
    fn plan_schedules(&mut self) {
        let users = &self.catalog.users;
        let created_by = users
            .iter()
            .find(|u| u.username == "marco.planning")
            .map_or(users[0].id, |u| u.id);
        let mut month = self.model.first_day.with_day(1).expect("first of month");
        let last = self.end_date + Duration::days(31);
        while month <= last {
            let next = month
                .checked_add_months(chrono::Months::new(1))
                .expect("date in range");
            let status = if next <= self.end_date {
                ScheduleStatus::Completed
            } else if month <= self.end_date {
                ScheduleStatus::Active
            } else {
                ScheduleStatus::Draft
            };
            let schedule = Schedule {
                id: new_id(&mut self.rng),
                name: format!("Production plan {}", month.format("%Y-%m")),
                start_date: at_hour(month, 0),
                end_date: at_hour(next, 0),
                status,
                created_by,
            };
            for job in self.jobs.iter_mut() {
                if job.planned_start >= schedule.start_date && job.planned_start < schedule.end_date
                {
                    job.schedule_id = Some(schedule.id);
                }
            }
            self.schedules.push(schedule);
            month = next;
        }
    }

    fn finish(self) -> Company {
        let checksums = self.checksums();
        let fx_rates = (0..self.fx.eur.len() as i64)
            .flat_map(|day| {
                [Currency::EUR, Currency::USD].map(|c| FxRate {
                    base_currency: c,
                    quote_currency: Currency::GBP,
                    rate_date: self.start + Duration::days(day),
                    rate: self.fx.rate(c, day),
                })
            })
            .collect();
        Company {
            fx_rates,
            catalog: self.catalog,
            schedules: self.schedules,
            jobs: self.jobs,
            inventory: self.inventory,
            working_capital: self.working_capital,
            sales_rows: self.sales_rows,
            checksums,
        }
    }

    fn checksums(&self) -> Checksums {
        let Catalog {
            users,
            markets,
            products,
            channels,
            resources,
            settings,
        } = &self.catalog;
        let mut checksums = Checksums::default();
        checksums.of("users", users);
        checksums.of("markets", markets);
        checksums.of("products", products);
        checksums.of("sales_channels", channels);
        checksums.of("resources", resources);
        checksums.of("schedules", &self.schedules);
        checksums.of("jobs", &self.jobs);
        checksums.of("inventory_levels", &self.inventory);
        checksums.of("working_capital", &self.working_capital);
        checksums.of("system_settings", settings);
        checksums
            .0
            .insert("historical_sales", self.sales_hasher.clone().finish());
        checksums
    }
}

fn market_index(markets: &[Market], code: &str) -> usize {
    markets
        .iter()
        .position(|m| m.code == code)
        .expect("known market")
}

impl MarketBooks {
    fn pay_tax_last_month(&mut self) {
        self.outflow += self.tax_last_month;
        self.tax_last_month = Decimal::ZERO;
    }

    fn settle(&mut self, day: i64) {
        if let Some(amount) = self.receivable_due.remove(&day) {
            self.receivables -= amount;
        }
        if let Some(amount) = self.collectible_due.remove(&day) {
            self.inflow += amount;
        }
        if let Some(amount) = self.payable_due.remove(&day) {
            self.payables -= amount;
            self.outflow += amount;
        }
    }

    /// The books follow the sale: the platform pays out net of its fees after the
    /// channel's settlement terms, less bad debt.
    fn book_sale(&mut self, sale: &Sale, channel: &Channel, day: i64) {
        self.revenue += sale.net_revenue;
        self.cogs += sale.cogs;
        self.tax += sale.tax_amount;
        self.outflow += sale.shipping_cost + sale.duty_cost;
        let receivable = sale.net_revenue - sale.platform_fees;
        self.receivables += receivable;
        let due = day + i64::from(channel.payment_terms_days);
        *self.receivable_due.entry(due).or_default() += receivable;
        *self.collectible_due.entry(due).or_default() += round_money(
            receivable * (Decimal::ONE - channel.bad_debt_rate),
            sale.currency,
        );
    }

    /// Closing balances become next month's opening ones; this month's tax falls due.
    fn open_month(&mut self, inventory_value: Decimal) {
        self.tax_last_month = self.tax;
        self.opening_receivables = self.receivables;
        self.opening_payables = self.payables;
        self.opening_inventory = inventory_value;
        self.revenue = Decimal::ZERO;
        self.cogs = Decimal::ZERO;
        self.tax = Decimal::ZERO;
        self.inflow = Decimal::ZERO;
        self.outflow = Decimal::ZERO;
    }
}

/// One listing's reported trading day: what was asked for and what the stock allowed.
struct Trade<'c> {
    product: &'c Product,
    channel: &'c Channel,
    market: &'c Market,
    date: NaiveDate,
    promo: bool,
    demand: i64,
    sold: i64,
    fx_rate: Decimal,
}

/// The sales row for a trade. Draws returns, then the data-quality flag, then the id.
fn sale_row(rng: &mut ChaCha8Rng, trade: &Trade) -> Sale {
    let Trade {
        product,
        channel,
        market,
        date,
        promo,
        demand,
        sold,
        fx_rate,
    } = *trade;
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
            .map(|b| b.sample(rng) as i32)
            .unwrap_or(0)
    };
    let quality = if rng.gen_bool(0.02) {
        d("0.92")
    } else {
        Decimal::ONE
    };
    Sale {
        id: new_id(rng),
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
        fx_rate_to_base: fx_rate,
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

/// Reorder point = expected demand over the lead time + safety stock for the cycle service
/// level (computed by `sentia-planning`, as the app plans), and an order covering the next
/// 30 days after arrival.
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
    let safety_stock = sentia_planning::safety_stock_for_csl(CYCLE_SERVICE_LEVEL, lead_sigma)
        .expect("a valid service level and a finite spread");
    Plan {
        lead_demand,
        lead_sigma,
        safety_stock,
        reorder_point: lead_demand + safety_stock,
        cycle_demand,
        urgent: (node.on_hand as f64) < safety_stock,
    }
}

/// An order for `demand` units in whole lots, at least one lot (the planning crate's lot
/// rules: 0 or at least the MOQ, a multiple of the lot).
fn lot_sized(demand: f64) -> i64 {
    let lot = Decimal::from(ORDER_LOT);
    let rules = sentia_planning::LotRules {
        moq: lot,
        lot_multiple: lot,
        batch_max: None,
    };
    let requested = Decimal::from_f64(demand.max(1.0)).unwrap_or(lot);
    sentia_planning::apply_lot_rules("", requested, &rules, Decimal::ZERO)
        .expect("valid lot rules")
        .quantity
        .to_i64()
        .unwrap_or(ORDER_LOT)
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
        StockStatus::Out
    } else if available < safety_stock {
        StockStatus::Critical
    } else if available + inbound <= reorder_point {
        StockStatus::Low
    } else if days_of_supply.is_some_and(|d| d > 120) {
        StockStatus::Excess
    } else {
        StockStatus::Healthy
    };
    // The chance that demand over the lead time exceeds what is available.
    let risk = if plan.lead_sigma > 0.0 {
        1.0 - sentia_planning::csl_for_reorder_point(
            available as f64,
            plan.lead_demand,
            plan.lead_sigma,
        )
        .expect("finite stock and demand")
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
        reorder_quantity: lot_sized(plan.cycle_demand) as i32,
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

/// The month's actuals row for one market, from its books at month end.
fn monthly_actuals(
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

    fn rate(&self, currency: Currency, day: i64) -> Decimal {
        match currency {
            Currency::GBP => Decimal::ONE,
            Currency::EUR => self.eur[day as usize],
            Currency::USD => self.usd[day as usize],
        }
    }
}
