import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

export const screen: ScreenEntry = {
  path: "/dashboard",
  label: "Dashboard",
  shortcut: "d",
  permission: "dashboard.view",
  // The dashboard pulls in the chart library (the largest chunk); it loads when first shown so
  // the wizard and sign-in start without it.
  component: lazy(() => import("./DashboardScreen").then((m) => ({ default: m.DashboardScreen }))),
  loadingLabel: "Loading the dashboard…",
};
