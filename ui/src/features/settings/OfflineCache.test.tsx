// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CacheInfo, Permission } from "../../lib/ipc";
import { ConnectivityProvider, useConnectivity } from "../../shared/connectivity";
import { LocaleContext } from "../../shared/locale";
import { byTestId, render, until } from "../../test/render";
import { OfflineCacheSection, sizeText } from "./OfflineCache";
import { PreferencesDialog } from "./PreferencesDialog";

const ipc = vi.hoisted(() => ({
  listSettings: vi.fn(),
  listProducts: vi.fn(),
  setMyPreference: vi.fn(),
  offlineCacheInfo: vi.fn(),
  clearOfflineCache: vi.fn(),
  stopKeepingOffline: vi.fn(),
  connectionStatus: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
  // No window here: the provider relies on the status alone.
  events: { connectionChanged: { listen: () => Promise.reject(new Error("no Tauri window")) } },
}));

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

const KEPT: CacheInfo = {
  entries: 3,
  bytes: 1_234_567,
  oldest: "2026-06-29T08:05:00Z",
  newest: "2026-07-01T13:15:00Z",
  kept: [
    { entry: "e-dashboard", screen: "dashboard", asOf: "2026-07-01T13:15:00Z" },
    { entry: "e-risks", screen: "stockRisks", asOf: "2026-06-30T09:40:00Z" },
  ],
  file: "/home/ann/.local/share/sentia/offline-cache.db",
};
const EMPTY: CacheInfo = { entries: 0, bytes: 0, oldest: null, newest: null, kept: [], file: KEPT.file };

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.listSettings.mockResolvedValue(ok([]));
  ipc.listProducts.mockResolvedValue(ok([]));
  ipc.offlineCacheInfo.mockResolvedValue(ok(KEPT));
  ipc.clearOfflineCache.mockResolvedValue(ok(3));
  ipc.stopKeepingOffline.mockResolvedValue(ok(true));
  ipc.connectionStatus.mockResolvedValue(ok({ online: true, servedFromCache: [] }));
});

/** The section alone, for a user with no permission beyond the dashboard: the copies are theirs. */
const renderSection = () =>
  render(
    <LocaleContext.Provider value={{ locale: "en-GB", timeZone: "UTC" }}>
      <OfflineCacheSection />
    </LocaleContext.Provider>,
    { session: { permissions: ["dashboard.view"] as Permission[] } },
  );

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

describe("the offline copies in settings", () => {
  it("is in every user's preferences, a viewer's too", async () => {
    const el = render(<PreferencesDialog open onClose={() => {}} />, {
      session: { permissions: ["dashboard.view"], language: "en-GB", timezone: "Europe/London" },
    });
    await until(() => byTestId(el, "offline-cache-entries") !== null);
    expect(byTestId(el, "offline-cache")?.querySelector("h2")?.textContent).toBe("Offline copies");
  });

  it("shows how many reports are kept, their size, age and file", async () => {
    const el = renderSection();
    await until(() => byTestId(el, "offline-cache-entries") !== null);
    expect(byTestId(el, "offline-cache-entries")?.textContent).toBe("3");
    expect(byTestId(el, "offline-cache-size")?.textContent).toBe("1.2 MB");
    expect(byTestId(el, "offline-cache-oldest")?.textContent).toBe("29 Jun 2026, 08:05");
    expect(byTestId(el, "offline-cache-newest")?.textContent).toBe("1 Jul 2026, 13:15");
    expect(byTestId(el, "offline-cache-file")?.textContent).toBe(`Stored in ${KEPT.file}`);
    expect(byTestId(el, "offline-cache-empty")).toBeNull();
  });

  it("says nothing is kept yet when the cache is empty, and offers nothing to clear", async () => {
    ipc.offlineCacheInfo.mockResolvedValue(ok(EMPTY));
    const el = renderSection();
    await until(() => byTestId(el, "offline-cache-empty") !== null);
    expect(byTestId(el, "offline-cache-empty")?.querySelector(".empty-title")?.textContent).toBe(
      "Nothing is kept yet: reports you open are kept here so you can read them without the server.",
    );
    expect(byTestId(el, "kept-offline-how")?.textContent).toBe(
      "Use Keep offline on a report screen to keep its current view: it is then not replaced by your next view, and it is refreshed every 15 minutes while online.",
    );
    expect(byTestId(el, "offline-cache-clear")).toBeNull();
  });

  it("clears only after confirmation, then reads the info again", async () => {
    const el = renderSection();
    await until(() => byTestId(el, "offline-cache-clear") !== null);

    // Asked first; keeping them changes nothing and returns to Clear.
    await click(byTestId(el, "offline-cache-clear"));
    const panel = byTestId(el, "offline-cache-clear-panel");
    expect(panel?.getAttribute("role")).toBe("alert");
    expect(document.activeElement).toBe(panel);
    expect(panel?.textContent).toContain("Remove the 3 reports kept on this computer?");
    await click(byTestId(el, "offline-cache-clear-cancel"));
    expect(byTestId(el, "offline-cache-clear-panel")).toBeNull();
    expect(document.activeElement).toBe(byTestId(el, "offline-cache-clear"));
    expect(ipc.clearOfflineCache).not.toHaveBeenCalled();

    ipc.offlineCacheInfo.mockResolvedValue(ok(EMPTY));
    await click(byTestId(el, "offline-cache-clear"));
    await click(byTestId(el, "offline-cache-clear-confirm"));
    await until(() => byTestId(el, "offline-cache-empty") !== null);
    expect(ipc.clearOfflineCache).toHaveBeenCalledTimes(1);
    expect(ipc.offlineCacheInfo).toHaveBeenCalledTimes(2);
    expect(byTestId(el, "offline-cache-notice")?.textContent).toBe("3 reports removed from this computer.");
  });

  it("shows why clearing failed and keeps the copies listed", async () => {
    ipc.clearOfflineCache.mockResolvedValue({ status: "error", error: { kind: "file", path: KEPT.file, message: "permission denied" } });
    const el = renderSection();
    await until(() => byTestId(el, "offline-cache-clear") !== null);
    await click(byTestId(el, "offline-cache-clear"));
    await click(byTestId(el, "offline-cache-clear-confirm"));
    await until(() => byTestId(el, "offline-cache-clear-error") !== null);
    expect(byTestId(el, "offline-cache-clear-error")?.textContent).toContain("Could not remove the offline copies");
    expect(byTestId(el, "offline-cache-entries")?.textContent).toBe("3");
  });
});

describe("the reports kept offline in settings", () => {
  const rows = (el: HTMLElement) => [...el.querySelectorAll('[data-testid="kept-offline-row"]')];
  const rowOf = (el: HTMLElement, screen: string) => el.querySelector(`[data-testid="kept-offline-row"][data-screen="${screen}"]`);

  it("lists each kept report in words with the time its data is from", async () => {
    const el = renderSection();
    await until(() => rows(el).length === 2);
    expect(rows(el).map((r) => byTestId(r, "kept-offline-screen")?.textContent)).toEqual(["Dashboard", "Stock risks"]);
    expect(rows(el).map((r) => byTestId(r, "kept-offline-as-of")?.textContent)).toEqual(["1 Jul 2026, 13:15", "30 Jun 2026, 09:40"]);
    expect(byTestId(rowOf(el, "stockRisks") as HTMLElement, "stop-keeping")?.getAttribute("aria-label")).toBe(
      "Stop keeping the stock risks of 30 Jun 2026, 09:40 offline",
    );
    expect(byTestId(el, "kept-offline-empty")).toBeNull();
  });

  it("stops keeping one report, reads the list again and keeps the keyboard in it", async () => {
    const el = renderSection();
    await until(() => rows(el).length === 2);
    ipc.offlineCacheInfo.mockResolvedValue(ok({ ...KEPT, kept: KEPT.kept.slice(0, 1) }));
    await click(byTestId(rowOf(el, "stockRisks") as HTMLElement, "stop-keeping"));
    await until(() => rows(el).length === 1);
    expect(ipc.stopKeepingOffline).toHaveBeenCalledExactlyOnceWith("e-risks");
    expect(ipc.offlineCacheInfo).toHaveBeenCalledTimes(2);
    expect(rowOf(el, "dashboard")).not.toBeNull();
    expect(byTestId(el, "kept-offline-notice")?.textContent).toBe(
      "No longer keeping the stock risks of 30 Jun 2026, 09:40 offline: the copy stays until your next view replaces it.",
    );
    expect(document.activeElement).toBe(byTestId(el, "kept-offline"));
  });

  it("stops keeping while the server cannot be reached: the copies are on this computer", async () => {
    ipc.connectionStatus.mockResolvedValue(ok({ online: false, servedFromCache: [] }));
    const state = { online: true };
    function Online() {
      state.online = useConnectivity().online;
      return null;
    }
    const el = render(
      <LocaleContext.Provider value={{ locale: "en-GB", timeZone: "UTC" }}>
        <ConnectivityProvider>
          <Online />
          <OfflineCacheSection />
        </ConnectivityProvider>
      </LocaleContext.Provider>,
      { session: { permissions: ["dashboard.view"] as Permission[] } },
    );
    await until(() => !state.online && rows(el).length === 2);
    await click(byTestId(rowOf(el, "dashboard") as HTMLElement, "stop-keeping"));
    await until(() => byTestId(el, "kept-offline-notice") !== null);
    expect(ipc.stopKeepingOffline).toHaveBeenCalledExactlyOnceWith("e-dashboard");
    expect(byTestId(el, "kept-offline-error")).toBeNull();
  });

  it("shows why stopping failed and keeps the report listed", async () => {
    ipc.stopKeepingOffline.mockResolvedValue({ status: "error", error: { kind: "file", path: KEPT.file, message: "permission denied" } });
    const el = renderSection();
    await until(() => rows(el).length === 2);
    await click(byTestId(rowOf(el, "dashboard") as HTMLElement, "stop-keeping"));
    await until(() => byTestId(el, "kept-offline-error") !== null);
    expect(byTestId(el, "kept-offline-error")?.textContent).toContain("Could not stop keeping the dashboard offline");
    expect(rows(el)).toHaveLength(2);
    expect(byTestId(el, "kept-offline-notice")).toBeNull();
  });

  it("explains how to keep a report when none is kept on purpose", async () => {
    ipc.offlineCacheInfo.mockResolvedValue(ok({ ...KEPT, kept: [] }));
    const el = renderSection();
    await until(() => byTestId(el, "kept-offline-empty") !== null);
    expect(byTestId(el, "kept-offline-empty")?.querySelector(".empty-title")?.textContent).toBe("No report is kept offline on purpose.");
    expect(byTestId(el, "kept-offline-how")?.textContent).toContain("Use Keep offline on a report screen");
    expect(byTestId(el, "stop-keeping")).toBeNull();
    expect(byTestId(el, "offline-cache-entries")?.textContent).toBe("3");
  });
});

describe("sizeText", () => {
  it("gives kilobytes below a megabyte and megabytes above", () => {
    expect(sizeText(0, "en-GB")).toBe("0 KB");
    expect(sizeText(2_345, "en-GB")).toBe("2.3 KB");
    expect(sizeText(850_000, "en-GB")).toBe("850 KB");
    expect(sizeText(12_400_000, "en-GB")).toBe("12.4 MB");
  });
});
