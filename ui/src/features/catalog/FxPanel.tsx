import { Suspense, lazy, useMemo, useState } from "react";
import { type FxRate, commands } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { ErrorBoundary } from "../../shared/ErrorBoundary";
import { formatDate, formatDateTime, formatFxRate, formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { hasPermission, useSession } from "../../shared/session";
import { useTheme } from "../../shared/theme";
import { Button, EmptyState, ErrorBanner, Loading, SelectField } from "../../shared/ui";
import { ALL_FX, type FxFilter, filterFxRates, isFiltered } from "./filters";
import { FX_CSV_EXAMPLE, FX_CSV_HEADER, FX_LIST_LIMIT, rateSeries } from "./fx";
import { FxDialog } from "./FxDialog";
import { FxImportButton, FxImportStatus, useFxImport } from "./FxImport";
import { currencyPairs, formatPair, pairFrom, pairValue } from "./options";
import { ListEmpty, OpenButton, TableHint, byDecimal } from "./parts";

// The chart library is the largest chunk: it loads only when a pair is chosen, and if it fails
// to load or draw, only the chart says so.
const FxChart = lazy(() => import("./FxChart").then((m) => ({ default: m.FxChart })));

type Open = { kind: "none" } | { kind: "new" } | { kind: "row"; row: FxRate };

const UNTIL_THEN = "until then the dashboard converts at the rate of the period's sales.";

export function FxPanel() {
  const { session } = useSession();
  const { locale, timeZone } = useLocale();
  const { theme } = useTheme();
  const canManage = hasPermission(session, "catalog.manage");
  const [filter, setFilter] = useState<FxFilter>(ALL_FX);
  const query = { pair: filter.pair, limit: FX_LIST_LIMIT };
  const fx = useCommandQuery(["catalog", "fxRates", query], () => commands.listFxRates(query), "load the exchange rates");
  const [open, setOpen] = useState<Open>({ kind: "none" });
  const [notice, setNotice] = useState<string | null>(null);
  const importer = useFxImport(fx.refetch);

  const rows = useMemo(() => filterFxRates(fx.data ?? [], filter), [fx.data, filter]);
  const series = useMemo(() => rateSeries(rows), [rows]);

  const columns = useMemo<ColumnDef<FxRate, unknown>[]>(
    () => [
      {
        id: "date",
        header: "Date",
        // "YYYY-MM-DD" sorts as text in date order.
        accessorFn: (r) => r.fields.date,
        cell: (c) => formatDate(c.row.original.fields.date, locale),
        enableHiding: false,
        meta: { exportKind: "date" },
      },
      {
        id: "pair",
        header: "Pair",
        accessorFn: (r) => formatPair(r.fields.base, r.fields.quote),
        enableHiding: false,
      },
      {
        id: "rate",
        header: "Rate",
        accessorFn: (r) => r.fields.rate,
        sortingFn: byDecimal((r: FxRate) => r.fields.rate),
        cell: (c) => <span className="mono">{formatFxRate(c.row.original.fields.rate, locale)}</span>,
        meta: { numeric: true },
      },
      { id: "source", header: "Source", accessorFn: (r) => r.fields.source },
      {
        id: "changed",
        header: "Last changed",
        accessorFn: (r) => r.stamp.updatedAt,
        cell: (c) => {
          const s = c.row.original.stamp;
          return (
            <>
              {formatDateTime(s.updatedAt, locale, timeZone)}
              {s.updatedBy ? <span className="muted"> by {s.updatedBy}</span> : null}
            </>
          );
        },
      },
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        enableSorting: false,
        enableHiding: false,
        cell: (c) => {
          const r = c.row.original;
          return (
            <OpenButton
              canManage={canManage}
              name={`${formatPair(r.fields.base, r.fields.quote)} on ${formatDate(r.fields.date, locale)}`}
              onOpen={() => setOpen({ kind: "row", row: r })}
            />
          );
        },
      },
    ],
    [locale, timeZone, canManage],
  );

  const done = async (message: string) => {
    setOpen({ kind: "none" });
    await fx.refetch();
    setNotice(message);
  };

  const pair = filter.pair;

  return (
    <section aria-labelledby="catalog-fx-heading">
      <div className="toolbar">
        <h2 id="catalog-fx-heading">Exchange rates</h2>
        {canManage ? (
          <div className="toolbar-actions">
            <FxImportButton state={importer.state} onChange={importer.choose} />
            <Button variant="primary" onClick={() => setOpen({ kind: "new" })} data-testid="catalog-new-fx">
              New rate
            </Button>
          </div>
        ) : (
          <span className="muted">Read-only: your role can view the catalog but not change it.</span>
        )}
      </div>
      {canManage ? (
        <p className="muted" data-testid="fx-import-format">
          Import CSV takes a header line <code>{FX_CSV_HEADER}</code> (source optional) and one rate per line, e.g.{" "}
          <code>{FX_CSV_EXAMPLE}</code>.
        </p>
      ) : null}
      <FxImportStatus state={importer.state} />
      <div className="filters catalog-filters" role="group" aria-label="Exchange rate filters">
        <SelectField
          label="Pair"
          value={pairValue(pair)}
          onChange={(e) => setFilter({ ...filter, pair: pairFrom(e.target.value) })}
          data-testid="fx-filter-pair"
        >
          <option value="">All pairs</option>
          {currencyPairs().map((p) => (
            <option key={pairValue(p)} value={pairValue(p)}>
              {formatPair(p[0], p[1])}
            </option>
          ))}
        </SelectField>
      </div>
      {fx.error ? <ErrorBanner error={fx.error} onRetry={() => void fx.refetch()} testId="catalog-load-error" /> : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="catalog-notice">
          {notice}
        </p>
      ) : null}
      {fx.loading ? <Loading label="Loading exchange rates…" /> : null}
      {pair && series.length >= 2 ? (
        <ErrorBoundary
          fallback={() => (
            <EmptyState title="The chart could not be drawn." testId="fx-chart-error">
              The rates below are unaffected.
            </EmptyState>
          )}
        >
          <Suspense fallback={<Loading label="Drawing the chart…" />}>
            <div data-testid="fx-chart">
              <FxChart pair={pair} points={series} theme={theme} />
            </div>
          </Suspense>
        </ErrorBoundary>
      ) : null}
      {fx.data ? (
        <>
          {fx.data.length >= FX_LIST_LIMIT ? (
            <p className="muted" data-testid="fx-limit">
              Showing the newest {formatNumber(FX_LIST_LIMIT, locale)} rates{pair ? "" : "; choose a pair to see older ones"}.
            </p>
          ) : null}
          {rows.length > 0 ? <TableHint canManage={canManage} /> : null}
          <DataTable
            data={rows}
            columns={columns}
            caption="Exchange rates, newest first"
            testId="catalog-fx"
            getRowId={(r) => r.id}
            rowTestId={(r) => `fx-row-${r.fields.base}-${r.fields.quote}-${r.fields.date}`}
            onRowOpen={(r) => setOpen({ kind: "row", row: r })}
            initialSort={[{ id: "date", desc: true }]}
            exportName="exchange-rates"
            empty={
              <ListEmpty
                filtered={isFiltered(filter, ALL_FX)}
                plural="exchange rates"
                newLabel="New rate"
                canManage={canManage}
                onClear={() => setFilter(ALL_FX)}
                filters="the chosen pair"
              >
                {canManage ? `Add one or import a CSV file; ${UNTIL_THEN}` : `An administrator or manager adds them; ${UNTIL_THEN}`}
              </ListEmpty>
            }
          />
        </>
      ) : null}
      {open.kind !== "none" ? (
        <FxDialog
          key={open.kind === "row" ? open.row.id : "new"}
          row={open.kind === "row" ? open.row : null}
          latest={open.kind === "row" ? fx.data?.find((r) => r.id === open.row.id) : undefined}
          pair={pair}
          canManage={canManage}
          refetch={fx.refetch}
          onClose={() => setOpen({ kind: "none" })}
          onDone={(message) => void done(message)}
        />
      ) : null}
    </section>
  );
}
