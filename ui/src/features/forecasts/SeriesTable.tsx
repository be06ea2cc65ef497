import { useMemo, useState } from "react";
import type { ColumnKind, ForecastRun, SeriesKey, SeriesSummary } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { KeepOfflineButton } from "../../shared/keepOffline";
import { useLocale } from "../../shared/locale";
import type { Loaded } from "../../shared/query";
import { matchesSearch } from "../../shared/search";
import { Button, EmptyState, ErrorBanner, Loading, Section } from "../../shared/ui";
import {
  confidenceText,
  horizonText,
  maseText,
  numberText,
  sameSeries,
  seriesId,
  seriesText,
  statusLabel,
  statusTone,
  unitsText,
  wapeText,
} from "./figures";
import { RejectDialog } from "./RejectDialog";
import { useWorkflow } from "./useWorkflow";

/**
 * The series of the open run: how each was forecast, how well its backtest went and where it
 * stands in the approval workflow. Ticked series can be submitted, approved or rejected at
 * once; opening a row shows the series below.
 */
export function SeriesTable({
  run,
  series,
  openSeries,
  onOpen,
  onChanged,
  canRun,
  canApprove,
}: {
  run: ForecastRun;
  series: Loaded<SeriesSummary[]>;
  openSeries: SeriesKey | null;
  onOpen: (summary: SeriesSummary) => void;
  /** Reads the series (and the open one) again after a change. */
  onChanged: () => Promise<void>;
  canRun: boolean;
  canApprove: boolean;
}) {
  const { locale } = useLocale();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [rejecting, setRejecting] = useState(false);
  const workflow = useWorkflow(run.id, onChanged);

  const all = useMemo(() => series.data ?? [], [series.data]);
  const rows = useMemo(
    () =>
      all.filter((s) =>
        matchesSearch(search, [s.sku, s.productName, s.category, s.channelName, s.marketCode, s.modelName, s.modelType, statusLabel(s.status)]),
      ),
    [all, search],
  );
  // A ticked series hidden by the search is not acted on: what is done is what is seen.
  const picked = rows.filter((s) => chosen.includes(seriesId(s.key)));
  const pickedKeys = picked.map((s) => s.key);
  const allPicked = rows.length > 0 && picked.length === rows.length;

  const canAct = canRun || canApprove;
  const columns = useMemo(() => {
    const list: ColumnDef<SeriesSummary, unknown>[] = [
      {
        id: "pick",
        header: () => (
          <input
            type="checkbox"
            aria-label="Choose every series shown"
            checked={allPicked}
            ref={(el) => {
              // Some but not all: the box says so, as a mixed state.
              if (el) el.indeterminate = picked.length > 0 && !allPicked;
            }}
            onChange={(e) => setChosen(e.target.checked ? rows.map((s) => seriesId(s.key)) : [])}
            data-testid="forecast-series-pick-all"
          />
        ),
        meta: { label: "Choose" },
        enableSorting: false,
        enableHiding: false,
        cell: (c) => {
          const s = c.row.original;
          const id = seriesId(s.key);
          return (
            <input
              type="checkbox"
              aria-label={`Choose ${s.sku} · ${s.channelName}`}
              checked={chosen.includes(id)}
              onChange={(e) => setChosen((list) => (e.target.checked ? [...list.filter((x) => x !== id), id] : list.filter((x) => x !== id)))}
              data-testid="forecast-series-pick"
            />
          );
        },
      },
      { id: "sku", header: "SKU", accessorFn: (s) => s.sku, enableHiding: false },
      { id: "product", header: "Product", accessorFn: (s) => s.productName },
      { id: "category", header: "Category", accessorFn: (s) => s.category },
      { id: "channel", header: "Channel", accessorFn: (s) => s.channelName },
      { id: "market", header: "Market", accessorFn: (s) => s.marketCode },
      {
        id: "model",
        header: "Model",
        accessorFn: (s) => s.modelName,
        cell: (c) => <span title={c.row.original.modelType}>{c.row.original.modelName}</span>,
      },
      numeric("confidence", "Confidence", (s) => s.confidence, (v) => confidenceText(v, locale)),
      numeric("mase", "MASE", (s) => s.mase, (v) => maseText(v, locale)),
      numeric("wape", "WAPE", (s) => s.wape, (v) => wapeText(v, locale)),
      numeric("total", "Total", (s) => s.total, (v) => unitsText(v, locale)),
      numeric("overridden", "Overrides", (s) => s.overridden, (v) => numberText(v, locale), "integer"),
      {
        id: "status",
        header: "Status",
        accessorFn: (s) => statusLabel(s.status),
        cell: (c) => (
          <span className={`tag ${statusTone(c.row.original.status)}`} data-testid="forecast-series-status">
            {statusLabel(c.row.original.status)}
          </span>
        ),
      },
    ];
    // Choosing series is only for acting on them: those who may not act get no boxes.
    return canAct ? list : list.filter((c) => c.id !== "pick");
  }, [locale, chosen, rows, picked.length, allPicked, canAct]);

  const none = picked.length === 0;
  return (
    <Section
      id="forecast-series"
      title={`Series · ${run.scopeLabel} · ${horizonText(run.bucket, run.horizon, locale)} ahead`}
      testId="forecast-series"
      actions={<KeepOfflineButton screen="forecastSeries" />}
    >
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search the series"
          placeholder="Search SKU, product, channel, model…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          data-testid="forecast-series-search"
        />
        {canAct ? (
          <div className="toolbar-actions" role="group" aria-label="Act on the chosen series">
            <span className="muted" data-testid="forecast-series-picked">
              {none ? "Tick series to act on several at once." : `${seriesText(picked.length, locale)} chosen`}
            </span>
            {canRun ? (
              <Button
                onClick={() => void workflow.perform("submit", pickedKeys)}
                disabled={none}
                busy={workflow.busy === "submit"}
                data-testid="forecast-bulk-submit"
              >
                Submit for approval
              </Button>
            ) : null}
            {canApprove ? (
              <>
                <Button
                  variant="primary"
                  onClick={() => void workflow.perform("approve", pickedKeys)}
                  disabled={none}
                  busy={workflow.busy === "approve"}
                  data-testid="forecast-bulk-approve"
                >
                  Approve
                </Button>
                <Button
                  variant="danger"
                  onClick={() => {
                    workflow.clear();
                    setRejecting(true);
                  }}
                  disabled={none}
                  busy={workflow.busy === "reject"}
                  data-testid="forecast-bulk-reject"
                >
                  Reject…
                </Button>
              </>
            ) : null}
          </div>
        ) : null}
      </div>
      {workflow.notice ? (
        <p className="banner banner-success" role="status" data-testid="forecast-bulk-notice">
          {workflow.notice}
        </p>
      ) : null}
      {workflow.error ? <ErrorBanner error={workflow.error} testId="forecast-bulk-error" /> : null}
      {series.error ? <ErrorBanner error={series.error} onRetry={() => void series.refetch()} testId="forecast-series-error" /> : null}
      {series.loading ? <Loading label="Loading the series…" /> : null}
      {series.data ? (
        all.length > 0 && rows.length === 0 ? (
          <EmptyState title="No series matches the search." testId="forecast-series-none" />
        ) : (
          <DataTable
            data={rows}
            columns={columns}
            caption="Series of the open run; open one to see its forecast"
            testId="forecast-series-table"
            getRowId={(s) => seriesId(s.key)}
            rowTestId={() => "forecast-series-row"}
            rowAttributes={(s) => ({ "data-sku": s.sku, "data-channel": s.channelName, "data-open": String(sameSeries(s.key, openSeries)) })}
            onRowOpen={onOpen}
            initialSort={[{ id: "sku", desc: false }]}
            columnChoice
            initialHidden={["category"]}
            exportName="forecast-series"
            empty={<EmptyState title="This run has no series: no sales history matched its scope." testId="forecast-series-empty" />}
          />
        )
      ) : null}
      {rejecting ? (
        <RejectDialog
          what={seriesText(picked.length, locale)}
          onClose={() => setRejecting(false)}
          onReject={(reason) => workflow.perform("reject", pickedKeys, reason)}
        />
      ) : null}
    </Section>
  );
}

/** A right-aligned figure column that sorts by the number (missing figures last). */
function numeric(
  id: string,
  header: string,
  value: (s: SeriesSummary) => number | null,
  text: (v: number | null) => string,
  exportKind?: ColumnKind,
): ColumnDef<SeriesSummary, unknown> {
  return {
    id,
    header,
    accessorFn: (s) => value(s) ?? undefined,
    sortUndefined: "last",
    cell: (c) => text(value(c.row.original)),
    meta: { numeric: true, exportKind },
  };
}
