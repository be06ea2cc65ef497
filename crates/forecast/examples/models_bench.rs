//! Time and accuracy of every model on the benchmark kit's data sets, one thread.
//!
//! ```sh
//! cargo run -p sentia-forecast --release --example models_bench -- \
//!     [--data ../shared/bench/forecast/data] [--sets m3,daily,weekly] [--models auto,theta] \
//!     [--limit N] [--dump forecasts.tsv]
//! ```
//!
//! Prints one row per set and model: wall seconds for fit + predict of all series (ML is
//! trained per batch of 256 series, as the CLI does), mean sMAPE and MASE, 95% coverage and
//! MSIS, from the crate's own `accuracy`. `--dump` writes every point and 95% bound (full
//! precision) so that two builds can be compared number by number
//! (`bench/forecast/models_bench.sh` does both).

use std::collections::BTreeMap;
use std::time::Instant;

use sentia_forecast::{accuracy, fit_batch, ModelKind, ModelSpec};

struct Set {
    name: &'static str,
    file: &'static str,
    h: usize,
    m: u32,
    models: &'static [ModelKind],
}

const M3_MODELS: &[ModelKind] = &ModelKind::ALL;

const INTERMITTENT_MODELS: &[ModelKind] = &[
    ModelKind::Auto,
    ModelKind::AutoEts,
    ModelKind::Croston,
    ModelKind::Sba,
    ModelKind::Tsb,
    ModelKind::Adida,
    ModelKind::Imapa,
    ModelKind::Naive,
    ModelKind::SeasonalNaive,
    ModelKind::Naive2,
    ModelKind::WindowAverage,
];

const SETS: &[Set] = &[
    Set {
        name: "m3",
        file: "m3_monthly_1000",
        h: 18,
        m: 12,
        models: M3_MODELS,
    },
    Set {
        name: "daily",
        file: "intermittent_daily",
        h: 28,
        m: 7,
        models: INTERMITTENT_MODELS,
    },
    Set {
        name: "weekly",
        file: "intermittent_weekly",
        h: 13,
        m: 52,
        models: INTERMITTENT_MODELS,
    },
];

/// Reads a long `unique_id,ds,y` file into series in file order.
fn read(path: &str) -> Vec<(String, Vec<f64>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out: Vec<(String, Vec<f64>)> = vec![];
    for line in text.lines().skip(1) {
        let mut f = line.split(',');
        let (Some(id), Some(_), Some(y)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let y: f64 = y.trim().parse().unwrap_or(f64::NAN);
        match out.last_mut() {
            Some((last, v)) if last == id => v.push(y),
            _ => out.push((id.to_string(), vec![y])),
        }
    }
    out
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let data = arg(&args, "--data").unwrap_or_else(|| "../shared/bench/forecast/data".into());
    let sets = arg(&args, "--sets").unwrap_or_else(|| "m3,daily,weekly".into());
    let only: Option<Vec<ModelKind>> = arg(&args, "--models").map(|s| {
        s.split(',')
            .map(|m| m.parse().unwrap_or_else(|e| panic!("{e}")))
            .collect()
    });
    let limit: usize = arg(&args, "--limit").map_or(usize::MAX, |s| s.parse().unwrap_or(0));
    let mut dump = arg(&args, "--dump").map(|p| {
        std::io::BufWriter::new(std::fs::File::create(&p).unwrap_or_else(|e| panic!("{p}: {e}")))
    });
    let levels = [80.0, 95.0];
    println!("set\tmodel\tseconds\tsMAPE\tMASE\tcov95\tMSIS\tfailed");
    for set in SETS.iter().filter(|s| sets.split(',').any(|n| n == s.name)) {
        let train: Vec<_> = read(&format!("{data}/{}_train.csv", set.file))
            .into_iter()
            .take(limit)
            .collect();
        let test: BTreeMap<String, Vec<f64>> = read(&format!("{data}/{}_test.csv", set.file))
            .into_iter()
            .collect();
        let m = set.m as usize;
        for &kind in set.models {
            if only.as_ref().is_some_and(|o| !o.contains(&kind)) {
                continue;
            }
            let spec = ModelSpec::new(kind, set.m);
            let start = Instant::now();
            let mut forecasts = Vec::with_capacity(train.len());
            for batch in train.chunks(256) {
                let ys: Vec<&[f64]> = batch.iter().map(|(_, y)| y.as_slice()).collect();
                let fitted = if kind == ModelKind::Ml {
                    fit_batch(&spec, &ys, set.h)
                } else {
                    ys.iter().map(|y| spec.fit(y)).collect()
                };
                forecasts.extend(
                    fitted
                        .into_iter()
                        .map(|f| f.and_then(|f| f.predict(set.h, &levels)).ok()),
                );
            }
            let seconds = start.elapsed().as_secs_f64();
            let (mut smape, mut mase, mut cov, mut msis) = (0.0, 0.0, 0.0, 0.0);
            let (mut n, mut n_scaled, mut failed) = (0usize, 0usize, 0usize);
            for ((id, y), fc) in train.iter().zip(&forecasts) {
                let Some(fc) = fc else {
                    failed += 1;
                    continue;
                };
                let actual = &test[id];
                let acc = accuracy(y, actual, fc, m);
                smape += acc.smape;
                cov += acc
                    .coverage
                    .iter()
                    .find(|c| c.0 == 95.0)
                    .map_or(0.0, |c| c.1);
                n += 1;
                if let (Some(a), Some(b)) = (acc.mase, acc.msis) {
                    mase += a;
                    msis += b;
                    n_scaled += 1;
                }
                if let Some(w) = dump.as_mut() {
                    use std::io::Write as _;
                    let iv = fc.interval(95.0).expect("95% interval");
                    for k in 0..fc.point.len() {
                        writeln!(
                            w,
                            "{}\t{}\t{id}\t{k}\t{:?}\t{:?}\t{:?}",
                            set.name, kind, fc.point[k], iv.lower[k], iv.upper[k]
                        )
                        .expect("write dump");
                    }
                }
            }
            let nf = n.max(1) as f64;
            let ns = n_scaled.max(1) as f64;
            println!(
                "{}\t{}\t{:.3}\t{:.3}\t{:.4}\t{:.4}\t{:.3}\t{}",
                set.name,
                kind,
                seconds,
                smape / nf,
                mase / ns,
                cov / nf,
                msis / ns,
                failed
            );
        }
    }
}
