import { lazy, useMemo } from "react";
import { type Sensitivity, commands } from "../../lib/ipc";
import { ChartBox } from "../../shared/ChartBox";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { useCommandQuery } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import type { ChartText } from "./charts";
import { decimalColumn } from "./columns";
import { type AppliedDrivers, type Controls, cashRequest, sensitivityKey } from "./drivers";
import { loadCharts } from "./loadCharts";
import { type DriverSwing, driverSwings } from "./sensitivity";
import { useCashText } from "./useCashText";

const SensitivityChart = lazy(() => loadCharts().then((m) => ({ default: m.SensitivityChart })));

/** One driver's row of the table: its swing and what Rust measured each way. */
interface SensitivityRow extends DriverSwing {
  closingDown: string;
  closingUp: string;
  shortDown: number;
  shortUp: number;
}

/**
 * Which drivers matter most to the cash: each moved a step down and a step up from the inputs
 * on screen, by how far it moves the lowest net cash (a tornado, the biggest first), with the
 * lowest and closing net cash and the periods short either way. Worked out only while shown:
 * it projects every driver twice.
 */
export function SensitivityView({ controls, applied }: { controls: Controls; applied: AppliedDrivers }) {
  // The projection on screen, without the simulation: a step is measured on the plain projection.
  const request = cashRequest(controls, applied, controls.scenario, false);
  const loaded = useCommandQuery(sensitivityKey(request), () => commands.cashSensitivity(request), "work out which drivers matter most", {
    keepPrevious: true,
  });
  const s = loaded.data;
  const text = useCashText(s?.currency ?? "", controls.granularity);
  return (
    <section aria-labelledby="wc-sensitivity-heading" aria-busy={loaded.fetching || undefined} data-testid="wc-sensitivity">
      <h2 id="wc-sensitivity-heading">Drivers that matter most</h2>
      <p className="muted" data-testid="wc-sensitivity-note">
        Each driver is moved one step down and one step up from the inputs above (the step is shown beside it), all else as it is;
        the bars show how far that moves the lowest net cash, which is cash less the credit line drawn.
      </p>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={() => void loaded.refetch()} testId="wc-sensitivity-error" /> : null}
      {loaded.loading ? <Loading label="Working out which drivers matter most…" /> : null}
      {s ? (
        <div className={`wc-body${loaded.previous ? " is-stale" : ""}`}>
          <SensitivityFigures sensitivity={s} scenario={controls.scenario} text={text} />
        </div>
      ) : null}
    </section>
  );
}

function SensitivityFigures({ sensitivity: s, scenario, text }: { sensitivity: Sensitivity; scenario: string; text: ChartText }) {
  const { theme } = useTheme();
  const swings = useMemo(() => driverSwings(s), [s]);
  const rows = useMemo<SensitivityRow[]>(
    () =>
      swings.map((swing, i) => {
        const d = s.drivers[i];
        return {
          ...swing,
          closingDown: d?.closingCashDown ?? "",
          closingUp: d?.closingCashUp ?? "",
          shortDown: d?.periodsShortDown ?? 0,
          shortUp: d?.periodsShortUp ?? 0,
        };
      }),
    [s, swings],
  );
  const columns = useMemo<ColumnDef<SensitivityRow, unknown>[]>(() => {
    const Units = `${text.unit.charAt(0).toUpperCase()}${text.unit.slice(1)}s`;
    const short = (id: "shortDown" | "shortUp", header: string): ColumnDef<SensitivityRow, unknown> => ({
      id,
      header,
      accessorFn: (r) => r[id],
      cell: (c) => text.count(c.row.original[id]),
      meta: { numeric: true, exportKind: "integer" },
    });
    return [
      { id: "driver", header: "Driver", accessorFn: (r) => r.label, enableHiding: false },
      { id: "step", header: "Step", accessorFn: (r) => r.step, enableSorting: false },
      decimalColumn<SensitivityRow>("lowestDown", "Lowest net cash, a step down", (r) => r.lowestDown, text.money),
      decimalColumn<SensitivityRow>("lowestUp", "Lowest net cash, a step up", (r) => r.lowestUp, text.money),
      decimalColumn<SensitivityRow>("closingDown", "Net cash at the end, a step down", (r) => r.closingDown, text.money),
      decimalColumn<SensitivityRow>("closingUp", "Net cash at the end, a step up", (r) => r.closingUp, text.money),
      short("shortDown", `${Units} short, a step down`),
      short("shortUp", `${Units} short, a step up`),
    ];
  }, [text]);

  return (
    <>
      <p data-testid="wc-sensitivity-basis">
        As projected, the lowest net cash is {text.money(s.lowestCash)}
        {s.lowestCashAt ? `, at the end of ${text.period(s.lowestCashAt)}` : ""}; {text.money(s.closingCash)} at the end;{" "}
        {s.periodsShort === 0 ? `no ${text.unit}` : text.periods(s.periodsShort)} short of the minimum even with the line fully drawn.
      </p>
      {swings.length === 0 ? (
        <EmptyState title="No driver to move." testId="wc-sensitivity-empty" />
      ) : (
        <>
          <ChartBox testId="sensitivity-chart" unaffected="The table below lists the same figures.">
            <SensitivityChart swings={swings} scenario={scenario} text={text} theme={theme} />
          </ChartBox>
          <DataTable
            data={rows}
            columns={columns}
            caption={`Each driver a step down and up under the ${scenario} scenario: the lowest and closing net cash, in ${s.currency}, and the periods short of the minimum`}
            testId="sensitivity-table"
            getRowId={(r) => r.driver}
            rowTestId={() => "sensitivity-row"}
            rowAttributes={(r) => ({ "data-driver": r.driver })}
            exportName={`drivers that matter most ${scenario}`}
            empty={<EmptyState title="No driver to move." />}
          />
        </>
      )}
    </>
  );
}
