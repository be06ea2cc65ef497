import { lazy } from "react";
import type { ScreenEntry } from "../../shared/screen";

// Everyone reads settings (their values shape the other screens), but this screen is for
// changing them and reading their history, which need settings.manage. A user's own
// preferences are in the user menu instead.
export const screen: ScreenEntry = {
  path: "/settings",
  label: "Settings",
  shortcut: "s",
  permission: "settings.manage",
  forbiddenName: "the settings",
  component: lazy(() => import("./SettingsScreen").then((m) => ({ default: m.SettingsScreen }))),
  loadingLabel: "Loading settings…",
};
