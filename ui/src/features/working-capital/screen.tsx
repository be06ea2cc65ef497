import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

// Managers and analysts see the company's cash; viewers do not (Rust refuses them the
// projection too). The charts load their library in their own chunk.
export const screen: ScreenEntry = {
  path: "/working-capital",
  label: "Working capital",
  shortcut: "w",
  permission: "working_capital.view",
  forbiddenName: "working capital",
  component: lazy(() => import("./WorkingCapitalScreen").then((m) => ({ default: m.WorkingCapitalScreen }))),
  loadingLabel: "Loading working capital…",
};
