// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CommandResult } from "../lib/ipc";
import { render, until } from "../test/render";
import { type CallResult, useCommandCall } from "./call";
import { ConnectivityProvider, useConnectivity } from "./connectivity";

const ipc = vi.hoisted(() => ({
  connectionStatus: vi.fn(),
  saveThing: vi.fn(),
}));
vi.mock("../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../lib/ipc")>()),
  commands: { connectionStatus: ipc.connectionStatus },
  // No window here: the provider relies on the status alone.
  events: { connectionChanged: { listen: () => Promise.reject(new Error("no Tauri window")) } },
}));

const ok = <T,>(data: T): CommandResult<T> => ({ status: "ok", data });

beforeEach(() => {
  ipc.connectionStatus.mockReset();
  ipc.saveThing.mockReset();
  ipc.saveThing.mockResolvedValue(ok(7));
});

type Probe = { call: ReturnType<typeof useCommandCall>; online: boolean };

/** `useCommandCall` in a signed-in shell, with or without the connectivity provider. */
function renderCall(withProvider: boolean) {
  const result = { current: undefined as unknown as Probe };
  function Probe() {
    result.current = { call: useCommandCall(), online: useConnectivity().online };
    return null;
  }
  render(withProvider ? <ConnectivityProvider><Probe /></ConnectivityProvider> : <Probe />, { session: {} });
  return result;
}

async function offline() {
  ipc.connectionStatus.mockResolvedValue(ok({ online: false, servedFromCache: [] }));
  const result = renderCall(true);
  await until(() => !result.current.online);
  return result;
}

describe("useCommandCall offline", () => {
  it("refuses a change without calling the command, saying changes are disabled", async () => {
    const result = await offline();
    const res: CallResult<number> = await result.current.call(() => ipc.saveThing(), "save the thing");
    expect(ipc.saveThing).not.toHaveBeenCalled();
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.raw).toEqual({ kind: "offline" });
    expect(res.error.kind).toBe("offline");
    expect(res.error.message).toBe(
      "Could not save the thing: the server cannot be reached, and changes are disabled while offline. " +
        "Try again once it answers (check the network or VPN).",
    );
  });

  it("returns what Rust answered to a call its caller already sent", async () => {
    const result = await offline();
    // Done by Rust alone (a local file): reported as done, not as refused.
    await expect(result.current.call(ipc.saveThing(), "save the thing")).resolves.toEqual({ ok: true, data: 7 });
    // Needing the server: Rust refuses it in the same words.
    ipc.saveThing.mockResolvedValue({ status: "error", error: { kind: "offline" } });
    const res = await result.current.call(ipc.saveThing(), "save the thing");
    expect(res.ok === false && res.error.message).toMatch(/changes are disabled while offline/);
  });

  it("calls the command when online, and without a provider takes the app to be online", async () => {
    ipc.connectionStatus.mockResolvedValue(ok({ online: true, servedFromCache: [] }));
    const inShell = renderCall(true);
    await until(() => ipc.connectionStatus.mock.calls.length > 0);
    await expect(inShell.current.call(() => ipc.saveThing(), "save the thing")).resolves.toEqual({ ok: true, data: 7 });

    const bare = renderCall(false);
    expect(bare.current.online).toBe(true);
    await expect(bare.current.call(() => ipc.saveThing(), "save the thing")).resolves.toEqual({ ok: true, data: 7 });
    expect(ipc.saveThing).toHaveBeenCalledTimes(2);
  });
});
