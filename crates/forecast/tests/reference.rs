//! Reference values: our Theta against statsforecast 2.1.1's `Theta(season_length=12)` on
//! two M3 monthly series (Makridakis & Hibon 2000), forecasts as shipped in the benchmark
//! kit (`results/m3_monthly_1000_statsforecast-2.1.1.csv.gz`, 7 significant digits).

use sentia_forecast::theta::Theta;
use sentia_forecast::{forecast, seasonality_test, Fit, ModelKind, Predict};

fn assert_within_rel(got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len());
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= tol * w.abs(),
            "step {k}: got {g}, want {w}"
        );
    }
}

/// N1573: seasonal by the M4 test, so Theta works on the decomposed series.
const N1573: [f64; 51] = [
    5520.0, 3880.0, 4840.0, 4360.0, 3800.0, 4560.0, 4560.0, 5120.0, 4320.0, 5380.0, 4860.0, 4560.0,
    5820.0, 4260.0, 3720.0, 4500.0, 5200.0, 4300.0, 5460.0, 4800.0, 4500.0, 4640.0, 4600.0, 5400.0,
    5220.0, 3700.0, 5180.0, 4360.0, 3920.0, 4760.0, 4600.0, 4580.0, 4300.0, 4920.0, 3940.0, 5640.0,
    4800.0, 4120.0, 4940.0, 4540.0, 4100.0, 4940.0, 4660.0, 4180.0, 3960.0, 4380.0, 4480.0, 5860.0,
    4760.0, 4440.0, 5020.0,
];
const N1573_THETA: [f64; 18] = [
    4490.614, 4440.018, 4700.561, 4834.885, 4686.759, 4279.004, 4979.139, 4450.812, 5178.674,
    5241.307, 4008.603, 4623.714, 4483.979, 4433.457, 4693.614, 4827.738, 4679.831, 4272.678,
];

/// N1553: trending, not seasonal.
const N1553: [f64; 51] = [
    950.0, 950.0, 2100.0, 2350.0, 2100.0, 2400.0, 2200.0, 2700.0, 3000.0, 3100.0, 5050.0, 1550.0,
    3550.0, 2700.0, 3250.0, 2800.0, 2700.0, 2800.0, 3000.0, 4250.0, 4250.0, 4900.0, 4250.0, 3900.0,
    5450.0, 3800.0, 5050.0, 4350.0, 6300.0, 5750.0, 5900.0, 5400.0, 6150.0, 5500.0, 5750.0, 7600.0,
    6300.0, 5200.0, 8250.0, 7050.0, 5900.0, 7000.0, 8800.0, 7350.0, 7700.0, 7450.0, 6900.0, 8900.0,
    9350.0, 6300.0, 7950.0,
];
const N1553_THETA: [f64; 18] = [
    7986.943, 8055.9, 8124.857, 8193.814, 8262.771, 8331.728, 8400.685, 8469.642, 8538.599,
    8607.556, 8676.513, 8745.47, 8814.427, 8883.384, 8952.341, 9021.298, 9090.255, 9159.212,
];

#[test]
fn theta_matches_statsforecast_on_a_seasonal_m3_series() {
    assert!(seasonality_test(&N1573, 12));
    let f = forecast(&N1573, ModelKind::Theta, 12, 18, &[95.0]).unwrap();
    assert_within_rel(&f.point, &N1573_THETA, 1e-5);
}

#[test]
fn theta_matches_statsforecast_on_a_trending_m3_series() {
    assert!(!seasonality_test(&N1553, 12));
    let f = forecast(&N1553, ModelKind::Theta, 12, 18, &[95.0]).unwrap();
    assert_within_rel(&f.point, &N1553_THETA, 1e-5);
    // The drift is half the regression slope per step once the SES weights vanish.
    assert!((f.point[17] - f.point[16] - 68.957).abs() < 0.01);
}

/// A long CSV `unique_id,ds,<columns>` as rows per series id, in file order.
fn read_csv(text: &str) -> (Vec<String>, Vec<(String, Vec<f64>)>) {
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| {
            let mut f = l.split(',');
            let id = f.next().unwrap().to_string();
            let values = f.map(|v| v.parse().unwrap()).collect();
            (id, values)
        })
        .collect();
    (header, rows)
}

/// Series with strong multiplicative seasonality and zeros in their history (a quiet
/// season, stock-outs, a launch, a single zero; `data/make_seasonal_zeros.py`) against
/// statsforecast 2.1.1's `Theta` and `OptimizedTheta` on the same file, produced by the
/// benchmark kit's peer script. The reference adjusts such series additively; without that
/// our forecasts lost their seasonal shape (errors of the order of the seasonal swing).
///
/// Differences are relative to the series' largest value. Most series agree to 1e-4; the
/// rest differ where the two optimisers stop at different points of a flat objective (on
/// `stockout_4` the reference stops at the bound α = 0.1 and ours finds a lower in-sample
/// MSE at α = 0.115), so every series is held to 1% (2% with θ optimised too) and most to
/// the tight bound.
#[test]
fn theta_matches_statsforecast_on_seasonal_series_with_zeros() {
    let (_, train) = read_csv(include_str!("data/seasonal_zeros_train.csv"));
    let (header, reference) = read_csv(include_str!("data/seasonal_zeros_statsforecast-2.1.1.csv"));
    let column = |name: &str| header.iter().position(|h| h == name).unwrap() - 1;
    let h = 12;
    let mut ids: Vec<&str> = train.iter().map(|(id, _)| id.as_str()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 24);
    for (model, spec, every, tight, most) in [
        ("Theta", Theta::standard(12), 1e-2, 1e-4, 20),
        ("OptimizedTheta", Theta::optimized(12), 2e-2, 1e-3, 12),
    ] {
        let col = column(model);
        let mut close = 0;
        for id in &ids {
            let y: Vec<f64> = train
                .iter()
                .filter(|(i, _)| i == id)
                .map(|(_, v)| v[1])
                .collect();
            assert!(y.contains(&0.0), "{id} has no zero");
            let want: Vec<f64> = reference
                .iter()
                .filter(|(i, _)| i == id)
                .map(|(_, v)| v[col])
                .collect();
            assert_eq!(want.len(), h);
            let got = spec.fit(&y).unwrap().predict(h, &[]).unwrap().point;
            let scale = y.iter().fold(0.0f64, |a, v| a.max(v.abs()));
            let worst = got
                .iter()
                .zip(&want)
                .map(|(g, w)| (g - w).abs() / scale)
                .fold(0.0f64, f64::max);
            assert!(worst <= every, "{model} {id}: {got:?}, want {want:?}");
            close += usize::from(worst <= tight);
        }
        assert!(
            close >= most,
            "{model}: {close} of 24 series within {tight}"
        );
    }
}
