// The series view's two charts. Loaded on demand: they pull in the chart library.
import { DataZoomComponent, MarkAreaComponent, MarkLineComponent, MarkPointComponent } from "echarts/components";
import * as echarts from "echarts/core";
import type { SeriesDetail } from "../../lib/ipc";
import { Chart, chartColors } from "../../shared/Chart";
import { useLocale } from "../../shared/locale";
import { periodLabel, periodsText, unitsText } from "./figures";
import { type ChartPalette, type ChartText, actualPeriods, componentsChartOption, seriesChartOption } from "./seriesChart";

// The shared chart registers lines, bars, axes and tooltips; the forecast chart also zooms
// and marks stock-outs, overrides and the forecast origin. Registered here, so only this
// screen's chunk carries them.
echarts.use([DataZoomComponent, MarkAreaComponent, MarkLineComponent, MarkPointComponent]);

/** The theme's colours, read when the chart is drawn so light and dark mode both match. */
export function chartPalette(): ChartPalette {
  return chartColors();
}

function useChartText(detail: SeriesDetail): ChartText {
  const { locale } = useLocale();
  return {
    period: (p) => periodLabel(p, detail.bucket, locale, "axis"),
    units: (v) => unitsText(v, locale),
  };
}

export function SeriesChart({ detail, theme }: { detail: SeriesDetail; theme: string }) {
  const text = useChartText(detail);
  const unit = detail.bucket === "month" ? "month" : "week";
  const { locale } = useLocale();
  const actuals = actualPeriods(detail).length;
  const label =
    `Units sold per ${unit} of ${detail.sku} on ${detail.channelName} (${periodsText(detail.history.length, locale)}), ` +
    `the backtest predictions, and the forecast for ${periodsText(detail.forecast.length, locale)} with 80% and 95% intervals` +
    (actuals > 0 ? `, with the units actually sold in ${periodsText(actuals, locale)} of it.` : ".");
  return (
    <Chart
      option={seriesChartOption(detail, chartPalette(), text)}
      label={label}
      height={380}
      exportName={`forecast ${detail.sku} ${detail.channelName}`}
      theme={theme}
    />
  );
}

export function ComponentsChart({ detail, theme }: { detail: SeriesDetail; theme: string }) {
  const text = useChartText(detail);
  return (
    <Chart
      option={componentsChartOption(detail.components, detail.forecast[0]?.period, chartPalette(), text)}
      label={`Trend and seasonal parts of ${detail.sku} on ${detail.channelName}, over the history and the horizon.`}
      height={220}
      exportName={`forecast ${detail.sku} ${detail.channelName} components`}
      theme={theme}
    />
  );
}
