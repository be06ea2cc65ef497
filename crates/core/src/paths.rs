//! Where the app keeps its files. The shell passes the directories Tauri resolves for
//! the app; tests pass temporary ones, and then prove no secret reached any of them.

use std::path::PathBuf;

use crate::AppError;

/// The desktop app's bundle identifier (`tauri.conf.json`), which names its folders.
pub const APP_IDENTIFIER: &str = "com.sentia.app";

/// The app's directories.
#[derive(Debug, Clone)]
pub struct AppPaths {
    /// Settings, including `connection.json` (never the password).
    pub config: PathBuf,
    /// Data the app owns.
    pub data: PathBuf,
    /// Disposable caches.
    pub cache: PathBuf,
    /// Rotating log files.
    pub log: PathBuf,
    /// Where exports the user asks for are saved (their downloads folder).
    pub exports: PathBuf,
}

impl AppPaths {
    /// All four under one root (tests, portable installs).
    pub fn under(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        Self {
            config: root.join("config"),
            data: root.join("data"),
            cache: root.join("cache"),
            log: root.join("log"),
            exports: root.join("exports"),
        }
    }

    /// The installed desktop app's folders for this OS user, resolved as Tauri resolves
    /// them, so the command line reads and writes the same `connection.json` as the window.
    pub fn installed() -> Result<Self, AppError> {
        let missing = |what: &str| AppError::File {
            path: what.to_owned(),
            message: "this system names no such folder for the user".to_owned(),
        };
        let under = |dir: Option<PathBuf>, what: &str| {
            dir.map(|d| d.join(APP_IDENTIFIER))
                .ok_or_else(|| missing(what))
        };
        let data_local = under(dirs::data_local_dir(), "local data folder")?;
        Ok(Self {
            config: under(dirs::config_dir(), "configuration folder")?,
            data: under(dirs::data_dir(), "data folder")?,
            cache: under(dirs::cache_dir(), "cache folder")?,
            log: if cfg!(target_os = "macos") {
                under(
                    dirs::home_dir().map(|h| h.join("Library/Logs")),
                    "log folder",
                )?
            } else {
                data_local.join("logs")
            },
            exports: dirs::download_dir()
                .or_else(dirs::document_dir)
                .or_else(dirs::home_dir)
                .ok_or_else(|| missing("downloads folder"))?,
        })
    }

    /// Every directory the app keeps its own files in, for checks that must cover them
    /// all (exports are the user's files, in the user's folder).
    pub fn all(&self) -> [&PathBuf; 4] {
        [&self.config, &self.data, &self.cache, &self.log]
    }
}
