// The aggregate chart. Loaded on demand: it pulls in the chart library.
import { DataZoomComponent, MarkLineComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { AggregateGroup, Bucket } from "../../lib/ipc";
import { Chart } from "../../shared/Chart";
import { useLocale } from "../../shared/locale";
import { aggregateChartOption } from "./aggregateChart";
import { periodLabel, periodsText, unitsText } from "./figures";
import { chartPalette } from "./SeriesCharts";

// Zooming and the forecast origin's line, as on a series' chart.
echarts.use([DataZoomComponent, MarkLineComponent]);

export function AggregateChart({ group, bucket, theme }: { group: AggregateGroup; bucket: Bucket; theme: string }) {
  const { locale } = useLocale();
  const text = {
    period: (p: string) => periodLabel(p, bucket, locale, "axis"),
    units: (v: number | null) => unitsText(v, locale),
  };
  const unit = bucket === "month" ? "month" : "week";
  const label =
    `Units sold per ${unit} in ${group.label} (${periodsText(group.history.length, locale)}) and the forecast ` +
    `for ${periodsText(group.forecast.length, locale)}, summed over its series.`;
  return <Chart option={aggregateChartOption(group, chartPalette(), text)} label={label} height={320} exportName="forecast-aggregate" theme={theme} />;
}
