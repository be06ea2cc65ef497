// Exchange rates: what an import reports and what the chart plots. Pure, so the wording and
// the order are tested without a window.

import type { Currency, FxImportSummary, FxRate, FxRateInput } from "../../lib/ipc";
import { formatDate, formatFxRate, formatNumber, isDecimalString, parseIsoDate } from "../../shared/format";
import type { FormOf } from "./forms";

/** The newest this many rates are listed (Rust allows up to 5,000 a call). */
export const FX_LIST_LIMIT = 1000;

/** What the import's file looks like, as the tab says it. */
export const FX_CSV_HEADER = "base,quote,date,rate,source";
export const FX_CSV_EXAMPLE = "EUR,GBP,2026-11-30,0.8512,ECB";

function rates(n: number, locale: string): string {
  return `${formatNumber(n, locale)} ${n === 1 ? "rate" : "rates"}`;
}

/** "Imported 24 rates from rates.csv (20 new, 4 replaced)". */
export function importSummaryText(summary: FxImportSummary, locale: string): string {
  const n = (v: number) => formatNumber(v, locale);
  return `Imported ${rates(summary.rows, locale)} from ${summary.file} (${n(summary.added)} new, ${n(summary.replaced)} replaced)`;
}

/** One point of a pair's chart. */
export interface RatePoint {
  /** "YYYY-MM-DD" */
  date: string;
  /** The rate as Rust sent it (the tooltip shows this, the line its float). */
  rate: string;
}

/** A pair's rates in date order, oldest first, as a line over time needs them (the list is newest first). */
export function rateSeries(rows: readonly FxRate[]): RatePoint[] {
  return rows
    .map((r) => ({ date: r.fields.date, rate: r.fields.rate }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** "1 EUR = 0.8512 GBP on 30 Nov 2026" once the form holds a whole rate and date; null until then. */
export function ratePreview(form: FormOf<FxRateInput>, locale: string): string | null {
  const rate = form.rate.trim();
  if (!isDecimalString(rate) || !parseIsoDate(form.date.trim())) return null;
  return `1 ${form.base} = ${formatFxRate(rate, locale)} ${form.quote} on ${formatDate(form.date.trim(), locale)}`;
}

/**
 * The pair after `side` is set to `currency`: when that is the other side's currency, the two
 * swap (EUR → GBP with GBP as base becomes GBP → EUR), so a pair never names one currency twice.
 */
export function swapIfSame(
  pair: { base: Currency; quote: Currency },
  side: "base" | "quote",
  currency: Currency,
): { base: Currency; quote: Currency } {
  if (side === "base") return { base: currency, quote: currency === pair.quote ? pair.base : pair.quote };
  return { base: currency === pair.base ? pair.quote : pair.base, quote: currency };
}
