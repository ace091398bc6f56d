//! The two databases the log runs on, told apart once from the URL, and how a connection to
//! each is set up.

use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

use crate::{LogError, describe, migrations};

/// The database behind a log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file (WAL, `synchronous=FULL`), written by one connection.
    Sqlite,
    /// A PostgreSQL database, which instances of the gateway can share.
    Postgres,
}

impl Backend {
    /// The backend a URL names: `sqlite:...`, or `postgres://` / `postgresql://`.
    pub fn of_url(url: &str) -> Result<Self, LogError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else {
            Err(LogError::Open(
                "the URL must start with sqlite: or postgres://".into(),
            ))
        }
    }

    /// `sqlite` or `postgres`, as in log lines.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }

    /// Opens a pool on `url` and migrates the database.
    pub(crate) async fn connect(self, url: &str) -> Result<AnyPool, LogError> {
        // A SQLite log is created when missing, unless the URL says otherwise.
        let url = match self {
            Self::Sqlite if !url.contains("mode=") => {
                format!("{url}{}mode=rwc", if url.contains('?') { "&" } else { "?" })
            }
            _ => url.to_owned(),
        };
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            // SQLite has one writer anyway; a second connection would only wait for the lock.
            .max_connections(match self {
                Self::Sqlite => 1,
                Self::Postgres => 4,
            })
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if self == Self::Sqlite {
                        for pragma in SQLITE_PRAGMAS {
                            sqlx::query(*pragma).execute(&mut *connection).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(|e| LogError::Open(describe(&e)))?;
        migrations::migrate(&pool).await?;
        Ok(pool)
    }
}

/// How every SQLite connection is set up.
///
/// WAL with a full sync on every commit: a committed record survives a crash of the process and
/// of the machine. Pages of 2 KiB for a new log: a commit writes every page it touched to the
/// WAL, and the pseudonym index touches one page per person at random, so smaller pages mean
/// less to write and checksum (half the CPU of 4 KiB pages at search-sized commits); an
/// existing log keeps its page size. A checkpoint copies every page changed since the last one
/// into the database file: 8,000 pages (16 MiB of WAL) instead of SQLite's 1,000 let a page
/// that many commits change be copied once (10 to 20% less CPU per record in a benchmark of the
/// writer alone).
const SQLITE_PRAGMAS: &[&str] = &[
    "PRAGMA page_size = 2048",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA wal_autocheckpoint = 8000",
];
