//! Structured logs to a daily-rotating file in the app's log dir. Secrets never reach
//! the log: passwords are `SecretString`s (whose Debug prints `[REDACTED]`), and the
//! use cases log ids, not names or e-mail addresses.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

/// Log files kept before the oldest is deleted.
const KEEP_FILES: usize = 14;

/// Lines waiting for the writer thread. The channel allocates and touches every slot up
/// front: tracing-appender's default of 128,000 holds 4 MiB for the life of the app, where
/// a desktop app's bursts are a few hundred lines.
const BUFFERED_LINES: usize = 8_192;

/// Starts logging to `<log_dir>/sentia.log.<date>` (JSON lines) and, in debug builds, to
/// stderr. Keep the guard alive for the life of the app: dropping it flushes the file.
pub fn init(log_dir: &Path) -> Option<WorkerGuard> {
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("sentia")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(log_dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .buffered_lines_limit(BUFFERED_LINES)
        .finish(appender);
    let filter = EnvFilter::try_from_env("SENTIA_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tao=warn,wry=warn"));
    let file_layer = fmt::layer().json().with_writer(writer).with_ansi(false);
    let stderr_layer = cfg!(debug_assertions).then(|| fmt::layer().with_writer(std::io::stderr));
    tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init()
        .ok()?;
    Some(guard)
}
