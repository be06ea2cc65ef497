//! Forecast accuracy and forecast value added (FVA). Once a period is complete its actual
//! demand is recorded on the forecast rows (`forecasts_record_actuals`, called when sales
//! arrive); the errors of the statistical forecast, the planner's override and a naive
//! forecast are then compared: an override adds value when it lowers the error.

use sentia_db::forecast_accuracy::{self as db, ErrorSums};
use sentia_domain::Permission;

use super::model::{
    Accuracy, ForecastPoint, HistoryPoint, ValueAddedBy, ValueAddedGroup, ValueAddedMonth,
    ValueAddedReport,
};
use crate::{App, AppError};

/// Adds the sums of more scored periods.
fn add(sums: &mut ErrorSums, other: &ErrorSums) {
    sums.points += other.points;
    sums.overridden += other.overridden;
    sums.actual += other.actual;
    sums.naive_error = match (sums.naive_error, other.naive_error) {
        (Some(a), Some(b)) => Some(a + b),
        (a, b) => a.or(b),
    };
    sums.statistical_error += other.statistical_error;
    sums.final_error += other.final_error;
    sums.final_bias += other.final_bias;
}

/// One scored period.
fn point(
    actual: f64,
    statistical: f64,
    planned: f64,
    naive: Option<f64>,
    overridden: bool,
) -> ErrorSums {
    ErrorSums {
        points: 1,
        overridden: i64::from(overridden),
        actual,
        naive_error: naive.map(|n| (n - actual).abs()),
        statistical_error: (statistical - actual).abs(),
        final_error: (planned - actual).abs(),
        final_bias: planned - actual,
    }
}

/// The errors as shares of the units sold; none when nothing was sold.
pub fn accuracy_of(sums: &ErrorSums) -> Accuracy {
    let share = |error: f64| (sums.actual > 0.0).then(|| error / sums.actual);
    let naive = sums.naive_error.and_then(share);
    let statistical = share(sums.statistical_error);
    let planned = share(sums.final_error);
    Accuracy {
        points: u32::try_from(sums.points).unwrap_or(u32::MAX),
        overridden: u32::try_from(sums.overridden).unwrap_or(u32::MAX),
        actual: sums.actual,
        naive_wape: naive,
        statistical_wape: statistical,
        final_wape: planned,
        final_bias: share(sums.final_bias),
        override_value_added: statistical.zip(planned).map(|(s, f)| s - f),
        statistical_value_added: naive.zip(statistical).map(|(n, s)| n - s),
    }
}
/// A series' accuracy over its complete forecast periods, against the naive forecast of
/// the last complete period the run saw.
pub(crate) fn of_series(history: &[HistoryPoint], forecast: &[ForecastPoint]) -> Option<Accuracy> {
    let naive = history.iter().rev().find(|p| !p.partial).map(|p| p.units);
    let mut sums = ErrorSums::default();
    for p in forecast {
        if let Some(actual) = p.actual {
            add(
                &mut sums,
                &point(
                    actual,
                    p.statistical.unwrap_or(p.value),
                    p.value,
                    naive,
                    p.statistical.is_some(),
                ),
            );
        }
    }
    (sums.points > 0).then(|| accuracy_of(&sums))
}

/// Forecast value added per planner or category, month by month and in total.
pub async fn value_added(app: &App, by: ValueAddedBy) -> Result<ValueAddedReport, AppError> {
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let rows = db::value_added(
        tx.conn(),
        match by {
            ValueAddedBy::Planner => db::ValueAddedBy::Planner,
            ValueAddedBy::Category => db::ValueAddedBy::Category,
        },
    )
    .await?;
    let mut groups: Vec<(String, ErrorSums, Vec<ValueAddedMonth>)> = Vec::new();
    for row in &rows {
        if groups.last().is_none_or(|g| g.0 != row.group_label) {
            groups.push((row.group_label.clone(), ErrorSums::default(), Vec::new()));
        }
        let group = groups.last_mut().expect("pushed above");
        add(&mut group.1, &row.sums);
        group.2.push(ValueAddedMonth {
            month: row.month,
            accuracy: accuracy_of(&row.sums),
        });
    }
    Ok(ValueAddedReport {
        by,
        groups: groups
            .into_iter()
            .map(|(label, total, months)| ValueAddedGroup {
                label,
                total: accuracy_of(&total),
                months,
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_that_moves_toward_the_actual_adds_value() {
        // Sold 100; the engine said 80, the planner 95, naive 60.
        let a = accuracy_of(&point(100.0, 80.0, 95.0, Some(60.0), true));
        assert_eq!(a.statistical_wape, Some(0.2));
        assert_eq!(a.final_wape, Some(0.05));
        assert_eq!(a.naive_wape, Some(0.4));
        assert!((a.override_value_added.unwrap() - 0.15).abs() < 1e-12);
        assert!((a.statistical_value_added.unwrap() - 0.2).abs() < 1e-12);
        assert_eq!(a.final_bias, Some(-0.05));
    }

    #[test]
    fn sums_weight_periods_by_their_units() {
        let mut sums = point(100.0, 80.0, 95.0, Some(60.0), true);
        // Sold 300, engine said 330, nobody overrode.
        add(&mut sums, &point(300.0, 330.0, 330.0, Some(250.0), false));
        let a = accuracy_of(&sums);
        assert_eq!((a.points, a.overridden), (2, 1));
        assert_eq!(a.statistical_wape, Some(50.0 / 400.0));
        assert_eq!(a.final_wape, Some(35.0 / 400.0));
        assert_eq!(a.naive_wape, Some(90.0 / 400.0));
    }

    #[test]
    fn nothing_sold_has_no_error_share() {
        let a = accuracy_of(&point(0.0, 3.0, 3.0, None, false));
        assert_eq!(
            (a.final_wape, a.naive_wape, a.override_value_added),
            (None, None, None)
        );
    }
}
