//! `sentia forecast` and `sentia backtest`: batch forecasting of long-format CSV files
//! with the `sentia-forecast` engine.
//!
//! Input is long `unique_id,ds,y` with each series' rows contiguous and `ds` ascending;
//! `ds` is an integer index or an ISO date (`YYYY-MM-DD`). Series are read one at a time
//! and processed in parallel batches, so memory grows with the batch, not the file.
//! Output is statsforecast's wide format, which the benchmark scorer reads as it is.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use chrono::{Datelike, Months, NaiveDate};
use rayon::prelude::*;
use sentia_forecast::{
    backtest, fit_batch, owa, BacktestConfig, FittedModel, Forecast, ModelKind, ModelSpec,
};

/// Series processed per parallel batch (bounds memory; large enough to keep cores busy).
const BATCH: usize = 256;

/// Arguments of `sentia forecast`.
#[derive(clap::Args, Debug)]
pub struct ForecastArgs {
    /// Long-format CSV with header `unique_id,ds,y`.
    #[arg(long, required_unless_present = "from_db")]
    pub input: Option<PathBuf>,
    /// Forecast the sales history in the database instead, as a stored run made by a
    /// Sentia user (the app's use case: the same scope, history and workflow).
    #[arg(long, conflicts_with_all = ["input", "output", "report"], requires = "user")]
    pub from_db: bool,
    #[command(flatten)]
    pub db: crate::forecast_db::FromDbArgs,
    /// Number of periods to forecast.
    #[arg(long, short = 'H')]
    pub horizon: usize,
    /// Season length in periods (12 monthly, 7 daily, 52 weekly, 1 none).
    #[arg(long, short = 'm', default_value_t = 1)]
    pub season_length: u32,
    /// Comma-separated models: auto, autoets (ets), theta, optimizedtheta (otm),
    /// combination, naive, seasonalnaive (snaive), windowaverage (ma), naive2,
    /// croston, sba, tsb, adida, ml (global ridge model trained on each batch of series),
    /// select (per-series choice by a backtest on the series' own history).
    #[arg(long, default_value = "auto", value_delimiter = ',')]
    pub models: Vec<String>,
    /// Interval levels in percent.
    #[arg(long = "level", default_value = "80,95", value_delimiter = ',')]
    pub levels: Vec<f64>,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Seed for simulated intervals.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Optional CSV listing, per series and model, the model used, any fallback and the
    /// fitted parameters (JSON).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Wide-format output CSV.
    #[arg(long, short = 'o', required_unless_present = "from_db")]
    pub output: Option<PathBuf>,
}

/// Arguments of `sentia backtest`.
#[derive(clap::Args, Debug)]
pub struct BacktestArgs {
    /// Long-format CSV with header `unique_id,ds,y`.
    #[arg(long)]
    pub input: PathBuf,
    /// Horizon of each fold.
    #[arg(long, short = 'H')]
    pub horizon: usize,
    /// Season length in periods.
    #[arg(long, short = 'm', default_value_t = 1)]
    pub season_length: u32,
    /// Comma-separated models (see `sentia forecast --help`).
    #[arg(
        long,
        default_value = "auto,autoets,theta,naive2,seasonalnaive,naive",
        value_delimiter = ','
    )]
    pub models: Vec<String>,
    /// Number of forecast origins per series.
    #[arg(long, default_value_t = 3)]
    pub folds: usize,
    /// Periods between origins (default: the horizon, so test windows do not overlap).
    #[arg(long)]
    pub step: Option<usize>,
    /// Interval levels in percent.
    #[arg(long = "level", default_value = "80,95", value_delimiter = ',')]
    pub levels: Vec<f64>,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// One input series.
struct Series {
    id: String,
    ds: Vec<Ds>,
    y: Vec<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Ds {
    Int(i64),
    Date(NaiveDate),
}

fn parse_ds(s: &str) -> Option<Ds> {
    let s = s.trim();
    if let Ok(v) = s.parse::<i64>() {
        return Some(Ds::Int(v));
    }
    // Accept a date, or a timestamp whose date part is ISO (e.g. 2024-01-31T00:00:00).
    let d = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok().map(Ds::Date)
}

fn parse_y(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("nan") || s.eq_ignore_ascii_case("na") {
        return Some(f64::NAN);
    }
    s.parse::<f64>().ok()
}

/// Reads series one at a time from a long CSV.
struct SeriesReader {
    path: PathBuf,
    rows: csv::StringRecordsIntoIter<File>,
    cols: (usize, usize, usize),
    pending: Option<(String, Ds, f64)>,
    seen: std::collections::HashSet<String>,
}

impl SeriesReader {
    fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(file);
        let headers = rdr
            .headers()
            .with_context(|| format!("{}: cannot read the header row", path.display()))?
            .clone();
        let col = |name: &str| {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                anyhow!(
                    "{}: header has no `{name}` column (expected unique_id,ds,y; found {})",
                    path.display(),
                    headers.iter().collect::<Vec<_>>().join(",")
                )
            })
        };
        let cols = (col("unique_id")?, col("ds")?, col("y")?);
        Ok(SeriesReader {
            path: path.to_path_buf(),
            rows: rdr.into_records(),
            cols,
            pending: None,
            seen: Default::default(),
        })
    }

    fn next_row(&mut self) -> Result<Option<(String, Ds, f64)>> {
        let Some(rec) = self.rows.next() else {
            return Ok(None);
        };
        let rec = rec.with_context(|| format!("{}: malformed CSV", self.path.display()))?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let field = |i: usize, name: &str| {
            rec.get(i).ok_or_else(|| {
                anyhow!(
                    "{}: row {line}: missing field `{name}`",
                    self.path.display()
                )
            })
        };
        let id = field(self.cols.0, "unique_id")?.to_string();
        let ds_s = field(self.cols.1, "ds")?;
        let ds = parse_ds(ds_s).ok_or_else(|| {
            anyhow!(
                "{}: row {line}: field `ds` = {ds_s:?} is neither an integer nor an ISO date",
                self.path.display()
            )
        })?;
        let y_s = field(self.cols.2, "y")?;
        let y = parse_y(y_s).ok_or_else(|| {
            anyhow!(
                "{}: row {line}: field `y` = {y_s:?} is not a number",
                self.path.display()
            )
        })?;
        if id.is_empty() {
            bail!(
                "{}: row {line}: field `unique_id` is empty",
                self.path.display()
            );
        }
        Ok(Some((id, ds, y)))
    }

    fn next_series(&mut self) -> Result<Option<Series>> {
        let first = match self.pending.take() {
            Some(r) => r,
            None => match self.next_row()? {
                Some(r) => r,
                None => return Ok(None),
            },
        };
        let (id, ds0, y0) = first;
        if !self.seen.insert(id.clone()) {
            bail!(
                "{}: series `{id}` appears in two separate blocks; rows of a series must be contiguous",
                self.path.display()
            );
        }
        let mut s = Series {
            id,
            ds: vec![ds0],
            y: vec![y0],
        };
        while let Some((id, ds, y)) = self.next_row()? {
            if id != s.id {
                self.pending = Some((id, ds, y));
                break;
            }
            let prev = *s.ds.last().unwrap_or(&ds);
            let ordered = match (prev, ds) {
                (Ds::Int(a), Ds::Int(b)) => b > a,
                (Ds::Date(a), Ds::Date(b)) => b > a,
                _ => bail!(
                    "{}: series `{}`: field `ds` mixes integers and dates",
                    self.path.display(),
                    s.id
                ),
            };
            if !ordered {
                bail!(
                    "{}: series `{}`: field `ds` is not strictly increasing at {:?}",
                    self.path.display(),
                    s.id,
                    ds
                );
            }
            s.ds.push(ds);
            s.y.push(y);
        }
        Ok(Some(s))
    }

    fn next_batch(&mut self) -> Result<Vec<Series>> {
        let mut out = Vec::with_capacity(BATCH);
        while out.len() < BATCH {
            match self.next_series()? {
                Some(s) => out.push(s),
                None => break,
            }
        }
        Ok(out)
    }
}

/// Future `ds` values continuing the input's spacing.
fn future_ds(ds: &[Ds], h: usize) -> Vec<String> {
    let last = ds[ds.len() - 1];
    match last {
        Ds::Int(v) => {
            let step = match ds.len() {
                n if n >= 2 => match ds[n - 2] {
                    Ds::Int(p) => (v - p).max(1),
                    Ds::Date(_) => 1,
                },
                _ => 1,
            };
            (1..=h as i64).map(|k| (v + k * step).to_string()).collect()
        }
        Ds::Date(d) => {
            let prev = match ds.len() {
                n if n >= 2 => match ds[n - 2] {
                    Ds::Date(p) => Some(p),
                    Ds::Int(_) => None,
                },
                _ => None,
            };
            // Calendar months (and quarters, years) when consecutive dates are whole
            // months apart on the same day or both month ends; otherwise a fixed day step.
            let months = prev.and_then(|p| {
                let dm = (d.year() - p.year()) * 12 + d.month() as i32 - p.month() as i32;
                let month_end = |x: NaiveDate| x.succ_opt().is_some_and(|s| s.month() != x.month());
                (dm > 0 && (p.day() == d.day() || (month_end(p) && month_end(d))))
                    .then_some(dm as u32)
            });
            let days = prev.map(|p| (d - p).num_days()).unwrap_or(1).max(1);
            (1..=h as u32)
                .map(|k| {
                    let nd = match months {
                        Some(mm) => {
                            let base = d.checked_add_months(Months::new(mm * k));
                            let eom = d.succ_opt().is_some_and(|s| s.month() != d.month());
                            match (base, eom) {
                                (Some(b), true) => {
                                    // stay on month ends
                                    let first_next = b
                                        .with_day(1)
                                        .and_then(|f| f.checked_add_months(Months::new(1)));
                                    first_next.and_then(|f| f.pred_opt()).unwrap_or(b)
                                }
                                (Some(b), false) => b,
                                (None, _) => d,
                            }
                        }
                        None => d + chrono::Duration::days(days * k as i64),
                    };
                    nd.format("%Y-%m-%d").to_string()
                })
                .collect()
        }
    }
}

fn parse_models(names: &[String]) -> Result<Vec<ModelKind>> {
    let mut out = vec![];
    for n in names.iter().filter(|n| !n.trim().is_empty()) {
        let k: ModelKind = n.parse().map_err(|e| anyhow!("--models: {e}"))?;
        if !out.contains(&k) {
            out.push(k);
        }
    }
    if out.is_empty() {
        bail!("--models: no model given");
    }
    Ok(out)
}

fn check_levels(levels: &[f64]) -> Result<()> {
    for l in levels {
        if !(*l > 0.0 && *l < 100.0) {
            bail!("--level: {l} is not between 0 and 100");
        }
    }
    Ok(())
}

fn level_name(l: f64) -> String {
    if l.fract() == 0.0 {
        format!("{}", l as i64)
    } else {
        format!("{l}")
    }
}

fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")
}

fn fmt_num(v: f64) -> String {
    // Shortest representation that round-trips.
    format!("{v}")
}

/// `sentia forecast`.
pub fn run_forecast(args: ForecastArgs) -> Result<()> {
    if args.horizon == 0 {
        bail!("--horizon must be at least 1");
    }
    if args.season_length == 0 {
        bail!("--season-length must be at least 1");
    }
    check_levels(&args.levels)?;
    let models = parse_models(&args.models)?;
    let pool = pool(args.threads)?;
    let (Some(input), Some(output)) = (&args.input, &args.output) else {
        bail!("--input and --output are required without --from-db");
    };
    let mut reader = SeriesReader::open(input)?;
    let mut out = csv::Writer::from_path(output)
        .with_context(|| format!("cannot create {}", output.display()))?;
    let mut header = vec!["unique_id".to_string(), "ds".to_string()];
    for m in &models {
        header.push(m.column_name().to_string());
        for l in &args.levels {
            header.push(format!("{}-lo-{}", m.column_name(), level_name(*l)));
            header.push(format!("{}-hi-{}", m.column_name(), level_name(*l)));
        }
    }
    out.write_record(&header)?;
    let mut report = match &args.report {
        Some(p) => {
            let mut w = csv::Writer::from_path(p)
                .with_context(|| format!("cannot create {}", p.display()))?;
            w.write_record(["unique_id", "n", "column", "model", "fallback", "params"])?;
            Some(w)
        }
        None => None,
    };
    let started = Instant::now();
    let mut last_progress = Instant::now();
    let (mut done, mut failed) = (0usize, 0usize);
    loop {
        let batch = reader.next_batch()?;
        if batch.is_empty() {
            break;
        }
        // The global model (ML) is trained once on the whole batch, before the per-series
        // work; memory stays bounded by the batch.
        let global: Option<Vec<Result<FittedModel, sentia_forecast::ForecastError>>> =
            models.contains(&ModelKind::Ml).then(|| {
                let ys: Vec<&[f64]> = batch.iter().map(|s| s.y.as_slice()).collect();
                let spec = ModelSpec {
                    kind: ModelKind::Ml,
                    season_length: args.season_length,
                    seed: args.seed,
                };
                fit_batch(&spec, &ys, args.horizon)
            });
        let results: Vec<(usize, Vec<Result<Forecast, String>>)> = pool.install(|| {
            batch
                .par_iter()
                .enumerate()
                .map(|(i, s)| {
                    let fs = models
                        .iter()
                        .map(|&kind| {
                            let spec = ModelSpec {
                                kind,
                                season_length: args.season_length,
                                seed: args.seed,
                            };
                            let fitted = match (&global, kind) {
                                (Some(g), ModelKind::Ml) => g[i].clone(),
                                _ => spec.fit(&s.y),
                            };
                            fitted
                                .and_then(|f| f.predict(args.horizon, &args.levels))
                                .map_err(|e| e.to_string())
                        })
                        .collect();
                    (i, fs)
                })
                .collect()
        });
        for (i, fs) in results {
            let s = &batch[i];
            if let Some(err) = fs.iter().find_map(|f| f.as_ref().err()) {
                eprintln!("warning: series `{}` skipped: {err}", s.id);
                failed += 1;
                continue;
            }
            let fs: Vec<&Forecast> = fs.iter().filter_map(|f| f.as_ref().ok()).collect();
            let ds = future_ds(&s.ds, args.horizon);
            for (k, d) in ds.iter().enumerate() {
                let mut row = vec![s.id.clone(), d.clone()];
                for f in &fs {
                    row.push(fmt_num(f.point[k]));
                    for l in &args.levels {
                        let iv = f.interval(*l).ok_or_else(|| anyhow!("missing interval"))?;
                        row.push(fmt_num(iv.lower[k]));
                        row.push(fmt_num(iv.upper[k]));
                    }
                }
                out.write_record(&row)?;
            }
            if let Some(w) = report.as_mut() {
                for (kind, f) in models.iter().zip(&fs) {
                    let params = serde_json::to_string(&f.params)?;
                    w.write_record([
                        s.id.clone(),
                        s.y.len().to_string(),
                        kind.column_name().to_owned(),
                        f.model.to_string(),
                        f.fallback
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                        params,
                    ])?;
                }
            }
            done += 1;
        }
        if last_progress.elapsed().as_secs_f64() >= 1.0 {
            eprintln!(
                "forecast: {done} series ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
            last_progress = Instant::now();
        }
    }
    out.flush()?;
    if let Some(w) = report.as_mut() {
        w.flush()?;
    }
    eprintln!(
        "forecast: {done} series, {failed} skipped, {} in {:.2} s -> {}",
        models
            .iter()
            .map(|m| m.column_name())
            .collect::<Vec<_>>()
            .join(","),
        started.elapsed().as_secs_f64(),
        output.display()
    );
    if done == 0 && failed > 0 {
        bail!("no series could be forecast");
    }
    Ok(())
}

#[derive(Default, Clone)]
struct Agg {
    series: usize,
    smape: f64,
    mase: f64,
    mase_n: usize,
    mae: f64,
    rmse: f64,
    bias: f64,
    wape: f64,
    wape_n: usize,
    cov: Vec<f64>,
    msis: f64,
    msis_n: usize,
    n2_smape: f64,
    n2_mase: f64,
    fallbacks: usize,
    secs: f64,
}

/// `sentia backtest`.
pub fn run_backtest(args: BacktestArgs) -> Result<()> {
    if args.horizon == 0 {
        bail!("--horizon must be at least 1");
    }
    if args.season_length == 0 {
        bail!("--season-length must be at least 1");
    }
    check_levels(&args.levels)?;
    let models = parse_models(&args.models)?;
    let pool = pool(args.threads)?;
    let cfg = BacktestConfig {
        horizon: args.horizon,
        folds: args.folds.max(1),
        step: args.step.unwrap_or(args.horizon).max(1),
        season_length: args.season_length as usize,
        levels: args.levels.clone(),
    };
    let mut reader = SeriesReader::open(&args.input)?;
    let mut aggs = vec![
        Agg {
            cov: vec![0.0; args.levels.len()],
            ..Default::default()
        };
        models.len()
    ];
    let mut skipped = 0usize;
    let started = Instant::now();
    loop {
        let batch = reader.next_batch()?;
        if batch.is_empty() {
            break;
        }
        let results: Vec<Vec<Option<(Agg, String)>>> = pool.install(|| {
            batch
                .par_iter()
                .map(|s| {
                    models
                        .iter()
                        .map(|&kind| {
                            let t0 = Instant::now();
                            let spec = ModelSpec::new(kind, args.season_length);
                            let folds = backtest(&s.y, &spec, &cfg).ok()?;
                            let k = folds.len() as f64;
                            let mut a = Agg {
                                series: 1,
                                cov: vec![0.0; args.levels.len()],
                                ..Default::default()
                            };
                            let (mut mase, mut mase_ok) = (0.0, true);
                            let (mut n2m, mut wape, mut wape_ok) = (0.0, 0.0, true);
                            let (mut msis, mut msis_ok) = (0.0, true);
                            for f in &folds {
                                let acc = &f.accuracy;
                                a.smape += acc.smape / k;
                                a.mae += acc.mae / k;
                                a.rmse += acc.rmse / k;
                                a.bias += acc.bias / k;
                                a.n2_smape += f.naive2.smape / k;
                                match (acc.mase, f.naive2.mase) {
                                    (Some(x), Some(y)) => {
                                        mase += x / k;
                                        n2m += y / k;
                                    }
                                    _ => mase_ok = false,
                                }
                                match acc.wape {
                                    Some(w) => wape += w / k,
                                    None => wape_ok = false,
                                }
                                match acc.msis {
                                    Some(w) => msis += w / k,
                                    None => msis_ok = false,
                                }
                                for (c, (_, v)) in a.cov.iter_mut().zip(&acc.coverage) {
                                    *c += v / k;
                                }
                                if f.model.to_string() != kind.column_name()
                                    && kind != ModelKind::Auto
                                    && kind != ModelKind::Combination
                                    && kind != ModelKind::AutoEts
                                    && kind != ModelKind::Select
                                {
                                    a.fallbacks += 1;
                                }
                            }
                            if mase_ok {
                                a.mase = mase;
                                a.n2_mase = n2m;
                                a.mase_n = 1;
                            }
                            if wape_ok {
                                a.wape = wape;
                                a.wape_n = 1;
                            }
                            if msis_ok {
                                a.msis = msis;
                                a.msis_n = 1;
                            }
                            a.secs = t0.elapsed().as_secs_f64();
                            Some((a, s.id.clone()))
                        })
                        .collect()
                })
                .collect()
        });
        for per_series in results {
            if per_series.iter().any(|r| r.is_none()) {
                skipped += 1;
                continue;
            }
            for (agg, r) in aggs.iter_mut().zip(per_series.into_iter().flatten()) {
                let a = r.0;
                agg.series += 1;
                agg.smape += a.smape;
                agg.mae += a.mae;
                agg.rmse += a.rmse;
                agg.bias += a.bias;
                agg.n2_smape += a.n2_smape;
                if a.mase_n == 1 {
                    agg.mase += a.mase;
                    agg.n2_mase += a.n2_mase;
                    agg.mase_n += 1;
                }
                if a.wape_n == 1 {
                    agg.wape += a.wape;
                    agg.wape_n += 1;
                }
                if a.msis_n == 1 {
                    agg.msis += a.msis;
                    agg.msis_n += 1;
                }
                for (c, v) in agg.cov.iter_mut().zip(&a.cov) {
                    *c += v;
                }
                agg.fallbacks += a.fallbacks;
                agg.secs += a.secs;
            }
        }
    }
    let mut table = String::new();
    let mut head = format!(
        "{:<16} {:>7} {:>8} {:>7} {:>6} {:>10} {:>10} {:>8} {:>10}",
        "model", "series", "sMAPE", "MASE", "OWA", "MAE", "RMSE", "WAPE", "bias"
    );
    for l in &args.levels {
        head.push_str(&format!(" {:>6}", format!("cov{}", level_name(*l))));
    }
    head.push_str(&format!(" {:>7} {:>8}", "MSIS", "cpu s"));
    table.push_str(&head);
    table.push('\n');
    for (kind, a) in models.iter().zip(&aggs) {
        let n = a.series.max(1) as f64;
        let mn = a.mase_n.max(1) as f64;
        let smape = a.smape / n;
        let mase = a.mase / mn;
        let o = owa(smape, mase, a.n2_smape / n, a.n2_mase / mn);
        let mut line = format!(
            "{:<16} {:>7} {:>8.3} {:>7.3} {:>6.3} {:>10.4} {:>10.4} {:>8.2} {:>10.4}",
            kind.column_name(),
            a.series,
            smape,
            mase,
            o,
            a.mae / n,
            a.rmse / n,
            a.wape / a.wape_n.max(1) as f64,
            a.bias / n
        );
        for c in &a.cov {
            line.push_str(&format!(" {:>6.3}", c / n));
        }
        line.push_str(&format!(
            " {:>7.3} {:>8.2}",
            a.msis / a.msis_n.max(1) as f64,
            a.secs
        ));
        table.push_str(&line);
        table.push('\n');
    }
    print!("{table}");
    eprintln!(
        "backtest: {} folds x h={} (step {}), {} series evaluated, {} too short skipped, {:.2} s",
        cfg.folds,
        cfg.horizon,
        cfg.step,
        aggs.first().map(|a| a.series).unwrap_or(0),
        skipped,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_ds_continues_with_its_step() {
        let ds = [Ds::Int(3), Ds::Int(5)];
        assert_eq!(future_ds(&ds, 2), vec!["7", "9"]);
    }

    #[test]
    fn monthly_dates_continue_by_calendar_month() {
        let d = |s: &str| Ds::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        assert_eq!(
            future_ds(&[d("2024-01-01"), d("2024-02-01")], 2),
            vec!["2024-03-01", "2024-04-01"]
        );
        assert_eq!(
            future_ds(&[d("2024-01-31"), d("2024-02-29")], 2),
            vec!["2024-03-31", "2024-04-30"]
        );
        assert_eq!(
            future_ds(&[d("2024-01-01"), d("2024-01-08")], 1),
            vec!["2024-01-15"]
        );
    }
}
