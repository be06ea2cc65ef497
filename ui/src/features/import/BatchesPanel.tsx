import { useMemo, useState } from "react";
import { type ImportBatch, commands } from "../../lib/ipc";
import { type ColumnDef, DataTable, type SortingFn } from "../../shared/DataTable";
import { compareDecimal, formatDateTime, formatNumber } from "../../shared/format";
import type { Loaded } from "../../shared/query";
import { useCommandQuery } from "../../shared/query";
import { useLocale } from "../../shared/locale";
import { Button, EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import { ErrorsTable } from "./ErrorsTable";
import { LAYOUT_LABELS, MODE_LABELS, batchStatusText, canRollBack, hasRejectedRows, periodText, qualityText, rowsText } from "./report";
import { RollbackDialog } from "./RollbackDialog";

const byQuality: SortingFn<ImportBatch> = (a, b) => compareDecimal(a.original.quality, b.original.quality);

/**
 * Past imports, newest first: who imported what and when, how it went, and the two things to
 * do with one afterwards: list the rows it refused, or roll it back.
 */
export function BatchesPanel({ batches }: { batches: Loaded<ImportBatch[]> }) {
  const { locale, timeZone } = useLocale();
  const [rollingBack, setRollingBack] = useState<ImportBatch | null>(null);
  const [showing, setShowing] = useState<ImportBatch | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rejected = useCommandQuery(
    ["import", "batchErrors", showing?.id],
    showing ? () => commands.importBatchErrors(showing.id) : null,
    "load the rejected rows",
  );

  const columns = useMemo<ColumnDef<ImportBatch, unknown>[]>(
    () => [
      { id: "file", header: "File", accessorFn: (b) => b.file, enableHiding: false },
      { id: "layout", header: "Layout", accessorFn: (b) => LAYOUT_LABELS[b.layout] },
      { id: "mode", header: "Rows with errors", accessorFn: (b) => MODE_LABELS[b.mode] },
      { id: "importedBy", header: "By", accessorFn: (b) => b.importedBy },
      {
        id: "importedAt",
        header: "When",
        // RFC 3339 instants in UTC sort as text in time order.
        accessorFn: (b) => b.importedAt,
        cell: (c) => formatDateTime(c.row.original.importedAt, locale, timeZone),
      },
      { id: "written", header: "Written", accessorFn: (b) => b.rowsWritten, cell: (c) => formatNumber(c.row.original.rowsWritten, locale), meta: { numeric: true, exportKind: "integer" } },
      { id: "rejected", header: "Rejected", accessorFn: (b) => b.rowsRejected, cell: (c) => formatNumber(c.row.original.rowsRejected, locale), meta: { numeric: true, exportKind: "integer" } },
      { id: "skipped", header: "Skipped", accessorFn: (b) => b.rowsSkipped, cell: (c) => formatNumber(c.row.original.rowsSkipped, locale), meta: { numeric: true, exportKind: "integer" } },
      {
        id: "quality",
        header: "Quality",
        accessorFn: (b) => b.quality ?? "",
        sortingFn: byQuality,
        cell: (c) => qualityText(c.row.original.quality, locale),
        meta: { numeric: true, exportKind: "percent" },
      },
      {
        id: "period",
        header: "Period",
        accessorFn: (b) => b.period?.[0] ?? "",
        cell: (c) => periodText(c.row.original.period, locale),
        meta: { exportValue: (b) => (b.period ? periodText(b.period, locale) : null) },
      },
      {
        id: "status",
        header: "Status",
        accessorFn: (b) => (b.rolledBack ? 1 : 0),
        cell: (c) => {
          const b = c.row.original;
          return b.rolledBack ? (
            <span className="tag tag-warn" data-testid="import-batch-status">
              {batchStatusText(b, locale, timeZone)}
            </span>
          ) : (
            <span className="tag tag-ok" data-testid="import-batch-status">
              {batchStatusText(b, locale, timeZone)}
            </span>
          );
        },
        meta: { exportValue: (b) => batchStatusText(b, locale, timeZone) },
      },
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        meta: { label: "Actions" },
        enableSorting: false,
        enableHiding: false,
        cell: (c) => {
          const b = c.row.original;
          return (
            <div className="row-actions">
              {hasRejectedRows(b) ? (
                <Button
                  variant="ghost"
                  onClick={() => setShowing(b)}
                  aria-label={`Rejected rows of ${b.file}`}
                  data-testid="import-batch-errors"
                >
                  Rejected rows
                </Button>
              ) : null}
              {canRollBack(b) ? (
                <Button
                  variant="danger"
                  onClick={() => {
                    setNotice(null);
                    setRollingBack(b);
                  }}
                  aria-label={`Roll back ${b.file}`}
                  data-testid="import-rollback"
                >
                  Roll back…
                </Button>
              ) : null}
            </div>
          );
        },
      },
    ],
    [locale, timeZone],
  );

  // The figures are the batch's as the dialog showed them: the rows its rollback removed.
  const rolledBack = async (b: ImportBatch) => {
    setRollingBack(null);
    if (showing?.id === b.id) setShowing(null);
    await batches.refetch();
    setNotice(`Rolled back ${b.file}: ${rowsText(b.rowsWritten, locale)} removed from the sales history.`);
  };

  return (
    <section id="import-history" aria-labelledby="import-history-heading" tabIndex={-1} data-region="" data-testid="import-batches">
      <div className="toolbar">
        <h2 id="import-history-heading">Past imports</h2>
      </div>
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="import-notice">
          {notice}
        </p>
      ) : null}
      {batches.error ? <ErrorBanner error={batches.error} onRetry={() => void batches.refetch()} testId="import-batches-error" /> : null}
      {batches.loading ? <Loading label="Loading past imports…" /> : null}
      {batches.data ? (
        <DataTable
          data={batches.data}
          columns={columns}
          caption="Past imports, newest first"
          testId="import-batches-table"
          getRowId={(b) => b.id}
          rowTestId={() => "import-batch-row"}
          columnChoice
          initialHidden={["mode", "skipped"]}
          exportName="imports"
          empty={<EmptyState title="No imports yet — check a file above to start." testId="import-batches-empty" />}
        />
      ) : null}
      {showing ? (
        <div data-testid="import-batch-rejected">
          <div className="toolbar">
            <h3>Rejected rows of {showing.file}</h3>
            <Button variant="ghost" onClick={() => setShowing(null)} data-testid="import-batch-rejected-close">
              Close
            </Button>
          </div>
          {rejected.error ? <ErrorBanner error={rejected.error} onRetry={() => void rejected.refetch()} /> : null}
          {rejected.loading ? <Loading label="Loading the rejected rows…" /> : null}
          {rejected.data ? (
            rejected.data.length > 0 ? (
              <ErrorsTable file={showing.file} errors={rejected.data} caption={`Rejected rows of ${showing.file}`} />
            ) : (
              <EmptyState title="No rejected rows are recorded for this import." />
            )
          ) : null}
        </div>
      ) : null}
      {rollingBack ? <RollbackDialog batch={rollingBack} onClose={() => setRollingBack(null)} onDone={() => void rolledBack(rollingBack)} /> : null}
    </section>
  );
}
