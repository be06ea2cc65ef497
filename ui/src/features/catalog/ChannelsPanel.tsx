import { useMemo, useState } from "react";
import { type SalesChannel, commands } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { NO_VALUE, formatDateTime, formatMoney, formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { hasPermission, useSession } from "../../shared/session";
import { Button, ErrorBanner, Loading, SelectField } from "../../shared/ui";
import { ChannelDialog } from "./ChannelDialog";
import { ALL_CHANNELS, type ChannelFilter, filterChannels, isFiltered } from "./filters";
import { CHANNEL_TYPE_LABELS, SYNC_LABELS, choices, currencyOf } from "./options";
import { ActiveTag, ListEmpty, OpenButton, SearchBox, TableHint, byDecimal, formatRate } from "./parts";

type Open = { kind: "none" } | { kind: "new" } | { kind: "row"; row: SalesChannel };

export function ChannelsPanel() {
  const { session } = useSession();
  const { locale, timeZone } = useLocale();
  const canManage = hasPermission(session, "catalog.manage");
  const channels = useCommandQuery(["catalog", "channels"], commands.listChannels, "load the sales channels");
  // Fees are in the channel's market currency; the market filter and picker list them.
  const markets = useCommandQuery(["catalog", "markets"], commands.listMarkets, "load the markets");
  const [filter, setFilter] = useState<ChannelFilter>(ALL_CHANNELS);
  const [open, setOpen] = useState<Open>({ kind: "none" });
  const [notice, setNotice] = useState<string | null>(null);

  const rows = useMemo(() => filterChannels(channels.data ?? [], filter), [channels.data, filter]);
  const marketCodes = useMemo(() => {
    const codes = new Set([...(markets.data ?? []).map((m) => m.fields.code), ...(channels.data ?? []).map((c) => c.fields.market)]);
    return [...codes].sort();
  }, [markets.data, channels.data]);

  const columns = useMemo<ColumnDef<SalesChannel, unknown>[]>(() => {
    const marketData = markets.data;
    const money = (amount: string, c: SalesChannel) => {
      const currency = currencyOf(marketData, c.fields.market);
      return currency ? formatMoney(amount, currency, locale) : formatNumber(amount, locale, 2);
    };
    const share = (rate: string | null) => (rate == null ? <span className="muted">{NO_VALUE}</span> : formatRate(rate, locale));
    return [
      { id: "name", header: "Name", accessorFn: (c) => c.fields.name, enableHiding: false },
      { id: "type", header: "Platform", accessorFn: (c) => c.fields.channelType },
      { id: "market", header: "Market", accessorFn: (c) => c.fields.market },
      { id: "fulfilment", header: "Fulfilment", accessorFn: (c) => c.fields.fulfillmentMethod },
      {
        id: "commission",
        header: "Commission",
        accessorFn: (c) => c.fields.commissionRate,
        sortingFn: byDecimal((c: SalesChannel) => c.fields.commissionRate),
        cell: (c) => share(c.row.original.fields.commissionRate),
        meta: { numeric: true, exportKind: "percent" },
      },
      {
        id: "fixedFee",
        header: "Fee per order",
        accessorFn: (c) => c.fields.fixedFeePerOrder,
        sortingFn: byDecimal((c: SalesChannel) => c.fields.fixedFeePerOrder),
        cell: (c) => money(c.row.original.fields.fixedFeePerOrder, c.row.original),
        meta: { numeric: true },
      },
      {
        id: "fulfilmentFee",
        header: "Fee per unit",
        accessorFn: (c) => c.fields.fulfillmentFeePerUnit,
        sortingFn: byDecimal((c: SalesChannel) => c.fields.fulfillmentFeePerUnit),
        cell: (c) => money(c.row.original.fields.fulfillmentFeePerUnit, c.row.original),
        meta: { numeric: true },
      },
      {
        id: "paymentTerms",
        header: "Payment terms (days)",
        accessorFn: (c) => c.fields.paymentTermsDays,
        cell: (c) => formatNumber(c.row.original.fields.paymentTermsDays, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "returnRate",
        header: "Target returns",
        accessorFn: (c) => c.fields.returnRate ?? "",
        sortingFn: byDecimal((c: SalesChannel) => c.fields.returnRate),
        cell: (c) => share(c.row.original.fields.returnRate),
        meta: { numeric: true, exportKind: "percent" },
      },
      {
        id: "sync",
        header: "Sync",
        accessorFn: (c) => c.syncStatus,
        cell: (c) => {
          const ch = c.row.original;
          const label = SYNC_LABELS[ch.syncStatus] ?? ch.syncStatus;
          return ch.syncStatus === "error" ? (
            <span className="tag tag-bad" title={ch.lastSyncError ?? undefined}>
              {label}
            </span>
          ) : (
            label
          );
        },
        meta: { exportValue: (c) => SYNC_LABELS[c.syncStatus] ?? c.syncStatus },
      },
      {
        id: "lastSync",
        header: "Last sync",
        accessorFn: (c) => c.lastSyncAt ?? "",
        cell: (c) => (c.row.original.lastSyncAt ? formatDateTime(c.row.original.lastSyncAt, locale, timeZone) : <span className="muted">Never</span>),
      },
      {
        id: "active",
        header: "Status",
        accessorFn: (c) => (c.fields.active ? 0 : 1),
        cell: (c) => <ActiveTag active={c.row.original.fields.active} />,
        meta: { exportValue: (c) => (c.fields.active ? "Active" : "Inactive") },
      },
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        enableSorting: false,
        enableHiding: false,
        cell: (c) => (
          <OpenButton canManage={canManage} name={c.row.original.fields.name} onOpen={() => setOpen({ kind: "row", row: c.row.original })} />
        ),
      },
    ];
  }, [locale, timeZone, canManage, markets.data]);

  const done = async (message: string) => {
    setOpen({ kind: "none" });
    await channels.refetch();
    setNotice(message);
  };

  return (
    <section aria-labelledby="catalog-channels-heading">
      <div className="toolbar">
        <h2 id="catalog-channels-heading">Sales channels</h2>
        {canManage ? (
          <Button variant="primary" onClick={() => setOpen({ kind: "new" })} data-testid="catalog-new-channel">
            New sales channel
          </Button>
        ) : (
          <span className="muted">Read-only: your role can view the catalog but not change it.</span>
        )}
      </div>
      <div className="filters catalog-filters" role="group" aria-label="Sales channel filters">
        <SearchBox value={filter.search} onChange={(search) => setFilter({ ...filter, search })} placeholder="Name, platform, market or fulfilment" />
        <SelectField label="Market" value={filter.market} onChange={(e) => setFilter({ ...filter, market: e.target.value })} data-testid="catalog-filter-market">
          <option value="">All markets</option>
          {marketCodes.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Platform"
          value={filter.type}
          onChange={(e) => setFilter({ ...filter, type: e.target.value as ChannelFilter["type"] })}
          data-testid="catalog-filter-type"
        >
          <option value="">All platforms</option>
          {choices(CHANNEL_TYPE_LABELS).map((t) => (
            <option key={t} value={t}>
              {CHANNEL_TYPE_LABELS[t]}
            </option>
          ))}
        </SelectField>
      </div>
      {channels.error ? <ErrorBanner error={channels.error} onRetry={() => void channels.refetch()} testId="catalog-load-error" /> : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="catalog-notice">
          {notice}
        </p>
      ) : null}
      {channels.loading ? <Loading label="Loading sales channels…" /> : null}
      {channels.data ? (
        <>
          {rows.length > 0 ? <TableHint canManage={canManage} /> : null}
          <DataTable
            data={rows}
            columns={columns}
            caption="Sales channels"
            testId="catalog-channels"
            getRowId={(c) => c.id}
            rowTestId={(c) => `catalog-row-${c.fields.name}`}
            onRowOpen={(c) => setOpen({ kind: "row", row: c })}
            columnChoice
            initialHidden={["fixedFee", "fulfilmentFee", "returnRate"]}
            exportName="sales-channels"
            empty={
              <ListEmpty
                filtered={isFiltered(filter, ALL_CHANNELS)}
                plural="sales channels"
                newLabel="New sales channel"
                canManage={canManage}
                onClear={() => setFilter(ALL_CHANNELS)}
              />
            }
          />
        </>
      ) : null}
      {open.kind !== "none" ? (
        <ChannelDialog
          key={open.kind === "row" ? open.row.id : "new"}
          row={open.kind === "row" ? open.row : null}
          latest={open.kind === "row" ? channels.data?.find((c) => c.id === open.row.id) : undefined}
          markets={markets.data}
          canManage={canManage}
          refetch={channels.refetch}
          onClose={() => setOpen({ kind: "none" })}
          onDone={(message) => void done(message)}
        />
      ) : null}
    </section>
  );
}
