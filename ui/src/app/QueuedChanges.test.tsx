// @vitest-environment happy-dom
import { QueryClient } from "@tanstack/react-query";
import { act, useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EditState, QueueSummary, QueuedEdit } from "../lib/ipc";
import { ConnectivityProvider } from "../shared/connectivity";
import { LocaleContext } from "../shared/locale";
import { byTestId, render, until } from "../test/render";
import { APPLIED_NOTICE_MS, QueuedChanges } from "./QueuedChanges";

// The queue's commands, and the event Rust emits after it replayed the queue by itself; the
// test plays the event through the callback the shell registered.
const ipc = vi.hoisted(() => ({
  queuedChanges: vi.fn(),
  resolveQueuedChange: vi.fn(),
  replayQueuedChanges: vi.fn(),
  connectionStatus: vi.fn(),
  listen: vi.fn(),
  unlisten: vi.fn(),
}));
vi.mock("../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../lib/ipc")>()),
  commands: {
    queuedChanges: ipc.queuedChanges,
    resolveQueuedChange: ipc.resolveQueuedChange,
    replayQueuedChanges: ipc.replayQueuedChanges,
    connectionStatus: ipc.connectionStatus,
  },
  events: {
    queueChanged: { listen: ipc.listen },
    // No window here: connectivity relies on the status alone.
    connectionChanged: { listen: () => Promise.reject(new Error("no Tauri window")) },
  },
}));

type Handler = (event: { payload: { summary: QueueSummary } }) => void;
let handler: Handler | null = null;

const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const summary = (over: Partial<QueueSummary> = {}): QueueSummary => ({ applied: 0, queued: 0, conflicts: 0, refused: 0, ...over });

function edit(id: string, state: EditState, over: Partial<QueuedEdit> = {}): QueuedEdit {
  return {
    id,
    change: { kind: "override", forecastId: `f-${id}`, value: 140, reason: "Prime Day", seenStatus: "draft" },
    queuedAt: "2026-12-02T09:15:00Z",
    state,
    after: null,
    server: null,
    refusal: null,
    ...over,
  };
}

const CONFLICT = edit("c-1", "conflict", {
  server: {
    forecastId: "f-server",
    value: 170,
    status: "submitted",
    reason: "Listing moved",
    changedBy: "Sam Lee",
    changedAt: "2026-12-02T11:40:00Z",
    sku: "GR-UK-30",
    productName: "GABA Red 30",
    channelName: "Amazon UK",
    period: "2026-12-01",
  },
});

beforeEach(() => {
  handler = null;
  for (const f of [ipc.queuedChanges, ipc.resolveQueuedChange, ipc.replayQueuedChanges, ipc.connectionStatus, ipc.unlisten, ipc.listen]) f.mockReset();
  ipc.queuedChanges.mockResolvedValue(ok([]));
  ipc.connectionStatus.mockResolvedValue(ok({ online: true, servedFromCache: [] }));
  ipc.listen.mockImplementation(async (cb: Handler) => {
    handler = cb;
    return ipc.unlisten;
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function renderQueue() {
  return render(
    <LocaleContext.Provider value={{ locale: "en-GB", timeZone: "UTC" }}>
      <ConnectivityProvider>
        <QueuedChanges />
      </ConnectivityProvider>
    </LocaleContext.Provider>,
    { session: {} },
  );
}

async function emit(s: QueueSummary) {
  if (!handler) throw new Error("nobody listens to queueChanged");
  const h = handler;
  await act(async () => h({ payload: { summary: s } }));
}

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

const text = (el: ParentNode, id: string) => byTestId(el, id)?.textContent ?? null;
const all = (el: ParentNode, id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
const dialogOf = (el: HTMLElement) => byTestId<HTMLDialogElement>(el, "conflict-dialog");

describe("the queue notice", () => {
  it("says nothing while no change waits, and counts the changes once some do", async () => {
    const el = renderQueue();
    await until(() => ipc.queuedChanges.mock.calls.length === 1 && handler !== null);
    expect(byTestId(el, "queue-notice")).toBeNull();

    ipc.queuedChanges.mockResolvedValue(ok([edit("q-1", "queued"), edit("q-2", "queued")]));
    await emit(summary({ queued: 2 }));
    await until(() => byTestId(el, "queue-notice") !== null);
    expect(text(el, "queue-notice")).toBe("2 changes wait to be sent — kept on this computer.Review");
    expect(byTestId(el, "queue-notice")?.getAttribute("role")).toBe("status");
    // Waiting alone opens nothing: the dialog is the user's to open.
    expect(dialogOf(el)?.open).toBe(false);
  });

  it("lists the changes on Review, and sends them on Send now, saying how many were applied", async () => {
    ipc.queuedChanges.mockResolvedValue(ok([edit("q-1", "queued"), edit("q-2", "queued", { change: { kind: "override", forecastId: "f-x", value: 95, reason: "Listing paused", seenStatus: "draft" } })]));
    const invalidate = vi.spyOn(QueryClient.prototype, "invalidateQueries");
    const el = renderQueue();
    await until(() => byTestId(el, "queue-review") !== null);
    await click(byTestId(el, "queue-review"));
    const dialog = dialogOf(el) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(all(dialog, "queue-item-what").map((w) => w.textContent)).toEqual(["140 units · “Prime Day”", "95 units · “Listing paused”"]);
    expect(all(dialog, "queue-item").map((i) => i.textContent)).toEqual([
      "140 units · “Prime Day”Waits for the server · queued 2 Dec 2026, 09:15",
      "95 units · “Listing paused”Waits for the server · queued 2 Dec 2026, 09:15",
    ]);
    // Nothing to decide: the first button is Send now.
    expect(document.activeElement).toBe(byTestId(dialog, "queue-send-now"));

    ipc.replayQueuedChanges.mockResolvedValue(ok(summary({ applied: 2 })));
    ipc.queuedChanges.mockResolvedValue(ok([]));
    await click(byTestId(dialog, "queue-send-now"));
    await until(() => byTestId(el, "queue-applied") !== null);
    expect(ipc.replayQueuedChanges).toHaveBeenCalledTimes(1);
    expect(text(el, "queue-applied")).toBe("2 queued changes were applied.");
    // Every screen reads again, to show the values now on the server.
    expect(invalidate).toHaveBeenLastCalledWith(undefined);
    await until(() => byTestId(el, "queue-notice") === null);
    expect(byTestId(dialog, "queue-empty")).not.toBeNull();
  });

  it("shows the applied notice after an automatic replay, for a while", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const invalidate = vi.spyOn(QueryClient.prototype, "invalidateQueries");
    const el = renderQueue();
    await until(() => handler !== null);
    await emit(summary({ applied: 1 }));
    expect(text(el, "queue-applied")).toBe("1 queued change was applied.");
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(dialogOf(el)?.open).toBe(false);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(APPLIED_NOTICE_MS + 100);
    });
    expect(byTestId(el, "queue-applied")).toBeNull();
  });

  it("offers no Send now while offline", async () => {
    ipc.connectionStatus.mockResolvedValue(ok({ online: false, servedFromCache: [] }));
    ipc.queuedChanges.mockResolvedValue(ok([edit("q-1", "queued")]));
    const el = renderQueue();
    await until(() => byTestId(el, "queue-review") !== null && ipc.connectionStatus.mock.calls.length > 0);
    await until(() => byTestId(el, "queue-notice") !== null);
    await click(byTestId(el, "queue-review"));
    expect(byTestId(dialogOf(el) as HTMLElement, "queue-send-now")).toBeNull();
    expect(byTestId(dialogOf(el) as HTMLElement, "queue-close")).not.toBeNull();
  });
});

describe("the conflict dialog", () => {
  it("opens by itself when a replay meets a newer value, shows both sides and closes on Escape without deciding", async () => {
    const el = renderQueue();
    await until(() => handler !== null);
    ipc.queuedChanges.mockResolvedValue(ok([CONFLICT]));
    await emit(summary({ conflicts: 1 }));
    const dialog = dialogOf(el) as HTMLDialogElement;
    await until(() => byTestId(dialog, "conflict-mine") !== null);
    expect(dialog.open).toBe(true);
    expect(text(el, "queue-notice")).toContain("1 change needs your decision");
    expect(text(dialog, "queue-item-what")).toBe("GR-UK-30 · Amazon UK · 1 Dec 2026");
    expect(text(dialog, "conflict-product")).toBe("GABA Red 30");
    expect(text(dialog, "conflict-mine")).toBe("YoursUnits140 unitsReasonPrime DayQueued2 Dec 2026, 09:15");
    expect(text(dialog, "conflict-server")).toBe(
      "On the server nowUnits170 unitsReasonListing movedStatusSubmittedChanged bySam LeeChanged2 Dec 2026, 11:40",
    );
    expect(document.activeElement).toBe(byTestId(dialog, "conflict-keep-mine"));
    expect(byTestId(dialog, "conflict-keep-mine")?.getAttribute("aria-label")).toBe("Keep mine for GR-UK-30 · Amazon UK · 1 Dec 2026");

    const cancel = new Event("cancel", { cancelable: true });
    await act(async () => dialog.dispatchEvent(cancel));
    expect(cancel.defaultPrevented).toBe(true);
    expect(dialog.open).toBe(false);
    expect(ipc.resolveQueuedChange).not.toHaveBeenCalled();
    expect(byTestId(el, "queue-notice")).not.toBeNull();
  });

  it("keeps the server's value on request, even offline, and reads the queue again", async () => {
    ipc.connectionStatus.mockResolvedValue(ok({ online: false, servedFromCache: [] }));
    ipc.queuedChanges.mockResolvedValue(ok([CONFLICT]));
    const el = renderQueue();
    await until(() => byTestId(el, "queue-review") !== null && ipc.connectionStatus.mock.calls.length > 0);
    await click(byTestId(el, "queue-review"));
    const dialog = dialogOf(el) as HTMLDialogElement;

    ipc.resolveQueuedChange.mockResolvedValue(ok(summary()));
    ipc.queuedChanges.mockResolvedValue(ok([]));
    const reads = ipc.queuedChanges.mock.calls.length;
    await click(byTestId(dialog, "conflict-keep-server"));
    await until(() => byTestId(dialog, "queue-empty") !== null);
    expect(ipc.resolveQueuedChange).toHaveBeenCalledWith("c-1", "server");
    expect(ipc.queuedChanges.mock.calls.length).toBeGreaterThan(reads);
    expect(byTestId(el, "queue-notice")).toBeNull();
    // Focus stays in the dialog, on what is left to press.
    expect(document.activeElement).toBe(byTestId(dialog, "queue-close"));
  });

  it("keeps mine on request, and says in words why when it cannot", async () => {
    ipc.queuedChanges.mockResolvedValue(ok([CONFLICT]));
    const el = renderQueue();
    await until(() => byTestId(el, "queue-review") !== null);
    await click(byTestId(el, "queue-review"));
    const dialog = dialogOf(el) as HTMLDialogElement;

    ipc.resolveQueuedChange.mockResolvedValueOnce({
      status: "error",
      error: { kind: "validation", field: "keep", message: "this change is applied: there is no server value to keep yours over" },
    });
    await click(byTestId(dialog, "conflict-keep-mine"));
    await until(() => byTestId(dialog, "queue-item-error") !== null);
    expect(ipc.resolveQueuedChange).toHaveBeenCalledWith("c-1", "mine");
    expect(text(dialog, "queue-item-error")).toBe("Check the form. Keep: this change is applied: there is no server value to keep yours over");
    expect(dialog.open).toBe(true);

    // Mine goes over the server's value and is applied at once.
    ipc.resolveQueuedChange.mockResolvedValueOnce(ok(summary({ applied: 1 })));
    ipc.queuedChanges.mockResolvedValue(ok([]));
    await click(byTestId(dialog, "conflict-keep-mine"));
    await until(() => byTestId(el, "queue-applied") !== null);
    expect(text(el, "queue-applied")).toBe("1 queued change was applied.");
    expect(byTestId(dialog, "queue-item-error")).toBeNull();
  });

  it("shows a refused change with the server's words and drops it only on Discard", async () => {
    const refused = edit("r-1", "refused", { refusal: "not permitted: forecast.run" });
    ipc.queuedChanges.mockResolvedValue(ok([edit("q-1", "queued"), refused]));
    const el = renderQueue();
    await until(() => byTestId(el, "queue-review") !== null);
    expect(text(el, "queue-notice")).toContain("1 change needs your decision; 1 waits to be sent");
    await click(byTestId(el, "queue-review"));
    const dialog = dialogOf(el) as HTMLDialogElement;
    // What needs the user comes first.
    expect(all(dialog, "queue-item").map((i) => i.getAttribute("data-state"))).toEqual(["refused", "queued"]);
    expect(text(dialog, "queue-refusal")).toBe("not permitted: forecast.run");
    expect(all(dialog, "queue-discard")).toHaveLength(1);
    expect(byTestId(dialog, "conflict-keep-mine")).toBeNull();

    ipc.resolveQueuedChange.mockResolvedValue(ok(summary({ queued: 1 })));
    ipc.queuedChanges.mockResolvedValue(ok([edit("q-1", "queued")]));
    await click(byTestId(dialog, "queue-discard"));
    await until(() => all(dialog, "queue-item").length === 1);
    expect(ipc.resolveQueuedChange).toHaveBeenCalledWith("r-1", "server");
    expect(text(el, "queue-notice")).toContain("1 change waits to be sent");
  });

  it("words a queued comment, and lets its author discard one the server refused", async () => {
    const comment = (id: string, state: EditState, period: string | null, body: string, refusal: string | null = null) =>
      edit(id, state, { change: { kind: "comment", key: { productId: "p-red", channelId: "c-uk" }, period, body }, refusal });
    ipc.queuedChanges.mockResolvedValue(
      ok([
        comment("cq-1", "queued", "2026-12-01", "Buyer called: expect a reorder before Christmas, about twice the usual order."),
        comment("cr-1", "refused", null, "Listing lost", "not permitted: forecast.run"),
      ]),
    );
    const el = renderQueue();
    await until(() => byTestId(el, "queue-review") !== null);
    await click(byTestId(el, "queue-review"));
    const dialog = dialogOf(el) as HTMLDialogElement;
    const [refused, waiting] = all(dialog, "queue-item") as [HTMLElement, HTMLElement];
    expect(text(waiting, "queue-item-what")).toBe("Comment on 1 Dec 2026: “Buyer called: expect a reorder before Christmas, about twice…”");
    expect(text(waiting, "queue-item-state")).toBe("Waits for the server");
    expect(byTestId(waiting, "queue-discard")).toBeNull();
    expect(text(refused, "queue-item-what")).toBe("Comment on the series: “Listing lost”");
    expect(text(refused, "queue-item-state")).toBe("Refused by the server");
    expect(text(refused, "queue-refusal")).toBe("not permitted: forecast.run");
    expect(byTestId(dialog, "conflict-keep-mine")).toBeNull();

    ipc.resolveQueuedChange.mockResolvedValue(ok(summary({ queued: 1 })));
    await click(byTestId(refused, "queue-discard"));
    await until(() => ipc.resolveQueuedChange.mock.calls.length === 1);
    expect(ipc.resolveQueuedChange).toHaveBeenCalledWith("cr-1", "server");
  });

  it("stops listening when the shell closes", async () => {
    let close = () => {};
    function Harness() {
      const [open, setOpen] = useState(true);
      close = () => setOpen(false);
      return open ? <QueuedChanges /> : null;
    }
    render(<Harness />, { session: {} });
    await until(() => handler !== null);
    expect(ipc.unlisten).not.toHaveBeenCalled();
    await act(async () => close());
    expect(ipc.unlisten).toHaveBeenCalledTimes(1);
  });
});
