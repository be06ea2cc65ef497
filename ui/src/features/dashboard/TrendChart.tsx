import { Chart, type EChartsOption, chartColors } from "../../shared/Chart";
import { formatDate, formatMoney, formatMonth, toPlotNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import type { ReportingCurrency, TrendBucket, TrendPoint } from "./types";

/**
 * Revenue per bucket, split where the data ends: complete buckets on the solid line, the
 * buckets the data does not fully cover (the current month, or months after the last sale)
 * on a dotted one joined to it, so an incomplete month is not read as a fall.
 */
export function trendLines(trend: TrendPoint[]): { complete: (number | null)[]; partial: (number | null)[] } {
  const firstPartial = trend.findIndex((p) => p.partial);
  const complete = trend.map((p) => (p.partial ? null : toPlotNumber(p.revenue)));
  const partial = trend.map((p, i) =>
    p.partial || (firstPartial > 0 && i === firstPartial - 1) ? toPlotNumber(p.revenue) : null,
  );
  return { complete, partial };
}

export function TrendChart({
  trend,
  bucket,
  dataUntil,
  currency,
  theme,
}: {
  trend: TrendPoint[];
  bucket: TrendBucket;
  /** The last day the figures cover ("YYYY-MM-DD"). */
  dataUntil: string;
  currency: ReportingCurrency;
  theme: string;
}) {
  const { locale } = useLocale();
  const colors = chartColors();
  const lines = trendLines(trend);
  const incomplete = `Incomplete (data to ${formatDate(dataUntil, locale, "short")})`;
  // Periods are the first day of each bucket, "YYYY-MM-DD".
  const labels = trend.map((p) => (bucket === "month" ? formatMonth(p.period, locale) : formatDate(p.period, locale, "short")));
  const option: EChartsOption = {
    animation: false,
    textStyle: { color: colors.text },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: colors.text } },
    tooltip: {
      trigger: "axis",
      // Drawn on the canvas rather than as HTML, so the strict CSP needs no inline styles.
      renderMode: "richText",
      backgroundColor: colors.surface,
      borderColor: colors.grid,
      textStyle: { color: colors.text },
      // Tooltips show the exact decimal strings from Rust, not the plotted floats.
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? (params as { dataIndex: number }[]) : [];
        const i = list[0]?.dataIndex ?? 0;
        const p = trend[i];
        if (!p) return "";
        const ly = formatMoney(p.revenueLastYear, currency, locale);
        const note = p.partial ? `\n${incomplete}` : "";
        return `${labels[i]}\nThis period: ${formatMoney(p.revenue, currency, locale)}\nLast year: ${ly}${note}`;
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
      axisLabel: {
        color: colors.muted,
        formatter: (v: number) => formatMoney(String(v), currency, locale, { compact: true }),
      },
      splitLine: { lineStyle: { color: colors.grid, opacity: 0.6 } },
    },
    series: [
      {
        name: "Revenue",
        type: "line",
        data: lines.complete,
        smooth: false,
        symbolSize: 6,
        lineStyle: { width: 2.5, color: colors.primary },
        itemStyle: { color: colors.primary },
      },
      {
        name: bucket === "month" ? "Same months last year" : "Same days last year",
        type: "line",
        data: trend.map((p) => toPlotNumber(p.revenueLastYear)),
        symbolSize: 4,
        lineStyle: { width: 2, type: "dashed", color: colors.secondary },
        itemStyle: { color: colors.secondary },
      },
      ...(lines.partial.some((v) => v !== null)
        ? [
            {
              name: incomplete,
              type: "line" as const,
              data: lines.partial,
              symbolSize: 6,
              lineStyle: { width: 2, type: "dotted" as const, color: colors.muted },
              itemStyle: { color: colors.muted },
            },
          ]
        : []),
    ],
  };
  const unit = bucket === "month" ? "month" : "day";
  const partialCount = trend.filter((p) => p.partial).length;
  const partialNote = partialCount > 0 ? ` The last ${partialCount} ${unit}${partialCount === 1 ? " is" : "s are"} incomplete (data to ${dataUntil}) and drawn dotted.` : "";
  const summary = `Revenue by ${unit} in ${currency}, ${trend.length} points, with the same ${unit}s last year for comparison.${partialNote}`;
  return <Chart option={option} label={summary} exportName="revenue-trend" theme={theme} />;
}
