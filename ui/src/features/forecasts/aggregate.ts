// A run's forecast summed by category, market or channel, shaped for the aggregates table,
// and the override of one group's period. Pure, so it is tested without a window.

import type { AggregateGroup, AggregateLevel, AggregateOverrideRequest, AggregatePeriod, AggregateView } from "../../lib/ipc";
import { MAX_OVERRIDE, type OverrideErrors, type OverrideFields, checkOverride } from "./override";
import { seriesText, unitsText } from "./figures";

/** The levels in the order the switch offers them; "total" first, as the screen opens on it. */
export const AGGREGATE_LEVELS: readonly { id: AggregateLevel; label: string; column: string }[] = [
  { id: "total", label: "Total", column: "Scope" },
  { id: "category", label: "Category", column: "Category" },
  { id: "market", label: "Market", column: "Market" },
  { id: "channel", label: "Channel", column: "Channel" },
];

/** The table's first column for a level: what its groups are. */
export function levelColumn(level: AggregateLevel): string {
  return AGGREGATE_LEVELS.find((l) => l.id === level)?.column ?? "Group";
}

/** One group's row: a cell per period of the table (null where it has no live forecast). */
export interface AggregateRow {
  key: string;
  label: string;
  cells: (AggregatePeriod | null)[];
  total: number | null;
}

export interface AggregateTable {
  /** Every forecast period of any group, in calendar order: the table's columns. */
  periods: string[];
  rows: AggregateRow[];
}

/** Groups × forecast periods, in the order Rust sends the groups (by label). */
export function aggregateTable(view: Pick<AggregateView, "groups">): AggregateTable {
  const all = new Set<string>();
  for (const g of view.groups) for (const p of g.forecast) all.add(p.period);
  // ISO dates sort as text in calendar order.
  const periods = [...all].sort();
  const rows = view.groups.map((g) => {
    const byPeriod = new Map(g.forecast.map((p) => [p.period, p]));
    return { key: g.key, label: g.label, cells: periods.map((p) => byPeriod.get(p) ?? null), total: g.total };
  });
  return { periods, rows };
}

/** The planners' overrides moved the period away from what the statistical forecasts said. */
export function differsFromStatistical(cell: Pick<AggregatePeriod, "forecast" | "statistical">): boolean {
  return cell.forecast != null && cell.statistical != null && cell.forecast !== cell.statistical;
}

/** Some series of the group are overridden somewhere on the horizon. */
export function hasOverrides(group: Pick<AggregateGroup, "forecast">): boolean {
  return group.forecast.some((p) => p.overridden > 0 || differsFromStatistical(p));
}

/** "2 of 3 series overridden". */
export function overriddenText(cell: Pick<AggregatePeriod, "series" | "overridden">, locale: string): string {
  return `${cell.overridden} of ${seriesText(cell.series, locale)} overridden`;
}

// Rust refuses a share above i32 for any one series; the form's own ceiling scales with the
// series the total is spread over, so a large group is not held to one series' limit.
const I32_MAX = 2_147_483_647;

/** The most units a group's period may be set to. */
export function aggregateOverrideMax(series: number): number {
  return Math.min(MAX_OVERRIDE * Math.max(1, series), I32_MAX);
}

/** The group and period an aggregate override sets. */
export interface AggregateTarget {
  runId: string;
  level: AggregateLevel;
  groupKey: string;
  period: string;
  /** Series with a live forecast in the period: what the total is spread over. */
  series: number;
}

/** The request the aggregate override form asks for, or what is wrong with each field. */
export function toAggregateOverrideRequest(
  target: AggregateTarget,
  fields: OverrideFields,
): { request: AggregateOverrideRequest } | { errors: OverrideErrors } {
  const checked = checkOverride(fields, aggregateOverrideMax(target.series));
  if ("errors" in checked) return checked;
  const { runId, level, groupKey, period } = target;
  return { request: { runId, level, groupKey, period, ...checked } };
}

/** The line under the form's title: where the total goes. */
export function spreadNote(series: number, locale: string): string {
  return `The total is spread over the ${seriesText(series, locale)} below in proportion to their statistical forecast; Escape cancels.`;
}

/** What the planner is told once an aggregate override is saved. */
export function spreadNotice(changed: number, group: string, periodText: string, value: number, locale: string): string {
  return `Spread over ${seriesText(changed, locale)}: ${group}, ${periodText} set to ${unitsText(value, locale)} units.`;
}
