// Each resource's weekly load against its capacity, as the grid and the chart show it. Pure,
// so the bands and wording are tested without a window.

import type { EChartsOption } from "echarts";
import type { CapacityView, ResourceLoad, ResourceStatus, WeekLoad } from "../../lib/ipc";
import type { ChartColors } from "../../shared/Chart";
import { axisTooltip } from "../../shared/chartTooltip";
import { capitalise } from "../../shared/format";
import { humanize } from "../../shared/errors";

/** How full a week is: below 70 %, up to 90 %, up to capacity, beyond it. */
export type LoadBand = "low" | "medium" | "high" | "over";

export type CapacityCell =
  /** Measured in litres or batches: the schedule does not count its load in units. */
  | { kind: "unscheduled" }
  /** No capacity this week (maintenance, offline, or no rate); any load there is over-booked. */
  | { kind: "none"; load: number; over: boolean }
  | { kind: "load"; load: number; capacity: number; share: number; band: LoadBand; over: boolean };

// From here a week is busy enough to watch, and nearly full.
const MEDIUM_SHARE = 0.7;
const HIGH_SHARE = 0.9;

/** One grid cell: the week's load against capacity, and its band. Rust's `over` decides over-booking. */
export function capacityCell(resource: Pick<ResourceLoad, "scheduled">, week: WeekLoad): CapacityCell {
  if (!resource.scheduled) return { kind: "unscheduled" };
  const load = week.load ?? 0;
  const capacity = week.capacity ?? 0;
  if (capacity <= 0) return { kind: "none", load, over: week.over };
  const share = load / capacity;
  const band: LoadBand = week.over ? "over" : share >= HIGH_SHARE ? "high" : share >= MEDIUM_SHARE ? "medium" : "low";
  return { kind: "load", load, capacity, share, band, over: week.over };
}

/** A cell in words, as an export writes it: "1,200 / 9,600 (13%)", "40 / 0 (over-booked)". */
export function cellText(cell: CapacityCell, text: Pick<CapacityText, "units" | "share">): string {
  switch (cell.kind) {
    case "unscheduled":
      return "not scheduled by units";
    case "none":
      return `${text.units(cell.load)} / 0 (${cell.over ? "over-booked" : "no capacity"})`;
    case "load":
      return `${text.units(cell.load)} / ${text.units(cell.capacity)} (${text.share(cell.share)}${cell.over ? ", over-booked" : ""})`;
  }
}

const RESOURCE_STATUS: Record<ResourceStatus, string> = { available: "Available", maintenance: "In maintenance", offline: "Offline" };

export function resourceStatusLabel(status: ResourceStatus): string {
  return RESOURCE_STATUS[status];
}

/** A resource's kind as sent ("bottling_line") in words: "Bottling line". */
export function kindLabel(kind: string): string {
  return capitalise(humanize(kind));
}

/** The over-booked resource-weeks, for the summary above the grid. */
export function overBooked(view: Pick<CapacityView, "resources">): number {
  return view.resources.reduce((n, r) => n + r.weeks.filter((w) => w.over).length, 0);
}

/** How the chart words a week and a number of units, in the user's locale. */
export interface CapacityText {
  week: (weekStart: string) => string;
  units: (value: number | null) => string;
  share: (fraction: number) => string;
}

/** What the tooltip says about one week: each scheduled resource's load against its capacity. */
export function capacityTooltipLines(view: CapacityView, weekStart: string, text: CapacityText): string[] {
  const lines = [`Week of ${text.week(weekStart)}`];
  for (const r of view.resources.filter((x) => x.scheduled)) {
    const week = r.weeks.find((w) => w.weekStart === weekStart);
    if (!week) continue;
    const cell = capacityCell(r, week);
    const load = `${r.name}: ${text.units(week.load)} of ${text.units(week.capacity)} units`;
    if (cell.kind === "load") lines.push(`${load} (${text.share(cell.share)})${cell.over ? ", over-booked" : ""}`);
    else if (cell.kind === "none") lines.push(`${load}, no capacity${cell.over ? ", over-booked" : ""}`);
  }
  return lines;
}

/**
 * Load per week as a bar for each resource the schedule counts, beside its capacity as a
 * dashed step line of the same colour: a bar above its line is an over-booked week.
 */
export function capacityChartOption(view: CapacityView, colors: ChartColors, text: CapacityText): EChartsOption {
  const palette = [colors.primary, colors.success, colors.warning, colors.danger, colors.secondary, colors.text];
  const scheduled = view.resources.filter((r) => r.scheduled);
  return {
    animation: false,
    textStyle: { color: colors.text },
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    // Many resources scroll rather than crowd the plot.
    legend: { type: "scroll", top: 0, textStyle: { color: colors.text }, pageTextStyle: { color: colors.muted } },
    tooltip: axisTooltip(colors, (week) => capacityTooltipLines(view, week, text)),
    xAxis: {
      type: "category",
      data: view.weeks,
      axisLabel: { color: colors.muted, formatter: (value: string) => text.week(value) },
      axisLine: { lineStyle: { color: colors.grid } },
    },
    yAxis: {
      type: "value",
      name: "Units a week",
      nameTextStyle: { color: colors.muted },
      axisLabel: { color: colors.muted },
      splitLine: { lineStyle: { color: colors.grid, opacity: 0.6 } },
    },
    series: scheduled.flatMap((r, i) => {
      const color = palette[i % palette.length] as string;
      const at = (pick: (w: WeekLoad) => number | null) => view.weeks.map((week) => {
        const w = r.weeks.find((x) => x.weekStart === week);
        return w ? pick(w) : null;
      });
      return [
        { name: r.name, type: "bar" as const, data: at((w) => w.load), itemStyle: { color } },
        {
          name: `${r.name} capacity`,
          type: "line" as const,
          step: "middle" as const,
          data: at((w) => w.capacity),
          symbol: "none",
          lineStyle: { color, type: "dashed" as const, width: 2 },
          itemStyle: { color },
        },
      ];
    }),
  };
}
