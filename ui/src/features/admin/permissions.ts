import type { Permission, PermissionOverride, Role } from "../../lib/ipc";
import { PERMISSION_LABELS } from "../../shared/permissions";

/** Every permission, in the order the role dialog lists them. */
export const ALL_PERMISSIONS = Object.keys(PERMISSION_LABELS) as Permission[];

export const ROLES = [
  { value: "admin", label: "Admin", help: "Everything, including users and settings." },
  { value: "manager", label: "Manager", help: "Dashboards, forecasts, approvals; admin pages read-only." },
  { value: "analyst", label: "Analyst", help: "Dashboards, forecasts, imports, scenarios; no approvals." },
  { value: "viewer", label: "Viewer", help: "Read-only dashboards and reports; can export." },
] as const satisfies readonly { value: Role; label: string; help: string }[];

export function roleLabel(role: Role): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}

export type Override = "default" | "allow" | "deny";
export type Overrides = Partial<Record<Permission, boolean>>;

/** Rust sends overrides as a list; the dialog edits them as a map keyed by permission. */
export function overridesFromList(list: readonly PermissionOverride[]): Overrides {
  return Object.fromEntries(list.map((o) => [o.permission, o.granted])) as Overrides;
}

/** Back to the list form, in the order of ALL_PERMISSIONS so the request is stable. */
export function overridesToList(map: Overrides): PermissionOverride[] {
  return ALL_PERMISSIONS.flatMap((permission) => {
    const granted = map[permission];
    return granted === undefined ? [] : [{ permission, granted }];
  });
}

export function overrideOf(overrides: Overrides, p: Permission): Override {
  const v = overrides[p];
  return v === undefined ? "default" : v ? "allow" : "deny";
}

/** Returns a new overrides map with `p` set; "default" removes the key. */
export function withOverride(overrides: Overrides, p: Permission, value: Override): Overrides {
  const rest = Object.fromEntries(Object.entries(overrides).filter(([key]) => key !== p)) as Overrides;
  return value === "default" ? rest : { ...rest, [p]: value === "allow" };
}
