// An item's 52-week stock projection as an ECharts option. Pure (colours and wording are
// passed in), so what the chart marks is tested without a canvas.

import type { EChartsOption } from "echarts";
import type { PlanFigures, ProjectedWeek } from "../../lib/ipc";
import type { ChartColors } from "../../shared/Chart";
import { axisTooltip } from "../../shared/chartTooltip";
import { toPlotNumber } from "../../shared/format";

/** How the chart words a week and a number of units, in the user's locale. */
export interface ProjectionText {
  week: (weekStart: string) => string;
  units: (value: number | null) => string;
}

/** The legend's names, which the tooltip and the tests use too. */
export const PROJECTION_NAMES = {
  stock: "Projected stock",
  band: "80% range",
  demand: "Forecast demand",
  reorderPoint: "Reorder point",
  safetyStock: "Safety stock",
  stockout: "Stock-out",
} as const;

/** The 80 % band as a lower edge and the width stacked on it (ECharts shades between stacked lines). */
export function bandSeries(weeks: readonly ProjectedWeek[]): { lower: (number | null)[]; width: (number | null)[] } {
  return {
    lower: weeks.map((w) => w.stockLow80),
    width: weeks.map((w) => (w.stockLow80 == null || w.stockHigh80 == null ? null : w.stockHigh80 - w.stockLow80)),
  };
}

/**
 * The week a date falls in (weeks start on `weekStart`; ISO dates compare as text), or null
 * before the first. The stock-out date comes from the same daily projection as the weeks, so
 * it never falls after the last one.
 */
export function weekOf(weeks: readonly ProjectedWeek[], date: string | null): string | null {
  if (date === null) return null;
  let found: string | null = null;
  for (const w of weeks) {
    if (w.weekStart > date) break;
    found = w.weekStart;
  }
  return found;
}

/** What the tooltip says about one week, line by line. */
export function projectionTooltipLines(weeks: readonly ProjectedWeek[], weekStart: string, text: ProjectionText): string[] {
  const w = weeks.find((x) => x.weekStart === weekStart);
  if (!w) return [];
  const lines = [
    `Week of ${text.week(weekStart)}`,
    `${PROJECTION_NAMES.stock}: ${text.units(w.stock)}`,
    `${PROJECTION_NAMES.band}: ${text.units(w.stockLow80)} – ${text.units(w.stockHigh80)}`,
    `${PROJECTION_NAMES.demand}: ${text.units(w.demand)}`,
  ];
  if ((w.receipts ?? 0) > 0) lines.push(`Received: ${text.units(w.receipts)}`);
  if ((w.unmet ?? 0) > 0) lines.push(`Demand not served: ${text.units(w.unmet)}`);
  return lines;
}

/**
 * The projected stock at the end of each week as a line in its shaded 80 % range, the weekly
 * forecast demand as bars on their own axis (a week's demand is a fraction of the stock),
 * the reorder point and safety stock as level lines, and the week of the first stock-out.
 */
export function projectionChartOption(
  weeks: readonly ProjectedWeek[],
  plan: Pick<PlanFigures, "reorderPoint" | "safetyStock" | "stockoutDate">,
  colors: ChartColors,
  text: ProjectionText,
): EChartsOption {
  const band = bandSeries(weeks);
  const reorderPoint = toPlotNumber(plan.reorderPoint);
  const safetyStock = toPlotNumber(plan.safetyStock);
  const stockoutWeek = weekOf(weeks, plan.stockoutDate);
  const level = (name: string, value: number | null, color: string) =>
    value === null ? [] : [{ name, yAxis: value, lineStyle: { color, type: "dashed" as const, width: 1.5 }, label: { color, formatter: name } }];
  const markLines = [
    ...level(PROJECTION_NAMES.reorderPoint, reorderPoint, colors.warning),
    ...level(PROJECTION_NAMES.safetyStock, safetyStock, colors.danger),
    ...(stockoutWeek === null
      ? []
      : [{ name: PROJECTION_NAMES.stockout, xAxis: stockoutWeek, lineStyle: { color: colors.danger, type: "dotted" as const }, label: { color: colors.danger, formatter: PROJECTION_NAMES.stockout } }]),
  ];
  const axisLabel = { color: colors.muted };
  return {
    animation: false,
    textStyle: { color: colors.text },
    grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
    legend: {
      top: 0,
      textStyle: { color: colors.text },
      data: [PROJECTION_NAMES.stock, { name: PROJECTION_NAMES.band, icon: "roundRect" }, PROJECTION_NAMES.demand],
    },
    tooltip: axisTooltip(colors, (week) => projectionTooltipLines(weeks, week, text)),
    xAxis: {
      type: "category",
      data: weeks.map((w) => w.weekStart),
      axisLabel: { ...axisLabel, formatter: (value: string) => text.week(value) },
      axisLine: { lineStyle: { color: colors.grid } },
    },
    yAxis: [
      {
        type: "value",
        name: "Units in stock",
        nameTextStyle: { color: colors.muted },
        axisLabel,
        splitLine: { lineStyle: { color: colors.grid, opacity: 0.6 } },
      },
      {
        type: "value",
        name: "Demand (units/week)",
        nameTextStyle: { color: colors.muted },
        axisLabel,
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: PROJECTION_NAMES.demand,
        type: "bar",
        yAxisIndex: 1,
        data: weeks.map((w) => w.demand),
        itemStyle: { color: colors.secondary, opacity: 0.55 },
        z: 1,
      },
      {
        // The invisible lower edge the band stacks on; left out of the legend.
        name: `${PROJECTION_NAMES.band} (lower)`,
        type: "line",
        stack: "band",
        stackStrategy: "all",
        data: band.lower,
        symbol: "none",
        lineStyle: { opacity: 0 },
        itemStyle: { color: colors.primary },
        silent: true,
        z: 2,
      },
      {
        name: PROJECTION_NAMES.band,
        type: "line",
        stack: "band",
        stackStrategy: "all",
        data: band.width,
        symbol: "none",
        lineStyle: { opacity: 0 },
        itemStyle: { color: colors.primary, opacity: 0.5 },
        areaStyle: { color: colors.primary, opacity: 0.18 },
        silent: true,
        z: 2,
      },
      {
        name: PROJECTION_NAMES.stock,
        type: "line",
        data: weeks.map((w) => w.stock),
        symbol: "none",
        lineStyle: { width: 2.5, color: colors.primary },
        itemStyle: { color: colors.primary },
        z: 3,
        markLine: { silent: true, symbol: "none", data: markLines },
      },
    ],
  };
}
