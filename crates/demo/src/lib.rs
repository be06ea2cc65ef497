//! A deterministic demo company: Sentia Spirits Ltd, its markets, products, channels,
//! three years of daily sales, stock at several locations, production jobs and
//! working capital — generated from one simulated business so that the figures reconcile
//! (sales draw down stock, stock is replenished by production jobs, receivables and
//! payables follow the sales and the jobs, cash follows them).
//!
//! Pure: a seed and options in, rows out. The same seed gives the same rows, byte for byte.
//!
//! ```
//! use sentia_demo::{generate, DemoOptions};
//! let opts = DemoOptions { years: 1, ..DemoOptions::default() };
//! let mut sales = 0u64;
//! let company = generate(&opts, |_sale| sales += 1);
//! assert_eq!(company.catalog.products.len(), 9);
//! assert_eq!(company.sales_rows, sales);
//! ```
#![warn(missing_docs)]

mod catalog;
mod checksum;
mod rows;
mod simulation;

pub use catalog::DEMO_PASSWORD;
pub use checksum::Checksums;
pub use rows::*;

use chrono::NaiveDate;

/// Shape of the yearly demand cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seasonality {
    /// The handbook's quarterly index (Q1 1.20, Q2 0.95, Q3 0.85, Q4 1.35).
    #[default]
    Mild,
    /// The client brief's profile: a 15× swing from the June low to the December peak.
    Peak15x,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Random seed; the same seed gives the same company.
    pub seed: u64,
    /// Multiplies the number of SKUs (variants of each regional product), for load tests.
    pub scale: u32,
    /// Years of daily history ending on `end_date`.
    pub years: u32,
    /// Last day of history (inclusive). Pass a fixed date for reproducible output.
    pub end_date: NaiveDate,
    /// Yearly demand profile.
    pub seasonality: Seasonality,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            seed: 2019,
            scale: 1,
            years: 3,
            end_date: NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid date"),
            seasonality: Seasonality::Mild,
        }
    }
}

/// The fixed part of the company: who and what exists before any day is simulated.
/// [`catalog`] returns exactly the catalogue that [`generate`] then trades with, so a
/// loader can insert it before streaming sales that refer to it.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// App users, one or more per role.
    pub users: Vec<User>,
    /// UK, EU, USA.
    pub markets: Vec<Market>,
    /// Regional SKUs.
    pub products: Vec<Product>,
    /// Amazon and Shopify storefronts.
    pub channels: Vec<Channel>,
    /// Production resources.
    pub resources: Vec<Resource>,
    /// Company settings.
    pub settings: Vec<Setting>,
}

/// The generated company, except sales, which are streamed to the caller (there can be
/// tens of millions of them).
#[derive(Debug, Clone)]
pub struct Company {
    /// Users, markets, products, channels, resources, settings.
    pub catalog: Catalog,
    /// Monthly production schedules.
    pub schedules: Vec<Schedule>,
    /// Production jobs (replenishment batches).
    pub jobs: Vec<Job>,
    /// Weekly stock snapshots per SKU and location.
    pub inventory: Vec<InventorySnapshot>,
    /// Monthly actuals and 12 months of scenario projections per market.
    pub working_capital: Vec<WorkingCapital>,
    /// Daily EUR and USD rates to GBP: the rates the sales were booked at (the sales'
    /// checksum covers them).
    pub fx_rates: Vec<FxRate>,
    /// How many sales rows were streamed.
    pub sales_rows: u64,
    /// SHA-256 per table over the generated rows, sales included.
    pub checksums: Checksums,
}

/// The catalogue [`generate`] will use with the same options.
pub fn catalog(opts: &DemoOptions) -> Catalog {
    simulation::catalog(opts)
}

/// Generates the company, passing each sales row to `on_sale` in date order.
pub fn generate(opts: &DemoOptions, on_sale: impl FnMut(&Sale)) -> Company {
    simulation::run(opts, on_sale)
}
