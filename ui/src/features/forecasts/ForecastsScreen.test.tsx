// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CommandResult, ForecastRun, Permission, QueuedEdit, RunProgress, SeriesDetail } from "../../lib/ipc";
import { ConnectivityProvider } from "../../shared/connectivity";
import { byTestId, render, until } from "../../test/render";
import { ForecastsScreen } from "./ForecastsScreen";
import { GOLD_EU, RED_UK, RUN_ID, accuracy, aggregateView, detail, emptyReport, point, progress, run, summary } from "./fixtures.test-data";

const ipc = vi.hoisted(() => ({
  listForecastRuns: vi.fn(),
  forecastRunSeries: vi.fn(),
  forecastSeries: vi.fn(),
  forecastAggregate: vi.fn(),
  forecastValueAdded: vi.fn(),
  runForecast: vi.fn(),
  cancelForecastRun: vi.fn(),
  overrideForecast: vi.fn(),
  addForecastComment: vi.fn(),
  queuedChanges: vi.fn(),
  connectionStatus: vi.fn(),
  submitForecasts: vi.fn(),
  approveForecasts: vi.fn(),
  rejectForecasts: vi.fn(),
  listProducts: vi.fn(),
  listChannels: vi.fn(),
  listMarkets: vi.fn(),
}));
// Progress arrives on a channel passed with the call; the stand-in keeps its handler so a test
// can send messages, and counts the channels made (one per run).
const progressChannels = vi.hoisted(() => {
  const state = { onMessage: null as ((p: unknown) => void) | null, made: 0 };
  return {
    state,
    progressChannel: (onMessage: (p: unknown) => void) => {
      state.onMessage = onMessage;
      state.made += 1;
      return { id: state.made };
    },
  };
});
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
  progressChannel: progressChannels.progressChannel,
}));
// The chart library draws on a canvas, which the test DOM has not got: stand-ins show what they were given.
vi.mock("./SeriesCharts", () => ({
  SeriesChart: ({ detail }: { detail: SeriesDetail }) => (
    <p data-testid="series-chart-stand-in">
      {detail.sku}: {detail.history.length} history, {detail.forecast.length} forecast
    </p>
  ),
  ComponentsChart: ({ detail }: { detail: SeriesDetail }) => <p data-testid="components-chart-stand-in">{detail.components.length} components</p>,
}));
// The aggregates have their own tests (AggregatesView.test.tsx); here they only need to load.
vi.mock("./AggregateChart", () => ({ AggregateChart: () => null }));
// A lazily loaded chart can still reach the real module; drawn on no canvas, its animation
// would throw after its test. The chart itself draws nothing here.
vi.mock("../../shared/Chart", async (actual) => ({ ...(await actual<typeof import("../../shared/Chart")>()), Chart: () => null }));

const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const PLANNER: Permission[] = ["dashboard.view", "data.export", "data.import", "forecast.run"];
const APPROVER: Permission[] = ["dashboard.view", "data.export", "forecast.approve"];
const BOTH: Permission[] = [...PLANNER, "forecast.approve"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

const product = (id: string, sku: string, category: string, market: string) => ({ id, fields: { sku, name: `${category} ${sku}`, category, market, active: true } });

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  progressChannels.state.onMessage = null;
  progressChannels.state.made = 0;
  ipc.listForecastRuns.mockResolvedValue(ok([run()]));
  ipc.forecastRunSeries.mockResolvedValue(ok([summary(), summary({ key: GOLD_EU, sku: "GG-EU-60", channelName: "Shop EU", marketCode: "EU", status: "submitted" })]));
  ipc.forecastSeries.mockResolvedValue(ok(detail()));
  ipc.forecastAggregate.mockResolvedValue(ok(aggregateView()));
  ipc.cancelForecastRun.mockResolvedValue(ok(null));
  ipc.listProducts.mockResolvedValue(ok([product("p-red-uk", "GR-UK-30", "GABA Red", "UK"), product("p-gold-eu", "GG-EU-60", "GABA Gold", "EU")]));
  ipc.listChannels.mockResolvedValue(ok([{ id: "c-amazon-uk", fields: { name: "Amazon UK", market: "UK", active: true } }]));
  ipc.listMarkets.mockResolvedValue(ok([{ id: "m-uk", fields: { code: "UK", name: "United Kingdom", active: true } }]));
  ipc.queuedChanges.mockResolvedValue(ok([]));
  ipc.connectionStatus.mockResolvedValue(ok({ online: true, servedFromCache: [] }));
  // The value-added report has its own tests (ValueAddedReport.test.tsx); here it only needs to load.
  ipc.forecastValueAdded.mockResolvedValue(ok(emptyReport()));
});

const renderForecasts = (permissions: Permission[]) =>
  render(<ForecastsScreen />, { path: "/forecasts", session: { permissions, username: "priya.planner" } });

/** Types into a field (or picks an option) as React sees a user do it. */
async function typeInto(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLInputElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  const proto =
    field instanceof HTMLSelectElement
      ? HTMLSelectElement.prototype
      : field instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

const text = (el: HTMLElement, id: string) => byTestId(el, id)?.textContent ?? null;
const all = (el: HTMLElement, id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));

/** A command that answers when the test says so. */
function deferred<T>() {
  let resolve: (value: CommandResult<T>) => void = () => {};
  const promise = new Promise<CommandResult<T>>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function sendProgress(p: RunProgress) {
  await act(async () => progressChannels.state.onMessage?.(p));
}

/** A single-period override waiting on this computer for the server. */
function queued(id: string, forecastId: string, value: number): QueuedEdit {
  return {
    id,
    change: { kind: "override", forecastId, value, reason: "Prime Day", seenStatus: "draft" },
    queuedAt: "2026-12-02T09:00:00Z",
    state: "queued",
    after: null,
    server: null,
    refusal: null,
  };
}

/** Opens the GR-UK-30 series of the newest run. */
async function openRedUk(el: HTMLElement) {
  await until(() => el.querySelector('[data-sku="GR-UK-30"]') !== null);
  await click(el.querySelector('[data-sku="GR-UK-30"] td:nth-child(2)'));
  await until(() => byTestId(el, "forecast-point-row") !== null);
}

describe("forecasts screen", () => {
  it("runs a forecast with the chosen options, follows its progress and opens the new run", async () => {
    ipc.listForecastRuns.mockResolvedValue(ok([]));
    const el = renderForecasts(PLANNER);
    await until(() => byTestId(el, "forecast-runs-empty") !== null);
    expect(text(el, "forecast-runs-empty")).toBe("No forecasts yet — choose a scope and run one");
    await until(() => all(el, "forecast-category").length === 3);
    expect(byTestId<HTMLSelectElement>(el, "forecast-bucket")?.value).toBe("month");

    await click(all(el, "forecast-category").find((c) => (c as HTMLInputElement).value === "GABA Red"));
    await typeInto(el, "forecast-bucket", "week");
    await typeInto(el, "forecast-horizon", "26");
    await typeInto(el, "forecast-model", "Theta");
    expect(byTestId<HTMLSelectElement>(el, "forecast-reconciliation")?.value).toBe("bottomUp");
    await typeInto(el, "forecast-reconciliation", "mint");
    expect(text(el, "forecast-scope-summary")).toContain("Scope: GABA Red.");

    const running = deferred<ForecastRun>();
    ipc.runForecast.mockReturnValueOnce(running.promise);
    await act(async () => byTestId<HTMLFormElement>(el, "forecast-run-form")?.requestSubmit());
    await until(() => byTestId(el, "forecast-progress") !== null);
    expect(ipc.runForecast).toHaveBeenCalledWith(
      { scope: { products: [], channels: [], categories: ["GABA Red"], markets: [] }, bucket: "week", horizon: 26, model: "Theta", reconciliation: "mint" },
      { id: 1 },
    );
    expect(text(el, "forecast-stage")).toBe("Starting…");
    expect(byTestId<HTMLButtonElement>(el, "forecast-run")?.disabled).toBe(true);

    await sendProgress(progress({ stage: "reading", done: 0, total: 0, current: null }));
    expect(text(el, "forecast-stage")).toBe("Reading the sales history");
    expect(byTestId(el, "forecast-progress-bar")?.hasAttribute("value")).toBe(false);
    await sendProgress(progress());
    expect(text(el, "forecast-stage")).toBe("Forecasting: 3 / 10 series");
    expect(text(el, "forecast-progress-count")).toBe("3 / 10 series · GR-UK-30 · Amazon UK");
    expect(byTestId<HTMLProgressElement>(el, "forecast-progress-bar")?.value).toBeCloseTo(0.3);

    ipc.listForecastRuns.mockResolvedValue(ok([run({ bucket: "week", horizon: 26, model: "Theta", scopeLabel: "GABA Red" })]));
    await act(async () => running.resolve(ok(run({ bucket: "week", horizon: 26, model: "Theta", scopeLabel: "GABA Red" }))));
    await until(() => all(el, "forecast-series-row").length === 2);
    expect(byTestId(el, "forecast-progress")).toBeNull();
    expect(text(el, "forecast-run-done")).toBe("Forecast ready: 2 series, 26 weeks ahead, in 3.2 s. Its series are listed below.");
    expect(ipc.forecastRunSeries).toHaveBeenCalledWith(RUN_ID);
    expect(all(el, "forecast-series-row").map((r) => r.getAttribute("data-sku"))).toEqual(["GG-EU-60", "GR-UK-30"]);
    expect(text(el, "forecast-run-row")).toContain("26 weeks");
    expect(text(el, "forecast-run-row")).toContain("Priya Shah");
    expect(byTestId(el, "forecast-run-open")).not.toBeNull();
  });

  it("cancels a run and says nothing was written", async () => {
    const el = renderForecasts(PLANNER);
    const running = deferred<ForecastRun>();
    ipc.runForecast.mockReturnValueOnce(running.promise);
    await click(byTestId(el, "forecast-run"));
    await until(() => byTestId(el, "forecast-cancel") !== null);
    await sendProgress(progress());

    await click(byTestId(el, "forecast-cancel"));
    expect(ipc.cancelForecastRun).toHaveBeenCalledTimes(1);
    expect(text(el, "forecast-cancel")).toContain("Cancelling…");
    await act(async () => running.resolve({ status: "error", error: { kind: "cancelled" } }));
    await until(() => byTestId(el, "forecast-cancelled") !== null);
    expect(text(el, "forecast-cancelled")).toBe("Forecast run cancelled; nothing was written.");
    expect(byTestId(el, "forecast-run-error")).toBeNull();
    expect(byTestId(el, "forecast-progress")).toBeNull();
    expect(byTestId<HTMLButtonElement>(el, "forecast-run")?.disabled).toBe(false);
  });

  it("refuses a horizon out of range on its field, and words a failed run", async () => {
    const el = renderForecasts(PLANNER);
    await typeInto(el, "forecast-horizon", "105");
    await click(byTestId(el, "forecast-run"));
    expect(ipc.runForecast).not.toHaveBeenCalled();
    expect(byTestId(el, "forecast-horizon")?.getAttribute("aria-invalid")).toBe("true");
    expect(el.textContent).toContain("Enter a whole number of periods from 1 to 104");
    expect(document.activeElement).toBe(byTestId(el, "forecast-horizon"));

    await typeInto(el, "forecast-horizon", "");
    ipc.runForecast.mockResolvedValue({ status: "error", error: { kind: "validation", field: "scope", message: "there is no sales history yet; import sales first" } });
    await click(byTestId(el, "forecast-run"));
    await until(() => byTestId(el, "forecast-run-error") !== null);
    expect(ipc.runForecast).toHaveBeenCalledWith(expect.objectContaining({ horizon: null, model: null, bucket: "month" }), expect.anything());
    expect(text(el, "forecast-run-error")).toContain("Scope: there is no sales history yet; import sales first");

    // A refused MinT run names the field as the form labels it.
    ipc.runForecast.mockResolvedValue({ status: "error", error: { kind: "validation", field: "reconciliation", message: "MinT weighs the levels by their backtest" } });
    await click(byTestId(el, "forecast-run"));
    await until(() => text(el, "forecast-run-error")?.includes("Totals: MinT weighs") ?? false);
  });

  it("opens a series: chart, accuracy, the model's reason, the models compared and the periods", async () => {
    const el = renderForecasts(PLANNER);
    await openRedUk(el);
    expect(ipc.forecastSeries).toHaveBeenCalledWith(RUN_ID, RED_UK);
    expect(text(el, "forecast-series-title")).toBe("GR-UK-30 · Amazon UK");
    expect(el.querySelector('[data-sku="GR-UK-30"]')?.getAttribute("data-open")).toBe("true");
    await until(() => byTestId(el, "series-chart-stand-in") !== null);
    expect(text(el, "series-chart-stand-in")).toBe("GR-UK-30: 4 history, 2 forecast");
    expect(text(el, "forecast-partial-note")).toBe("The current period is incomplete: shown, not used to fit the model.");
    expect(byTestId(el, "forecast-stockout-note")).not.toBeNull();
    expect(text(el, "forecast-confidence")).toBe("0.80");
    expect(byTestId(el, "forecast-metrics")?.textContent).toContain("1 / (1 + MASE) of the backtest: 1 is perfect, 0.5 is as large an error as repeating last season.");
    expect(text(el, "forecast-wape")).toBe("12.5%");
    expect(text(el, "forecast-reason")).toBe("ETS had the lowest backtest error of the 5 models tried.");
    expect(all(el, "forecast-candidate").map((r) => r.getAttribute("data-chosen"))).toEqual(["true", "false"]);
    expect(text(el, "forecast-status")).toBe("Draft");

    const rows = all(el, "forecast-point-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toContain("110 – 130");
    expect(rows[1]?.getAttribute("data-overridden")).toBe("true");
    expect(rows[1]?.textContent).toContain("January promotion");
    expect(rows[1]?.textContent).toContain("110");
    expect(all(el, "forecast-override")).toHaveLength(2);
    // No forecast period is complete yet: nothing sold to compare with, and no accuracy.
    expect(byTestId(el, "series-accuracy")).toBeNull();
    expect(text(el, "series-accuracy-none")).toBe("Accuracy appears once a forecast period is complete and its sales are imported.");
    expect(byTestId(el, "forecast-actual-note")).toBeNull();

    await click(byTestId(el, "forecast-series-close"));
    expect(byTestId(el, "forecast-series-view")).toBeNull();
  });

  it("shows what sold in complete forecast periods and how accurate the forecast has been", async () => {
    ipc.forecastSeries.mockResolvedValue(
      ok(
        detail({
          forecast: [
            point("2026-12-01", 120, { actual: 131 }),
            point("2027-01-01", 150, { statistical: 110, overrideReason: "January promotion", changedByName: "Priya Shah" }),
          ],
          accuracy: accuracy(),
        }),
      ),
    );
    const el = renderForecasts(VIEWER);
    await openRedUk(el);
    const headers = Array.from(byTestId(el, "forecast-points")?.querySelectorAll("thead th") ?? []).map((th) => th.textContent);
    const column = headers.indexOf("Actual");
    expect(column).toBe(2);
    const cellsOf = (row: HTMLElement | undefined) => Array.from(row?.children ?? []).map((c) => c.textContent);
    const rows = all(el, "forecast-point-row");
    expect(cellsOf(rows[0])[column]).toBe("131");
    expect(cellsOf(rows[1])[column]).toBe("—");
    expect(text(el, "forecast-actual-note")).toBe("Squares: the units actually sold in forecast periods that are complete.");

    expect(byTestId(el, "series-accuracy-none")).toBeNull();
    expect(text(el, "series-accuracy-final")).toBe("18.0%");
    expect(text(el, "series-accuracy-statistical")).toBe("21.2%");
    expect(text(el, "series-accuracy-naive")).toBe("30.0%");
    expect(text(el, "series-accuracy-override")).toBe("+3.2 pts");
    expect(byTestId(el, "series-accuracy")?.textContent).toContain("made the forecast more accurate");
    expect(text(el, "series-accuracy-note")).toContain("Over 3 complete periods (1 overridden), 330 units sold; the plan ran 4.0% high.");
    expect(text(el, "series-accuracy-note")).toContain("above zero, the overrides helped");
  });

  it("overrides a period only with a reason, shows Rust's refusal on its field and reads the series again", async () => {
    const el = renderForecasts(PLANNER);
    await openRedUk(el);
    await click(all(el, "forecast-override")[0]);
    expect(byTestId<HTMLInputElement>(el, "override-value")?.value).toBe("120");

    await typeInto(el, "override-value", "140");
    await click(byTestId(el, "override-save"));
    expect(ipc.overrideForecast).not.toHaveBeenCalled();
    expect(byTestId(el, "override-reason")?.getAttribute("aria-invalid")).toBe("true");

    await typeInto(el, "override-reason", "Prime Day");
    ipc.overrideForecast.mockResolvedValueOnce({ status: "error", error: { kind: "validation", field: "value", message: "the value is too large" } });
    await act(async () => byTestId(el, "override-value")?.closest("form")?.requestSubmit());
    await until(() => byTestId(el, "override-value")?.getAttribute("aria-invalid") === "true");
    expect(ipc.overrideForecast).toHaveBeenCalledWith({ forecastId: "f-2026-12-01", value: 140, reason: "Prime Day", seenStatus: "draft" });
    expect(byTestId(el, "override-value")?.closest(".field")?.textContent).toContain("the value is too large");

    ipc.overrideForecast.mockResolvedValueOnce(ok({ id: "f-new", queued: false }));
    ipc.forecastSeries.mockResolvedValue(
      ok(detail({ forecast: [point("2026-12-01", 140, { statistical: 120, overrideReason: "Prime Day", changedByName: "Priya Shah" }), point("2027-01-01", 150)] })),
    );
    const seriesReads = ipc.forecastRunSeries.mock.calls.length;
    await click(byTestId(el, "override-save"));
    await until(() => byTestId(el, "forecast-override-notice") !== null);
    expect(byTestId(el, "override-value")).toBeNull();
    expect(ipc.forecastSeries).toHaveBeenCalledTimes(2);
    expect(ipc.forecastRunSeries.mock.calls.length).toBe(seriesReads + 1);
    await until(() => all(el, "forecast-point-row")[0]?.textContent?.includes("Prime Day") === true);
    expect(text(el, "forecast-override-notice")).toBe("Dec 2026 set to 140 units.");

    // Escape leaves the form without saving.
    await click(all(el, "forecast-override")[1]);
    const value = byTestId(el, "override-value");
    await act(async () => value?.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true })));
    expect(byTestId(el, "override-value")).toBeNull();
    expect(ipc.overrideForecast).toHaveBeenCalledTimes(2);
    await until(() => document.activeElement === all(el, "forecast-override")[1]);
  });

  it("sends an override made offline, which Rust queues: the form closes, says so and the period is marked", async () => {
    ipc.connectionStatus.mockResolvedValue(ok({ online: false, servedFromCache: [] }));
    const el = render(
      <ConnectivityProvider>
        <ForecastsScreen />
      </ConnectivityProvider>,
      { path: "/forecasts", session: { permissions: PLANNER, username: "priya.planner" } },
    );
    await openRedUk(el);
    // The Override button stays usable offline.
    await click(all(el, "forecast-override")[0]);
    await until(() => text(el, "override-note")?.startsWith("Offline:") === true);
    await typeInto(el, "override-value", "140");
    await typeInto(el, "override-reason", "Prime Day");

    ipc.overrideForecast.mockResolvedValueOnce(ok({ id: "q-1", queued: true }));
    ipc.queuedChanges.mockResolvedValue(ok([queued("q-1", "f-2026-12-01", 140)]));
    const seriesReads = ipc.forecastSeries.mock.calls.length;
    const queueReads = ipc.queuedChanges.mock.calls.length;
    await click(byTestId(el, "override-save"));
    await until(() => byTestId(el, "override-queued") !== null);
    expect(ipc.overrideForecast).toHaveBeenCalledWith({ forecastId: "f-2026-12-01", value: 140, reason: "Prime Day", seenStatus: "draft" });
    expect(byTestId(el, "override-value")).toBeNull();
    expect(byTestId(el, "override-error")).toBeNull();
    expect(byTestId(el, "forecast-override-notice")).toBeNull();
    expect(text(el, "override-queued")).toBe(
      "Dec 2026 set to 140 units, queued on this computer: the change will be sent when the server answers.",
    );
    // The list of queued changes is read again and marks the period; the series itself is not
    // (nothing changed on the server yet).
    expect(ipc.queuedChanges.mock.calls.length).toBeGreaterThan(queueReads);
    await until(() => all(el, "point-queued").length === 1);
    const rows = all(el, "forecast-point-row");
    expect(text(rows[0] as HTMLElement, "point-queued")).toBe("Queued: 140");
    expect(byTestId(rows[1] as HTMLElement, "point-queued")).toBeNull();
    expect(ipc.forecastSeries.mock.calls.length).toBe(seriesReads);
  });

  it("marks a period whose queued change met a newer value on the server as a conflict", async () => {
    // Someone else overrode January meanwhile: the table shows the server's row, whose id is new.
    const conflict: QueuedEdit = {
      ...queued("q-2", "f-2027-01-01", 90),
      state: "conflict",
      server: {
        forecastId: "f-server",
        value: 170,
        status: "draft",
        reason: "Listing moved",
        changedBy: "Sam Lee",
        changedAt: "2026-12-03T10:00:00Z",
        sku: "GR-UK-30",
        productName: "GABA Red 30",
        channelName: "Amazon UK",
        period: "2027-01-01",
      },
    };
    ipc.queuedChanges.mockResolvedValue(ok([queued("q-1", "f-2026-12-01", 140), conflict]));
    ipc.forecastSeries.mockResolvedValue(ok(detail({ forecast: [point("2026-12-01", 120), point("2027-01-01", 170, { id: "f-server" })] })));
    const el = renderForecasts(PLANNER);
    await openRedUk(el);
    await until(() => all(el, "point-queued").length === 2);
    expect(all(el, "point-queued").map((t) => [t.textContent, t.getAttribute("data-state")])).toEqual([
      ["Queued: 140", "queued"],
      ["Conflict", "conflict"],
    ]);
  });

  it("submits ticked series together, shows Rust's refusal of a move and rejects with a reason", async () => {
    ipc.submitForecasts.mockResolvedValue(ok(12));
    const el = renderForecasts(BOTH);
    await until(() => all(el, "forecast-series-pick").length === 2);
    expect(byTestId<HTMLButtonElement>(el, "forecast-bulk-submit")?.disabled).toBe(true);
    await click(el.querySelector('[data-sku="GR-UK-30"] [data-testid="forecast-series-pick"]'));
    // Ticking a row does not open it.
    expect(byTestId(el, "forecast-series-view")).toBeNull();
    expect(text(el, "forecast-series-picked")).toBe("1 series chosen");
    await click(byTestId(el, "forecast-bulk-submit"));
    await until(() => byTestId(el, "forecast-bulk-notice") !== null);
    expect(ipc.submitForecasts).toHaveBeenCalledWith(RUN_ID, [RED_UK]);
    expect(text(el, "forecast-bulk-notice")).toBe("Submitted for approval: 1 series (12 forecast periods).");

    await openRedUk(el);
    ipc.approveForecasts.mockResolvedValue({ status: "error", error: { kind: "validation", field: "series", message: "a draft forecast must be submitted before it is approved" } });
    await click(byTestId(el, "forecast-approve"));
    await until(() => byTestId(el, "forecast-workflow-error") !== null);
    expect(ipc.approveForecasts).toHaveBeenCalledWith(RUN_ID, [RED_UK]);
    expect(text(el, "forecast-workflow-error")).toContain("a draft forecast must be submitted before it is approved");

    await click(byTestId(el, "forecast-reject"));
    await until(() => byTestId(el, "reject-reason") !== null);
    expect(byTestId<HTMLButtonElement>(el, "reject-confirm")?.disabled).toBe(true);
    await typeInto(el, "reject-reason", " too high for January ");
    ipc.rejectForecasts.mockResolvedValue(ok(2));
    ipc.forecastSeries.mockResolvedValue(
      ok(detail({ forecast: [point("2026-12-01", 120, { status: "rejected", rejectionReason: "too high for January" }), point("2027-01-01", 150, { status: "rejected" })] })),
    );
    await click(byTestId(el, "reject-confirm"));
    await until(() => text(el, "forecast-status") === "Rejected");
    expect(ipc.rejectForecasts).toHaveBeenCalledWith(RUN_ID, [RED_UK], "too high for January");
    expect(byTestId(el, "reject-reason")).toBeNull();
    expect(text(el, "forecast-notice")).toBe("Sent back: 1 series (2 forecast periods).");
    expect(text(el, "forecast-point-rejection")).toBe("Rejected: too high for January");
  });

  it("shows a viewer the runs and series without run, override or workflow controls", async () => {
    ipc.listForecastRuns.mockResolvedValueOnce(ok([]));
    const empty = renderForecasts(VIEWER);
    await until(() => byTestId(empty, "forecast-runs-empty") !== null);
    expect(text(empty, "forecast-runs-empty")).toBe("No forecasts yet; a planner runs them");
    expect(byTestId(empty, "forecast-run-form")).toBeNull();
    expect(text(empty, "forecast-permission-note")).toContain("“Run forecasts and stock optimisation”");
    expect(ipc.listProducts).not.toHaveBeenCalled();

    const el = renderForecasts(VIEWER);
    await openRedUk(el);
    expect(all(el, "forecast-series-pick")).toHaveLength(0);
    expect(byTestId(el, "forecast-override")).toBeNull();
    expect(byTestId(el, "forecast-submit")).toBeNull();
    expect(byTestId(el, "forecast-approve")).toBeNull();
    expect(byTestId(el, "forecast-reject")).toBeNull();
  });

  it("lets an approver approve and reject but not run, override or submit", async () => {
    ipc.approveForecasts.mockResolvedValue(ok(12));
    const el = renderForecasts(APPROVER);
    await openRedUk(el);
    expect(byTestId(el, "forecast-run-form")).toBeNull();
    expect(byTestId(el, "forecast-override")).toBeNull();
    expect(byTestId(el, "forecast-submit")).toBeNull();
    expect(byTestId(el, "forecast-bulk-submit")).toBeNull();
    expect(byTestId(el, "forecast-reject")).not.toBeNull();
    await click(byTestId(el, "forecast-approve"));
    await until(() => byTestId(el, "forecast-notice") !== null);
    expect(text(el, "forecast-notice")).toBe("Approved: 1 series (12 forecast periods).");
  });

  it("searches the series and opens another run", async () => {
    const older = run({ id: "run-older", scopeLabel: "GABA Gold", createdAt: "2026-11-01T09:00:00Z" });
    ipc.listForecastRuns.mockResolvedValue(ok([run(), older]));
    const el = renderForecasts(VIEWER);
    await until(() => all(el, "forecast-series-row").length === 2);
    await typeInto(el, "forecast-series-search", "shop eu");
    expect(all(el, "forecast-series-row").map((r) => r.getAttribute("data-sku"))).toEqual(["GG-EU-60"]);
    await typeInto(el, "forecast-series-search", "nothing like it");
    expect(byTestId(el, "forecast-series-none")).not.toBeNull();

    ipc.forecastRunSeries.mockResolvedValue(ok([summary({ sku: "GG-UK-60" })]));
    await click(all(el, "forecast-run-row")[1]);
    await until(() => all(el, "forecast-series-row").length === 1);
    expect(ipc.forecastRunSeries).toHaveBeenLastCalledWith("run-older");
    // The search belonged to the other run.
    expect(byTestId<HTMLInputElement>(el, "forecast-series-search")?.value).toBe("");
  });
});

describe("series comments", () => {
  const COMMENTS = [
    { id: "c-1", period: null, body: "Listing lost on 3 Nov;\nback since the 20th.", author: "Sam Lee", at: "2026-11-21T14:05:00Z" },
    { id: "c-2", period: "2027-01-01", body: "Promotion agreed with the buyer.", author: null, at: "2026-12-02T09:30:00Z" },
  ];

  /** A comment on the series kept on this computer. */
  function queuedComment(id: string, body: string, period: string | null = null): QueuedEdit {
    return { ...queued(id, "-", 0), change: { kind: "comment", key: RED_UK, period, body } };
  }

  it("lists the comments with their author, time and period, and says when there are none", async () => {
    ipc.forecastSeries.mockResolvedValue(ok(detail({ comments: COMMENTS })));
    const el = renderForecasts(VIEWER);
    await openRedUk(el);
    await until(() => all(el, "series-comment").length === 2);
    const [first, second] = all(el, "series-comment") as [HTMLElement, HTMLElement];
    expect(text(first, "comment-author")).toBe("Sam Lee");
    expect(first.textContent).toContain("21 Nov 2026, 14:05");
    expect(byTestId(first, "comment-about")).toBeNull();
    expect(text(first, "comment-text")).toBe("Listing lost on 3 Nov;\nback since the 20th.");
    expect(text(second, "comment-author")).toBe("Unknown author");
    expect(text(second, "comment-about")).toBe(" · Jan 2027");
    expect(text(second, "comment-text")).toBe("Promotion agreed with the buyer.");
    expect(byTestId(el, "series-comments-empty")).toBeNull();
    // A viewer reads the comments but may not add one.
    expect(byTestId(el, "comment-form")).toBeNull();

    ipc.forecastSeries.mockResolvedValue(ok(detail()));
    const empty = renderForecasts(PLANNER);
    await openRedUk(empty);
    await until(() => byTestId(empty, "series-comments-empty") !== null);
    expect(text(empty, "series-comments-empty")).toBe(
      "No comments yet. Note what the figures do not show: a promotion, a lost listing, a customer's call.",
    );
    expect(byTestId(empty, "comment-form")).not.toBeNull();
  });

  it("shows this series' comments kept on this computer, and not another series' or an override", async () => {
    ipc.queuedChanges.mockResolvedValue(
      ok([
        queued("q-0", "f-2026-12-01", 140),
        queuedComment("q-1", "Buyer called: expect a reorder.", "2026-12-01"),
        { ...queuedComment("q-2", "Not this series."), change: { kind: "comment", key: GOLD_EU, period: null, body: "Not this series." } },
      ]),
    );
    ipc.forecastSeries.mockResolvedValue(ok(detail({ comments: COMMENTS.slice(0, 1) })));
    const el = renderForecasts(PLANNER);
    await openRedUk(el);
    await until(() => all(el, "series-comment-queued").length === 1);
    const mine = all(el, "series-comment-queued")[0] as HTMLElement;
    expect(text(mine, "comment-author")).toBe("You");
    expect(text(mine, "comment-about")).toBe(" · Dec 2026");
    expect(text(mine, "comment-text")).toBe("Buyer called: expect a reorder.");
    expect(mine.textContent).toContain("Queued — sent when the server answers");
    expect(all(el, "series-comment")).toHaveLength(1);
  });

  it("saves a comment on a period with the right request, clears the text and reads the series again", async () => {
    const el = renderForecasts(PLANNER);
    await openRedUk(el);
    await until(() => byTestId(el, "comment-body") !== null);
    expect(all(el, "comment-period")[0]?.textContent).toBe("The whole seriesDec 2026Jan 2027");
    await typeInto(el, "comment-body", "January promotion confirmed.");
    await typeInto(el, "comment-period", "2027-01-01");

    ipc.addForecastComment.mockResolvedValueOnce(ok({ id: "c-new", queued: false }));
    ipc.forecastSeries.mockResolvedValue(
      ok(detail({ comments: [{ id: "c-new", period: "2027-01-01", body: "January promotion confirmed.", author: "Priya Shah", at: "2026-12-06T10:00:00Z" }] })),
    );
    const seriesReads = ipc.forecastSeries.mock.calls.length;
    await click(byTestId(el, "comment-save"));
    await until(() => all(el, "series-comment").length === 1);
    expect(ipc.addForecastComment).toHaveBeenCalledWith({ key: RED_UK, period: "2027-01-01", body: "January promotion confirmed." });
    expect(ipc.forecastSeries.mock.calls.length).toBe(seriesReads + 1);
    expect(byTestId<HTMLTextAreaElement>(el, "comment-body")?.value).toBe("");
    expect(text(el, "comment-saved")).toBe("Comment saved.");
    expect(byTestId(el, "comment-queued")).toBeNull();

    // Ctrl+Enter saves from the text, here about the whole series.
    await typeInto(el, "comment-period", "");
    await typeInto(el, "comment-body", "Second note");
    ipc.addForecastComment.mockResolvedValueOnce(ok({ id: "c-two", queued: false }));
    const body = byTestId(el, "comment-body");
    await act(async () => body?.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", ctrlKey: true, bubbles: true })));
    await until(() => ipc.addForecastComment.mock.calls.length === 2);
    expect(ipc.addForecastComment).toHaveBeenLastCalledWith({ key: RED_UK, period: null, body: "Second note" });
  });

  it("sends a comment made offline, which Rust queues: says so and lists it as queued without reading the series", async () => {
    ipc.connectionStatus.mockResolvedValue(ok({ online: false, servedFromCache: [] }));
    const el = render(
      <ConnectivityProvider>
        <ForecastsScreen />
      </ConnectivityProvider>,
      { path: "/forecasts", session: { permissions: PLANNER, username: "priya.planner" } },
    );
    await openRedUk(el);
    await until(() => byTestId(el, "comment-body") !== null);
    await typeInto(el, "comment-body", "Buyer called: expect a reorder.");

    ipc.addForecastComment.mockResolvedValueOnce(ok({ id: "q-1", queued: true }));
    ipc.queuedChanges.mockResolvedValue(ok([queuedComment("q-1", "Buyer called: expect a reorder.")]));
    const seriesReads = ipc.forecastSeries.mock.calls.length;
    const queueReads = ipc.queuedChanges.mock.calls.length;
    await click(byTestId(el, "comment-save"));
    await until(() => byTestId(el, "comment-queued") !== null);
    expect(ipc.addForecastComment).toHaveBeenCalledWith({ key: RED_UK, period: null, body: "Buyer called: expect a reorder." });
    expect(text(el, "comment-queued")).toBe("Queued on this computer; sent when the server answers.");
    expect(byTestId(el, "comment-error")).toBeNull();
    expect(byTestId<HTMLTextAreaElement>(el, "comment-body")?.value).toBe("");
    expect(ipc.queuedChanges.mock.calls.length).toBeGreaterThan(queueReads);
    await until(() => all(el, "series-comment-queued").length === 1);
    expect(byTestId(el, "series-comments-empty")).toBeNull();
    expect(ipc.forecastSeries.mock.calls.length).toBe(seriesReads);
  });

  it("shows Rust's refusal of a blank comment under the text and keeps what was typed", async () => {
    const el = renderForecasts(PLANNER);
    await openRedUk(el);
    await until(() => byTestId(el, "comment-body") !== null);
    await typeInto(el, "comment-body", "   ");
    ipc.addForecastComment.mockResolvedValueOnce({ status: "error", error: { kind: "validation", field: "body", message: "a comment cannot be blank" } });
    await click(byTestId(el, "comment-save"));
    await until(() => byTestId(el, "comment-body")?.getAttribute("aria-invalid") === "true");
    expect(ipc.addForecastComment).toHaveBeenCalledWith({ key: RED_UK, period: null, body: "   " });
    expect(byTestId(el, "comment-body")?.closest(".field")?.querySelector(".field-error")?.textContent).toContain("a comment cannot be blank");
    expect(byTestId(el, "comment-error")).toBeNull();
    expect(byTestId(el, "comment-saved")).toBeNull();
    expect(byTestId<HTMLTextAreaElement>(el, "comment-body")?.value).toBe("   ");
  });
});
