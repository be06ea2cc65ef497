// Settings as Rust lists them (crates/core/src/settings), for the tests of this folder.
import type { SettingView, SettingVersion } from "../../lib/ipc";

export const ADMIN_ID = "00000000-0000-4000-8000-000000000001";
export const OTHER_USER_ID = "00000000-0000-4000-8000-000000000002";
export const PRODUCT_ID = "00000000-0000-4000-8000-0000000000aa";

/** A stored setting (version 1 by default); `id: null` with version 0 makes it a default. */
export function setting(category: string, key: string, overrides: Partial<SettingView> = {}): SettingView {
  return {
    id: `s-${category}.${key}`,
    category,
    key,
    description: `${key} description`,
    rule: "text",
    scopes: ["global"],
    value: "x",
    defaultValue: "x",
    version: 1,
    environment: "all",
    scope: "global",
    scopeId: null,
    updatedAt: "2026-11-02T09:30:00Z",
    updatedBy: "amelia.admin",
    editable: true,
    ...overrides,
  };
}

export function asDefault(row: SettingView): SettingView {
  return { ...row, id: null, version: 0, value: row.defaultValue, updatedAt: null, updatedBy: null };
}

export const serviceLevelA = setting("inventory", "service_level_a", {
  rule: "number, 0.5 to 0.9999, 4 decimals",
  scopes: ["global", "product"],
  value: "0.99",
  defaultValue: "0.99",
  description: "Cycle service level, class A",
});

export const currency = asDefault(
  setting("finance", "reporting_currency", { rule: "one of GBP, EUR, USD", value: "GBP", defaultValue: "GBP" }),
);

export const passwordLength = setting("security", "password.min_length", {
  rule: "whole number, 8 to 128",
  value: "14",
  defaultValue: "12",
  version: 2,
});

export const filters = setting("preferences", "dashboard_filters", {
  rule: "JSON object",
  scopes: ["global", "user"],
  value: '{"currency":"GBP"}',
  defaultValue: "{}",
});

export function version(n: number, value: string, reason: string | null = `change ${n}`): SettingVersion {
  return { version: n, value, changedAt: `2026-11-0${n}T10:00:00Z`, changedBy: "amelia.admin", reason };
}
