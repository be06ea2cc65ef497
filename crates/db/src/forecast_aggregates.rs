//! A run's forecasts summed by category, market or channel (bottom-up: every total is the
//! sum of the live series below it), and the rows an aggregate override spreads over.

use chrono::NaiveDate;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// How series are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// All series of the run together.
    Total,
    /// By product category.
    Category,
    /// By the channel's market.
    Market,
    /// By sales channel.
    Channel,
}

impl Level {
    /// The text the queries switch on.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Total => "total",
            Level::Category => "category",
            Level::Market => "market",
            Level::Channel => "channel",
        }
    }
}

/// One group's forecast in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateRow {
    /// The group: `all`, a category, a market code or a channel id.
    pub group_key: String,
    /// The group as shown.
    pub group_label: String,
    pub period: NaiveDate,
    /// Sum of the live forecasts (overrides included).
    pub forecast: i64,
    /// Sum of the statistical forecasts the live rows stand on.
    pub statistical: i64,
    /// Series in the group with a live row in the period.
    pub series: i64,
    /// Of those, overridden.
    pub overridden: i64,
}

/// The live forecast of `run_id` summed per group and period.
pub async fn forecast(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
    level: Level,
) -> Result<Vec<AggregateRow>, DbError> {
    Ok(sqlx::query_as!(
        AggregateRow,
        r#"SELECT g.key AS "group_key!", g.label AS "group_label!", f.forecast_date AS period,
                  sum(f.predicted_demand)::bigint AS "forecast!",
                  sum(COALESCE(s.predicted_demand, f.predicted_demand))::bigint AS "statistical!",
                  count(*) AS "series!",
                  count(*) FILTER (WHERE f.model_type = 'Manual') AS "overridden!"
           FROM forecasts f
           JOIN products p ON p.id = f.product_id
           JOIN sales_channels c ON c.id = f.sales_channel_id
           JOIN markets m ON m.code = c.market_code
           LEFT JOIN forecasts s ON s.id = f.statistical_id
           CROSS JOIN LATERAL (SELECT
               CASE $2 WHEN 'total' THEN 'all' WHEN 'category' THEN p.category
                       WHEN 'market' THEN c.market_code ELSE c.id::text END,
               CASE $2 WHEN 'total' THEN 'All series' WHEN 'category' THEN p.category
                       WHEN 'market' THEN m.name ELSE c.name END) g(key, label)
           WHERE f.run_id = $1 AND f.superseded_by IS NULL
           GROUP BY 1, 2, 3
           ORDER BY 2, 3"#,
        run_id,
        level.as_str(),
    )
    .fetch_all(ex)
    .await?)
}

/// One group's sales in one period of the history the run learnt from.
#[derive(Debug, Clone, PartialEq)]
pub struct AggregateHistoryRow {
    pub group_key: String,
    pub period: NaiveDate,
    /// Units sold.
    pub units: f64,
    /// The current, incomplete period.
    pub partial: bool,
}

/// The history stored with each series of the run, summed per group and period.
pub async fn history(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
    level: Level,
) -> Result<Vec<AggregateHistoryRow>, DbError> {
    Ok(sqlx::query_as!(
        AggregateHistoryRow,
        r#"SELECT CASE $2 WHEN 'total' THEN 'all' WHEN 'category' THEN p.category
                          WHEN 'market' THEN c.market_code ELSE c.id::text END AS "group_key!",
                  (h->>'period')::date AS "period!",
                  sum((h->>'units')::float8) AS "units!",
                  bool_or((h->>'partial')::boolean) AS "partial!"
           FROM forecast_run_series rs
           JOIN products p ON p.id = rs.product_id
           JOIN sales_channels c ON c.id = rs.sales_channel_id
           CROSS JOIN LATERAL jsonb_array_elements(rs.history) h
           WHERE rs.run_id = $1
           GROUP BY 1, 2
           ORDER BY 1, 2"#,
        run_id,
        level.as_str(),
    )
    .fetch_all(ex)
    .await?)
}

/// A live row under an aggregate, with the statistical forecast it stands on.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMember {
    pub id: Uuid,
    pub statistical: i32,
}

/// The live rows of `run_id` in `period` under one group, in a stable order, locked for
/// the override that spreads over them.
pub async fn members(
    ex: impl PgExecutor<'_>,
    run_id: Uuid,
    level: Level,
    group_key: &str,
    period: NaiveDate,
) -> Result<Vec<GroupMember>, DbError> {
    Ok(sqlx::query_as!(
        GroupMember,
        r#"SELECT f.id, COALESCE(s.predicted_demand, f.predicted_demand) AS "statistical!"
           FROM forecasts f
           JOIN products p ON p.id = f.product_id
           JOIN sales_channels c ON c.id = f.sales_channel_id
           LEFT JOIN forecasts s ON s.id = f.statistical_id
           WHERE f.run_id = $1 AND f.forecast_date = $4 AND f.superseded_by IS NULL
             AND CASE $2 WHEN 'total' THEN 'all' WHEN 'category' THEN p.category
                         WHEN 'market' THEN c.market_code ELSE c.id::text END = $3
           ORDER BY p.sku, c.name, f.id
           FOR UPDATE OF f"#,
        run_id,
        level.as_str(),
        group_key,
        period,
    )
    .fetch_all(ex)
    .await?)
}
