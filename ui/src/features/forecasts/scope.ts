// The scope pickers' choices, from the catalog. Pure, so what each list offers is tested
// without a window.

import type { Market, Product, SalesChannel } from "../../lib/ipc";
import type { RunForm } from "./run";

export interface ScopeOption {
  value: string;
  label: string;
}

const byLabel = (a: ScopeOption, b: ScopeOption) => a.label.localeCompare(b.label);

/** Active markets (and any already chosen), by code: "UK — United Kingdom". */
export function marketOptions(markets: readonly Market[], chosen: readonly string[]): ScopeOption[] {
  return markets
    .filter((m) => m.fields.active || chosen.includes(m.fields.code))
    .map((m) => ({ value: m.fields.code, label: `${m.fields.code} — ${m.fields.name}` }))
    .sort(byLabel);
}

/**
 * Active channels of the chosen markets (all markets when none is chosen). A channel already
 * chosen stays listed, so a choice never disappears from view while it still narrows the run.
 */
export function channelOptions(channels: readonly SalesChannel[], form: Pick<RunForm, "markets" | "channels">): ScopeOption[] {
  return channels
    .filter(
      (c) =>
        form.channels.includes(c.id) ||
        (c.fields.active && (form.markets.length === 0 || form.markets.includes(c.fields.market))),
    )
    .map((c) => ({ value: c.id, label: `${c.fields.name} (${c.fields.market})` }))
    .sort(byLabel);
}

/** Active products of the chosen categories and markets, by SKU; chosen ones stay listed. */
export function productOptions(products: readonly Product[], form: Pick<RunForm, "categories" | "markets" | "products">): ScopeOption[] {
  return products
    .filter(
      (p) =>
        form.products.includes(p.id) ||
        (p.fields.active &&
          (form.categories.length === 0 || form.categories.includes(p.fields.category)) &&
          (form.markets.length === 0 || form.markets.includes(p.fields.market))),
    )
    .map((p) => ({ value: p.id, label: `${p.fields.sku} — ${p.fields.name}` }))
    .sort(byLabel);
}

/** Adds or removes one value of a multiple choice. */
export function toggle(values: readonly string[], value: string, on: boolean): string[] {
  const rest = values.filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}
