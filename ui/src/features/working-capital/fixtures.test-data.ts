// Cash projections shaped as Rust sends them, for the working-capital screen's tests.

import type { CashMonth, CashProjection, MarketCash, ProjectedVsActual, Reproduction, SavedProjection } from "../../lib/ipc";

export const SCENARIOS = ["Base", "Optimistic", "Pessimistic", "Supply shock", "Lost customer", "Downturn"];

export function cashMonth(over: Partial<CashMonth> = {}): CashMonth {
  return {
    month: "2027-01-01",
    revenue: "120000.00",
    cogs: "60000.00",
    receipts: "130000.00",
    payments: "70000.00",
    vatPaid: "8000.00",
    duty: "0.00",
    opex: "40000.00",
    interest: "0.00",
    netFlow: "20000.00",
    draw: "0.00",
    repayment: "0.00",
    closingCash: "220000.00",
    drawn: "0.00",
    headroom: "500000.00",
    shortfall: "0.00",
    receivables: "150000.00",
    payables: "80000.00",
    inventory: "90000.00",
    workingCapital: "160000.00",
    workingCapitalChange: "5000.00",
    dso: "38.75",
    dio: "45.00",
    dpo: "30.00",
    ccc: "53.75",
    cccBand: "on_target",
    ...over,
  };
}

export const JAN = cashMonth();
export const FEB = cashMonth({
  month: "2027-02-01",
  closingCash: "50000.00",
  drawn: "120000.00",
  headroom: "380000.00",
  draw: "120000.00",
  netFlow: "-170000.00",
  ccc: "59.00",
  cccBand: "amber",
});
export const MAR = cashMonth({
  month: "2027-03-01",
  closingCash: "50000.00",
  drawn: "400000.00",
  headroom: "100000.00",
  draw: "280000.00",
  netFlow: "-280000.00",
  workingCapital: "210000.00",
  ccc: "68.25",
  cccBand: "red",
});

export function market(over: Partial<MarketCash> = {}): MarketCash {
  return {
    market: "EU",
    currency: "EUR",
    rate: "0.85120000",
    rateDate: "2026-12-31",
    taxRate: "0.21",
    months: [
      {
        month: "2027-01-01",
        revenue: "40000.00",
        cogs: "20000.00",
        receipts: "42000.00",
        netFlow: "9000.00",
        vatPaid: "3000.00",
        receivables: "50000.00",
        payables: "20000.00",
        inventory: "30000.00",
      },
    ],
    ...over,
  };
}

export function projection(over: Partial<CashProjection> = {}): CashProjection {
  return {
    scenario: "Base",
    drivers: { price: "0", cost: "0", demand: "0", collectionDays: 0, paymentDays: 0, inventoryDays: 0, badDebt: "0" },
    fxChange: "0",
    currency: "GBP",
    openingAsOf: "2026-12-31",
    openingCash: "200000.00",
    creditLimit: "500000.00",
    minimumCash: "50000.00",
    cccTargetDays: "55",
    granularity: "month",
    months: [JAN, FEB, MAR],
    tax: [],
    markets: [market()],
    risk: null,
    demand: { approved: 0, statistical: 60, lastYear: 300, none: 0 },
    warnings: [],
    ...over,
  };
}

export const DIGEST = "3f2a9c1d5e7b80a4c6d2e1f09b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

/** A projection saved under "Q3 plan": demand 5 % up and customers paying 7 days later. */
export function savedProjection(over: Partial<SavedProjection> = {}): SavedProjection {
  return {
    id: "6f1c1c2e-0000-4000-8000-000000000001",
    name: "Q3 plan",
    scenario: "Base",
    drivers: { price: "0", cost: "0", demand: "0.05", collectionDays: 7, paymentDays: 0, inventoryDays: 0, badDebt: "0" },
    fxChange: "0",
    months: 24,
    simulations: 0,
    savedAt: "2027-01-15T09:30:00Z",
    savedBy: "Fiona Finance",
    engineVersion: "sentia-finance 0.1.0",
    resultDigest: DIGEST,
    forecastsAsOf: "2027-01-15T09:29:58Z",
    forecastRuns: ["run-1", "run-2"],
    settings: [
      { key: "finance.ccc_target_days", version: 3, value: "55" },
      { key: "finance.minimum_cash", version: 0, value: "50000" },
    ],
    rates: [
      { market: "EU", currency: "EUR", rate: "0.85120000", on: "2026-12-31" },
      { market: "UK", currency: "GBP", rate: "1", on: "2026-12-31" },
    ],
    openingAsOf: "2026-12-31",
    start: "2027-01-01",
    ...over,
  };
}

export function versusActual(over: Partial<ProjectedVsActual> = {}): ProjectedVsActual {
  return {
    month: "2027-01-01",
    market: "EU",
    currency: "EUR",
    projectedRevenue: "40000.00",
    actualRevenue: "42000.00",
    projectedReceivables: "50000.00",
    actualReceivables: "45000.00",
    projectedPayables: "20000.00",
    actualPayables: "20000.00",
    projectedInventory: "30000.00",
    actualInventory: "33000.00",
    ...over,
  };
}

export function reproduction(over: Partial<Reproduction> = {}): Reproduction {
  return {
    saved: savedProjection(),
    projection: projection({ scenario: "Base" }),
    resultDigest: DIGEST,
    identical: true,
    changed: [],
    versusActual: [versusActual()],
    ...over,
  };
}
