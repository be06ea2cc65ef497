// Rows shaped as Rust sends them, for the catalog's tests.

import type { Currency, FxRate, Market, Product, SalesChannel } from "../../lib/ipc";

const stamp = { version: 3, updatedAt: "2026-11-30T09:00:00Z", updatedBy: "Priya Shah" };

export function market(code: string, over: Partial<Market["fields"]> = {}, rest: Partial<Omit<Market, "fields">> = {}): Market {
  return {
    id: `m-${code}`,
    fields: {
      code,
      name: `${code} market`,
      currency: "GBP",
      taxRate: "0.2",
      taxName: "VAT",
      standardShippingDays: 2,
      expressShippingDays: 1,
      regulatoryRequirements: '{\n  "labelling": "UK FIC"\n}',
      importRestrictions: "{}",
      exportRestrictions: "{}",
      active: true,
      ...over,
    },
    inUse: false,
    stamp,
    ...rest,
  };
}

export function product(sku: string, over: Partial<Product["fields"]> = {}, rest: Partial<Omit<Product, "fields">> = {}): Product {
  return {
    id: `p-${sku}`,
    fields: {
      sku,
      name: `${sku} 50cl`,
      category: "GABA Red",
      market: "UK",
      unitCost: "10.00",
      sellingPrice: "25.99",
      weightKg: "0.95",
      dimensionsCm: "8x8x30",
      productionTimeHours: "3.5",
      batchSizeMin: 100,
      batchSizeMax: 1000,
      leadTimeDays: 14,
      shelfLifeDays: 540,
      complianceData: '{\n  "alcohol_free": true,\n  "hs_code": "2202.99"\n}',
      active: true,
      ...over,
    },
    currency: "GBP",
    unitMargin: "15.99",
    marginPct: "0.6152",
    hasSales: false,
    stamp,
    ...rest,
  };
}

export function channel(name: string, over: Partial<SalesChannel["fields"]> = {}, rest: Partial<Omit<SalesChannel, "fields">> = {}): SalesChannel {
  return {
    id: `c-${name}`,
    fields: {
      name,
      channelType: "Amazon",
      market: "UK",
      commissionRate: "0.15",
      fulfillmentMethod: "FBA",
      marketplaceId: "A1F83G8C2ARO7P",
      fixedFeePerOrder: "0.00",
      fulfillmentFeePerUnit: "2.80",
      paymentTermsDays: 14,
      processingDays: 2,
      apiSettings: "{}",
      conversionRate: "0.12",
      returnRate: "0.05",
      monthlyRevenueTarget: "50000.00",
      active: true,
      ...over,
    },
    hasCredentials: false,
    syncStatus: "never",
    lastSyncAt: null,
    lastSyncError: null,
    hasSales: false,
    stamp,
    ...rest,
  };
}

export function fxRate(base: Currency, quote: Currency, date: string, rate: string, over: Partial<FxRate["fields"]> = {}): FxRate {
  return {
    id: `fx-${base}-${quote}-${date}`,
    fields: { base, quote, date, rate, source: "ECB", ...over },
    stamp,
  };
}
