// The value-added chart as an ECharts option, built from a ValueAddedReport. Pure (colours and
// wording are passed in), so what the chart marks is tested without a canvas.

import type { EChartsOption } from "echarts";
import type { ValueAddedReport } from "../../lib/ipc";
import { type ChartPalette, timeAxis, tooltip } from "./seriesChart";
import { type ValueAddedText, valueAddedLines, valueAddedTooltipLines } from "./valueAdded";

/** Line styles taken in turn once the colours run out, so two groups never look alike. */
const DASHES = ["solid", "dashed", "dotted"] as const;

/** Each group's colour and dash: the palette's colours first, then again dashed, then dotted. */
export function lineStyles(count: number, palette: ChartPalette): { color: string; type: (typeof DASHES)[number] }[] {
  const colours = [palette.primary, palette.success, palette.warning, palette.danger, palette.secondary, palette.text];
  return Array.from({ length: count }, (_, i) => ({
    color: colours[i % colours.length] as string,
    type: DASHES[Math.floor(i / colours.length) % DASHES.length] as (typeof DASHES)[number],
  }));
}

/**
 * Override value added per month, one line per planner or category, in percentage points. The
 * zero line is marked: above it the overrides made the forecast more accurate than the
 * statistical one, below it less. A month a group was not scored in is a gap.
 */
export function valueAddedChartOption(report: ValueAddedReport, palette: ChartPalette, text: ValueAddedText): EChartsOption {
  const { months, lines } = valueAddedLines(report);
  const styles = lineStyles(lines.length, palette);
  return {
    animation: false,
    textStyle: { color: palette.text },
    grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
    // Many categories scroll rather than crowd the plot.
    legend: { type: "scroll", top: 0, textStyle: { color: palette.text }, pageTextStyle: { color: palette.muted } },
    tooltip: tooltip(palette, (month) => valueAddedTooltipLines(report, month, text)),
    xAxis: timeAxis(months, palette, text),
    yAxis: {
      type: "value",
      name: "Points",
      nameTextStyle: { color: palette.muted },
      axisLabel: { color: palette.muted, formatter: (v: number) => (v > 0 ? `+${v}` : String(v)) },
      splitLine: { lineStyle: { color: palette.grid, opacity: 0.6 } },
    },
    series: lines.map((line, i) => {
      const style = styles[i] ?? { color: palette.primary, type: "solid" as const };
      return {
        name: line.label,
        type: "line" as const,
        data: line.points,
        symbol: "circle",
        symbolSize: 6,
        // A month alone between gaps still shows as a dot.
        showSymbol: true,
        lineStyle: { width: 2, type: style.type, color: style.color },
        itemStyle: { color: style.color },
        ...(i === 0
          ? {
              markLine: {
                silent: true,
                symbol: "none",
                lineStyle: { color: palette.muted, type: "solid" as const, width: 1.5 },
                label: { formatter: "no value added", color: palette.muted, position: "insideEndTop" as const },
                data: [{ yAxis: 0 }],
              },
            }
          : {}),
      };
    }),
  };
}
