import { useMemo } from "react";
import { commands, type AuditEntry } from "../../lib/ipc";
import { DataTable, type ColumnDef } from "../../shared/DataTable";
import { formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandPages } from "../../shared/query";
import { Button, EmptyState, ErrorBanner, Loading } from "../../shared/ui";

const PAGE = 100;

/** Details arrive as compact JSON (never PII); an empty object says nothing worth a column. */
export function detailsText(details: string): string {
  return details === "{}" || details === "null" ? "" : details;
}

/** A full page may have older entries after it, which start before its last (oldest) one. */
export function nextPage(page: AuditEntry[]): string | null {
  const last = page[page.length - 1];
  return page.length === PAGE && last ? last.occurredAt : null;
}

export function AuditLog() {
  const { locale, timeZone } = useLocale();
  const log = useCommandPages(
    ["auditLog"],
    (before: string | null) => commands.listAuditLog({ limit: PAGE, before }),
    nextPage,
    "load the audit log",
  );

  const columns = useMemo<ColumnDef<AuditEntry, unknown>[]>(
    () => [
      {
        id: "at",
        header: "When",
        accessorFn: (e) => e.occurredAt,
        cell: (c) => formatDateTime(c.row.original.occurredAt, locale, timeZone),
      },
      {
        id: "actor",
        header: "Who",
        accessorFn: (e) => e.actorUsername ?? "",
        cell: (c) => c.row.original.actorUsername ?? <span className="muted">{c.row.original.actorId ? "Unknown user" : "System or unknown name"}</span>,
      },
      { id: "action", header: "Action", accessorFn: (e) => e.action, cell: (c) => <span className="mono">{c.row.original.action}</span> },
      {
        id: "entity",
        header: "Record",
        accessorFn: (e) => e.entity ?? "",
        cell: (c) => (
          <>
            {c.row.original.entity ?? <span className="muted">—</span>}
            {c.row.original.entityId ? <span className="muted mono"> {c.row.original.entityId.slice(0, 8)}</span> : null}
          </>
        ),
      },
      {
        id: "details",
        header: "Details",
        enableSorting: false,
        accessorFn: (e) => e.details,
        cell: (c) => <span className="mono">{detailsText(c.row.original.details)}</span>,
        meta: { exportValue: (e) => detailsText(e.details) },
      },
    ],
    [locale, timeZone],
  );

  return (
    <section aria-labelledby="audit-heading">
      <div className="toolbar">
        <h2 id="audit-heading">Audit log</h2>
        <span className="muted">Newest first. Sign-ins, lock-outs, changes to users and settings, exports.</span>
      </div>
      {log.error ? <ErrorBanner error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.loading ? <Loading label="Loading the audit log…" /> : null}
      {log.data ? (
        <>
          <DataTable
            data={log.data}
            columns={columns}
            caption="Audit log entries"
            testId="admin-audit"
            exportName="audit-log"
            getRowId={(e) => e.id}
            empty={<EmptyState title="Nothing has been recorded yet.">Entries appear as people sign in and change data.</EmptyState>}
          />
          {log.hasMore ? (
            <div className="form-actions">
              <Button onClick={() => void log.loadMore()} busy={log.loadingMore}>
                Load older entries
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
