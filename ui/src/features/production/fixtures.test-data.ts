// Jobs and capacity shaped as Rust sends them, for the production screen's tests.

import type { CapacityView, ProductionJob, ResourceLoad, WeekLoad } from "../../lib/ipc";

export const WEEKS = ["2026-12-07", "2026-12-14"];

export function job(over: Partial<ProductionJob> = {}): ProductionJob {
  return {
    id: "j-1",
    jobNumber: "J-000001",
    schedule: "December",
    purpose: "Replenishment",
    status: "pending",
    sku: "GR-UK-30",
    resource: "Capsule line 1",
    quantity: 600,
    produced: 0,
    dueDate: "2026-12-29",
    plannedStart: "2026-12-08T06:00:00Z",
    plannedEnd: "2026-12-09T14:00:00Z",
    actualStart: null,
    actualEnd: null,
    orderNumber: "RO-000001",
    ...over,
  };
}

export function weekLoad(weekStart: string, load: number, capacity: number, over = false): WeekLoad {
  return { weekStart, load, capacity, over };
}

export function resource(over: Partial<ResourceLoad> = {}): ResourceLoad {
  return {
    id: "r-1",
    name: "Capsule line 1",
    kind: "capsule_line",
    status: "available",
    capacity: 120,
    capacityUnit: "units/hour",
    scheduled: true,
    weeks: [weekLoad("2026-12-07", 10000, 9600, true), weekLoad("2026-12-14", 4800, 9600)],
    ...over,
  };
}

export function capacityView(over: Partial<CapacityView> = {}): CapacityView {
  return {
    weeks: WEEKS,
    hoursPerWeek: 80,
    resources: [
      resource(),
      resource({
        id: "r-2",
        name: "Bottling line",
        kind: "bottling_line",
        status: "maintenance",
        weeks: [weekLoad("2026-12-07", 0, 0), weekLoad("2026-12-14", 300, 0, true)],
      }),
      resource({
        id: "r-3",
        name: "Mixing tank",
        kind: "mixing_tank",
        capacity: 5000,
        capacityUnit: "litres",
        scheduled: false,
        weeks: [weekLoad("2026-12-07", 0, 0), weekLoad("2026-12-14", 0, 0)],
      }),
    ],
    movable: [{ jobNumber: "J-000002", resource: "Capsule line 1", weekStart: "2026-12-07", load: 900, fitsInWeek: "2026-12-14" }],
    ...over,
  };
}
