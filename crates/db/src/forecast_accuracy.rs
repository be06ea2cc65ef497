//! Forecast accuracy against the actual demand recorded once a period is complete:
//! the statistical forecast, the planner's override and a naive forecast side by side
//! (the `forecast_accuracy` view), summed for the forecast value added report.

use chrono::NaiveDate;
use sqlx::PgExecutor;

use crate::DbError;

/// Records the actual demand of every complete forecast period overlapping
/// `[from, until]`, the dates whose sales changed; returns the rows changed.
pub async fn record_actuals(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<i32, DbError> {
    Ok(sqlx::query_scalar!(
        r#"SELECT forecasts_record_actuals($1, $2) AS "changed!""#,
        from,
        until
    )
    .fetch_one(ex)
    .await?)
}

/// What the report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueAddedBy {
    /// The planner who overrode: only overridden periods count.
    Planner,
    /// The product category: every scored period counts.
    Category,
}

/// Sums over the scored periods of one group in one month, from which the errors follow.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueAddedRow {
    pub group_label: String,
    /// First day of the month the periods start in.
    pub month: NaiveDate,
    /// Series × periods scored.
    pub points: i64,
    /// Of those, overridden.
    pub overridden: i64,
    /// Units sold.
    pub actual: f64,
    /// Sum of |forecast − actual| for the naive, the statistical and the final forecast.
    pub naive_error: f64,
    pub statistical_error: f64,
    pub final_error: f64,
    /// Sum of (final − actual): above zero when the forecast ran high.
    pub final_bias: f64,
}

/// Scored periods summed per group and month, by label then month.
pub async fn value_added(
    ex: impl PgExecutor<'_>,
    by: ValueAddedBy,
) -> Result<Vec<ValueAddedRow>, DbError> {
    let by_planner = by == ValueAddedBy::Planner;
    Ok(sqlx::query_as!(
        ValueAddedRow,
        r#"SELECT CASE WHEN $1 THEN sentia_user_label(a.overridden_by) ELSE p.category END
                      AS "group_label!",
                  date_trunc('month', a.period)::date AS "month!",
                  count(*) AS "points!",
                  count(a.overridden_by) AS "overridden!",
                  sum(a.actual)::float8 AS "actual!",
                  sum(abs(COALESCE(a.naive, 0) - a.actual))::float8 AS "naive_error!",
                  sum(abs(a.statistical - a.actual))::float8 AS "statistical_error!",
                  sum(abs(a.final - a.actual))::float8 AS "final_error!",
                  sum(a.final - a.actual)::float8 AS "final_bias!"
           FROM forecast_accuracy a
           JOIN products p ON p.id = a.product_id
           WHERE NOT $1 OR a.overridden_by IS NOT NULL
           GROUP BY 1, 2
           ORDER BY 1, 2"#,
        by_planner
    )
    .fetch_all(ex)
    .await?)
}
