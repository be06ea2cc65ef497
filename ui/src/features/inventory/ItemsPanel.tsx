import { useMemo, useState } from "react";
import { type InventoryItem, commands } from "../../lib/ipc";
import { type ColumnDef, DataTable, type SortingFn } from "../../shared/DataTable";
import { NO_VALUE, compareDecimal, formatDate, formatNumber } from "../../shared/format";
import { KeepOfflineButton } from "../../shared/keepOffline";
import { useLocale } from "../../shared/locale";
import { permissionLabel } from "../../shared/permissions";
import { useCommandQuery } from "../../shared/query";
import { Button, EmptyState, ErrorBanner, Loading, SelectField, TextField } from "../../shared/ui";
import { ItemDetail } from "./ItemDetail";
import {
  ALL_ITEMS,
  type ItemFilter,
  STOCK_STATUSES,
  type StatusFilter,
  ageText,
  demandSourceLabel,
  filterItems,
  fractionText,
  itemKey,
  neverPlanned,
  stockStatusLabel,
  stockStatusTone,
} from "./items";
import { PlanningOutcome, RunPlanningButton, usePlanningRun } from "./PlanningRun";

/** Sorts a column of decimal strings by value, not as text ("9.5" before "10.0"). */
function byDecimal(get: (row: InventoryItem) => string | null): SortingFn<InventoryItem> {
  return (a, b) => compareDecimal(get(a.original), get(b.original));
}

/**
 * Every product at every stock location with its latest count and the policy of the last
 * planning run, most at risk first; planners run planning from here. Opening an item shows
 * its plan, a "what if" and its projection below the list.
 */
export function ItemsPanel({
  canRun,
  currency,
  openItem,
  onOpen,
}: {
  canRun: boolean;
  /** The base currency, once Rust has named it. */
  currency: string | undefined;
  openItem: InventoryItem | null;
  onOpen: (item: InventoryItem | null) => void;
}) {
  const { locale } = useLocale();
  const [market, setMarket] = useState("");
  const [filter, setFilter] = useState<ItemFilter>(ALL_ITEMS);
  const items = useCommandQuery(["inventory", "items", market], () => commands.listInventory(market || null), "load the stock items", {
    keepPrevious: true,
  });
  // The market filter's choices; the same data as the catalog's Markets tab.
  const markets = useCommandQuery(["catalog", "markets"], commands.listMarkets, "load the markets");
  const planning = usePlanningRun(items.refetch);

  const all = useMemo(() => items.data ?? [], [items.data]);
  const rows = useMemo(() => filterItems(all, filter), [all, filter]);
  const marketCodes = useMemo(() => {
    const codes = new Set([...(markets.data ?? []).map((m) => m.fields.code), ...all.map((i) => i.market)]);
    return [...codes].sort();
  }, [markets.data, all]);
  // The open item as last read, so a planning run or a refresh shows its new figures.
  const open = openItem ? (all.find((i) => itemKey(i) === itemKey(openItem)) ?? openItem) : null;

  const columns = useMemo<ColumnDef<InventoryItem, unknown>[]>(() => {
    const units = (id: string, header: string, value: (i: InventoryItem) => number) =>
      ({
        id,
        header,
        accessorFn: value,
        cell: (c) => formatNumber(value(c.row.original), locale),
        meta: { numeric: true, exportKind: "integer" },
      }) satisfies ColumnDef<InventoryItem, unknown>;
    return [
      { id: "sku", header: "SKU", accessorFn: (i) => i.sku, cell: (c) => <span className="mono">{c.row.original.sku}</span>, enableHiding: false },
      { id: "name", header: "Name", accessorFn: (i) => i.name },
      { id: "location", header: "Location", accessorFn: (i) => i.location, enableHiding: false },
      { id: "abc", header: "ABC", accessorFn: (i) => i.abcClass ?? undefined, sortUndefined: "last", cell: (c) => c.row.original.abcClass ?? NO_VALUE },
      units("available", "Available", (i) => i.available),
      units("reserved", "Reserved", (i) => i.reserved),
      units("inbound", "Inbound", (i) => i.inbound),
      units("defective", "Defective", (i) => i.defective),
      {
        id: "age",
        header: "Age (days)",
        accessorFn: (i) => i.ageDays ?? undefined,
        sortUndefined: "last",
        cell: (c) => ageText(c.row.original.ageBucket),
        meta: { exportValue: (i) => i.ageBucket },
      },
      {
        id: "turnover",
        header: "Turnover (a year)",
        accessorFn: (i) => i.turnover,
        sortingFn: byDecimal((i) => i.turnover),
        cell: (c) => (c.row.original.turnover == null ? NO_VALUE : formatNumber(c.row.original.turnover, locale, 1)),
        meta: { numeric: true, exportKind: "decimal" },
      },
      {
        id: "serviceLevel",
        header: "Cycle service level",
        accessorFn: (i) => i.serviceLevel,
        sortingFn: byDecimal((i) => i.serviceLevel),
        cell: (c) => fractionText(c.row.original.serviceLevel, locale),
        meta: { numeric: true, exportKind: "percent" },
      },
      units("safetyStock", "Safety stock", (i) => i.safetyStock),
      units("reorderPoint", "Reorder point", (i) => i.reorderPoint),
      units("orderQuantity", "Order qty", (i) => i.orderQuantity),
      {
        id: "daysOfSupply",
        header: "Days of supply",
        accessorFn: (i) => i.daysOfSupply ?? undefined,
        sortUndefined: "last",
        cell: (c) => (c.row.original.daysOfSupply == null ? NO_VALUE : formatNumber(c.row.original.daysOfSupply, locale)),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "status",
        header: "Status",
        // Most urgent first when sorted ascending.
        accessorFn: (i) => STOCK_STATUSES.indexOf(i.status),
        cell: (c) => (
          <span className={`tag ${stockStatusTone(c.row.original.status)}`} data-status={c.row.original.status}>
            {stockStatusLabel(c.row.original.status)}
          </span>
        ),
        meta: { exportValue: (i) => stockStatusLabel(i.status) },
      },
      {
        id: "risk",
        header: "Risk (0–100)",
        accessorFn: (i) => i.riskScore,
        cell: (c) => formatNumber(c.row.original.riskScore, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "stockout",
        header: "Stock-out",
        accessorFn: (i) => i.stockoutDate ?? undefined,
        sortUndefined: "last",
        cell: (c) => (c.row.original.stockoutDate ? formatDate(c.row.original.stockoutDate, locale) : NO_VALUE),
        meta: { exportKind: "date" },
      },
      { id: "source", header: "Demand from", accessorFn: (i) => demandSourceLabel(i.demandSource) },
    ];
  }, [locale]);

  const runPlanning = () => void planning.run();
  const unplanned = items.data !== undefined && all.length > 0 && neverPlanned(all);

  return (
    <section aria-labelledby="inventory-items-heading" aria-busy={items.fetching || undefined}>
      <div className="toolbar">
        <h2 id="inventory-items-heading">Stock items</h2>
        <div className="toolbar-actions">
          <KeepOfflineButton screen="inventory" />
          {canRun && !unplanned ? <RunPlanningButton state={planning.state} onRun={runPlanning} /> : null}
        </div>
      </div>
      <PlanningOutcome state={planning.state} />
      <div className="filters" role="group" aria-label="Item filters">
        <TextField
          label="Search"
          type="search"
          value={filter.search}
          placeholder="SKU, name, location…"
          onChange={(e) => setFilter({ ...filter, search: e.target.value })}
          autoComplete="off"
          spellCheck={false}
          data-testid="inventory-search"
        />
        <SelectField
          label="Status"
          value={filter.status}
          onChange={(e) => setFilter({ ...filter, status: e.target.value as StatusFilter })}
          data-testid="inventory-filter-status"
        >
          <option value="all">All statuses</option>
          <option value="at-risk">At risk (out, critical, reorder now)</option>
          {STOCK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {stockStatusLabel(s)}
            </option>
          ))}
        </SelectField>
        <SelectField label="Market" value={market} onChange={(e) => setMarket(e.target.value)} data-testid="inventory-filter-market">
          <option value="">All markets</option>
          {marketCodes.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </SelectField>
      </div>
      {items.error ? <ErrorBanner error={items.error} onRetry={() => void items.refetch()} testId="inventory-items-error" /> : null}
      {markets.error ? <ErrorBanner error={markets.error} testId="inventory-markets-error" /> : null}
      {items.loading ? <Loading label="Loading the stock items…" /> : null}
      {unplanned ? (
        <EmptyState
          title="No planning run yet"
          testId="inventory-never-planned"
          action={canRun ? <RunPlanningButton state={planning.state} onRun={runPlanning} variant="primary" /> : null}
        >
          Safety stock, reorder points, order quantities and risk are set by a planning run, from each item's forecasts or, without
          them, its recent sales.{" "}
          {canRun ? "Run one to plan every item and get draft replenishment orders." : `A planner runs it (it needs “${permissionLabel("forecast.run")}”).`}
        </EmptyState>
      ) : null}
      {items.data ? (
        <DataTable
          data={rows}
          columns={columns}
          caption="Stock items, most at risk first; open one to see its plan"
          testId="inventory-items"
          getRowId={itemKey}
          rowTestId={(i) => `inventory-row-${i.sku}-${i.location}`}
          rowAttributes={(i) => ({ "data-sku": i.sku, "data-location": i.location, "data-status": i.status, "data-open": String(open !== null && itemKey(i) === itemKey(open)) })}
          onRowOpen={onOpen}
          initialSort={[{ id: "risk", desc: true }]}
          columnChoice
          initialHidden={["reserved", "defective", "age", "turnover"]}
          exportName="inventory"
          empty={
            all.length > 0 ? (
              <EmptyState
                title="No item matches the search and filters."
                testId="inventory-no-match"
                action={
                  <Button onClick={() => setFilter(ALL_ITEMS)} data-testid="inventory-clear-filters">
                    Show every status
                  </Button>
                }
              />
            ) : (
              <EmptyState title={market ? `No stock counted in ${market}.` : "No stock counted yet."} testId="inventory-empty">
                Items appear here once stock levels per location have been imported.
              </EmptyState>
            )
          }
        />
      ) : null}
      {open ? (
        <ItemDetail
          // Another item starts afresh: no inputs or figures of the previous one.
          key={itemKey(open)}
          item={open}
          currency={currency}
          onClose={() => onOpen(null)}
        />
      ) : null}
    </section>
  );
}
