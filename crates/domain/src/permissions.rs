//! What each role may do: one table in code, not `if`s scattered over the commands.
//!
//! A user's effective permissions are their role's row of [`MATRIX`] with the per-user
//! overrides from `users.permissions` (`{"forecast.approve": true}`) applied on top.
//!
//! ```
//! use sentia_domain::{permissions::{effective_permissions, Permission}, Role};
//! use std::collections::BTreeMap;
//! let overrides = BTreeMap::from([("forecast.approve".to_owned(), true)]);
//! let perms = effective_permissions(Role::Analyst, &overrides);
//! assert!(perms.contains(&Permission::ForecastApprove));
//! assert!(!perms.contains(&Permission::UsersManage));
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use strum::{Display, EnumString, IntoStaticStr, VariantArray, VariantNames};

use crate::enums::{string_enum_impls, StringEnum};
use crate::{ParseEnumError, Role};

/// One thing a user may be allowed to do. The text form (`"users.manage"`) is the
/// key used in `users.permissions` overrides and on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Display, EnumString, IntoStaticStr, VariantArray, VariantNames)]
#[strum(parse_err_ty = ParseEnumError, parse_err_fn = Self::parse_error)]
pub enum Permission {
    /// See the dashboard and the sales reports behind it.
    #[serde(rename = "dashboard.view")]
    #[strum(serialize = "dashboard.view")]
    DashboardView,
    /// Export what the user can see (CSV/XLSX/PDF). Every role may export.
    #[serde(rename = "data.export")]
    #[strum(serialize = "data.export")]
    DataExport,
    /// Import data and enter it by hand.
    #[serde(rename = "data.import")]
    #[strum(serialize = "data.import")]
    DataImport,
    /// Run forecasts and stock optimisation.
    #[serde(rename = "forecast.run")]
    #[strum(serialize = "forecast.run")]
    ForecastRun,
    /// Approve or reject forecasts and plans.
    #[serde(rename = "forecast.approve")]
    #[strum(serialize = "forecast.approve")]
    ForecastApprove,
    /// See working capital and cash flow.
    #[serde(rename = "working_capital.view")]
    #[strum(serialize = "working_capital.view")]
    WorkingCapitalView,
    /// Draft working-capital scenarios.
    #[serde(rename = "scenario.edit")]
    #[strum(serialize = "scenario.edit")]
    ScenarioEdit,
    /// Save personal dashboard layouts.
    #[serde(rename = "layout.save")]
    #[strum(serialize = "layout.save")]
    LayoutSave,
    /// Open the admin pages (read-only unless another permission says more).
    #[serde(rename = "admin.view")]
    #[strum(serialize = "admin.view")]
    AdminView,
    /// Create, deactivate, unlock, re-role and anonymise users.
    #[serde(rename = "users.manage")]
    #[strum(serialize = "users.manage")]
    UsersManage,
    /// Read the audit log.
    #[serde(rename = "audit.view")]
    #[strum(serialize = "audit.view")]
    AuditView,
    /// Change system settings and feature flags.
    #[serde(rename = "settings.manage")]
    #[strum(serialize = "settings.manage")]
    SettingsManage,
    /// Maintain markets, products, sales channels and FX rates.
    #[serde(rename = "catalog.manage")]
    #[strum(serialize = "catalog.manage")]
    CatalogManage,
}

string_enum_impls!(Permission: "permission");

impl Permission {
    /// Parses a key such as `"forecast.approve"`; `None` for an unknown key.
    pub fn from_key(key: &str) -> Option<Self> {
        key.parse().ok()
    }
}

use Permission as P;

/// The role × permission matrix (domain brief §3). A permission not listed for a role
/// is denied. Manager sees the admin pages read-only; only admin changes users and
/// settings; viewer reads and exports.
pub const MATRIX: &[(Role, &[Permission])] = &[
    (
        Role::Admin,
        &[
            P::DashboardView,
            P::DataExport,
            P::DataImport,
            P::ForecastRun,
            P::ForecastApprove,
            P::WorkingCapitalView,
            P::ScenarioEdit,
            P::LayoutSave,
            P::AdminView,
            P::UsersManage,
            P::AuditView,
            P::SettingsManage,
            P::CatalogManage,
        ],
    ),
    (
        Role::Manager,
        &[
            P::DashboardView,
            P::DataExport,
            P::DataImport,
            P::ForecastRun,
            P::ForecastApprove,
            P::WorkingCapitalView,
            P::ScenarioEdit,
            P::LayoutSave,
            P::AdminView,
            P::AuditView,
            P::CatalogManage,
        ],
    ),
    (
        Role::Analyst,
        &[
            P::DashboardView,
            P::DataExport,
            P::DataImport,
            P::ForecastRun,
            P::WorkingCapitalView,
            P::ScenarioEdit,
            P::LayoutSave,
        ],
    ),
    (Role::Viewer, &[P::DashboardView, P::DataExport]),
];

/// Whether the role, without overrides, grants the permission.
pub fn role_allows(role: Role, permission: Permission) -> bool {
    MATRIX
        .iter()
        .find(|(r, _)| *r == role)
        .is_some_and(|(_, perms)| perms.contains(&permission))
}

/// The role's permissions with the user's overrides applied. Unknown keys in the
/// overrides are ignored (an old override for a removed permission must not lock a
/// user out), `true` grants and `false` revokes.
pub fn effective_permissions(
    role: Role,
    overrides: &BTreeMap<String, bool>,
) -> BTreeSet<Permission> {
    Permission::ALL
        .iter()
        .copied()
        .filter(|p| {
            overrides
                .get(p.as_str())
                .copied()
                .unwrap_or_else(|| role_allows(role, *p))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_has_exactly_one_row_in_the_matrix() {
        for role in Role::ALL {
            assert_eq!(
                MATRIX.iter().filter(|(r, _)| r == role).count(),
                1,
                "{role}"
            );
        }
    }

    #[test]
    fn only_admin_manages_users_and_settings() {
        for role in Role::ALL {
            let admin = *role == Role::Admin;
            assert_eq!(role_allows(*role, P::UsersManage), admin, "{role}");
            assert_eq!(role_allows(*role, P::SettingsManage), admin, "{role}");
        }
    }

    #[test]
    fn every_role_can_view_the_dashboard_and_export() {
        for role in Role::ALL {
            assert!(role_allows(*role, P::DashboardView), "{role}");
            assert!(role_allows(*role, P::DataExport), "{role}");
        }
    }

    #[test]
    fn viewer_cannot_run_forecasts_or_save_layouts_and_analyst_cannot_approve() {
        assert!(!role_allows(Role::Viewer, P::ForecastRun));
        assert!(!role_allows(Role::Viewer, P::LayoutSave));
        assert!(!role_allows(Role::Analyst, P::ForecastApprove));
        assert!(role_allows(Role::Manager, P::ForecastApprove));
    }

    #[test]
    fn roles_are_ordered_by_privilege() {
        // Each role's permissions include those of every less privileged role.
        let set = |r| effective_permissions(r, &BTreeMap::new());
        assert!(set(Role::Viewer).is_subset(&set(Role::Analyst)));
        assert!(set(Role::Analyst).is_subset(&set(Role::Manager)));
        assert!(set(Role::Manager).is_subset(&set(Role::Admin)));
        assert_eq!(set(Role::Admin).len(), Permission::ALL.len());
    }

    #[test]
    fn overrides_grant_and_revoke_and_unknown_keys_are_ignored() {
        let overrides = BTreeMap::from([
            ("forecast.approve".to_owned(), true),
            ("data.export".to_owned(), false),
            ("no.such.permission".to_owned(), true),
        ]);
        let perms = effective_permissions(Role::Analyst, &overrides);
        assert!(perms.contains(&P::ForecastApprove));
        assert!(!perms.contains(&P::DataExport));
        assert!(perms.contains(&P::DataImport));
    }

    #[test]
    fn keys_round_trip_through_text() {
        for p in Permission::ALL {
            assert_eq!(Permission::from_key(p.as_str()), Some(*p));
        }
        assert_eq!(Permission::from_key("users.delete_everything"), None);
    }
}
