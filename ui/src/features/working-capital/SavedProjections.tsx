import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { type SavedProjection, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import type { UserError } from "../../shared/errors";
import { NO_VALUE, formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { permissionLabel } from "../../shared/permissions";
import { type Loaded, useCommandQuery } from "../../shared/query";
import { Button, Dialog, EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import { driversText } from "./drivers";
import { ReproductionView } from "./ReproductionView";
import { savedDrivers, savedHorizon } from "./saved";

/**
 * The projections saved with the inputs they read, newest first: open one to see it live under
 * today's data, reproduce it from what it read, or delete it.
 */
export function SavedProjections({
  saved,
  canEdit,
  current,
  onOpen,
  onDeleted,
}: {
  saved: Loaded<SavedProjection[]>;
  /** May save and delete (`scenario.edit`). */
  canEdit: boolean;
  /** The scenario on screen, to mark the saved projection shown live. */
  current: string;
  onOpen: (saved: SavedProjection) => void;
  /** Once Rust has deleted it. */
  onDeleted: (saved: SavedProjection) => void;
}) {
  const { locale, timeZone } = useLocale();
  const [reproducing, setReproducing] = useState<SavedProjection | null>(null);
  const [deleting, setDeleting] = useState<SavedProjection | null>(null);
  const reproduction = useCommandQuery(
    ["working-capital", "reproduction", reproducing?.id],
    reproducing ? () => commands.reproduceCashProjection(reproducing.id) : null,
    "reproduce the saved projection",
    { once: true },
  );
  const reproducingId = reproducing?.id;
  const { refetch: reproduceAgain } = reproduction;

  const columns = useMemo<ColumnDef<SavedProjection, unknown>[]>(
    () => [
      {
        id: "name",
        header: "Name",
        accessorFn: (p) => p.name,
        cell: (c) => (
          <>
            {c.row.original.name}
            {c.row.original.name === current ? (
              <span className="tag tag-info" data-testid="saved-projection-open">
                on screen
              </span>
            ) : null}
          </>
        ),
        enableHiding: false,
      },
      { id: "scenario", header: "Scenario", accessorFn: (p) => p.scenario },
      { id: "drivers", header: "Drivers", accessorFn: (p) => driversText(savedDrivers(p), locale), enableSorting: false },
      // Months, weeks or days: the periods it was saved in, which Open restores.
      { id: "months", header: "Horizon", accessorFn: (p) => savedHorizon(p, locale) },
      {
        id: "savedAt",
        header: "Saved at",
        // RFC 3339 instants in UTC sort as text in time order.
        accessorFn: (p) => p.savedAt,
        cell: (c) => formatDateTime(c.row.original.savedAt, locale, timeZone),
        meta: { exportValue: (p) => formatDateTime(p.savedAt, locale, timeZone) },
      },
      { id: "savedBy", header: "Saved by", accessorFn: (p) => p.savedBy ?? NO_VALUE },
      {
        id: "forecastsAsOf",
        header: "Forecasts as of",
        accessorFn: (p) => p.forecastsAsOf,
        cell: (c) => formatDateTime(c.row.original.forecastsAsOf, locale, timeZone),
        meta: { exportValue: (p) => formatDateTime(p.forecastsAsOf, locale, timeZone) },
      },
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        meta: { label: "Actions" },
        enableSorting: false,
        enableHiding: false,
        cell: (c) => {
          const p = c.row.original;
          return (
            <div className="row-actions">
              <Button variant="ghost" onClick={() => onOpen(p)} aria-label={`Open ${p.name} live`} data-testid="open-projection">
                Open
              </Button>
              <Button
                variant="ghost"
                onClick={() => {
                  if (reproducingId === p.id) void reproduceAgain();
                  else setReproducing(p);
                }}
                aria-label={`Reproduce ${p.name}`}
                data-testid="reproduce-projection"
              >
                Reproduce
              </Button>
              {canEdit ? (
                <Button variant="danger" onClick={() => setDeleting(p)} aria-label={`Delete ${p.name}`} data-testid="delete-projection">
                  Delete…
                </Button>
              ) : null}
            </div>
          );
        },
      },
    ],
    [locale, timeZone, current, canEdit, onOpen, reproducingId, reproduceAgain],
  );

  const deleted = (p: SavedProjection) => {
    setDeleting(null);
    if (reproducing?.id === p.id) setReproducing(null);
    onDeleted(p);
  };

  return (
    <section aria-labelledby="wc-saved-heading" data-testid="saved-projections">
      <div className="toolbar">
        <h2 id="wc-saved-heading">Saved projections</h2>
      </div>
      <p className="muted">
        A saved projection keeps its scenario and drivers with the forecasts, finance settings and exchange rates it read. Open it to
        see it live on today's data; reproduce it to compute it again from what it read and set its closed months against what
        happened.
        {canEdit ? "" : ` Saving and deleting projections needs “${permissionLabel("scenario.edit")}”.`}
      </p>
      {saved.error ? <ErrorBanner error={saved.error} onRetry={() => void saved.refetch()} testId="saved-projections-error" /> : null}
      {saved.loading ? <Loading label="Loading the saved projections…" /> : null}
      {saved.data ? (
        <DataTable
          data={saved.data}
          columns={columns}
          caption="Saved projections, newest first"
          testId="saved-projections-table"
          getRowId={(p) => p.id}
          rowTestId={() => "saved-projection-row"}
          rowAttributes={(p) => ({ "data-name": p.name })}
          columnChoice
          exportName="saved projections"
          empty={
            <EmptyState title="No saved projections yet." testId="saved-projections-empty">
              {canEdit
                ? "Save the projection you are looking at to keep it with the inputs it used, and reproduce it later."
                : "Projections saved by planners appear here with the inputs they used, to open live or reproduce later."}
            </EmptyState>
          }
        />
      ) : null}
      {reproducing ? (
        <ReproductionPanel
          name={reproducing.name}
          onClose={() => setReproducing(null)}
          loading={reproduction.loading}
          error={reproduction.error}
          onRetry={() => void reproduction.refetch()}
        >
          {reproduction.data && reproduction.data.saved.id === reproducing.id ? <ReproductionView reproduction={reproduction.data} /> : null}
        </ReproductionPanel>
      ) : null}
      {deleting ? <DeleteDialog saved={deleting} onClose={() => setDeleting(null)} onDone={() => deleted(deleting)} /> : null}
    </section>
  );
}

/** Where a reproduction shows, below the list; focus moves to it when it opens. */
function ReproductionPanel({
  name,
  onClose,
  loading,
  error,
  onRetry,
  children,
}: {
  name: string;
  onClose: () => void;
  loading: boolean;
  error: UserError | null;
  onRetry: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [name]);
  return (
    <section ref={ref} className="panel wc-reproduction-panel" aria-labelledby="wc-reproduction-heading" tabIndex={-1} data-region="">
      <header className="panel-header">
        <h3 id="wc-reproduction-heading">Reproduction of “{name}”</h3>
        <Button variant="ghost" onClick={onClose} data-testid="reproduction-close">
          Close
        </Button>
      </header>
      {error ? <ErrorBanner error={error} onRetry={onRetry} testId="reproduction-error" /> : null}
      {loading ? <Loading label="Computing the projection again from its recorded inputs…" /> : null}
      {children}
    </section>
  );
}

/** Deleting a saved projection removes it and its inputs for good; Rust refuses another user's unless the user is an admin. */
function DeleteDialog({ saved, onClose, onDone }: { saved: SavedProjection; onClose: () => void; onDone: () => void }) {
  const call = useCommandCall();
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    if (busy) return;
    setBusy(true);
    const res = await call(() => commands.deleteCashProjection(saved.id), "delete the saved projection");
    setBusy(false);
    if (res.ok) onDone();
    else setError(res.error);
  };
  return (
    <Dialog
      open
      title={`Delete “${saved.name}”`}
      onClose={onClose}
      testId="delete-projection-dialog"
      footer={
        <>
          <Button onClick={onClose}>Keep it</Button>
          <Button variant="danger" busy={busy} onClick={() => void confirm()} data-testid="delete-projection-confirm">
            Delete
          </Button>
        </>
      }
    >
      <p>
        The saved projection and the inputs recorded with it are deleted: it can no longer be reproduced, opened or chosen as a
        scenario. This cannot be undone.
      </p>
      {error ? <ErrorBanner error={error} testId="delete-projection-error" /> : null}
    </Dialog>
  );
}
