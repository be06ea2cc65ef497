import type { Permission } from "../lib/ipc";

// The one wording of each permission key Rust sends ("users.manage"): the role dialog lists
// them, a refused command and a forbidden screen name the one that was missing. The
// `satisfies` makes the type checker fail when Rust adds a permission that has no label here.
export const PERMISSION_LABELS = {
  "dashboard.view": "View the dashboard and sales reports",
  "data.export": "Export data",
  "data.import": "Import and enter data",
  "forecast.run": "Run forecasts and stock optimisation",
  "forecast.approve": "Approve forecasts and plans",
  "working_capital.view": "View working capital and cash flow",
  "scenario.edit": "Draft working-capital scenarios",
  "layout.save": "Save dashboard layouts",
  "admin.view": "Open the admin pages",
  "users.manage": "Manage users",
  "audit.view": "Read the audit log",
  "settings.manage": "Change system settings",
  "catalog.manage": "Maintain products, channels, markets and FX rates",
} as const satisfies Record<Permission, string>;

/** The label of a permission; the key itself for one this build does not know (a newer Rust). */
export function permissionLabel(permission: Permission): string {
  return (PERMISSION_LABELS as Record<string, string>)[permission] ?? permission;
}
