//! Property tests: any series gets either a finite forecast of the right shape, with
//! ordered intervals, or a typed error — never a panic or NaN.

use proptest::prelude::*;
use sentia_forecast::{forecast, Fallback, FallbackReason, ForecastError, ModelKind};

fn check(y: &[f64], kind: ModelKind, m: u32, h: usize) -> Result<(), TestCaseError> {
    let levels = [80.0, 95.0];
    match forecast(y, kind, m, h, &levels) {
        Ok(f) => {
            prop_assert_eq!(f.point.len(), h);
            prop_assert!(
                f.is_finite(),
                "{} gave non-finite output on {:?}",
                f.model,
                y
            );
            prop_assert_eq!(f.intervals.len(), 2);
            let (i80, i95) = (&f.intervals[0], &f.intervals[1]);
            for k in 0..h {
                prop_assert!(i95.lower[k] <= i80.lower[k] && i80.lower[k] <= f.point[k]);
                prop_assert!(f.point[k] <= i80.upper[k] && i80.upper[k] <= i95.upper[k]);
            }
            prop_assert!(!f.model.to_string().is_empty());
            if y.iter().filter(|v| v.is_finite()).all(|v| *v >= 0.0) {
                prop_assert!(
                    i95.lower.iter().all(|v| *v >= 0.0),
                    "negative bound for {:?}",
                    y
                );
            }
            prop_assert_eq!(f.decomposition.trend.len(), f.decomposition.seasonal.len());
        }
        Err(ForecastError::EmptySeries) => {
            prop_assert!(y.iter().all(|v| !v.is_finite()), "EmptySeries on {:?}", y);
        }
        Err(e) => {
            // Only values beyond the floating-point range may end in a numerical error.
            prop_assert!(
                matches!(e, ForecastError::Numerical { .. })
                    && y.iter().any(|v| v.is_finite() && v.abs() > 1e150),
                "{kind}: unexpected error {e} on {y:?}"
            );
        }
    }
    Ok(())
}

fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -1e3..1e4f64,
        2 => Just(0.0),
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => 1e12..1e15f64,
    ]
}

fn series() -> impl Strategy<Value = Vec<f64>> {
    prop_oneof![
        4 => prop::collection::vec(value(), 0..80),
        // positive, smooth-ish with season: the common case
        2 => (prop::collection::vec(1.0..2.0f64, 12), 10usize..100, 0.0..0.3f64).prop_map(|(pat, n, noise)| {
            (0..n).map(|t| 100.0 * pat[t % 12] * (1.0 + noise * ((t * 7919 % 13) as f64 / 13.0 - 0.5))).collect()
        }),
        // intermittent counts
        1 => prop::collection::vec(prop_oneof![6 => Just(0.0), 1 => (1u32..20).prop_map(f64::from)], 0..120),
        // constant
        1 => (0usize..60, -5.0..5.0f64).prop_map(|(n, v)| vec![v; n]),
        // huge
        1 => prop::collection::vec(1e200..1e300f64, 1..40),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn every_model_gives_a_finite_forecast_or_a_typed_error(
        y in series(),
        m in prop_oneof![Just(1u32), Just(4), Just(7), Just(12)],
        h in 1usize..20,
    ) {
        for kind in ModelKind::ALL {
            check(&y, kind, m, h)?;
        }
    }
}

#[test]
fn empty_series_is_a_typed_error() {
    for kind in ModelKind::ALL {
        assert_eq!(
            forecast(&[], kind, 12, 3, &[95.0]).unwrap_err(),
            ForecastError::EmptySeries
        );
        assert_eq!(
            forecast(&[f64::NAN; 5], kind, 12, 3, &[95.0]).unwrap_err(),
            ForecastError::EmptySeries
        );
    }
}

#[test]
fn constant_series_falls_back_to_naive_and_says_so() {
    let f = forecast(&[7.0; 30], ModelKind::Auto, 12, 4, &[80.0]).unwrap();
    assert_eq!(f.point, vec![7.0; 4]);
    assert_eq!(
        f.fallback,
        Some(Fallback(vec![FallbackReason::ConstantSeries])),
        "{:?}",
        f.fallback
    );
    assert_eq!(f.fallback.unwrap().to_string(), "Naive: constant series");
}

#[test]
fn all_zero_series_forecasts_zero() {
    let f = forecast(&[0.0; 40], ModelKind::Auto, 7, 5, &[95.0]).unwrap();
    assert_eq!(f.point, vec![0.0; 5]);
    assert!(f.fallback.is_some());
}

#[test]
fn short_series_gets_a_non_seasonal_forecast() {
    let y = [10.0, 12.0, 11.0, 13.0, 12.0, 14.0];
    let f = forecast(&y, ModelKind::Auto, 12, 3, &[95.0]).unwrap();
    assert!(f.is_finite());
    assert!(
        f.point.iter().all(|v| *v > 8.0 && *v < 20.0),
        "{:?}",
        f.point
    );
}

#[test]
fn missing_values_are_filled_and_reported() {
    let mut y: Vec<f64> = (0..48).map(|t| 50.0 + t as f64).collect();
    y[10] = f64::NAN;
    y[11] = f64::NAN;
    let f = forecast(&y, ModelKind::AutoEts, 1, 3, &[95.0]).unwrap();
    assert_eq!(
        f.fallback.as_ref().map(ToString::to_string).as_deref(),
        Some("2 missing values filled"),
        "{:?}",
        f.fallback
    );
    assert!((f.point[0] - 98.0).abs() < 2.0, "{:?}", f.point);
}

#[test]
fn invalid_level_and_horizon_are_typed_errors() {
    let y = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(
        forecast(&y, ModelKind::Naive, 1, 3, &[100.0]).unwrap_err(),
        ForecastError::InvalidLevel(100.0)
    );
    assert_eq!(
        forecast(&y, ModelKind::Naive, 1, 0, &[]).unwrap_err(),
        ForecastError::InvalidHorizon
    );
    assert!("nonsense".parse::<ModelKind>().is_err());
}

#[test]
fn params_round_trip_through_json() {
    let y: Vec<f64> = (0..60)
        .map(|t| 100.0 + (t % 12) as f64 * 3.0 + t as f64)
        .collect();
    for kind in ModelKind::ALL {
        let f = forecast(&y, kind, 12, 6, &[80.0]).unwrap();
        let json = serde_json::to_string(&f).unwrap();
        let back: sentia_forecast::Forecast = serde_json::from_str(&json).unwrap();
        // serde_json parses floats to within one ulp; compare the re-serialised form.
        let again = serde_json::to_string(&back).unwrap();
        let reparsed: serde_json::Value = serde_json::from_str(&again).unwrap();
        let orig: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            reparsed["params"]["model"], orig["params"]["model"],
            "{kind}"
        );
        assert_eq!(back.model, f.model);
        assert_eq!(back.point.len(), f.point.len());
    }
}
