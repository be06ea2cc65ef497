// How long a projection's periods are, and how a period is named: the one place the screen
// words a period, so the charts, tables and sentences agree. Pure (the locale is passed in).

import type { Granularity } from "../../lib/ipc";
import { formatDate, formatMonth, formatNumber, parseIsoDate } from "../../shared/format";

export type { Granularity };

export const DEFAULT_GRANULARITY: Granularity = "month";

/** The choices offered, as the control shows them; weeks and days have a fixed horizon. */
export const GRANULARITIES: readonly { id: Granularity; label: string; hint: string }[] = [
  { id: "month", label: "Months", hint: "Calendar months, as far ahead as the months chosen." },
  { id: "week", label: "Weeks (13)", hint: "13 weeks from the first day." },
  { id: "day", label: "Days (30)", hint: "30 days from the first day." },
];

/** Periods a fixed horizon projects; a monthly one projects the months chosen. */
export const FIXED_PERIODS: Record<Exclude<Granularity, "month">, number> = { week: 13, day: 30 };

/** A granularity Rust may add later reads as months. */
export function granularityOf(value: string | null | undefined): Granularity {
  return value === "week" || value === "day" ? value : "month";
}

/** How many periods a request projects: the months chosen, or the fixed weeks or days. */
export function periodCount(granularity: Granularity, months: number): number {
  return granularity === "month" ? months : FIXED_PERIODS[granularity];
}

/** The period's unit, singular: "month", "week", "day". */
export function periodUnit(granularity: Granularity): string {
  return granularity;
}

/** "1 month", "13 weeks", "30 days", the count in the locale. */
export function periodsText(count: number, granularity: Granularity, locale: string): string {
  return `${formatNumber(count, locale)} ${periodUnit(granularity)}${count === 1 ? "" : "s"}`;
}

/** The first column's header of a table with a row per period. */
export function periodHeader(granularity: Granularity): string {
  return { month: "Month", week: "Week of", day: "Day" }[granularity];
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "Tue 8 Dec": a day of a 30-day projection, which needs no year. */
function formatDay(first: string, locale: string): string {
  const d = parseIsoDate(first);
  if (!d) return first;
  let format = dayFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
    dayFormats.set(locale, format);
  }
  // At UTC noon and formatted in UTC: the day shown is the day sent, whatever the machine's zone.
  return format.format(Date.UTC(d.year, d.month - 1, d.day, 12));
}

/**
 * A period named from its first day: "Dec 2026" for a month, "w/c 8 Dec 2026" for a week,
 * "Tue 8 Dec" for a day.
 */
export function periodLabel(first: string, granularity: Granularity, locale: string): string {
  switch (granularity) {
    case "month":
      return formatMonth(first, locale);
    case "week":
      return parseIsoDate(first) ? `w/c ${formatDate(first, locale)}` : first;
    case "day":
      return formatDay(first, locale);
  }
}

/** When something happens in a period, in a sentence: "in Dec 2026", "in the week of 8 Dec 2026", "on Tue 8 Dec". */
export function periodWhen(first: string, granularity: Granularity, locale: string): string {
  switch (granularity) {
    case "month":
      return `in ${formatMonth(first, locale)}`;
    case "week":
      return `in the week of ${formatDate(first, locale)}`;
    case "day":
      return `on ${formatDay(first, locale)}`;
  }
}

/**
 * A period's part of a row's test id: "2027-03" for a month (as the tests and E2E have always
 * named them), the whole first day for a week or a day, where a month holds several.
 */
export function periodKey(first: string, granularity: Granularity = "month"): string {
  return granularity === "month" ? first.slice(0, 7) : first;
}
