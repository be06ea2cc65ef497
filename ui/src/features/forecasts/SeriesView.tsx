import { type ReactNode, lazy, useCallback, useEffect, useRef, useState } from "react";
import { type Accuracy, type SeriesDetail, type SeriesKey, commands } from "../../lib/ipc";
import { overrideVerdict } from "../../shared/accuracy";
import { formatPoints, formatShare } from "../../shared/format";
import { KeepOfflineButton } from "../../shared/keepOffline";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { Button, EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import { CandidatesTable } from "./CandidatesTable";
import { ChartBox } from "../../shared/ChartBox";
import { biasText, confidenceText, maseText, periodLabel, seriesId, seriesStatus, statusLabel, statusTone, unitsText, wapeText } from "./figures";
import { ForecastTable } from "./ForecastTable";
import { RejectDialog } from "./RejectDialog";
import { SeriesComments } from "./SeriesComments";
import { actualPeriods, stockoutPeriods } from "./seriesChart";
import { useWorkflow } from "./useWorkflow";
import { accuracyBasis } from "./valueAdded";

const SeriesChart = lazy(() => import("./SeriesCharts").then((m) => ({ default: m.SeriesChart })));
const ComponentsChart = lazy(() => import("./SeriesCharts").then((m) => ({ default: m.ComponentsChart })));

/**
 * One series of a run: the chart of its history, backtest and forecast (and what sold, once
 * forecast periods are complete); how good the backtest was, how good the forecast has been
 * since, and why this model; the models compared; the trend and seasonal parts; the forecast
 * period by period, where a planner overrides and the workflow moves on; and the comments.
 */
export function SeriesView({
  runId,
  seriesKey,
  listStatus,
  changes,
  canRun,
  canApprove,
  onChanged,
  onClose,
}: {
  runId: string;
  seriesKey: SeriesKey;
  /** The series' status in the run's list, which also knows "superseded". */
  listStatus: string | null;
  /** Bumped when the series table changed series (a bulk step): this one may be among them. */
  changes: number;
  canRun: boolean;
  canApprove: boolean;
  /** Reads the run's series list again after a change. */
  onChanged: () => Promise<void>;
  onClose: () => void;
}) {
  const detail = useCommandQuery(
    ["forecasts", "series", runId, seriesId(seriesKey)],
    () => commands.forecastSeries(runId, seriesKey),
    "load the series",
  );
  const { refetch } = detail;
  const refresh = useCallback(async () => {
    await Promise.all([refetch(), onChanged()]);
  }, [refetch, onChanged]);
  const workflow = useWorkflow(runId, refresh);
  const seenChanges = useRef(changes);
  useEffect(() => {
    if (changes === seenChanges.current) return;
    seenChanges.current = changes;
    void refetch();
  }, [changes, refetch]);
  const [rejecting, setRejecting] = useState(false);
  const [notice, setNotice] = useState<{ text: string; queued: boolean } | null>(null);
  const { locale } = useLocale();
  const region = useRef<HTMLElement>(null);

  // Opening a series moves focus to it, so keyboard and screen-reader users land on what opened.
  const id = seriesId(seriesKey);
  useEffect(() => {
    region.current?.focus();
  }, [id]);

  const d = detail.data;
  const title = d ? `${d.sku} · ${d.channelName}` : "Series";
  const status = listStatus === "superseded" ? listStatus : d ? seriesStatus(d.forecast) : listStatus;

  return (
    <section
      ref={region}
      id="forecast-series-view"
      className="panel"
      aria-labelledby="forecast-series-view-heading"
      aria-busy={detail.fetching || undefined}
      tabIndex={-1}
      data-region=""
      data-testid="forecast-series-view"
    >
      <header className="panel-header">
        <div>
          <h2 id="forecast-series-view-heading" data-testid="forecast-series-title">
            {title}
          </h2>
          {d ? <p className="muted">{d.productName}</p> : null}
        </div>
        <div className="panel-actions">
          {status ? (
            <span className={`tag ${statusTone(status)}`} data-testid="forecast-status" data-status={status}>
              {statusLabel(status)}
            </span>
          ) : null}
          {canRun ? (
            <Button onClick={() => void workflow.perform("submit", [seriesKey])} busy={workflow.busy === "submit"} disabled={!d} data-testid="forecast-submit">
              Submit for approval
            </Button>
          ) : null}
          {canApprove ? (
            <>
              <Button
                variant="primary"
                onClick={() => void workflow.perform("approve", [seriesKey])}
                busy={workflow.busy === "approve"}
                disabled={!d}
                data-testid="forecast-approve"
              >
                Approve
              </Button>
              <Button
                variant="danger"
                onClick={() => {
                  workflow.clear();
                  setRejecting(true);
                }}
                busy={workflow.busy === "reject"}
                disabled={!d}
                data-testid="forecast-reject"
              >
                Reject…
              </Button>
            </>
          ) : null}
          <KeepOfflineButton screen="forecastDetail" />
          <Button variant="ghost" onClick={onClose} data-testid="forecast-series-close">
            Close
          </Button>
        </div>
      </header>
      {workflow.notice ? (
        <p className="banner banner-success" role="status" data-testid="forecast-notice">
          {workflow.notice}
        </p>
      ) : null}
      {workflow.error ? <ErrorBanner error={workflow.error} testId="forecast-workflow-error" /> : null}
      {notice ? (
        <p
          className={`banner ${notice.queued ? "banner-info" : "banner-success"}`}
          role="status"
          data-testid={notice.queued ? "override-queued" : "forecast-override-notice"}
        >
          {notice.text}
        </p>
      ) : null}
      {detail.error ? <ErrorBanner error={detail.error} onRetry={() => void refetch()} testId="forecast-series-view-error" /> : null}
      {detail.loading ? <Loading label="Loading the series…" /> : null}
      {d ? (
        <SeriesBody
          detail={d}
          canOverride={canRun}
          onOverridden={async (period, value, queued) => {
            workflow.clear();
            const what = `${periodLabel(period, d.bucket, locale)} set to ${unitsText(value, locale)} units`;
            if (queued) {
              setNotice({
                text: `${what}, queued on this computer: the change will be sent when the server answers.`,
                queued: true,
              });
              // Nothing changed on the server yet, so there is nothing new to read.
              return;
            }
            setNotice({ text: `${what}.`, queued: false });
            await refresh();
          }}
        />
      ) : null}
      {/* Commenting needs the same permission as overriding. A comment changes no figure, so
          only the series is read again, not the run's list. */}
      {d ? <SeriesComments detail={d} canComment={canRun} onSaved={refetch} /> : null}
      {rejecting && d ? (
        <RejectDialog
          what={`${d.sku} · ${d.channelName}`}
          onClose={() => setRejecting(false)}
          onReject={(reason) => workflow.perform("reject", [seriesKey], reason)}
        />
      ) : null}
    </section>
  );
}

function SeriesBody({
  detail,
  canOverride,
  onOverridden,
}: {
  detail: SeriesDetail;
  canOverride: boolean;
  onOverridden: (period: string, value: number, queued: boolean) => Promise<void>;
}) {
  const { locale } = useLocale();
  const { theme } = useTheme();
  const partial = detail.history.some((h) => h.partial);
  const stockouts = stockoutPeriods(detail).length;
  const actuals = actualPeriods(detail).length;
  return (
    <>
      <ChartBox testId="forecast-chart">
        <SeriesChart detail={detail} theme={theme} />
      </ChartBox>
      <ul className="muted" data-testid="forecast-chart-notes">
        {partial ? <li data-testid="forecast-partial-note">The current period is incomplete: shown, not used to fit the model.</li> : null}
        {stockouts > 0 ? (
          <li data-testid="forecast-stockout-note">
            Shaded periods had stock-outs, so sales understate demand: the model learnt from the estimated demand marked on them.
          </li>
        ) : null}
        <li>Bands: the 80% and 95% intervals. Diamonds: overrides, beside the statistical line they replace.</li>
        {actuals > 0 ? (
          <li data-testid="forecast-actual-note">Squares: the units actually sold in forecast periods that are complete.</li>
        ) : null}
      </ul>

      <div className="kpi-strip" data-testid="forecast-metrics">
        <Metric label="Confidence" value={confidenceText(detail.confidence, locale)} testId="forecast-confidence">
          1 / (1 + MASE) of the backtest: 1 is perfect, 0.5 is as large an error as repeating last season.
        </Metric>
        <Metric label="MASE" value={maseText(detail.mase, locale)} testId="forecast-mase">
          Backtest error relative to repeating last season; below 1 beats it.
        </Metric>
        <Metric label="WAPE" value={wapeText(detail.wape, locale)} testId="forecast-wape">
          Backtest error as a share of the units sold.
        </Metric>
        <Metric label="Bias" value={biasText(detail.bias, locale)} testId="forecast-bias">
          Average units the backtest ran over (+) or under (−) the sales.
        </Metric>
      </div>

      <SeriesAccuracy accuracy={detail.accuracy} />

      <div className="two-col">
        <div>
          <h3>Model</h3>
          <p data-testid="forecast-model-name">
            <strong>{detail.modelName}</strong> <span className="muted">({detail.modelType})</span>
          </p>
          <p data-testid="forecast-reason">{detail.reason}</p>
          <h3>Models compared</h3>
          <CandidatesTable candidates={detail.candidates} modelName={detail.modelName} modelType={detail.modelType} />
        </div>
        <div>
          <h3>Trend and seasonality</h3>
          {detail.components.length > 0 ? (
            <ChartBox testId="forecast-components">
              <ComponentsChart detail={detail} theme={theme} />
            </ChartBox>
          ) : (
            <p className="muted" data-testid="forecast-components">
              This model has no separate trend and seasonal parts.
            </p>
          )}
        </div>
      </div>

      <h3>Forecast by period</h3>
      {detail.forecast.length > 0 ? (
        <ForecastTable
          points={detail.forecast}
          bucket={detail.bucket}
          canOverride={canOverride}
          onOverridden={(point, value, queued) => onOverridden(point.period, value, queued)}
        />
      ) : (
        <EmptyState title="This series has no forecast periods." />
      )}
    </>
  );
}

/**
 * How good the forecast has been against the sales of its complete periods: the planned
 * forecast's error beside the statistical and naive ones, and what the overrides added.
 */
function SeriesAccuracy({ accuracy }: { accuracy: Accuracy | null }) {
  const { locale } = useLocale();
  if (!accuracy) {
    return (
      <>
        <h3>Accuracy against actual sales</h3>
        <p className="muted" data-testid="series-accuracy-none">
          Accuracy appears once a forecast period is complete and its sales are imported.
        </p>
      </>
    );
  }
  const verdict = overrideVerdict(accuracy);
  return (
    <div data-testid="series-accuracy">
      <h3>Accuracy against actual sales</h3>
      <div className="kpi-strip">
        <Figure label="Planned WAPE" value={formatShare(accuracy.finalWape, locale)} testId="series-accuracy-final" />
        <Figure label="Statistical WAPE" value={formatShare(accuracy.statisticalWape, locale)} testId="series-accuracy-statistical" />
        <Figure label="Naive WAPE" value={formatShare(accuracy.naiveWape, locale)} testId="series-accuracy-naive" />
        <Figure label="Override value added" value={formatPoints(accuracy.overrideValueAdded, locale)} testId="series-accuracy-override">
          <p className={`kpi-change ${verdict.tone}`}>{verdict.text}</p>
        </Figure>
      </div>
      <p className="muted" data-testid="series-accuracy-note">
        {accuracyBasis(accuracy, locale)} WAPE is the error as a share of the units sold (lower is better); naive carries the
        last period forward. Override value added is the statistical WAPE minus the planned one: above zero, the overrides
        helped.
      </p>
    </div>
  );
}

/** A compact figure: label and value, with an optional word under it. */
function Figure({ label, value, testId, children }: { label: string; value: string; testId: string; children?: ReactNode }) {
  return (
    <div className="kpi">
      <p className="kpi-label">{label}</p>
      <p className="kpi-value" data-testid={testId}>
        {value}
      </p>
      {children}
    </div>
  );
}

function Metric({ label, value, testId, children }: { label: string; value: string; testId: string; children: string }) {
  return (
    <div className="kpi">
      <p className="kpi-label">{label}</p>
      <p className="kpi-value" data-testid={testId}>
        {value}
      </p>
      <p className="kpi-change flat">{children}</p>
    </div>
  );
}
