// Forecast value added (FVA) shaped for its table and chart, and a series' accuracy in words.
// Pure, so what the report shows is tested without a window. Accuracy figures are fractions
// (0.25 = 25 %) from Rust; value added is the difference of two of them, in points.

import type { Accuracy, ValueAddedBy, ValueAddedReport } from "../../lib/ipc";
import { formatNumber, formatShare } from "../../shared/format";
import { unitsText } from "./figures";

/** The report's two groupings, in the order the switch offers them. */
export const VALUE_ADDED_BY: readonly { id: ValueAddedBy; label: string }[] = [
  { id: "planner", label: "By planner" },
  { id: "category", label: "By category" },
];

/** The first column's heading. */
export function groupColumn(by: ValueAddedBy): string {
  return by === "planner" ? "Planner" : "Category";
}

/** One row of the table: a group's figures over every month. */
export type ValueAddedRow = Accuracy & { label: string };

export function valueAddedRows(report: ValueAddedReport): ValueAddedRow[] {
  return report.groups.map((g) => ({ ...g.total, label: g.label }));
}

/** True when some forecast period has been scored; until then the report has nothing to show. */
export function hasScores(report: ValueAddedReport): boolean {
  return report.groups.some((g) => g.total.points > 0);
}

/** Orders two figures that may be missing (nothing sold): a missing one first, as compareDecimal does. */
export function compareFigures(a: number | null | undefined, b: number | null | undefined): number {
  const okA = a != null && Number.isFinite(a);
  const okB = b != null && Number.isFinite(b);
  if (!okA || !okB) return okA === okB ? 0 : okA ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fraction in percentage points for plotting, rid of float noise (0.032 → 3.2, not 3.2000000000000006). */
export function toPoints(fraction: number | null | undefined): number | null {
  if (fraction == null || !Number.isFinite(fraction)) return null;
  return Math.round(fraction * 10000) / 100;
}

/** The chart's data: every month any group was scored in, and each group's override value added per month. */
export interface ValueAddedLines {
  months: string[];
  lines: { label: string; points: (number | null)[] }[];
}

export function valueAddedLines(report: ValueAddedReport): ValueAddedLines {
  const all = new Set<string>();
  for (const g of report.groups) for (const m of g.months) all.add(m.month);
  // ISO dates sort as text in calendar order.
  const months = [...all].sort();
  const lines = report.groups.map((g) => {
    const byMonth = new Map(g.months.map((m) => [m.month, m.accuracy.overrideValueAdded]));
    // A month the group was not scored in is a gap, not a zero: nothing was measured.
    return { label: g.label, points: months.map((m) => toPoints(byMonth.get(m))) };
  });
  return { months, lines };
}

/** How the report words a month, points and a fraction, in the user's locale. */
export interface ValueAddedText {
  period: (month: string) => string;
  points: (fraction: number | null) => string;
  share: (fraction: number | null) => string;
}

/** What the chart's tooltip says about one month: each group scored in it, line by line. */
export function valueAddedTooltipLines(report: ValueAddedReport, month: string, text: ValueAddedText): string[] {
  const lines = [text.period(month)];
  for (const g of report.groups) {
    const m = g.months.find((x) => x.month === month);
    if (!m) continue;
    const a = m.accuracy;
    lines.push(`${g.label}: ${text.points(a.overrideValueAdded)} (statistical ${text.share(a.statisticalWape)}, planned ${text.share(a.finalWape)})`);
  }
  return lines;
}

/**
 * What a series' accuracy was measured over, in a sentence: "Over 3 complete periods (1
 * overridden), 330 units sold; the plan ran 4.0% high."
 */
export function accuracyBasis(accuracy: Accuracy, locale: string): string {
  const over = `Over ${formatNumber(accuracy.points, locale)} complete period${accuracy.points === 1 ? "" : "s"}`;
  const overridden = accuracy.overridden > 0 ? ` (${formatNumber(accuracy.overridden, locale)} overridden)` : "";
  const sold = `${unitsText(accuracy.actual, locale)} units sold`;
  const bias = accuracy.finalBias;
  const ran =
    bias == null || !Number.isFinite(bias)
      ? ""
      : Math.round(bias * 1000) === 0
        ? "; the plan matched them in total"
        : `; the plan ran ${formatShare(Math.abs(bias), locale)} ${bias > 0 ? "high" : "low"}`;
  return `${over}${overridden}, ${sold}${ran}.`;
}
