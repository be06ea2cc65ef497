//! The enumerated values of the schema. Each enum's strings are exactly the values
//! its column's CHECK constraint allows, so the database and Rust agree by construction
//! (a test in `sentia-db` compares them).

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

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident, $kind:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in the order the schema lists them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as stored in the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = ParseEnumError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(ParseEnumError {
                        kind: $kind,
                        value: s.to_owned(),
                        allowed: concat!($($text, " "),+),
                    }),
                }
            }
        }
    };
}

string_enum!(
    /// A user's role; permissions follow from it (with per-user overrides).
    Role, "role" {
        /// Everything, including users and settings.
        Admin = "admin",
        /// Dashboards, forecasts, approvals, working capital.
        Manager = "manager",
        /// Runs forecasts and plans, imports data; no approvals.
        Analyst = "analyst",
        /// Read-only.
        Viewer = "viewer",
    }
);

string_enum!(
    /// The kind of e-commerce platform a channel is.
    ChannelType, "channel type" {
        /// Amazon marketplace.
        Amazon = "Amazon",
        /// Shopify web shop.
        Shopify = "Shopify",
    }
);

string_enum!(
    /// Who ships a channel's orders.
    FulfillmentMethod, "fulfilment method" {
        /// Fulfilled by Amazon.
        Fba = "FBA",
        /// Fulfilled by the merchant through Amazon.
        Fbm = "FBM",
        /// Own warehouse or 3PL.
        Own = "Own",
    }
);

string_enum!(
    /// Product line.
    ProductCategory, "product category" {
        /// Entry tier.
        GabaRed = "GABA Red",
        /// Mid tier.
        GabaBlack = "GABA Black",
        /// Premium tier.
        GabaGold = "GABA Gold",
    }
);

string_enum!(
    /// The method family that produced a forecast.
    ModelType, "model type" {
        /// Seasonal ARIMA.
        Arima = "ARIMA",
        /// Exponential smoothing (ETS state space).
        Ets = "ETS",
        /// Theta method.
        Theta = "Theta",
        /// Intermittent-demand methods (Croston, SBA, TSB).
        Croston = "Croston",
        /// Piecewise-linear trend with Fourier seasonality and regressors.
        Prophet = "Prophet",
        /// A model trained across many series.
        Ml = "ML",
        /// A combination of several models.
        Ensemble = "Ensemble",
        /// Naive and seasonal-naive baselines.
        Naive = "Naive",
        /// Entered by a planner.
        Manual = "Manual",
    }
);

string_enum!(
    /// Approval workflow of a forecast.
    ForecastStatus, "forecast status" {
        /// Being worked on.
        Draft = "draft",
        /// Waiting for approval.
        Submitted = "submitted",
        /// Approved by a manager.
        Approved = "approved",
        /// Sent back by a manager.
        Rejected = "rejected",
    }
);

string_enum!(
    /// Stock health of an item at a location.
    StockStatus, "stock status" {
        /// Above reorder point and below overstock.
        Healthy = "healthy",
        /// At or below the reorder point.
        Reorder = "reorder",
        /// Below safety stock.
        Low = "low",
        /// Nothing available.
        OutOfStock = "out_of_stock",
        /// More than the overstock threshold of days of supply.
        Overstock = "overstock",
    }
);

string_enum!(
    /// Working-capital projection scenario.
    Scenario, "scenario" {
        /// Demand up, margins up, faster collections.
        Optimistic = "optimistic",
        /// The plan.
        Base = "base",
        /// Demand down, slower collections.
        Pessimistic = "pessimistic",
    }
);

string_enum!(
    /// Production job state.
    JobStatus, "job status" {
        /// Planned, not started.
        Pending = "pending",
        /// In production.
        Active = "active",
        /// Finished.
        Completed = "completed",
        /// Abandoned.
        Cancelled = "cancelled",
    }
);

string_enum!(
    /// Manufacturing resource availability.
    ResourceStatus, "resource status" {
        /// Can be scheduled.
        Available = "available",
        /// Planned downtime.
        Maintenance = "maintenance",
        /// Unavailable.
        Offline = "offline",
    }
);

string_enum!(
    /// Production schedule state.
    ScheduleStatus, "schedule status" {
        /// Being drafted.
        Draft = "draft",
        /// In force.
        Active = "active",
        /// Finished.
        Completed = "completed",
        /// Abandoned.
        Cancelled = "cancelled",
    }
);

string_enum!(
    /// Type of a system setting's value; says which `value_*` column holds it.
    SettingType, "setting data type" {
        /// `value_text`.
        Text = "text",
        /// `value_integer`.
        Integer = "integer",
        /// `value_decimal`.
        Decimal = "decimal",
        /// `value_boolean`.
        Boolean = "boolean",
        /// `value_json`.
        Json = "json",
        /// `value_date`.
        Date = "date",
        /// `value_timestamp`.
        Timestamp = "timestamp",
    }
);

string_enum!(
    /// Which deployment a setting applies to.
    SettingEnvironment, "setting environment" {
        /// Every environment.
        All = "all",
        /// Development.
        Dev = "dev",
        /// Test.
        Test = "test",
        /// Production.
        Prod = "prod",
    }
);

string_enum!(
    /// What a setting applies to.
    SettingScope, "setting scope" {
        /// The whole company.
        Global = "global",
        /// One user (scope_id = users.id).
        User = "user",
        /// One product (scope_id = products.id).
        Product = "product",
    }
);

string_enum!(
    /// Kind of stock location.
    LocationType, "location type" {
        /// Own warehouse.
        Warehouse = "warehouse",
        /// Amazon fulfilment centre.
        Fba = "fba",
        /// Third-party logistics provider.
        ThirdParty = "3pl",
    }
);

string_enum!(
    /// Sync state of a channel's platform integration.
    SyncStatus, "sync status" {
        /// Never synchronised.
        Never = "never",
        /// A sync is running.
        Syncing = "syncing",
        /// Last sync succeeded.
        Ok = "ok",
        /// Last sync failed (see last_sync_error).
        Error = "error",
        /// Integration switched off.
        Disabled = "disabled",
    }
);

string_enum!(
    /// TLS requirement of the database connection, named as PostgreSQL's `sslmode` names it.
    /// The default is `verify-full`: every weaker mode lets someone on the network read or
    /// capture the password.
    #[derive(Default)]
    TlsMode, "TLS mode" {
        /// Plain TCP (only sensible on loopback, e.g. the demo database).
        Disable = "disable",
        /// TLS when the server offers it.
        Prefer = "prefer",
        /// TLS required, certificate not verified.
        Require = "require",
        /// TLS required; the certificate must match the host.
        #[default]
        VerifyFull = "verify-full",
    }
);

impl TlsMode {
    /// Whether the server's identity is checked: only then can nobody on the network pose
    /// as the server (or strip TLS) and capture the password.
    pub fn verifies_server(self) -> bool {
        self == TlsMode::VerifyFull
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(
            err.to_string().contains("admin manager analyst viewer"),
            "{err}"
        );
    }
}
