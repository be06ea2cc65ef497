//! Sentia's shared vocabulary: the enumerated values of the schema as Rust types,
//! and money with its currency.
//!
//! ```
//! use sentia_domain::{Currency, Role};
//! assert_eq!(Currency::parse("GBP").unwrap().minor_units(), 2);
//! assert_eq!("analyst".parse::<Role>().unwrap(), Role::Analyst);
//! ```
#![warn(missing_docs)]

mod enums;
mod money;
pub mod permissions;
mod sensitive;

pub use enums::*;
pub use money::{round_money, Currency, Money, ParseCurrencyError};
pub use permissions::Permission;
pub use sensitive::Sensitive;
