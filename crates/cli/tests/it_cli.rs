//! The commands IT scripts: `sentia config`, `sentia users` and `sentia report`, on a real
//! database, with the app's folders in a scratch home and the kernel keychain.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use sqlx::PgPool;

struct Target {
    host: String,
    port: u16,
    database: String,
    user: String,
}

fn target_of(pool: &PgPool) -> Target {
    let o = pool.connect_options();
    Target {
        host: o.get_host().to_owned(),
        port: o.get_port(),
        database: o.get_database().unwrap().to_owned(),
        user: o.get_username().to_owned(),
    }
}

impl Target {
    fn url(&self) -> String {
        format!(
            "postgres://{}@{}:{}/{}",
            self.user, self.host, self.port, self.database
        )
    }
}

/// `sentia ARGS` as an OS user whose home is `home`, with `stdin` piped in.
fn sentia_in(home: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sentia"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("SENTIA_KEYRING", "keyutils")
        .env_remove("DATABASE_URL")
        .env_remove("SENTIA_PASSWORD")
        .env_remove("SENTIA_NEW_PASSWORD")
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sentia");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn seed(home: &Path, url: &str) {
    ok(sentia_in(
        home,
        &["seed-demo", "--database-url", url, "--years", "1"],
        &[],
        "",
    ));
}

const DEMO_PASSWORD: &str = "sentia-demo";

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn config_set_stores_the_password_in_the_keychain_and_the_commands_use_it(pool: PgPool) {
    let home = tempfile::tempdir().unwrap();
    let t = target_of(&pool);
    seed(home.path(), &t.url());
    let port = t.port.to_string();
    let db_password = "not-in-any-file-7Qx";
    let set = ok(sentia_in(
        home.path(),
        &[
            "config",
            "set",
            "--host",
            &t.host,
            "--port",
            &port,
            "--database",
            &t.database,
            "--db-user",
            &t.user,
            "--json",
        ],
        &[],
        &format!("{db_password}\n"),
    ));
    assert_eq!(json(&set)["hasPassword"], true);
    let shown = json(&ok(sentia_in(
        home.path(),
        &["config", "show", "--json"],
        &[],
        "",
    )));
    assert_eq!(shown["connection"]["database"], t.database.as_str());
    let file = shown["file"].as_str().unwrap();
    assert!(
        file.starts_with(home.path().to_str().unwrap()) && file.contains("com.sentia.app"),
        "{file}"
    );
    // The settings are in the app's file; the password in no file under the home.
    let settings = std::fs::read_to_string(file).unwrap();
    assert!(settings.contains(&t.database));
    for entry in walk(home.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(db_password),
            "{} holds the database password",
            entry.display()
        );
    }
    ok(sentia_in(home.path(), &["config", "test"], &[], ""));
    // Without --database-url, a command signs in on the saved connection.
    let users = json(&ok(sentia_in(
        home.path(),
        &["users", "list", "--user", "admin", "--json"],
        &[("SENTIA_PASSWORD", DEMO_PASSWORD)],
        "",
    )));
    assert!(users.as_array().unwrap().len() >= 6);

    // A server that is not there: exit code 3, and the test says which step failed.
    ok(sentia_in(
        home.path(),
        &[
            "config",
            "set",
            "--host",
            "127.0.0.1",
            "--port",
            "1",
            "--database",
            "x",
            "--db-user",
            "x",
        ],
        &[],
        "pw\n",
    ));
    let down = sentia_in(home.path(), &["config", "test"], &[], "");
    assert_eq!(down.status.code(), Some(3));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn users_are_created_locked_out_of_and_let_back_in_by_an_admin(pool: PgPool) {
    let home = tempfile::tempdir().unwrap();
    let url = target_of(&pool).url();
    seed(home.path(), &url);
    let as_who = |who: &str, password: &str, args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend_from_slice(&["--database-url", &url, "--user", who, "--json"]);
        sentia_in(home.path(), &all, &[("SENTIA_PASSWORD", password)], "")
    };
    let admin = |args: &[&str]| as_who("admin", DEMO_PASSWORD, args);

    let created = json(&ok(admin(&[
        "users",
        "create",
        "pat.planner",
        "--email",
        "pat@example.com",
        "--role",
        "analyst",
    ])));
    assert_eq!(created["role"], "analyst");
    assert_eq!(created["passwordResetRequired"], true);
    let temporary = created["temporaryPassword"].as_str().unwrap().to_owned();
    assert_eq!(temporary.len(), 20);
    // The temporary password is right, but must be replaced first: exit code 4.
    let first = as_who("pat.planner", &temporary, &["users", "list"]);
    assert_eq!(first.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&first.stderr).contains("choose a new one"));

    // A name already taken is refused as input: exit code 5.
    let again = admin(&[
        "users",
        "create",
        "PAT.planner",
        "--email",
        "other@example.com",
        "--role",
        "viewer",
    ]);
    assert_eq!(again.status.code(), Some(5), "{:?}", again);

    let role = json(&ok(admin(&["users", "set-role", "pat.planner", "manager"])));
    assert_eq!(role["role"], "manager");
    let off = json(&ok(admin(&["users", "deactivate", "pat.planner"])));
    assert_eq!(off["active"], false);
    let active: bool =
        sqlx::query_scalar("SELECT is_active FROM users WHERE username = 'pat.planner'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(!active);
    assert_eq!(
        json(&ok(admin(&["users", "activate", "pat.planner"])))["active"],
        true
    );

    // Five wrong passwords lock the account; unlock lifts it.
    for _ in 0..5 {
        let _ = as_who("dana.planner", "wrong-password-1", &["users", "list"]);
    }
    let locked = as_who("dana.planner", DEMO_PASSWORD, &["users", "list"]);
    assert_eq!(locked.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&locked.stderr).contains("locked"));
    ok(admin(&["users", "unlock", "dana.planner"]));
    // Signed in again, dana (an analyst) may not manage users: still exit code 4, now
    // for the permission.
    let analyst = as_who("dana.planner", DEMO_PASSWORD, &["users", "list"]);
    assert_eq!(analyst.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&analyst.stderr).contains("permission"));

    let unknown = admin(&["users", "unlock", "nobody.here"]);
    assert_eq!(unknown.status.code(), Some(5));
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn reports_are_written_as_xlsx_csv_and_pdf_with_the_screens_figures(pool: PgPool) {
    use calamine::{Data, Reader, Xlsx};
    let home = tempfile::tempdir().unwrap();
    let url = target_of(&pool).url();
    seed(home.path(), &url);
    let report = |who: &str, args: &[&str]| {
        let mut all = vec!["report"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--database-url", &url, "--user", who]);
        sentia_in(home.path(), &all, &[], &format!("{DEMO_PASSWORD}\n"))
    };
    let out = |name: &str| home.path().join(name).to_str().unwrap().to_owned();
    let exported = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM audit_log WHERE action = 'data.exported'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };

    // The dashboard as a workbook: a sheet per table, and the markets add up to the KPI.
    let before = exported().await;
    ok(report(
        "fiona.finance",
        &["dashboard", "--out", &out("d.xlsx")],
    ));
    let mut book: Xlsx<_> = calamine::open_workbook(out("d.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["kpis", "markets", "channels", "best-sellers", "trend"]
    );
    let kpis = book.worksheet_range("kpis").unwrap();
    let Some(Data::Float(revenue)) = kpis.get((1, 1)) else {
        panic!("no revenue cell: {:?}", kpis.get((1, 1)));
    };
    let markets = book.worksheet_range("markets").unwrap();
    let by_market: f64 = (1..markets.height())
        .filter_map(|r| match markets.get((r, 1)) {
            Some(Data::Float(v)) => Some(*v),
            _ => None,
        })
        .sum();
    assert!(*revenue > 0.0 && (revenue - by_market).abs() < 0.05 * markets.height() as f64);
    assert_eq!(exported().await, before + 1);

    // One table as CSV; the report names its tables when asked for one it lacks.
    ok(report(
        "fiona.finance",
        &["dashboard", "--out", &out("m.csv"), "--table", "markets"],
    ));
    let csv = std::fs::read_to_string(out("m.csv")).unwrap();
    assert!(
        csv.starts_with("Market,Revenue,Units,Gross margin,Net profit\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), markets.height());
    let wrong = report(
        "fiona.finance",
        &[
            "dashboard",
            "--format",
            "csv",
            "--out",
            &out("x.csv"),
            "--table",
            "regions",
        ],
    );
    assert_eq!(wrong.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("kpis, markets"));
    assert!(!home.path().join("x.csv").exists());

    // Stock as PDF: every SKU the database holds is printed.
    ok(report(
        "dana.planner",
        &["inventory", "--out", &out("stock.pdf")],
    ));
    let pdf = lopdf::Document::load(out("stock.pdf")).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = pdf.extract_text(&pages).unwrap();
    let skus: Vec<String> = sqlx::query_scalar("SELECT sku FROM products")
        .fetch_all(&pool)
        .await
        .unwrap();
    for sku in &skus {
        assert!(text.contains(sku.as_str()), "{sku} is not in the PDF");
    }

    // Cash: 24 months; a viewer may export, but not see working capital.
    ok(report(
        "fiona.finance",
        &["cash", "--out", &out("cash.xlsx")],
    ));
    let mut cash: Xlsx<_> = calamine::open_workbook(out("cash.xlsx")).unwrap();
    assert_eq!(cash.worksheet_range("months").unwrap().height(), 25);
    let viewer = report("victor.viewer", &["cash", "--out", &out("v.xlsx")]);
    assert_eq!(viewer.status.code(), Some(4));
    assert!(!home.path().join("v.xlsx").exists());

    // No forecast run yet: a clear refusal that says how to make one.
    let none = report("dana.planner", &["forecast", "--out", &out("f.xlsx")]);
    assert_eq!(none.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&none.stderr).contains("sentia forecast --from-db"));
}
