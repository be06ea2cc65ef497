// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CacheInfo, KeptCopy } from "../lib/ipc";
import { byTestId, render, until } from "../test/render";
import { ConnectivityProvider, useConnectivity } from "./connectivity";
import { KeepOfflineButton, isKept, keptScreenLabel } from "./keepOffline";

const ipc = vi.hoisted(() => ({
  offlineCacheInfo: vi.fn(),
  keepOffline: vi.fn(),
  connectionStatus: vi.fn(),
}));
vi.mock("../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../lib/ipc")>()),
  commands: ipc,
  // No window here: the provider relies on the status alone.
  events: { connectionChanged: { listen: () => Promise.reject(new Error("no Tauri window")) } },
}));

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

const copy = (screen: KeptCopy["screen"], entry = `entry-${screen}`): KeptCopy => ({ entry, screen, asOf: "2026-07-01T13:15:00Z" });

const info = (kept: KeptCopy[]): CacheInfo => ({
  entries: kept.length + 1,
  bytes: 4_096,
  oldest: "2026-06-29T08:05:00Z",
  newest: "2026-07-01T13:15:00Z",
  kept,
  file: "/home/ann/.local/share/sentia/offline-cache.db",
});

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.offlineCacheInfo.mockResolvedValue(ok(info([copy("stockRisks")])));
  ipc.keepOffline.mockResolvedValue(ok(true));
  ipc.connectionStatus.mockResolvedValue(ok({ online: true, servedFromCache: [] }));
});

const button = (el: HTMLElement) => byTestId<HTMLButtonElement>(el, "keep-offline");

async function press(el: HTMLElement) {
  const b = button(el);
  if (!b) throw new Error("no Keep offline button");
  await act(async () => b.click());
}

/** The button once the cache info is in. */
async function renderButton(screen: KeptCopy["screen"] = "dashboard") {
  const el = render(<KeepOfflineButton screen={screen} />, { session: {} });
  await until(() => ipc.offlineCacheInfo.mock.calls.length === 1);
  await act(async () => {});
  return el;
}

describe("the Keep offline button", () => {
  it("is not pressed while only other screens are kept", async () => {
    const el = await renderButton("dashboard");
    expect(button(el)?.getAttribute("aria-pressed")).toBe("false");
    expect(button(el)?.textContent).toBe("Keep offline");
  });

  it("is pressed when a copy of its screen is kept", async () => {
    const el = await renderButton("stockRisks");
    await until(() => button(el)?.getAttribute("aria-pressed") === "true");
    expect(button(el)?.textContent).toBe("Kept offline ✓");
  });

  it("says what keeping means to pointer and screen-reader users", async () => {
    const el = await renderButton("dashboard");
    const hint = button(el)?.getAttribute("title") ?? "";
    expect(hint).toContain("Kept on this computer, refreshed every 15 minutes while online.");
    const described = document.getElementById(button(el)?.getAttribute("aria-describedby") ?? "");
    expect(described?.textContent).toBe(hint);
  });

  it("keeps the screen's last view, then reads the cache info again and shows it pressed", async () => {
    const el = await renderButton("inventory");
    ipc.offlineCacheInfo.mockResolvedValue(ok(info([copy("stockRisks"), copy("inventory")])));
    await press(el);
    await until(() => button(el)?.getAttribute("aria-pressed") === "true");
    expect(ipc.keepOffline).toHaveBeenCalledExactlyOnceWith("inventory", true);
    expect(ipc.offlineCacheInfo).toHaveBeenCalledTimes(2);
    expect(byTestId(el, "keep-offline-note")).toBeNull();
  });

  it("stops keeping it when pressed again", async () => {
    const el = await renderButton("stockRisks");
    await until(() => button(el)?.getAttribute("aria-pressed") === "true");
    ipc.offlineCacheInfo.mockResolvedValue(ok(info([])));
    await press(el);
    await until(() => button(el)?.getAttribute("aria-pressed") === "false");
    expect(ipc.keepOffline).toHaveBeenCalledExactlyOnceWith("stockRisks", false);
    expect(byTestId(el, "keep-offline-note")).toBeNull();
  });

  it("says other views are still kept when letting go of the last one leaves some", async () => {
    ipc.offlineCacheInfo.mockResolvedValue(ok(info([copy("dashboard", "a"), copy("dashboard", "b")])));
    const el = await renderButton("dashboard");
    await until(() => button(el)?.getAttribute("aria-pressed") === "true");
    ipc.offlineCacheInfo.mockResolvedValue(ok(info([copy("dashboard", "a")])));
    await press(el);
    await until(() => byTestId(el, "keep-offline-note") !== null);
    expect(byTestId(el, "keep-offline-note")?.textContent).toBe("Other views of this report are still kept: see Preferences, Offline copies.");
    expect(button(el)?.getAttribute("aria-pressed")).toBe("true");
  });

  it("asks to open the report first when the screen was not viewed yet", async () => {
    ipc.keepOffline.mockResolvedValue(ok(false));
    const el = await renderButton("cashProjection");
    await press(el);
    await until(() => byTestId(el, "keep-offline-note") !== null);
    expect(byTestId(el, "keep-offline-note")?.textContent).toBe("Open the report first, then keep it offline.");
    expect(button(el)?.getAttribute("aria-pressed")).toBe("false");
  });

  it("shows why keeping failed", async () => {
    ipc.keepOffline.mockResolvedValue({ status: "error", error: { kind: "file", path: "/tmp/offline.db", message: "disk full" } });
    const el = await renderButton("dashboard");
    await press(el);
    await until(() => byTestId(el, "keep-offline-error") !== null);
    expect(byTestId(el, "keep-offline-error")?.getAttribute("role")).toBe("alert");
    expect(byTestId(el, "keep-offline-error")?.textContent).toContain("keep the report offline");
    expect(button(el)?.getAttribute("aria-pressed")).toBe("false");
  });

  it("keeps a report while the server cannot be reached: the copies are on this computer", async () => {
    ipc.connectionStatus.mockResolvedValue(ok({ online: false, servedFromCache: [] }));
    ipc.offlineCacheInfo.mockResolvedValue(ok(info([])));
    const state = { online: true };
    function Online() {
      state.online = useConnectivity().online;
      return null;
    }
    const el = render(
      <ConnectivityProvider>
        <Online />
        <KeepOfflineButton screen="forecastDetail" />
      </ConnectivityProvider>,
      { session: {} },
    );
    await until(() => !state.online && ipc.offlineCacheInfo.mock.calls.length >= 1);
    ipc.offlineCacheInfo.mockResolvedValue(ok(info([copy("forecastDetail")])));
    await press(el);
    await until(() => button(el)?.getAttribute("aria-pressed") === "true");
    expect(ipc.keepOffline).toHaveBeenCalledExactlyOnceWith("forecastDetail", true);
    expect(byTestId(el, "keep-offline-error")).toBeNull();
  });
});

describe("keptScreenLabel", () => {
  it("words every screen as the navigation does", () => {
    expect(keptScreenLabel("dashboard")).toBe("Dashboard");
    expect(keptScreenLabel("forecastRuns")).toBe("Forecast runs");
    expect(keptScreenLabel("forecastSeries")).toBe("Forecast series");
    expect(keptScreenLabel("forecastDetail")).toBe("Forecast detail");
    expect(keptScreenLabel("inventory")).toBe("Inventory");
    expect(keptScreenLabel("stockRisks")).toBe("Stock risks");
    expect(keptScreenLabel("cashProjection")).toBe("Cash projection");
  });
});

describe("isKept", () => {
  it("holds only for a screen with a kept copy", () => {
    const i = info([copy("forecastDetail")]);
    expect(isKept(i, "forecastDetail")).toBe(true);
    expect(isKept(i, "forecastSeries")).toBe(false);
    expect(isKept(undefined, "forecastDetail")).toBe(false);
  });
});
