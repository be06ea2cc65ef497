import { lazy, useState } from "react";
import { Link } from "react-router";
import { type CashProjection, commands } from "../../lib/ipc";
import { ChartBox } from "../../shared/ChartBox";
import { formatDate } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { type TabDef, Tabs, useUrlTab } from "../../shared/Tabs";
import { useTheme } from "../../shared/theme";
import { useDebounced } from "../../shared/useDebounced";
import { EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import { CashControls } from "./CashControls";
import type { ChartText } from "./charts";
import {
  type AppliedDrivers,
  type Controls,
  DEFAULT_MONTHS,
  DEFAULT_SCENARIO,
  type DriverErrors,
  type DriverField,
  type DriverFields,
  FIELD_OF,
  NO_CHANGE,
  NO_DRIVERS,
  cashRequest,
  parseDrivers,
  projectionKey,
  sameDrivers,
} from "./drivers";
import { demandText, hasRevenue } from "./figures";
import { CashAlerts, KpiTiles } from "./KpiTiles";
import { MarketsPanel } from "./MarketsPanel";
import { MonthsTable } from "./MonthsTable";
import { ScenarioCompare } from "./ScenarioCompare";
import { loadCharts } from "./loadCharts";
import { useCashText } from "./useCashText";

// The chart library loads in its own chunk; the figures and tables never wait for it.
const CashChart = lazy(() => loadCharts().then((m) => ({ default: m.CashChart })));
const RiskChart = lazy(() => loadCharts().then((m) => ({ default: m.RiskChart })));
const BalancesChart = lazy(() => loadCharts().then((m) => ({ default: m.BalancesChart })));

type WcTab = "overview" | "months" | "markets" | "compare";

const TABS: readonly [TabDef<WcTab>, ...TabDef<WcTab>[]] = [
  { id: "overview", label: "Overview" },
  { id: "months", label: "Months" },
  { id: "markets", label: "Markets" },
  { id: "compare", label: "Compare scenarios" },
];

/** How long typing pauses before the projection is worked out again. */
const RECOMPUTE_AFTER_MS = 250;

/**
 * The company's cash and working capital month by month from the forecasts, under a scenario
 * and "what if" drivers: the cycle against its target, the cash against its minimum and the
 * credit line, each market in its currency, and scenarios side by side. Nothing is saved.
 */
export function WorkingCapitalScreen() {
  const [tab, choose] = useUrlTab(TABS);
  const scenarios = useCommandQuery(["working-capital", "scenarios"], commands.cashScenarios, "load the scenarios");
  const [controls, setControls] = useState<Controls>({ scenario: DEFAULT_SCENARIO, months: DEFAULT_MONTHS, simulate: false });
  const [fields, setFields] = useState<DriverFields>(NO_CHANGE);
  const settled = useDebounced(fields, RECOMPUTE_AFTER_MS);
  // Only inputs that have stayed put are read; `settled` lags behind a reset too.
  const parsed = settled === fields ? parseDrivers(fields) : null;
  // The last drivers that made sense: a half-typed value keeps the figures of the one before.
  const [applied, setApplied] = useState<AppliedDrivers>(NO_DRIVERS);
  if (parsed && "applied" in parsed && !sameDrivers(parsed.applied, applied)) setApplied(parsed.applied);

  const request = cashRequest(controls, applied);
  const projection = useCommandQuery(projectionKey(request), () => commands.projectCash(request), "work out the cash projection", {
    keepPrevious: true,
  });
  // The last projection worked out, shown (dimmed) while a refused change is put right.
  const [lastGood, setLastGood] = useState<CashProjection | undefined>(undefined);
  if (projection.data && projection.data !== lastGood) setLastGood(projection.data);
  const shown = projection.data ?? lastGood;

  const error = projection.error;
  const refusedDriver = error?.field ? FIELD_OF[error.field] : undefined;
  const errors: DriverErrors = {
    ...(refusedDriver && error ? { [refusedDriver]: error.message } : {}),
    ...(parsed && "errors" in parsed ? parsed.errors : {}),
  };
  const controlErrors = {
    ...(error?.field === "scenario" ? { scenario: error.message } : {}),
    ...(error?.field === "months" ? { months: error.message } : {}),
  };
  const shownAtField = refusedDriver !== undefined || controlErrors.scenario !== undefined || controlErrors.months !== undefined;
  const updating = shown !== undefined && (projection.fetching || settled !== fields);
  const stale = shown !== undefined && (projection.previous || projection.data === undefined || settled !== fields);

  const onField = (field: DriverField, value: string) => setFields((f) => ({ ...f, [field]: value }));

  return (
    <div className="page working-capital" data-testid="working-capital">
      <h1>Working capital</h1>
      <CashControls
        scenarios={scenarios.data ?? []}
        scenariosError={scenarios.error}
        onRetryScenarios={() => void scenarios.refetch()}
        controls={controls}
        onControls={setControls}
        fields={fields}
        onField={onField}
        onReset={() => setFields(NO_CHANGE)}
        errors={errors}
        controlErrors={controlErrors}
        updating={updating}
      />
      {error && !shownAtField ? (
        <ErrorBanner error={error} onRetry={() => void projection.refetch()} testId="wc-error" />
      ) : null}
      {error && shown ? (
        <p className="muted" data-testid="wc-stale-note">
          The figures below are from the last inputs that could be worked out.
        </p>
      ) : null}
      {projection.loading && !shown ? <Loading label="Working out the cash projection…" /> : null}
      {shown ? (
        <div className={`wc-body${stale ? " is-stale" : ""}`} aria-busy={updating || undefined}>
          <ProjectionView
            projection={shown}
            tab={tab}
            onTab={choose}
            scenarios={scenarios.data}
            controls={controls}
            applied={applied}
          />
        </div>
      ) : null}
    </div>
  );
}

function ProjectionView({
  projection: p,
  tab,
  onTab,
  scenarios,
  controls,
  applied,
}: {
  projection: CashProjection;
  tab: WcTab;
  onTab: (tab: WcTab) => void;
  scenarios: string[] | undefined;
  controls: Controls;
  applied: AppliedDrivers;
}) {
  const text = useCashText(p.currency);
  return (
    <>
      <ProjectionNotes projection={p} text={text} />
      {hasRevenue(p.months) ? (
        <>
          <CashAlerts projection={p} text={text} />
          <Tabs name="wc" label="Working capital" tabs={TABS} current={tab} onChoose={onTab}>
            {tab === "overview" ? <Overview projection={p} text={text} /> : null}
            {tab === "months" ? (
              <>
                <p className="muted">
                  Every figure is in {p.currency}. Revenue is after channel commission and fees; receipts include VAT; the line is drawn
                  only to keep the minimum cash and repaid when cash allows.
                </p>
                <MonthsTable projection={p} text={text} />
              </>
            ) : null}
            {tab === "markets" ? <MarketsPanel projection={p} /> : null}
            {tab === "compare" ? (
              scenarios ? (
                <ScenarioCompare names={scenarios} controls={controls} applied={applied} text={text} />
              ) : (
                <Loading label="Loading the scenarios…" />
              )
            ) : null}
          </Tabs>
        </>
      ) : (
        <EmptyState
          title="No revenue to project."
          testId="wc-no-revenue"
          action={
            <Link className="btn btn-secondary" to="/forecasts">
              Go to Forecasts
            </Link>
          }
        >
          The projection starts from the forecasts, or from last year's sales where there is no forecast, and neither gives any demand
          in these months. Run forecasts, or import sales, then come back.
        </EmptyState>
      )}
    </>
  );
}

/** Where the figures come from: the opening balances, the demand behind them, and what could not be projected. */
function ProjectionNotes({ projection: p, text }: { projection: CashProjection; text: ChartText }) {
  const { locale } = useLocale();
  return (
    <div className="wc-notes">
      <p className="muted" data-testid="wc-basis">
        {p.scenario} scenario, in {p.currency}, starting with {text.money(p.openingCash)} in cash
        {p.openingAsOf ? ` and the balances of ${formatDate(p.openingAsOf, locale)}` : ""}.
      </p>
      <p data-testid="wc-demand">{demandText(p.demand, text)}</p>
      {p.warnings.length > 0 ? (
        <div className="banner banner-info" data-testid="wc-warnings">
          <strong>Left out or assumed</strong>
          <ul>
            {p.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function Overview({ projection: p, text }: { projection: CashProjection; text: ChartText }) {
  const { theme } = useTheme();
  return (
    <>
      <KpiTiles projection={p} text={text} />
      <h3 className="wc-chart-title">Cash timeline</h3>
      <ChartBox testId="cash-chart" unaffected="The key figures above and the Months tab are unaffected.">
        <CashChart projection={p} text={text} theme={theme} />
      </ChartBox>
      {p.risk ? (
        <>
          <h3 className="wc-chart-title">Chance of a shortfall</h3>
          <ChartBox testId="cash-risk-chart" unaffected="The key figures above are unaffected.">
            <RiskChart risk={p.risk} scenario={p.scenario} text={text} theme={theme} />
          </ChartBox>
        </>
      ) : null}
      <h3 className="wc-chart-title">Receivables, payables and inventory</h3>
      <ChartBox testId="balances-chart" unaffected="The Months tab lists the same balances.">
        <BalancesChart projection={p} text={text} theme={theme} />
      </ChartBox>
    </>
  );
}
