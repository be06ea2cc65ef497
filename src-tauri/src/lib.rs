//! The Sentia desktop shell: window, state, typed commands and the updater. Everything
//! else lives in `sentia-core`.

pub mod commands;
pub mod ipc;
pub mod logging;

use sentia_core::connection::Provisioning;
use sentia_core::{App, AppPaths, SecretStore};
use tauri::Manager;

/// The app's directories as Tauri resolves them for `com.sentia.app`.
fn app_paths(handle: &tauri::AppHandle) -> tauri::Result<AppPaths> {
    let path = handle.path();
    Ok(AppPaths {
        config: path.app_config_dir()?,
        data: path.app_data_dir()?,
        cache: path.app_cache_dir()?,
        log: path.app_log_dir()?,
        exports: path
            .download_dir()
            .or_else(|_| path.document_dir())
            .or_else(|_| path.home_dir())?,
    })
}

/// Builds and runs the app. `provisioning` is IT's connection, taken from the
/// environment by `main` before any thread started.
pub fn run(provisioning: Provisioning) {
    let builder = ipc::specta_builder();
    #[cfg(debug_assertions)]
    if let Err(e) = ipc::export_bindings(&ipc::bindings_path()) {
        eprintln!("could not export bindings: {e}");
    }

    tauri::Builder::default()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(builder.invoke_handler())
        .setup(move |tauri_app| {
            builder.mount_events(tauri_app);
            let paths = app_paths(tauri_app.handle())?;
            let guard = logging::init(&paths.log);
            tauri_app.manage(guard);
            let secrets = SecretStore::from_env().map_err(|e| e.to_string())?;
            // A release build must not keep passwords in the in-memory mock: the user
            // would believe them stored and lose them on exit.
            #[cfg(not(debug_assertions))]
            secrets.ensure_real_backend().map_err(|e| e.to_string())?;
            // The package's version (tauri.conf.json, or the release build's): the one the
            // updater compares and the user sees.
            let version = tauri_app.package_info().version.to_string();
            tracing::info!(%version, keychain = secrets.backend(), "starting");
            let app = App::new(paths, secrets, &version);
            if provisioning.is_set() {
                if let Err(e) = sentia_core::connection::provision(&app, provisioning) {
                    tracing::error!(error = %e, "pre-provisioned connection rejected");
                }
            }
            tauri_app.manage(app);
            tauri_app.manage(commands::updates::PendingUpdate::new(
                tauri_app.handle().clone(),
            ));
            commands::offline::watch(tauri_app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Sentia");
}
