//! The local store behind offline mode: one SQLite file in the app's data folder, readable
//! only by its OS user, holding sealed report payloads and the queue of edits made
//! offline. SQLite because one embedded engine serves both the cache and a queue that must
//! survive a crash (WAL), and sqlx already speaks it; every payload is sealed
//! in Rust (`crate::seal`) rather than with SQLCipher, so the file format stays plain SQLite
//! and the key never leaves the keychain. Nothing in a row names a user, product or figure:
//! entries are found by a hash of (user, screen, parameters), and users by their id.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Row;

use crate::AppError;

/// The file, in the app's data folder.
pub(crate) const FILE_NAME: &str = "offline.sqlite";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS reports (
    entry      TEXT    PRIMARY KEY,
    family     TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    screen     TEXT    NOT NULL,
    kept       INTEGER NOT NULL DEFAULT 0,
    fetched_at INTEGER NOT NULL,
    sealed     BLOB    NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS reports_user ON reports (user_id);
CREATE TABLE IF NOT EXISTS people (
    name_key     TEXT    PRIMARY KEY,
    user_id      TEXT    NOT NULL,
    verifier     TEXT    NOT NULL,
    max_failed   INTEGER NOT NULL,
    lockout_min  INTEGER NOT NULL,
    failed       INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    sealed       BLOB    NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS reports_family ON reports (family, fetched_at);
CREATE TABLE IF NOT EXISTS queue (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT    NOT NULL UNIQUE,
    user_id    TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    queued_at  INTEGER NOT NULL,
    settled_at INTEGER,
    sealed     BLOB    NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS queue_user ON queue (user_id, state, seq);
";

/// The open store.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    pool: SqlitePool,
    /// The same file with every commit synced to disk: for the edit queue, where "queued"
    /// must survive a crash or a power loss.
    durable: SqlitePool,
    path: PathBuf,
}

/// One edit in the queue as stored: its order, id, state and the sealed change.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct StoredEdit {
    pub seq: i64,
    pub id: String,
    pub state: String,
    #[sqlx(rename = "queued_at")]
    pub queued_at_ms: i64,
    pub sealed: Vec<u8>,
}

/// One sealed report as stored.
#[derive(Debug, Clone)]
pub(crate) struct StoredReport {
    pub fetched_at_ms: i64,
    pub sealed: Vec<u8>,
}

/// A report kept offline on purpose.
#[derive(Debug, Clone)]
pub(crate) struct KeptReport {
    pub entry: String,
    pub screen: String,
    pub report: StoredReport,
}

/// Someone who signed in online on this computer: what offline sign-in checks.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub user_id: String,
    /// argon2id PHC string of their password.
    pub verifier: String,
    pub max_failed: i64,
    pub lockout_minutes: i64,
    pub failed: i64,
    pub locked_until_ms: Option<i64>,
    /// Their session facts, sealed under their key.
    pub sealed: Vec<u8>,
}

/// Size and age of what is stored.
#[derive(Debug, Clone, Default)]
pub(crate) struct Totals {
    pub entries: i64,
    pub bytes: i64,
    pub oldest_ms: Option<i64>,
    pub newest_ms: Option<i64>,
}

fn store_error(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

impl Store {
    /// Opens (creating if needed) the store in `dir`.
    pub(crate) async fn open(dir: &Path) -> Result<Store, AppError> {
        std::fs::create_dir_all(dir).map_err(|e| store_error(dir, e))?;
        let path = dir.join(FILE_NAME);
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(|e| store_error(&path, e))?
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // A report is a copy that is fetched again if a crash loses it: its write
            // must not slow the screen down with a sync to disk.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options.clone())
            .await
            .map_err(|e| store_error(&path, e))?;
        restrict_to_owner(&path)?;
        sqlx::raw_sql(SCHEMA)
            .execute(&pool)
            .await
            .map_err(|e| store_error(&path, e))?;
        let durable = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.synchronous(SqliteSynchronous::Full))
            .await
            .map_err(|e| store_error(&path, e))?;
        Ok(Store {
            pool,
            durable,
            path,
        })
    }

    /// The file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    fn fail(&self, e: sqlx::Error) -> AppError {
        store_error(&self.path, e)
    }

    /// Stores (or replaces) a report. `kept` is sticky: refreshing a report the user chose
    /// to keep offline keeps it so. A report not kept on purpose replaces the other such
    /// views of its family: the cache holds the last view, not every what-if tried.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn put(
        &self,
        entry: &str,
        family: &str,
        user_id: &str,
        screen: &str,
        kept: bool,
        fetched_at_ms: i64,
        sealed: &[u8],
    ) -> Result<(), AppError> {
        let mut tx = self.pool.begin().await.map_err(|e| self.fail(e))?;
        // A view kept on purpose stays itself when refreshed and replaces nothing.
        let kept_already: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM reports WHERE entry = ?1 AND kept = 1)",
        )
        .bind(entry)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| self.fail(e))?;
        if !kept && !kept_already {
            sqlx::query("DELETE FROM reports WHERE family = ?1 AND kept = 0 AND entry <> ?2")
                .bind(family)
                .bind(entry)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.fail(e))?;
        }
        sqlx::query(
            "INSERT INTO reports (entry, family, user_id, screen, kept, fetched_at, sealed)
             VALUES (?1, ?7, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (entry) DO UPDATE SET
               kept = max(reports.kept, excluded.kept),
               fetched_at = excluded.fetched_at,
               sealed = excluded.sealed",
        )
        .bind(entry)
        .bind(user_id)
        .bind(screen)
        .bind(i64::from(kept))
        .bind(fetched_at_ms)
        .bind(sealed)
        .bind(family)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.fail(e))?;
        tx.commit().await.map_err(|e| self.fail(e))
    }

    /// The most recent report of a family, with its entry name.
    pub(crate) async fn latest(
        &self,
        family: &str,
    ) -> Result<Option<(String, StoredReport)>, AppError> {
        let row = sqlx::query(
            "SELECT entry, fetched_at, sealed FROM reports WHERE family = ?1
             ORDER BY fetched_at DESC LIMIT 1",
        )
        .bind(family)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.fail(e))?;
        Ok(row.map(|r| {
            (
                r.get(0),
                StoredReport {
                    fetched_at_ms: r.get(1),
                    sealed: r.get(2),
                },
            )
        }))
    }

    pub(crate) async fn get(&self, entry: &str) -> Result<Option<StoredReport>, AppError> {
        let row = sqlx::query("SELECT fetched_at, sealed FROM reports WHERE entry = ?1")
            .bind(entry)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(row.map(|r| StoredReport {
            fetched_at_ms: r.get(0),
            sealed: r.get(1),
        }))
    }

    /// Marks `user_id`'s entry kept on purpose, or not.
    pub(crate) async fn set_kept(
        &self,
        user_id: &str,
        entry: &str,
        kept: bool,
    ) -> Result<bool, AppError> {
        let done = sqlx::query("UPDATE reports SET kept = ?3 WHERE entry = ?1 AND user_id = ?2")
            .bind(entry)
            .bind(user_id)
            .bind(i64::from(kept))
            .execute(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected() > 0)
    }

    pub(crate) async fn remove(&self, entry: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM reports WHERE entry = ?1")
            .bind(entry)
            .execute(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Removes every report of `user_id`; how many.
    pub(crate) async fn remove_user(&self, user_id: &str) -> Result<u64, AppError> {
        let done = sqlx::query("DELETE FROM reports WHERE user_id = ?1")
            .bind(user_id)
            .execute(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(done.rows_affected())
    }

    /// The entry `user_id` last viewed on `screen`.
    pub(crate) async fn last_viewed(
        &self,
        user_id: &str,
        screen: &str,
    ) -> Result<Option<String>, AppError> {
        sqlx::query_scalar(
            "SELECT entry FROM reports WHERE user_id = ?1 AND screen = ?2
             ORDER BY fetched_at DESC LIMIT 1",
        )
        .bind(user_id)
        .bind(screen)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.fail(e))
    }

    /// The reports of `user_id` kept on purpose, by screen.
    pub(crate) async fn kept(&self, user_id: &str) -> Result<Vec<KeptReport>, AppError> {
        let rows = sqlx::query(
            "SELECT entry, screen, fetched_at, sealed FROM reports
             WHERE user_id = ?1 AND kept = 1 ORDER BY screen, fetched_at",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.fail(e))?;
        Ok(rows
            .into_iter()
            .map(|r| KeptReport {
                entry: r.get(0),
                screen: r.get(1),
                report: StoredReport {
                    fetched_at_ms: r.get(2),
                    sealed: r.get(3),
                },
            })
            .collect())
    }

    pub(crate) async fn totals(&self, user_id: &str) -> Result<Totals, AppError> {
        let r = sqlx::query(
            "SELECT count(*), coalesce(sum(length(sealed)), 0), min(fetched_at), max(fetched_at)
             FROM reports WHERE user_id = ?1",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| self.fail(e))?;
        Ok(Totals {
            entries: r.get(0),
            bytes: r.get(1),
            oldest_ms: r.get(2),
            newest_ms: r.get(3),
        })
    }

    pub(crate) async fn person(&self, name_key: &str) -> Result<Option<Person>, AppError> {
        let row = sqlx::query(
            "SELECT user_id, verifier, max_failed, lockout_min, failed, locked_until, sealed
             FROM people WHERE name_key = ?1",
        )
        .bind(name_key)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.fail(e))?;
        Ok(row.map(|r| Person {
            user_id: r.get(0),
            verifier: r.get(1),
            max_failed: r.get(2),
            lockout_minutes: r.get(3),
            failed: r.get(4),
            locked_until_ms: r.get(5),
            sealed: r.get(6),
        }))
    }

    /// Records (or refreshes) someone after an online sign-in; their failed attempts
    /// start again from zero.
    pub(crate) async fn save_person(&self, name_key: &str, p: &Person) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO people (name_key, user_id, verifier, max_failed, lockout_min, failed,
                                 locked_until, sealed)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, NULL, ?6)
             ON CONFLICT (name_key) DO UPDATE SET user_id = excluded.user_id,
               verifier = excluded.verifier, max_failed = excluded.max_failed,
               lockout_min = excluded.lockout_min, failed = 0, locked_until = NULL,
               sealed = excluded.sealed",
        )
        .bind(name_key)
        .bind(&p.user_id)
        .bind(&p.verifier)
        .bind(p.max_failed)
        .bind(p.lockout_minutes)
        .bind(&p.sealed)
        .execute(&self.pool)
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    pub(crate) async fn set_attempts(
        &self,
        name_key: &str,
        failed: i64,
        locked_until_ms: Option<i64>,
    ) -> Result<(), AppError> {
        sqlx::query("UPDATE people SET failed = ?2, locked_until = ?3 WHERE name_key = ?1")
            .bind(name_key)
            .bind(failed)
            .bind(locked_until_ms)
            .execute(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    pub(crate) async fn remove_person(&self, user_id: &str) -> Result<(), AppError> {
        sqlx::query("DELETE FROM people WHERE user_id = ?1")
            .bind(user_id)
            .execute(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Adds an edit at the end of the queue, synced to disk before it returns.
    pub(crate) async fn enqueue(
        &self,
        id: &str,
        user_id: &str,
        queued_at_ms: i64,
        sealed: &[u8],
    ) -> Result<(), AppError> {
        sqlx::query(
            "INSERT INTO queue (id, user_id, state, queued_at, sealed) VALUES (?1, ?2, 'queued', ?3, ?4)",
        )
        .bind(id)
        .bind(user_id)
        .bind(queued_at_ms)
        .bind(sealed)
        .execute(&self.durable)
        .await
        .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The edits of `user_id` in one of `states`, in the order they were made.
    pub(crate) async fn edits(
        &self,
        user_id: &str,
        states: &[&str],
    ) -> Result<Vec<StoredEdit>, AppError> {
        sqlx::query_as(
            "SELECT seq, id, state, queued_at, sealed FROM queue
             WHERE user_id = ?1 AND state IN (SELECT value FROM json_each(?2)) ORDER BY seq",
        )
        .bind(user_id)
        .bind(serde_json::to_string(states).map_err(|e| AppError::internal(&e))?)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.fail(e))
    }

    /// The state of one edit of `user_id`, if there is one.
    pub(crate) async fn edit(
        &self,
        user_id: &str,
        id: &str,
    ) -> Result<Option<StoredEdit>, AppError> {
        sqlx::query_as(
            "SELECT seq, id, state, queued_at, sealed FROM queue WHERE user_id = ?1 AND id = ?2",
        )
        .bind(user_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.fail(e))
    }

    /// Moves an edit to `state` with its sealed record, synced to disk before it returns.
    /// `settled_at` is set for the states that end its wait.
    pub(crate) async fn set_edit(
        &self,
        id: &str,
        state: &str,
        settled_at_ms: Option<i64>,
        sealed: &[u8],
    ) -> Result<(), AppError> {
        sqlx::query("UPDATE queue SET state = ?2, settled_at = ?3, sealed = ?4 WHERE id = ?1")
            .bind(id)
            .bind(state)
            .bind(settled_at_ms)
            .bind(sealed)
            .execute(&self.durable)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// How many edits of `user_id` are in one of `states`.
    pub(crate) async fn count_edits(
        &self,
        user_id: &str,
        states: &[&str],
    ) -> Result<i64, AppError> {
        let row = sqlx::query(
            "SELECT count(*) FROM queue
             WHERE user_id = ?1 AND state IN (SELECT value FROM json_each(?2))",
        )
        .bind(user_id)
        .bind(serde_json::to_string(states).map_err(|e| AppError::internal(&e))?)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| self.fail(e))?;
        Ok(row.get(0))
    }

    /// Gives the freed pages back to the file system (after a clear or a wipe).
    pub(crate) async fn compact(&self) -> Result<(), AppError> {
        sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")
            .execute(&self.pool)
            .await
            .map_err(|e| self.fail(e))?;
        Ok(())
    }
}

/// Owner read and write only: another OS user on the machine cannot copy the file.
fn restrict_to_owner(path: &Path) -> Result<(), AppError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| store_error(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
