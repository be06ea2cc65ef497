//! Validated values: each type holds only what its database column accepts.
//!
//! The database CHECK constraint (and the column's type) is the last word: these types
//! state the same rule earlier, in Rust, so that a bad value is refused with a message
//! about the one field it concerns instead of as a constraint violation after a round trip.
//! Where a rule here and a migration disagree, the migration wins and this module is
//! wrong. Core parses raw IPC inputs into these types at the start of a use case and maps
//! a [`FieldError`] to `AppError::Validation { field, message }`; the field's name is
//! core's to give, the message is this module's.
//!
//! Each type has `parse` (the only constructor), a getter (`as_str()` or `get()`),
//! `Display`, `Serialize` as its plain value, and `Deserialize` through the same rule
//! (`#[serde(try_from = …)]`), so a JSON value that breaks the rule fails to deserialise.
//! With the `specta` feature each is a plain `string` in TypeScript (decimals too: they
//! travel as strings).
//!
//! ```
//! use sentia_domain::{DisplayName, Username};
//! assert_eq!(Username::parse("j.doe").unwrap().as_str(), "j.doe");
//! let err = Username::parse("jd").unwrap_err();
//! assert_eq!(err.message(), "3 to 64 letters, digits, dots, dashes or underscores");
//! assert_eq!(DisplayName::parse("   ").unwrap(), None);
//! ```

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A value broke its field's rule. The message says what the field allows, in words for
/// the person typing it (e.g. "3 to 64 letters, digits, dots, dashes or underscores").
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    message: &'static str,
}

impl FieldError {
    const fn new(message: &'static str) -> Self {
        FieldError { message }
    }

    /// What the field allows.
    pub fn message(&self) -> &'static str {
        self.message
    }
}

/// Characters, as PostgreSQL counts them for `varchar(n)`.
fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// `as_str()`, `Display`, `AsRef<str>`, `FromStr`, `TryFrom<String>`, `TryFrom<&str>` and
/// `From<Self> for String` for a string newtype; the conversions call `$parse`, a
/// `fn(&str) -> Result<Self, FieldError>` (the type's `parse` unless said otherwise).
macro_rules! string_newtype_impls {
    ($name:ident) => {
        string_newtype_impls!($name, parse);
    };
    ($name:ident, $parse:ident) => {
        impl $name {
            /// The value.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The value, as an owned string.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = FieldError;
            fn from_str(s: &str) -> Result<Self, FieldError> {
                $name::$parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = FieldError;
            fn try_from(s: &str) -> Result<Self, FieldError> {
                $name::$parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = FieldError;
            fn try_from(s: String) -> Result<Self, FieldError> {
                $name::$parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
    };
}

/// `get()`, `Display`, `TryFrom<Decimal>` and `From<Self> for Decimal` for a decimal
/// newtype with `fn parse(Decimal) -> Result<Self, _>`.
macro_rules! decimal_newtype_impls {
    ($name:ident) => {
        impl $name {
            /// The value.
            pub fn get(self) -> Decimal {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl TryFrom<Decimal> for $name {
            type Error = FieldError;
            fn try_from(value: Decimal) -> Result<Self, FieldError> {
                $name::parse(value)
            }
        }

        impl From<$name> for Decimal {
            fn from(value: $name) -> Decimal {
                value.0
            }
        }
    };
}

/// A user's sign-in name: `users_username_format_check`, `^[A-Za-z0-9._-]{3,64}$`
/// (ASCII only; case is kept, and uniqueness ignores it, which is the database's to check).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
#[serde(try_from = "String")]
pub struct Username(String);

impl Username {
    const RULE: FieldError =
        FieldError::new("3 to 64 letters, digits, dots, dashes or underscores");

    /// Accepts 3 to 64 ASCII letters, digits, `.`, `-` or `_`; nothing else, no spaces.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        // All allowed characters are ASCII, so bytes are characters here.
        if (3..=64).contains(&input.len()) && input.chars().all(allowed) {
            Ok(Username(input.to_owned()))
        } else {
            Err(Self::RULE)
        }
    }
}

string_newtype_impls!(Username);

/// An e-mail address: `users_email_format_check`, `^[^@\s]+@[^@\s]+$`, in the column's
/// `varchar(120)`. Only the shape is checked; whether it reaches anyone is not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
#[serde(try_from = "String")]
pub struct Email(String);

impl Email {
    const MAX_CHARS: usize = 120;
    const RULE: FieldError = FieldError::new("not an e-mail address");
    const TOO_LONG: FieldError = FieldError::new("an e-mail address of at most 120 characters");

    /// Accepts one `@` with something on both sides and no whitespace anywhere, at most
    /// 120 characters. Whitespace is Unicode's: a little stricter than PostgreSQL's `\s`,
    /// which depends on the database's locale (a no-break space is refused here).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let part_ok = |part: &str| !part.is_empty() && !part.chars().any(char::is_whitespace);
        match input.split_once('@') {
            Some((local, domain)) if part_ok(local) && part_ok(domain) && !domain.contains('@') => {
                if char_count(input) > Self::MAX_CHARS {
                    Err(Self::TOO_LONG)
                } else {
                    Ok(Email(input.to_owned()))
                }
            }
            _ => Err(Self::RULE),
        }
    }
}

string_newtype_impls!(Email);

/// A language tag for formatting: `users_language_format_check`,
/// `^[a-z]{2,3}(-[A-Z]{2})?$` (`en`, `en-GB`, `gsw-CH`). Case matters: `en-gb` is refused,
/// as the database refuses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
#[serde(try_from = "String")]
pub struct LanguageTag(String);

impl LanguageTag {
    const RULE: FieldError = FieldError::new("not a language tag such as en-GB");

    /// Accepts 2 or 3 lower-case ASCII letters, optionally `-` and 2 upper-case ones.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let (language, region) = match input.split_once('-') {
            Some((language, region)) => (language, Some(region)),
            None => (input, None),
        };
        let language_ok =
            (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
        let region_ok =
            region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()));
        if language_ok && region_ok {
            Ok(LanguageTag(input.to_owned()))
        } else {
            Err(Self::RULE)
        }
    }
}

string_newtype_impls!(LanguageTag);

/// The name shown for a user. Optional in the database (`display_name varchar(100)`, no
/// CHECK): surrounding whitespace is trimmed, and a name that is only whitespace is no
/// name. A `DisplayName` is never empty and never starts or ends with whitespace.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
#[serde(try_from = "String")]
pub struct DisplayName(String);

impl DisplayName {
    const MAX_CHARS: usize = 100;
    const TOO_LONG: FieldError = FieldError::new("at most 100 characters");
    const BLANK: FieldError = FieldError::new("1 to 100 characters, not only spaces");

    /// Trims `input`; `None` when nothing is left, an error beyond 100 characters.
    pub fn parse(input: &str) -> Result<Option<Self>, FieldError> {
        let name = input.trim();
        if name.is_empty() {
            Ok(None)
        } else if char_count(name) > Self::MAX_CHARS {
            Err(Self::TOO_LONG)
        } else {
            Ok(Some(DisplayName(name.to_owned())))
        }
    }

    /// [`DisplayName::parse`] for an optional input, as IPC gives it: absent, empty and
    /// blank are all no name.
    pub fn parse_optional(input: Option<&str>) -> Result<Option<Self>, FieldError> {
        input.map_or(Ok(None), Self::parse)
    }

    /// A name that must be there: as [`DisplayName::parse`], with blank refused.
    fn parse_required(input: &str) -> Result<Self, FieldError> {
        Self::parse(input)?.ok_or(Self::BLANK)
    }
}

// `Option<DisplayName>` is how a name travels: `null` is no name. A string that is there
// but blank is refused by the conversions (and so by serde), which must give a name.
string_newtype_impls!(DisplayName, parse_required);

/// A product's stock-keeping unit: `products_sku_format_check`, `^[A-Z0-9_-]{3,50}$`
/// (`varchar(50)`). Upper case only: `gaba-red-uk` is refused, as the database refuses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = String))]
#[serde(try_from = "String")]
pub struct Sku(String);

impl Sku {
    const RULE: FieldError =
        FieldError::new("3 to 50 capital letters, digits, dashes or underscores");

    /// Accepts 3 to 50 of `A`–`Z`, `0`–`9`, `-` and `_`.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let allowed =
            |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-');
        // Checked byte by byte: any non-ASCII byte is refused, so length in bytes is
        // length in characters.
        if (3..=50).contains(&input.len()) && input.bytes().all(allowed) {
            Ok(Sku(input.to_owned()))
        } else {
            Err(Self::RULE)
        }
    }
}

string_newtype_impls!(Sku);

/// Whether `value` fits a `numeric(_, scale)` column without PostgreSQL rounding it.
fn fits_scale(value: Decimal, scale: u32) -> bool {
    value.normalize().scale() <= scale
}

/// A rate from 0 to 1 (0.2 is 20 %): tax (`markets.tax_rate`), commission, conversion and
/// return rates (`sales_channels`), each `numeric(5,4)` with `CHECK (… >= 0 AND … <= 1)`.
/// More than 4 decimals is refused rather than rounded, which the column would do silently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = Decimal))]
#[serde(try_from = "Decimal")]
pub struct Rate(Decimal);

impl Rate {
    const RULE: FieldError = FieldError::new("a rate from 0 to 1 with at most 4 decimals");

    /// Accepts 0 to 1 inclusive with at most 4 decimal places (trailing zeros aside).
    pub fn parse(value: Decimal) -> Result<Self, FieldError> {
        if value >= Decimal::ZERO && value <= Decimal::ONE && fits_scale(value, 4) {
            // normalize: no "-0", no trailing zeros on the wire.
            Ok(Rate(value.normalize()))
        } else {
            Err(Self::RULE)
        }
    }
}

decimal_newtype_impls!(Rate);

/// A product's unit cost or selling price in its market's currency: `numeric(10,2)` with
/// `products_unit_cost_check` / `products_selling_price_check`, 0.01 to 10,000. That the
/// cost is below the price (`products_cost_below_price_check`) concerns both fields and
/// is left to the use case and the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = Decimal))]
#[serde(try_from = "Decimal")]
pub struct UnitPrice(Decimal);

impl UnitPrice {
    const RULE: FieldError = FieldError::new("0.01 to 10,000 with at most 2 decimals");

    /// Accepts 0.01 to 10,000 inclusive with at most 2 decimal places.
    pub fn parse(value: Decimal) -> Result<Self, FieldError> {
        let min = Decimal::new(1, 2);
        let max = Decimal::from(10_000);
        if value >= min && value <= max && fits_scale(value, 2) {
            Ok(UnitPrice(value.normalize()))
        } else {
            Err(Self::RULE)
        }
    }
}

decimal_newtype_impls!(UnitPrice);

/// An amount that may be zero but not negative, in a `numeric(10,2)` column with a
/// `>= 0` CHECK: a channel's fixed fee per order and fulfilment fee per unit
/// (`sales_channels_fees_check`), a resource's cost per hour (`resources_cost_check`).
/// The upper bound is the column's: 8 digits before the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type), specta(type = Decimal))]
#[serde(try_from = "Decimal")]
pub struct NonNegativeAmount(Decimal);

impl NonNegativeAmount {
    const RULE: FieldError = FieldError::new("0 to 99,999,999.99 with at most 2 decimals");

    /// Accepts 0 to 99,999,999.99 with at most 2 decimal places.
    pub fn parse(value: Decimal) -> Result<Self, FieldError> {
        let limit = Decimal::from(100_000_000);
        if value >= Decimal::ZERO && value < limit && fits_scale(value, 2) {
            Ok(NonNegativeAmount(value.normalize()))
        } else {
            Err(Self::RULE)
        }
    }
}

decimal_newtype_impls!(NonNegativeAmount);

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn username_accepts_the_database_alphabet_from_3_to_64_characters() {
        for ok in ["abc", "J.Doe", "a_b-c.d", "007", "...", &"x".repeat(64)] {
            assert_eq!(Username::parse(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn username_refuses_short_long_spaced_and_non_ascii_names() {
        let long = "x".repeat(65);
        for bad in [
            "",
            "ab",
            &long,
            "j doe",
            " jdoe",
            "jdoe ",
            "jdoe\n",
            "jöe",
            "j@doe",
            "ｊｄｏｅ",
        ] {
            let err = Username::parse(bad).unwrap_err();
            assert_eq!(
                err.message(),
                "3 to 64 letters, digits, dots, dashes or underscores",
                "{bad:?}"
            );
        }
        // Three characters, but six bytes: refused for the characters, not the count.
        assert!(Username::parse("ééé").is_err());
    }

    #[test]
    fn email_needs_one_at_with_text_on_both_sides_and_no_whitespace() {
        for ok in ["a@b", "jane.doe+tag@example.co.uk", "ü@exämple.de"] {
            assert_eq!(Email::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "",
            "jane",
            "@example.com",
            "jane@",
            "a@b@c",
            "jane doe@example.com",
            "jane@example.com ",
            "\tjane@example.com",
            "jane@exa\u{a0}mple.com",
        ] {
            assert_eq!(
                Email::parse(bad).unwrap_err().message(),
                "not an e-mail address",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn email_counts_characters_up_to_the_column_length() {
        let at_limit = format!("{}@example.com", "é".repeat(120 - 12));
        assert_eq!(at_limit.chars().count(), 120);
        assert!(Email::parse(&at_limit).is_ok());
        let over = format!("x{at_limit}");
        assert_eq!(
            Email::parse(&over).unwrap_err().message(),
            "an e-mail address of at most 120 characters"
        );
    }

    #[test]
    fn language_tag_is_a_lower_case_language_with_an_optional_upper_case_region() {
        for ok in ["en", "en-GB", "gsw", "gsw-CH"] {
            assert_eq!(LanguageTag::parse(ok).unwrap().as_str(), ok);
        }
        for bad in [
            "", "e", "engl", "en-gb", "EN-GB", "en_GB", "en-", "-GB", "en-GBR", "en-G", "en-GB-x",
            " en", "zh-Hant", "é-GB",
        ] {
            assert_eq!(
                LanguageTag::parse(bad).unwrap_err().message(),
                "not a language tag such as en-GB",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn display_name_is_trimmed_and_blank_is_no_name() {
        assert_eq!(DisplayName::parse("").unwrap(), None);
        assert_eq!(DisplayName::parse(" \t\u{3000}").unwrap(), None);
        assert_eq!(DisplayName::parse_optional(None).unwrap(), None);
        let name = DisplayName::parse("  Zoë O'Brien ").unwrap().unwrap();
        assert_eq!(name.as_str(), "Zoë O'Brien");
        assert_eq!(
            DisplayName::parse_optional(Some("Ann"))
                .unwrap()
                .unwrap()
                .to_string(),
            "Ann"
        );
    }

    #[test]
    fn display_name_counts_characters_after_trimming() {
        let at_limit = "é".repeat(100);
        assert!(DisplayName::parse(&format!("  {at_limit}  "))
            .unwrap()
            .is_some());
        let err = DisplayName::parse(&"é".repeat(101)).unwrap_err();
        assert_eq!(err.message(), "at most 100 characters");
    }

    #[test]
    fn sku_is_capitals_digits_dashes_and_underscores_from_3_to_50() {
        for ok in ["ABC", "GABA-RED-UK_50CL", "123", &"A".repeat(50)] {
            assert_eq!(Sku::parse(ok).unwrap().as_str(), ok);
        }
        let long = "A".repeat(51);
        for bad in [
            "AB", &long, "gaba-red", "GABA RED", "GABA.RED", "ÄBC", " ABC",
        ] {
            assert_eq!(
                Sku::parse(bad).unwrap_err().message(),
                "3 to 50 capital letters, digits, dashes or underscores",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn rate_is_zero_to_one_with_at_most_four_decimals() {
        for ok in ["0", "1", "0.2", "0.0825", "0.19000", "1.0000", "-0"] {
            let rate = Rate::parse(dec(ok)).unwrap();
            assert_eq!(rate.get(), dec(ok));
        }
        assert_eq!(Rate::parse(dec("0.1900")).unwrap().to_string(), "0.19");
        assert_eq!(Rate::parse(dec("-0")).unwrap().to_string(), "0");
        for bad in ["-0.0001", "1.0001", "2", "0.08255", "0.00001"] {
            assert_eq!(
                Rate::parse(dec(bad)).unwrap_err().message(),
                "a rate from 0 to 1 with at most 4 decimals",
                "{bad}"
            );
        }
    }

    #[test]
    fn unit_price_is_one_penny_to_ten_thousand_in_pennies() {
        for ok in ["0.01", "12.5", "10000", "10000.00", "9999.99"] {
            assert_eq!(UnitPrice::parse(dec(ok)).unwrap().get(), dec(ok));
        }
        for bad in ["0", "0.00", "0.009", "10000.01", "-1", "12.345"] {
            assert_eq!(
                UnitPrice::parse(dec(bad)).unwrap_err().message(),
                "0.01 to 10,000 with at most 2 decimals",
                "{bad}"
            );
        }
    }

    #[test]
    fn non_negative_amount_allows_zero_and_stops_at_the_column_precision() {
        for ok in ["0", "0.30", "99999999.99"] {
            assert_eq!(NonNegativeAmount::parse(dec(ok)).unwrap().get(), dec(ok));
        }
        for bad in ["-0.01", "100000000", "0.305"] {
            assert_eq!(
                NonNegativeAmount::parse(dec(bad)).unwrap_err().message(),
                "0 to 99,999,999.99 with at most 2 decimals",
                "{bad}"
            );
        }
    }

    #[test]
    fn json_round_trips_valid_values_as_plain_strings() {
        let user = Username::parse("j.doe").unwrap();
        assert_eq!(serde_json::to_string(&user).unwrap(), r#""j.doe""#);
        assert_eq!(
            serde_json::from_str::<Username>(r#""j.doe""#).unwrap(),
            user
        );
        let rate = Rate::parse(dec("0.2")).unwrap();
        assert_eq!(serde_json::to_string(&rate).unwrap(), r#""0.2""#);
        assert_eq!(serde_json::from_str::<Rate>(r#""0.2""#).unwrap(), rate);
        let name: Option<DisplayName> = serde_json::from_str(r#"" Ann ""#).unwrap();
        assert_eq!(name.unwrap().as_str(), "Ann");
        assert_eq!(
            serde_json::from_str::<Option<DisplayName>>("null").unwrap(),
            None
        );
    }

    #[test]
    fn json_that_breaks_the_rule_does_not_deserialise() {
        let err = serde_json::from_str::<Username>(r#""a b""#).unwrap_err();
        assert!(err.to_string().contains("3 to 64 letters"), "{err}");
        assert!(serde_json::from_str::<Email>(r#""nobody""#).is_err());
        assert!(serde_json::from_str::<LanguageTag>(r#""en-gb""#).is_err());
        assert!(serde_json::from_str::<Sku>(r#""abc""#).is_err());
        assert!(serde_json::from_str::<DisplayName>(r#""   ""#).is_err());
        assert!(serde_json::from_str::<Rate>(r#""1.5""#).is_err());
        assert!(serde_json::from_str::<UnitPrice>(r#""0""#).is_err());
        assert!(serde_json::from_str::<NonNegativeAmount>(r#""-1""#).is_err());
    }

    #[test]
    fn conversions_go_through_the_same_rule() {
        assert!(Username::try_from("ab").is_err());
        assert!(Username::try_from("abc".to_owned()).is_ok());
        assert_eq!("en-GB".parse::<LanguageTag>().unwrap().to_string(), "en-GB");
        assert!(DisplayName::try_from(" ").is_err());
        assert!(Rate::try_from(dec("1.1")).is_err());
        let sku: String = Sku::parse("ABC").unwrap().into();
        assert_eq!(sku, "ABC");
        let cost: Decimal = UnitPrice::parse(dec("2.50")).unwrap().into();
        assert_eq!(cost, dec("2.5"));
    }
}
