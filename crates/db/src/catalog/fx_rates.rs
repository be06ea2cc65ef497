//! Dated exchange rates: one rate per currency pair and day, where 1 `base` = `rate` `quote`.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use sentia_domain::Currency;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use super::{parse_column, written, Entity, Versioned};
use crate::DbError;

/// A stored rate.
#[derive(Debug, Clone, PartialEq)]
pub struct FxRateRow {
    /// Rate id.
    pub id: Uuid,
    /// 1 unit of this currency …
    pub base: Currency,
    /// … is `rate` units of this one.
    pub quote: Currency,
    /// The day the rate is for.
    pub rate_date: NaiveDate,
    /// Quote units per base unit.
    pub rate: Decimal,
    /// Where it came from (ECB, a bank, manual, an imported file).
    pub source: String,
    /// Optimistic-concurrency version.
    pub row_version: i32,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Who made the last change, as a name to show.
    pub updated_by: Option<String>,
}

/// The columns an editor or an import sets, already checked by core.
#[derive(Debug, Clone)]
pub struct FxRateFields<'a> {
    /// Base currency.
    pub base: Currency,
    /// Quote currency.
    pub quote: Currency,
    /// Day.
    pub rate_date: NaiveDate,
    /// Quote units per base unit.
    pub rate: Decimal,
    /// Source.
    pub source: &'a str,
}

const ENTITY: Entity = Entity::FxRate;

/// A row as read, before its currency codes are typed.
struct RawFxRate {
    id: Uuid,
    base_currency: String,
    quote_currency: String,
    rate_date: NaiveDate,
    rate: Decimal,
    source: String,
    row_version: i32,
    updated_at: DateTime<Utc>,
    updated_by_name: Option<String>,
}

impl TryFrom<RawFxRate> for FxRateRow {
    type Error = DbError;

    fn try_from(r: RawFxRate) -> Result<Self, DbError> {
        Ok(FxRateRow {
            id: r.id,
            base: parse_column("fx_rates.base_currency", &r.base_currency)?,
            quote: parse_column("fx_rates.quote_currency", &r.quote_currency)?,
            rate_date: r.rate_date,
            rate: r.rate,
            source: r.source,
            row_version: r.row_version,
            updated_at: r.updated_at,
            updated_by: r.updated_by_name,
        })
    }
}

/// Rates, newest first; only those of one pair (either direction) when `pair` is given.
pub async fn list(
    ex: impl PgExecutor<'_>,
    pair: Option<(Currency, Currency)>,
    limit: i64,
) -> Result<Vec<FxRateRow>, DbError> {
    let (a, b) = pair.map_or((None, None), |(a, b)| (Some(a.as_str()), Some(b.as_str())));
    let rows = sqlx::query_as!(
        RawFxRate,
        r#"SELECT id, base_currency, quote_currency, rate_date, rate, source, row_version,
                  updated_at, sentia_user_label(updated_by) AS "updated_by_name?"
           FROM fx_rates
           WHERE $1::text IS NULL
              OR (base_currency = $1 AND quote_currency = $2)
              OR (base_currency = $2 AND quote_currency = $1)
           ORDER BY rate_date DESC, base_currency, quote_currency
           LIMIT $3"#,
        a,
        b,
        limit
    )
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(FxRateRow::try_from).collect()
}

/// One rate.
pub async fn get(ex: impl PgExecutor<'_>, id: Uuid) -> Result<FxRateRow, DbError> {
    let row = sqlx::query_as!(
        RawFxRate,
        r#"SELECT id, base_currency, quote_currency, rate_date, rate, source, row_version,
                  updated_at, sentia_user_label(updated_by) AS "updated_by_name?"
           FROM fx_rates WHERE id = $1"#,
        id
    )
    .fetch_optional(ex)
    .await?
    .ok_or(DbError::NotFound {
        entity: ENTITY.name(),
    })?;
    row.try_into()
}

/// The latest rate between two currencies on or before `day`, stored in either direction.
pub async fn latest(
    ex: impl PgExecutor<'_>,
    from: Currency,
    to: Currency,
    day: NaiveDate,
) -> Result<Option<FxRateRow>, DbError> {
    let row = sqlx::query_as!(
        RawFxRate,
        r#"SELECT id, base_currency, quote_currency, rate_date, rate, source, row_version,
                  updated_at, sentia_user_label(updated_by) AS "updated_by_name?"
           FROM fx_rates
           WHERE ((base_currency = $1 AND quote_currency = $2)
                  OR (base_currency = $2 AND quote_currency = $1))
             AND rate_date <= $3
           ORDER BY rate_date DESC, base_currency = $1 DESC
           LIMIT 1"#,
        from.as_str(),
        to.as_str(),
        day
    )
    .fetch_optional(ex)
    .await?;
    row.map(FxRateRow::try_from).transpose()
}

/// Adds a rate; returns its id.
pub async fn insert(conn: &mut PgConnection, f: &FxRateFields<'_>) -> Result<Uuid, DbError> {
    let id = sqlx::query_scalar!(
        "INSERT INTO fx_rates (base_currency, quote_currency, rate_date, rate, source)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        f.base.as_str(),
        f.quote.as_str(),
        f.rate_date,
        f.rate,
        f.source
    )
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// Saves an edit made from `expected_version`.
pub async fn update(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    f: &FxRateFields<'_>,
) -> Result<Versioned, DbError> {
    let saved = sqlx::query_scalar!(
        "UPDATE fx_rates SET base_currency = $3, quote_currency = $4, rate_date = $5, rate = $6,
                source = $7
         WHERE id = $1 AND row_version = $2
         RETURNING id",
        id,
        expected_version,
        f.base.as_str(),
        f.quote.as_str(),
        f.rate_date,
        f.rate,
        f.source
    )
    .fetch_optional(&mut *conn)
    .await?;
    written(conn, ENTITY, id, expected_version, saved).await
}

/// Adds a rate, or replaces the rate and source of the pair's rate for that day; true when
/// it was new. An import is many of these in one transaction.
pub async fn upsert(conn: &mut PgConnection, f: &FxRateFields<'_>) -> Result<bool, DbError> {
    let inserted = sqlx::query_scalar!(
        r#"INSERT INTO fx_rates (base_currency, quote_currency, rate_date, rate, source)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (base_currency, quote_currency, rate_date)
           DO UPDATE SET rate = EXCLUDED.rate, source = EXCLUDED.source
           RETURNING (xmax = 0) AS "inserted!""#,
        f.base.as_str(),
        f.quote.as_str(),
        f.rate_date,
        f.rate,
        f.source
    )
    .fetch_one(conn)
    .await?;
    Ok(inserted)
}
