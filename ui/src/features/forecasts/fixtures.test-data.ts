// Runs, series and progress shaped as Rust sends them, for the forecasts' tests.

import type {
  AggregateGroup,
  AggregatePeriod,
  AggregateView,
  ForecastPoint,
  ForecastRun,
  HistoryPoint,
  RunProgress,
  SeriesDetail,
  SeriesKey,
  SeriesSummary,
} from "../../lib/ipc";

export const RUN_ID = "7c1e2a4b-5d6f-4a8b-9c0d-1e2f3a4b5c6d";
export const RED_UK: SeriesKey = { productId: "p-red-uk", channelId: "c-amazon-uk" };
export const GOLD_EU: SeriesKey = { productId: "p-gold-eu", channelId: "c-shop-eu" };

export function run(over: Partial<ForecastRun> = {}): ForecastRun {
  return {
    id: RUN_ID,
    bucket: "month",
    horizon: 12,
    model: "Auto",
    engineVersion: "0.9.0",
    scopeLabel: "All series",
    scope: { products: [], channels: [], categories: [], markets: [] },
    originDate: "2026-12-01",
    seriesCount: 2,
    pointCount: 24,
    elapsedMs: 3240,
    createdByName: "Priya Shah",
    createdAt: "2026-12-06T09:30:00Z",
    ...over,
  };
}

export function summary(over: Partial<SeriesSummary> = {}): SeriesSummary {
  return {
    key: RED_UK,
    sku: "GR-UK-30",
    productName: "GABA Red 30 capsules",
    category: "GABA Red",
    channelName: "Amazon UK",
    marketCode: "UK",
    modelType: "ETS",
    modelName: "ETS(A,N,A)",
    confidence: 0.8,
    mase: 0.25,
    wape: 12.5,
    total: 1234.4,
    overridden: 0,
    status: "draft",
    ...over,
  };
}

export function history(period: string, units: number, over: Partial<HistoryPoint> = {}): HistoryPoint {
  return { period, units, demand: units, stockoutDays: 0, partial: false, ...over };
}

export function point(period: string, value: number, over: Partial<ForecastPoint> = {}): ForecastPoint {
  return {
    id: `f-${period}`,
    period,
    value,
    lower80: value - 10,
    upper80: value + 10,
    lower95: value - 20,
    upper95: value + 20,
    statistical: null,
    overrideReason: null,
    status: "draft",
    changedByName: null,
    rejectionReason: null,
    actual: null,
    ...over,
  };
}

/**
 * Four months of history (the second with a stock-out, the last one partial), a backtest over
 * two of them and two forecast months, the second overridden.
 */
export function detail(over: Partial<SeriesDetail> = {}): SeriesDetail {
  return {
    runId: RUN_ID,
    key: RED_UK,
    bucket: "month",
    originDate: "2026-12-01",
    sku: "GR-UK-30",
    productName: "GABA Red 30 capsules",
    channelName: "Amazon UK",
    modelType: "ETS",
    modelName: "ETS(A,N,A)",
    reason: "ETS had the lowest backtest error of the 5 models tried.",
    confidence: 0.8,
    mase: 0.25,
    wape: 12.5,
    bias: -1.26,
    history: [
      history("2026-08-01", 100),
      history("2026-09-01", 60, { demand: 95, stockoutDays: 9 }),
      history("2026-10-01", 110),
      history("2026-11-01", 40, { partial: true }),
    ],
    backtest: [
      { period: "2026-09-01", actual: 60, predicted: 98 },
      { period: "2026-10-01", actual: 110, predicted: 104 },
    ],
    candidates: [
      { kind: "AutoETS", model: "ETS(A,N,A)", mase: 0.25, wape: 12.5, bias: -1.26 },
      { kind: "Theta", model: "Theta", mase: 0.4, wape: 18, bias: 3 },
    ],
    components: [
      { period: "2026-08-01", trend: 100, seasonal: 0 },
      { period: "2026-12-01", trend: 104, seasonal: 6 },
    ],
    forecast: [
      point("2026-12-01", 120),
      point("2027-01-01", 150, { statistical: 110, overrideReason: "January promotion", changedByName: "Priya Shah" }),
    ],
    accuracy: null,
    ...over,
  };
}

export function progress(over: Partial<RunProgress> = {}): RunProgress {
  return { stage: "forecasting", done: 3, total: 10, current: "GR-UK-30 · Amazon UK", ...over };
}

/** One period of an aggregate: two series, none overridden unless said. */
export function aggregatePeriod(period: string, forecast: number, over: Partial<AggregatePeriod> = {}): AggregatePeriod {
  return { period, forecast, statistical: forecast, series: 2, overridden: 0, ...over };
}

/**
 * The whole run as one group: two months of history (the second partial) and two forecast
 * months, the second with one of its two series overridden (300 where the models said 260).
 */
export function aggregateGroup(over: Partial<AggregateGroup> = {}): AggregateGroup {
  return {
    key: "all",
    label: "All series",
    history: [
      { period: "2026-10-01", units: 210, partial: false },
      { period: "2026-11-01", units: 80, partial: true },
    ],
    forecast: [aggregatePeriod("2026-12-01", 240), aggregatePeriod("2027-01-01", 300, { statistical: 260, overridden: 1 })],
    total: 540,
    ...over,
  };
}

export function aggregateView(over: Partial<AggregateView> = {}): AggregateView {
  return { runId: RUN_ID, level: "total", groups: [aggregateGroup()], ...over };
}

/** The run by category: GABA Gold has no forecast for January (its series end in December). */
export function categoryView(): AggregateView {
  return aggregateView({
    level: "category",
    groups: [
      aggregateGroup({ key: "GABA Gold", label: "GABA Gold", forecast: [aggregatePeriod("2026-12-01", 90, { series: 1 })], total: 90 }),
      aggregateGroup({
        key: "GABA Red",
        label: "GABA Red",
        forecast: [aggregatePeriod("2026-12-01", 150, { series: 1 }), aggregatePeriod("2027-01-01", 300, { series: 1, statistical: 260, overridden: 1 })],
        total: 450,
      }),
    ],
  });
}
