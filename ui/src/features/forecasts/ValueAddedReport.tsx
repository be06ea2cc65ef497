import { lazy, useId, useMemo, useState } from "react";
import { type ValueAddedBy, commands } from "../../lib/ipc";
import { DataTable, type ColumnDef, type SortingFn } from "../../shared/DataTable";
import { formatNumber, formatPoints, formatShare } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { EmptyState, ErrorBanner, Loading, Section } from "../../shared/ui";
import { ChartBox } from "../../shared/ChartBox";
import { unitsText } from "./figures";
import { VALUE_ADDED_BY, type ValueAddedRow, compareFigures, groupColumn, hasScores, valueAddedRows } from "./valueAdded";

const ValueAddedChart = lazy(() => import("./ValueAddedChart").then((m) => ({ default: m.ValueAddedChart })));

/** Sorts a figure column with missing figures (nothing sold) first. */
function byFigure(get: (row: ValueAddedRow) => number | null): SortingFn<ValueAddedRow> {
  return (a, b) => compareFigures(get(a.original), get(b.original));
}

/** A fraction column: shown as a percentage (or points), exported as a percentage. */
function fractionColumn(
  id: "naiveWape" | "statisticalWape" | "finalWape" | "overrideValueAdded" | "statisticalValueAdded",
  header: string,
  show: (v: number | null) => string,
): ColumnDef<ValueAddedRow, unknown> {
  const get = (r: ValueAddedRow) => r[id];
  return {
    id,
    header,
    accessorFn: get,
    sortingFn: byFigure(get),
    cell: (c) => show(get(c.row.original)),
    meta: { numeric: true, exportKind: "percent" },
  };
}

/**
 * Forecast value added over every complete forecast period with its sales imported, by planner
 * (the periods each overrode) or by category (every scored period): did the statistical
 * forecast beat a naive one, and did the overrides beat the statistical forecast? A table of
 * the totals and a chart of the overrides' value added month by month.
 */
export function ValueAddedReport() {
  const { locale } = useLocale();
  const { theme } = useTheme();
  const id = useId();
  const [by, setBy] = useState<ValueAddedBy>("planner");
  const report = useCommandQuery(["forecasts", "valueAdded", by], () => commands.forecastValueAdded(by), "load the forecast value added");
  const data = report.data;
  const rows = useMemo(() => (data ? valueAddedRows(data) : []), [data]);
  const scored = data ? hasScores(data) : false;

  const columns = useMemo<ColumnDef<ValueAddedRow, unknown>[]>(() => {
    const share = (v: number | null) => formatShare(v, locale);
    const points = (v: number | null) => formatPoints(v, locale);
    return [
      { id: "label", header: groupColumn(by), accessorFn: (r) => r.label },
      {
        id: "points",
        header: "Scored periods",
        accessorFn: (r) => r.points,
        cell: (c) => formatNumber(c.row.original.points, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "overridden",
        header: "Overridden",
        accessorFn: (r) => r.overridden,
        cell: (c) => formatNumber(c.row.original.overridden, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "actual",
        header: "Units sold",
        accessorFn: (r) => r.actual,
        sortingFn: byFigure((r) => r.actual),
        cell: (c) => unitsText(c.row.original.actual, locale),
        meta: { numeric: true, exportKind: "decimal" },
      },
      fractionColumn("naiveWape", "Naive WAPE", share),
      fractionColumn("statisticalWape", "Statistical WAPE", share),
      fractionColumn("finalWape", "Planned WAPE", share),
      fractionColumn("overrideValueAdded", "Override value added", points),
      fractionColumn("statisticalValueAdded", "Statistical value added", points),
    ];
  }, [by, locale]);

  const bySwitch = (
    <fieldset className="segmented" data-testid="fva-by">
      <legend className="visually-hidden">Forecast value added by</legend>
      {VALUE_ADDED_BY.map((b) => (
        <label key={b.id} className={by === b.id ? "is-selected" : undefined}>
          <input
            type="radio"
            name={`${id}-by`}
            value={b.id}
            checked={by === b.id}
            onChange={() => setBy(b.id)}
            data-testid={`fva-by-${b.id}`}
          />
          {b.label}
        </label>
      ))}
    </fieldset>
  );

  return (
    <Section id="forecast-value-added" title="Forecast value added" testId="forecast-value-added" actions={bySwitch}>
      {report.error ? <ErrorBanner error={report.error} onRetry={() => void report.refetch()} testId="fva-error" /> : null}
      {report.loading ? <Loading label="Loading the forecast value added…" /> : null}
      {data && !scored ? (
        <EmptyState title="No forecast value added yet." testId="fva-empty">
          <p>
            Value added appears as actual sales arrive for forecast periods: import the sales of a period that has a forecast,
            and once the period is complete its forecasts are scored against what sold.
            {by === "planner" ? " By planner, only the periods a planner overrode count." : ""}
          </p>
          <p>
            It then shows whether the statistical forecast beat a naive one (the last period carried forward), and whether the
            planners&apos; overrides made the forecast more accurate than the statistical one.
          </p>
        </EmptyState>
      ) : null}
      {data && scored ? (
        <div aria-busy={report.fetching || undefined}>
          <DataTable
            data={rows}
            columns={columns}
            caption={`Forecast accuracy and value added by ${groupColumn(by).toLowerCase()}`}
            testId="fva-table"
            rowTestId={() => "fva-row"}
            rowAttributes={(r) => ({ "data-label": r.label })}
            getRowId={(r) => r.label}
            exportName="forecast-value-added"
            empty={null}
          />
          <p className="muted" data-testid="fva-notes">
            WAPE is the error as a share of the units sold: lower is better. Override value added is the statistical WAPE minus
            the planned one, so above zero the planners&apos; overrides made the forecast more accurate; statistical value added
            is the naive WAPE minus the statistical one, so above zero the engine beats carrying the last period forward.
            {by === "planner" ? " By planner, only the periods each planner overrode count." : ""}
          </p>
          <h3>Override value added by month</h3>
          <ChartBox testId="fva-chart" unaffected="The figures in the table are unaffected.">
            <ValueAddedChart report={data} theme={theme} />
          </ChartBox>
        </div>
      ) : null}
    </Section>
  );
}
