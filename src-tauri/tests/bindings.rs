//! The checked-in TypeScript bindings must be exactly what the Rust side generates.

use sentia_app::ipc::{bindings_path, export_bindings};

#[test]
fn bindings_are_current() {
    let path = bindings_path();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        export_bindings(&path).unwrap();
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    export_bindings(&fresh).unwrap();
    let fresh = std::fs::read_to_string(fresh).unwrap();
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        fresh == committed,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p sentia-app --test bindings` and commit it",
        path.display()
    );
}
