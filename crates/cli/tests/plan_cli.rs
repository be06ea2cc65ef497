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
