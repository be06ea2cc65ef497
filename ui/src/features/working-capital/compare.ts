// Scenarios side by side: which are chosen, one figure per month under each, and how each
// differs from the first chosen. Pure, so the deltas and their reading are tested without a window.

import type { CashMonth, CashProjection } from "../../lib/ipc";
import { decimalSign, subtractDecimal } from "../../shared/format";

export type CompareKpi = "closingCash" | "drawn" | "ccc" | "workingCapital" | "netFlow";

export interface CompareKpiSpec {
  id: CompareKpi;
  label: string;
  /** Money in the base currency, or days. */
  unit: "money" | "days";
  /** Whether more of it is good news: more cash is, more of the line drawn is not. */
  higherIsBetter: boolean;
}

export const COMPARE_KPIS: readonly [CompareKpiSpec, ...CompareKpiSpec[]] = [
  { id: "closingCash", label: "Closing cash", unit: "money", higherIsBetter: true },
  { id: "drawn", label: "Line drawn", unit: "money", higherIsBetter: false },
  { id: "ccc", label: "Cash conversion cycle", unit: "days", higherIsBetter: false },
  // More working capital is more cash tied up in receivables and stock.
  { id: "workingCapital", label: "Working capital", unit: "money", higherIsBetter: false },
  { id: "netFlow", label: "Net cash flow", unit: "money", higherIsBetter: true },
];

export function compareKpi(id: CompareKpi): CompareKpiSpec {
  return COMPARE_KPIS.find((k) => k.id === id) ?? COMPARE_KPIS[0];
}

export function kpiValue(month: CashMonth, kpi: CompareKpi): string | null {
  return month[kpi];
}

/** One month across the scenarios: each one's figure, and its difference from the first's. */
export interface CompareRow {
  month: string;
  values: (string | null)[];
  /** Null for the first scenario itself, and where either figure is missing. */
  deltas: (string | null)[];
}

/** The months of the first projection, with every projection's figure for them. */
export function compareRows(projections: readonly Pick<CashProjection, "months">[], kpi: CompareKpi): CompareRow[] {
  const [first, ...rest] = projections;
  if (!first) return [];
  const byMonth = rest.map((p) => new Map(p.months.map((m) => [m.month, m])));
  return first.months.map((m) => {
    const reference = kpiValue(m, kpi);
    const others = byMonth.map((months) => {
      const other = months.get(m.month);
      return other ? kpiValue(other, kpi) : null;
    });
    return {
      month: m.month,
      values: [reference, ...others],
      deltas: [null, ...others.map((v) => subtractDecimal(v, reference))],
    };
  });
}

export type DeltaTone = "better" | "worse" | "same";

/** Whether a difference from the reference is good or bad news for this figure. */
export function deltaTone(delta: string | null, kpi: CompareKpi): DeltaTone {
  const sign = delta === null ? 0 : decimalSign(delta);
  if (sign === 0) return "same";
  return sign > 0 === compareKpi(kpi).higherIsBetter ? "better" : "worse";
}

/** Ticks or unticks a scenario; ticked ones are compared in the order they were chosen. */
export function toggleScenario(selected: readonly string[], name: string): string[] {
  return selected.includes(name) ? selected.filter((s) => s !== name) : [...selected, name];
}

/** What the comparison starts with: the scenario on screen and the most cautious one. */
export function initialSelection(names: readonly string[], current: string): string[] {
  const wanted = [current, current === "Pessimistic" ? "Base" : "Pessimistic"];
  const chosen = wanted.filter((n, i) => names.includes(n) && wanted.indexOf(n) === i);
  for (const n of names) if (chosen.length < 2 && !chosen.includes(n)) chosen.push(n);
  return chosen;
}

/** A scenario's name as a test id part: "Supply shock" → "supply-shock". */
export function scenarioSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
