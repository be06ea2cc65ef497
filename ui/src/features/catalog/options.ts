// The catalog's fixed choices, worded once. Each table `satisfies` a Record over the generated
// type, so a value Rust adds fails the type check here instead of missing from a picker.

import type { ChannelType, Currency, FulfillmentMethod, Market, ProductCategory, SyncStatus } from "../../lib/ipc";

export const CATEGORY_LABELS = {
  "GABA Red": "GABA Red (entry)",
  "GABA Black": "GABA Black (mid)",
  "GABA Gold": "GABA Gold (premium)",
} as const satisfies Record<ProductCategory, string>;

export const CURRENCY_LABELS = {
  GBP: "GBP — pound sterling",
  EUR: "EUR — euro",
  USD: "USD — US dollar",
} as const satisfies Record<Currency, string>;

export const CHANNEL_TYPE_LABELS = {
  Amazon: "Amazon",
  Shopify: "Shopify",
} as const satisfies Record<ChannelType, string>;

export const FULFILMENT_LABELS = {
  FBA: "FBA — fulfilled by Amazon",
  FBM: "FBM — shipped by us through Amazon",
  Own: "Own warehouse or 3PL",
} as const satisfies Record<FulfillmentMethod, string>;

export const SYNC_LABELS = {
  never: "Never synchronised",
  syncing: "Synchronising",
  ok: "Synchronised",
  error: "Failed",
  disabled: "Switched off",
} as const satisfies Record<SyncStatus, string>;

/** The keys of a label table, in its order. */
export function choices<K extends string>(labels: Record<K, string>): K[] {
  return Object.keys(labels) as K[];
}

/** Two currencies in the order a rate states them: 1 unit of the first is `rate` of the second. */
export type Pair = [base: Currency, quote: Currency];

/** "EUR → GBP": the direction a rate converts in. */
export function formatPair(base: Currency, quote: Currency): string {
  return `${base} → ${quote}`;
}

/** Every pair of two different currencies, both ways round, in the currency table's order. */
export function currencyPairs(): Pair[] {
  const all = choices(CURRENCY_LABELS);
  return all.flatMap((base) => all.filter((quote) => quote !== base).map((quote): Pair => [base, quote]));
}

/** A pair as a picker's option value ("EUR-GBP"); "" for none. */
export function pairValue(pair: Pair | null): string {
  return pair ? `${pair[0]}-${pair[1]}` : "";
}

/** The pair a picker's value names, or null for "" or anything that is not one. */
export function pairFrom(value: string): Pair | null {
  return currencyPairs().find((p) => pairValue(p) === value) ?? null;
}

// The database's sales_channels_fulfillment_matches_type_check, stated for the picker.
const FULFILMENT_BY_TYPE: Record<ChannelType, FulfillmentMethod[]> = {
  Amazon: ["FBA", "FBM"],
  Shopify: ["Own"],
};

/** The fulfilment methods a channel of this type can use; the first is the default. */
export function fulfilmentFor(type: ChannelType): FulfillmentMethod[] {
  return FULFILMENT_BY_TYPE[type];
}

/** The method to keep after the channel type changes: the same if it still fits, else the type's first. */
export function fulfilmentAfterTypeChange(type: ChannelType, current: string): FulfillmentMethod {
  const allowed = fulfilmentFor(type);
  return allowed.find((m) => m === current) ?? (allowed[0] as FulfillmentMethod);
}

export interface MarketChoice {
  code: string;
  label: string;
}

/**
 * The markets a product or channel can be put in: the active ones, plus the current value
 * when that market is inactive (or not loaded), so that opening a row does not change it.
 */
export function marketChoices(markets: readonly Market[], current: string): MarketChoice[] {
  const list: MarketChoice[] = markets
    .filter((m) => m.fields.active)
    .map((m) => ({ code: m.fields.code, label: `${m.fields.code} — ${m.fields.name}` }));
  if (current && !list.some((m) => m.code === current)) {
    const stored = markets.find((m) => m.fields.code === current);
    list.push({ code: current, label: stored ? `${current} — ${stored.fields.name} (inactive)` : current });
  }
  return list;
}

/** The currency of the market with this code, if it is loaded. */
export function currencyOf(markets: readonly Market[] | undefined, code: string): Currency | undefined {
  return markets?.find((m) => m.fields.code === code)?.fields.currency;
}
