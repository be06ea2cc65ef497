import { useMemo } from "react";
import type { ForecastRun } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { formatDate, formatDateTime, formatNumber, NO_VALUE } from "../../shared/format";
import { KeepOfflineButton } from "../../shared/keepOffline";
import { useLocale } from "../../shared/locale";
import type { Loaded } from "../../shared/query";
import { EmptyState, ErrorBanner, Loading, Section } from "../../shared/ui";
import { elapsedText, horizonText } from "./figures";
import { reconciliationText } from "./run";

/** Past runs, newest first; opening one shows its series below. */
export function RunsList({
  runs,
  openRunId,
  onOpen,
  canRun,
}: {
  runs: Loaded<ForecastRun[]>;
  openRunId: string | null;
  onOpen: (run: ForecastRun) => void;
  canRun: boolean;
}) {
  const { locale, timeZone } = useLocale();
  const columns = useMemo<ColumnDef<ForecastRun, unknown>[]>(
    () => [
      {
        id: "createdAt",
        header: "When",
        // RFC 3339 instants in UTC sort as text in time order.
        accessorFn: (r) => r.createdAt,
        cell: (c) => (
          <>
            {formatDateTime(c.row.original.createdAt, locale, timeZone)}
            {c.row.original.id === openRunId ? (
              <span className="tag tag-ok" data-testid="forecast-run-open">
                Open
              </span>
            ) : null}
          </>
        ),
        enableHiding: false,
      },
      { id: "by", header: "By", accessorFn: (r) => r.createdByName ?? NO_VALUE },
      { id: "scope", header: "Scope", accessorFn: (r) => r.scopeLabel },
      {
        id: "horizon",
        header: "Periods",
        accessorFn: (r) => `${r.bucket}:${String(r.horizon).padStart(4, "0")}`,
        cell: (c) => horizonText(c.row.original.bucket, c.row.original.horizon, locale),
        meta: { exportValue: (r) => horizonText(r.bucket, r.horizon, locale) },
      },
      {
        id: "origin",
        header: "From",
        accessorFn: (r) => r.originDate,
        cell: (c) => formatDate(c.row.original.originDate, locale),
        meta: { exportKind: "date" },
      },
      { id: "model", header: "Model", accessorFn: (r) => r.model },
      { id: "totals", header: "Totals", accessorFn: (r) => reconciliationText(r.reconciliation) },
      {
        id: "series",
        header: "Series",
        accessorFn: (r) => r.seriesCount,
        cell: (c) => formatNumber(c.row.original.seriesCount, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "elapsed",
        header: "Time",
        accessorFn: (r) => r.elapsedMs,
        cell: (c) => elapsedText(c.row.original.elapsedMs, locale),
        // Milliseconds under a "Time" header would read as a mystery; the export says what the screen says.
        meta: { numeric: true, exportKind: "text", exportValue: (r) => elapsedText(r.elapsedMs, locale) },
      },
      { id: "engine", header: "Engine", accessorFn: (r) => r.engineVersion },
    ],
    [locale, timeZone, openRunId],
  );

  return (
    <Section id="forecast-runs" title="Runs" testId="forecast-runs" actions={<KeepOfflineButton screen="forecastRuns" />}>
      {runs.error ? <ErrorBanner error={runs.error} onRetry={() => void runs.refetch()} testId="forecast-runs-error" /> : null}
      {runs.loading ? <Loading label="Loading the forecast runs…" /> : null}
      {runs.data ? (
        <DataTable
          data={runs.data}
          columns={columns}
          caption="Forecast runs, newest first; open one to see its series"
          testId="forecast-runs-table"
          getRowId={(r) => r.id}
          rowTestId={() => "forecast-run-row"}
          onRowOpen={onOpen}
          columnChoice
          initialHidden={["origin", "engine"]}
          exportName="forecast-runs"
          empty={
            <EmptyState
              title={canRun ? "No forecasts yet — choose a scope and run one" : "No forecasts yet; a planner runs them"}
              testId="forecast-runs-empty"
            />
          }
        />
      ) : null}
    </Section>
  );
}
