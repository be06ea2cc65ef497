import { useMemo } from "react";
import type { ProjectedVsActual, RateRead, Reproduction, SettingRead } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import {
  NO_VALUE,
  capitalise,
  compareDecimal,
  decimalSign,
  formatDate,
  formatDateTime,
  formatFxRate,
  formatMoney,
  formatNumber,
  formatPercent,
  shiftDecimal,
} from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { EmptyState } from "../../shared/ui";
import { decimalColumn, periodColumn } from "./columns";
import { driversText } from "./drivers";
import { MonthsTable } from "./MonthsTable";
import { VERSUS_FIGURES, savedDrivers, settingVersionText, shortDigest, versusValues } from "./saved";
import { granularityOf, periodCount, periodKey } from "./periods";
import { useCashText } from "./useCashText";

/**
 * A saved projection computed again from the inputs it recorded: whether it came out the same
 * to the byte, what it read, its months, and its months that have closed set against what
 * happened.
 */
export function ReproductionView({ reproduction: r }: { reproduction: Reproduction }) {
  const { locale, timeZone } = useLocale();
  // The periods it was worked out in come back with it: those it was saved in.
  const granularity = granularityOf(r.projection.granularity);
  const text = useCashText(r.projection.currency, granularity);
  const s = r.saved;
  const runs = s.forecastRuns.length;
  return (
    <div className="wc-reproduction" data-testid="reproduction" data-identical={r.identical ? "true" : "false"}>
      {r.identical ? (
        <p className="wc-reproduction-verdict">
          <span className="tag tag-ok" data-testid="reproduction-identical">
            Reproduced exactly — SHA-256 matches
          </span>{" "}
          <span className="muted">
            SHA-256 <code className="mono">{shortDigest(r.resultDigest)}</code>, as saved.
          </span>
        </p>
      ) : (
        <div className="banner banner-warning" role="status" data-testid="reproduction-changed">
          <strong>Not reproduced exactly — SHA-256 differs.</strong>
          {r.changed.length > 0 ? (
            <ul>
              {r.changed.map((c) => (
                <li key={c}>{capitalise(c)}.</li>
              ))}
            </ul>
          ) : (
            <p>
              Every recorded input reads as it did; the engine that computed it ({s.engineVersion}) may have changed since.
            </p>
          )}
          <p className="muted">
            Saved <code className="mono">{shortDigest(s.resultDigest)}</code>, reproduced{" "}
            <code className="mono">{shortDigest(r.resultDigest)}</code>.
          </p>
        </div>
      )}

      <h4>Inputs it used</h4>
      <dl className="read-only-facts" data-testid="reproduction-inputs">
        <dt>Scenario</dt>
        <dd>
          {s.scenario}, {driversText(savedDrivers(s), locale)}, {text.periods(periodCount(granularity, s.months))}
          {s.simulations > 0 ? `, ${formatNumber(s.simulations, locale)} simulated demand paths` : ""}
        </dd>
        <dt>Forecasts as of</dt>
        <dd data-testid="reproduction-forecasts-as-of">{formatDateTime(s.forecastsAsOf, locale, timeZone)}</dd>
        <dt>Forecast runs</dt>
        <dd data-testid="reproduction-forecast-runs">
          {runs === 0 ? "None: the demand came from last year's sales" : `${formatNumber(runs, locale)} run${runs === 1 ? "" : "s"}`}
        </dd>
        <dt>Opening balances</dt>
        <dd>{s.openingAsOf ? `Of ${formatDate(s.openingAsOf, locale)}` : "None recorded"}</dd>
        <dt>First {text.unit}</dt>
        <dd>{text.period(s.start)}</dd>
        <dt>Saved</dt>
        <dd>
          {formatDateTime(s.savedAt, locale, timeZone)}
          {s.savedBy ? ` by ${s.savedBy}` : ""}, with {s.engineVersion}
        </dd>
      </dl>
      <div className="wc-reproduction-inputs">
        <SettingsTable settings={s.settings} name={s.name} />
        <RatesTable rates={s.rates} name={s.name} />
      </div>

      <h4>The projection reproduced</h4>
      <p className="muted">Every figure is in {r.projection.currency}, computed again from the inputs above.</p>
      <MonthsTable
        projection={r.projection}
        text={text}
        testId="reproduction-months"
        exportName={`reproduced projection ${s.name}`}
      />

      <h4>Projected vs actual</h4>
      {r.versusActual.length > 0 ? (
        <>
          <p className="muted">
            Each closed month per market, in the market's currency. The difference is actual minus projected, and in percent of the
            projected figure.
          </p>
          <VersusActualTable rows={r.versusActual} name={s.name} />
        </>
      ) : (
        <EmptyState title="No month of this projection has closed yet." testId="versus-actual-empty">
          Once a projected month closes and its balances are recorded, it is set against what was projected here.
        </EmptyState>
      )}
    </div>
  );
}

function SettingsTable({ settings, name }: { settings: SettingRead[]; name: string }) {
  const columns = useMemo<ColumnDef<SettingRead, unknown>[]>(
    () => [
      { id: "key", header: "Setting", accessorFn: (r) => r.key, cell: (c) => <code className="mono">{c.row.original.key}</code> },
      {
        id: "version",
        header: "Version",
        accessorFn: (r) => r.version,
        cell: (c) => settingVersionText(c.row.original.version),
        meta: { numeric: true, exportKind: "text", exportValue: (r) => settingVersionText(r.version) },
      },
      { id: "value", header: "Value", accessorFn: (r) => r.value },
    ],
    [],
  );
  return (
    <section className="wc-reproduction-table" aria-label="Finance settings">
      <h5>Finance settings</h5>
      <DataTable
        data={settings}
        columns={columns}
        caption={`The finance settings “${name}” read, with their versions (default: the registered default, never changed)`}
        testId="reproduction-settings"
        getRowId={(r) => r.key}
        rowTestId={() => "reproduction-setting"}
        rowAttributes={(r) => ({ "data-key": r.key })}
        exportName={`saved projection ${name} settings`}
        empty={<EmptyState title="No finance setting was recorded." />}
      />
    </section>
  );
}

function RatesTable({ rates, name }: { rates: RateRead[]; name: string }) {
  const { locale } = useLocale();
  const columns = useMemo<ColumnDef<RateRead, unknown>[]>(
    () => [
      { id: "market", header: "Market", accessorFn: (r) => r.market },
      { id: "currency", header: "Currency", accessorFn: (r) => r.currency },
      {
        id: "rate",
        header: "Rate to base",
        accessorFn: (r) => r.rate ?? "",
        sortingFn: (a, b) => compareDecimal(a.original.rate, b.original.rate),
        cell: (c) => (c.row.original.rate === null ? "No rate: left out" : formatFxRate(c.row.original.rate, locale)),
        meta: { numeric: true, exportKind: "decimal" },
      },
      {
        id: "on",
        header: "Rate of",
        accessorFn: (r) => r.on,
        cell: (c) => formatDate(c.row.original.on, locale),
        meta: { exportKind: "date" },
      },
    ],
    [locale],
  );
  return (
    <section className="wc-reproduction-table" aria-label="Exchange rates">
      <h5>Exchange rates</h5>
      <DataTable
        data={rates}
        columns={columns}
        caption={`The exchange rates “${name}” converted each market at, with the day of each rate`}
        testId="reproduction-rates"
        getRowId={(r) => r.market}
        rowTestId={() => "reproduction-rate"}
        rowAttributes={(r) => ({ "data-market": r.market })}
        exportName={`saved projection ${name} rates`}
        empty={<EmptyState title="No market was converted." />}
      />
    </section>
  );
}

function VersusActualTable({ rows, name }: { rows: ProjectedVsActual[]; name: string }) {
  const { locale } = useLocale();
  const columns = useMemo<ColumnDef<ProjectedVsActual, unknown>[]>(() => {
    // Each row has its own currency: the cells format in it, the export writes the amounts.
    const amount = (id: string, header: string, get: (r: ProjectedVsActual) => string | null, signed = false): ColumnDef<ProjectedVsActual, unknown> => ({
      ...decimalColumn<ProjectedVsActual>(id, header, get, (v) => v),
      cell: (c) => {
        const v = get(c.row.original);
        if (v === null) return NO_VALUE;
        const shown = formatMoney(v, c.row.original.currency, locale);
        return signed && decimalSign(v) > 0 ? `+${shown}` : shown;
      },
    });
    return [
      // Closed months: a saved projection is set against what happened month by month.
      periodColumn<ProjectedVsActual>(locale, "month"),
      { id: "market", header: "Market", accessorFn: (r) => r.market, enableHiding: false },
      { id: "currency", header: "Currency", accessorFn: (r) => r.currency },
      ...VERSUS_FIGURES.flatMap(({ id, label }) => [
        amount(`${id}-projected`, `${label} projected`, (r) => versusValues(r, id).projected),
        amount(`${id}-actual`, `${label} actual`, (r) => versusValues(r, id).actual),
        amount(`${id}-difference`, `${label} difference`, (r) => versusValues(r, id).difference, true),
        {
          id: `${id}-percent`,
          header: `${label} difference %`,
          accessorFn: (r: ProjectedVsActual) => {
            const p = versusValues(r, id).percent;
            // A fraction, as percent columns export.
            return p === null ? "" : shiftDecimal(p, -2);
          },
          sortingFn: (a, b) => compareDecimal(versusValues(a.original, id).percent, versusValues(b.original, id).percent),
          cell: (c) => {
            const p = versusValues(c.row.original, id).percent;
            return p === null ? NO_VALUE : formatPercent(p, locale, { signed: true });
          },
          meta: { numeric: true, exportKind: "percent" },
        } satisfies ColumnDef<ProjectedVsActual, unknown>,
      ]),
    ];
  }, [locale]);
  return (
    <DataTable
      data={rows}
      columns={columns}
      caption={`“${name}” against what happened: each closed month and market, projected, actual and the difference, in the market's currency`}
      testId="versus-actual"
      getRowId={(r) => `${r.month}-${r.market}`}
      rowTestId={(r) => `versus-actual-${periodKey(r.month)}-${r.market}`}
      columnChoice
      initialHidden={["currency"]}
      exportName={`saved projection ${name} projected vs actual`}
      empty={<EmptyState title="No month of this projection has closed yet." />}
    />
  );
}
