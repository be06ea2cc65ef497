//! The enumerated values of the schema. Each enum's strings are exactly the values
//! its column's CHECK constraint allows, so the database and Rust agree by construction
//! (a test in `sentia-db` compares them).
//!
//! One mechanism for every string-backed enum in this crate: `strum` derives the text of
//! each variant from one attribute (or the enum's `serialize_all` case), and `Display`,
//! `FromStr`, `as_str()` and `ALL` all read it. Serde keeps its own `rename`/`rename_all`,
//! because specta reads serde's attributes to write the TypeScript union; the test
//! `serde_and_strum_agree_on_every_value` pins the two together for every enum.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr, VariantArray, VariantNames};

/// The text was not one of an enum's allowed values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {kind} (allowed: {allowed})")]
pub struct ParseEnumError {
    /// Which enum was being parsed.
    pub kind: &'static str,
    /// The rejected text.
    pub value: String,
    /// The allowed values, comma-separated.
    pub allowed: &'static str,
}

/// An enum whose values are a fixed list of texts (a column's CHECK values, a permission
/// key, a wire name). strum derives the texts; this trait adds the name used in messages.
/// Its bounds make every such enum print, parse and list itself the same way: an enum
/// that forgets one of the derives, or parses into another error type, does not compile.
pub trait StringEnum:
    Copy
    + Eq
    + std::fmt::Display
    + std::str::FromStr<Err = ParseEnumError>
    + Into<&'static str>
    + VariantArray
    + VariantNames
    + 'static
{
    /// What a value is called in messages, e.g. `"role"`.
    const KIND: &'static str;

    /// The error for `value`, a text that is none of the enum's values. strum's
    /// `EnumString` calls it (`parse_err_fn`).
    fn parse_error(value: &str) -> ParseEnumError {
        ParseEnumError {
            kind: Self::KIND,
            value: value.to_owned(),
            allowed: Allowed::<Self>::TEXT,
        }
    }
}

/// Room for an enum's values joined with `", "`; a longer list fails to compile.
const ALLOWED_CAPACITY: usize = 512;

/// The allowed values of `E`, joined once at compile time so that
/// [`ParseEnumError::allowed`] stays a `&'static str` without a second list of the texts.
struct Allowed<E>(std::marker::PhantomData<E>);

impl<E: StringEnum> Allowed<E> {
    const JOINED: ([u8; ALLOWED_CAPACITY], usize) = join(<E as VariantNames>::VARIANTS);
    const TEXT: &'static str = joined_text(&Self::JOINED);
}

const fn join(names: &[&str]) -> ([u8; ALLOWED_CAPACITY], usize) {
    let mut buf = [0u8; ALLOWED_CAPACITY];
    let mut len = 0;
    let mut i = 0;
    while i < names.len() {
        if i > 0 {
            buf[len] = b',';
            buf[len + 1] = b' ';
            len += 2;
        }
        let bytes = names[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            buf[len] = bytes[j];
            len += 1;
            j += 1;
        }
        i += 1;
    }
    (buf, len)
}

const fn joined_text(joined: &'static ([u8; ALLOWED_CAPACITY], usize)) -> &'static str {
    match std::str::from_utf8(joined.0.split_at(joined.1).0) {
        Ok(text) => text,
        // Whole UTF-8 strings joined with ASCII stay UTF-8.
        Err(_) => panic!("joined enum values are not UTF-8"),
    }
}

/// Gives each listed enum `ALL` and `as_str()` (inherent, so callers need no trait in
/// scope) and its [`StringEnum`] name. The texts themselves live in the strum attributes.
macro_rules! string_enum_impls {
    ($($name:ident: $kind:literal),+ $(,)?) => {$(
        impl $name {
            /// Every value, in declaration order (the order the schema lists them).
            pub const ALL: &'static [$name] = <$name as strum::VariantArray>::VARIANTS;

            /// The value's text, as stored in the database and sent on the wire.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }

        impl $crate::enums::StringEnum for $name {
            const KIND: &'static str = $kind;
        }
    )+};
}
pub(crate) use string_enum_impls;

string_enum_impls! {
    Role: "role",
    ChannelType: "channel type",
    FulfillmentMethod: "fulfilment method",
    ProductCategory: "product category",
    ModelType: "model type",
    ForecastStatus: "forecast status",
    StockStatus: "stock status",
    ReplenishmentStatus: "replenishment status",
    Scenario: "scenario",
    JobStatus: "job status",
    ResourceStatus: "resource status",
    ScheduleStatus: "schedule status",
    SettingType: "setting data type",
    SettingEnvironment: "setting environment",
    SettingScope: "setting scope",
    LocationType: "location type",
    SyncStatus: "sync status",
    TlsMode: "TLS mode",
}

/// A user's role; permissions follow from it (with per-user overrides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Role {
    /// Everything, including users and settings.
    Admin,
    /// Dashboards, forecasts, approvals, working capital.
    Manager,
    /// Runs forecasts and plans, imports data; no approvals.
    Analyst,
    /// Read-only.
    Viewer,
}

/// The kind of e-commerce platform a channel is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
pub enum ChannelType {
    /// Amazon marketplace.
    Amazon,
    /// Shopify web shop.
    Shopify,
}

/// Who ships a channel's orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
pub enum FulfillmentMethod {
    /// Fulfilled by Amazon.
    #[serde(rename = "FBA")]
    #[strum(serialize = "FBA")]
    Fba,
    /// Fulfilled by the merchant through Amazon.
    #[serde(rename = "FBM")]
    #[strum(serialize = "FBM")]
    Fbm,
    /// Own warehouse or 3PL.
    Own,
}

/// Product line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
pub enum ProductCategory {
    /// Entry tier.
    #[serde(rename = "GABA Red")]
    #[strum(serialize = "GABA Red")]
    GabaRed,
    /// Mid tier.
    #[serde(rename = "GABA Black")]
    #[strum(serialize = "GABA Black")]
    GabaBlack,
    /// Premium tier.
    #[serde(rename = "GABA Gold")]
    #[strum(serialize = "GABA Gold")]
    GabaGold,
}

/// The method family that produced a forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
pub enum ModelType {
    /// Seasonal ARIMA.
    #[serde(rename = "ARIMA")]
    #[strum(serialize = "ARIMA")]
    Arima,
    /// Exponential smoothing (ETS state space).
    #[serde(rename = "ETS")]
    #[strum(serialize = "ETS")]
    Ets,
    /// Theta method.
    Theta,
    /// Intermittent-demand methods (Croston, SBA, TSB).
    Croston,
    /// Piecewise-linear trend with Fourier seasonality and regressors.
    Prophet,
    /// A model trained across many series.
    #[serde(rename = "ML")]
    #[strum(serialize = "ML")]
    Ml,
    /// A combination of several models.
    Ensemble,
    /// Naive and seasonal-naive baselines.
    Naive,
    /// Entered by a planner.
    Manual,
}

/// Approval workflow of a forecast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ForecastStatus {
    /// Being worked on.
    Draft,
    /// Waiting for approval.
    Submitted,
    /// Approved by a manager.
    Approved,
    /// Sent back by a manager.
    Rejected,
}

impl ForecastStatus {
    /// The workflow's moves: a draft is submitted, a submitted forecast is approved or
    /// rejected, a rejected one may be submitted again; an approved forecast is final (a
    /// new run or an override supersedes it with a new draft).
    pub fn can_become(self, to: ForecastStatus) -> bool {
        use ForecastStatus as S;
        matches!(
            (self, to),
            (S::Draft, S::Submitted)
                | (S::Submitted, S::Approved)
                | (S::Submitted, S::Rejected)
                | (S::Rejected, S::Submitted)
        )
    }

    /// Why `self` cannot become `to`, in words; `None` when it can.
    pub fn refusal(self, to: ForecastStatus) -> Option<String> {
        use ForecastStatus as S;
        if self.can_become(to) {
            return None;
        }
        Some(match (self, to) {
            (S::Draft, S::Approved | S::Rejected) => {
                format!("a draft forecast must be submitted before it is {to}")
            }
            (S::Approved, _) => {
                "an approved forecast is final; run or override it again to make a new draft"
                    .to_owned()
            }
            (from, to) if from == to => format!("the forecast is already {to}"),
            (from, to) => format!("a {from} forecast cannot become {to}"),
        })
    }
}

/// Stock health of an item at a location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum StockStatus {
    /// Nothing on hand.
    Out,
    /// On hand below safety stock, or projected to run out before an order placed today
    /// could arrive.
    Critical,
    /// Inventory position (on hand + inbound) at or below the reorder point: order now.
    Low,
    /// Between the reorder point and the excess line.
    Healthy,
    /// More days of supply than the excess line.
    Excess,
    /// Stock on hand but no demand, expected or recent, over the no-demand horizon.
    Obsolete,
}

/// Approval workflow of a replenishment order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ReplenishmentStatus {
    /// Recommended by a planning run, or being edited.
    Draft,
    /// Waiting for an approver within whose limit its value falls.
    Submitted,
    /// Approved within the approver's limit; its production job is booked.
    Approved,
    /// Sent back with a reason; may be submitted again.
    Rejected,
    /// Its production job has started.
    Implemented,
}

impl ReplenishmentStatus {
    /// The workflow's moves: draft → submitted → approved or rejected; a rejected order
    /// may be submitted again; an approved one is implemented when its job starts.
    pub fn can_become(self, to: ReplenishmentStatus) -> bool {
        use ReplenishmentStatus as S;
        matches!(
            (self, to),
            (S::Draft, S::Submitted)
                | (S::Rejected, S::Submitted)
                | (S::Submitted, S::Approved)
                | (S::Submitted, S::Rejected)
                | (S::Approved, S::Implemented)
        )
    }

    /// Why `self` cannot become `to`, in words; `None` when it can.
    pub fn refusal(self, to: ReplenishmentStatus) -> Option<String> {
        use ReplenishmentStatus as S;
        if self.can_become(to) {
            return None;
        }
        Some(match (self, to) {
            (from, to) if from == to => format!("the order is already {to}"),
            (S::Draft, S::Approved | S::Rejected) => {
                format!("a draft order must be submitted before it is {to}")
            }
            (_, S::Implemented) => "only an approved order can be implemented".to_owned(),
            (S::Implemented, _) => "an implemented order is final".to_owned(),
            (from, to) => format!("a {from} order cannot become {to}"),
        })
    }
}

/// Working-capital projection scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Scenario {
    /// Demand up, margins up, faster collections.
    Optimistic,
    /// The plan.
    Base,
    /// Demand down, slower collections.
    Pessimistic,
}

/// Production job state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum JobStatus {
    /// Planned, not started.
    Pending,
    /// In production.
    Active,
    /// Finished.
    Completed,
    /// Abandoned.
    Cancelled,
}

impl JobStatus {
    /// Production moves forward only: pending → active → completed, and a pending or
    /// active job may be cancelled.
    pub fn can_become(self, to: JobStatus) -> bool {
        use JobStatus as S;
        matches!(
            (self, to),
            (S::Pending, S::Active)
                | (S::Active, S::Completed)
                | (S::Pending | S::Active, S::Cancelled)
        )
    }

    /// Why `self` cannot become `to`, in words; `None` when it can.
    pub fn refusal(self, to: JobStatus) -> Option<String> {
        use JobStatus as S;
        if self.can_become(to) {
            return None;
        }
        Some(match (self, to) {
            (from, to) if from == to => format!("the job is already {to}"),
            (S::Pending, S::Completed) => "a job must be started before it is completed".to_owned(),
            (S::Completed | S::Cancelled, _) => format!("a {self} job is final"),
            (from, to) => format!("a {from} job cannot become {to}"),
        })
    }
}

/// Manufacturing resource availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ResourceStatus {
    /// Can be scheduled.
    Available,
    /// Planned downtime.
    Maintenance,
    /// Unavailable.
    Offline,
}

/// Production schedule state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ScheduleStatus {
    /// Being drafted.
    Draft,
    /// In force.
    Active,
    /// Finished.
    Completed,
    /// Abandoned.
    Cancelled,
}

/// Type of a system setting's value; says which `value_*` column holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum SettingType {
    /// `value_text`.
    Text,
    /// `value_integer`.
    Integer,
    /// `value_decimal`.
    Decimal,
    /// `value_boolean`.
    Boolean,
    /// `value_json`.
    Json,
    /// `value_date`.
    Date,
    /// `value_timestamp`.
    Timestamp,
}

/// Which deployment a setting applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum SettingEnvironment {
    /// Every environment.
    All,
    /// Development.
    Dev,
    /// Test.
    Test,
    /// Production.
    Prod,
}

/// What a setting applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum SettingScope {
    /// The whole company.
    Global,
    /// One user (scope_id = users.id).
    User,
    /// One product (scope_id = products.id).
    Product,
}

/// Kind of stock location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum LocationType {
    /// Own warehouse.
    Warehouse,
    /// Amazon fulfilment centre.
    Fba,
    /// Third-party logistics provider.
    #[serde(rename = "3pl")]
    #[strum(serialize = "3pl")]
    ThirdParty,
}

/// Sync state of a channel's platform integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum SyncStatus {
    /// Never synchronised.
    Never,
    /// A sync is running.
    Syncing,
    /// Last sync succeeded.
    Ok,
    /// Last sync failed (see last_sync_error).
    Error,
    /// Integration switched off.
    Disabled,
}

/// TLS requirement of the database connection, named as PostgreSQL's `sslmode` names it.
/// The default is `verify-full`: every weaker mode lets someone on the network read or
/// capture the password.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum TlsMode {
    /// Plain TCP (only sensible on loopback, e.g. the demo database).
    Disable,
    /// TLS when the server offers it.
    Prefer,
    /// TLS required, certificate not verified.
    Require,
    /// TLS required; the certificate must match the host.
    #[default]
    VerifyFull,
}

impl TlsMode {
    /// Whether the server's identity is checked: only then can nobody on the network pose
    /// as the server (or strip TLS) and capture the password.
    pub fn verifies_server(self) -> bool {
        self == TlsMode::VerifyFull
    }
}

#[cfg(test)]
pub(crate) mod tests {

    #[test]
    fn the_forecast_workflow_allows_only_its_moves() {
        use ForecastStatus as S;
        let allowed: Vec<(S, S)> = S::ALL
            .iter()
            .flat_map(|a| S::ALL.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| a.can_become(*b))
            .collect();
        assert_eq!(
            allowed,
            [
                (S::Draft, S::Submitted),
                (S::Submitted, S::Approved),
                (S::Submitted, S::Rejected),
                (S::Rejected, S::Submitted)
            ]
        );
        assert_eq!(
            S::Draft.refusal(S::Approved).unwrap(),
            "a draft forecast must be submitted before it is approved"
        );
        assert!(S::Approved.refusal(S::Rejected).unwrap().contains("final"));
        assert_eq!(S::Submitted.refusal(S::Approved), None);
    }

    #[test]
    fn replenishment_orders_and_jobs_allow_only_their_moves() {
        fn moves<E: StringEnum + std::fmt::Debug>(can: impl Fn(E, E) -> bool) -> Vec<(E, E)> {
            let all = <E as VariantArray>::VARIANTS;
            all.iter()
                .flat_map(|a| all.iter().map(move |b| (*a, *b)))
                .filter(|(a, b)| can(*a, *b))
                .collect()
        }
        use JobStatus as J;
        use ReplenishmentStatus as R;
        assert_eq!(
            moves(R::can_become),
            [
                (R::Draft, R::Submitted),
                (R::Submitted, R::Approved),
                (R::Submitted, R::Rejected),
                (R::Approved, R::Implemented),
                (R::Rejected, R::Submitted),
            ]
        );
        assert_eq!(
            R::Draft.refusal(R::Approved).unwrap(),
            "a draft order must be submitted before it is approved"
        );
        assert!(R::Implemented.refusal(R::Draft).unwrap().contains("final"));
        assert_eq!(
            moves(J::can_become),
            [
                (J::Pending, J::Active),
                (J::Pending, J::Cancelled),
                (J::Active, J::Completed),
                (J::Active, J::Cancelled),
            ]
        );
        assert_eq!(
            J::Pending.refusal(J::Completed).unwrap(),
            "a job must be started before it is completed"
        );
        assert_eq!(
            J::Completed.refusal(J::Active).unwrap(),
            "a completed job is final"
        );
    }

    use super::*;
    use crate::{Currency, Permission};

    /// Every value's serde string is its strum text, both ways; the texts are unique, and
    /// `VariantNames` lists them in the order of `VariantArray`.
    pub(crate) fn assert_serde_agrees<E>()
    where
        E: StringEnum + std::fmt::Debug + Serialize + serde::de::DeserializeOwned,
    {
        let mut texts = vec![];
        for value in <E as VariantArray>::VARIANTS {
            let text: &'static str = (*value).into();
            assert!(!texts.contains(&text), "{} {text:?} twice", E::KIND);
            texts.push(text);
            assert_eq!(
                serde_json::to_value(value).unwrap(),
                serde_json::Value::String(text.to_owned()),
                "{} {value:?}",
                E::KIND
            );
            let back: E = serde_json::from_value(serde_json::Value::String(text.into())).unwrap();
            assert_eq!(back, *value);
            assert_eq!(text.parse::<E>().unwrap(), *value);
            assert_eq!(value.to_string(), text);
        }
        assert_eq!(texts, <E as VariantNames>::VARIANTS, "{}", E::KIND);
    }

    fn texts<E: StringEnum>() -> String {
        <E as VariantNames>::VARIANTS.join(",")
    }

    #[test]
    fn serde_and_strum_agree_on_every_value() {
        assert_serde_agrees::<Role>();
        assert_serde_agrees::<ChannelType>();
        assert_serde_agrees::<FulfillmentMethod>();
        assert_serde_agrees::<ProductCategory>();
        assert_serde_agrees::<ModelType>();
        assert_serde_agrees::<ForecastStatus>();
        assert_serde_agrees::<StockStatus>();
        assert_serde_agrees::<ReplenishmentStatus>();
        assert_serde_agrees::<Scenario>();
        assert_serde_agrees::<JobStatus>();
        assert_serde_agrees::<ResourceStatus>();
        assert_serde_agrees::<ScheduleStatus>();
        assert_serde_agrees::<SettingType>();
        assert_serde_agrees::<SettingEnvironment>();
        assert_serde_agrees::<SettingScope>();
        assert_serde_agrees::<LocationType>();
        assert_serde_agrees::<SyncStatus>();
        assert_serde_agrees::<TlsMode>();
        assert_serde_agrees::<Permission>();
        assert_serde_agrees::<Currency>();
    }

    #[test]
    fn texts_are_the_schema_values() {
        // The CHECK lists of the migrations, spelled out once more on purpose: a renamed
        // variant or a changed case style must fail here, not in production.
        assert_eq!(texts::<Role>(), "admin,manager,analyst,viewer");
        assert_eq!(texts::<ChannelType>(), "Amazon,Shopify");
        assert_eq!(texts::<FulfillmentMethod>(), "FBA,FBM,Own");
        assert_eq!(texts::<ProductCategory>(), "GABA Red,GABA Black,GABA Gold");
        assert_eq!(
            texts::<ModelType>(),
            "ARIMA,ETS,Theta,Croston,Prophet,ML,Ensemble,Naive,Manual"
        );
        assert_eq!(
            texts::<StockStatus>(),
            "out,critical,low,healthy,excess,obsolete"
        );
        assert_eq!(
            texts::<ReplenishmentStatus>(),
            "draft,submitted,approved,rejected,implemented"
        );
        assert_eq!(texts::<JobStatus>(), "pending,active,completed,cancelled");
        assert_eq!(texts::<LocationType>(), "warehouse,fba,3pl");
        assert_eq!(texts::<SyncStatus>(), "never,syncing,ok,error,disabled");
        assert_eq!(texts::<TlsMode>(), "disable,prefer,require,verify-full");
        assert_eq!(StockStatus::Obsolete.as_str(), "obsolete");
        assert_eq!(ProductCategory::GabaGold.to_string(), "GABA Gold");
    }

    #[test]
    fn every_value_round_trips_through_its_text() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), *role);
        }
        for status in ForecastStatus::ALL {
            assert_eq!(status.as_str().parse::<ForecastStatus>().unwrap(), *status);
        }
    }

    #[test]
    fn tls_defaults_to_verify_full_and_only_it_verifies_the_server() {
        assert_eq!(TlsMode::default(), TlsMode::VerifyFull);
        let verifying: Vec<_> = TlsMode::ALL
            .iter()
            .filter(|m| m.verifies_server())
            .collect();
        assert_eq!(verifying, [&TlsMode::VerifyFull]);
    }

    #[test]
    fn unknown_value_names_the_allowed_ones() {
        let err = "superuser".parse::<Role>().unwrap_err();
        assert_eq!(err.kind, "role");
        assert_eq!(err.value, "superuser");
        assert_eq!(err.allowed, "admin, manager, analyst, viewer");
        assert_eq!(
            err.to_string(),
            r#""superuser" is not a valid role (allowed: admin, manager, analyst, viewer)"#
        );
    }

    #[test]
    fn parsing_is_exact_about_case_and_spaces() {
        assert!("Admin".parse::<Role>().is_err());
        assert!(" admin".parse::<Role>().is_err());
        assert!("fba".parse::<FulfillmentMethod>().is_err());
        assert!("FBA".parse::<LocationType>().is_err());
        assert!("verify_full".parse::<TlsMode>().is_err());
        let err = "VerifyFull".parse::<TlsMode>().unwrap_err();
        assert_eq!(err.kind, "TLS mode");
        assert_eq!(err.allowed, "disable, prefer, require, verify-full");
    }

    #[test]
    fn serde_refuses_a_text_outside_the_schema() {
        assert!(serde_json::from_str::<Role>(r#""Admin""#).is_err());
        assert!(serde_json::from_str::<StockStatus>(r#""Obsolete""#).is_err());
    }
}
