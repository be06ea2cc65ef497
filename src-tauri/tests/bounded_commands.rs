//! Every command that waits on something (the database, the keychain, a file) runs under
//! `App::bounded`, so a server that stops answering gives `offline` within the deadline
//! instead of hanging the UI for the operating system's TCP timeout. Tauri has no hook
//! around a command's future, so the rule is checked on the commands' source: a new
//! command that awaits without the bound fails here.

use std::path::Path;

/// Commands that await without `App::bounded`, each with its reason.
const EXEMPT: &[(&str, &str)] = &[
    (
        "logout",
        "core bounds its own database call: the local session must end even when the server \
         is gone, which a deadline around the whole command would cancel",
    ),
    (
        "import_sales",
        "a large file takes longer than the deadline; it reports progress, can be cancelled, \
         and its statements carry the server's statement timeout",
    ),
    (
        "run_forecast",
        "a large scope takes longer than the deadline; it reports progress, can be \
         cancelled, and its statements carry the server's statement timeout",
    ),
    (
        "install_update",
        "a package download takes longer than the deadline and is not the database; it \
         reports progress, and the updater's own timeout gives up on a stalled server",
    ),
];

#[test]
fn every_command_that_awaits_runs_under_the_deadline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let mut unbounded = Vec::new();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        for command in source.split("pub async fn ").skip(1) {
            let name = command.split('(').next().unwrap().trim();
            // The body ends where the next item's attributes or docs begin.
            let body = command.split("\n#[").next().unwrap();
            let body = body.split("\n///").next().unwrap();
            checked += 1;
            if body.contains(".await")
                && !body.contains("app.bounded(")
                && !EXEMPT.iter().any(|(n, _)| *n == name)
            {
                unbounded.push(format!("{}: {name}", path.display()));
            }
        }
    }
    assert!(checked > 10, "only {checked} commands found under {dir:?}");
    assert!(
        unbounded.is_empty(),
        "commands awaiting without app.bounded(...): {unbounded:#?}"
    );
}
