import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

// Every signed-in user reads forecasts; running, overriding and submitting need forecast.run
// and approving forecast.approve, which the screen checks per control (and Rust and the
// database enforce). The charts load their library only when a series is opened.
export const screen: ScreenEntry = {
  path: "/forecasts",
  label: "Forecasts",
  shortcut: "f",
  permission: "dashboard.view",
  forbiddenName: "forecasts",
  component: lazy(() => import("./ForecastsScreen").then((m) => ({ default: m.ForecastsScreen }))),
  loadingLabel: "Loading forecasts…",
};
