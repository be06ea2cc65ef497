// Saved projections in words: what a saved one changed, how its reproduction compares with
// what was saved, and its closed months against what happened. Pure, so it is tested
// without a window.

import type { ProjectedVsActual, SavedProjection } from "../../lib/ipc";
import { percentChange, subtractDecimal } from "../../shared/format";
import type { AppliedDrivers } from "./drivers";
import { granularityOf, periodCount, periodsText } from "./periods";

/** The query key of the saved projections' list. */
export const SAVED_KEY = ["working-capital", "saved"] as const;

/** A saved projection's drivers as the screen's controls hold them. */
export function savedDrivers(saved: Pick<SavedProjection, "drivers" | "fxChange">): AppliedDrivers {
  return { drivers: saved.drivers, fxChange: saved.fxChange };
}

/** How far ahead a saved projection runs, by the periods it was saved in: "24 months", "13 weeks", "30 days". */
export function savedHorizon(saved: Pick<SavedProjection, "months" | "granularity">, locale: string): string {
  const granularity = granularityOf(saved.granularity);
  return periodsText(periodCount(granularity, saved.months), granularity, locale);
}

/** The start of a SHA-256 digest, enough to tell two apart by eye: "3f2a9c1d…". */
export function shortDigest(digest: string): string {
  return digest.length > 12 ? `${digest.slice(0, 12)}…` : digest;
}

/** A setting's version as read: 0 is the registered default, never stored. */
export function settingVersionText(version: number): string {
  return version === 0 ? "default" : String(version);
}

/** The balances and flows a closed month is set against. */
export type VersusFigure = "revenue" | "receivables" | "payables" | "inventory";

export const VERSUS_FIGURES: readonly { id: VersusFigure; label: string }[] = [
  { id: "revenue", label: "Revenue" },
  { id: "receivables", label: "Receivables" },
  { id: "payables", label: "Payables" },
  { id: "inventory", label: "Inventory" },
];

/** What was projected and what happened, for one figure of a closed month. */
export interface VersusValues {
  projected: string;
  actual: string;
  /** Actual − projected. */
  difference: string | null;
  /** The difference in percent of the projected figure, one decimal; null when nothing was projected. */
  percent: string | null;
}

export function versusValues(row: ProjectedVsActual, figure: VersusFigure): VersusValues {
  const [projected, actual] = (
    {
      revenue: [row.projectedRevenue, row.actualRevenue],
      receivables: [row.projectedReceivables, row.actualReceivables],
      payables: [row.projectedPayables, row.actualPayables],
      inventory: [row.projectedInventory, row.actualInventory],
    } as const
  )[figure];
  return { projected, actual, difference: subtractDecimal(actual, projected), percent: percentChange(actual, projected) };
}
