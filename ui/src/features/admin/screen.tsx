import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

// The admin pages follow the permission matrix in Rust (admin.view), not a role name, so a
// per-user override or a matrix change needs no UI change.
export const screen: ScreenEntry = {
  path: "/admin",
  label: "Admin",
  shortcut: "a",
  permission: "admin.view",
  forbiddenName: "administration",
  component: lazy(() => import("./AdminScreen").then((m) => ({ default: m.AdminScreen }))),
  loadingLabel: "Loading administration…",
};
