// The run form as the screen holds it, the request it becomes, what a run's progress says,
// and how a cancelled run is told apart from a failed one. Pure, so it is tested without a window.

import type { Bucket, ProductCategory, Reconciliation, RunProgress, RunRequest, RunStage } from "../../lib/ipc";
import { formatNumber } from "../../shared/format";

export const CATEGORIES: readonly ProductCategory[] = ["GABA Red", "GABA Black", "GABA Gold"];

/** The models the engine accepts by name; "Auto" picks per series from a backtest. */
export const MODELS: readonly { id: string; label: string }[] = [
  { id: "Auto", label: "Auto (recommended): chosen per series" },
  { id: "AutoETS", label: "AutoETS: exponential smoothing" },
  { id: "AutoARIMA", label: "AutoARIMA: seasonal ARIMA" },
  { id: "Theta", label: "Theta" },
  { id: "OptimizedTheta", label: "Optimised Theta" },
  { id: "DynamicOptimizedTheta", label: "Dynamic optimised Theta" },
  { id: "ETSAverage", label: "ETS average: weighted ETS models" },
  { id: "Combination", label: "Combination: ETS average, Theta and dynamic Theta" },
  { id: "Select", label: "Select: the best per series by backtest" },
  { id: "SeasonalNaive", label: "Seasonal naive: last season repeated" },
  { id: "Naive", label: "Naive: the last value repeated" },
  { id: "TSB", label: "TSB: intermittent demand" },
  { id: "CrostonSBA", label: "Croston SBA: intermittent demand" },
];

/** How a run makes its totals agree with the series below them. */
export const RECONCILIATIONS: readonly { id: Reconciliation; label: string }[] = [
  { id: "bottomUp", label: "Bottom-up: each total is the sum of its series' forecasts" },
  { id: "mint", label: "MinT: forecast the totals too and reconcile all levels" },
];

/** "Bottom-up" or "MinT", as a run list says it. */
export function reconciliationText(r: Reconciliation | undefined): string {
  return r === "mint" ? "MinT" : "Bottom-up";
}

/** The engine's bound on periods ahead (two years of weeks). */
export const MAX_HORIZON = 104;

/** The form's values, as chosen and typed; empty lists mean "all". */
export interface RunForm {
  categories: string[];
  markets: string[];
  channels: string[];
  products: string[];
  bucket: Bucket;
  /** As typed; empty for the default from the settings. */
  horizon: string;
  model: string;
  reconciliation: Reconciliation;
}

export const NEW_RUN: RunForm = {
  categories: [],
  markets: [],
  channels: [],
  products: [],
  bucket: "month",
  horizon: "",
  model: "Auto",
  reconciliation: "bottomUp",
};

/** The request the form asks for, or the reason the horizon cannot be used. */
export function toRunRequest(form: RunForm): { request: RunRequest } | { horizonError: string } {
  const typed = form.horizon.trim();
  let horizon: number | null = null;
  if (typed) {
    horizon = /^\d+$/.test(typed) ? Number(typed) : NaN;
    if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
      return { horizonError: `Enter a whole number of periods from 1 to ${MAX_HORIZON}, or leave it empty for the default.` };
    }
  }
  return {
    request: {
      scope: {
        products: [...form.products],
        channels: [...form.channels],
        categories: [...form.categories],
        markets: [...form.markets],
      },
      bucket: form.bucket,
      horizon,
      model: form.model === "Auto" ? null : form.model,
      reconciliation: form.reconciliation,
    },
  };
}

/** What the form will forecast, in a line: "All series" or "GABA Red · UK, EU · 2 channels". */
export function scopeSummary(form: Pick<RunForm, "categories" | "markets" | "channels" | "products">, locale: string): string {
  const parts: string[] = [];
  if (form.categories.length > 0) parts.push(form.categories.join(", "));
  if (form.markets.length > 0) parts.push(form.markets.join(", "));
  const count = (n: number, word: string) => `${formatNumber(n, locale)} ${word}${n === 1 ? "" : "s"}`;
  if (form.channels.length > 0) parts.push(count(form.channels.length, "channel"));
  if (form.products.length > 0) parts.push(count(form.products.length, "product"));
  return parts.length === 0 ? "All series" : parts.join(" · ");
}

export const STAGE_LABELS: Record<RunStage, string> = {
  reading: "Reading the sales history",
  forecasting: "Forecasting",
  reconciling: "Forecasting the totals and reconciling them with the series",
  writing: "Writing the forecasts",
};

/** "12 / 40 series" ("12 / 40 totals" while a MinT run forecasts its totals); none before the total is known. */
export function progressCount(p: RunProgress, locale: string): string | null {
  if (p.total <= 0) return null;
  const unit = p.stage === "reconciling" ? "totals" : "series";
  return `${formatNumber(Math.min(p.done, p.total), locale)} / ${formatNumber(p.total, locale)} ${unit}`;
}

/** The bar's fill, 0–1; null (an indeterminate bar) while the history is read. */
export function progressFraction(p: RunProgress): number | null {
  if (p.total <= 0 || p.stage === "reading") return null;
  return Math.min(1, Math.max(0, p.done / p.total));
}

/** The stage and the count in a line: "Forecasting: 12 / 40 series". */
export function progressText(p: RunProgress, locale: string): string {
  const count = p.stage === "reading" ? null : progressCount(p, locale);
  return count ? `${STAGE_LABELS[p.stage]}: ${count}` : STAGE_LABELS[p.stage];
}

