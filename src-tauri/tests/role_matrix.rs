//! Every registered command x every role, through Tauri's real IPC path on the mock
//! runtime, against `ipc::COMMAND_ACCESS` and the domain's role matrix. No database is
//! reachable here, on purpose: a command whose permission check came after its first
//! query would answer `offline` instead of `forbidden` and fail.

use sentia_app::ipc::{export_bindings, specta_builder, Access, COMMAND_ACCESS};
use sentia_core::{App, AppPaths, SecretStore, Session};
use sentia_domain::permissions::role_allows;
use sentia_domain::Role;
use serde_json::{json, Value};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::Manager;

const ONE_PIXEL_PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

/// Valid arguments for each command; a command missing here fails the test.
fn sample_args(cmd: &str) -> Option<Value> {
    let user = "7b0c0c9e-3a53-4c55-9d35-0d9e0f2a1b11";
    let conn = json!({"host": "127.0.0.1", "port": 1, "database": "none", "user": "nobody",
                      "password": null, "tlsMode": "disable"});
    // Valid inputs, so that allowed roles get past validation to the database.
    let market = json!({"code": "NZ", "name": "New Zealand", "currency": "USD", "taxRate": "0.15",
                        "taxName": "GST", "standardShippingDays": 5, "expressShippingDays": 2,
                        "regulatoryRequirements": "{}", "importRestrictions": "", "exportRestrictions": "",
                        "active": true});
    let product = json!({"sku": "GABA_TEST", "name": "Test", "category": "GABA Red", "market": "UK",
                         "unitCost": "5", "sellingPrice": "10", "weightKg": null, "dimensionsCm": null,
                         "productionTimeHours": "3.5", "batchSizeMin": 100, "batchSizeMax": 1000,
                         "leadTimeDays": 14, "shelfLifeDays": null, "complianceData": "{}", "active": true});
    let channel = json!({"name": "Test shop", "channelType": "Shopify", "market": "UK",
                         "commissionRate": "0.029", "fulfillmentMethod": "Own", "marketplaceId": null,
                         "fixedFeePerOrder": "0.30", "fulfillmentFeePerUnit": "0", "paymentTermsDays": 3,
                         "processingDays": 1, "apiSettings": "{}", "conversionRate": null,
                         "returnRate": null, "monthlyRevenueTarget": null, "active": true});
    let fx_rate = json!({"base": "EUR", "quote": "GBP", "date": "2026-11-30", "rate": "0.8512",
                         "source": "ECB"});
    Some(match cmd {
        "app_info"
        | "get_connection"
        | "use_demo_database"
        | "logout"
        | "current_session"
        | "list_users"
        | "password_policy"
        | "connection_status"
        | "offline_cache_info"
        | "clear_offline_cache" => json!({}),
        "test_connection" | "save_connection" => json!({ "input": conn }),
        "login" => json!({"username": "nobody", "password": "not a password"}),
        "get_dashboard" => json!({"query": {"from": "2025-01-01", "to": "2025-01-31",
                                             "reportingCurrency": "GBP", "market": null, "channelId": null}}),
        "get_stock_risks" | "list_inventory" => json!({"market": null}),
        "plan_inventory" | "my_approval_limit" => json!({}),
        "inventory_projection" => json!({"request": {"productId": user, "location": "WH-UK-LON",
                                                     "leadTimeDays": 21, "serviceLevel": "0.99"}}),
        "list_replenishment_orders" => json!({"status": null}),
        "decide_replenishment_order" => json!({"decision": {"id": user, "rowVersion": 1,
                                                           "to": "submitted", "comment": null}}),
        "list_production_jobs" | "production_capacity" => json!({"weeks": 4}),
        "move_production_job" => json!({"id": user, "to": "active"}),
        "set_resource_status" => json!({"id": user, "status": "maintenance"}),
        "project_cash" | "cash_sensitivity" | "cash_by_product" => {
            json!({"request": {"scenario": "Base", "drivers": null, "fxChange": null,
                                             "months": 3, "simulations": 0}})
        }
        "cash_scenarios" | "saved_cash_projections" | "check_for_update" | "restart_app" => {
            json!({})
        }
        "install_update" => json!({"version": "99.0.0", "progress": "__CHANNEL__:1"}),
        "save_cash_projection" => json!({"name": "role matrix", "request": {"scenario": "Base",
            "drivers": null, "fxChange": null, "months": 3, "simulations": 0}}),
        "reproduce_cash_projection" | "delete_cash_projection" => json!({"id": user}),
        "create_user" => json!({"input": {"username": "newbie", "email": "n@example.test",
                                          "displayName": null, "role": "viewer",
                                          "password": "a long enough password"}}),
        // A real (one-pixel) PNG, so allowed roles get past validation to the database.
        "export_chart_png" => {
            json!({"chart": {"name": "role matrix", "pngBase64": ONE_PIXEL_PNG}})
        }
        "export_table" => json!({"table": {"name": "role matrix", "format": "csv",
            "columns": [{"header": "SKU", "kind": "text"}], "rows": [["GABA-RED-UK"]]}}),
        "set_user_active" => json!({"userId": user, "active": false}),
        "reset_user_lockout" | "anonymize_user" | "export_personal_data" => {
            json!({"userId": user})
        }
        "reset_user_password" => {
            json!({"userId": user, "temporaryPassword": "a long enough password"})
        }
        "change_password" => json!({"username": "nobody", "currentPassword": "not a password",
                                    "newPassword": "a long enough password"}),
        "set_user_role" => json!({"userId": user, "role": "viewer", "permissions": []}),
        "list_audit_log" => json!({"query": {"limit": 10, "before": null}}),
        "list_markets" | "list_products" | "list_channels" => json!({}),
        "create_market" => json!({ "input": market }),
        "update_market" => json!({"id": user, "version": 1, "input": market}),
        "create_product" => json!({ "input": product }),
        "update_product" => json!({"id": user, "version": 1, "input": product}),
        "create_channel" => json!({ "input": channel }),
        "update_channel" => json!({"id": user, "version": 1, "input": channel}),
        "delete_catalog_row" => json!({"entity": "product", "id": user, "version": 1}),
        "set_channel_credentials" => json!({"id": user, "version": 1, "credentials": "token"}),
        "list_settings" => json!({}),
        "setting_history" => json!({ "id": user }),
        "change_setting" => json!({"change": {"category": "inventory", "key": "service_level_a",
                                              "environment": "all", "scope": "global", "scopeId": null,
                                              "value": "0.985", "version": null, "reason": "matrix"}}),
        "revert_setting" => json!({"id": user, "version": 1, "reason": "matrix"}),
        "set_my_preference" => json!({"key": "theme", "value": "dark"}),
        "list_fx_rates" => json!({"query": {"pair": null, "limit": 10}}),
        "create_fx_rate" => json!({ "input": fx_rate }),
        "update_fx_rate" => json!({"id": user, "version": 1, "input": fx_rate}),
        "import_fx_rates_csv" => json!({"file": "rates.csv",
                                         "content": "base,quote,date,rate\nEUR,GBP,2026-11-30,0.85\n"}),
        "preview_import_file" => json!({"path": "/nonexistent/sales.csv"}),
        "import_sales" => json!({"request": {"path": "/nonexistent/sales.csv", "channel": null,
                                             "layout": null, "mode": "allOrNothing", "dryRun": true},
                                  "progress": "__CHANNEL__:1"}),
        "cancel_import" | "list_import_batches" | "save_import_template" => json!({}),
        "import_batch_errors" => json!({ "batchId": user }),
        "rollback_import" => json!({"batchId": user, "reason": "matrix"}),
        "export_import_errors" => json!({"file": "sales.csv", "errors": []}),
        "run_forecast" => json!({"request": {"scope": {"products": [user]}, "bucket": "month",
                                             "horizon": 3, "model": null},
                                  "progress": "__CHANNEL__:1"}),
        "cancel_forecast_run"
        | "list_forecast_runs"
        | "queued_changes"
        | "replay_queued_changes" => {
            json!({})
        }
        "resolve_queued_change" => json!({"id": user, "keep": "server"}),
        "keep_offline" => json!({"screen": "dashboard", "kept": true}),
        "stop_keeping_offline" => json!({"entry": "none"}),
        "forecast_run_series" => json!({ "runId": user }),
        "forecast_series" => json!({"runId": user, "key": {"productId": user, "channelId": user}}),
        "forecast_value_added" => json!({"by": "planner"}),
        "forecast_aggregate" => json!({"runId": user, "level": "category"}),
        "override_forecast_aggregate" => json!({"request": {"runId": user, "level": "total",
            "groupKey": "all", "period": "2026-11-01", "value": 5, "reason": "matrix"}}),
        "add_forecast_comment" => json!({"request": {"key": {"productId": user, "channelId": user},
                                                      "period": null, "body": "matrix"}}),
        "override_forecast" => {
            json!({"request": {"forecastId": user, "value": 5, "reason": "matrix",
                             "seenStatus": null}})
        }
        "submit_forecasts" | "approve_forecasts" => {
            json!({"runId": user, "series": [{"productId": user, "channelId": user}]})
        }
        "reject_forecasts" => {
            json!({"runId": user, "series": [{"productId": user, "channelId": user}],
                                     "reason": "matrix"})
        }
        _ => return None,
    })
}

/// Command names as the generated bindings invoke them: exactly what is registered.
fn registered_commands() -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bindings.ts");
    export_bindings(&path).unwrap();
    let ts = std::fs::read_to_string(path).unwrap();
    let names: Vec<String> = ts
        .split("TAURI_INVOKE(\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect();
    names
}

fn invoke(
    webview: &tauri::WebviewWindow<MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: tauri::ipc::CallbackFn(0),
            error: tauri::ipc::CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: tauri::ipc::InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn session(role: Role) -> Session {
    Session::new(
        secrecy::SecretString::from("no-such-session"),
        uuid::Uuid::new_v4(),
        format!("{role}-user"),
        None,
        role,
        &Default::default(),
        "Europe/London".into(),
        "en-GB".into(),
        chrono::Utc::now() + chrono::Duration::hours(1),
    )
}

#[test]
fn every_command_allows_and_denies_each_role_as_the_matrix_says() {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var(
        "SENTIA_DEMO_CONNECTION_FILE",
        dir.path().join("no-demo.json"),
    );
    let app = mock_builder()
        .invoke_handler(specta_builder::<MockRuntime>().invoke_handler())
        .build(mock_context(noop_assets()))
        .unwrap();
    app.manage(App::new(
        AppPaths::under(dir.path()),
        SecretStore::named(Some("mock")).unwrap(),
        "test",
    ));
    app.manage(sentia_app::commands::updates::PendingUpdate::new(
        app.handle().clone(),
    ));
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let state = app.state::<App>();

    for cmd in registered_commands() {
        let access = COMMAND_ACCESS
            .iter()
            .find(|(name, _)| *name == cmd)
            .unwrap_or_else(|| panic!("command {cmd} has no row in ipc::COMMAND_ACCESS"))
            .1;
        let args =
            sample_args(&cmd).unwrap_or_else(|| panic!("command {cmd} has no sample arguments"));

        // Without a session, a protected command must say so before anything else.
        state.set_session_for_tests(None);
        let anonymous = invoke(&webview, &cmd, args.clone());
        if let Access::Requires(_) = access {
            assert_eq!(
                anonymous,
                Err(json!({"kind": "notAuthenticated"})),
                "{cmd} without a session"
            );
        }

        for role in Role::ALL {
            state.set_session_for_tests(Some(session(*role)));
            let result = invoke(&webview, &cmd, args.clone());
            if let Err(Value::String(s)) = &result {
                panic!("{cmd} never ran (arguments rejected by Tauri?): {s}");
            }
            let forbidden = matches!(&result, Err(e) if e["kind"] == "forbidden");
            match access {
                Access::Public => {
                    assert!(!forbidden, "{cmd} is public but refused {role}: {result:?}")
                }
                Access::Requires(p) if role_allows(*role, p) => {
                    assert!(!forbidden, "{cmd} should allow {role}: {result:?}")
                }
                Access::Requires(p) => assert_eq!(
                    result,
                    Err(json!({"kind": "forbidden", "permission": p.as_str()})),
                    "{cmd} should refuse {role}"
                ),
            }
        }
    }
}

#[test]
fn the_bindings_invoke_exactly_the_commands_that_have_an_access_rule() {
    // Scraping the bindings text would find nothing if their shape changed: comparing the
    // two lists, rather than counting, fails then too.
    let mut registered = registered_commands();
    registered.sort();
    let mut ruled: Vec<String> = COMMAND_ACCESS
        .iter()
        .map(|(n, _)| (*n).to_owned())
        .collect();
    ruled.sort();
    assert_eq!(registered, ruled);
}
