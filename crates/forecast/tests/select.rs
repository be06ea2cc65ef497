//! `Select`: per-series choice among the combination, ETS-average, Theta and DOTM by a
//! rolling-origin backtest on the series' own history.

use sentia_forecast::{forecast, FallbackReason, ModelKind, ModelName};

/// Deterministic noise in [-0.5, 0.5).
fn noise(t: usize) -> f64 {
    ((t * 7919 + 13) % 101) as f64 / 101.0 - 0.5
}

fn seasonal(n: usize) -> Vec<f64> {
    (0..n)
        .map(|t| {
            100.0 + 30.0 * ((t % 12) as f64 / 12.0 * std::f64::consts::TAU).sin() + 4.0 * noise(t)
        })
        .collect()
}

/// Level rising fast and flattening out: a damped trend.
fn damped(n: usize) -> Vec<f64> {
    (0..n)
        .map(|t| 50.0 + 200.0 * (1.0 - 0.93f64.powi(t as i32)) + 2.0 * noise(t))
        .collect()
}

fn linear(n: usize) -> Vec<f64> {
    (0..n)
        .map(|t| 50.0 + 3.0 * t as f64 + 2.0 * noise(t))
        .collect()
}

fn select(y: &[f64], h: usize) -> sentia_forecast::Forecast {
    forecast(y, ModelKind::Select, 12, h, &[80.0, 95.0]).unwrap()
}

#[test]
fn a_damped_trend_selects_the_ets_average() {
    // ETS-average (damped trend) misses the held-out folds by MASE 0.02, Theta and DOTM,
    // which extrapolate a straight drift, by 0.26–0.27 and the combination by 0.18.
    let f = select(&damped(96), 18);
    assert!(
        f.model.to_string().starts_with("Select(ETSAverage"),
        "{}",
        f.model
    );
    assert_eq!(f.fallback, None);
}

#[test]
fn a_steady_additive_season_selects_the_ets_average() {
    // A season of constant amplitude is what additive seasonal ETS models exactly; the
    // theta candidates divide by multiplicative indices, which a constant swing around a
    // level does not follow, so the ETS-average wins whatever the history's length.
    for y in [seasonal(96), seasonal(60)] {
        let f = select(&y, 18);
        assert!(
            f.model.to_string().starts_with("Select(ETSAverage"),
            "{}",
            f.model
        );
    }
}

#[test]
fn the_chosen_model_is_refitted_on_the_whole_series() {
    let y = linear(96);
    let f = select(&y, 18);
    assert_eq!(f.model.to_string(), "Select(DynamicOptimizedTheta)");
    let own = forecast(&y, ModelKind::DynamicOptimizedTheta, 12, 18, &[80.0, 95.0]).unwrap();
    assert_eq!(f.point, own.point);
    assert_eq!(f.intervals, own.intervals);
    assert_eq!(f.params, own.params);
    assert_eq!(f.decomposition, own.decomposition);
}

#[test]
fn a_series_too_short_for_the_backtest_gets_the_combination_and_says_why() {
    // Monthly data needs 2 × 12 held out plus 24 to train on: 47 points are too few.
    let y = seasonal(47);
    let f = select(&y, 6);
    assert!(
        f.model.to_string().starts_with("Select(Combination"),
        "{}",
        f.model
    );
    let why = f.fallback.expect("a reason");
    assert_eq!(
        why.0[0],
        FallbackReason::TooShortForSelection {
            needed: 48,
            got: 47
        }
    );
    assert!(
        why.to_string().starts_with(
            "Combination: series too short for the selection backtest (needs 48 points, got 47)"
        ),
        "{why}"
    );
    let comb = forecast(&y, ModelKind::Combination, 12, 6, &[80.0, 95.0]).unwrap();
    assert_eq!(f.point, comb.point);
    // 48 points are enough.
    assert!(!select(&seasonal(48), 6).fallback.is_some_and(|f| f
        .0
        .iter()
        .any(|r| matches!(r, FallbackReason::TooShortForSelection { .. }))));
}

#[test]
fn selection_is_deterministic() {
    for y in [seasonal(80), damped(70), linear(50)] {
        assert_eq!(select(&y, 18), select(&y, 18));
    }
}

#[test]
fn sporadic_demand_adds_tsb_and_stays_finite() {
    let y: Vec<f64> = (0..120)
        .map(|t| if t % 6 == 0 { (1 + t % 4) as f64 } else { 0.0 })
        .collect();
    let f = select(&y, 12);
    assert!(matches!(f.model, ModelName::Select { .. }), "{}", f.model);
    assert!(f.is_finite());
    assert!(f.point.iter().all(|v| *v >= 0.0));
}

#[test]
fn parses_and_names_its_column() {
    assert_eq!("select".parse::<ModelKind>().unwrap(), ModelKind::Select);
    assert_eq!(ModelKind::Select.column_name(), "Select");
    assert!(ModelKind::ALL.contains(&ModelKind::Select));
}
