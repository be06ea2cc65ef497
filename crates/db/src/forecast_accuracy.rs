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

/// Sums over scored periods, from which the errors follow.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ErrorSums {
    /// Series × periods scored.
    pub points: i64,
    /// Of those, overridden.
    pub overridden: i64,
    /// Units sold.
    pub actual: f64,
    /// Sum of |forecast − actual| for the naive (none when no period has one), the
    /// statistical and the final forecast.
    pub naive_error: Option<f64>,
    pub statistical_error: f64,
    pub final_error: f64,
    /// Sum of (final − actual): above zero when the forecast ran high.
    pub final_bias: f64,
}

/// The sums of one group in one month.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueAddedRow {
    pub group_label: String,
    /// First day of the month the periods start in.
    pub month: NaiveDate,
    pub sums: ErrorSums,
}

/// Scored periods summed per group and month, by label then month.
pub async fn value_added(
    ex: impl PgExecutor<'_>,
    by: ValueAddedBy,
) -> Result<Vec<ValueAddedRow>, DbError> {
    let by_planner = by == ValueAddedBy::Planner;
    let rows = sqlx::query!(
        r#"SELECT CASE WHEN $1 THEN sentia_user_label(a.overridden_by) ELSE p.category END
                      AS "group_label!",
                  date_trunc('month', a.period)::date AS "month!",
                  count(*) AS "points!",
                  count(a.overridden_by) AS "overridden!",
                  sum(a.actual)::float8 AS "actual!",
                  sum(abs(a.naive - a.actual))::float8 AS naive_error,
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
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ValueAddedRow {
            group_label: r.group_label,
            month: r.month,
            sums: ErrorSums {
                points: r.points,
                overridden: r.overridden,
                actual: r.actual,
                naive_error: r.naive_error,
                statistical_error: r.statistical_error,
                final_error: r.final_error,
                final_bias: r.final_bias,
            },
        })
        .collect())
}

/// Scored periods starting between `from` and `to` (inclusive), of one market or channel
/// or all, summed: the dashboard's accuracy tile.
pub async fn period_sums(
    ex: impl PgExecutor<'_>,
    from: NaiveDate,
    to: NaiveDate,
    market: Option<&str>,
    channel_id: Option<uuid::Uuid>,
) -> Result<ErrorSums, DbError> {
    let r = sqlx::query!(
        r#"SELECT count(*) AS "points!",
                  count(a.overridden_by) AS "overridden!",
                  COALESCE(sum(a.actual), 0)::float8 AS "actual!",
                  sum(abs(a.naive - a.actual))::float8 AS naive_error,
                  COALESCE(sum(abs(a.statistical - a.actual)), 0)::float8 AS "statistical_error!",
                  COALESCE(sum(abs(a.final - a.actual)), 0)::float8 AS "final_error!",
                  COALESCE(sum(a.final - a.actual), 0)::float8 AS "final_bias!"
           FROM forecast_accuracy a
           JOIN sales_channels c ON c.id = a.sales_channel_id
           WHERE a.period BETWEEN $1 AND $2
             AND ($3::text IS NULL OR c.market_code = $3)
             AND ($4::uuid IS NULL OR a.sales_channel_id = $4)"#,
        from,
        to,
        market,
        channel_id
    )
    .fetch_one(ex)
    .await?;
    Ok(ErrorSums {
        points: r.points,
        overridden: r.overridden,
        actual: r.actual,
        naive_error: r.naive_error,
        statistical_error: r.statistical_error,
        final_error: r.final_error,
        final_bias: r.final_bias,
    })
}
