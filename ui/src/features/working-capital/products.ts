// Each product's part of the projection: which markets there are to filter by, the products in
// one, and a product's figures period by period. Pure, so it is tested without a window.

import type { ProductCash } from "../../lib/ipc";
import { subtractDecimal } from "../../shared/format";

/** A product sold in two markets is two rows: its id and market tell them apart. */
export function productKey(p: Pick<ProductCash, "productId" | "market">): string {
  return `${p.productId}@${p.market}`;
}

/** The markets the products are sold in, in alphabetical order, each once. */
export function productMarkets(products: readonly Pick<ProductCash, "market">[]): string[] {
  return [...new Set(products.map((p) => p.market))].sort((a, b) => a.localeCompare(b));
}

/** The products of one market in Rust's order (best sellers first); every product for "". */
export function productsIn<P extends Pick<ProductCash, "market">>(products: readonly P[], market: string): P[] {
  return market === "" ? [...products] : products.filter((p) => p.market === market);
}

/** One period of a product, as its table lists it. */
export interface ProductPeriod {
  /** The period's first day (named `month` as the period columns expect). */
  month: string;
  units: string | null;
  revenue: string | null;
  cogs: string | null;
  /** Revenue − COGS. */
  grossProfit: string | null;
  /** Cash its sales bring in. */
  receipts: string | null;
}

/** A product's figures per period, lined up with the projection's periods. */
export function productPeriods(periods: readonly string[], p: Pick<ProductCash, "units" | "revenue" | "cogs" | "receipts">): ProductPeriod[] {
  return periods.map((month, i) => {
    const revenue = p.revenue[i] ?? null;
    const cogs = p.cogs[i] ?? null;
    return { month, units: p.units[i] ?? null, revenue, cogs, grossProfit: subtractDecimal(revenue, cogs), receipts: p.receipts[i] ?? null };
  });
}
