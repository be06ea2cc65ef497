// What a cash projection says in words: the CCC band against its target, the lowest cash, when
// cash would fall below the minimum, the alerts and where the demand came from. Pure (the
// locale's formatting is passed in), so the wording is tested without a window.

import type { CashMonth, CashProjection, DemandSources, PurchasePlan, RiskMonth } from "../../lib/ipc";
import { compareDecimal, decimalSign, isDecimalString, percentOf, shiftDecimal, subtractDecimal } from "../../shared/format";

/** How the screen formats figures in the user's locale. */
export interface CashText {
  /** An amount in the projection's base currency. */
  money: (amount: string) => string;
  /** A period from its first day, by the projection's granularity: "Mar 2027", "w/c 8 Dec 2026", "Tue 8 Dec". */
  period: (first: string) => string;
  /** When a period falls, in a sentence: "in Mar 2027", "in the week of 8 Dec 2026", "on Tue 8 Dec". */
  when: (first: string) => string;
  /** A number of periods: "1 month", "13 weeks". */
  periods: (count: number) => string;
  /** The period's unit: "month", "week" or "day". */
  unit: string;
  /** A number of days, without the unit: "58.7". */
  days: (days: string) => string;
  /** A percentage already in percent: "82.5" → "82.5%", to one decimal unless `digits` says otherwise. */
  percent: (percent: string, digits?: number) => string;
  /** A probability as a share: 0.12 → "12%". */
  share: (fraction: number) => string;
  /** Units sold, to one decimal: "1,200.5". */
  units: (units: string) => string;
  /** A count: 1200 → "1,200". */
  count: (n: number) => string;
}

export type CccBand = "on_target" | "amber" | "red" | "critical";

const BANDS: Record<CccBand, { label: string; tone: string }> = {
  on_target: { label: "On target", tone: "tag-ok" },
  amber: { label: "Amber", tone: "tag-warn" },
  red: { label: "Red", tone: "tag-bad" },
  critical: { label: "Critical", tone: "tag-bad tag-filled" },
};

/** Rust's band name, or null for a month without one (no sales or costs to measure). */
export function cccBand(band: string | null | undefined): CccBand | null {
  return band != null && band in BANDS ? (band as CccBand) : null;
}

export function bandLabel(band: CccBand): string {
  return BANDS[band].label;
}

/** The tag classes of a band; the words always go with the colour. */
export function bandTone(band: CccBand | null): string {
  return band === null ? "tag-muted" : BANDS[band].tone;
}

function daysWord(days: string, text: Pick<CashText, "days">): string {
  return `${text.days(days)} ${compareDecimal(days, "1") === 0 ? "day" : "days"}`;
}

/** How far a month's cycle is from the target: "4 days over the 55-day target"; null without a cycle. */
export function gapText(month: Pick<CashMonth, "ccc">, targetDays: string, text: Pick<CashText, "days">): string | null {
  const gap = subtractDecimal(month.ccc, targetDays);
  if (gap === null) return null;
  const target = `the ${text.days(targetDays)}-day target`;
  const sign = decimalSign(gap);
  if (sign === 0) return `at ${target}`;
  return `${daysWord(sign < 0 ? gap.slice(1) : gap, text)} ${sign > 0 ? "over" : "under"} ${target}`;
}

/**
 * A month's cycle against the target: "Amber: 4 days over the 55-day target",
 * "On target: 3 days under the 55-day target".
 */
export function bandText(month: Pick<CashMonth, "ccc" | "cccBand">, targetDays: string, text: Pick<CashText, "days">): string {
  const band = cccBand(month.cccBand);
  const gap = gapText(month, targetDays, text);
  if (band === null || gap === null) return "No sales or costs to measure the cycle";
  return `${bandLabel(band)}: ${gap}`;
}

/** The period with the least cash at its end (the first of equals), or null without periods. */
export function lowestCash(months: readonly CashMonth[]): CashMonth | null {
  let lowest: CashMonth | null = null;
  for (const m of months) if (lowest === null || compareDecimal(m.closingCash, lowest.closingCash) < 0) lowest = m;
  return lowest;
}

/** Cash below the minimum even with the line fully drawn. */
function isShort(month: CashMonth, minimumCash: string): boolean {
  return decimalSign(month.shortfall) > 0 || compareDecimal(month.closingCash, minimumCash) < 0;
}

/**
 * When cash first ends a period (a month, week or day) below the minimum: that period, and the
 * whole periods before it (the runway), or null when it never does within the horizon.
 */
export function runway(months: readonly CashMonth[], minimumCash: string): { month: CashMonth; months: number } | null {
  const index = months.findIndex((m) => isShort(m, minimumCash));
  const month = months[index];
  return month ? { month, months: index } : null;
}

/** The share of the line drawn at a month's end in percent, or null without a line. */
export function lineUse(month: Pick<CashMonth, "drawn">, creditLimit: string): string | null {
  return percentOf(month.drawn, creditLimit);
}

/**
 * The share of the line drawn past which the screen warns (`finance.line_warning_share`, a
 * decimal share such as "0.75"), in percent: "75". The one reading of it, for the alert and
 * the risk chart alike; null when it is not a decimal.
 */
export function lineWarningPercent(share: string): string | null {
  return isDecimalString(share) ? shiftDecimal(share, 2) : null;
}

/** That share in words, as exact as it is set: "75%", "72.5%"; null when it is not a decimal. */
export function lineWarningText(share: string, text: Pick<CashText, "percent">): string | null {
  const percent = lineWarningPercent(share);
  if (percent === null) return null;
  const dot = percent.indexOf(".");
  return text.percent(percent, dot < 0 ? 0 : percent.length - dot - 1);
}

export type CashAlert =
  | { kind: "ccc"; month: CashMonth; band: CccBand; count: number }
  | { kind: "shortfall"; month: CashMonth; count: number }
  | { kind: "line"; month: CashMonth; percent: string; count: number };

/**
 * What needs attention, each at the first period it happens and how many periods it lasts: a
 * cycle in the red or critical band, cash short even with the line fully drawn, and more of
 * the line drawn than the projection's warning share.
 */
export function cashAlerts(p: Pick<CashProjection, "months" | "minimumCash" | "creditLimit" | "lineWarningShare">): CashAlert[] {
  const alerts: CashAlert[] = [];
  const badCycle = p.months.filter((m) => {
    const band = cccBand(m.cccBand);
    return band === "red" || band === "critical";
  });
  const firstBad = badCycle[0];
  const firstBand = cccBand(firstBad?.cccBand);
  if (firstBad && firstBand) alerts.push({ kind: "ccc", month: firstBad, band: firstBand, count: badCycle.length });
  const short = p.months.filter((m) => isShort(m, p.minimumCash));
  if (short[0]) alerts.push({ kind: "shortfall", month: short[0], count: short.length });
  const warning = lineWarningPercent(p.lineWarningShare);
  const heavy =
    warning === null
      ? []
      : p.months.filter((m) => {
          const use = lineUse(m, p.creditLimit);
          return use !== null && compareDecimal(use, warning) > 0;
        });
  const firstHeavy = heavy[0];
  const percent = firstHeavy ? lineUse(firstHeavy, p.creditLimit) : null;
  if (firstHeavy && percent !== null) alerts.push({ kind: "line", month: firstHeavy, percent, count: heavy.length });
  return alerts;
}

/** An alert in words, naming its period. */
export function alertText(
  alert: CashAlert,
  p: Pick<CashProjection, "minimumCash" | "creditLimit" | "cccTargetDays" | "lineWarningShare">,
  text: CashText,
): string {
  const when = text.when(alert.month.month);
  const lasting = alert.count > 1 ? ` (${text.periods(alert.count)} in all)` : "";
  switch (alert.kind) {
    case "ccc":
      return `The cash conversion cycle is ${bandLabel(alert.band).toLowerCase()} ${when}: ${daysWord(alert.month.ccc ?? "0", text)}, ${gapText(alert.month, p.cccTargetDays, text) ?? ""}${lasting}.`;
    case "shortfall":
      return `Cash falls ${text.money(alert.month.shortfall)} short of the ${text.money(p.minimumCash)} minimum ${when}, even with the line fully drawn${lasting}.`;
    case "line": {
      const warning = lineWarningText(p.lineWarningShare, text);
      const past = warning === null ? "" : `, past the ${warning} warning level`;
      return `The credit line is ${text.percent(alert.percent)} drawn ${when}: ${text.money(alert.month.drawn)} of ${text.money(p.creditLimit)}${past}${lasting}.`;
    }
  }
}

type CreditLine = Pick<CashProjection, "creditLimit" | "facilityLimit" | "covenantLimit">;

/** True when the lender's covenant (net worth × the most debt per unit of it) caps the line below the facility. */
export function covenantCaps(p: Pick<CashProjection, "facilityLimit" | "covenantLimit">): boolean {
  return p.covenantLimit !== null && compareDecimal(p.covenantLimit, p.facilityLimit) < 0;
}

/**
 * The covenant's part in the line, as a clause: "capped by the lender's covenant at £300,000.00
 * (facility £500,000.00)", "within the lender's covenant of £800,000.00"; null without one.
 */
export function covenantText(p: CreditLine, text: Pick<CashText, "money">): string | null {
  if (p.covenantLimit === null) return null;
  if (covenantCaps(p)) return `capped by the lender's covenant at ${text.money(p.creditLimit)} (facility ${text.money(p.facilityLimit)})`;
  return `within the lender's covenant of ${text.money(p.covenantLimit)}`;
}

/**
 * What may be drawn, in a sentence: "Credit line £500,000.00.", "Credit line capped by the
 * lender's covenant at £300,000.00 (facility £500,000.00).".
 */
export function creditLineText(p: CreditLine, text: Pick<CashText, "money">): string {
  const covenant = covenantText(p, text);
  if (covenant === null) return `Credit line ${text.money(p.creditLimit)}.`;
  return covenantCaps(p) ? `Credit line ${covenant}.` : `Credit line ${text.money(p.creditLimit)}, ${covenant}.`;
}

/**
 * Where the stock bought comes from: the replenishment plan's open orders up to the last one
 * needed, then the inventory cover setting; the cover alone without open orders.
 */
export function purchasePlanText(
  plan: PurchasePlan | null,
  text: Pick<CashText, "money" | "count" | "periods" | "unit"> & { date: (day: string) => string },
): string {
  if (plan === null || plan.orders === 0) return "No open replenishment orders: stock purchases keep the inventory cover.";
  const orders = `${text.count(plan.orders)} open order${plan.orders === 1 ? "" : "s"}`;
  const periods = plan.periods > 1 ? ` (the first ${text.periods(plan.periods)})` : plan.periods === 1 ? ` (the first ${text.unit})` : "";
  return (
    `Stock purchases follow the replenishment plan's ${orders} (${text.money(plan.valueBase)}) until ${text.date(plan.until)}${periods}, ` +
    "then keep the inventory cover setting."
  );
}

/** True when some month has revenue: without forecasts or sales every month has none. */
export function hasRevenue(months: readonly Pick<CashMonth, "revenue">[]): boolean {
  return months.some((m) => decimalSign(m.revenue) !== 0);
}

/** Where the demand came from: "Demand: 60 series-months from statistical forecasts, 300 from last year's sales." */
export function demandText(sources: DemandSources, text: Pick<CashText, "count">): string {
  const parts = [
    [sources.approved, "from approved forecasts"],
    [sources.statistical, "from statistical forecasts not yet approved"],
    [sources.lastYear, "from the same month's sales a year earlier"],
    [sources.none, "with no demand (neither a forecast nor sales a year earlier)"],
  ] as const;
  const named = parts.filter(([n]) => n > 0).map(([n, what], i) => `${text.count(n)}${i === 0 ? ` series-month${n === 1 ? "" : "s"}` : ""} ${what}`);
  if (named.length === 0) return "Demand: no product is sold on an active channel, so none is projected.";
  return `Demand: ${named.join(", ")}.`;
}

/** The month with the highest chance of a shortfall, or null when no simulated month has one. */
export function riskPeak(risk: readonly RiskMonth[]): RiskMonth | null {
  let peak: RiskMonth | null = null;
  for (const r of risk) if ((r.shortfall ?? 0) > 0 && (peak === null || (r.shortfall ?? 0) > (peak.shortfall ?? 0))) peak = r;
  return peak;
}
