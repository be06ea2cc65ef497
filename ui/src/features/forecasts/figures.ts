// Forecast figures in words: units, accuracy scores, periods, statuses. Pure, so the wording
// is tested without a window. The engine's figures arrive as plain numbers (f64 forecast math,
// not money), so rounding them for display here is safe.

import type { Bucket, SeriesKey } from "../../lib/ipc";
import { humanize } from "../../shared/errors";
import { NO_VALUE, capitalise, formatDate, formatMonth, formatNumber, formatPercent } from "../../shared/format";

/** A number with at most `digits` decimals in the locale; "—" for none (or NaN, ∞). */
export function numberText(value: number | null | undefined, locale: string, digits = 0): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  // toFixed never uses exponent notation below 1e21, so formatNumber gets a plain decimal.
  return formatNumber(value.toFixed(digits), locale, digits);
}

/** Units: whole numbers read best, but intermittent demand (0.4 a week) needs a decimal. */
export function unitsText(value: number | null | undefined, locale: string): string {
  return numberText(value, locale, 1);
}

const fixedFormats = new Map<string, Intl.NumberFormat>();

/** Exactly `digits` decimals ("0.80"), so scores in a column line up and read alike. */
function fixedText(value: number | null | undefined, locale: string, digits: number): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  const key = `${locale}|${digits}`;
  let nf = fixedFormats.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    fixedFormats.set(key, nf);
  }
  return nf.format(value);
}

/** Confidence is a 0–1 score (1 / (1 + MASE)), shown as such so the help text's "0.5" means something. */
export function confidenceText(value: number | null | undefined, locale: string): string {
  return fixedText(value, locale, 2);
}

export function maseText(value: number | null | undefined, locale: string): string {
  return fixedText(value, locale, 2);
}

/**
 * The backtest's WAPE arrives in percent units (12.5 means 12.5 %). Accuracy against actual
 * sales (`Accuracy`) comes as fractions instead: those go through `formatShare`/`formatPoints`.
 */
export function wapeText(value: number | null | undefined, locale: string): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  return formatPercent(value.toFixed(1), locale);
}

/** Bias in units, signed: a forecast that runs high shows "+". */
export function biasText(value: number | null | undefined, locale: string): string {
  if (value == null || !Number.isFinite(value)) return NO_VALUE;
  // Rounded first, so that -0.04 reads "0" rather than "-0".
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return numberText(0, locale, 1);
  const text = numberText(rounded, locale, 1);
  return rounded > 0 ? `+${text}` : text;
}

/**
 * A period's first day as a label: "Nov 2026" for months, the week's Monday for weeks
 * ("Week of 2 Nov 2026" in text, "2 Nov 2026" on a chart's axis, where the unit is known).
 */
export function periodLabel(period: string, bucket: Bucket, locale: string, style: "text" | "axis" = "text"): string {
  if (bucket === "month") return formatMonth(period, locale);
  const day = formatDate(period, locale);
  return style === "axis" ? day : `Week of ${day}`;
}

/** "12 months", "26 weeks", "1 month". */
export function horizonText(bucket: Bucket, horizon: number, locale: string): string {
  const unit = bucket === "month" ? "month" : "week";
  return `${formatNumber(horizon, locale)} ${unit}${horizon === 1 ? "" : "s"}`;
}

/** How long a run took: "850 ms", "3.2 s", "2 min 05 s". */
export function elapsedText(ms: number, locale: string): string {
  if (!Number.isFinite(ms) || ms < 0) return NO_VALUE;
  if (ms < 1000) return `${formatNumber(Math.round(ms), locale)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${numberText(seconds, locale, 1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
}

/** "1 series" / "12 series"; the word is the same, the count is localised. */
export function seriesText(count: number, locale: string): string {
  return `${formatNumber(count, locale)} series`;
}

/** "1 period" / "12 periods". */
export function periodsText(count: number, locale: string): string {
  return `${formatNumber(count, locale)} period${count === 1 ? "" : "s"}`;
}

const STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  submitted: "Submitted",
  approved: "Approved",
  rejected: "Rejected",
  mixed: "Mixed",
  superseded: "Superseded",
};

/** A workflow status in words; one Rust adds later still reads ("onHold" → "On hold"). */
export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? capitalise(humanize(status));
}

/** The tag colour of a status: settled is good, sent back is bad, waiting needs attention. */
export function statusTone(status: string): "tag-ok" | "tag-bad" | "tag-warn" | "" {
  switch (status) {
    case "approved":
      return "tag-ok";
    case "rejected":
      return "tag-bad";
    case "submitted":
      return "tag-warn";
    default:
      return "";
  }
}

/** The status of a series from its periods': theirs when they agree, else "mixed". */
export function seriesStatus(points: readonly { status: string }[]): string {
  const first = points[0]?.status;
  if (first === undefined) return "draft";
  return points.every((p) => p.status === first) ? first : "mixed";
}

/** A stable id for a series (table rows, selections, query keys). */
export function seriesId(key: SeriesKey): string {
  return `${key.productId}:${key.channelId}`;
}

export function sameSeries(a: SeriesKey | null | undefined, b: SeriesKey | null | undefined): boolean {
  return a != null && b != null && seriesId(a) === seriesId(b);
}

/**
 * Which candidate the series uses: the one whose fitted model is the series' model, else the
 * one of its kind; -1 when the backtest list does not name it (a fallback model).
 */
export function chosenCandidate(
  candidates: readonly { kind: string; model: string }[],
  modelName: string,
  modelType: string,
): number {
  const exact = candidates.findIndex((c) => c.model === modelName);
  return exact >= 0 ? exact : candidates.findIndex((c) => c.kind === modelType);
}
