// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // First, while this is the only thread: reading IT's provisioning removes
    // SENTIA_DB_PASSWORD from the environment, and changing the environment is only sound
    // before other threads (Tauri's, tokio's, GTK's) exist.
    let provisioning = sentia_core::connection::Provisioning::take_from_env();
    sentia_app::run(provisioning);
}
