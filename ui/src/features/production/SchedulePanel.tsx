import { useCallback, useMemo, useState } from "react";
import { type ProductionJob, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import type { UserError } from "../../shared/errors";
import { NO_VALUE, formatDate, formatDateTime, formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { matchesSearch } from "../../shared/search";
import { Button, Dialog, EmptyState, ErrorBanner, Loading, TextField } from "../../shared/ui";
import { type JobMove, MOVE_DOING, MOVE_LABELS, MOVE_TARGET, jobMoves, jobStatusLabel, jobStatusTone, moveNotice } from "./jobs";

const STATUS_ORDER = ["active", "pending", "completed", "cancelled"];

/**
 * The jobs planned in the weeks shown and every job not yet finished. Planners start a pending
 * job, complete an active one, or cancel either; starting the job of a replenishment order
 * puts the order in production.
 */
export function SchedulePanel({ weeks, canRun }: { weeks: number; canRun: boolean }) {
  const { locale, timeZone } = useLocale();
  const [search, setSearch] = useState("");
  const jobs = useCommandQuery(["production", "jobs", weeks], () => commands.listProductionJobs(weeks), "load the production schedule", {
    keepPrevious: true,
  });
  const { busy, notice, errors, move } = useJobMove(jobs.refetch);
  const [cancelling, setCancelling] = useState<ProductionJob | null>(null);

  const all = useMemo(() => jobs.data ?? [], [jobs.data]);
  const rows = useMemo(
    () => all.filter((j) => matchesSearch(search, [j.jobNumber, j.schedule, j.purpose, j.sku, j.resource, j.orderNumber, jobStatusLabel(j.status)])),
    [all, search],
  );

  const columns = useMemo<ColumnDef<ProductionJob, unknown>[]>(() => {
    const date = (value: string | null) => (value ? formatDate(value, locale) : NO_VALUE);
    const when = (value: string | null) => (value ? formatDateTime(value, locale, timeZone) : NO_VALUE);
    const text = (id: string, header: string, value: (j: ProductionJob) => string | null) =>
      ({ id, header, accessorFn: (j) => value(j) ?? "", cell: (c) => value(c.row.original) ?? NO_VALUE }) satisfies ColumnDef<ProductionJob, unknown>;
    const list: ColumnDef<ProductionJob, unknown>[] = [
      {
        id: "job",
        header: "Job",
        accessorFn: (j) => j.jobNumber,
        cell: (c) => <span className="mono">{c.row.original.jobNumber}</span>,
        enableHiding: false,
      },
      text("schedule", "Schedule", (j) => j.schedule),
      text("purpose", "Purpose", (j) => j.purpose),
      text("sku", "SKU", (j) => j.sku),
      text("resource", "Resource", (j) => j.resource),
      {
        id: "quantity",
        header: "Quantity (units)",
        accessorFn: (j) => j.quantity,
        cell: (c) => formatNumber(c.row.original.quantity, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "produced",
        header: "Produced (units)",
        accessorFn: (j) => j.produced,
        cell: (c) => formatNumber(c.row.original.produced, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      { id: "due", header: "Due", accessorFn: (j) => j.dueDate ?? "", cell: (c) => date(c.row.original.dueDate), meta: { exportKind: "date" } },
      { id: "plannedStart", header: "Planned start", accessorFn: (j) => j.plannedStart ?? "", cell: (c) => when(c.row.original.plannedStart) },
      { id: "plannedEnd", header: "Planned end", accessorFn: (j) => j.plannedEnd ?? "", cell: (c) => when(c.row.original.plannedEnd) },
      { id: "actualStart", header: "Started", accessorFn: (j) => j.actualStart ?? "", cell: (c) => when(c.row.original.actualStart) },
      { id: "actualEnd", header: "Finished", accessorFn: (j) => j.actualEnd ?? "", cell: (c) => when(c.row.original.actualEnd) },
      {
        id: "status",
        header: "Status",
        // Running first when sorted ascending: what the floor is doing now.
        accessorFn: (j) => STATUS_ORDER.indexOf(j.status),
        cell: (c) => (
          <span className={`tag ${jobStatusTone(c.row.original.status)}`} data-testid={`job-status-${c.row.original.jobNumber}`} data-status={c.row.original.status}>
            {jobStatusLabel(c.row.original.status)}
          </span>
        ),
        meta: { exportValue: (j) => jobStatusLabel(j.status) },
      },
      text("order", "Order", (j) => j.orderNumber),
    ];
    if (!canRun) return list;
    return [
      ...list,
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        enableSorting: false,
        enableHiding: false,
        cell: (c) => {
          const j = c.row.original;
          const error = errors[j.id];
          return (
            <>
              <div className="row-actions">
                {jobMoves(j.status).map((m) => (
                  <Button
                    key={m}
                    variant={m === "cancel" ? "danger" : m === "start" ? "primary" : "secondary"}
                    onClick={() => (m === "cancel" ? setCancelling(j) : void move(j, m))}
                    busy={busy?.id === j.id && busy.move === m}
                    disabled={busy !== null}
                    aria-label={`${MOVE_LABELS[m].replace("…", "")} ${j.jobNumber}`}
                    data-testid={`job-${m}-${j.jobNumber}`}
                  >
                    {MOVE_LABELS[m]}
                  </Button>
                ))}
              </div>
              {error ? (
                <p className="text-error cell-note" role="alert" data-testid={`job-error-${j.jobNumber}`}>
                  {error.title}. {error.message}
                </p>
              ) : null}
            </>
          );
        },
      },
    ];
  }, [locale, timeZone, canRun, busy, errors, move]);

  return (
    <section aria-labelledby="production-schedule-heading" aria-busy={jobs.fetching || undefined}>
      <div className="toolbar">
        <h2 id="production-schedule-heading">Schedule</h2>
      </div>
      <div className="filters" role="group" aria-label="Job filters">
        <TextField
          label="Search"
          type="search"
          value={search}
          placeholder="Job, SKU, resource, order…"
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          data-testid="production-search"
        />
      </div>
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="production-notice">
          {notice}
        </p>
      ) : null}
      {jobs.error ? <ErrorBanner error={jobs.error} onRetry={() => void jobs.refetch()} testId="production-jobs-error" /> : null}
      {jobs.loading ? <Loading label="Loading the production schedule…" /> : null}
      {jobs.data ? (
        <DataTable
          data={rows}
          columns={columns}
          caption="Production jobs planned in the weeks shown, and every unfinished job"
          testId="production-jobs"
          getRowId={(j) => j.id}
          rowTestId={(j) => `job-row-${j.jobNumber}`}
          rowAttributes={(j) => ({ "data-status": j.status })}
          columnChoice
          initialHidden={["schedule", "actualStart", "actualEnd"]}
          exportName="production-jobs"
          empty={
            all.length > 0 ? (
              <EmptyState title="No job matches the search." testId="production-no-match" />
            ) : (
              <EmptyState title="No production jobs in these weeks." testId="production-jobs-empty">
                Approving a replenishment order books its job here; unfinished jobs are listed whatever their week.
              </EmptyState>
            )
          }
        />
      ) : null}
      {cancelling ? (
        <Dialog
          open
          title={`Cancel ${cancelling.jobNumber}?`}
          onClose={() => setCancelling(null)}
          testId="job-cancel-dialog"
          footer={
            <>
              <Button onClick={() => setCancelling(null)}>Keep it</Button>
              <Button
                variant="danger"
                onClick={() => {
                  const job = cancelling;
                  setCancelling(null);
                  void move(job, "cancel");
                }}
                data-testid="job-cancel-confirm"
              >
                Cancel the job
              </Button>
            </>
          }
        >
          <p>
            {cancelling.jobNumber} ({formatNumber(cancelling.quantity, locale)} units of {cancelling.sku ?? "its product"}) will not be made. A
            cancelled job is final: its capacity is freed, and it cannot be started again.
          </p>
        </Dialog>
      ) : null}
    </section>
  );
}

/** Moves a job, then `onDone` reads the schedule again (after a refusal too: the job may have moved). */
function useJobMove(onDone: () => Promise<void>) {
  const call = useCommandCall();
  const [busy, setBusy] = useState<{ id: string; move: JobMove } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, UserError>>({});

  const move = useCallback(
    async (job: ProductionJob, m: JobMove) => {
      setBusy({ id: job.id, move: m });
      setNotice(null);
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([id]) => id !== job.id)));
      const res = await call(() => commands.moveProductionJob(job.id, MOVE_TARGET[m]), MOVE_DOING[m], { status: "Status" });
      await onDone();
      setBusy(null);
      if (res.ok) setNotice(moveNotice(res.data, m));
      else {
        const error = res.error;
        setErrors((e) => ({ ...e, [job.id]: error }));
      }
    },
    [call, onDone],
  );

  return { busy, notice, errors, move };
}
