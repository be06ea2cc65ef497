import { lazy, useCallback, useMemo, useState } from "react";
import { type CapacityView, type MovableJob, type ResourceLoad, type ResourceStatus, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { ChartBox } from "../../shared/ChartBox";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { NO_VALUE, formatDate, formatNumber, formatShare } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import { type CapacityCell, type CapacityText, capacityCell, cellText, kindLabel, overBooked, resourceStatusLabel } from "./capacity";

const CapacityChart = lazy(() => import("./CapacityChart").then((m) => ({ default: m.CapacityChart })));

function useCapacityText(): CapacityText {
  const { locale } = useLocale();
  return useMemo(
    () => ({
      week: (weekStart: string) => formatDate(weekStart, locale),
      // Loads are spread over the hours a job runs in each week, so they have fractions; whole units read best.
      units: (value: number | null) => formatNumber((value ?? 0).toFixed(0), locale),
      share: (fraction: number) => formatShare(fraction, locale, { digits: 0 }),
    }),
    [locale],
  );
}

/**
 * Each resource's load week by week against its capacity, as a heat map and a chart, and the
 * pending jobs in over-booked weeks with the first later week that has room for them.
 */
export function CapacityPanel({ weeks, canRun }: { weeks: number; canRun: boolean }) {
  const { locale } = useLocale();
  const { theme } = useTheme();
  const text = useCapacityText();
  const capacity = useCommandQuery(["production", "capacity", weeks], () => commands.productionCapacity(weeks), "load the capacity", {
    keepPrevious: true,
  });
  const view = capacity.data;
  const status = useResourceStatus(capacity.refetch);

  const gridColumns = useMemo<ColumnDef<ResourceLoad, unknown>[]>(() => {
    const weekColumns = (view?.weeks ?? []).map(
      (weekStart, i) =>
        ({
          id: `week-${weekStart}`,
          header: formatDate(weekStart, locale),
          accessorFn: (r) => r.weeks[i]?.load ?? undefined,
          sortUndefined: "last",
          cell: (c) => {
            const week = c.row.original.weeks[i];
            return week ? (
              <span data-week={week.weekStart} data-load={String(week.load)}>
                <CellView cell={capacityCell(c.row.original, week)} text={text} />
              </span>
            ) : null;
          },
          meta: {
            numeric: true,
            label: `Week of ${formatDate(weekStart, locale)}`,
            exportKind: "text",
            exportValue: (r) => {
              const week = r.weeks[i];
              return week ? cellText(capacityCell(r, week), text) : null;
            },
          },
        }) satisfies ColumnDef<ResourceLoad, unknown>,
    );
    return [
      {
        id: "resource",
        header: "Resource",
        accessorFn: (r) => r.name,
        enableHiding: false,
        cell: (c) => <ResourceName resource={c.row.original} />,
      },
      ...(canRun
        ? [
            {
              id: "status",
              header: "Status",
              accessorFn: (r) => r.status,
              enableSorting: false,
              cell: (c) => <StatusSelect resource={c.row.original} state={status} />,
              meta: { exportValue: (r) => resourceStatusLabel(r.status) },
            } satisfies ColumnDef<ResourceLoad, unknown>,
          ]
        : []),
      {
        id: "rate",
        header: "Rate",
        accessorFn: (r) => r.capacity ?? undefined,
        sortUndefined: "last",
        cell: (c) => rateText(c.row.original, text),
        meta: { numeric: true, exportKind: "text", exportValue: (r) => rateText(r, text) },
      },
      ...weekColumns,
    ];
  }, [view?.weeks, locale, text, canRun, status]);

  const movableColumns = useMemo<ColumnDef<MovableJob, unknown>[]>(
    () => [
      { id: "job", header: "Job", accessorFn: (m) => m.jobNumber, cell: (c) => <span className="mono">{c.row.original.jobNumber}</span> },
      { id: "resource", header: "Resource", accessorFn: (m) => m.resource },
      {
        id: "week",
        header: "Over-booked week",
        accessorFn: (m) => m.weekStart,
        cell: (c) => `Week of ${formatDate(c.row.original.weekStart, locale)}`,
        meta: { exportKind: "date" },
      },
      {
        id: "load",
        header: "Load there (units)",
        accessorFn: (m) => m.load ?? undefined,
        cell: (c) => text.units(c.row.original.load),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "fits",
        header: "Fits in",
        accessorFn: (m) => m.fitsInWeek ?? "",
        cell: (c) =>
          c.row.original.fitsInWeek ? `Week of ${formatDate(c.row.original.fitsInWeek, locale)}` : <span className="muted">No later week shown has room</span>,
        meta: { exportKind: "date" },
      },
    ],
    [locale, text],
  );

  return (
    <section aria-labelledby="production-capacity-heading" aria-busy={capacity.fetching || undefined}>
      <div className="toolbar">
        <h2 id="production-capacity-heading">Capacity</h2>
      </div>
      {capacity.error ? <ErrorBanner error={capacity.error} onRetry={() => void capacity.refetch()} testId="capacity-error" /> : null}
      {capacity.loading ? <Loading label="Loading the capacity…" /> : null}
      {view ? <CapacityBody view={view} gridColumns={gridColumns} movableColumns={movableColumns} theme={theme} /> : null}
    </section>
  );
}

function CapacityBody({
  view,
  gridColumns,
  movableColumns,
  theme,
}: {
  view: CapacityView;
  gridColumns: ColumnDef<ResourceLoad, unknown>[];
  movableColumns: ColumnDef<MovableJob, unknown>[];
  theme: string;
}) {
  const { locale } = useLocale();
  const over = overBooked(view);
  return (
    <>
      <p className="muted" data-testid="capacity-summary">
        A resource's capacity is its rate × {formatNumber(view.hoursPerWeek, locale)} hours a week; in maintenance or offline it has none.{" "}
        {over === 0 ? "No week is over-booked." : `${formatNumber(over, locale)} resource-week${over === 1 ? " is" : "s are"} over-booked.`}
      </p>
      <DataTable
        data={view.resources}
        columns={gridColumns}
        caption="Units booked against capacity, per resource and week"
        testId="capacity-grid"
        getRowId={(r) => r.id}
        rowTestId={(r) => `capacity-row-${r.name}`}
        rowAttributes={(r) => ({ "data-scheduled": String(r.scheduled), "data-status": r.status })}
        exportName="production-capacity"
        empty={<EmptyState title="No manufacturing resources yet." testId="capacity-empty" />}
      />
      {view.resources.some((r) => r.scheduled) ? (
        <ChartBox testId="capacity-chart" unaffected="The figures in the grid are unaffected.">
          <CapacityChart view={view} theme={theme} />
        </ChartBox>
      ) : null}
      <h3>Jobs that can be moved</h3>
      <DataTable
        data={view.movable}
        columns={movableColumns}
        caption="Pending jobs in over-booked weeks, and the first later week with room for them"
        testId="capacity-movable"
        getRowId={(m) => `${m.jobNumber}@${m.weekStart}`}
        rowTestId={(m) => `movable-${m.jobNumber}`}
        exportName="movable-jobs"
        empty={
          <EmptyState title="No pending job sits in an over-booked week." testId="capacity-movable-empty">
            {over === 0 ? "Every week has room for what is booked." : "The over-booked weeks hold only jobs already under way."}
          </EmptyState>
        }
      />
    </>
  );
}

/** "1,200 units/hour", "5,000 litres". */
function rateText(resource: ResourceLoad, text: CapacityText): string {
  return resource.capacity == null ? NO_VALUE : `${text.units(resource.capacity)} ${resource.capacityUnit}`;
}

/** The resource, its kind, and why the schedule gives it no capacity, if it does not. */
function ResourceName({ resource }: { resource: ResourceLoad }) {
  return (
    <>
      <strong>{resource.name}</strong> <span className="muted">{kindLabel(resource.kind)}</span>
      {resource.status !== "available" ? (
        <span className="tag tag-warn" data-testid={`capacity-status-${resource.name}`}>
          {resourceStatusLabel(resource.status)}
        </span>
      ) : null}
      {!resource.scheduled ? (
        <span className="tag tag-muted" data-testid={`capacity-unscheduled-${resource.name}`}>
          not scheduled by units
        </span>
      ) : null}
    </>
  );
}

/** One week's heat-map cell. Colour is never the only signal: it says its share, and over-booking, in words. */
function CellView({ cell, text }: { cell: CapacityCell; text: CapacityText }) {
  switch (cell.kind) {
    case "unscheduled":
      return (
        <span className="capacity-cell capacity-unscheduled" title="Not scheduled by units">
          —
        </span>
      );
    case "none":
      return (
        <span className={`capacity-cell ${cell.over ? "capacity-over" : "capacity-none"}`} data-testid={cell.over ? "capacity-over" : undefined}>
          {text.units(cell.load)} / 0<span className="capacity-share">{cell.over ? "over-booked" : "no capacity"}</span>
        </span>
      );
    case "load":
      return (
        <span className={`capacity-cell capacity-${cell.band}`} data-testid={cell.over ? "capacity-over" : undefined}>
          {text.units(cell.load)} / {text.units(cell.capacity)}
          <span className="capacity-share">
            {text.share(cell.share)}
            {cell.over ? " · over-booked" : ""}
          </span>
        </span>
      );
  }
}

const STATUSES: ResourceStatus[] = ["available", "maintenance", "offline"];

type StatusState = ReturnType<typeof useResourceStatus>;

/** Changing a resource's status, one resource at a time, with its refusal shown beside it. */
function useResourceStatus(onDone: () => Promise<void>) {
  const call = useCommandCall();
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, UserError>>({});
  const change = useCallback(
    async (resource: ResourceLoad, status: ResourceStatus) => {
      setBusy(resource.id);
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([id]) => id !== resource.id)));
      const res = await call(() => commands.setResourceStatus(resource.id, status), `change the status of ${resource.name}`);
      await onDone();
      setBusy(null);
      if (!res.ok) {
        const error = res.error;
        setErrors((e) => ({ ...e, [resource.id]: error }));
      }
    },
    [call, onDone],
  );
  return useMemo(() => ({ busy, errors, change }), [busy, errors, change]);
}

/** Puts a resource into maintenance, offline or back to available: its capacity follows. */
function StatusSelect({ resource, state }: { resource: ResourceLoad; state: StatusState }) {
  const error = state.errors[resource.id];
  return (
    <>
      <select
        aria-label={`Status of ${resource.name}`}
        value={resource.status}
        disabled={state.busy === resource.id}
        onChange={(e) => void state.change(resource, e.target.value as ResourceStatus)}
        data-testid={`resource-status-${resource.name}`}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {resourceStatusLabel(s)}
          </option>
        ))}
      </select>
      {error ? (
        <p className="text-error cell-note" role="alert" data-testid={`resource-status-error-${resource.name}`}>
          {error.title}. {error.message}
        </p>
      ) : null}
    </>
  );
}
