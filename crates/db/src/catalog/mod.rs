//! Markets, products and sales channels: the catalogue as typed rows, and its edits.
//!
//! Every edit names the `row_version` it started from. A save based on an older version
//! matches no row; [`stale_or_missing`] then says who changed the row and when, so that a
//! second editor is told instead of silently overwriting the first.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::DbError;

mod channels;
pub mod fx_rates;
mod markets;
mod products;

pub use channels::{channels, names as channel_names, ChannelFields, ChannelRow};
pub use markets::{markets, MarketFields, MarketRow};
pub use products::{products, skus, ProductFields, ProductRow};

/// Saves that name a row by id and the version the editor started from.
pub mod edit {
    pub use super::channels::{
        get as channel, insert as insert_channel, set_credentials as set_channel_credentials,
        update as update_channel,
    };
    pub use super::markets::{get as market, insert as insert_market, update as update_market};
    pub use super::products::{get as product, insert as insert_product, update as update_product};
}

/// The catalog's tables, for what is the same for each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// `markets`.
    Market,
    /// `products`.
    Product,
    /// `sales_channels`.
    Channel,
    /// `fx_rates`.
    FxRate,
    /// `replenishment_orders` (not catalog, but versioned the same way).
    ReplenishmentOrder,
}

impl Entity {
    // Whole statements per table, not a table name pasted into one: SQL stays literal.
    fn last_change_sql(self) -> &'static str {
        match self {
            Entity::Market => {
                "SELECT row_version, updated_at, sentia_user_label(updated_by) FROM markets WHERE id = $1"
            }
            Entity::Product => {
                "SELECT row_version, updated_at, sentia_user_label(updated_by) FROM products WHERE id = $1"
            }
            Entity::Channel => {
                "SELECT row_version, updated_at, sentia_user_label(updated_by) FROM sales_channels WHERE id = $1"
            }
            Entity::FxRate => {
                "SELECT row_version, updated_at, sentia_user_label(updated_by) FROM fx_rates WHERE id = $1"
            }
            Entity::ReplenishmentOrder => {
                "SELECT row_version, updated_at, sentia_user_label(updated_by) FROM replenishment_orders WHERE id = $1"
            }
        }
    }

    fn delete_sql(self) -> &'static str {
        match self {
            Entity::Market => "DELETE FROM markets WHERE id = $1 AND row_version = $2 RETURNING id",
            Entity::Product => {
                "DELETE FROM products WHERE id = $1 AND row_version = $2 RETURNING id"
            }
            Entity::Channel => {
                "DELETE FROM sales_channels WHERE id = $1 AND row_version = $2 RETURNING id"
            }
            Entity::FxRate => {
                "DELETE FROM fx_rates WHERE id = $1 AND row_version = $2 RETURNING id"
            }
            Entity::ReplenishmentOrder => {
                "DELETE FROM replenishment_orders WHERE id = $1 AND row_version = $2 RETURNING id"
            }
        }
    }

    fn name(self) -> &'static str {
        match self {
            Entity::Market => "market",
            Entity::Product => "product",
            Entity::Channel => "sales channel",
            Entity::FxRate => "exchange rate",
            Entity::ReplenishmentOrder => "replenishment order",
        }
    }
}

/// Who last changed a row and when: what an editor is told when their save came too late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastChange {
    /// The version now stored.
    pub row_version: i32,
    /// When.
    pub at: DateTime<Utc>,
    /// The name to show for who, when the row records one.
    pub by: Option<String>,
}

/// What became of a save or delete that named the version it started from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Versioned {
    /// Done.
    Done,
    /// Someone else changed the row first; nothing was written.
    Stale(LastChange),
}

/// A versioned write's outcome: done when it returned its row, else why not.
async fn written(
    conn: &mut PgConnection,
    entity: Entity,
    id: Uuid,
    expected_version: i32,
    returned: Option<Uuid>,
) -> Result<Versioned, DbError> {
    match returned {
        Some(_) => Ok(Versioned::Done),
        None => stale_or_missing(conn, entity, id, expected_version).await,
    }
}

/// After a versioned write matched no row: the row's last change if it exists, else
/// `NotFound`. A row whose version still matches was hidden by a policy: the database
/// refused the write for this user.
pub(crate) async fn stale_or_missing(
    conn: &mut PgConnection,
    entity: Entity,
    id: Uuid,
    expected_version: i32,
) -> Result<Versioned, DbError> {
    let row: Option<(i32, DateTime<Utc>, Option<String>)> =
        sqlx::query_as(entity.last_change_sql())
            .bind(id)
            .fetch_optional(conn)
            .await?;
    match row {
        None => Err(DbError::NotFound {
            entity: entity.name(),
        }),
        Some((version, _, _)) if version == expected_version => {
            Err(DbError::PermissionDenied(format!(
                "the row policy refused the change to this {}",
                entity.name()
            )))
        }
        Some((row_version, at, by)) => Ok(Versioned::Stale(LastChange {
            row_version,
            at,
            by,
        })),
    }
}

/// Parses a column that a CHECK constraint limits to the enum's values; a mismatch means
/// the schema and this build disagree, which is reported rather than guessed around.
pub(crate) fn parse_column<T: std::str::FromStr>(
    column: &'static str,
    value: &str,
) -> Result<T, DbError>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|e: T::Err| DbError::Decode {
        column,
        message: e.to_string(),
    })
}

/// Deletes a row last seen at `expected_version`. One that sales, stock, jobs or other
/// catalog rows refer to is refused by their foreign keys (`DbError::Constraint`).
pub async fn delete(
    conn: &mut PgConnection,
    entity: Entity,
    id: Uuid,
    expected_version: i32,
) -> Result<Versioned, DbError> {
    let deleted: Option<Uuid> = sqlx::query_scalar(entity.delete_sql())
        .bind(id)
        .bind(expected_version)
        .fetch_optional(&mut *conn)
        .await?;
    written(conn, entity, id, expected_version, deleted).await
}

/// Changes a product's cost and price (in its market's currency).
pub async fn set_product_pricing(
    ex: impl PgExecutor<'_>,
    product_id: Uuid,
    unit_cost: Decimal,
    selling_price: Decimal,
    acting_user: Option<Uuid>,
) -> Result<(Decimal, Decimal), DbError> {
    let row = sqlx::query!(
        "UPDATE products SET unit_cost = $2, selling_price = $3, updated_by = $4 WHERE id = $1
         RETURNING unit_cost, selling_price",
        product_id,
        unit_cost,
        selling_price,
        acting_user
    )
    .fetch_optional(ex)
    .await?
    .ok_or(DbError::NotFound { entity: "product" })?;
    Ok((row.unit_cost, row.selling_price))
}
