// @vitest-environment happy-dom
import { QueryClient } from "@tanstack/react-query";
import { act, useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionChanged, ConnectionStatus } from "../lib/ipc";
import { ConnectivityProvider, OFFLINE_POLL_MS } from "../shared/connectivity";
import { LocaleContext } from "../shared/locale";
import { byTestId, render, until } from "../test/render";
import { ConnectivityBanner, ONLINE_NOTICE_MS } from "./ConnectivityBanner";

// The status command and the event Rust emits when the server stops or starts answering; the
// test plays the event through the callback the provider registered.
const ipc = vi.hoisted(() => ({
  connectionStatus: vi.fn(),
  listen: vi.fn(),
  unlisten: vi.fn(),
}));
vi.mock("../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../lib/ipc")>()),
  commands: { connectionStatus: ipc.connectionStatus },
  events: { connectionChanged: { listen: ipc.listen } },
}));

type Handler = (event: { payload: ConnectionChanged }) => void;
let handler: Handler | null = null;

const status = (online: boolean, servedFromCache: ConnectionStatus["servedFromCache"] = []) => ({
  status: "ok" as const,
  data: { online, servedFromCache },
});

beforeEach(() => {
  handler = null;
  ipc.connectionStatus.mockReset();
  ipc.connectionStatus.mockResolvedValue(status(true));
  ipc.unlisten.mockReset();
  ipc.listen.mockReset();
  ipc.listen.mockImplementation(async (cb: Handler) => {
    handler = cb;
    return ipc.unlisten;
  });
  // Fake clocks that still move on their own, so that `until` keeps working.
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function renderBanner() {
  return render(
    <LocaleContext.Provider value={{ locale: "en-GB", timeZone: "UTC" }}>
      <ConnectivityProvider>
        <ConnectivityBanner />
      </ConnectivityProvider>
    </LocaleContext.Provider>,
  );
}

async function emit(online: boolean, at: string) {
  if (!handler) throw new Error("nobody listens to connectionChanged");
  const h = handler;
  await act(async () => h({ payload: { online, at } }));
}

describe("the offline banner", () => {
  it("appears when the server stops answering and gives way to a notice when it answers again", async () => {
    const invalidate = vi.spyOn(QueryClient.prototype, "invalidateQueries");
    const el = renderBanner();
    await until(() => handler !== null && ipc.connectionStatus.mock.calls.length === 1);
    expect(byTestId(el, "offline-banner")).toBeNull();
    expect(byTestId(el, "online-notice")).toBeNull();

    // Gone offline: the status, read again, says which screens show kept copies.
    ipc.connectionStatus.mockResolvedValue(
      status(false, [
        { screen: "dashboard", asOf: "2026-07-01T13:15:00Z" },
        { screen: "inventory", asOf: "2026-07-01T12:40:00Z" },
      ]),
    );
    await emit(false, "2026-07-01T14:02:00Z");
    await until(() => byTestId(el, "offline-as-of") !== null);
    const banner = byTestId(el, "offline-banner");
    expect(banner?.getAttribute("role")).toBe("status");
    expect(banner?.textContent).toBe(
      "Offline since 14:02 — the server cannot be reached. Showing reports kept on this computer as of 1 Jul 2026, 12:40. " +
        "Forecast overrides are kept on this computer and sent when it answers again; other changes are disabled until then.",
    );
    expect(invalidate).not.toHaveBeenCalled();

    // Back online: the banner goes, every query is read again, and a notice says so for a while.
    await emit(true, "2026-07-01T14:10:00Z");
    expect(byTestId(el, "offline-banner")).toBeNull();
    expect(byTestId(el, "online-notice")?.textContent).toBe("Back online — refreshing.");
    expect(byTestId(el, "online-notice")?.getAttribute("role")).toBe("status");
    expect(invalidate).toHaveBeenCalledTimes(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(ONLINE_NOTICE_MS + 100);
    });
    expect(byTestId(el, "online-notice")).toBeNull();
  });

  it("says reports opened before are shown when no kept copy is on screen yet", async () => {
    const el = renderBanner();
    await until(() => handler !== null);
    ipc.connectionStatus.mockResolvedValue(status(false));
    await emit(false, "2026-07-01T09:30:00Z");
    await until(() => byTestId(el, "offline-banner") !== null);
    expect(byTestId(el, "offline-banner")?.textContent).toBe(
      "Offline since 09:30 — the server cannot be reached. Reports you have opened before are shown from this computer. " +
        "Forecast overrides are kept on this computer and sent when it answers again; other changes are disabled until then.",
    );
    expect(byTestId(el, "offline-as-of")).toBeNull();
  });

  it("shows an offline start at once and reads the status again every two seconds while offline", async () => {
    ipc.connectionStatus.mockResolvedValue(status(false));
    const el = renderBanner();
    await until(() => byTestId(el, "offline-banner") !== null);
    const calls = ipc.connectionStatus.mock.calls.length;

    // A report screen now shows its kept copy: the next read finds it.
    ipc.connectionStatus.mockResolvedValue(status(false, [{ screen: "cash-projection", asOf: "2026-06-30T17:45:00Z" }]));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(OFFLINE_POLL_MS);
    });
    await until(() => byTestId(el, "offline-as-of") !== null);
    expect(ipc.connectionStatus.mock.calls.length).toBeGreaterThan(calls);
    expect(byTestId(el, "offline-as-of")?.textContent).toBe("30 Jun 2026, 17:45");

    // The status itself may be the first to say the server answers again.
    ipc.connectionStatus.mockResolvedValue(status(true));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(OFFLINE_POLL_MS);
    });
    await until(() => byTestId(el, "online-notice") !== null);
    expect(byTestId(el, "offline-banner")).toBeNull();
  });

  it("asks a user who signed in without the server to sign in again once it answers", async () => {
    const el = render(
      <LocaleContext.Provider value={{ locale: "en-GB", timeZone: "UTC" }}>
        <ConnectivityProvider>
          <ConnectivityBanner />
        </ConnectivityProvider>
      </LocaleContext.Provider>,
      { session: { offline: true } },
    );
    await until(() => byTestId(el, "offline-session") !== null);
    expect(byTestId(el, "offline-session")?.textContent).toContain("You signed in without it");
    expect(byTestId(el, "offline-session-sign-in")).not.toBeNull();
    expect(byTestId(el, "offline-banner")).toBeNull();
  });

  it("stops listening when the shell closes", async () => {
    let close = () => {};
    function Harness() {
      const [open, setOpen] = useState(true);
      close = () => setOpen(false);
      return open ? (
        <ConnectivityProvider>
          <ConnectivityBanner />
        </ConnectivityProvider>
      ) : null;
    }
    render(<Harness />);
    await until(() => handler !== null);
    expect(ipc.unlisten).not.toHaveBeenCalled();
    await act(async () => close());
    expect(ipc.unlisten).toHaveBeenCalledTimes(1);
  });
});
