import { lazy, useMemo, useState } from "react";
import { type CashProjection, commands } from "../../lib/ipc";
import { ChartBox } from "../../shared/ChartBox";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { decimalSign } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQueries } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { EmptyState, ErrorBanner, Loading, SelectField } from "../../shared/ui";
import { decimalColumn, periodColumn } from "./columns";
import {
  COMPARE_KPIS,
  type CompareKpi,
  type CompareRow,
  compareKpi,
  compareRows,
  deltaTone,
  initialSelection,
  scenarioSlug,
  toggleScenario,
} from "./compare";
import { type AppliedDrivers, type Controls, cashRequest, projectionKey } from "./drivers";
import { loadCharts } from "./loadCharts";
import { granularityOf, periodCount, periodKey, periodsText } from "./periods";
import { useCashText } from "./useCashText";

const CompareChart = lazy(() => loadCharts().then((m) => ({ default: m.CompareChart })));

const TONE_WORDS = { better: "better", worse: "worse", same: "no change" } as const;

/**
 * Two or more scenarios under the same drivers and periods, side by side: a chart of one figure
 * per scenario and a table of it period by period, with each scenario's difference from the
 * first chosen. The projections run in parallel, without the risk simulation.
 */
export function ScenarioCompare({
  names,
  controls,
  applied,
}: {
  names: readonly string[];
  controls: Controls;
  applied: AppliedDrivers;
}) {
  const { theme } = useTheme();
  const { locale } = useLocale();
  // Null until the user ticks a box: until then the choice follows the scenario on screen.
  const [picked, setPicked] = useState<string[] | null>(null);
  const chosen = (picked ?? initialSelection(names, controls.scenario)).filter((n) => names.includes(n));
  const [kpi, setKpi] = useState<CompareKpi>("closingCash");
  const requests =
    chosen.length < 2
      ? []
      : chosen.map((scenario) => {
          const request = cashRequest(controls, applied, scenario, false);
          return { key: projectionKey(request), call: () => commands.projectCash(request) };
        });
  const loaded = useCommandQueries(requests, "work out the scenarios", { keepPrevious: true });
  const projections = chosen.length < 2 ? [] : (loaded.data ?? []);
  const reference = chosen[0];

  return (
    <section aria-labelledby="wc-compare-heading" aria-busy={loaded.fetching || undefined} data-testid="scenario-compare">
      <div className="toolbar">
        <h2 id="wc-compare-heading">Compare scenarios</h2>
      </div>
      <p className="muted">
        Each scenario runs with the drivers above over {periodsText(periodCount(controls.granularity, controls.months), controls.granularity, locale)}. Differences are against the first scenario
        chosen{reference ? `, ${reference}` : ""}; untick it to compare against the next.
      </p>
      <div className="filters">
        <fieldset className="wc-compare-pick">
          <legend>Scenarios</legend>
          {names.map((name) => (
            <label key={name} className="checkbox-row">
              <input
                type="checkbox"
                checked={chosen.includes(name)}
                onChange={() => setPicked(toggleScenario(chosen, name))}
                data-testid={`wc-compare-${scenarioSlug(name)}`}
              />
              {name}
              {name === reference ? <span className="tag tag-info">reference</span> : null}
            </label>
          ))}
        </fieldset>
        <SelectField label="Figure" value={kpi} onChange={(e) => setKpi(e.target.value as CompareKpi)} data-testid="wc-compare-kpi">
          {COMPARE_KPIS.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </SelectField>
      </div>
      {chosen.length < 2 ? <EmptyState title="Choose at least two scenarios to compare." testId="scenario-compare-pick" /> : null}
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={() => void loaded.refetch()} testId="scenario-compare-error" /> : null}
      {loaded.loading ? <Loading label="Working out the scenarios…" /> : null}
      {projections.length >= 2 ? <CompareView projections={projections} kpi={kpi} theme={theme} /> : null}
    </section>
  );
}

function CompareView({ projections, kpi, theme }: { projections: CashProjection[]; kpi: CompareKpi; theme: string }) {
  const { locale } = useLocale();
  // The periods as the compared projections have them, which may be ahead of the projection on screen.
  const granularity = granularityOf(projections[0]?.granularity);
  const text = useCashText(projections[0]?.currency ?? "", granularity);
  const spec = compareKpi(kpi);
  const names = useMemo(() => projections.map((p) => p.scenario), [projections]);
  const rows = useMemo(() => compareRows(projections, kpi), [projections, kpi]);
  const columns = useMemo<ColumnDef<CompareRow, unknown>[]>(() => {
    const format = spec.unit === "money" ? text.money : (v: string) => `${text.days(v)} days`;
    const signed = (v: string) => (decimalSign(v) > 0 ? `+${format(v)}` : format(v));
    const [first, ...others] = names;
    return [
      periodColumn<CompareRow>(locale, granularity),
      decimalColumn<CompareRow>("s0", first ?? "", (r) => r.values[0] ?? null, format),
      ...others.flatMap((name, k) => {
        const i = k + 1;
        const delta = decimalColumn<CompareRow>(`d${i}`, `${name} − ${first}`, (r) => r.deltas[i] ?? null, signed);
        delta.cell = (c) => {
          const d = c.row.original.deltas[i] ?? null;
          if (d === null) return "—";
          const tone = deltaTone(d, kpi);
          return (
            <span className={`wc-delta wc-delta-${tone}`} data-tone={tone}>
              {signed(d)}
              <span className="visually-hidden"> ({TONE_WORDS[tone]})</span>
            </span>
          );
        };
        return [decimalColumn<CompareRow>(`s${i}`, name, (r) => r.values[i] ?? null, format), delta];
      }),
    ];
  }, [names, kpi, spec.unit, text, locale, granularity]);
  const scenarios = projections.map((p) => ({ name: p.scenario, projection: p }));
  return (
    <>
      <ChartBox testId="scenario-compare-chart" unaffected="The table below is unaffected.">
        <CompareChart scenarios={scenarios} kpi={kpi} text={text} theme={theme} />
      </ChartBox>
      <p className="muted">
        {spec.label} per {text.unit}{spec.unit === "money" ? `, in ${projections[0]?.currency ?? ""}` : ", in days"}. A difference is green
        when it is better than {names[0]} and red when it is worse ({spec.higherIsBetter ? "more is better" : "less is better"}).
      </p>
      <DataTable
        data={rows}
        columns={columns}
        caption={`${spec.label} per ${text.unit} under ${names.join(", ")}, with each scenario's difference from ${names[0] ?? ""}`}
        testId="scenario-compare-table"
        getRowId={(r) => r.month}
        rowTestId={(r) => `compare-month-${periodKey(r.month, granularity)}`}
        exportName={`scenario comparison ${spec.label.toLowerCase()}`}
        empty={<EmptyState title="No periods projected." />}
      />
    </>
  );
}
