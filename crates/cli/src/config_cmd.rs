//! `sentia config`: the connection the installed app uses, for IT's scripts. The settings
//! go to the app's `connection.json` and the password to the OS keychain, through the
//! wizard's own use cases (the same validation, TLS rules and keychain entry per target).

use anyhow::Result;
use secrecy::ExposeSecret;
use sentia_core::connection::{self, default_tls_mode, ConnectionInput, TlsMode, TlsWarning};
use sentia_domain::Sensitive;

/// What to do with the connection.
#[derive(clap::Subcommand, Debug)]
pub enum ConfigCommand {
    /// Show the saved connection and where it is kept (never the password).
    Show(JsonArg),
    /// Save the connection the app and `sentia` use. The password is read from a prompt,
    /// or from the first line of standard input, into the keychain only.
    Set(SetArgs),
    /// Try the saved connection step by step: name, network, TLS, password, schema.
    Test(JsonArg),
}

#[derive(clap::Args, Debug)]
pub struct JsonArg {
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
pub struct SetArgs {
    /// Database server host name or address.
    #[arg(long)]
    host: String,
    #[arg(long, default_value_t = 5432)]
    port: u16,
    /// Database name.
    #[arg(long, default_value = "sentia")]
    database: String,
    /// Database login role.
    #[arg(long = "db-user", default_value = "sentia_app")]
    db_user: String,
    /// disable, prefer, require or verify-full (default: verify-full, or prefer for a
    /// server on this computer).
    #[arg(long)]
    tls: Option<TlsMode>,
    /// Keep the password already in the keychain for this same target.
    #[arg(long)]
    keep_password: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

pub async fn run(command: ConfigCommand) -> Result<()> {
    let app = crate::session::installed_app()?;
    match command {
        ConfigCommand::Show(args) => {
            let settings = connection::get_connection(&app)?;
            let file = app.paths().config.join("connection.json");
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({
                        "file": file, "connection": settings,
                    }))?
                );
                return Ok(());
            }
            match settings {
                None => println!(
                    "no connection saved ({} does not exist): run `sentia config set --host …`",
                    file.display()
                ),
                Some(s) => {
                    println!("{}@{}:{}/{}", s.user, s.host, s.port, s.database);
                    println!("tls: {}", s.tls_mode);
                    if let Some(w) = s.tls_warning {
                        println!("warning: {}", warning(w));
                    }
                    println!(
                        "password: {}",
                        if s.has_password {
                            "in the keychain"
                        } else {
                            "none stored"
                        }
                    );
                    println!("file: {}", file.display());
                }
            }
            Ok(())
        }
        ConfigCommand::Set(args) => {
            let password = if args.keep_password {
                None
            } else {
                let typed = crate::session::read_secret(&format!(
                    "password of {} on {}: ",
                    args.db_user, args.host
                ))?;
                Some(Sensitive::from(typed.expose_secret().to_owned()))
            };
            let input = ConnectionInput {
                tls_mode: args.tls.unwrap_or_else(|| default_tls_mode(&args.host)),
                host: args.host,
                port: args.port,
                database: args.database,
                user: args.db_user,
                password,
            };
            let saved = connection::save_connection(&app, input).await?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&saved)?);
            } else {
                println!(
                    "saved {}@{}:{}/{} (tls {}); the password is in the keychain",
                    saved.user, saved.host, saved.port, saved.database, saved.tls_mode
                );
                if let Some(w) = saved.tls_warning {
                    println!("warning: {}", warning(w));
                }
            }
            Ok(())
        }
        ConfigCommand::Test(args) => {
            let Some(s) = connection::get_connection(&app)? else {
                anyhow::bail!("no connection saved: run `sentia config set --host …` first");
            };
            let report = connection::test_connection(
                &app,
                ConnectionInput {
                    host: s.host,
                    port: s.port,
                    database: s.database,
                    user: s.user,
                    password: None,
                    tls_mode: s.tls_mode,
                },
            )
            .await?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!("{}", report.message);
                if let Some(advice) = &report.advice {
                    println!("fix: {advice}");
                }
            }
            if report.ok {
                Ok(())
            } else {
                Err(sentia_core::AppError::Offline.into())
            }
        }
    }
}

fn warning(w: TlsWarning) -> &'static str {
    match w {
        TlsWarning::Unencrypted => {
            "tls disable: the password and all data cross the network in clear text"
        }
        TlsWarning::Downgradable => {
            "tls prefer: someone on the network can make the server look as if it had no \
             TLS and read everything"
        }
        TlsWarning::Unverified => {
            "tls require: the server's certificate is not checked, so anyone who can \
             redirect the traffic can pose as the server"
        }
    }
}
