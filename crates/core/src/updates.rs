//! Where updates come from and when one may be installed. IT names the update server and
//! the channel: on the machine with provisioning variables (`SENTIA_UPDATE_ENDPOINT`,
//! `SENTIA_UPDATE_CHANNEL`), or for the whole company in the settings (`updates.endpoint`,
//! `updates.channel`); the machine's word wins. The manifest is
//! `<endpoint>/<channel>/latest.json`. Checking, downloading and installing are the
//! desktop shell's (the updater plugin); this module has no Tauri.

use sentia_domain::Permission;
use serde::Serialize;

use crate::job::{self, Job};
use crate::settings;
use crate::{App, AppError};

/// The machine's update server, set by IT.
pub const ENDPOINT_VAR: &str = "SENTIA_UPDATE_ENDPOINT";
/// The machine's channel, set by IT.
pub const CHANNEL_VAR: &str = "SENTIA_UPDATE_CHANNEL";

/// Where the manifest of the releases to install is, and who said so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateSource {
    /// `<endpoint>/<channel>/latest.json`.
    pub manifest_url: String,
    /// stable or beta.
    pub channel: String,
    /// "provisioning" (this machine) or "settings" (the company).
    pub set_by: String,
}

/// The manifest's address for an endpoint and channel, or why it cannot be used.
pub fn manifest_url(endpoint: &str, channel: &str) -> Result<String, AppError> {
    let endpoint = endpoint.trim().trim_end_matches('/');
    let channel = channel.trim();
    if !matches!(channel, "stable" | "beta") {
        return Err(AppError::validation(
            "channel",
            format!("the update channel is stable or beta, not {channel:?}"),
        ));
    }
    check_address(endpoint)?;
    Ok(format!("{endpoint}/{channel}/latest.json"))
}

/// An update server's address: https, or http on this machine for testing.
pub(crate) fn check_address(endpoint: &str) -> Result<(), AppError> {
    let scheme_ok = endpoint.starts_with("https://")
        || endpoint.starts_with("http://127.0.0.1")
        || endpoint.starts_with("http://localhost");
    if !scheme_ok || endpoint.contains(char::is_whitespace) {
        return Err(AppError::validation(
            "endpoint",
            format!(
                "the update server must be an https address (http only on this machine for \
                 testing), not {endpoint:?}"
            ),
        ));
    }
    Ok(())
}

/// The update source: this machine's provisioning variables, else the company's settings
/// (read with the signed-in session); `None` when neither names a server.
pub async fn source(app: &App) -> Result<Option<UpdateSource>, AppError> {
    let machine = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(endpoint) = machine(ENDPOINT_VAR) {
        let channel = machine(CHANNEL_VAR).unwrap_or_else(|| "stable".to_owned());
        return Ok(Some(UpdateSource {
            manifest_url: manifest_url(&endpoint, &channel)?,
            channel,
            set_by: "provisioning".to_owned(),
        }));
    }
    let mut tx = app.transaction(Permission::DashboardView).await?;
    let endpoint = settings::text(tx.conn(), "updates", "endpoint").await?;
    let channel = settings::text(tx.conn(), "updates", "channel").await?;
    tx.commit().await?;
    if endpoint.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(UpdateSource {
        manifest_url: manifest_url(&endpoint, &channel)?,
        channel,
        set_by: "settings".to_owned(),
    }))
}

/// `Ok` for a signed-in user when nothing would be lost by installing now; otherwise what
/// is under way.
pub fn may_install(app: &App) -> Result<(), AppError> {
    app.authorise(Permission::DashboardView)?;
    let running = job::running(app);
    if running.is_empty() {
        return Ok(());
    }
    let what: Vec<&str> = running
        .iter()
        .map(|j| match j {
            Job::Import => "an import",
            Job::ForecastRun => "a forecast run",
        })
        .collect();
    Err(AppError::Conflict {
        constraint: "no_update_during_work".into(),
        field: None,
        message: format!(
            "{} is under way: install the update when it has finished",
            what.join(" and ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_is_under_the_channel_and_only_https_leaves_the_machine() {
        assert_eq!(
            manifest_url("https://updates.example.com/sentia/", "beta").unwrap(),
            "https://updates.example.com/sentia/beta/latest.json"
        );
        assert_eq!(
            manifest_url("http://127.0.0.1:8080", "stable").unwrap(),
            "http://127.0.0.1:8080/stable/latest.json"
        );
        for (endpoint, channel, field) in [
            ("http://updates.example.com", "stable", "endpoint"),
            ("ftp://x", "stable", "endpoint"),
            ("https://updates.example.com", "nightly", "channel"),
        ] {
            let err = manifest_url(endpoint, channel).unwrap_err();
            assert!(
                matches!(&err, AppError::Validation { field: f, .. } if f == field),
                "{endpoint} {channel}: {err:?}"
            );
        }
    }
}
