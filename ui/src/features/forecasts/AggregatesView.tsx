import { Fragment, lazy, useEffect, useId, useMemo, useRef, useState } from "react";
import { type AggregateLevel, type AggregatePeriod, type Bucket, type Reconciliation, commands } from "../../lib/ipc";
import { NO_VALUE } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { EmptyState, ErrorBanner, Loading, Section } from "../../shared/ui";
import {
  AGGREGATE_LEVELS,
  type AggregateRow,
  aggregateTable,
  differsFromStatistical,
  hasOverrides,
  levelColumn,
  overriddenText,
  spreadNote,
  spreadNotice,
  toAggregateOverrideRequest,
} from "./aggregate";
import { ChartBox } from "../../shared/ChartBox";
import { periodLabel, unitsText } from "./figures";
import { initialOverrideValue } from "./override";
import { OverrideEditor } from "./OverrideForm";

const AggregateChart = lazy(() => import("./AggregateChart").then((m) => ({ default: m.AggregateChart })));

/** The cell being edited: a group's period. */
interface Editing {
  groupKey: string;
  period: string;
}

const cellId = (groupKey: string, period: string) => `${groupKey}\u0000${period}`;

/**
 * The open run's forecast summed in total or by category, market or channel: each figure is
 * the sum of the live series below it, overrides included (in a MinT run the series were
 * already reconciled with the totals' own forecasts). A group's chart shows
 * its history and forecast; a planner sets a group's total for a period, which Rust spreads
 * over its series in proportion to their statistical forecast.
 */
export function AggregatesView({
  runId,
  bucket,
  reconciliation,
  canRun,
  changes,
  onChanged,
}: {
  runId: string;
  bucket: Bucket;
  /** How the run made its totals agree with its series. */
  reconciliation: Reconciliation | undefined;
  canRun: boolean;
  /** Bumped when a series was changed elsewhere on the screen, so the sums are read again. */
  changes: number;
  /** Reads the run's series again after an aggregate override changed some of them. */
  onChanged: () => Promise<void>;
}) {
  const { locale } = useLocale();
  const { theme } = useTheme();
  const id = useId();
  const [level, setLevel] = useState<AggregateLevel>("total");
  const [chosen, setChosen] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const view = useCommandQuery(
    ["forecasts", "aggregate", runId, level],
    () => commands.forecastAggregate(runId, level),
    "load the aggregates",
  );
  const { refetch } = view;
  const seenChanges = useRef(changes);
  useEffect(() => {
    if (changes === seenChanges.current) return;
    seenChanges.current = changes;
    void refetch();
  }, [changes, refetch]);

  const table = useMemo(() => (view.data ? aggregateTable(view.data) : null), [view.data]);
  const groups = view.data?.groups ?? [];
  // The chosen group, or the first: the chart always shows one while there is one.
  const selected = groups.find((g) => g.key === chosen) ?? groups[0] ?? null;

  // Closing the form puts focus back on the cell it was opened from.
  const cells = useRef(new Map<string, HTMLButtonElement>());
  const close = (target: Editing) => {
    setEditing(null);
    requestAnimationFrame(() => cells.current.get(cellId(target.groupKey, target.period))?.focus());
  };

  const switchLevel = (next: AggregateLevel) => {
    setLevel(next);
    setChosen(null);
    setEditing(null);
    setNotice(null);
  };

  const column = levelColumn(level);
  const units = (v: number | null) => unitsText(v, locale);
  const unit = bucket === "month" ? "month" : "week";

  const levelSwitch = (
    <fieldset className="segmented" data-testid="aggregate-level">
      <legend className="visually-hidden">Sum the forecast by</legend>
      {AGGREGATE_LEVELS.map((l) => (
        <label key={l.id} className={level === l.id ? "is-selected" : undefined}>
          <input
            type="radio"
            name={`${id}-level`}
            value={l.id}
            checked={level === l.id}
            onChange={() => switchLevel(l.id)}
            data-testid={`aggregate-level-${l.id}`}
          />
          {l.label}
        </label>
      ))}
    </fieldset>
  );

  const cell = (row: AggregateRow, period: string, p: AggregatePeriod | null) => {
    if (!p) return NO_VALUE;
    const differs = differsFromStatistical(p);
    const periodText = periodLabel(period, bucket, locale);
    const content = (
      <>
        <span className="aggregate-value">{units(p.forecast)}</span>
        {p.overridden > 0 ? (
          <span className="tag tag-warn" title={overriddenText(p, locale)} data-testid="aggregate-overridden">
            <span aria-hidden="true">
              {p.overridden}/{p.series}
            </span>
            <span className="visually-hidden">{overriddenText(p, locale)}</span>
          </span>
        ) : null}
        {differs ? (
          <small className="aggregate-statistical muted" data-testid="aggregate-statistical">
            <span className="visually-hidden">Statistical: </span>
            {units(p.statistical)}
          </small>
        ) : null}
      </>
    );
    if (!canRun) {
      return (
        <span data-testid="aggregate-cell" data-period={period}>
          {content}
        </span>
      );
    }
    const open = editing?.groupKey === row.key && editing.period === period;
    return (
      <button
        type="button"
        className="aggregate-cell"
        ref={(el) => {
          if (el) cells.current.set(cellId(row.key, period), el);
          else cells.current.delete(cellId(row.key, period));
        }}
        onClick={() => {
          setNotice(null);
          setEditing(open ? null : { groupKey: row.key, period });
        }}
        aria-expanded={open}
        aria-label={`Set the total of ${row.label} for ${periodText}: now ${units(p.forecast)} units${
          differs ? `, statistical ${units(p.statistical)}` : ""
        }${p.overridden > 0 ? `, ${overriddenText(p, locale)}` : ""}`}
        data-testid="aggregate-cell"
        data-period={period}
      >
        {content}
      </button>
    );
  };

  return (
    <Section id="forecast-aggregates" title="Aggregates" testId="forecast-aggregates" actions={levelSwitch}>
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="aggregate-override-done">
          {notice}
        </p>
      ) : null}
      {view.error ? <ErrorBanner error={view.error} onRetry={() => void refetch()} testId="aggregate-error" /> : null}
      {view.loading ? <Loading label="Loading the aggregates…" /> : null}
      {table && table.rows.length === 0 ? (
        <EmptyState title="This run has no forecast to sum." testId="aggregate-empty">
          Its series have no live forecast periods.
        </EmptyState>
      ) : null}
      {table && table.rows.length > 0 ? (
        <>
          <div className="table-wrap">
            <table className="data-table aggregate-table" data-testid="aggregate-table" aria-busy={view.fetching || undefined}>
              <caption className="visually-hidden">
                Forecast units per {unit} by {column.toLowerCase()}, summed over the series of each; choose a row to chart it.
              </caption>
              <thead>
                <tr>
                  <th scope="col">{column}</th>
                  {table.periods.map((p) => (
                    <th scope="col" className="num" key={p}>
                      {periodLabel(p, bucket, locale, "axis")}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => {
                  const isSelected = row.key === selected?.key;
                  const target = editing?.groupKey === row.key ? editing : null;
                  const targetCell = target ? row.cells[table.periods.indexOf(target.period)] : null;
                  return (
                    <Fragment key={row.key}>
                      <tr
                        className={isSelected ? "is-selected" : undefined}
                        onClick={() => setChosen(row.key)}
                        data-testid="aggregate-row"
                        data-key={row.key}
                        data-selected={String(isSelected)}
                      >
                        <th scope="row">
                          <button
                            type="button"
                            className="link-button aggregate-group"
                            aria-pressed={isSelected}
                            onClick={() => setChosen(row.key)}
                            data-testid="aggregate-row-chart"
                          >
                            {row.label}
                          </button>
                        </th>
                        {row.cells.map((p, i) => {
                          const period = table.periods[i] as string;
                          return (
                            <td className="num" key={period}>
                              {cell(row, period, p)}
                            </td>
                          );
                        })}
                        <td className="num" data-testid="aggregate-total">
                          <strong>{units(row.total)}</strong>
                        </td>
                      </tr>
                      {target && targetCell ? (
                        <tr>
                          <td colSpan={table.periods.length + 2}>
                            <OverrideEditor
                              title={`Set ${row.label}, ${periodLabel(target.period, bucket, locale)}`}
                              note={spreadNote(targetCell.series, locale)}
                              initial={{ value: initialOverrideValue(targetCell.forecast), reason: "" }}
                              valueLabel="Total units"
                              reasonHint="Required: recorded on every series' override and shown to the approver."
                              testIdPrefix="aggregate-override"
                              prepare={(fields) => {
                                const built = toAggregateOverrideRequest(
                                  { runId, level, groupKey: row.key, period: target.period, series: targetCell.series },
                                  fields,
                                );
                                return "errors" in built
                                  ? built
                                  : { value: built.request.value, send: () => commands.overrideForecastAggregate(built.request) };
                              }}
                              onCancel={() => close(target)}
                              onSaved={async (value, changed) => {
                                close(target);
                                setNotice(spreadNotice(changed, row.label, periodLabel(target.period, bucket, locale), value, locale));
                                await Promise.all([refetch(), onChanged()]);
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
          <p className="muted" data-testid="aggregate-notes">
            Each figure is the sum of the series below it, overrides included.
            {reconciliation === "mint"
              ? " This run reconciled its series by MinT: every total was forecast from its own history too, and the series were moved so that the sums agree with what all levels said."
              : " This run is bottom-up: the totals are the sums of the series' own forecasts."} A smaller figure beneath is the statistical forecast
            before overrides; a tag such as 2/3 says how many of the period's series are overridden.
            {canRun ? " Choose a figure to set the group's total for that period." : ""}
          </p>
          {selected ? (
            <>
              <h3 data-testid="aggregate-chart-title">{selected.label}</h3>
              <ChartBox testId="aggregate-chart" unaffected="The figures in the table are unaffected.">
                <AggregateChart group={selected} bucket={bucket} theme={theme} />
              </ChartBox>
              {selected.history.some((h) => h.partial) || hasOverrides(selected) ? (
                <ul className="muted">
                  {selected.history.some((h) => h.partial) ? (
                    <li data-testid="aggregate-partial-note">The current period is incomplete: shown, not used to fit the models.</li>
                  ) : null}
                  {hasOverrides(selected) ? <li>Dashed: the statistical forecast the overrides replaced.</li> : null}
                </ul>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}
