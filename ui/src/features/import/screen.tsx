import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

// Importing writes sales history, so the screen is for those who may import ("g i" is the
// inventory's, hence "g m" for iMport). Rust checks data.import on every command anyway.
export const screen: ScreenEntry = {
  path: "/import",
  label: "Import",
  shortcut: "m",
  permission: "data.import",
  forbiddenName: "sales imports",
  component: lazy(() => import("./ImportScreen").then((m) => ({ default: m.ImportScreen }))),
  loadingLabel: "Loading imports…",
};
