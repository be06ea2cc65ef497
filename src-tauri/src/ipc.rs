//! The whole IPC surface in one place: every command the UI may call, the bindings they
//! generate, and the access rule of each (checked against the role matrix by
//! `tests/role_matrix.rs`, so a command without a rule fails the build's tests).

use std::path::{Path, PathBuf};

use sentia_domain::Permission;
use specta_typescript::Typescript;

use crate::commands::{
    admin, app, auth, catalog, connection, dashboard, exports, forecasts, import, inventory,
    offline, production, settings, updates, working_capital,
};

/// Every command and event the UI can use. Generic over the runtime so that the
/// command x role test can mount the same handler on Tauri's mock runtime.
pub fn specta_builder<R: tauri::Runtime>() -> tauri_specta::Builder<R> {
    // One TypeScript name per type (`Dashboard`, not `Dashboard_Serialize`): every IPC type
    // is either sent or received, never both with different shapes.
    tauri_specta::Builder::<R>::new()
        .disable_serde_phases()
        .commands(tauri_specta::collect_commands![
            app::app_info,
            connection::get_connection,
            connection::test_connection,
            connection::save_connection,
            connection::use_demo_database,
            auth::login,
            auth::logout,
            auth::current_session,
            auth::change_password,
            auth::password_policy,
            dashboard::get_dashboard,
            inventory::get_stock_risks,
            inventory::list_inventory,
            inventory::plan_inventory,
            inventory::inventory_projection,
            inventory::list_replenishment_orders,
            inventory::decide_replenishment_order,
            inventory::my_approval_limit,
            production::list_production_jobs,
            production::move_production_job,
            production::production_capacity,
            production::set_resource_status,
            working_capital::project_cash,
            working_capital::cash_scenarios,
            working_capital::save_cash_projection,
            working_capital::saved_cash_projections,
            working_capital::reproduce_cash_projection,
            working_capital::delete_cash_projection,
            working_capital::cash_sensitivity,
            working_capital::cash_by_product,
            updates::check_for_update,
            updates::install_update,
            updates::restart_app,
            exports::export_chart_png,
            exports::export_table,
            admin::list_users,
            admin::create_user,
            admin::set_user_active,
            admin::reset_user_lockout,
            admin::set_user_role,
            admin::anonymize_user,
            admin::reset_user_password,
            admin::export_personal_data,
            admin::list_audit_log,
            catalog::list_markets,
            catalog::create_market,
            catalog::update_market,
            catalog::list_products,
            catalog::create_product,
            catalog::update_product,
            catalog::list_channels,
            catalog::create_channel,
            catalog::update_channel,
            catalog::delete_catalog_row,
            catalog::set_channel_credentials,
            catalog::list_fx_rates,
            catalog::create_fx_rate,
            catalog::update_fx_rate,
            catalog::import_fx_rates_csv,
            settings::list_settings,
            settings::setting_history,
            settings::change_setting,
            settings::revert_setting,
            settings::set_my_preference,
            import::import_sales,
            import::preview_import_file,
            import::cancel_import,
            import::list_import_batches,
            import::import_batch_errors,
            import::rollback_import,
            import::save_import_template,
            import::export_import_errors,
            forecasts::run_forecast,
            forecasts::cancel_forecast_run,
            forecasts::list_forecast_runs,
            forecasts::forecast_run_series,
            forecasts::forecast_series,
            forecasts::override_forecast,
            forecasts::add_forecast_comment,
            forecasts::submit_forecasts,
            forecasts::approve_forecasts,
            forecasts::reject_forecasts,
            forecasts::forecast_aggregate,
            forecasts::override_forecast_aggregate,
            forecasts::forecast_value_added,
            offline::connection_status,
            offline::offline_cache_info,
            offline::clear_offline_cache,
            offline::queued_changes,
            offline::replay_queued_changes,
            offline::resolve_queued_change,
            offline::keep_offline,
            offline::stop_keeping_offline,
        ])
        .events(tauri_specta::collect_events![
            offline::ConnectionChanged,
            offline::QueueChanged
        ])
}

/// Who may call a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Before login too: start-up, the connection wizard, login itself.
    Public,
    /// Only with this permission (role matrix plus overrides).
    Requires(Permission),
}

/// The access rule of every command. The role-matrix test fails when a command is
/// registered above without a row here, or when a command's behaviour disagrees.
pub const COMMAND_ACCESS: &[(&str, Access)] = &[
    ("app_info", Access::Public),
    ("get_connection", Access::Public),
    ("test_connection", Access::Public),
    ("save_connection", Access::Public),
    ("use_demo_database", Access::Public),
    ("login", Access::Public),
    ("logout", Access::Public),
    ("current_session", Access::Public),
    ("change_password", Access::Public),
    ("password_policy", Access::Public),
    // The probe's state and the user's own offline copies (signed in, any role).
    ("connection_status", Access::Public),
    ("offline_cache_info", Access::Public),
    ("clear_offline_cache", Access::Public),
    // A user's own queue; applying a change checks its permission as it goes.
    ("queued_changes", Access::Public),
    ("replay_queued_changes", Access::Public),
    ("resolve_queued_change", Access::Public),
    // Checks the permission of the screen named.
    ("keep_offline", Access::Public),
    ("stop_keeping_offline", Access::Public),
    ("get_dashboard", Access::Requires(Permission::DashboardView)),
    (
        "get_stock_risks",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "list_inventory",
        Access::Requires(Permission::DashboardView),
    ),
    ("plan_inventory", Access::Requires(Permission::ForecastRun)),
    (
        "inventory_projection",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "list_replenishment_orders",
        Access::Requires(Permission::DashboardView),
    ),
    // Submitting needs forecast.run and deciding forecast.approve: core checks which.
    (
        "decide_replenishment_order",
        Access::Requires(Permission::ForecastRun),
    ),
    (
        "my_approval_limit",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "list_production_jobs",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "move_production_job",
        Access::Requires(Permission::ForecastRun),
    ),
    (
        "production_capacity",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "set_resource_status",
        Access::Requires(Permission::ForecastRun),
    ),
    (
        "project_cash",
        Access::Requires(Permission::WorkingCapitalView),
    ),
    (
        "cash_scenarios",
        Access::Requires(Permission::WorkingCapitalView),
    ),
    (
        "save_cash_projection",
        Access::Requires(Permission::ScenarioEdit),
    ),
    (
        "saved_cash_projections",
        Access::Requires(Permission::WorkingCapitalView),
    ),
    (
        "reproduce_cash_projection",
        Access::Requires(Permission::WorkingCapitalView),
    ),
    (
        "delete_cash_projection",
        Access::Requires(Permission::ScenarioEdit),
    ),
    (
        "cash_sensitivity",
        Access::Requires(Permission::WorkingCapitalView),
    ),
    (
        "cash_by_product",
        Access::Requires(Permission::WorkingCapitalView),
    ),
    // Every user keeps their own installation up to date.
    (
        "check_for_update",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "install_update",
        Access::Requires(Permission::DashboardView),
    ),
    ("restart_app", Access::Requires(Permission::DashboardView)),
    ("export_chart_png", Access::Requires(Permission::DataExport)),
    ("export_table", Access::Requires(Permission::DataExport)),
    ("list_users", Access::Requires(Permission::AdminView)),
    ("create_user", Access::Requires(Permission::UsersManage)),
    ("set_user_active", Access::Requires(Permission::UsersManage)),
    (
        "reset_user_lockout",
        Access::Requires(Permission::UsersManage),
    ),
    ("set_user_role", Access::Requires(Permission::UsersManage)),
    ("anonymize_user", Access::Requires(Permission::UsersManage)),
    (
        "reset_user_password",
        Access::Requires(Permission::UsersManage),
    ),
    (
        "export_personal_data",
        Access::Requires(Permission::UsersManage),
    ),
    ("list_audit_log", Access::Requires(Permission::AuditView)),
    ("list_markets", Access::Requires(Permission::DashboardView)),
    ("create_market", Access::Requires(Permission::CatalogManage)),
    ("update_market", Access::Requires(Permission::CatalogManage)),
    ("list_products", Access::Requires(Permission::DashboardView)),
    (
        "create_product",
        Access::Requires(Permission::CatalogManage),
    ),
    (
        "update_product",
        Access::Requires(Permission::CatalogManage),
    ),
    ("list_channels", Access::Requires(Permission::DashboardView)),
    (
        "create_channel",
        Access::Requires(Permission::CatalogManage),
    ),
    (
        "update_channel",
        Access::Requires(Permission::CatalogManage),
    ),
    (
        "delete_catalog_row",
        Access::Requires(Permission::CatalogManage),
    ),
    (
        "set_channel_credentials",
        Access::Requires(Permission::CatalogManage),
    ),
    ("list_fx_rates", Access::Requires(Permission::DashboardView)),
    (
        "create_fx_rate",
        Access::Requires(Permission::CatalogManage),
    ),
    (
        "update_fx_rate",
        Access::Requires(Permission::CatalogManage),
    ),
    (
        "import_fx_rates_csv",
        Access::Requires(Permission::CatalogManage),
    ),
    ("list_settings", Access::Requires(Permission::DashboardView)),
    (
        "setting_history",
        Access::Requires(Permission::SettingsManage),
    ),
    (
        "change_setting",
        Access::Requires(Permission::SettingsManage),
    ),
    (
        "revert_setting",
        Access::Requires(Permission::SettingsManage),
    ),
    (
        "set_my_preference",
        Access::Requires(Permission::DashboardView),
    ),
    ("import_sales", Access::Requires(Permission::DataImport)),
    (
        "preview_import_file",
        Access::Requires(Permission::DataImport),
    ),
    ("cancel_import", Access::Requires(Permission::DataImport)),
    (
        "list_import_batches",
        Access::Requires(Permission::DataImport),
    ),
    (
        "import_batch_errors",
        Access::Requires(Permission::DataImport),
    ),
    ("rollback_import", Access::Requires(Permission::DataImport)),
    (
        "save_import_template",
        Access::Requires(Permission::DataImport),
    ),
    (
        "export_import_errors",
        Access::Requires(Permission::DataExport),
    ),
    ("run_forecast", Access::Requires(Permission::ForecastRun)),
    (
        "cancel_forecast_run",
        Access::Requires(Permission::ForecastRun),
    ),
    (
        "list_forecast_runs",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "forecast_run_series",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "forecast_series",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "override_forecast",
        Access::Requires(Permission::ForecastRun),
    ),
    (
        "add_forecast_comment",
        Access::Requires(Permission::ForecastRun),
    ),
    (
        "submit_forecasts",
        Access::Requires(Permission::ForecastRun),
    ),
    (
        "approve_forecasts",
        Access::Requires(Permission::ForecastApprove),
    ),
    (
        "reject_forecasts",
        Access::Requires(Permission::ForecastApprove),
    ),
    (
        "forecast_aggregate",
        Access::Requires(Permission::DashboardView),
    ),
    (
        "override_forecast_aggregate",
        Access::Requires(Permission::ForecastRun),
    ),
    (
        "forecast_value_added",
        Access::Requires(Permission::DashboardView),
    ),
];

/// Where the checked-in bindings live.
pub fn bindings_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts")
}

const HEADER: &str = "// Generated by tauri-specta from src-tauri/src/ipc.rs. Do not edit.\n\
// Regenerate: UPDATE_BINDINGS=1 cargo test -p sentia-app --test bindings\n\
// @ts-nocheck\n";

/// Writes the TypeScript bindings to `path`.
pub fn export_bindings(path: &Path) -> Result<(), String> {
    specta_builder::<tauri::Wry>()
        .export(Typescript::default().header(HEADER), path)
        .map_err(|e| e.to_string())
}
