import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

// Everyone who sees the dashboard reads stock and orders; planning and submitting need
// forecast.run and approving forecast.approve, which the screen checks per control (and Rust
// and the database enforce). The projection chart loads its library only when an item opens.
export const screen: ScreenEntry = {
  path: "/inventory",
  label: "Inventory",
  shortcut: "i",
  permission: "dashboard.view",
  forbiddenName: "inventory",
  component: lazy(() => import("./InventoryScreen").then((m) => ({ default: m.InventoryScreen }))),
  loadingLabel: "Loading inventory…",
};
