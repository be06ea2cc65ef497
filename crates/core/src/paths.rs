//! Where the app keeps its files. The shell passes the directories Tauri resolves for
//! the app; tests pass temporary ones, and then prove no secret reached any of them.

use std::path::PathBuf;

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

    /// Every directory the app keeps its own files in, for checks that must cover them
    /// all (exports are the user's files, in the user's folder).
    pub fn all(&self) -> [&PathBuf; 4] {
        [&self.config, &self.data, &self.cache, &self.log]
    }
}
