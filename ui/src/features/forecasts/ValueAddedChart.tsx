// The value-added chart. Loaded on demand: it pulls in the chart library.
import { LegendScrollComponent, MarkLineComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { ValueAddedReport } from "../../lib/ipc";
import { Chart } from "../../shared/Chart";
import { formatMonth, formatPoints, formatShare } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { chartPalette } from "./SeriesCharts";
import { groupColumn } from "./valueAdded";
import { valueAddedChartOption } from "./valueAddedChart";

// The zero line, and a legend that scrolls when there are many categories.
echarts.use([LegendScrollComponent, MarkLineComponent]);

export function ValueAddedChart({ report, theme }: { report: ValueAddedReport; theme: string }) {
  const { locale } = useLocale();
  const text = {
    period: (m: string) => formatMonth(m, locale),
    points: (v: number | null) => formatPoints(v, locale),
    share: (v: number | null) => formatShare(v, locale),
  };
  const label =
    `Override value added per month, in percentage points, for each ${groupColumn(report.by).toLowerCase()} ` +
    `(${report.groups.map((g) => g.label).join(", ")}); above zero the overrides made the forecast more accurate.`;
  return <Chart option={valueAddedChartOption(report, chartPalette(), text)} label={label} height={300} exportName="forecast-value-added" theme={theme} />;
}
