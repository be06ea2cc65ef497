// What the search box and the filters above each catalog list keep. Pure, so the rules are
// tested without a window.

import type { ChannelType, FxRate, Market, Product, ProductCategory, SalesChannel } from "../../lib/ipc";
import { matchesSearch } from "../../shared/search";
import type { Pair } from "./options";

export type ActiveFilter = "all" | "active" | "inactive";

function matchesActive(filter: ActiveFilter, active: boolean): boolean {
  return filter === "all" || (filter === "active") === active;
}

export interface ProductFilter {
  search: string;
  /** Market code; "" for every market. */
  market: string;
  category: ProductCategory | "";
  status: ActiveFilter;
}

export const ALL_PRODUCTS: ProductFilter = { search: "", market: "", category: "", status: "all" };

export function filterProducts(rows: readonly Product[], f: ProductFilter): Product[] {
  return rows.filter(
    ({ fields: p }) =>
      (f.market === "" || p.market === f.market) &&
      (f.category === "" || p.category === f.category) &&
      matchesActive(f.status, p.active) &&
      matchesSearch(f.search, [p.sku, p.name, p.category, p.market, p.dimensionsCm]),
  );
}

export interface ChannelFilter {
  search: string;
  market: string;
  type: ChannelType | "";
}

export const ALL_CHANNELS: ChannelFilter = { search: "", market: "", type: "" };

export function filterChannels(rows: readonly SalesChannel[], f: ChannelFilter): SalesChannel[] {
  return rows.filter(
    ({ fields: c }) =>
      (f.market === "" || c.market === f.market) &&
      (f.type === "" || c.channelType === f.type) &&
      matchesSearch(f.search, [c.name, c.channelType, c.market, c.fulfillmentMethod, c.marketplaceId]),
  );
}

export interface MarketFilter {
  search: string;
  status: ActiveFilter;
}

export const ALL_MARKETS: MarketFilter = { search: "", status: "all" };

export function filterMarkets(rows: readonly Market[], f: MarketFilter): Market[] {
  return rows.filter(
    ({ fields: m }) => matchesActive(f.status, m.active) && matchesSearch(f.search, [m.code, m.name, m.currency, m.taxName]),
  );
}

export interface FxFilter {
  /** Only rates stated this way round; null for every rate. */
  pair: Pair | null;
}

export const ALL_FX: FxFilter = { pair: null };

/**
 * The rates of the chosen pair, stated in its direction. Rust lists a pair either way round
 * (both directions convert); the list and the chart show one direction, as chosen.
 */
export function filterFxRates(rows: readonly FxRate[], f: FxFilter): FxRate[] {
  const pair = f.pair;
  return pair ? rows.filter(({ fields: r }) => r.base === pair[0] && r.quote === pair[1]) : [...rows];
}

/** Whether a filter differs from showing everything (then an empty list means "no match", not "none yet"). */
export function isFiltered<F extends object>(filter: F, all: F): boolean {
  return (Object.keys(all) as (keyof F)[]).some((k) => String(filter[k]).trim() !== String(all[k]));
}
