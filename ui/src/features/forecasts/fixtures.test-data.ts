// Runs, series and progress shaped as Rust sends them, for the forecasts' tests.

import type {
  Accuracy,
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
  ValueAddedGroup,
  ValueAddedReport,
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
    comments: [],
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

/**
 * Accuracy over three complete periods, one overridden: the plan (18 % WAPE) beat the
 * statistical forecast (21.2 %) by 3.2 points, which beat naive (30 %) by 8.8.
 */
export function accuracy(over: Partial<Accuracy> = {}): Accuracy {
  return {
    points: 3,
    overridden: 1,
    actual: 330,
    naiveWape: 0.3,
    statisticalWape: 0.212,
    finalWape: 0.18,
    finalBias: 0.04,
    overrideValueAdded: 0.032,
    statisticalValueAdded: 0.088,
    ...over,
  };
}

/** A group of the value-added report with one month per entry of `months` (month → override value added). */
export function valueAddedGroup(label: string, total: Partial<Accuracy>, months: Record<string, number | null>): ValueAddedGroup {
  return {
    label,
    total: accuracy(total),
    months: Object.entries(months).map(([month, added]) => ({ month, accuracy: accuracy({ overrideValueAdded: added }) })),
  };
}

/**
 * By planner: Priya's overrides helped (+5 points over October and November), Tom's, in
 * November only, cost 3 points.
 */
export function plannerReport(): ValueAddedReport {
  return {
    by: "planner",
    groups: [
      valueAddedGroup(
        "Priya Shah",
        { points: 4, overridden: 4, actual: 500, naiveWape: 0.3, statisticalWape: 0.25, finalWape: 0.2, overrideValueAdded: 0.05, statisticalValueAdded: 0.05 },
        { "2026-10-01": 0.06, "2026-11-01": 0.04 },
      ),
      valueAddedGroup(
        "Tom Reed",
        { points: 2, overridden: 2, actual: 120, naiveWape: 0.2, statisticalWape: 0.15, finalWape: 0.18, overrideValueAdded: -0.03, statisticalValueAdded: 0.05 },
        { "2026-11-01": -0.03 },
      ),
    ],
  };
}

/** By category: every scored period, overridden or not. */
export function categoryReport(): ValueAddedReport {
  return {
    by: "category",
    groups: [
      valueAddedGroup("GABA Gold", { points: 10, overridden: 0, actual: 900, overrideValueAdded: 0 }, { "2026-10-01": 0, "2026-11-01": 0 }),
      valueAddedGroup("GABA Red", { points: 12, overridden: 6, actual: 1400 }, { "2026-10-01": 0.05, "2026-11-01": 0.01 }),
    ],
  };
}

/** Nothing scored yet: no forecast period has its sales. */
export function emptyReport(by: ValueAddedReport["by"] = "planner"): ValueAddedReport {
  return { by, groups: [] };
}
