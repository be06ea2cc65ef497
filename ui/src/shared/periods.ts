import { type CalendarDate, type IsoDate, daysInMonth, parseIsoDate, toIsoDate } from "./format";

export type PeriodPreset = "thisMonth" | "last3Months" | "last12Months" | "yearToDate" | "custom";

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export const PERIOD_PRESETS: readonly { id: PeriodPreset; label: string }[] = [
  { id: "thisMonth", label: "This month" },
  { id: "last3Months", label: "Last 3 months" },
  { id: "last12Months", label: "Last 12 months" },
  { id: "yearToDate", label: "Year to date" },
  { id: "custom", label: "Custom" },
];

/** First day of the month `monthsBack` calendar months before `date`'s month. */
export function startOfMonthBefore(date: CalendarDate, monthsBack: number): CalendarDate {
  const index = date.year * 12 + (date.month - 1) - monthsBack;
  return { year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 };
}

/**
 * The date range of a preset, ending today (in the user's zone). "Last N months" means this
 * month to date plus the N−1 full months before it, so every bar in the trend is a whole
 * calendar month except the current one.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, today: CalendarDate): Period {
  const to = toIsoDate(today);
  switch (preset) {
    case "thisMonth":
      return { from: toIsoDate(startOfMonthBefore(today, 0)), to };
    case "last3Months":
      return { from: toIsoDate(startOfMonthBefore(today, 2)), to };
    case "last12Months":
      return { from: toIsoDate(startOfMonthBefore(today, 11)), to };
    case "yearToDate":
      return { from: toIsoDate({ year: today.year, month: 1, day: 1 }), to };
  }
}

/** The same range one year earlier (29 February maps to 28 February). */
export function sameRangeLastYear(period: Period): Period | null {
  const from = parseIsoDate(period.from);
  const to = parseIsoDate(period.to);
  if (!from || !to) return null;
  const back = (d: CalendarDate): CalendarDate => ({
    year: d.year - 1,
    month: d.month,
    day: Math.min(d.day, daysInMonth(d.year - 1, d.month)),
  });
  return { from: toIsoDate(back(from)), to: toIsoDate(back(to)) };
}

/** Null when valid, otherwise the reason a custom range cannot be used. */
export function validatePeriod(period: Period): string | null {
  if (!parseIsoDate(period.from)) return "Enter a start date.";
  if (!parseIsoDate(period.to)) return "Enter an end date.";
  // ISO dates compare correctly as strings.
  if (period.from > period.to) return "The start date must be on or before the end date.";
  return null;
}
