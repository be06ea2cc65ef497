/// What went wrong talking to the database, classified so that callers can tell the user
/// something precise ("server unreachable" is not "password rejected").
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The server could not be reached: DNS failure, refused connection or timeout.
    #[error("cannot reach the database server at {host}:{port}: {reason}")]
    Unreachable {
        /// Host that was tried.
        host: String,
        /// Port that was tried.
        port: u16,
        /// Why, in words.
        reason: String,
    },
    /// The server rejected the user name or password.
    #[error("the database server rejected user {user:?}: {reason}")]
    AuthenticationFailed {
        /// User name that was tried.
        user: String,
        /// The server's words.
        reason: String,
    },
    /// The server has no database of that name.
    #[error("the database {database:?} does not exist")]
    UnknownDatabase {
        /// The name that was tried.
        database: String,
    },
    /// A TLS handshake or certificate check failed.
    #[error("TLS with the database server failed: {0}")]
    Tls(String),
    /// A row broke a named constraint (CHECK, UNIQUE, FOREIGN KEY, NOT NULL).
    #[error("{message} (constraint {constraint})")]
    Constraint {
        /// The constraint's name, e.g. `products_sku_key`.
        constraint: String,
        /// The server's message.
        message: String,
    },
    /// Applying migrations failed.
    #[error("migration failed: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
    /// The database refused the statement for the acting user: a policy, a missing grant or
    /// a definer function's own permission check (SQLSTATE 42501).
    #[error("permission denied by the database: {0}")]
    PermissionDenied(String),
    /// The server cancelled the statement at its statement timeout (57014).
    #[error("the statement took longer than the server allows")]
    TimedOut,
    /// The connection broke or the server ended the session (I/O error, pool timeout,
    /// shutdown or restart, 57P01–57P05): the server is, for now, unreachable.
    #[error("the connection to the database server was lost: {0}")]
    ConnectionLost(String),
    /// A row that should exist does not.
    #[error("{entity} not found")]
    NotFound {
        /// What was looked for.
        entity: &'static str,
    },
    /// A stored value does not fit the type this build expects.
    #[error("unexpected value in {column}: {message}")]
    Decode {
        /// Table and column.
        column: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The demo generator's thread failed.
    #[error("demo generator failed: {0}")]
    Generator(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Database(#[source] sqlx::Error),
}

impl DbError {
    /// The violated constraint's name, when this is a constraint violation.
    pub fn constraint(&self) -> Option<&str> {
        match self {
            DbError::Constraint { constraint, .. } => Some(constraint),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for DbError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
                return DbError::ConnectionLost(err.to_string())
            }
            sqlx::Error::RowNotFound => return DbError::NotFound { entity: "row" },
            _ => {}
        }
        if let sqlx::Error::Database(db) = &err {
            match db.code().as_deref() {
                Some("42501") => return DbError::PermissionDenied(db.message().to_owned()),
                Some("57014") => return DbError::TimedOut,
                Some(code) if code.starts_with("57P") => {
                    return DbError::ConnectionLost(db.message().to_owned())
                }
                _ => {}
            }
            if let Some(constraint) = db.constraint() {
                return DbError::Constraint {
                    constraint: constraint.to_owned(),
                    message: db.message().to_owned(),
                };
            }
            // NOT NULL violations carry the column, not a constraint name.
            if db.code().as_deref() == Some("23502") {
                return DbError::Constraint {
                    constraint: "not_null".to_owned(),
                    message: db.message().to_owned(),
                };
            }
        }
        DbError::Database(err)
    }
}
