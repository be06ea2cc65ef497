// The series view's charts as ECharts options, built from a SeriesDetail. Pure (colours and
// wording are passed in), so what the chart marks is tested without a canvas.

import type { EChartsOption } from "echarts";
import type { ComponentPoint, SeriesDetail } from "../../lib/ipc";
import { axisTooltip } from "../../shared/chartTooltip";

/** The theme's colours, read from CSS by the component that draws the chart. */
export interface ChartPalette {
  text: string;
  muted: string;
  grid: string;
  primary: string;
  secondary: string;
  surface: string;
  warning: string;
  danger: string;
  success: string;
}

/** How the chart words a period and a number of units, in the user's locale. */
export interface ChartText {
  /** Short label of a period's first day ("Nov 2026", "3 Nov 2026"). */
  period: (period: string) => string;
  units: (value: number | null) => string;
}

/** The legend's names, which the tooltip and the tests use too. */
export const SERIES_NAMES = {
  sold: "Units sold",
  partial: "Current period (partial)",
  backtest: "Backtest prediction",
  statistical: "Statistical forecast",
  override: "Override",
  actual: "Actual",
  band80: "80% interval",
  band95: "95% interval",
  trend: "Trend",
  seasonal: "Seasonal",
} as const;

/** Every period on the time axis, in order: the history, then the horizon. */
export function chartPeriods(detail: Pick<SeriesDetail, "history" | "backtest" | "forecast">): string[] {
  const all = new Set<string>();
  for (const p of detail.history) all.add(p.period);
  for (const p of detail.backtest) all.add(p.period);
  for (const p of detail.forecast) all.add(p.period);
  // ISO dates sort as text in calendar order.
  return [...all].sort();
}

/** The periods with a stock-out, where the engine learnt from estimated demand, not sales. */
export function stockoutPeriods(detail: Pick<SeriesDetail, "history">) {
  return detail.history.filter((h) => h.stockoutDays > 0);
}

/** Stock-out periods that follow one another as one span, so their shading reads as one. */
export function stockoutSpans(detail: Pick<SeriesDetail, "history">): { from: string; to: string }[] {
  const spans: { from: string; to: string }[] = [];
  let previous = -2;
  detail.history.forEach((h, i) => {
    if (h.stockoutDays <= 0) return;
    const last = spans[spans.length - 1];
    if (last && previous === i - 1) last.to = h.period;
    else spans.push({ from: h.period, to: h.period });
    previous = i;
  });
  return spans;
}

/** What the tooltip says about one period, line by line. */
export function tooltipLines(detail: SeriesDetail, period: string, text: ChartText): string[] {
  const lines = [text.period(period)];
  const h = detail.history.find((p) => p.period === period);
  if (h) {
    lines.push(`${SERIES_NAMES.sold}: ${text.units(h.units)}${h.partial ? " (partial: not used to fit)" : ""}`);
    if (h.stockoutDays > 0) {
      const days = `${h.stockoutDays} day${h.stockoutDays === 1 ? "" : "s"}`;
      lines.push(`Stock-out ${days}: learnt from demand ${text.units(h.demand)}`);
    }
  }
  const b = detail.backtest.find((p) => p.period === period);
  if (b) lines.push(`${SERIES_NAMES.backtest}: ${text.units(b.predicted)}`);
  const f = detail.forecast.find((p) => p.period === period);
  if (f) {
    if (f.statistical != null) {
      lines.push(`${SERIES_NAMES.override}: ${text.units(f.value)}`);
      lines.push(`${SERIES_NAMES.statistical}: ${text.units(f.statistical)}`);
    } else {
      lines.push(`Forecast: ${text.units(f.value)}`);
    }
    lines.push(`80%: ${text.units(f.lower80)} – ${text.units(f.upper80)}`);
    lines.push(`95%: ${text.units(f.lower95)} – ${text.units(f.upper95)}`);
    if (f.actual != null) lines.push(`${SERIES_NAMES.actual} (units sold): ${text.units(f.actual)}`);
  }
  return lines;
}

/** The difference that stacks on a band's lower edge to reach its upper one. */
function width(lower: number | null, upper: number | null): number | null {
  return lower == null || upper == null ? null : upper - lower;
}

/** An axis tooltip that words one period in `lines`, drawn on the canvas. */
export const tooltip = axisTooltip;

/** The forecast periods that are complete and have their actual sales recorded. */
export function actualPeriods(detail: Pick<SeriesDetail, "forecast">) {
  return detail.forecast.filter((f) => f.actual != null);
}

/** The periods along the bottom, labelled in the user's locale. */
/** The current, incomplete period: an outlined bar over the history's, labelled "partial". */
export function partialBar(name: string, data: (number | null)[], palette: ChartPalette) {
  return {
    name,
    type: "bar" as const,
    barGap: "-100%",
    data,
    itemStyle: { color: palette.surface, borderColor: palette.muted, borderType: "dashed" as const, borderWidth: 1.5 },
    label: { show: true, position: "top" as const, formatter: "partial", color: palette.muted },
  };
}

export function timeAxis(periods: string[], palette: ChartPalette, text: Pick<ChartText, "period">): EChartsOption["xAxis"] {
  return {
    type: "category",
    data: periods,
    axisLabel: { color: palette.muted, formatter: (value: string) => text.period(value) },
    axisLine: { lineStyle: { color: palette.grid } },
  };
}

/** Units up the side. */
export function unitsAxis(palette: ChartPalette): EChartsOption["yAxis"] {
  return {
    type: "value",
    name: "Units",
    nameTextStyle: { color: palette.muted },
    axisLabel: { color: palette.muted },
    splitLine: { lineStyle: { color: palette.grid, opacity: 0.6 } },
  };
}

/**
 * History, backtest and forecast of one series. The sales of complete periods are bars; the
 * current, incomplete period is a dashed bar labelled "partial" (shown, never learnt from);
 * stock-out periods are shaded, with a pin at the demand the engine learnt from; the
 * statistical forecast is a line with its 80 % and 95 % intervals as stacked bands, and
 * overrides are separate diamonds so they are never mistaken for the model's values. Once a
 * forecast period is complete, what actually sold is a square on the horizon, apart
 * from the history's bars, so forecast and outcome are read side by side.
 */
export function seriesChartOption(detail: SeriesDetail, palette: ChartPalette, text: ChartText): EChartsOption {
  const periods = chartPeriods(detail);
  const history = new Map(detail.history.map((p) => [p.period, p]));
  const backtest = new Map(detail.backtest.map((p) => [p.period, p]));
  const forecast = new Map(detail.forecast.map((p) => [p.period, p]));
  const along = <T>(pick: (period: string) => T | null): (T | null)[] => periods.map((period) => pick(period));

  const stockouts = stockoutPeriods(detail);
  const firstForecast = detail.forecast[0]?.period;
  const band = (name: string, stack: string, lower: (p: string) => number | null, upper: (p: string) => number | null, opacity: number) => [
    {
      // The invisible lower edge the band stacks on; left out of the legend.
      name: `${name} (lower)`,
      type: "line" as const,
      stack,
      stackStrategy: "all" as const,
      data: along(lower),
      symbol: "none",
      lineStyle: { opacity: 0 },
      itemStyle: { color: palette.primary },
      silent: true,
      z: 1,
    },
    {
      name,
      type: "line" as const,
      stack,
      stackStrategy: "all" as const,
      data: along((p) => width(lower(p), upper(p))),
      symbol: "none",
      lineStyle: { opacity: 0 },
      // The legend draws its swatch from the item style: as pale as the band it names.
      itemStyle: { color: palette.primary, opacity: Math.min(1, opacity * 2.5) },
      areaStyle: { color: palette.primary, opacity },
      silent: true,
      z: 1,
    },
  ];

  return {
    animation: false,
    textStyle: { color: palette.text },
    grid: { left: 8, right: 16, top: 48, bottom: 56, containLabel: true },
    legend: {
      top: 0,
      textStyle: { color: palette.text },
      data: [
        SERIES_NAMES.sold,
        SERIES_NAMES.partial,
        SERIES_NAMES.backtest,
        SERIES_NAMES.statistical,
        SERIES_NAMES.override,
        // Named only once there is something to name: until a period completes there are no actuals.
        ...(actualPeriods(detail).length > 0 ? [SERIES_NAMES.actual] : []),
        // Bands read as areas, not as the invisible lines that carry them.
        { name: SERIES_NAMES.band80, icon: "roundRect" },
        { name: SERIES_NAMES.band95, icon: "roundRect" },
      ],
    },
    tooltip: tooltip(palette, (period) => tooltipLines(detail, period, text)),
    // Zoom with the wheel or a drag inside the plot, or with the slider below it.
    dataZoom: [
      { type: "inside", filterMode: "none" },
      { type: "slider", filterMode: "none", height: 18, bottom: 8, textStyle: { color: palette.muted } },
    ],
    xAxis: timeAxis(periods, palette, text),
    yAxis: unitsAxis(palette),
    series: [
      ...band(SERIES_NAMES.band95, "band95", (p) => forecast.get(p)?.lower95 ?? null, (p) => forecast.get(p)?.upper95 ?? null, 0.12),
      ...band(SERIES_NAMES.band80, "band80", (p) => forecast.get(p)?.lower80 ?? null, (p) => forecast.get(p)?.upper80 ?? null, 0.22),
      {
        name: SERIES_NAMES.sold,
        type: "bar",
        barGap: "-100%",
        data: along((p) => {
          const h = history.get(p);
          return h && !h.partial ? h.units : null;
        }),
        itemStyle: { color: palette.secondary },
        markArea: {
          silent: true,
          itemStyle: { color: palette.warning, opacity: 0.14 },
          label: { color: palette.warning, position: "insideTop", fontSize: 10 },
          data: stockoutSpans(detail).map((span) => [{ name: "stock-out", xAxis: span.from }, { xAxis: span.to }]),
        },
        markPoint: {
          symbol: "pin",
          symbolSize: 34,
          itemStyle: { color: palette.warning },
          data: stockouts
            .filter((h) => h.demand != null)
            .map((h) => ({
              name: "Demand learnt",
              coord: [h.period, h.demand as number],
              value: h.demand as number,
              label: { formatter: text.units(h.demand), fontSize: 10 },
            })),
        },
      },
      partialBar(
        SERIES_NAMES.partial,
        along((p) => {
          const h = history.get(p);
          return h?.partial ? h.units : null;
        }),
        palette,
      ),
      {
        name: SERIES_NAMES.backtest,
        type: "line",
        data: along((p) => backtest.get(p)?.predicted ?? null),
        symbol: "circle",
        symbolSize: 5,
        lineStyle: { width: 2, type: "dashed", color: palette.success },
        itemStyle: { color: palette.success },
        z: 3,
      },
      {
        name: SERIES_NAMES.statistical,
        type: "line",
        // The model's value: an override replaced it in `value` and keeps it in `statistical`.
        data: along((p) => {
          const f = forecast.get(p);
          return f ? (f.statistical ?? f.value) : null;
        }),
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
      {
        name: SERIES_NAMES.override,
        type: "line",
        data: along((p) => {
          const f = forecast.get(p);
          return f && f.statistical != null ? f.value : null;
        }),
        symbol: "diamond",
        symbolSize: 11,
        lineStyle: { width: 2, type: "dotted", color: palette.danger },
        itemStyle: { color: palette.danger },
        z: 5,
      },
      {
        name: SERIES_NAMES.actual,
        type: "line",
        data: along((p) => forecast.get(p)?.actual ?? null),
        // A filled square in the text colour: apart from the history's bars, the model's circles and
        // the overrides' diamonds, and legible in light and dark mode alike.
        symbol: "rect",
        symbolSize: 8,
        showSymbol: true,
        lineStyle: { width: 1.5, color: palette.text },
        itemStyle: { color: palette.text },
        z: 6,
      },
    ],
  };
}

/** Trend and seasonal parts over the history and the horizon (demand ≈ trend + seasonal). */
export function componentsChartOption(
  components: ComponentPoint[],
  firstForecast: string | undefined,
  palette: ChartPalette,
  text: ChartText,
): EChartsOption {
  const periods = components.map((c) => c.period);
  return {
    animation: false,
    textStyle: { color: palette.text },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: palette.text } },
    tooltip: tooltip(palette, (period) => {
      const c = components.find((p) => p.period === period);
      return c
        ? [text.period(period), `${SERIES_NAMES.trend}: ${text.units(c.trend)}`, `${SERIES_NAMES.seasonal}: ${text.units(c.seasonal)}`]
        : [];
    }),
    xAxis: timeAxis(periods, palette, text),
    yAxis: unitsAxis(palette),
    series: [
      {
        name: SERIES_NAMES.trend,
        type: "line",
        data: components.map((c) => c.trend),
        symbol: "none",
        lineStyle: { width: 2, color: palette.primary },
        itemStyle: { color: palette.primary },
        ...(firstForecast && periods.includes(firstForecast)
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
      {
        name: SERIES_NAMES.seasonal,
        type: "line",
        data: components.map((c) => c.seasonal),
        symbol: "none",
        lineStyle: { width: 2, color: palette.success },
        itemStyle: { color: palette.success },
      },
    ],
  };
}
