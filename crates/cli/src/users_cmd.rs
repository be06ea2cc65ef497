//! `sentia users`: the admin screen's user management for IT's scripts, as a signed-in
//! admin through the same use cases (the same permission checks, password rules, audit).

use anyhow::Result;
use rand::distributions::{Alphanumeric, DistString};
use sentia_core::admin::{self, NewUser, UserSummary};
use sentia_core::AppError;
use sentia_domain::{Role, Sensitive};

use crate::session::{sign_in, SignInArgs};

/// What to do.
#[derive(clap::Subcommand, Debug)]
pub enum UsersCommand {
    /// List every user with role, state and last sign-in.
    List(Common),
    /// Create a user with a temporary password, which they replace at the first sign-in.
    /// The password is SENTIA_NEW_PASSWORD, or one generated and printed once.
    Create(CreateArgs),
    /// Stop a user from signing in (their sessions end; nothing of theirs is deleted).
    Deactivate(Target),
    /// Let a deactivated user sign in again.
    Activate(Target),
    /// Lift a lockout after too many failed sign-ins.
    Unlock(Target),
    /// Give a user another role.
    SetRole(RoleArgs),
    /// Set a temporary password (SENTIA_NEW_PASSWORD or generated) that the user must
    /// replace at the next sign-in.
    ResetPassword(Target),
}

#[derive(clap::Args, Debug)]
pub struct Common {
    #[command(flatten)]
    who: SignInArgs,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
pub struct Target {
    /// The user's login name.
    username: String,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args, Debug)]
pub struct RoleArgs {
    /// The user's login name.
    username: String,
    /// admin, manager, analyst or viewer.
    role: Role,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args, Debug)]
pub struct CreateArgs {
    /// Login name (3–64 letters, digits, `.`, `_`, `-`).
    username: String,
    #[arg(long)]
    email: String,
    /// admin, manager, analyst or viewer.
    #[arg(long)]
    role: Role,
    /// Name to show.
    #[arg(long)]
    display_name: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// Generated temporary passwords: 20 letters and digits, about 119 bits.
const GENERATED_LEN: usize = 20;

pub async fn run(command: UsersCommand) -> Result<()> {
    match command {
        UsersCommand::List(c) => {
            let app = sign_in(c.who.database_url.as_deref(), &c.who.user).await?;
            let users = admin::list_users(&app).await?;
            if c.json {
                println!("{}", serde_json::to_string_pretty(&users)?);
                return Ok(());
            }
            println!(
                "{:<20} {:<8} {:<11} {:<20} email",
                "username", "role", "state", "last sign-in"
            );
            for u in &users {
                println!(
                    "{:<20} {:<8} {:<11} {:<20} {}",
                    u.username,
                    u.role,
                    state(u),
                    u.last_login_at
                        .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_else(|| "never".into()),
                    u.email
                );
            }
            Ok(())
        }
        UsersCommand::Create(a) => {
            let c = &a.common;
            let app = sign_in(c.who.database_url.as_deref(), &c.who.user).await?;
            let (password, generated) = temporary_password();
            let user = admin::create_user(
                &app,
                NewUser {
                    username: a.username,
                    email: a.email,
                    display_name: a.display_name,
                    role: a.role,
                    password: Sensitive::from(password.clone()),
                },
            )
            .await?;
            done(c.json, &user, "created", generated.then_some(&password))
        }
        UsersCommand::Deactivate(t) => act(t, Change::Active(false)).await,
        UsersCommand::Activate(t) => act(t, Change::Active(true)).await,
        UsersCommand::Unlock(t) => act(t, Change::Unlock).await,
        UsersCommand::SetRole(r) => {
            let target = Target {
                username: r.username,
                common: r.common,
            };
            act(target, Change::Role(r.role)).await
        }
        UsersCommand::ResetPassword(t) => {
            let (password, generated) = temporary_password();
            let shown = password.clone();
            let c = &t.common;
            let app = sign_in(c.who.database_url.as_deref(), &c.who.user).await?;
            let user = find(&app, &t.username).await?;
            admin::reset_user_password(&app, user.user_id, Sensitive::from(password)).await?;
            let user = find(&app, &t.username).await?;
            done(
                c.json,
                &user,
                "given a temporary password",
                generated.then_some(&shown),
            )
        }
    }
}

/// A change to one user.
enum Change {
    Active(bool),
    Unlock,
    Role(Role),
}

/// Signs in, finds `target.username`, makes the change and prints the user after it.
async fn act(target: Target, change: Change) -> Result<()> {
    let c = &target.common;
    let app = sign_in(c.who.database_url.as_deref(), &c.who.user).await?;
    let user = find(&app, &target.username).await?;
    let what = match change {
        Change::Active(active) => {
            admin::set_user_active(&app, user.user_id, active).await?;
            if active {
                "activated"
            } else {
                "deactivated"
            }
        }
        Change::Unlock => {
            admin::reset_user_lockout(&app, user.user_id).await?;
            "unlocked"
        }
        Change::Role(role) => {
            admin::set_user_role(&app, user.user_id, role, user.overrides.clone()).await?;
            "given a new role"
        }
    };
    let user = find(&app, &target.username).await?;
    done(c.json, &user, what, None)
}

async fn find(app: &sentia_core::App, username: &str) -> Result<UserSummary> {
    admin::list_users(app)
        .await?
        .into_iter()
        .find(|u| u.username.eq_ignore_ascii_case(username))
        .ok_or_else(|| {
            AppError::NotFound {
                entity: format!("user {username}"),
            }
            .into()
        })
}

/// SENTIA_NEW_PASSWORD, or a generated one (then `true`: it must be shown once).
fn temporary_password() -> (String, bool) {
    match std::env::var("SENTIA_NEW_PASSWORD") {
        Ok(p) if !p.is_empty() => (p, false),
        _ => (
            Alphanumeric.sample_string(&mut rand::rngs::OsRng, GENERATED_LEN),
            true,
        ),
    }
}

fn state(u: &UserSummary) -> &'static str {
    if !u.active {
        "inactive"
    } else if u.locked_until.is_some_and(|t| t > chrono::Utc::now()) {
        "locked"
    } else if u.password_reset_required {
        "must reset"
    } else {
        "active"
    }
}

fn done(json: bool, user: &UserSummary, what: &str, password: Option<&String>) -> Result<()> {
    if json {
        let mut value = serde_json::to_value(user)?;
        if let Some(p) = password {
            value["temporaryPassword"] = serde_json::Value::String(p.clone());
        }
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!("{} ({}, {}) {what}", user.username, user.role, state(user));
        if let Some(p) = password {
            println!("temporary password (shown once): {p}");
        }
    }
    Ok(())
}
