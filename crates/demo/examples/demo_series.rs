//! Writes the demo company's demand as forecast benchmark sets: units sold per SKU ×
//! channel, summed by month and by week (Monday to Sunday, complete weeks only), for both
//! seasonality profiles, with the last year held out as the test window. The files use the
//! benchmark kit's long format (`unique_id,ds,y`, ds = 1..n in train, n+1..n+h in test).
//!
//!   cargo run --release -p sentia-demo --example demo_series -- <out-dir>
//!
//! Writes `demo_{mild,peak}_{monthly,weekly}_{train,test}.csv` with the default
//! `seed-demo` options (three years ending 2026-10-31).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};
use sentia_demo::{catalog, generate, DemoOptions, Seasonality};
use uuid::Uuid;

/// Units per (series, bucket index).
type Buckets = BTreeMap<(Uuid, Uuid), BTreeMap<i64, f64>>;

fn main() -> std::io::Result<()> {
    let out = std::env::args()
        .nth(1)
        .expect("usage: demo_series <out-dir>");
    let out = Path::new(&out);
    std::fs::create_dir_all(out)?;
    for (profile, seasonality) in [("mild", Seasonality::Mild), ("peak", Seasonality::Peak15x)] {
        let opts = DemoOptions {
            seasonality,
            ..DemoOptions::default()
        };
        let start = start_date(&opts);
        // Weeks are counted from the first Monday on or after the first day.
        let first_monday =
            start + chrono::Days::new(u64::from((7 - start.weekday().num_days_from_monday()) % 7));
        let month_of = |d: NaiveDate| {
            i64::from(d.year() - start.year()) * 12 + i64::from(d.month0())
                - i64::from(start.month0())
        };
        let week_of = |d: NaiveDate| (d - first_monday).num_days().div_euclid(7);
        let months = month_of(opts.end_date) + 1;
        // The last week counts only if it ends on the last day.
        let weeks = week_of(opts.end_date) + i64::from(opts.end_date.weekday() == Weekday::Sun);
        let (mut monthly, mut weekly) = (Buckets::new(), Buckets::new());
        let cat = catalog(&opts);
        for p in &cat.products {
            for c in &cat.channels {
                monthly.insert((p.id, c.id), BTreeMap::new());
                weekly.insert((p.id, c.id), BTreeMap::new());
            }
        }
        generate(&opts, |s| {
            let key = (s.product_id, s.sales_channel_id);
            let units = f64::from(s.quantity_sold);
            *monthly
                .entry(key)
                .or_default()
                .entry(month_of(s.sale_date))
                .or_default() += units;
            if s.sale_date >= first_monday {
                *weekly
                    .entry(key)
                    .or_default()
                    .entry(week_of(s.sale_date))
                    .or_default() += units;
            }
        });
        let name = |(p, c): (Uuid, Uuid)| {
            let sku = &cat
                .products
                .iter()
                .find(|x| x.id == p)
                .expect("product")
                .sku;
            let channel = cat
                .channels
                .iter()
                .find(|x| x.id == c)
                .expect("channel")
                .name;
            format!("{sku}|{}", channel.replace([' ', ','], "_"))
        };
        for (bucket, series, len, holdout) in [
            ("monthly", &monthly, months, 12),
            ("weekly", &weekly, weeks, 52),
        ] {
            let base = out.join(format!("demo_{profile}_{bucket}"));
            write_set(&base, series, len, holdout, name)?;
        }
    }
    Ok(())
}

fn start_date(opts: &DemoOptions) -> NaiveDate {
    let first_of_next = opts.end_date + chrono::Days::new(1);
    first_of_next
        .with_year(first_of_next.year() - opts.years as i32)
        .expect("valid date")
}

/// Writes `<base>_train.csv` and `<base>_test.csv`; series that never sell in the training
/// window are left out (nothing to forecast from).
fn write_set(
    base: &Path,
    series: &Buckets,
    len: i64,
    holdout: i64,
    name: impl Fn((Uuid, Uuid)) -> String,
) -> std::io::Result<()> {
    let path = |part: &str| {
        let mut p = base.as_os_str().to_owned();
        p.push(format!("_{part}.csv"));
        p
    };
    let mut train = BufWriter::new(File::create(path("train"))?);
    let mut test = BufWriter::new(File::create(path("test"))?);
    writeln!(train, "unique_id,ds,y")?;
    writeln!(test, "unique_id,ds,y")?;
    let split = len - holdout;
    for (&key, buckets) in series {
        let value = |t: i64| buckets.get(&t).copied().unwrap_or(0.0);
        if (0..split).all(|t| value(t) == 0.0) {
            continue;
        }
        let id = name(key);
        for t in 0..len {
            let file = if t < split { &mut train } else { &mut test };
            writeln!(file, "{id},{},{}", t + 1, value(t))?;
        }
    }
    train.flush()?;
    test.flush()
}
