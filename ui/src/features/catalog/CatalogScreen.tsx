import type { KeyboardEvent } from "react";
import { useSearchParams } from "react-router";
import { ChannelsPanel } from "./ChannelsPanel";
import { FxPanel } from "./FxPanel";
import { MarketsPanel } from "./MarketsPanel";
import { ProductsPanel } from "./ProductsPanel";

const TABS = [
  { id: "products", label: "Products" },
  { id: "markets", label: "Markets" },
  { id: "channels", label: "Sales channels" },
  { id: "fx", label: "Exchange rates" },
] as const;

export type CatalogTab = (typeof TABS)[number]["id"];

/** The tab a `?tab=` value names; Products for a missing or unknown one (an old bookmark). */
export function tabFrom(value: string | null): CatalogTab {
  return TABS.find((t) => t.id === value)?.id ?? "products";
}

export function CatalogScreen() {
  // The chosen tab lives in the URL (#/catalog?tab=markets), so a link or reload keeps it.
  const [params, setParams] = useSearchParams();
  const tab = tabFrom(params.get("tab"));
  const choose = (next: CatalogTab) => setParams({ tab: next }, { replace: true });

  const onKeyDown = (e: KeyboardEvent) => {
    // Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern).
    const i = TABS.findIndex((t) => t.id === tab);
    const to =
      e.key === "ArrowRight" ? (i + 1) % TABS.length
      : e.key === "ArrowLeft" ? (i + TABS.length - 1) % TABS.length
      : e.key === "Home" ? 0
      : e.key === "End" ? TABS.length - 1
      : null;
    const next = to === null ? undefined : TABS[to];
    if (!next) return;
    e.preventDefault();
    choose(next.id);
    document.getElementById(`catalog-tab-${next.id}`)?.focus();
  };

  return (
    <div className="page catalog" data-testid="catalog">
      <h1>Catalog</h1>
      <div className="tabs" role="tablist" aria-label="Catalog" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`catalog-tab-${t.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === t.id}
            aria-controls={`catalog-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => choose(t.id)}
            data-testid={`catalog-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`catalog-panel-${tab}`} role="tabpanel" aria-labelledby={`catalog-tab-${tab}`} data-region="" tabIndex={-1}>
        {tab === "products" ? (
          <ProductsPanel />
        ) : tab === "markets" ? (
          <MarketsPanel />
        ) : tab === "channels" ? (
          <ChannelsPanel />
        ) : (
          <FxPanel />
        )}
      </div>
    </div>
  );
}
