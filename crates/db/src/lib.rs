//! PostgreSQL access for Sentia: the connection pool, the migrations and one repository
//! module per aggregate. Repositories are free functions over `impl PgExecutor` (one
//! statement) or `&mut PgConnection` (several, inside the caller's transaction) and return
//! typed rows: `Decimal` for NUMERIC, `NaiveDate` for DATE, `Uuid` for ids.

pub mod audit;
pub mod cash;
pub mod catalog;
pub mod dashboard;
mod diagnose;
mod error;
pub mod forecast_accuracy;
pub mod forecast_aggregates;
pub mod forecasts;
pub mod imports;
pub mod inventory;
pub mod pool;
pub mod sales;
pub mod settings;
pub mod supply;
pub mod users;

pub use diagnose::{diagnose, Diagnosis, Finding, Step, MIN_SERVER_VERSION_NUM};
pub use error::DbError;
pub use pool::{connect, ConnectOptions};

/// The schema migrations, embedded at compile time from `migrations/` at the workspace root.
/// The app, the CLI and the tests all apply these.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

/// Applies every pending migration; a no-op when the schema is current.
pub async fn migrate(pool: &sqlx::PgPool) -> Result<(), DbError> {
    MIGRATOR.run(pool).await.map_err(DbError::Migrate)
}

/// How many migrations have been applied to this database (0 on an empty one).
pub async fn applied_migrations(pool: &sqlx::PgPool) -> Result<usize, DbError> {
    Ok(migration_state(pool).await?.applied.len())
}

/// One migration's version and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationInfo {
    /// Version (timestamp prefix of the file name).
    pub version: i64,
    /// Description from the file name.
    pub description: String,
}

/// Which migrations are applied, pending, or applied but changed since.
#[derive(Debug, Clone, Default)]
pub struct MigrationState {
    /// Applied, as recorded in `_sqlx_migrations`.
    pub applied: Vec<MigrationInfo>,
    /// Known to this build but not applied.
    pub pending: Vec<MigrationInfo>,
    /// Applied, but the file's checksum differs from the recorded one.
    pub modified: Vec<MigrationInfo>,
    /// Applied but unknown to this build (the database is newer than the app).
    pub unknown: Vec<MigrationInfo>,
}

/// Compares the database's migration table with the migrations embedded in this build.
pub async fn migration_state(pool: &sqlx::PgPool) -> Result<MigrationState, DbError> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await?;
    let recorded: Vec<(i64, String, Vec<u8>)> = if exists {
        sqlx::query_as("SELECT version, description, checksum FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await?
    } else {
        Vec::new()
    };
    let mut state = MigrationState::default();
    for m in MIGRATOR
        .iter()
        .filter(|m| !m.migration_type.is_down_migration())
    {
        let info = MigrationInfo {
            version: m.version,
            description: m.description.to_string(),
        };
        match recorded.iter().find(|r| r.0 == m.version) {
            Some(r) if r.2 != *m.checksum => state.modified.push(info),
            Some(_) => state.applied.push(info),
            None => state.pending.push(info),
        }
    }
    for (version, description, _) in recorded {
        if !MIGRATOR.iter().any(|m| m.version == version) {
            state.unknown.push(MigrationInfo {
                version,
                description,
            });
        }
    }
    Ok(state)
}
