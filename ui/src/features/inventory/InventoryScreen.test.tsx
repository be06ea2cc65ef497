// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CommandResult, ItemProjection, Permission } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { cacheInfo } from "../../test/cacheInfo";
import { GOLD_EU, item, limit, order, plan, projection, summary } from "./fixtures.test-data";
import { InventoryScreen } from "./InventoryScreen";

const ipc = vi.hoisted(() => ({
  listInventory: vi.fn(),
  listMarkets: vi.fn(),
  myApprovalLimit: vi.fn(),
  planInventory: vi.fn(),
  inventoryProjection: vi.fn(),
  listReplenishmentOrders: vi.fn(),
  decideReplenishmentOrder: vi.fn(),
  offlineCacheInfo: vi.fn(),
  keepOffline: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));
// The chart library draws on a canvas, which the test DOM has not got: the stand-in shows what it was given.
vi.mock("./ProjectionChart", () => ({
  ProjectionChart: ({ projection: p }: { projection: ItemProjection }) => (
    <p data-testid="projection-chart-stand-in">
      {p.weeks.length} weeks, reorder point {p.plan.reorderPoint}
    </p>
  ),
}));

const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const PLANNER: Permission[] = [...VIEWER, "forecast.run"];
const APPROVER: Permission[] = [...VIEWER, "forecast.approve"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.listInventory.mockResolvedValue(ok([item(), GOLD_EU]));
  ipc.listMarkets.mockResolvedValue(ok([{ id: "m-uk", fields: { code: "UK", name: "United Kingdom", active: true } }]));
  ipc.myApprovalLimit.mockResolvedValue(ok(limit()));
  ipc.inventoryProjection.mockResolvedValue(ok(projection()));
  ipc.listReplenishmentOrders.mockResolvedValue(ok([]));
  ipc.offlineCacheInfo.mockResolvedValue(ok(cacheInfo([])));
  ipc.keepOffline.mockResolvedValue(ok(true));
});

const renderInventory = (permissions: Permission[], path = "/inventory") => render(<InventoryScreen />, { path, session: { permissions } });

async function typeInto(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLInputElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  const proto = field instanceof HTMLSelectElement ? HTMLSelectElement.prototype : field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

const text = (el: HTMLElement, id: string) => byTestId(el, id)?.textContent ?? null;
const skus = (el: HTMLElement) => Array.from(el.querySelectorAll("[data-testid='inventory-items'] tbody tr")).map((r) => r.getAttribute("data-sku"));

function deferred<T>() {
  let resolve: (value: CommandResult<T>) => void = () => {};
  const promise = new Promise<CommandResult<T>>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("inventory items", () => {
  it("lists the items most at risk first, filters them, and leaves planning to planners", async () => {
    const el = renderInventory(VIEWER);
    await until(() => skus(el).length === 2);
    expect(skus(el)).toEqual(["GR-UK-30", "GG-EU-60"]);
    expect(ipc.listInventory).toHaveBeenCalledWith(null);
    expect(byTestId(el, "inventory-row-GR-UK-30-FBA-UK-BHX4")?.textContent).toContain("Reorder now");
    expect(byTestId(el, "inventory-run-planning")).toBeNull();
    expect(text(el, "inventory-permission-note")).toContain("running planning and submitting orders needs");

    await typeInto(el, "inventory-filter-status", "at-risk");
    expect(skus(el)).toEqual(["GR-UK-30"]);
    await typeInto(el, "inventory-filter-status", "all");
    await typeInto(el, "inventory-search", "gold");
    expect(skus(el)).toEqual(["GG-EU-60"]);
    await typeInto(el, "inventory-search", "nothing like it");
    expect(byTestId(el, "inventory-no-match")).not.toBeNull();

    await until(() => el.querySelectorAll("[data-testid='inventory-filter-market'] option").length === 3);
    await typeInto(el, "inventory-filter-market", "UK");
    await until(() => ipc.listInventory.mock.calls.some((c) => c[0] === "UK"));
  });

  it("asks for a first planning run, runs it and shows what it did", async () => {
    ipc.listInventory.mockResolvedValue(ok([item({ planningRunId: null, reasons: [] }), { ...GOLD_EU, planningRunId: null }]));
    const el = renderInventory(PLANNER);
    await until(() => byTestId(el, "inventory-never-planned") !== null);
    expect(byTestId(el, "inventory-never-planned")?.textContent).toContain("Run one to plan every item");

    const running = deferred<ReturnType<typeof summary>>();
    ipc.planInventory.mockReturnValueOnce(running.promise);
    await click(byTestId(el, "inventory-run-planning"));
    await until(() => byTestId(el, "inventory-planning") !== null);
    expect(byTestId(el, "inventory-run-planning")?.getAttribute("aria-busy")).toBe("true");

    ipc.listInventory.mockResolvedValue(ok([item(), GOLD_EU]));
    await act(async () => running.resolve(ok(summary({ warnings: ["GG-EU-60: no unit cost, ordered at zero value"] }))));
    await until(() => byTestId(el, "inventory-plan-summary") !== null);
    expect(text(el, "inventory-plan-summary")).toContain("Planned 2 items in 1.8 s: 1 draft order recommended, 1 item at risk.");
    expect(text(el, "inventory-plan-sources")).toBe("Demand from: Approved forecast 1 · Recent sales (13 weeks) 1.");
    expect(text(el, "inventory-plan-warnings")).toContain("no unit cost");
    await until(() => byTestId(el, "inventory-never-planned") === null);
    expect(ipc.listInventory).toHaveBeenCalledTimes(2);
  });

  it("words a failed planning run next to the button", async () => {
    ipc.planInventory.mockResolvedValue({ status: "error", error: { kind: "forbidden", permission: "forecast.run" } });
    const el = renderInventory(PLANNER);
    await until(() => byTestId(el, "inventory-run-planning") !== null);
    await click(byTestId(el, "inventory-run-planning"));
    await until(() => byTestId(el, "inventory-plan-error") !== null);
    expect(text(el, "inventory-plan-error")).toContain("Not permitted");
  });

  it("says there is nothing to plan when no stock has been counted", async () => {
    ipc.listInventory.mockResolvedValue(ok([]));
    const el = renderInventory(PLANNER);
    await until(() => byTestId(el, "inventory-empty") !== null);
    expect(byTestId(el, "inventory-never-planned")).toBeNull();
  });
});

describe("an item's plan", () => {
  it("opens from the list with its figures and reasons, and works out a what-if as the user types", async () => {
    const el = renderInventory(VIEWER);
    await until(() => skus(el).length === 2);
    await click(byTestId(el, "inventory-row-GR-UK-30-FBA-UK-BHX4")?.querySelector("td"));
    await until(() => byTestId(el, "projection-chart-stand-in") !== null);
    expect(ipc.inventoryProjection).toHaveBeenCalledWith({ productId: "p-red-uk", location: "FBA-UK-BHX4", leadTimeDays: null, serviceLevel: null });
    expect(text(el, "inventory-item-title")).toBe("GR-UK-30 · FBA-UK-BHX4");
    expect(text(el, "item-reasons")).toContain("Projected to run out on 21 Dec 2026, before an order placed today arrives (+40 risk points)");
    expect(byTestId<HTMLInputElement>(el, "whatif-lead-time")?.value).toBe("21");
    expect(byTestId<HTMLInputElement>(el, "whatif-service-level")?.value).toBe("98");
    expect(text(el, "plan-reorder-point")).toBe("210 units");
    expect(text(el, "plan-cycle-service-level")).toBe("98.12%");
    expect(text(el, "plan-order-value")).toBe("£2,520.00");
    expect(text(el, "plan-adjustments")).toContain("540 → 600Rounded up to whole batches of 200£252.00");
    expect(byTestId(el, "inventory-projection-chart")).not.toBeNull();
    expect(byTestId<HTMLButtonElement>(el, "whatif-reset")?.disabled).toBe(true);

    ipc.inventoryProjection.mockResolvedValue(ok(projection({ plan: plan({ leadTimeDays: 35, reorderPoint: "320" }) })));
    await typeInto(el, "whatif-lead-time", "3");
    await typeInto(el, "whatif-lead-time", "35");
    await until(() => text(el, "plan-reorder-point") === "320 units");
    // One request for the settled value, none for the keystroke before it.
    expect(ipc.inventoryProjection).toHaveBeenCalledTimes(2);
    expect(ipc.inventoryProjection).toHaveBeenLastCalledWith({ productId: "p-red-uk", location: "FBA-UK-BHX4", leadTimeDays: 35, serviceLevel: null });

    await typeInto(el, "whatif-service-level", "100");
    await until(() => byTestId(el, "whatif-service-level")?.getAttribute("aria-invalid") === "true");
    expect(el.textContent).toContain("Enter a percentage from 50 to 99.99.");
    expect(text(el, "plan-reorder-point")).toBe("320 units");
    expect(ipc.inventoryProjection).toHaveBeenCalledTimes(2);

    await click(byTestId(el, "whatif-reset"));
    expect(byTestId<HTMLInputElement>(el, "whatif-lead-time")?.value).toBe("21");
    await until(() => text(el, "plan-reorder-point") === "210 units");
  });

  it("starts the what-if afresh from the plan of a new planning run", async () => {
    const el = renderInventory(PLANNER);
    await until(() => skus(el).length === 2);
    await click(byTestId(el, "inventory-row-GR-UK-30-FBA-UK-BHX4")?.querySelector("td"));
    await until(() => byTestId<HTMLInputElement>(el, "whatif-lead-time")?.value === "21");

    ipc.planInventory.mockResolvedValue(ok(summary()));
    ipc.listInventory.mockResolvedValue(ok([item({ planningRunId: "run-2" }), GOLD_EU]));
    ipc.inventoryProjection.mockResolvedValue(ok(projection({ plan: plan({ leadTimeDays: 28, serviceLevel: 0.95 }) })));
    await click(byTestId(el, "inventory-run-planning"));
    await until(() => byTestId<HTMLInputElement>(el, "whatif-service-level")?.value === "95");
    expect(byTestId<HTMLInputElement>(el, "whatif-lead-time")?.value).toBe("28");
    // The new plan's own figures, asked for as such; no request repeats the old run's inputs.
    expect(ipc.inventoryProjection.mock.calls.every(([r]) => r.leadTimeDays === null && r.serviceLevel === null)).toBe(true);
  });

  it("closes again", async () => {
    const el = renderInventory(VIEWER);
    await until(() => skus(el).length === 2);
    await click(byTestId(el, "inventory-row-GG-EU-60-WH-NL-01")?.querySelector("td"));
    await until(() => byTestId(el, "inventory-item") !== null);
    expect(text(el, "item-reasons")).toBe("Nothing adds to the risk.");
    await click(byTestId(el, "inventory-item-close"));
    expect(byTestId(el, "inventory-item")).toBeNull();
  });
});

describe("replenishment orders", () => {
  const ORDERS = "/inventory?tab=orders";

  it("lets a planner submit a draft, passing the version shown", async () => {
    ipc.listReplenishmentOrders.mockResolvedValue(ok([order(), order({ id: "o-2", orderNumber: "RO-000002", status: "submitted" })]));
    ipc.decideReplenishmentOrder.mockResolvedValue(ok(order({ status: "submitted", rowVersion: 2 })));
    const el = renderInventory(PLANNER, ORDERS);
    await until(() => byTestId(el, "order-submit-RO-000001") !== null);
    expect(byTestId(el, "order-approve-RO-000002")).toBeNull();
    expect(byTestId(el, "order-status-RO-000002")?.textContent).toBe("Submitted");
    expect(text(el, "approval-limit")).toBe("You may approve replenishment orders worth up to £10,000.00.");

    await click(byTestId(el, "order-submit-RO-000001"));
    await until(() => byTestId(el, "order-notice") !== null);
    expect(ipc.decideReplenishmentOrder).toHaveBeenCalledWith({ id: "o-1", rowVersion: 1, to: "submitted", comment: null });
    expect(text(el, "order-notice")).toBe("RO-000001 submitted for approval.");
    expect(ipc.listReplenishmentOrders).toHaveBeenCalledTimes(2);
  });

  it("disables Approve above the approver's limit and says why", async () => {
    ipc.listReplenishmentOrders.mockResolvedValue(
      ok([order({ status: "submitted" }), order({ id: "o-2", orderNumber: "RO-000002", status: "submitted", value: "12000.00" })]),
    );
    const el = renderInventory(APPROVER, ORDERS);
    await until(() => byTestId(el, "order-approve-RO-000002") !== null);
    await until(() => byTestId<HTMLButtonElement>(el, "order-approve-RO-000002")?.disabled === true);
    expect(byTestId<HTMLButtonElement>(el, "order-approve-RO-000001")?.disabled).toBe(false);
    expect(text(el, "order-over-limit-RO-000002")).toBe("Above your approval limit of £10,000.00: an approver with a higher limit must approve it.");
    expect(byTestId(el, "order-approve-RO-000002")?.getAttribute("aria-describedby")).toBe("order-over-limit-RO-000002");
    expect(byTestId(el, "order-submit-RO-000001")).toBeNull();
  });

  it("shows a refused approval next to the order", async () => {
    ipc.listReplenishmentOrders.mockResolvedValue(ok([order({ status: "submitted" })]));
    ipc.decideReplenishmentOrder.mockResolvedValue({
      status: "error",
      error: { kind: "stale", entity: "replenishment_order", changedBy: "Mia Manager", changedAt: "2026-12-07T10:00:00Z" },
    });
    const el = renderInventory(APPROVER, ORDERS);
    await until(() => byTestId(el, "order-approve-RO-000001") !== null);
    await click(byTestId(el, "order-approve-RO-000001"));
    await until(() => byTestId(el, "order-error-RO-000001") !== null);
    expect(text(el, "order-error-RO-000001")).toContain("Mia Manager changed this replenishment order");
    expect(byTestId(el, "order-notice")).toBeNull();
  });

  it("asks for a comment to reject, and sends it", async () => {
    ipc.listReplenishmentOrders.mockResolvedValue(ok([order({ status: "submitted", rowVersion: 3 })]));
    ipc.decideReplenishmentOrder.mockResolvedValue(ok(order({ status: "rejected" })));
    const el = renderInventory(APPROVER, ORDERS);
    await until(() => byTestId(el, "order-reject-RO-000001") !== null);
    await click(byTestId(el, "order-reject-RO-000001"));
    await until(() => byTestId(el, "order-reject-comment") !== null);
    expect(byTestId<HTMLButtonElement>(el, "order-reject-confirm")?.disabled).toBe(true);
    await typeInto(el, "order-reject-comment", "Line booked that week");
    await click(byTestId(el, "order-reject-confirm"));
    await until(() => byTestId(el, "order-notice") !== null);
    expect(ipc.decideReplenishmentOrder).toHaveBeenCalledWith({ id: "o-1", rowVersion: 3, to: "rejected", comment: "Line booked that week" });
    expect(byTestId(el, "order-reject-comment")).toBeNull();
  });

  it("opens an order's decision record", async () => {
    ipc.listReplenishmentOrders.mockResolvedValue(ok([order()]));
    const el = renderInventory(VIEWER, ORDERS);
    await until(() => byTestId(el, "order-row-RO-000001") !== null);
    expect(byTestId(el, "order-submit-RO-000001")).toBeNull();
    await click(byTestId(el, "order-row-RO-000001")?.querySelector("td"));
    await until(() => byTestId(el, "order-decision-dialog")?.textContent?.includes("Reorder point") === true);
    expect(text(el, "plan-reasons")).toContain("Projected to run out on 21 Dec 2026 (+40 risk points)");
  });
});

describe("keeping the stock items offline", () => {
  it("offers Keep offline next to the stock items' heading, for the inventory screen", async () => {
    const el = renderInventory(VIEWER);
    await until(() => skus(el).length === 2);
    await until(() => byTestId(el, "keep-offline") !== null);
    expect(byTestId(el, "keep-offline")?.getAttribute("aria-pressed")).toBe("false");
    ipc.offlineCacheInfo.mockResolvedValue(ok(cacheInfo(["inventory"])));
    await click(byTestId(el, "keep-offline"));
    await until(() => byTestId(el, "keep-offline")?.getAttribute("aria-pressed") === "true");
    expect(ipc.keepOffline).toHaveBeenCalledExactlyOnceWith("inventory", true);
  });
});
