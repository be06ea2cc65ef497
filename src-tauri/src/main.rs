// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    return_large_blocks_to_the_system();
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

/// Large blocks (the password hash's 19 MiB of working memory, computed twice at each
/// sign-in) go back to the system when freed. By default glibc raises its mmap threshold
/// to the size of the first large block freed and serves the next ones from its heap, which
/// it keeps: about 20 MiB held for the rest of the session (bench/desktop measures it).
/// A fixed threshold turns that adjustment off.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn return_large_blocks_to_the_system() {
    const THRESHOLD: libc::c_int = 128 * 1024;
    // SAFETY: mallopt only sets an allocator parameter; this runs first in main, before
    // any other thread exists.
    let set = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD) };
    debug_assert_eq!(set, 1, "glibc refused M_MMAP_THRESHOLD");
}
