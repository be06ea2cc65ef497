import { lazy } from "react";
import { describe, expect, it } from "vitest";
import type { Permission } from "../lib/ipc";
import type { ScreenEntry } from "../shared/screen";
import { HOME, SCREENS, allowedScreens, mayOpen, navTestId, screenForSequence } from "./screens";

// The permissions of the default roles (crates/domain/src/permissions.rs), enough to tell them apart.
const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const MANAGER: Permission[] = ["dashboard.view", "data.export", "forecast.approve", "admin.view", "audit.view"];

describe("screen list", () => {
  it("keeps the paths, labels, shortcuts and test ids the E2E suite and README name", () => {
    expect(SCREENS.map((s) => [s.path, s.label, s.shortcut, navTestId(s)])).toEqual([
      ["/dashboard", "Dashboard", "d", "nav-dashboard"],
      ["/catalog", "Catalog", "c", "nav-catalog"],
      ["/import", "Import", "m", "nav-import"],
      ["/forecasts", "Forecasts", "f", "nav-forecasts"],
      ["/inventory", "Inventory", "i", "nav-inventory"],
      ["/production", "Production", "p", "nav-production"],
      ["/working-capital", "Working capital", "w", "nav-working-capital"],
      ["/admin", "Admin", "a", "nav-admin"],
      ["/settings", "Settings", "s", "nav-settings"],
    ]);
    expect(HOME).toBe("/dashboard");
  });

  it("gives every screen its own path and shortcut", () => {
    expect(new Set(SCREENS.map((s) => s.path)).size).toBe(SCREENS.length);
    expect(new Set(SCREENS.map((s) => s.shortcut)).size).toBe(SCREENS.length);
    for (const s of SCREENS) expect(s.shortcut).toMatch(/^[a-z]$/);
  });

  it("hides the admin and working-capital screens from a viewer", () => {
    expect(allowedScreens(SCREENS, VIEWER).map((s) => s.path)).toEqual([
      "/dashboard",
      "/catalog",
      "/forecasts",
      "/inventory",
      "/production",
    ]);
    expect(allowedScreens(SCREENS, MANAGER).map((s) => s.path)).toContain("/admin");
  });

  it("shows the settings screen only to a role that may change settings", () => {
    expect(allowedScreens(SCREENS, MANAGER).map((s) => s.path)).not.toContain("/settings");
    expect(allowedScreens(SCREENS, [...MANAGER, "settings.manage"]).map((s) => s.path)).toContain("/settings");
    expect(screenForSequence(allowedScreens(SCREENS, MANAGER), "g s")).toBeUndefined();
    expect(screenForSequence(allowedScreens(SCREENS, [...MANAGER, "settings.manage"]), "g s")?.path).toBe("/settings");
  });

  it("hides a screen whose permission was taken away by an override", () => {
    expect(allowedScreens(SCREENS, ["data.export"]).map((s) => s.path)).not.toContain("/dashboard");
    expect(allowedScreens(SCREENS, ["data.export"]).map((s) => s.path)).not.toContain("/catalog");
  });

  it("opens by shortcut only what the navigation shows", () => {
    expect(screenForSequence(allowedScreens(SCREENS, MANAGER), "g a")?.path).toBe("/admin");
    expect(screenForSequence(allowedScreens(SCREENS, VIEWER), "g a")).toBeUndefined();
    expect(screenForSequence(allowedScreens(SCREENS, VIEWER), "g w")).toBeUndefined();
    expect(screenForSequence(allowedScreens(SCREENS, [...VIEWER, "working_capital.view"]), "g w")?.path).toBe("/working-capital");
    expect(screenForSequence(allowedScreens(SCREENS, VIEWER), "g c")?.path).toBe("/catalog");
    expect(screenForSequence(SCREENS, "g x")).toBeUndefined();
  });

  it("lets anyone open a screen that names no permission", () => {
    const open: ScreenEntry = {
      path: "/x",
      label: "X",
      shortcut: "x",
      component: lazy(() => Promise.resolve({ default: () => null })),
      loadingLabel: "Loading X…",
    };
    expect(mayOpen(open, [])).toBe(true);
    expect(mayOpen({ ...open, permission: "audit.view" }, VIEWER)).toBe(false);
  });
});
