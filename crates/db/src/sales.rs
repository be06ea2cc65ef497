//! Historical sales as the demand series that forecasting reads.

use chrono::NaiveDate;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::DbError;

/// Units sold on one day (days without a row sold nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyDemand {
    /// Day.
    pub day: NaiveDate,
    /// Units sold that day.
    pub units: i64,
    /// Stock ran out that day: the figure understates demand.
    pub stockout: bool,
}

/// The daily demand of one product on one channel between two dates (inclusive), one
/// entry per calendar day, zeros included: forecasting needs the gaps as zeros, and
/// generating them here keeps that rule in one place.
pub async fn daily_demand(
    ex: impl PgExecutor<'_>,
    product_id: Uuid,
    channel_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DailyDemand>, DbError> {
    let rows = sqlx::query!(
        r#"SELECT d::date AS "day!", COALESCE(sum(h.quantity_sold), 0)::bigint AS "units!",
                  COALESCE(bool_or(h.stockout), false) AS "stockout!"
           FROM generate_series($3::date, $4::date, interval '1 day') AS d
           LEFT JOIN historical_sales h
             ON h.product_id = $1 AND h.sales_channel_id = $2 AND h.sale_date = d::date
           GROUP BY d ORDER BY d"#,
        product_id,
        channel_id,
        from,
        to
    )
    .fetch_all(ex)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DailyDemand {
            day: r.day,
            units: r.units,
            stockout: r.stockout,
        })
        .collect())
}

/// The last day with any sales, if there are sales.
pub async fn last_sale_date(ex: impl PgExecutor<'_>) -> Result<Option<NaiveDate>, DbError> {
    Ok(
        sqlx::query_scalar!("SELECT max(sale_date) AS last FROM historical_sales")
            .fetch_one(ex)
            .await?,
    )
}
