import { useMemo, useState } from "react";
import { type Market, commands } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { hasPermission, useSession } from "../../shared/session";
import { Button, ErrorBanner, Loading } from "../../shared/ui";
import { ALL_MARKETS, type MarketFilter, filterMarkets, isFiltered } from "./filters";
import { MarketDialog } from "./MarketDialog";
import { ActiveTag, ListEmpty, OpenButton, SearchBox, StatusSelect, TableHint, byDecimal, formatRate } from "./parts";

type Open = { kind: "none" } | { kind: "new" } | { kind: "row"; row: Market };

export function MarketsPanel() {
  const { session } = useSession();
  const { locale } = useLocale();
  const canManage = hasPermission(session, "catalog.manage");
  const markets = useCommandQuery(["catalog", "markets"], commands.listMarkets, "load the markets");
  const [filter, setFilter] = useState<MarketFilter>(ALL_MARKETS);
  const [open, setOpen] = useState<Open>({ kind: "none" });
  const [notice, setNotice] = useState<string | null>(null);

  const rows = useMemo(() => filterMarkets(markets.data ?? [], filter), [markets.data, filter]);

  const columns = useMemo<ColumnDef<Market, unknown>[]>(
    () => [
      {
        id: "code",
        header: "Code",
        accessorFn: (m) => m.fields.code,
        cell: (c) => <span className="mono">{c.row.original.fields.code}</span>,
        enableHiding: false,
      },
      { id: "name", header: "Name", accessorFn: (m) => m.fields.name },
      { id: "currency", header: "Currency", accessorFn: (m) => m.fields.currency },
      {
        id: "taxRate",
        header: "Tax rate",
        accessorFn: (m) => m.fields.taxRate,
        sortingFn: byDecimal((m: Market) => m.fields.taxRate),
        cell: (c) => formatRate(c.row.original.fields.taxRate, locale),
        meta: { numeric: true, exportKind: "percent" },
      },
      { id: "taxName", header: "Tax", accessorFn: (m) => m.fields.taxName },
      {
        id: "standardShipping",
        header: "Standard delivery (days)",
        accessorFn: (m) => m.fields.standardShippingDays,
        cell: (c) => formatNumber(c.row.original.fields.standardShippingDays, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "expressShipping",
        header: "Express delivery (days)",
        accessorFn: (m) => m.fields.expressShippingDays,
        cell: (c) => formatNumber(c.row.original.fields.expressShippingDays, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "inUse",
        header: "In use",
        accessorFn: (m) => (m.inUse ? 0 : 1),
        cell: (c) => (c.row.original.inUse ? "Products or channels" : <span className="muted">Not yet</span>),
        meta: { exportValue: (m) => (m.inUse ? "Products or channels" : "Not yet") },
      },
      {
        id: "active",
        header: "Status",
        accessorFn: (m) => (m.fields.active ? 0 : 1),
        cell: (c) => <ActiveTag active={c.row.original.fields.active} />,
        meta: { exportValue: (m) => (m.fields.active ? "Active" : "Inactive") },
      },
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        enableSorting: false,
        enableHiding: false,
        cell: (c) => (
          <OpenButton canManage={canManage} name={c.row.original.fields.code} onOpen={() => setOpen({ kind: "row", row: c.row.original })} />
        ),
      },
    ],
    [locale, canManage],
  );

  const done = async (message: string) => {
    setOpen({ kind: "none" });
    await markets.refetch();
    setNotice(message);
  };

  return (
    <section aria-labelledby="catalog-markets-heading">
      <div className="toolbar">
        <h2 id="catalog-markets-heading">Markets</h2>
        {canManage ? (
          <Button variant="primary" onClick={() => setOpen({ kind: "new" })} data-testid="catalog-new-market">
            New market
          </Button>
        ) : (
          <span className="muted">Read-only: your role can view the catalog but not change it.</span>
        )}
      </div>
      <div className="filters catalog-filters" role="group" aria-label="Market filters">
        <SearchBox value={filter.search} onChange={(search) => setFilter({ ...filter, search })} placeholder="Code, name, currency or tax" />
        <StatusSelect value={filter.status} onChange={(status) => setFilter({ ...filter, status })} />
      </div>
      {markets.error ? <ErrorBanner error={markets.error} onRetry={() => void markets.refetch()} testId="catalog-load-error" /> : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="catalog-notice">
          {notice}
        </p>
      ) : null}
      {markets.loading ? <Loading label="Loading markets…" /> : null}
      {markets.data ? (
        <>
          {rows.length > 0 ? <TableHint canManage={canManage} /> : null}
          <DataTable
            data={rows}
            columns={columns}
            caption="Markets"
            testId="catalog-markets"
            getRowId={(m) => m.id}
            rowTestId={(m) => `catalog-row-${m.fields.code}`}
            onRowOpen={(m) => setOpen({ kind: "row", row: m })}
            columnChoice
            initialHidden={["inUse"]}
            exportName="markets"
            empty={
              <ListEmpty
                filtered={isFiltered(filter, ALL_MARKETS)}
                plural="markets"
                newLabel="New market"
                canManage={canManage}
                onClear={() => setFilter(ALL_MARKETS)}
              />
            }
          />
        </>
      ) : null}
      {open.kind !== "none" ? (
        <MarketDialog
          key={open.kind === "row" ? open.row.id : "new"}
          row={open.kind === "row" ? open.row : null}
          latest={open.kind === "row" ? markets.data?.find((m) => m.id === open.row.id) : undefined}
          canManage={canManage}
          refetch={markets.refetch}
          onClose={() => setOpen({ kind: "none" })}
          onDone={(message) => void done(message)}
        />
      ) : null}
    </section>
  );
}
