// Items, plans, projections and orders shaped as Rust sends them, for the inventory's tests.

import type { ApprovalLimit, InventoryItem, ItemProjection, PlanFigures, PlanSummary, ProjectedWeek, ReplenishmentOrder } from "../../lib/ipc";

export const RUN_ID = "5b0f3c1a-2d4e-4f6a-8b9c-0d1e2f3a4b5c";

export function item(over: Partial<InventoryItem> = {}): InventoryItem {
  return {
    productId: "p-red-uk",
    sku: "GR-UK-30",
    name: "GABA Red 30 capsules",
    market: "UK",
    category: "GABA Red",
    location: "FBA-UK-BHX4",
    locationType: "fba",
    asOf: "2026-12-07",
    available: 120,
    reserved: 10,
    inbound: 0,
    defective: 2,
    ageDays: 45,
    ageBucket: "31–60",
    turnover: "6.5",
    unitCost: "4.20",
    abcClass: "A",
    serviceLevel: "0.98",
    safetyStock: 80,
    reorderPoint: 210,
    orderQuantity: 600,
    daysOfSupply: 12,
    status: "low",
    riskScore: 72,
    stockoutDate: "2026-12-21",
    reasons: [
      { kind: "projected_stockout", points: 40, message: "projected to run out on 21 Dec 2026, before an order placed today arrives" },
      { kind: "below_reorder_point", points: 32, message: "inventory position 120 is at or below the reorder point 210" },
    ],
    demandSource: "approved_forecast",
    planningRunId: RUN_ID,
    ...over,
  };
}

export const GOLD_EU = item({
  productId: "p-gold-eu",
  sku: "GG-EU-60",
  name: "GABA Gold 60 capsules",
  market: "EU",
  category: "GABA Gold",
  location: "WH-NL-01",
  locationType: "warehouse",
  available: 2400,
  status: "excess",
  riskScore: 8,
  stockoutDate: null,
  daysOfSupply: 300,
  reasons: [],
  demandSource: "recent_sales",
});

export function plan(over: Partial<PlanFigures> = {}): PlanFigures {
  return {
    leadTimeDays: 21,
    leadTimeSdDays: 4.2,
    serviceLevel: 0.98,
    abcClass: "A",
    demandSource: "approved_forecast",
    annualDemand: 3640,
    weeklyErrorSd: 18.5,
    leadTimeDemand: 210,
    leadTimeDemandSd: 38,
    distribution: "negative_binomial",
    safetyStock: "80",
    reorderPoint: "210",
    cycleServiceLevel: 0.9812,
    fillRate: 0.9975,
    orderQuantity: "600",
    status: "low",
    riskScore: 72,
    reasons: [{ kind: "projected_stockout", points: 40, message: "projected to run out on 21 Dec 2026" }],
    daysOfSupply: 12,
    beyondHorizon: false,
    stockoutDate: "2026-12-21",
    unmetUnits: 40,
    order: {
      quantity: "600",
      orderBy: "2026-12-08",
      needBy: "2026-12-29",
      value: "2520.00",
      requested: "540",
      adjustments: [
        { before: "540", after: "600", reason: "rounded_to_lot", explanation: "rounded up to whole batches of 200", costImpact: "252.00" },
      ],
    },
    ...over,
  };
}

export function week(weekStart: string, over: Partial<ProjectedWeek> = {}): ProjectedWeek {
  return { weekStart, stock: 100, stockLow80: 80, stockHigh80: 120, demand: 70, receipts: 0, unmet: 0, ...over };
}

export function projection(over: Partial<ItemProjection> = {}): ItemProjection {
  return {
    item: item(),
    plan: plan(),
    weeks: [week("2026-12-07"), week("2026-12-14", { stock: 30, stockLow80: 0, stockHigh80: 62 }), week("2026-12-21", { stock: 0, stockLow80: 0, stockHigh80: 40, unmet: 40 })],
    ...over,
  };
}

export function summary(over: Partial<PlanSummary> = {}): PlanSummary {
  return {
    runId: RUN_ID,
    items: 2,
    orders: 1,
    atRisk: 1,
    cut: 0,
    deferred: 0,
    bySource: [
      ["approved_forecast", 1],
      ["forecast", 0],
      ["recent_sales", 1],
      ["none", 0],
    ],
    elapsedMs: 1840,
    warnings: [],
    ...over,
  };
}

export function order(over: Partial<ReplenishmentOrder> = {}): ReplenishmentOrder {
  return {
    id: "o-1",
    orderNumber: "RO-000001",
    productId: "p-red-uk",
    sku: "GR-UK-30",
    name: "GABA Red 30 capsules",
    location: "FBA-UK-BHX4",
    quantity: 600,
    unitCost: "4.20",
    value: "2520.00",
    orderBy: "2026-12-08",
    needBy: "2026-12-29",
    status: "draft",
    decision: plan(),
    submittedBy: null,
    submittedAt: null,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    jobNumber: null,
    rowVersion: 1,
    ...over,
  };
}

export function limit(over: Partial<ApprovalLimit> = {}): ApprovalLimit {
  return { canApprove: true, limit: "10000.00", currency: "GBP", ...over };
}
