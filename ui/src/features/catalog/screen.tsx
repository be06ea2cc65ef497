import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

// Everyone who sees the dashboard reads the catalog that feeds it; changing it needs
// catalog.manage, which the screen checks per control (and Rust and the database enforce).
export const screen: ScreenEntry = {
  path: "/catalog",
  label: "Catalog",
  shortcut: "c",
  permission: "dashboard.view",
  component: lazy(() => import("./CatalogScreen").then((m) => ({ default: m.CatalogScreen }))),
  loadingLabel: "Loading master data…",
};
