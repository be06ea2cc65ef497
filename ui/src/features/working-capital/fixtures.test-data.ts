// Cash projections shaped as Rust sends them, for the working-capital screen's tests.

import type {
  CashMonth,
  CashProjection,
  DriverImpact,
  MarketCash,
  ProductCash,
  ProductsCash,
  ProjectedVsActual,
  PurchasePlan,
  Reproduction,
  SavedProjection,
  Sensitivity,
  TaxObligation,
} from "../../lib/ipc";

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
    facilityLimit: "500000.00",
    covenantLimit: null,
    lineWarningShare: "0.75",
    minimumCash: "50000.00",
    cccTargetDays: "55",
    granularity: "month",
    purchasePlan: null,
    months: [JAN, FEB, MAR],
    tax: [],
    markets: [market()],
    risk: null,
    demand: { approved: 0, statistical: 60, lastYear: 300, none: 0 },
    warnings: [],
    ...over,
  };
}

/** The replenishment plan's open orders, bought in the first two months. */
export function purchasePlan(over: Partial<PurchasePlan> = {}): PurchasePlan {
  return { until: "2027-03-01", periods: 2, orders: 4, valueBase: "120000.00", ...over };
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
    granularity: "month",
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

export function taxObligation(over: Partial<TaxObligation> = {}): TaxObligation {
  return {
    market: "EU",
    taxName: "VAT",
    currency: "EUR",
    periodStart: "2027-01-01",
    periodEnd: "2027-03-31",
    partial: false,
    amount: "12000.00",
    amountBase: "10214.40",
    due: "2027-05-07",
    paidInProjection: true,
    ...over,
  };
}

/**
 * The returns a projection from January reaches, out of due order (the screen sorts them): the
 * UK's quarter begun in December (only its projected part counted), a US reclaim, the EU
 * quarter, and the UK's next, due after the projection ends.
 */
export const TAX: TaxObligation[] = [
  taxObligation({
    market: "UK",
    currency: "GBP",
    periodStart: "2026-12-01",
    periodEnd: "2027-02-28",
    partial: true,
    amount: "3000.00",
    amountBase: "3000.00",
    due: "2027-04-07",
  }),
  taxObligation({
    market: "US",
    taxName: "Sales tax",
    currency: "USD",
    periodStart: "2027-01-01",
    periodEnd: "2027-01-31",
    amount: "-500.00",
    amountBase: "-395.50",
    due: "2027-02-20",
  }),
  taxObligation(),
  taxObligation({
    market: "UK",
    currency: "GBP",
    periodStart: "2027-03-01",
    periodEnd: "2027-05-31",
    partial: false,
    amount: "800.00",
    amountBase: "800.00",
    due: "2027-07-07",
    paidInProjection: false,
  }),
];

export function driverImpact(over: Partial<DriverImpact> = {}): DriverImpact {
  return {
    driver: "demand",
    step: "±10 %",
    lowestCashDown: "-90000.00",
    lowestCashUp: "170000.00",
    closingCashDown: "-40000.00",
    closingCashUp: "260000.00",
    periodsShortDown: 2,
    periodsShortUp: 0,
    ...over,
  };
}

/** The lowest net cash −70,000 (50,000 cash less 120,000 drawn), demand moving it most. */
export function sensitivity(over: Partial<Sensitivity> = {}): Sensitivity {
  return {
    currency: "GBP",
    lowestCash: "-70000.00",
    lowestCashAt: "2027-02-01",
    closingCash: "-350000.00",
    periodsShort: 0,
    drivers: [
      driverImpact(),
      driverImpact({
        driver: "collectionDays",
        step: "±7 days",
        lowestCashDown: "-20000.00",
        lowestCashUp: "-115000.00",
        closingCashDown: "-300000.00",
        closingCashUp: "-400000.00",
        periodsShortDown: 0,
        periodsShortUp: 1,
      }),
      driverImpact({
        driver: "fx",
        step: "±10 %",
        lowestCashDown: "-75000.00",
        lowestCashUp: "-65000.00",
        closingCashDown: "-355000.00",
        closingCashUp: "-345000.00",
        periodsShortDown: 0,
        periodsShortUp: 0,
      }),
    ],
    ...over,
  };
}

export function productCash(over: Partial<ProductCash> = {}): ProductCash {
  return {
    productId: "p-1",
    sku: "GABA-GOLD-60",
    name: "GABA Gold 60 caps",
    market: "UK",
    units: ["100", "120", "90.5"],
    revenue: ["3000.00", "3600.00", "2715.00"],
    cogs: ["1200.00", "1440.00", "1086.00"],
    receipts: ["1400.00", "3200.00", "3500.00"],
    totalUnits: "310.5",
    totalRevenue: "9315.00",
    totalCogs: "3726.00",
    totalReceipts: "8100.00",
    grossMargin: "0.6",
    ...over,
  };
}

/** Three products by month, best sellers first; the gold one is sold in two markets. */
export function productsCash(over: Partial<ProductsCash> = {}): ProductsCash {
  return {
    currency: "GBP",
    periods: ["2027-01-01", "2027-02-01", "2027-03-01"],
    granularity: "month",
    products: [
      productCash(),
      productCash({
        market: "EU",
        units: ["80", "80", "80"],
        revenue: ["2000.00", "2000.00", "2000.00"],
        cogs: ["900.00", "900.00", "900.00"],
        totalUnits: "240",
        totalRevenue: "6000.00",
        totalCogs: "2700.00",
        grossMargin: "0.55",
      }),
      productCash({
        productId: "p-2",
        sku: "GABA-RED-30",
        name: "GABA Red 30 caps",
        market: "UK",
        units: ["0", "10", "0"],
        revenue: ["0.00", "150.00", "0.00"],
        cogs: ["0.00", "60.00", "0.00"],
        totalUnits: "10",
        totalRevenue: "150.00",
        totalCogs: "60.00",
        grossMargin: "0.6",
      }),
    ],
    ...over,
  };
}
