// The aggregate chart as an ECharts option, built from one AggregateGroup. Pure (colours and
// wording are passed in), so what the chart marks is tested without a canvas.

import type { EChartsOption } from "echarts";
import type { AggregateGroup } from "../../lib/ipc";
import { differsFromStatistical, hasOverrides } from "./aggregate";
import { type ChartPalette, type ChartText, SERIES_NAMES, partialBar, timeAxis, tooltip, unitsAxis } from "./seriesChart";

/** The legend's names, which the tooltip and the tests use too. */
export const AGGREGATE_NAMES = {
  sold: SERIES_NAMES.sold,
  partial: SERIES_NAMES.partial,
  forecast: "Forecast",
  statistical: "Statistical forecast (before overrides)",
} as const;

/** Every period on the time axis, in order: the history, then the horizon. */
export function aggregatePeriods(group: Pick<AggregateGroup, "history" | "forecast">): string[] {
  const all = new Set<string>();
  for (const p of group.history) all.add(p.period);
  for (const p of group.forecast) all.add(p.period);
  // ISO dates sort as text in calendar order.
  return [...all].sort();
}

/** What the tooltip says about one period, line by line. */
export function aggregateTooltipLines(group: AggregateGroup, period: string, text: ChartText): string[] {
  const lines = [text.period(period)];
  const h = group.history.find((p) => p.period === period);
  if (h) lines.push(`${AGGREGATE_NAMES.sold}: ${text.units(h.units)}${h.partial ? " (partial)" : ""}`);
  const f = group.forecast.find((p) => p.period === period);
  if (f) {
    lines.push(`${AGGREGATE_NAMES.forecast}: ${text.units(f.forecast)}`);
    if (differsFromStatistical(f)) lines.push(`${SERIES_NAMES.statistical}: ${text.units(f.statistical)}`);
    if (f.overridden > 0) lines.push(`Overridden: ${f.overridden} of ${f.series} series`);
  }
  return lines;
}

/**
 * History and forecast of one group, summed over its series. Complete periods' sales are
 * bars; the current, incomplete period is a dashed bar labelled "partial", as on a series'
 * chart; the forecast (overrides included) is a line, and where planners overrode some of the
 * series, the statistical forecast they replaced is a dashed line beside it.
 */
export function aggregateChartOption(group: AggregateGroup, palette: ChartPalette, text: ChartText): EChartsOption {
  const periods = aggregatePeriods(group);
  const history = new Map(group.history.map((p) => [p.period, p]));
  const forecast = new Map(group.forecast.map((p) => [p.period, p]));
  const along = <T>(pick: (period: string) => T | null): (T | null)[] => periods.map((period) => pick(period));
  const firstForecast = group.forecast[0]?.period;
  const overridden = hasOverrides(group);

  return {
    animation: false,
    textStyle: { color: palette.text },
    grid: { left: 8, right: 16, top: 48, bottom: 56, containLabel: true },
    legend: {
      top: 0,
      textStyle: { color: palette.text },
      data: [AGGREGATE_NAMES.sold, AGGREGATE_NAMES.partial, AGGREGATE_NAMES.forecast, ...(overridden ? [AGGREGATE_NAMES.statistical] : [])],
    },
    tooltip: tooltip(palette, (period) => aggregateTooltipLines(group, period, text)),
    dataZoom: [
      { type: "inside", filterMode: "none" },
      { type: "slider", filterMode: "none", height: 18, bottom: 8, textStyle: { color: palette.muted } },
    ],
    xAxis: timeAxis(periods, palette, text),
    yAxis: unitsAxis(palette),
    series: [
      {
        name: AGGREGATE_NAMES.sold,
        type: "bar",
        barGap: "-100%",
        data: along((p) => {
          const h = history.get(p);
          return h && !h.partial ? h.units : null;
        }),
        itemStyle: { color: palette.secondary },
      },
      partialBar(
        AGGREGATE_NAMES.partial,
        along((p) => {
          const h = history.get(p);
          return h?.partial ? h.units : null;
        }),
        palette,
      ),
      {
        name: AGGREGATE_NAMES.forecast,
        type: "line",
        data: along((p) => forecast.get(p)?.forecast ?? null),
        symbol: "circle",
        symbolSize: 5,
        lineStyle: { width: 2.5, color: palette.primary },
        itemStyle: { color: palette.primary },
        z: 4,
        ...(firstForecast
          ? {
              markLine: {
                silent: true,
                symbol: "none",
                lineStyle: { color: palette.muted, type: "dotted" },
                label: { formatter: "forecast", color: palette.muted },
                data: [{ xAxis: firstForecast }],
              },
            }
          : {}),
      },
      ...(overridden
        ? [
            {
              name: AGGREGATE_NAMES.statistical,
              type: "line" as const,
              data: along((p) => forecast.get(p)?.statistical ?? null),
              symbol: "none",
              lineStyle: { width: 2, type: "dashed" as const, color: palette.muted },
              itemStyle: { color: palette.muted },
              z: 3,
            },
          ]
        : []),
    ],
  };
}
