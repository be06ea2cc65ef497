// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CapacityView, Permission } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { capacityView, job } from "./fixtures.test-data";
import { ProductionScreen } from "./ProductionScreen";

const ipc = vi.hoisted(() => ({
  listProductionJobs: vi.fn(),
  moveProductionJob: vi.fn(),
  productionCapacity: vi.fn(),
  setResourceStatus: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));
// The chart library draws on a canvas, which the test DOM has not got.
vi.mock("./CapacityChart", () => ({
  CapacityChart: ({ view }: { view: CapacityView }) => <p data-testid="capacity-chart-stand-in">{view.resources.length} resources</p>,
}));

const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const PLANNER: Permission[] = [...VIEWER, "forecast.run"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

const ACTIVE = job({ id: "j-2", jobNumber: "J-000002", status: "active", orderNumber: null });
const DONE = job({ id: "j-3", jobNumber: "J-000003", status: "completed", orderNumber: null });

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.listProductionJobs.mockResolvedValue(ok([job(), ACTIVE, DONE]));
  ipc.productionCapacity.mockResolvedValue(ok(capacityView()));
});

const renderProduction = (permissions: Permission[], path = "/production") => render(<ProductionScreen />, { path, session: { permissions } });

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

async function choose(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLSelectElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

const text = (el: HTMLElement, id: string) => byTestId(el, id)?.textContent ?? null;

describe("production schedule", () => {
  it("offers a planner only the legal moves of each job, and starts one", async () => {
    ipc.moveProductionJob.mockResolvedValue(ok(job({ status: "active" })));
    const el = renderProduction(PLANNER);
    await until(() => byTestId(el, "job-row-J-000001") !== null);
    expect(ipc.listProductionJobs).toHaveBeenCalledWith(8);
    expect(byTestId(el, "job-start-J-000001")).not.toBeNull();
    expect(byTestId(el, "job-complete-J-000001")).toBeNull();
    expect(byTestId(el, "job-complete-J-000002")).not.toBeNull();
    expect(byTestId(el, "job-start-J-000002")).toBeNull();
    expect(byTestId(el, "job-row-J-000003")?.querySelector("button")).toBeNull();

    await click(byTestId(el, "job-start-J-000001"));
    await until(() => byTestId(el, "production-notice") !== null);
    expect(ipc.moveProductionJob).toHaveBeenCalledWith("j-1", "active");
    expect(text(el, "production-notice")).toBe("J-000001 started; RO-000001 is now in production.");
    expect(ipc.listProductionJobs).toHaveBeenCalledTimes(2);
  });

  it("confirms a cancel, and shows a refusal next to the job", async () => {
    ipc.moveProductionJob.mockResolvedValue({ status: "error", error: { kind: "validation", field: "status", message: "a completed job is final" } });
    const el = renderProduction(PLANNER);
    await until(() => byTestId(el, "job-cancel-J-000002") !== null);
    await click(byTestId(el, "job-cancel-J-000002"));
    expect(ipc.moveProductionJob).not.toHaveBeenCalled();
    await until(() => byTestId(el, "job-cancel-confirm") !== null);
    await click(byTestId(el, "job-cancel-confirm"));
    await until(() => byTestId(el, "job-error-J-000002") !== null);
    expect(ipc.moveProductionJob).toHaveBeenCalledWith("j-2", "cancelled");
    expect(text(el, "job-error-J-000002")).toBe("Check the form. Status: a completed job is final");
  });

  it("shows a viewer the schedule without moves, and reads the weeks chosen", async () => {
    const el = renderProduction(VIEWER);
    await until(() => byTestId(el, "job-row-J-000001") !== null);
    expect(byTestId(el, "job-start-J-000001")).toBeNull();
    expect(byTestId(el, "production-permission-note")).not.toBeNull();
    await choose(el, "production-weeks", "26");
    await until(() => ipc.listProductionJobs.mock.calls.some((c) => c[0] === 26));
  });
});

describe("production capacity", () => {
  it("shows each resource's weeks as a heat map, flags over-booking, and lists the jobs that can move", async () => {
    const el = renderProduction(VIEWER, "/production?tab=capacity");
    await until(() => byTestId(el, "capacity-grid") !== null);
    expect(ipc.productionCapacity).toHaveBeenCalledWith(8);
    expect(text(el, "capacity-summary")).toContain("rate × 80 hours a week");
    expect(text(el, "capacity-summary")).toContain("2 resource-weeks are over-booked.");
    const over = Array.from(el.querySelectorAll("[data-testid='capacity-over']")).map((c) => c.textContent);
    expect(over).toEqual(["10,000 / 9,600104% · over-booked", "300 / 0over-booked"]);
    expect(text(el, "capacity-row-Capsule line 1")).toContain("4,800 / 9,60050%");
    expect(text(el, "capacity-status-Bottling line")).toBe("In maintenance");
    expect(text(el, "capacity-unscheduled-Mixing tank")).toBe("not scheduled by units");
    expect(byTestId(el, "capacity-row-Mixing tank")?.getAttribute("data-scheduled")).toBe("false");
    expect(text(el, "movable-J-000002")).toContain("Week of 14 Dec 2026");
    await until(() => byTestId(el, "capacity-chart-stand-in") !== null);
    // A viewer cannot change a resource's status.
    expect(byTestId(el, "resource-status-Bottling line")).toBeNull();
  });

  it("lets a planner put a resource into maintenance and reloads the capacity", async () => {
    ipc.setResourceStatus.mockResolvedValue(ok(null));
    const el = renderProduction(PLANNER, "/production?tab=capacity");
    await until(() => byTestId(el, "resource-status-Capsule line 1") !== null);
    expect(ipc.productionCapacity).toHaveBeenCalledTimes(1);
    await choose(el, "resource-status-Capsule line 1", "maintenance");
    await until(() => ipc.productionCapacity.mock.calls.length === 2);
    expect(ipc.setResourceStatus).toHaveBeenCalledWith("r-1", "maintenance");
  });

  it("shows the refusal beside the resource", async () => {
    ipc.setResourceStatus.mockResolvedValue({ status: "error", error: { kind: "forbidden", permission: "forecast.run" } });
    const el = renderProduction(PLANNER, "/production?tab=capacity");
    await until(() => byTestId(el, "resource-status-Capsule line 1") !== null);
    await choose(el, "resource-status-Capsule line 1", "offline");
    await until(() => byTestId(el, "resource-status-error-Capsule line 1") !== null);
  });
});
