//! Fit + predict time per model on one monthly-like series (n = 120, m = 12, h = 18).
//! Read each model against `naive` from the same run: absolute times depend on the machine.
//! The cross-series comparison with statsforecast is `bench/forecast/run.sh`.

use criterion::{criterion_group, criterion_main, Criterion};
use sentia_forecast::{ModelKind, ModelSpec};
use std::hint::black_box;

fn series() -> Vec<f64> {
    // Trend, multiplicative season and deterministic pseudo-noise (no RNG dependency).
    (0..120)
        .map(|t| {
            let season = 1.0 + 0.25 * (std::f64::consts::TAU * (t % 12) as f64 / 12.0).sin();
            let noise = ((t * 7919 % 101) as f64 / 101.0 - 0.5) * 0.1;
            (500.0 + 3.0 * t as f64) * season * (1.0 + noise)
        })
        .collect()
}

fn models(c: &mut Criterion) {
    let y = series();
    let mut g = c.benchmark_group("fit_predict_n120_h18");
    for kind in [
        ModelKind::Naive,
        ModelKind::Theta,
        ModelKind::DynamicOptimizedTheta,
        ModelKind::AutoEts,
        ModelKind::AutoArima,
        ModelKind::Auto,
    ] {
        let spec = ModelSpec::new(kind, 12);
        g.bench_function(kind.column_name(), |b| {
            b.iter(|| {
                spec.fit(black_box(&y))
                    .and_then(|f| f.predict(18, &[80.0, 95.0]))
                    .map(|f| f.point[0])
            })
        });
    }
    g.finish();
}

criterion_group!(benches, models);
criterion_main!(benches);
