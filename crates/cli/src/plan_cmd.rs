//! `sentia plan inventory`: a planning run as a signed-in Sentia user, through the app's
//! use case; the policy is written on the stock rows and the draft orders appear in the
//! app's Replenishment list.

use anyhow::Result;
use sentia_core::inventory::{self, DemandSource};
use sentia_domain::{ReplenishmentStatus, StockStatus};

/// What to plan.
#[derive(clap::Subcommand, Debug)]
pub enum PlanCommand {
    /// Re-plan every product × location: safety stock, reorder point, status, risk and
    /// the orders due in the order window.
    Inventory(PlanArgs),
}

/// Options of `sentia plan inventory`.
#[derive(clap::Args, Debug)]
pub struct PlanArgs {
    /// PostgreSQL URL.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: String,
    /// The Sentia user who plans (needs forecast.run). The password is read from
    /// SENTIA_PASSWORD, or from the first line of standard input.
    #[arg(long, env = "SENTIA_USER")]
    pub user: String,
    /// Print the run, every item and the draft orders as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(command: PlanCommand) -> Result<()> {
    let PlanCommand::Inventory(args) = command;
    let (app, _scratch) = crate::session::sign_in(&args.database_url, &args.user).await?;
    let summary = inventory::plan_inventory(&app).await?;
    let items = inventory::list_items(&app, None).await?;
    let orders = inventory::list_orders(&app, Some(ReplenishmentStatus::Draft)).await?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "run": summary, "items": items, "orders": orders,
            }))?
        );
        return Ok(());
    }
    let source = |s: DemandSource| match s {
        DemandSource::ApprovedForecast => "approved forecast",
        DemandSource::Forecast => "forecast",
        DemandSource::RecentSales => "recent sales",
        DemandSource::None => "no demand",
    };
    println!(
        "planned {} items in {} ms: {} at risk, {} draft orders (run {})",
        summary.items, summary.elapsed_ms, summary.at_risk, summary.orders, summary.run_id
    );
    let sources: Vec<String> = summary
        .by_source
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} from {}", source(*s)))
        .collect();
    println!("demand: {}", sources.join(", "));
    for w in &summary.warnings {
        println!("warning: {w}");
    }
    let at_risk: Vec<_> = items
        .iter()
        .filter(|i| {
            matches!(
                i.status,
                StockStatus::Out | StockStatus::Critical | StockStatus::Low
            )
        })
        .collect();
    if !at_risk.is_empty() {
        println!(
            "\n{:<18} {:<14} {:>9} {:>9} {:>8} {:>5}  reason",
            "sku", "location", "available", "reorder", "status", "risk"
        );
        for i in at_risk {
            println!(
                "{:<18} {:<14} {:>9} {:>9} {:>8} {:>5}  {}",
                i.sku,
                i.location,
                i.available,
                i.reorder_point,
                i.status.as_str(),
                i.risk_score,
                i.reasons.first().map(|r| r.message.as_str()).unwrap_or("")
            );
        }
    }
    if !orders.is_empty() {
        println!(
            "\n{:<10} {:<18} {:<14} {:>8} {:>12} {:<10} {:<10}",
            "order", "sku", "location", "units", "value", "order by", "arrives"
        );
        for o in &orders {
            println!(
                "{:<10} {:<18} {:<14} {:>8} {:>12} {:<10} {:<10}",
                o.order_number, o.sku, o.location, o.quantity, o.value, o.order_by, o.need_by
            );
        }
    }
    Ok(())
}
