//! `sentia seed-demo`: load the generated demo company into an empty database.

use std::time::Instant;

use anyhow::bail;
use chrono::NaiveDate;
use sentia_demo::{DemoOptions, Seasonality};

use crate::DbArgs;

#[derive(clap::Args, Debug)]
pub struct SeedArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Random seed; the same seed gives the same company.
    #[arg(long, default_value_t = 2019)]
    seed: u64,
    /// Multiply the SKUs (about 5,000 sales rows per unit of scale and year of history).
    #[arg(long, default_value_t = 1)]
    scale: u32,
    /// Years of daily history.
    #[arg(long, default_value_t = 3)]
    years: u32,
    /// Last day of history [default: yesterday].
    #[arg(long)]
    end_date: Option<NaiveDate>,
    /// Yearly demand profile.
    #[arg(long, value_enum, default_value_t = Profile::Mild)]
    seasonality: Profile,
    /// Wipe an existing demo database first (refused on a database not made by seed-demo).
    #[arg(long)]
    replace: bool,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
enum Profile {
    /// Handbook quarterly index (peak/trough about 1.6x).
    Mild,
    /// The brief's 15x swing from the June low to the December peak.
    Peak15x,
}

pub async fn run(args: SeedArgs) -> anyhow::Result<()> {
    let opts = DemoOptions {
        seed: args.seed,
        scale: args.scale.max(1),
        years: args.years.max(1),
        end_date: args
            .end_date
            .unwrap_or_else(|| chrono::Local::now().date_naive() - chrono::Duration::days(1)),
        seasonality: match args.seasonality {
            Profile::Mild => Seasonality::Mild,
            Profile::Peak15x => Seasonality::Peak15x,
        },
    };
    let pool = sentia_db::pool::connect_url(&args.db.database_url).await?;
    let state = sentia_db::migration_state(&pool).await?;
    if !state.pending.is_empty() {
        bail!(
            "{} migration(s) are not applied: run `sentia migrate` first",
            state.pending.len()
        );
    }
    if !sentia_demo_db::is_empty(&pool).await? {
        if !args.replace {
            bail!("the database already holds data; seed-demo only fills an empty database (--replace wipes a demo one)");
        }
        if !sentia_demo_db::is_demo(&pool).await? {
            bail!("refusing --replace: this database was not created by seed-demo");
        }
    }

    let started = Instant::now();
    let catalog = sentia_demo::catalog(&opts);
    let hashes = catalog
        .users
        .iter()
        .map(|u| {
            sentia_core::auth::hash_password(&secrecy::SecretString::from(u.password))
                .map_err(|e| anyhow::anyhow!("hashing a demo password: {e}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;

    let mut tx = pool.begin().await?;
    if args.replace {
        sentia_demo_db::wipe(&mut tx).await?;
    }
    sentia_demo_db::insert_catalog(&mut tx, &catalog, &hashes).await?;

    let company = sentia_demo_db::load_demo(&mut tx, opts, |rows| {
        if rows % 1_000_000 == 0 {
            eprintln!("  {rows} sales rows…");
        }
    })
    .await?;
    tx.commit().await?;
    sentia_demo_db::analyze(&pool).await?;

    eprintln!(
        "seeded {} products, {} channels, {} users, {} sales rows, {} jobs, {} stock snapshots, \
         {} working-capital rows in {:.1} s",
        company.catalog.products.len(),
        company.catalog.channels.len(),
        company.catalog.users.len(),
        company.sales_rows,
        company.jobs.len(),
        company.inventory.len(),
        company.working_capital.len(),
        started.elapsed().as_secs_f64()
    );
    eprintln!("demo users (password {:?}):", sentia_demo::DEMO_PASSWORD);
    for u in &company.catalog.users {
        eprintln!("  {:<16} {}", u.username, u.role);
    }
    Ok(())
}
