//! `sentia plan inventory`: a planning run as a signed-in Sentia user, through the app's
//! use case; the policy is written on the stock rows and the draft orders appear in the
//! app's Replenishment list.

use anyhow::Result;
use sentia_core::inventory::{self, DemandSource};
use sentia_core::working_capital::{self, CashRequest, Granularity};
use sentia_domain::{ReplenishmentStatus, StockStatus};

/// What to plan.
#[derive(clap::Subcommand, Debug)]
pub enum PlanCommand {
    /// Re-plan every product × location: safety stock, reorder point, status, risk and
    /// the orders due in the order window.
    Inventory(PlanArgs),
    /// Project cash and working capital month by month from the forecasts.
    Cash(CashArgs),
}

/// Options of `sentia plan cash`.
#[derive(clap::Args, Debug)]
pub struct CashArgs {
    /// Where and as whom.
    #[command(flatten)]
    pub who: PlanArgs,
    /// Base, Optimistic, Pessimistic, Supply shock, Lost customer, Downturn, or the name of
    /// a saved projection (its scenario and drivers).
    #[arg(long, default_value = "Base")]
    pub scenario: String,
    /// Also save the projection under this name, with the inputs it read (needs
    /// scenario.edit).
    #[arg(long)]
    pub save: Option<String>,
    /// Months to project when monthly.
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Periods: month (24 unless --months says), week (13) or day (30).
    #[arg(long, default_value = "month", value_parser = ["month", "week", "day"])]
    pub by: String,
    /// Demand paths to simulate for the chance of running short (0: none).
    #[arg(long, default_value_t = 0)]
    pub simulations: u32,
}

/// Where and as whom a plan runs.
#[derive(clap::Args, Debug)]
pub struct PlanArgs {
    /// PostgreSQL URL.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: String,
    /// The Sentia user who plans (needs forecast.run). The password is read from
    /// SENTIA_PASSWORD, or from the first line of standard input.
    #[arg(long, env = "SENTIA_USER")]
    pub user: String,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

pub async fn run(command: PlanCommand) -> Result<()> {
    match command {
        PlanCommand::Inventory(args) => inventory(args).await,
        PlanCommand::Cash(args) => cash(args).await,
    }
}

async fn cash(args: CashArgs) -> Result<()> {
    let app = crate::session::sign_in(Some(&args.who.database_url), &args.who.user).await?;
    let request = CashRequest {
        scenario: Some(args.scenario),
        drivers: None,
        fx_change: None,
        months: Some(args.months),
        granularity: Some(match args.by.as_str() {
            "week" => Granularity::Week,
            "day" => Granularity::Day,
            _ => Granularity::Month,
        }),
        simulations: Some(args.simulations),
    };
    if let Some(name) = &args.save {
        let saved = working_capital::save(&app, name, request.clone()).await?;
        eprintln!(
            "saved as {:?} (forecasts as of {}, result SHA-256 {})",
            saved.name, saved.forecasts_as_of, saved.result_digest
        );
    }
    let p = working_capital::project(&app, request).await?;
    if args.who.json {
        println!("{}", serde_json::to_string_pretty(&p)?);
        return Ok(());
    }
    println!(
        "{} scenario, {} from {} cash; credit line {} with a {} floor ({})",
        p.scenario,
        p.currency,
        p.opening_cash,
        p.credit_limit,
        p.minimum_cash,
        p.opening_as_of
            .map(|d| format!("balances as of {d}"))
            .unwrap_or_else(|| "no actual balances".to_owned())
    );
    println!(
        "demand (series × months): {} approved, {} statistical, {} last year, {} none",
        p.demand.approved, p.demand.statistical, p.demand.last_year, p.demand.none
    );
    for w in &p.warnings {
        println!("warning: {w}");
    }
    println!(
        "\n{:<10} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>8} {:>9}",
        args.by, "revenue", "receipts", "payments", "net flow", "cash", "drawn", "CCC", "short %"
    );
    for (t, m) in p.months.iter().enumerate() {
        let risk = p
            .risk
            .as_ref()
            .map(|r| format!("{:.1}", r[t].shortfall * 100.0))
            .unwrap_or_default();
        let when = if args.by == "month" {
            m.month.format("%Y-%m").to_string()
        } else {
            m.month.to_string()
        };
        println!(
            "{:<10} {:>12} {:>12} {:>12} {:>12} {:>12} {:>12} {:>8} {:>9}",
            when,
            m.revenue,
            m.receipts,
            m.payments,
            m.net_flow,
            m.closing_cash,
            m.drawn,
            m.ccc.map(|c| c.to_string()).unwrap_or_default(),
            risk
        );
    }
    if !p.tax.is_empty() {
        println!(
            "\n{:<6} {:<10} {:<23} {:>14} {:>14} {:<10}",
            "market", "tax", "return", "owed", p.currency, "due"
        );
        for t in &p.tax {
            println!(
                "{:<6} {:<10} {:<23} {:>14} {:>14} {:<10}{}",
                t.market,
                t.tax_name,
                format!("{} – {}", t.period_start, t.period_end),
                format!("{} {}", t.amount.round_dp(2), t.currency),
                t.amount_base,
                t.due,
                if t.partial { "  (part projected)" } else { "" }
            );
        }
    }
    Ok(())
}

async fn inventory(args: PlanArgs) -> Result<()> {
    let app = crate::session::sign_in(Some(&args.database_url), &args.user).await?;
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
