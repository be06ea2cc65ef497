import { useCallback, useEffect, useMemo, useState } from "react";
import { commands, type AuditEntry } from "../../lib/ipc";
import { DataTable, type ColumnDef } from "../../shared/DataTable";
import type { UserError } from "../../shared/errors";
import { formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { Button, EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import { useAdminCall } from "./useAdminCall";

const PAGE = 100;

/** Details arrive as compact JSON (never PII); an empty object says nothing worth a column. */
export function detailsText(details: string): string {
  return details === "{}" || details === "null" ? "" : details;
}

export function AuditLog() {
  const { locale, timeZone } = useLocale();
  const call = useAdminCall();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (before: string | null) => {
      setBusy(true);
      const res = await call(commands.listAuditLog({ limit: PAGE, before }), "load the audit log");
      setBusy(false);
      if (!res.ok) {
        setError(res.error);
        return;
      }
      setError(null);
      setEntries((prev) => (before && prev ? [...prev, ...res.data] : res.data));
      setMore(res.data.length === PAGE);
    },
    [call],
  );

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void load(null);
  }, [load]);

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
      },
    ],
    [locale, timeZone],
  );

  const last = entries?.[entries.length - 1];
  return (
    <section aria-labelledby="audit-heading">
      <div className="toolbar">
        <h2 id="audit-heading">Audit log</h2>
        <span className="muted">Newest first. Sign-ins, lock-outs, changes to users and settings, exports.</span>
      </div>
      {error ? <ErrorBanner error={error} onRetry={() => void load(null)} /> : null}
      {entries == null ? (
        error ? null : <Loading label="Loading the audit log…" />
      ) : (
        <>
          <DataTable
            data={entries}
            columns={columns}
            caption="Audit log entries"
            testId="admin-audit"
            getRowId={(e) => e.id}
            empty={<EmptyState title="Nothing has been recorded yet.">Entries appear as people sign in and change data.</EmptyState>}
          />
          {more && last ? (
            <div className="form-actions">
              <Button onClick={() => void load(last.occurredAt)} busy={busy}>
                Load older entries
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
