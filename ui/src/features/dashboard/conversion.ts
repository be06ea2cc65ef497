import type { RateUsed } from "../../lib/ipc";
import { formatDate, formatFxRate } from "../../shared/format";

/**
 * What the dashboard's amounts were converted at, with the rate's source and day:
 * "Converted at 1 GBP = 1.2650 USD (import: rates.csv, 27 Nov 2026)".
 */
export function conversionText(rate: RateUsed, locale: string): string {
  const source = rate.source.trim();
  const when = formatDate(rate.date, locale);
  return `Converted at 1 ${rate.from} = ${formatFxRate(rate.rate, locale)} ${rate.to} (${source ? `${source}, ` : ""}${when})`;
}
