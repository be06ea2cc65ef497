// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // First, while this is the only thread: reading IT's provisioning removes
    // SENTIA_DB_PASSWORD from the environment, and changing the environment is only sound
    // before other threads (Tauri's, tokio's, GTK's) exist.
    let provisioning = sentia_core::connection::Provisioning::take_from_env();
    // WebKitGTK's accelerated compositing costs the dashboard about 140 MiB more (measured
    // with bench/desktop: 442 against 304 MiB PSS) and crashed the web process under
    // software GL; a reporting app's pages paint well without it. SENTIA_WEBKIT_COMPOSITING=1
    // keeps it. Set here, on the only thread, for the same reason as above.
    #[cfg(target_os = "linux")]
    if std::env::var_os("SENTIA_WEBKIT_COMPOSITING").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    sentia_app::run(provisioning);
}
