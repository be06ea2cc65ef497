import { Fragment, useMemo, useRef, useState } from "react";
import type { Bucket, ForecastPoint } from "../../lib/ipc";
import { NO_VALUE } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { type QueuedMark, queuedMarks, useQueuedChanges } from "../../shared/queue";
import { Button } from "../../shared/ui";
import { periodLabel, statusLabel, statusTone, unitsText } from "./figures";
import { OverrideForm } from "./OverrideForm";

const COLUMNS = 10;

/**
 * The forecast period by period, as it stands: the value (a planner's override where there is
 * one, with the model's figure beside it), what actually sold once the period is complete,
 * both intervals, the workflow status and who moved it last. With `canOverride`, each period offers a form to replace its value.
 * A period with a change kept on this computer (made offline, not yet on the server) is marked
 * with that change's units, or as a conflict to settle.
 */
export function ForecastTable({
  points,
  bucket,
  canOverride,
  onOverridden,
}: {
  points: ForecastPoint[];
  bucket: Bucket;
  canOverride: boolean;
  /** Called after an override is saved (or `queued` on this computer), to read the series again. */
  onOverridden: (point: ForecastPoint, value: number, queued: boolean) => Promise<void>;
}) {
  const { locale } = useLocale();
  const queue = useQueuedChanges();
  const { refetch: refetchQueue } = queue;
  const marks = useMemo(() => queuedMarks(queue.data ?? []), [queue.data]);
  const [editing, setEditing] = useState<string | null>(null);
  const rows = useRef(new Map<string, HTMLTableRowElement>());
  // Closing the form puts focus back on the period's Override button, where the keyboard left off.
  const close = (id: string) => {
    setEditing(null);
    requestAnimationFrame(() => rows.current.get(id)?.querySelector<HTMLButtonElement>('[data-testid="forecast-override"]')?.focus());
  };
  const units = (v: number | null) => unitsText(v, locale);
  const range = (lo: number | null, hi: number | null) => (lo == null && hi == null ? NO_VALUE : `${units(lo)} – ${units(hi)}`);

  return (
    <div className="table-wrap">
      <table className="data-table" data-testid="forecast-points">
        <caption className="visually-hidden">The forecast by period</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Forecast
            </th>
            <th scope="col" className="num">
              Actual
            </th>
            <th scope="col" className="num">
              80% range
            </th>
            <th scope="col" className="num">
              95% range
            </th>
            <th scope="col" className="num">
              Statistical
            </th>
            <th scope="col">Reason</th>
            <th scope="col">Status</th>
            <th scope="col">By</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => {
            const period = periodLabel(p.period, bucket, locale);
            const overridden = p.statistical != null;
            const mark = marks.get(p.id);
            return (
              <Fragment key={p.id}>
                <tr
                  ref={(el) => {
                    if (el) rows.current.set(p.id, el);
                    else rows.current.delete(p.id);
                  }}
                  data-testid="forecast-point-row"
                  data-period={p.period}
                  data-overridden={String(overridden)}
                >
                  <th scope="row">{period}</th>
                  <td className="num">
                    {overridden ? <strong>{units(p.value)}</strong> : units(p.value)}
                    {overridden ? <span className="tag tag-warn">override</span> : null}
                    {mark ? <QueuedTag mark={mark} units={units} /> : null}
                  </td>
                  {/* Units sold, once the period is complete and its sales are imported. */}
                  <td className="num">{p.actual == null ? NO_VALUE : units(p.actual)}</td>
                  <td className="num">{range(p.lower80, p.upper80)}</td>
                  <td className="num">{range(p.lower95, p.upper95)}</td>
                  <td className="num">{overridden ? units(p.statistical) : NO_VALUE}</td>
                  <td>
                    {p.overrideReason ?? (overridden ? NO_VALUE : "")}
                    {p.rejectionReason ? (
                      <span className="text-error" data-testid="forecast-point-rejection">
                        {p.overrideReason ? " · " : ""}Rejected: {p.rejectionReason}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    <span className={`tag ${statusTone(p.status)}`}>{statusLabel(p.status)}</span>
                  </td>
                  <td>{p.changedByName ?? NO_VALUE}</td>
                  <td>
                    {canOverride ? (
                      <Button
                        variant="ghost"
                        onClick={() => setEditing(editing === p.id ? null : p.id)}
                        aria-expanded={editing === p.id}
                        aria-label={`Override ${period}`}
                        data-testid="forecast-override"
                      >
                        Override
                      </Button>
                    ) : null}
                  </td>
                </tr>
                {editing === p.id ? (
                  <tr>
                    <td colSpan={COLUMNS}>
                      <OverrideForm
                        point={p}
                        periodText={period}
                        onCancel={() => close(p.id)}
                        onSaved={async (value, queued) => {
                          close(p.id);
                          // The shell's count and this table's marks read the same list.
                          if (queued) await refetchQueue();
                          await onOverridden(p, value, queued);
                        }}
                      />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const QUEUED_TITLE: Record<QueuedMark["state"], string> = {
  queued: "Kept on this computer: sent when the server answers.",
  conflict: "Changed on the server meanwhile: choose which value stands (Review, at the top).",
  refused: "The server refused this change: see Review, at the top.",
};

/** "Queued: 140", "Conflict" or "Refused" beside a period's value. */
function QueuedTag({ mark, units }: { mark: QueuedMark; units: (v: number | null) => string }) {
  const text = mark.state === "queued" ? `Queued: ${units(mark.value)}` : mark.state === "conflict" ? "Conflict" : "Refused";
  return (
    <span
      className={`tag ${mark.state === "queued" ? "tag-info" : "tag-bad"}`}
      title={QUEUED_TITLE[mark.state]}
      data-testid="point-queued"
      data-state={mark.state}
    >
      {text}
    </span>
  );
}
