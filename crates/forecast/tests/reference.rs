//! Reference values: our Theta against statsforecast 2.1.1's `Theta(season_length=12)` on
//! two M3 monthly series (Makridakis & Hibon 2000), forecasts as shipped in the benchmark
//! kit (`results/m3_monthly_1000_statsforecast-2.1.1.csv.gz`, 7 significant digits).

use sentia_forecast::{forecast, seasonality_test, ModelKind};

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
