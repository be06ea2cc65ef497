// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AvailableUpdate, CommandResult, Permission, UpdateCheck, UpdateProgress } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { UpdateNotifier, UpdateSourceLine } from "./UpdateNotifier";
import { CHECK_INTERVAL_MS } from "./updates";
import { useUpdater } from "./useUpdater";

const ipc = vi.hoisted(() => ({
  checkForUpdate: vi.fn(),
  installUpdate: vi.fn(),
  restartApp: vi.fn(),
}));
// Progress arrives on a channel passed with the call; the stand-in keeps its handler so a test
// can send messages, and counts the channels made (one per install).
const progressChannels = vi.hoisted(() => {
  const state = { onMessage: null as ((p: unknown) => void) | null, made: 0 };
  return {
    state,
    progressChannel: (onMessage: (p: unknown) => void) => {
      state.onMessage = onMessage;
      state.made += 1;
      return { id: state.made };
    },
  };
});
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
  progressChannel: progressChannels.progressChannel,
}));

const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const SOURCE = { manifestUrl: "https://updates.example.com/sentia/stable/latest.json", channel: "stable", setBy: "settings" };

function release(overrides: Partial<AvailableUpdate> = {}): AvailableUpdate {
  return {
    version: "1.4.0",
    notes: "Faster imports.\nA clearer dashboard.",
    published: "2026-12-07 6:55:21.0 +00:00:00",
    mandatory: false,
    ...overrides,
  };
}

function found(available: AvailableUpdate | null = release(), source: UpdateCheck["source"] = SOURCE): CommandResult<UpdateCheck> {
  return ok({ currentVersion: "1.3.2", source, available });
}

/** A command that answers when the test says so. */
function deferred<T>() {
  let resolve: (value: CommandResult<T>) => void = () => {};
  const promise = new Promise<CommandResult<T>>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The notifier and the About line as the shell has them. */
function Shell() {
  const updater = useUpdater();
  return (
    <>
      <UpdateNotifier updater={updater} />
      <UpdateSourceLine check={updater.check} />
    </>
  );
}

const renderShell = () => render(<Shell />, { session: { permissions: VIEWER } });

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

async function sendProgress(p: UpdateProgress) {
  await act(async () => progressChannels.state.onMessage?.(p));
}

const text = (el: ParentNode, id: string) => byTestId(el, id)?.textContent ?? null;

let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  progressChannels.state.onMessage = null;
  progressChannels.state.made = 0;
  ipc.checkForUpdate.mockResolvedValue(found());
  ipc.restartApp.mockResolvedValue(ok(null));
  warn = vi.spyOn(console, "warn").mockImplementation(() => {});
});

afterEach(() => {
  warn.mockRestore();
  vi.useRealTimers();
});

describe("the update notifier", () => {
  it("shows nothing when IT named no update server, or when there is nothing newer", async () => {
    ipc.checkForUpdate.mockResolvedValue(found(null, null));
    const none = renderShell();
    await until(() => byTestId(none, "update-source") !== null);
    expect(text(none, "update-source")).toBe("Updates: not configured by IT");
    expect(byTestId(none, "update-banner")).toBeNull();
    expect(byTestId(none, "update-mandatory")).toBeNull();

    ipc.checkForUpdate.mockResolvedValue(found(null));
    const current = renderShell();
    await until(() => byTestId(current, "update-source") !== null);
    expect(text(current, "update-source")).toBe("Updates: stable from https://updates.example.com/sentia/stable/latest.json (set by settings)");
    expect(byTestId(current, "update-banner")).toBeNull();
  });

  it("offers a newer release in a status banner and opens its notes", async () => {
    const el = renderShell();
    await until(() => byTestId(el, "update-banner") !== null);
    const banner = byTestId(el, "update-banner") as HTMLElement;
    expect(banner.getAttribute("role")).toBe("status");
    expect(text(banner, "update-message")).toBe("Sentia 1.4.0 is available (you have 1.3.2).");
    expect(Array.from(banner.querySelectorAll("button")).map((b) => b.textContent)).toEqual(["What’s new", "Install now", "Later"]);
    expect(ipc.checkForUpdate).toHaveBeenCalledTimes(1);

    await click(byTestId(el, "update-whats-new"));
    const notes = byTestId(el, "update-notes") as HTMLDialogElement;
    expect(notes.open).toBe(true);
    expect(notes.textContent).toContain("What’s new in Sentia 1.4.0");
    // Plain text with its line breaks, not markup.
    expect(text(notes, "update-notes-text")).toBe("Faster imports.\nA clearer dashboard.");
    expect(text(notes, "update-published")).toMatch(/^Published 7 Dec 2026/);
    await click(byTestId(el, "update-notes-close"));
    expect(notes.open).toBe(false);

    await click(byTestId(el, "update-later"));
    expect(byTestId(el, "update-banner")).toBeNull();
  });

  it("installs with the progress Rust sends, then offers the restart", async () => {
    const installing = deferred<null>();
    ipc.installUpdate.mockReturnValue(installing.promise);
    const el = renderShell();
    await until(() => byTestId(el, "update-install") !== null);
    await click(byTestId(el, "update-install"));
    expect(ipc.installUpdate).toHaveBeenCalledWith("1.4.0", { id: 1 });
    expect(text(el, "update-stage")).toBe("Downloading the update…");
    // Before the size is known the bar has no value.
    expect(byTestId(el, "update-progress")?.hasAttribute("value")).toBe(false);
    expect(byTestId(el, "update-install")).toBeNull();
    expect(byTestId(el, "update-later")).toBeNull();

    await sendProgress({ kind: "downloading", received: 1_200_000, total: null });
    expect(text(el, "update-percent")).toBe("1.2 MB received");
    await sendProgress({ kind: "downloading", received: 2_500_000, total: 10_000_000 });
    const bar = byTestId<HTMLProgressElement>(el, "update-progress");
    expect(bar?.tagName).toBe("PROGRESS");
    expect(bar?.getAttribute("value")).toBe("25");
    expect(bar?.getAttribute("max")).toBe("100");
    expect(bar?.getAttribute("aria-valuenow")).toBe("25");
    expect(text(el, "update-percent")).toBe("25%");

    await sendProgress({ kind: "verified" });
    expect(text(el, "update-stage")).toMatch(/^Verified/);
    expect(byTestId(el, "update-progress")).toBeNull();

    await sendProgress({ kind: "installed" });
    await act(async () => installing.resolve(ok(null)));
    expect(text(el, "update-message")).toBe("Installed — restart to use Sentia 1.4.0");
    expect(byTestId(el, "update-error")).toBeNull();
    expect(byTestId(el, "update-later")?.textContent).toBe("Later");
    await click(byTestId(el, "update-restart"));
    expect(ipc.restartApp).toHaveBeenCalledTimes(1);
  });

  it("shows why an install was refused in Rust's words, and offers it again", async () => {
    ipc.installUpdate.mockResolvedValue({
      status: "error",
      error: { kind: "validation", field: "update", message: "the update's signature is not Sentia's: it was not installed" },
    });
    const el = renderShell();
    await until(() => byTestId(el, "update-install") !== null);
    await click(byTestId(el, "update-install"));
    await until(() => byTestId(el, "update-error") !== null);
    expect(text(el, "update-error")).toBe("The update's signature is not Sentia's: it was not installed.");
    expect(byTestId(el, "update-error")?.getAttribute("role")).toBe("alert");
    expect(byTestId(el, "update-banner")?.contains(byTestId(el, "update-error"))).toBe(true);

    // An import under way: the same banner says so.
    ipc.installUpdate.mockResolvedValue({
      status: "error",
      error: { kind: "conflict", constraint: "no_update_during_work", field: null, message: "an import is under way: install the update when it has finished" },
    });
    await click(byTestId(el, "update-install"));
    await until(() => text(el, "update-error")?.startsWith("An import") === true);
    expect(text(el, "update-error")).toBe("An import is under way: install the update when it has finished.");
    expect(ipc.installUpdate).toHaveBeenCalledTimes(2);
  });

  it("shows a refused restart in the banner", async () => {
    ipc.installUpdate.mockResolvedValue(ok(null));
    ipc.restartApp.mockResolvedValue({
      status: "error",
      error: { kind: "conflict", constraint: "no_update_during_work", field: null, message: "a forecast run is under way: install the update when it has finished" },
    });
    const el = renderShell();
    await until(() => byTestId(el, "update-install") !== null);
    await click(byTestId(el, "update-install"));
    await until(() => byTestId(el, "update-restart") !== null);
    await click(byTestId(el, "update-restart"));
    await until(() => byTestId(el, "update-error") !== null);
    expect(text(el, "update-error")).toBe("A forecast run is under way: install the update when it has finished.");
    expect(byTestId<HTMLButtonElement>(el, "update-restart")?.disabled).toBe(false);
  });

  it("asks for a release IT requires in a dialog that cannot be put off", async () => {
    ipc.checkForUpdate.mockResolvedValue(found(release({ mandatory: true })));
    ipc.installUpdate.mockResolvedValue(ok(null));
    const el = renderShell();
    await until(() => byTestId(el, "update-mandatory") !== null);
    const dialog = byTestId(el, "update-mandatory") as HTMLDialogElement;
    expect(dialog.tagName).toBe("DIALOG");
    expect(dialog.open).toBe(true);
    expect(byTestId(el, "update-banner")).toBeNull();
    expect(text(dialog, "update-message")).toContain("requires Sentia 1.4.0 (you have 1.3.2)");
    expect(text(dialog, "update-notes-text")).toBe("Faster imports.\nA clearer dashboard.");
    expect(byTestId(dialog, "update-later")).toBeNull();
    expect(Array.from(dialog.querySelectorAll("button")).map((b) => b.textContent)).toEqual(["Install now"]);

    // Escape asks the dialog to cancel; it stays.
    await act(async () => dialog.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true })));
    const cancel = new Event("cancel", { cancelable: true });
    await act(async () => dialog.dispatchEvent(cancel));
    expect(cancel.defaultPrevented).toBe(true);
    expect(dialog.open).toBe(true);
    expect(byTestId(el, "update-mandatory")).toBe(dialog);

    await click(byTestId(dialog, "update-install"));
    await until(() => byTestId(dialog, "update-restart") !== null);
    expect(text(dialog, "update-message")).toBe("Installed — restart to use Sentia 1.4.0");
    expect(byTestId(dialog, "update-later")).toBeNull();
    await click(byTestId(dialog, "update-restart"));
    expect(ipc.restartApp).toHaveBeenCalledTimes(1);
  });

  it("looks again every six hours; a failed check is only logged, and Later lasts until the next check", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    ipc.checkForUpdate.mockResolvedValueOnce({ status: "error", error: { kind: "offline" } });
    const el = renderShell();
    await until(() => warn.mock.calls.length === 1);
    expect(ipc.checkForUpdate).toHaveBeenCalledTimes(1);
    expect(byTestId(el, "update-banner")).toBeNull();
    expect(byTestId(el, "update-error")).toBeNull();
    expect(byTestId(el, "update-source")).toBeNull();

    // A call that never reached Rust is logged the same way.
    ipc.checkForUpdate.mockRejectedValueOnce("ipc unavailable");
    await act(async () => vi.advanceTimersByTime(CHECK_INTERVAL_MS - 1));
    expect(ipc.checkForUpdate).toHaveBeenCalledTimes(1);
    await act(async () => vi.advanceTimersByTime(1));
    expect(ipc.checkForUpdate).toHaveBeenCalledTimes(2);
    await until(() => warn.mock.calls.length === 2);
    expect(byTestId(el, "update-banner")).toBeNull();

    await act(async () => vi.advanceTimersByTime(CHECK_INTERVAL_MS));
    await until(() => byTestId(el, "update-banner") !== null);
    expect(ipc.checkForUpdate).toHaveBeenCalledTimes(3);
    await click(byTestId(el, "update-later"));
    expect(byTestId(el, "update-banner")).toBeNull();

    await act(async () => vi.advanceTimersByTime(CHECK_INTERVAL_MS));
    await until(() => byTestId(el, "update-banner") !== null);
    expect(ipc.checkForUpdate).toHaveBeenCalledTimes(4);
  });

  it("does not look again once an install has begun", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    ipc.installUpdate.mockReturnValue(deferred<null>().promise);
    const el = renderShell();
    await until(() => byTestId(el, "update-install") !== null);
    await click(byTestId(el, "update-install"));
    await act(async () => vi.advanceTimersByTime(CHECK_INTERVAL_MS));
    expect(ipc.checkForUpdate).toHaveBeenCalledTimes(1);
    expect(byTestId(el, "update-progress")).not.toBeNull();
  });
});
