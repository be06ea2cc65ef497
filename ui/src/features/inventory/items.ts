// Stock items in words, and what the filters above the list keep. Pure, so the wording and
// the rules are tested without a window.

import type { DemandSource, InventoryItem, PlanSummary, RiskReasonView, StockStatus } from "../../lib/ipc";
import { NO_VALUE, capitalise, formatMoney, formatNumber, formatPercent, isDecimalString, shiftDecimal } from "../../shared/format";
import { matchesSearch } from "../../shared/search";

/** Every stock status, most urgent first (the order of the status filter). */
export const STOCK_STATUSES: readonly StockStatus[] = ["out", "critical", "low", "healthy", "excess", "obsolete"];

// The dashboard's stock tile words them the same way.
const STATUS_LABELS: Record<StockStatus, string> = {
  out: "Out of stock",
  critical: "Critical",
  low: "Reorder now",
  healthy: "Healthy",
  excess: "Excess",
  obsolete: "Obsolete",
};

export function stockStatusLabel(status: StockStatus): string {
  return STATUS_LABELS[status];
}

/** The badge colour of a status: red when stock is gone or going, amber to reorder, blue for too much. */
export function stockStatusTone(status: StockStatus): string {
  switch (status) {
    case "out":
      return "tag-bad tag-filled";
    case "critical":
      return "tag-bad";
    case "low":
      return "tag-warn";
    case "healthy":
      return "tag-ok";
    case "excess":
      return "tag-info";
    case "obsolete":
      return "tag-muted";
  }
}

/** Out, critical or low: the items a planner acts on first (the planning run counts them as "at risk"). */
export function isAtRisk(status: StockStatus): boolean {
  return status === "out" || status === "critical" || status === "low";
}

export type StatusFilter = "all" | "at-risk" | StockStatus;

export interface ItemFilter {
  search: string;
  status: StatusFilter;
}

export const ALL_ITEMS: ItemFilter = { search: "", status: "all" };

export function matchesStatus(filter: StatusFilter, status: StockStatus): boolean {
  if (filter === "all") return true;
  if (filter === "at-risk") return isAtRisk(status);
  return filter === status;
}

/** The items the status filter and the search keep, in the order Rust sent them (highest risk first). */
export function filterItems(items: readonly InventoryItem[], f: ItemFilter): InventoryItem[] {
  return items.filter(
    (i) =>
      matchesStatus(f.status, i.status) &&
      matchesSearch(f.search, [i.sku, i.name, i.location, i.market, i.category, stockStatusLabel(i.status)]),
  );
}

/** An item is a product at a location; this names it in keys and selections. */
export function itemKey(item: Pick<InventoryItem, "productId" | "location">): string {
  return `${item.productId}@${item.location}`;
}

/** No planning run has set a policy yet: every safety stock and reorder point is still empty. */
export function neverPlanned(items: readonly InventoryItem[]): boolean {
  return items.every((i) => i.planningRunId === null);
}

const SOURCE_LABELS: Record<DemandSource, string> = {
  approved_forecast: "Approved forecast",
  forecast: "Forecast, not all approved",
  recent_sales: "Recent sales (13 weeks)",
  none: "No demand data",
};

/** Where an item's demand came from; before the first planning run there is no source yet. */
export function demandSourceLabel(source: DemandSource | null): string {
  return source === null ? "Not planned yet" : SOURCE_LABELS[source];
}

/** Units, whole or with one decimal (a reorder point of 12.5 units); "—" for none. */
export function unitsText(value: number | string | null | undefined, locale: string): string {
  if (value == null) return NO_VALUE;
  if (typeof value === "number" && !Number.isFinite(value)) return NO_VALUE;
  return formatNumber(typeof value === "number" ? value.toFixed(1) : value, locale, 1);
}

/** A share stored as a decimal fraction ("0.95") in percent: "95.0%". */
export function fractionText(fraction: string | null, locale: string, digits = 1): string {
  if (fraction == null || !isDecimalString(fraction)) return NO_VALUE;
  return formatPercent(shiftDecimal(fraction, 2), locale, { digits });
}

/** Days of supply; "more than 364 days" when the stock outlasts the projection. */
export function daysText(days: number | null, locale: string, beyondHorizon = false): string {
  if (days == null) return NO_VALUE;
  const text = `${formatNumber(days, locale)} day${days === 1 ? "" : "s"}`;
  return beyondHorizon ? `more than ${text}` : text;
}

/** The stock's age bucket as sent ("31–60", "90+") with its unit. */
export function ageText(bucket: string | null): string {
  return bucket ? `${bucket} days` : NO_VALUE;
}

/** A risk reason as a line: what it is about, in Rust's words, and what it adds to the score. */
export function reasonText(reason: RiskReasonView, locale: string): string {
  const points = `${reason.points >= 0 ? "+" : "−"}${formatNumber(Math.abs(reason.points), locale)} risk point${Math.abs(reason.points) === 1 ? "" : "s"}`;
  return `${capitalise(reason.message)} (${points})`;
}

/**
 * Money in the base currency. Rust names that currency with the approval limit; until it is
 * known the amount shows as a plain number rather than under a guessed symbol.
 */
export function baseMoney(amount: string, currency: string | undefined, locale: string): string {
  return currency ? formatMoney(amount, currency, locale) : formatNumber(amount, locale, 2);
}

/** How long the run took: "850 ms", "3.2 s". */
export function elapsedText(ms: number, locale: string): string {
  if (!Number.isFinite(ms) || ms < 0) return NO_VALUE;
  if (ms < 1000) return `${formatNumber(Math.round(ms), locale)} ms`;
  return `${formatNumber((ms / 1000).toFixed(1), locale, 1)} s`;
}

function count(n: number, one: string, many: string, locale: string): string {
  return `${formatNumber(n, locale)} ${n === 1 ? one : many}`;
}

/** What a planning run did, in a sentence. */
export function planSummaryText(summary: PlanSummary, locale: string): string {
  return (
    `Planned ${count(summary.items, "item", "items", locale)} in ${elapsedText(summary.elapsedMs, locale)}: ` +
    `${count(summary.orders, "draft order", "draft orders", locale)} recommended, ` +
    `${count(summary.atRisk, "item", "items", locale)} at risk.`
  );
}

/** The items of a run by where their demand came from: "Approved forecast 80 · Recent sales 12". */
export function sourcesText(summary: PlanSummary, locale: string): string {
  const parts = summary.bySource.filter(([, n]) => n > 0).map(([source, n]) => `${demandSourceLabel(source)} ${formatNumber(n, locale)}`);
  return parts.length > 0 ? parts.join(" · ") : NO_VALUE;
}
