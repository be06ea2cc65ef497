import { useCallback, useState } from "react";
import { type ForecastRun, type SeriesKey, type SeriesSummary, commands } from "../../lib/ipc";
import { permissionLabel } from "../../shared/permissions";
import { useCommandQuery } from "../../shared/query";
import { hasPermission, useSession } from "../../shared/session";
import { AggregatesView } from "./AggregatesView";
import { sameSeries, seriesId } from "./figures";
import { RunPanel } from "./RunPanel";
import { RunsList } from "./RunsList";
import { SeriesTable } from "./SeriesTable";
import { SeriesView } from "./SeriesView";
import { useForecastRun } from "./useForecastRun";
import { ValueAddedReport } from "./ValueAddedReport";

/**
 * Demand forecasts: run one over a scope (planners), read past runs, their totals by
 * category, market or channel and their series, look into one series (chart, accuracy,
 * models compared, decomposition), override periods of a series or of a total, move the
 * forecasts through submission and approval, and see what the forecasts and overrides added
 * once actual sales arrive.
 */
export function ForecastsScreen() {
  const { session } = useSession();
  const canRun = hasPermission(session, "forecast.run");
  const canApprove = hasPermission(session, "forecast.approve");
  const runs = useCommandQuery(["forecasts", "runs"], commands.listForecastRuns, "load the forecast runs");
  const [chosenRun, setChosenRun] = useState<string | null>(null);
  const [openSeries, setOpenSeries] = useState<SeriesKey | null>(null);
  // Bumped when a bulk step changes the series, so the open one reads itself again too.
  const [changes, setChanges] = useState(0);
  // Bumped when the open series changed, so the aggregates read their sums again.
  const [seriesEdits, setSeriesEdits] = useState(0);

  // The chosen run, or the newest: the screen opens on the latest forecast.
  const openRun = runs.data?.find((r) => r.id === chosenRun) ?? runs.data?.[0] ?? null;
  const series = useCommandQuery(
    ["forecasts", "runSeries", openRun?.id],
    openRun ? () => commands.forecastRunSeries(openRun.id) : null,
    "load the series of the run",
  );

  const { refetch: refetchRuns } = runs;
  const onFinished = useCallback(
    async (run: ForecastRun) => {
      // Listed first, so the screen moves straight from the previous newest run to this one.
      await refetchRuns();
      setChosenRun(run.id);
      setOpenSeries(null);
    },
    [refetchRuns],
  );
  const runner = useForecastRun(onFinished);

  const { refetch: refetchSeries } = series;
  const seriesChanged = useCallback(async () => {
    await refetchSeries();
    setChanges((n) => n + 1);
  }, [refetchSeries]);
  const openSeriesChanged = useCallback(async () => {
    await refetchSeries();
    setSeriesEdits((n) => n + 1);
  }, [refetchSeries]);

  const openRunById = (run: ForecastRun) => {
    setChosenRun(run.id);
    if (run.id !== openRun?.id) setOpenSeries(null);
  };
  const summary: SeriesSummary | undefined = series.data?.find((s) => sameSeries(s.key, openSeries));

  return (
    <div className="page forecasts" data-testid="forecasts">
      <h1>Forecasts</h1>
      <PermissionNote canRun={canRun} canApprove={canApprove} />
      {canRun ? <RunPanel runner={runner} /> : null}
      <RunsList runs={runs} openRunId={openRun?.id ?? null} onOpen={openRunById} canRun={canRun} />
      {openRun ? (
        <AggregatesView
          // Another run starts on its total again (keyed apart from the series table, a sibling).
          key={`aggregates:${openRun.id}`}
          runId={openRun.id}
          bucket={openRun.bucket}
          reconciliation={openRun.reconciliation}
          canRun={canRun}
          changes={seriesEdits}
          onChanged={seriesChanged}
        />
      ) : null}
      {openRun ? (
        <SeriesTable
          // A new run starts with its own search and choice.
          key={openRun.id}
          run={openRun}
          series={series}
          openSeries={openSeries}
          onOpen={(s) => setOpenSeries(s.key)}
          onChanged={seriesChanged}
          canRun={canRun}
          canApprove={canApprove}
        />
      ) : null}
      {openRun && openSeries ? (
        <SeriesView
          // Another series starts afresh: no notice or open form of the previous one.
          key={`${openRun.id}:${seriesId(openSeries)}`}
          runId={openRun.id}
          seriesKey={openSeries}
          listStatus={summary?.status ?? null}
          changes={changes}
          canRun={canRun}
          canApprove={canApprove}
          onChanged={openSeriesChanged}
          onClose={() => setOpenSeries(null)}
        />
      ) : null}
      {/* Over every run's scored periods, not only the open run's: shown with or without one. */}
      <ValueAddedReport />
    </div>
  );
}

/** Says which actions the user's role leaves out, instead of showing buttons that would be refused. */
function PermissionNote({ canRun, canApprove }: { canRun: boolean; canApprove: boolean }) {
  if (canRun && canApprove) return null;
  const missing = [
    canRun ? null : `running, overriding and submitting forecasts needs “${permissionLabel("forecast.run")}”`,
    canApprove ? null : `approving and rejecting them needs “${permissionLabel("forecast.approve")}”`,
  ].filter(Boolean);
  return (
    <p className="muted" data-testid="forecast-permission-note">
      You can read every run and series; {missing.join(", and ")}.
    </p>
  );
}
