// The markets' VAT and sales-tax returns the projection reaches: in due order, what falls due
// within it and which payment comes next. Pure, so it is tested without a window.

import type { TaxObligation } from "../../lib/ipc";
import { decimalSign, sumDecimals } from "../../shared/format";

/** By due date, then market and return period; Rust's order when it already is (a stable sort). */
export function taxByDue(tax: readonly TaxObligation[]): TaxObligation[] {
  // ISO dates compare as text.
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...tax].sort((a, b) => order(a.due, b.due) || order(a.market, b.market) || order(a.periodStart, b.periodStart));
}

/** A return's row id and test id part: its market and the first day of its period. */
export function taxKey(t: Pick<TaxObligation, "market" | "periodStart">): string {
  return `${t.market}-${t.periodStart}`;
}

/** What the returns paid within the projection come to in the base currency (reclaims net off); null for a malformed amount. */
export function taxDueTotal(tax: readonly TaxObligation[]): string | null {
  return sumDecimals(tax.filter((t) => t.paidInProjection).map((t) => t.amountBase));
}

/** The first return in due order that is paid within the projection and owes something, or null. */
export function nextTaxDue(tax: readonly TaxObligation[]): TaxObligation | null {
  return taxByDue(tax).find((t) => t.paidInProjection && decimalSign(t.amount) > 0) ?? null;
}
