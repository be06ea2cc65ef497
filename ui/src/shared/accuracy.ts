// Forecast accuracy against actual sales in words, shared by the forecasts screen (a series, the
// value-added report) and the dashboard's tile. Pure, so the wording is tested without a window.

import type { Accuracy } from "../lib/ipc";
import { formatNumber } from "./format";

/**
 * What the planners' overrides did to accuracy, worded with the overrides as its subject ("made
 * the forecast more accurate"), and the colour that says it.
 */
export interface OverrideVerdict {
  tone: "up" | "down" | "flat";
  text: string;
}

/**
 * Whether the overrides made the forecast better (the statistical WAPE minus the planned one,
 * above zero) or worse. Judged on tenths of a point, as `formatPoints` shows it, so a figure
 * that reads "0.0 pts" is never called an improvement.
 */
export function overrideVerdict(accuracy: Pick<Accuracy, "overridden" | "overrideValueAdded">): OverrideVerdict {
  if (accuracy.overridden === 0) return { tone: "flat", text: "no overridden period scored yet" };
  const added = accuracy.overrideValueAdded;
  if (added == null || !Number.isFinite(added)) return { tone: "flat", text: "not measurable: nothing was sold" };
  const tenths = Math.round(added * 1000);
  if (tenths > 0) return { tone: "up", text: "made the forecast more accurate" };
  if (tenths < 0) return { tone: "down", text: "made the forecast less accurate" };
  return { tone: "flat", text: "made no difference to accuracy" };
}

/** "12 scored series-periods (3 overridden)"; "1 scored series-period". */
export function scoredText(accuracy: Pick<Accuracy, "points" | "overridden">, locale: string): string {
  const count = `${formatNumber(accuracy.points, locale)} scored series-period${accuracy.points === 1 ? "" : "s"}`;
  return accuracy.overridden > 0 ? `${count} (${formatNumber(accuracy.overridden, locale)} overridden)` : count;
}
