import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

// Everyone who sees the dashboard reads the schedule and capacity; moving jobs needs
// forecast.run, which the screen checks per control (and Rust enforces). The capacity chart
// loads its library only when the Capacity tab opens.
export const screen: ScreenEntry = {
  path: "/production",
  label: "Production",
  shortcut: "p",
  permission: "dashboard.view",
  forbiddenName: "production",
  component: lazy(() => import("./ProductionScreen").then((m) => ({ default: m.ProductionScreen }))),
  loadingLabel: "Loading production…",
};
