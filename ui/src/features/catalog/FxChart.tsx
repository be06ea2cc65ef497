import { Chart, type EChartsOption, chartColors } from "../../shared/Chart";
import { formatDate, formatFxRate, toPlotNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import type { RatePoint } from "./fx";
import { type Pair, formatPair } from "./options";

/** A pair's rate over time. Loaded on its own (FxPanel), as it pulls in the chart library. */
export function FxChart({ pair, points, theme }: { pair: Pair; points: RatePoint[]; theme: string }) {
  const { locale } = useLocale();
  const colors = chartColors();
  const labels = points.map((p) => formatDate(p.date, locale, "short"));
  const option: EChartsOption = {
    animation: false,
    textStyle: { color: colors.text },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      // Drawn on the canvas rather than as HTML, so the strict CSP needs no inline styles.
      renderMode: "richText",
      backgroundColor: colors.surface,
      borderColor: colors.grid,
      textStyle: { color: colors.text },
      // The exact rate as stored, not the plotted float.
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as { dataIndex: number }[]) : [];
        const i = list[0]?.dataIndex ?? 0;
        const p = points[i];
        return p ? `${formatDate(p.date, locale)}\n1 ${pair[0]} = ${formatFxRate(p.rate, locale)} ${pair[1]}` : "";
      },
    },
    xAxis: {
      type: "category",
      data: labels,
      axisLabel: { color: colors.muted },
      axisLine: { lineStyle: { color: colors.grid } },
    },
    yAxis: {
      type: "value",
      // Rates move by fractions of a percent: an axis from zero would draw a flat line.
      scale: true,
      axisLabel: { color: colors.muted, formatter: (v: number) => formatFxRate(String(v), locale) },
      splitLine: { lineStyle: { color: colors.grid, opacity: 0.6 } },
    },
    series: [
      {
        name: formatPair(pair[0], pair[1]),
        type: "line",
        data: points.map((p) => toPlotNumber(p.rate)),
        symbolSize: 5,
        lineStyle: { width: 2.5, color: colors.primary },
        itemStyle: { color: colors.primary },
      },
    ],
  };
  const first = points[0];
  const last = points[points.length - 1];
  const summary =
    first && last
      ? `${formatPair(pair[0], pair[1])} rate from ${formatDate(first.date, locale)} to ${formatDate(last.date, locale)}, ${points.length} rates.`
      : `${formatPair(pair[0], pair[1])} rate.`;
  return <Chart option={option} label={summary} height={220} theme={theme} />;
}
