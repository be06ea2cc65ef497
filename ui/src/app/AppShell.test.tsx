// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Permission } from "../lib/ipc";
import { byTestId, render, until } from "../test/render";
import { AppShell } from "./AppShell";

// The shell reads the settings list once, for the user's stored preferences; the screens
// opened here read their lists.
const ipc = vi.hoisted(() => ({
  listSettings: vi.fn(),
  listForecastRuns: vi.fn(),
  listInventory: vi.fn(),
  listMarkets: vi.fn(),
  myApprovalLimit: vi.fn(),
  listProductionJobs: vi.fn(),
  cashScenarios: vi.fn(),
  projectCash: vi.fn(),
  checkForUpdate: vi.fn(),
  connectionStatus: vi.fn(),
  queuedChanges: vi.fn(),
}));
// Rust's "the server stopped or started answering", played by the tests through the callback.
const connection = vi.hoisted(() => ({ changed: null as null | ((event: { payload: { online: boolean; at: string } }) => void) }));
vi.mock("../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../lib/ipc")>()),
  commands: ipc,
  events: {
    connectionChanged: {
      listen: async (cb: NonNullable<typeof connection.changed>) => {
        connection.changed = cb;
        return () => {};
      },
    },
  },
}));

beforeEach(() => {
  ipc.listSettings.mockReset();
  ipc.listSettings.mockResolvedValue({ status: "ok", data: [] });
  ipc.listForecastRuns.mockReset();
  ipc.listForecastRuns.mockResolvedValue({ status: "ok", data: [] });
  ipc.listInventory.mockResolvedValue({ status: "ok", data: [] });
  ipc.listMarkets.mockResolvedValue({ status: "ok", data: [] });
  ipc.myApprovalLimit.mockResolvedValue({ status: "ok", data: { canApprove: false, limit: null, currency: "GBP" } });
  ipc.listProductionJobs.mockResolvedValue({ status: "ok", data: [] });
  ipc.cashScenarios.mockResolvedValue({ status: "ok", data: ["Base"] });
  ipc.projectCash.mockResolvedValue({ status: "error", error: { kind: "offline" } });
  // The update check answers only in the tests about it (its own tests are UpdateNotifier.test.tsx).
  ipc.checkForUpdate.mockReset();
  ipc.checkForUpdate.mockReturnValue(new Promise(() => {}));
  ipc.connectionStatus.mockResolvedValue({ status: "ok", data: { online: true, servedFromCache: [] } });
  ipc.queuedChanges.mockReset();
  ipc.queuedChanges.mockResolvedValue({ status: "ok", data: [] });
  connection.changed = null;
});

const VIEWER: Permission[] = ["dashboard.view", "data.export"];

/** The shell at `path` (it reads the settings). */
function renderShell(path: string, permissions: Permission[]) {
  return render(<AppShell connection={null} version="1.0.0" />, { path, session: { permissions } });
}

const navTestIds = (el: HTMLElement) =>
  Array.from(el.querySelectorAll("[data-testid^='nav-']")).map((a) => a.getAttribute("data-testid"));

describe("the shell built from the screen list", () => {
  it("links a viewer to every screen but administration and working capital", async () => {
    const el = renderShell("/forecasts", VIEWER);
    expect(navTestIds(el)).toEqual(["nav-dashboard", "nav-catalog", "nav-forecasts", "nav-inventory", "nav-production"]);
    expect(byTestId(el, "nav-forecasts")?.getAttribute("aria-keyshortcuts")).toBe("g f");
    // A viewer reads the runs; running them is a planner's.
    await until(() => byTestId(el, "forecast-runs-empty") !== null);
    expect(byTestId(el, "forecasts")?.querySelector("h1")?.textContent).toBe("Forecasts");
    expect(byTestId(el, "forecast-runs-empty")?.textContent).toBe("No forecasts yet; a planner runs them");
    expect(byTestId(el, "forecast-run-form")).toBeNull();
    expect(ipc.listForecastRuns).toHaveBeenCalledTimes(1);
  });

  it("links an admin to administration too", () => {
    const el = renderShell("/inventory", [...VIEWER, "admin.view"]);
    expect(navTestIds(el)).toContain("nav-admin");
    expect(byTestId(el, "nav-admin")?.textContent).toBe("Admin");
  });

  it("links only those who may change settings to the settings screen", () => {
    expect(navTestIds(renderShell("/inventory", [...VIEWER, "admin.view"]))).not.toContain("nav-settings");
    const el = renderShell("/inventory", [...VIEWER, "admin.view", "settings.manage"]);
    expect(navTestIds(el).at(-1)).toBe("nav-settings");
    expect(byTestId(el, "nav-settings")?.getAttribute("aria-keyshortcuts")).toBe("g s");
  });

  it("offers every user their own preferences in the user menu", async () => {
    const el = renderShell("/forecasts", VIEWER);
    await act(async () => byTestId(el, "user-menu")?.click());
    await act(async () => byTestId(el, "preferences")?.click());
    await until(() => byTestId(el, "preference-theme") !== null);
    expect(byTestId(el, "preferences-dialog")?.textContent).toContain("Time zone");
    expect(ipc.listSettings).toHaveBeenCalled();
  });

  it("shows a typed admin URL as not permitted, naming the permission", () => {
    const el = renderShell("/admin", VIEWER);
    const page = byTestId(el, "forbidden");
    expect(page?.textContent).toContain("Your role does not give access to administration.");
    expect(page?.textContent).toContain("“Open the admin pages”");
    expect(byTestId(el, "admin")).toBeNull();
  });

  it("opens the production screen at its path and by its shortcut", async () => {
    const el = renderShell("/production", VIEWER);
    expect(byTestId(el, "nav-production")?.getAttribute("aria-keyshortcuts")).toBe("g p");
    // Each screen's code loads when it is first opened.
    await until(() => byTestId(el, "production") !== null);
    expect(byTestId(el, "production")?.querySelector("h1")?.textContent).toBe("Production");
    await until(() => byTestId(el, "production-jobs-empty") !== null);
    expect(ipc.listProductionJobs).toHaveBeenCalledWith(8);
  });

  it("opens working capital for a role that may see it, and shows a viewer it is not permitted", async () => {
    const el = renderShell("/working-capital", [...VIEWER, "working_capital.view"]);
    expect(byTestId(el, "nav-working-capital")?.getAttribute("aria-keyshortcuts")).toBe("g w");
    await until(() => byTestId(el, "working-capital") !== null);
    expect(byTestId(el, "working-capital")?.querySelector("h1")?.textContent).toBe("Working capital");
    await until(() => byTestId(el, "wc-error") !== null);
    expect(ipc.projectCash).toHaveBeenCalled();

    const viewer = renderShell("/working-capital", VIEWER);
    expect(byTestId(viewer, "forbidden")?.textContent).toContain("Your role does not give access to working capital.");
    expect(byTestId(viewer, "working-capital")).toBeNull();
  });

  it("looks for an update once at sign-in and says where updates come from under the version", async () => {
    // IT named no update server: no banner.
    ipc.checkForUpdate.mockResolvedValue({ status: "ok", data: { currentVersion: "1.0.0", source: null, available: null } });
    const el = renderShell("/inventory", VIEWER);
    await until(() => byTestId(el, "update-source") !== null);
    expect(ipc.checkForUpdate).toHaveBeenCalledTimes(1);
    expect(byTestId(el, "update-source")?.textContent).toBe("Updates: not configured by IT");
    expect(byTestId(el, "update-banner")).toBeNull();
  });

  it("shows a newer release at the top of the main area", async () => {
    ipc.checkForUpdate.mockResolvedValue({
      status: "ok",
      data: {
        currentVersion: "1.0.0",
        source: { manifestUrl: "https://updates.example.com/sentia/stable/latest.json", channel: "stable", setBy: "settings" },
        available: { version: "1.1.0", notes: null, published: null, mandatory: false },
      },
    });
    const el = renderShell("/inventory", VIEWER);
    await until(() => byTestId(el, "update-banner") !== null);
    expect(el.querySelector("main")?.firstElementChild?.getAttribute("data-testid")).toBe("update-banner");
    expect(byTestId(el, "update-source")?.textContent).toBe(
      "Updates: stable from https://updates.example.com/sentia/stable/latest.json (set by settings)",
    );
  });

  it("says in the main area how many changes wait on this computer, on every screen", async () => {
    ipc.queuedChanges.mockResolvedValue({
      status: "ok",
      data: [
        {
          id: "q-1",
          change: { kind: "override", forecastId: "f-1", value: 140, reason: "Prime Day", seenStatus: "draft" },
          queuedAt: "2026-12-02T09:15:00Z",
          state: "queued",
          after: null,
          server: null,
          refusal: null,
        },
      ],
    });
    const el = renderShell("/inventory", VIEWER);
    await until(() => byTestId(el, "queue-notice") !== null);
    expect(byTestId(el, "queue-notice")?.closest("main")).not.toBeNull();
    expect(byTestId(el, "queue-notice")?.textContent).toContain("1 change waits to be sent");
    expect(byTestId(el, "queue-review")).not.toBeNull();
  });

  it("says at the top of the main area, and in the top bar, when the server cannot be reached", async () => {
    const el = renderShell("/inventory", VIEWER);
    await until(() => connection.changed !== null);
    expect(byTestId(el, "offline-banner")).toBeNull();
    expect(byTestId(el, "connection-offline")).toBeNull();
    ipc.connectionStatus.mockResolvedValue({
      status: "ok",
      data: { online: false, servedFromCache: [{ screen: "inventory", asOf: "2026-07-01T12:40:00Z" }] },
    });
    await act(async () => connection.changed?.({ payload: { online: false, at: "2026-07-01T14:02:00Z" } }));
    await until(() => byTestId(el, "offline-as-of") !== null);
    expect(el.querySelector("main")?.firstElementChild?.getAttribute("data-testid")).toBe("offline-banner");
    expect(byTestId(el, "connection-offline")?.textContent).toBe("offline");

    await act(async () => connection.changed?.({ payload: { online: true, at: "2026-07-01T14:05:00Z" } }));
    expect(byTestId(el, "offline-banner")).toBeNull();
    expect(byTestId(el, "online-notice")).not.toBeNull();
    expect(byTestId(el, "connection-offline")).toBeNull();
  });
});
