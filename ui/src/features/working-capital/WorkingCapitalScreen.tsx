import { lazy, useState } from "react";
import { Link } from "react-router";
import { type CashProjection, type CashRequest, type Granularity, type SavedProjection, commands } from "../../lib/ipc";
import { ChartBox } from "../../shared/ChartBox";
import { formatDate } from "../../shared/format";
import { KeepOfflineButton } from "../../shared/keepOffline";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { hasPermission, useSession } from "../../shared/session";
import { type TabDef, Tabs, useUrlTab } from "../../shared/Tabs";
import { useTheme } from "../../shared/theme";
import { useDebounced } from "../../shared/useDebounced";
import { Button, EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import { CashControls } from "./CashControls";
import type { ChartText } from "./charts";
import {
  type AppliedDrivers,
  type Controls,
  DEFAULT_MONTHS,
  DEFAULT_SCENARIO,
  type DriverErrors,
  MONTH_CHOICES,
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
import { creditLineText, demandText, hasRevenue, purchasePlanText } from "./figures";
import { CashAlerts, KpiTiles } from "./KpiTiles";
import { MarketsPanel } from "./MarketsPanel";
import { MonthsTable } from "./MonthsTable";
import { DEFAULT_GRANULARITY, granularityOf } from "./periods";
import { ProductsView } from "./ProductsView";
import { SAVED_KEY } from "./saved";
import { SavedProjections } from "./SavedProjections";
import { SaveProjectionDialog } from "./SaveProjectionDialog";
import { ScenarioCompare } from "./ScenarioCompare";
import { SensitivityView } from "./SensitivityView";
import { TaxPanel } from "./TaxPanel";
import { loadCharts } from "./loadCharts";
import { useCashText } from "./useCashText";

// The chart library loads in its own chunk; the figures and tables never wait for it.
const CashChart = lazy(() => loadCharts().then((m) => ({ default: m.CashChart })));
const RiskChart = lazy(() => loadCharts().then((m) => ({ default: m.RiskChart })));
const BalancesChart = lazy(() => loadCharts().then((m) => ({ default: m.BalancesChart })));

type WcTab = "overview" | "months" | "markets" | "products" | "tax" | "sensitivity" | "compare" | "saved";

const TABS: readonly [TabDef<WcTab>, ...TabDef<WcTab>[]] = [
  { id: "overview", label: "Overview" },
  // Named after the periods on screen: "Weeks" or "Days" when projected by week or day.
  { id: "months", label: "Months" },
  { id: "markets", label: "Markets" },
  { id: "products", label: "Products" },
  { id: "tax", label: "Tax" },
  { id: "sensitivity", label: "What matters" },
  { id: "compare", label: "Compare scenarios" },
  { id: "saved", label: "Saved projections" },
];

const PERIODS_TAB: Record<Granularity, string> = { month: "Months", week: "Weeks", day: "Days" };

/** How long typing pauses before the projection is worked out again. */
const RECOMPUTE_AFTER_MS = 250;

/**
 * The company's cash and working capital month by month (or week by week, day by day) from the
 * forecasts, under a scenario and "what if" drivers: the cycle against its target, the cash
 * against its minimum and the credit line, each market in its currency, each product, the tax
 * returns falling due, the drivers that matter most, and scenarios side by side. Nothing is saved until
 * a planner saves the projection on screen under a name, with the inputs it read: it can then
 * be opened live, reproduced to the byte and set against the months that have closed since.
 */
export function WorkingCapitalScreen() {
  const { session } = useSession();
  const canEdit = hasPermission(session, "scenario.edit");
  const [tab, choose] = useUrlTab(TABS);
  const scenarios = useCommandQuery(["working-capital", "scenarios"], commands.cashScenarios, "load the scenarios");
  const saved = useCommandQuery(SAVED_KEY, commands.savedCashProjections, "load the saved projections");
  // The request being saved, as it was on screen when "Save projection…" was chosen.
  const [saving, setSaving] = useState<CashRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [controls, setControls] = useState<Controls>({
    scenario: DEFAULT_SCENARIO,
    months: DEFAULT_MONTHS,
    granularity: DEFAULT_GRANULARITY,
    simulate: false,
  });
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
  const refused = Object.keys(errors).length > 0 || shownAtField;

  // What is typed, read now rather than after the pause: the figures follow it within a moment.
  const startSaving = () => {
    const typed = parseDrivers(fields);
    if ("applied" in typed) setSaving(cashRequest(controls, typed.applied));
  };
  const onSaved = (p: SavedProjection) => {
    setSaving(null);
    setNotice(`Saved “${p.name}” with the inputs it read. It is listed under Saved projections and can be chosen as a scenario.`);
    void saved.refetch();
    void scenarios.refetch();
  };
  // A saved projection live: its scenario, drivers and FX change on today's data, by the
  // periods it was saved in, with nothing typed on top.
  const openSaved = (p: SavedProjection) => {
    setControls((c) => ({
      scenario: p.name,
      months: (MONTH_CHOICES as readonly number[]).includes(p.months) ? p.months : c.months,
      granularity: granularityOf(p.granularity),
      simulate: p.simulations > 0,
    }));
    setFields(NO_CHANGE);
    setApplied(NO_DRIVERS);
    choose("overview");
    setNotice(`Showing “${p.name}” live: its scenario and drivers on today's forecasts and balances. Drivers typed above apply on top of it.`);
  };
  const onDeleted = (p: SavedProjection) => {
    // Its name no longer projects: back to the base scenario.
    if (controls.scenario === p.name) setControls((c) => ({ ...c, scenario: DEFAULT_SCENARIO }));
    setNotice(`Deleted “${p.name}”.`);
    void saved.refetch();
    void scenarios.refetch();
  };

  const saveButton = canEdit ? (
    <Button
      variant="primary"
      onClick={startSaving}
      disabled={refused}
      title={refused ? "Correct the inputs first: only a projection that can be worked out is saved." : undefined}
      data-testid="save-projection"
    >
      Save projection…
    </Button>
  ) : null;
  const bodyClass = `wc-body${stale ? " is-stale" : ""}`;
  const tabs = TABS.map((t) => (t.id === "months" ? { ...t, label: PERIODS_TAB[controls.granularity] } : t));

  return (
    <div className="page working-capital" data-testid="working-capital">
      <h1>Working capital</h1>
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="wc-notice">
          {notice}
        </p>
      ) : null}
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
        applied={applied}
        actions={
          <>
            <KeepOfflineButton screen="cashProjection" />
            {saveButton}
          </>
        }
      />
      {error && !shownAtField ? (
        <ErrorBanner error={error} onRetry={() => void projection.refetch()} testId="wc-error" />
      ) : null}
      {error && shown ? (
        <p className="muted" data-testid="wc-stale-note">
          The figures below are from the last inputs that could be worked out.
        </p>
      ) : null}
      {shown ? (
        <div className={bodyClass} aria-busy={updating || undefined}>
          <ProjectionSummary projection={shown} />
        </div>
      ) : null}
      <Tabs name="wc" label="Working capital" tabs={tabs} current={tab} onChoose={choose}>
        {tab === "saved" ? (
          <SavedProjections saved={saved} canEdit={canEdit} current={controls.scenario} onOpen={openSaved} onDeleted={onDeleted} />
        ) : (
          <>
            {projection.loading && !shown ? <Loading label="Working out the cash projection…" /> : null}
            {shown ? (
              <div className={bodyClass} aria-busy={updating || undefined}>
                <ProjectionTab
                  projection={shown}
                  tab={tab}
                  scenarios={scenarios.data}
                  controls={controls}
                  applied={applied}
                  onShowSensitivity={() => choose("sensitivity")}
                />
              </div>
            ) : null}
          </>
        )}
      </Tabs>
      {saving ? <SaveProjectionDialog request={saving} onClose={() => setSaving(null)} onSaved={onSaved} /> : null}
    </div>
  );
}

/** Above the tabs: where the figures come from, and what needs attention. */
function ProjectionSummary({ projection: p }: { projection: CashProjection }) {
  const text = useCashText(p.currency, granularityOf(p.granularity));
  return (
    <>
      <ProjectionNotes projection={p} text={text} />
      {hasRevenue(p.months) ? <CashAlerts projection={p} text={text} /> : null}
    </>
  );
}

/** One tab of the projection on screen; without revenue, what to do instead. */
function ProjectionTab({
  projection: p,
  tab,
  scenarios,
  controls,
  applied,
  onShowSensitivity,
}: {
  projection: CashProjection;
  tab: Exclude<WcTab, "saved">;
  scenarios: string[] | undefined;
  controls: Controls;
  applied: AppliedDrivers;
  onShowSensitivity: () => void;
}) {
  const text = useCashText(p.currency, granularityOf(p.granularity));
  if (!hasRevenue(p.months)) {
    return (
      <EmptyState
        title="No revenue to project."
        testId="wc-no-revenue"
        action={
          <Link className="btn btn-secondary" to="/forecasts">
            Go to Forecasts
          </Link>
        }
      >
        The projection starts from the forecasts, or from last year's sales where there is no forecast, and neither gives any demand in
        these months. Run forecasts, or import sales, then come back.
      </EmptyState>
    );
  }
  switch (tab) {
    case "overview":
      return <Overview projection={p} text={text} onShowSensitivity={onShowSensitivity} />;
    case "months":
      return (
        <>
          <p className="muted">
            Every figure is in {p.currency}. Revenue is after channel commission and fees; receipts include VAT; the line is drawn only to
            keep the minimum cash and repaid when cash allows.
          </p>
          <MonthsTable projection={p} text={text} />
        </>
      );
    case "markets":
      return <MarketsPanel projection={p} />;
    case "products":
      return <ProductsView controls={controls} applied={applied} />;
    case "tax":
      return <TaxPanel projection={p} text={text} />;
    case "sensitivity":
      return <SensitivityView controls={controls} applied={applied} />;
    case "compare":
      return scenarios ? <ScenarioCompare names={scenarios} controls={controls} applied={applied} /> : <Loading label="Loading the scenarios…" />;
  }
}

/**
 * Where the figures come from: the opening balances, the credit line, the demand and the stock
 * purchases behind them, and what could not be projected.
 */
function ProjectionNotes({ projection: p, text }: { projection: CashProjection; text: ChartText }) {
  const { locale } = useLocale();
  return (
    <div className="wc-notes">
      <p className="muted" data-testid="wc-basis">
        {p.scenario} scenario, in {p.currency}, starting with {text.money(p.openingCash)} in cash
        {p.openingAsOf ? ` and the balances of ${formatDate(p.openingAsOf, locale)}` : ""}.{" "}
        <span data-testid="wc-credit-line">{creditLineText(p, text)}</span>
      </p>
      <p data-testid="wc-demand">{demandText(p.demand, text)}</p>
      <p data-testid="wc-purchase-plan">{purchasePlanText(p.purchasePlan, { ...text, date: (day) => formatDate(day, locale) })}</p>
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

function Overview({ projection: p, text, onShowSensitivity }: { projection: CashProjection; text: ChartText; onShowSensitivity: () => void }) {
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
            <RiskChart risk={p.risk} lineWarningShare={p.lineWarningShare} scenario={p.scenario} text={text} theme={theme} />
          </ChartBox>
          <p className="muted">
            What would make a shortfall likelier?{" "}
            <Button variant="ghost" onClick={onShowSensitivity} data-testid="wc-to-sensitivity">
              See the drivers that matter most
            </Button>
          </p>
        </>
      ) : null}
      <h3 className="wc-chart-title">Receivables, payables and inventory</h3>
      <ChartBox testId="balances-chart" unaffected="The Months tab lists the same balances.">
        <BalancesChart projection={p} text={text} theme={theme} />
      </ChartBox>
    </>
  );
}
