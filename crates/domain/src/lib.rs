//! Sentia's shared vocabulary: the enumerated values of the schema as Rust types,
//! money with its currency, and validated values that hold only what their column accepts.
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
mod validated;

pub use enums::*;
pub use money::{round_money, Currency, Money, ParseCurrencyError};
pub use permissions::Permission;
pub use sensitive::Sensitive;
pub use validated::{
    DisplayName, Email, FieldError, LanguageTag, NonNegativeAmount, Rate, Sku, UnitPrice, Username,
};
