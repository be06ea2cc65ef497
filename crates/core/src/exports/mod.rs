//! Exports: files the user asks for (a chart as PNG) are saved in their downloads folder
//! under a name that never overwrites an earlier export, and every export is audited.
//! The webview hands over the bytes; only Rust touches the file system.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use sentia_domain::Permission;
use serde::{Deserialize, Serialize};

use crate::{App, AppError, AuthorisedTx};

mod pdf;
mod report;
mod table;
pub use report::{write_report, ReportFormat, ReportKind, ReportRequest, WrittenReport};
pub use table::{save_table, ColumnKind, ExportCell, ExportColumn, TableExport, TableFormat};

/// The largest image accepted: a full-screen chart at 2× is well under this.
const MAX_PNG_BYTES: usize = 20 * 1024 * 1024;
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A chart rendered by the UI.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ChartExport {
    /// What the chart shows, e.g. `revenue-trend`; becomes part of the file name.
    pub name: String,
    /// The PNG image, base64-encoded (the part of a data URL after the comma).
    pub png_base64: String,
}

/// Where an export was saved.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SavedExport {
    /// Full path, to show the user.
    pub path: String,
    /// File name only.
    pub file_name: String,
}

/// Saves a chart as `sentia-<name>.png` in the exports folder and audits it.
pub async fn save_chart_png(app: &App, export: ChartExport) -> Result<SavedExport, AppError> {
    let auth = app.authorise(Permission::DataExport)?;
    let png = base64::engine::general_purpose::STANDARD
        .decode(export.png_base64.trim())
        .map_err(|_| AppError::validation("pngBase64", "the image is not valid base64"))?;
    if !png.starts_with(PNG_SIGNATURE) {
        return Err(AppError::validation("pngBase64", "the image is not a PNG"));
    }
    if png.len() > MAX_PNG_BYTES {
        return Err(AppError::validation(
            "pngBase64",
            format!("the image is larger than {} MB", MAX_PNG_BYTES >> 20),
        ));
    }

    let tx = audited(
        app,
        auth,
        serde_json::json!({"kind": "chart", "name": export.name, "bytes": png.len()}),
    )
    .await?;
    save_export(
        app,
        tx,
        &format!("sentia-{}", file_stem(&export.name)),
        "png",
        &png,
    )
    .await
}

/// A transaction holding the `data.exported` audit row of an export described by `details`;
/// commit it before the file is written (see [`save_export`]).
pub(crate) async fn audited(
    app: &App,
    auth: crate::Authorised,
    details: serde_json::Value,
) -> Result<AuthorisedTx, AppError> {
    let mut tx = app.begin(auth).await?;
    sentia_db::audit::record(tx.conn(), "data.exported", None, None, &details).await?;
    Ok(tx)
}

/// Commits `tx`, which holds the export's audit row, then writes `bytes` to a new file
/// `<stem>.<ext>` in the exports folder. In that order: an export that cannot be audited
/// (the database is gone) leaves no file behind, and a file error after the commit
/// leaves an audit row for an attempt, never a file without one.
pub(crate) async fn save_export(
    app: &App,
    tx: AuthorisedTx,
    stem: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<SavedExport, AppError> {
    tx.commit().await?;
    let dir = &app.paths().exports;
    std::fs::create_dir_all(dir).map_err(|e| file_error(dir, &e))?;
    let (path, mut file) = create_unique(dir, stem, ext)?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        let _ = std::fs::remove_file(&path);
        return Err(file_error(&path, &e));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    tracing::info!(file = %file_name, bytes = bytes.len(), "exported");
    Ok(SavedExport {
        path: path.to_string_lossy().into_owned(),
        file_name,
    })
}

/// Lower-case letters, digits and single dashes only: whatever the UI sends cannot name
/// another folder or a hidden file.
pub(crate) fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
        if stem.len() >= 60 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "chart".to_owned()
    } else {
        stem.to_owned()
    }
}

/// `stem.ext`, or `stem (2).ext`, `stem (3).ext`, … : the first name not taken, created
/// atomically so two exports at once cannot pick the same one.
fn create_unique(dir: &Path, stem: &str, ext: &str) -> Result<(PathBuf, std::fs::File), AppError> {
    for n in 1..=1000 {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem} ({n}).{ext}")
        };
        let path = dir.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(file_error(&path, &e)),
        }
    }
    Err(AppError::validation(
        "name",
        format!("too many exports named {stem} in {}", dir.display()),
    ))
}

pub(crate) fn file_error(path: &Path, e: &std::io::Error) -> AppError {
    AppError::File {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_keep_only_safe_characters() {
        assert_eq!(file_stem("Revenue trend"), "revenue-trend");
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem(".hidden"), "hidden");
        assert_eq!(file_stem("  "), "chart");
        assert_eq!(file_stem(&"x".repeat(200)).len(), 60);
    }

    #[test]
    fn a_second_export_does_not_overwrite_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let (first, _) = create_unique(dir.path(), "sentia-trend", "png").unwrap();
        let (second, _) = create_unique(dir.path(), "sentia-trend", "png").unwrap();
        assert_eq!(first.file_name().unwrap(), "sentia-trend.png");
        assert_eq!(second.file_name().unwrap(), "sentia-trend (2).png");
    }
}
