//! `sentia plan inventory` on the demo company in a real database.

use std::process::Command;

use sqlx::PgPool;

fn url_of(pool: &PgPool) -> String {
    let o = pool.connect_options();
    format!(
        "postgres://{}@{}:{}/{}",
        o.get_username(),
        o.get_host(),
        o.get_port(),
        o.get_database().unwrap()
    )
}

fn sentia(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_sentia"))
        .args(args)
        .env("SENTIA_PASSWORD", "sentia-demo")
        .output()
        .expect("run sentia");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn plan_inventory_plans_every_demo_item_and_drafts_its_orders(pool: PgPool) {
    let url = url_of(&pool);
    sentia(&["seed-demo", "--database-url", &url, "--years", "1"]);
    let out = sentia(&[
        "plan",
        "inventory",
        "--database-url",
        &url,
        "--user",
        "dana.planner",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = json["items"].as_array().unwrap();
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT (product_id, location_id)) FROM inventory_levels",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(items.len() as i64, stored);
    assert_eq!(json["run"]["items"].as_i64(), Some(stored));
    // Every item now carries the run's policy, on its latest stock row.
    let planned: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM inventory_levels WHERE planning_run_id = $1::uuid",
    )
    .bind(json["run"]["runId"].as_str().unwrap())
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(planned, stored);
    // Without a forecast run, recent sales stand in for the forecast.
    let by_source = json["run"]["bySource"].as_array().unwrap();
    assert!(
        by_source
            .iter()
            .any(|p| p[0] == "recent_sales" && p[1].as_i64().unwrap() > 0),
        "{by_source:?}"
    );
    let orders = json["orders"].as_array().unwrap();
    assert_eq!(orders.len() as i64, json["run"]["orders"].as_i64().unwrap());
    for o in orders {
        assert_eq!(o["status"], "draft");
        assert!(o["quantity"].as_i64().unwrap() > 0);
    }
    // The text form says the same in words.
    let text = sentia(&[
        "plan",
        "inventory",
        "--database-url",
        &url,
        "--user",
        "dana.planner",
    ]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with(&format!("planned {stored} items in ")),
        "{text}"
    );
}

#[sqlx::test(migrator = "sentia_db::MIGRATOR")]
async fn plan_cash_saves_a_projection_and_projects_under_its_name(pool: PgPool) {
    let url = url_of(&pool);
    sentia(&["seed-demo", "--database-url", &url, "--years", "1"]);
    let cash = |extra: &[&str]| {
        let mut args = vec![
            "plan",
            "cash",
            "--database-url",
            &url,
            "--user",
            "fiona.finance",
            "--months",
            "6",
        ];
        args.extend_from_slice(extra);
        sentia(&args)
    };
    let out = cash(&["--scenario", "Downturn", "--save", "Q1 downturn", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["scenario"], "Downturn");
    assert_eq!(json["months"].as_array().unwrap().len(), 6);
    assert!(String::from_utf8_lossy(&out.stderr).contains("saved as \"Q1 downturn\""));
    let (scenario, rows): (String, i64) = sqlx::query_as(
        "SELECT p.scenario, count(w.id) FROM cash_projections p
         JOIN working_capital w ON w.projection_id = p.id
         WHERE p.name = 'Q1 downturn' GROUP BY p.scenario",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(scenario, "Downturn");
    let markets: i64 = sqlx::query_scalar("SELECT count(*) FROM markets")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(rows, 6 * markets);
    // The saved name is a scenario now: the same projection, live.
    let again = cash(&["--scenario", "q1 downturn", "--json"]);
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["months"], json["months"]);
}
