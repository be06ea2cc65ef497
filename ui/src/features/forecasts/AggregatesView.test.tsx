// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AggregateGroup, Permission } from "../../lib/ipc";
import { ConnectivityProvider } from "../../shared/connectivity";
import { byTestId, render, until } from "../../test/render";
import { ForecastsScreen } from "./ForecastsScreen";
import { RUN_ID, aggregateGroup, aggregatePeriod, aggregateView, categoryView, detail, emptyReport, run, summary } from "./fixtures.test-data";

const ipc = vi.hoisted(() => ({
  listForecastRuns: vi.fn(),
  forecastRunSeries: vi.fn(),
  forecastSeries: vi.fn(),
  forecastAggregate: vi.fn(),
  forecastValueAdded: vi.fn(),
  overrideForecastAggregate: vi.fn(),
  overrideForecast: vi.fn(),
  queuedChanges: vi.fn(),
  connectionStatus: vi.fn(),
  listProducts: vi.fn(),
  listChannels: vi.fn(),
  listMarkets: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));
// The chart library draws on a canvas, which the test DOM has not got: the stand-in shows what it was given.
vi.mock("./AggregateChart", () => ({
  AggregateChart: ({ group }: { group: AggregateGroup }) => (
    <p data-testid="aggregate-chart-stand-in">
      {group.label}: {group.history.length} history, {group.forecast.length} forecast
    </p>
  ),
}));
vi.mock("./SeriesCharts", () => ({ SeriesChart: () => null, ComponentsChart: () => null }));

const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const PLANNER: Permission[] = ["dashboard.view", "data.export", "data.import", "forecast.run"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.listForecastRuns.mockResolvedValue(ok([run()]));
  ipc.forecastRunSeries.mockResolvedValue(ok([summary()]));
  ipc.forecastSeries.mockResolvedValue(ok(detail()));
  ipc.forecastAggregate.mockImplementation((_runId: string, level: string) => Promise.resolve(ok(level === "category" ? categoryView() : aggregateView())));
  ipc.listProducts.mockResolvedValue(ok([]));
  ipc.listChannels.mockResolvedValue(ok([]));
  ipc.listMarkets.mockResolvedValue(ok([]));
  ipc.queuedChanges.mockResolvedValue(ok([]));
  ipc.connectionStatus.mockResolvedValue(ok({ online: true, servedFromCache: [] }));
  // The value-added report has its own tests (ValueAddedReport.test.tsx); here it only needs to load.
  ipc.forecastValueAdded.mockResolvedValue(ok(emptyReport()));
});

const renderForecasts = (permissions: Permission[]) =>
  render(<ForecastsScreen />, { path: "/forecasts", session: { permissions, username: "priya.planner" } });

async function typeInto(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLInputElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

const text = (el: ParentNode, id: string) => byTestId(el, id)?.textContent ?? null;
const all = (el: ParentNode, id: string) => Array.from(el.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
const rowKeys = (el: HTMLElement) => all(el, "aggregate-row").map((r) => r.getAttribute("data-key"));
const row = (el: HTMLElement, key: string) => all(el, "aggregate-row").find((r) => r.getAttribute("data-key") === key) ?? null;
const cell = (r: HTMLElement | null, period: string) => r?.querySelector<HTMLElement>(`[data-testid="aggregate-cell"][data-period="${period}"]`) ?? null;

describe("the aggregates of a run", () => {
  it("shows the run's total, then its categories when the level is switched, and charts the row chosen", async () => {
    const el = renderForecasts(VIEWER);
    await until(() => all(el, "aggregate-row").length === 1);
    expect(ipc.forecastAggregate).toHaveBeenCalledWith(RUN_ID, "total");
    expect(byTestId<HTMLInputElement>(el, "aggregate-level-total")?.checked).toBe(true);
    // Between the runs and the series.
    const order = all(el, "forecast-runs").concat(all(el, "forecast-aggregates"), all(el, "forecast-series"));
    expect(order.map((s) => s.getAttribute("data-testid"))).toEqual(["forecast-runs", "forecast-aggregates", "forecast-series"]);

    expect(text(el, "aggregate-notes")).toContain("This run is bottom-up");
    const headers = Array.from(byTestId(el, "aggregate-table")?.querySelectorAll("thead th") ?? []).map((th) => th.textContent);
    expect(headers).toEqual(["Scope", "Dec 2026", "Jan 2027", "Total"]);
    const total = row(el, "all");
    expect(cell(total, "2026-12-01")?.textContent).toBe("240");
    // January was overridden: 300 where the models said 260, in one of its two series.
    expect(text(cell(total, "2027-01-01") as HTMLElement, "aggregate-statistical")).toBe("Statistical: 260");
    expect(text(cell(total, "2027-01-01") as HTMLElement, "aggregate-overridden")).toContain("1 of 2 series overridden");
    expect(byTestId(cell(total, "2026-12-01") as HTMLElement, "aggregate-statistical")).toBeNull();
    expect(text(total as HTMLElement, "aggregate-total")).toBe("540");
    // A viewer reads the figures but cannot set them.
    expect(cell(total, "2026-12-01")?.tagName).toBe("SPAN");
    await until(() => byTestId(el, "aggregate-chart-stand-in") !== null);
    expect(text(el, "aggregate-chart-stand-in")).toBe("All series: 2 history, 2 forecast");
    expect(byTestId(el, "aggregate-partial-note")).not.toBeNull();

    await click(byTestId(el, "aggregate-level-category"));
    await until(() => all(el, "aggregate-row").length === 2);
    expect(ipc.forecastAggregate).toHaveBeenLastCalledWith(RUN_ID, "category");
    expect(byTestId<HTMLInputElement>(el, "aggregate-level-category")?.checked).toBe(true);
    expect(rowKeys(el)).toEqual(["GABA Gold", "GABA Red"]);
    expect(row(el, "GABA Gold")?.textContent).toContain("—");
    expect(text(el, "aggregate-chart-stand-in")).toBe("GABA Gold: 2 history, 1 forecast");
    expect(row(el, "GABA Gold")?.getAttribute("data-selected")).toBe("true");

    await click(row(el, "GABA Red")?.querySelector("td"));
    expect(text(el, "aggregate-chart-stand-in")).toBe("GABA Red: 2 history, 2 forecast");
    expect(row(el, "GABA Red")?.getAttribute("data-selected")).toBe("true");
    expect(row(el, "GABA Gold")?.getAttribute("data-selected")).toBe("false");
  });

  it("says when the run's series were reconciled by MinT", async () => {
    ipc.listForecastRuns.mockResolvedValue(ok([run({ reconciliation: "mint" })]));
    const el = renderForecasts(VIEWER);
    await until(() => all(el, "aggregate-row").length === 1);
    expect(text(el, "aggregate-notes")).toContain("This run reconciled its series by MinT");
  });

  it("sets a group's period with a reason, shows Rust's refusal on its field and reads the sums and the series again", async () => {
    const el = renderForecasts(PLANNER);
    await until(() => all(el, "aggregate-row").length === 1);
    await click(cell(row(el, "all"), "2027-01-01"));
    expect(byTestId<HTMLInputElement>(el, "aggregate-override-value")?.value).toBe("300");
    expect(text(el, "aggregate-override-note")).toBe(
      "The total is spread over the 2 series below in proportion to their statistical forecast; Escape cancels.",
    );

    await typeInto(el, "aggregate-override-value", "320");
    await click(byTestId(el, "aggregate-override-save"));
    expect(ipc.overrideForecastAggregate).not.toHaveBeenCalled();
    expect(byTestId(el, "aggregate-override-reason")?.getAttribute("aria-invalid")).toBe("true");

    await typeInto(el, "aggregate-override-reason", " Promotion ");
    ipc.overrideForecastAggregate.mockResolvedValueOnce({ status: "error", error: { kind: "validation", field: "value", message: "the value is too large" } });
    await click(byTestId(el, "aggregate-override-save"));
    await until(() => byTestId(el, "aggregate-override-value")?.getAttribute("aria-invalid") === "true");
    expect(byTestId(el, "aggregate-override-value")?.closest(".field")?.textContent).toContain("the value is too large");
    expect(byTestId(el, "aggregate-override-done")).toBeNull();

    ipc.overrideForecastAggregate.mockResolvedValueOnce(ok(2));
    ipc.forecastAggregate.mockResolvedValue(
      ok(aggregateView({ groups: [aggregateGroup({ forecast: [aggregatePeriod("2026-12-01", 240), aggregatePeriod("2027-01-01", 320, { statistical: 260, overridden: 2 })], total: 560 })] })),
    );
    const aggregateReads = ipc.forecastAggregate.mock.calls.length;
    const seriesReads = ipc.forecastRunSeries.mock.calls.length;
    await click(byTestId(el, "aggregate-override-save"));
    await until(() => byTestId(el, "aggregate-override-done") !== null);
    expect(ipc.overrideForecastAggregate).toHaveBeenLastCalledWith({
      runId: RUN_ID,
      level: "total",
      groupKey: "all",
      period: "2027-01-01",
      value: 320,
      reason: "Promotion",
    });
    expect(text(el, "aggregate-override-done")).toBe("Spread over 2 series: All series, Jan 2027 set to 320 units.");
    expect(byTestId(el, "aggregate-override-value")).toBeNull();
    await until(() => text(row(el, "all") as HTMLElement, "aggregate-total") === "560");
    expect(ipc.forecastAggregate.mock.calls.length).toBe(aggregateReads + 1);
    expect(ipc.forecastRunSeries.mock.calls.length).toBe(seriesReads + 1);
    expect(text(cell(row(el, "all"), "2027-01-01") as HTMLElement, "aggregate-overridden")).toContain("2 of 2 series overridden");
  });

  it("reads the sums again when a series is overridden below them", async () => {
    const el = renderForecasts(PLANNER);
    await until(() => el.querySelector('[data-sku="GR-UK-30"]') !== null && all(el, "aggregate-row").length === 1);
    await click(el.querySelector('[data-sku="GR-UK-30"] td:nth-child(2)'));
    await until(() => all(el, "forecast-override").length > 0);
    await click(all(el, "forecast-override")[0]);
    await typeInto(el, "override-reason", "Prime Day");
    ipc.overrideForecast.mockResolvedValueOnce(ok({ id: "f-new", queued: false }));
    const aggregateReads = ipc.forecastAggregate.mock.calls.length;
    await click(byTestId(el, "override-save"));
    await until(() => byTestId(el, "forecast-override-notice") !== null);
    await until(() => ipc.forecastAggregate.mock.calls.length === aggregateReads + 1);
  });

  it("refuses to set a group's period offline without sending it: only a single period's override is queued", async () => {
    ipc.connectionStatus.mockResolvedValue(ok({ online: false, servedFromCache: [] }));
    const el = render(
      <ConnectivityProvider>
        <ForecastsScreen />
      </ConnectivityProvider>,
      { path: "/forecasts", session: { permissions: PLANNER, username: "priya.planner" } },
    );
    await until(() => all(el, "aggregate-row").length === 1 && ipc.connectionStatus.mock.calls.length > 0);
    await click(cell(row(el, "all"), "2027-01-01"));
    await typeInto(el, "aggregate-override-value", "320");
    await typeInto(el, "aggregate-override-reason", "Promotion");
    await click(byTestId(el, "aggregate-override-save"));
    await until(() => byTestId(el, "aggregate-override-error") !== null);
    expect(ipc.overrideForecastAggregate).not.toHaveBeenCalled();
    expect(byTestId(el, "aggregate-override-error")?.getAttribute("data-error-kind")).toBe("offline");
    expect(text(el, "aggregate-override-error")).toContain("changes are disabled while offline");
    expect(byTestId(el, "aggregate-override-value")).not.toBeNull();
  });

  it("says when the run has nothing to sum, and when the sums cannot be read", async () => {
    ipc.forecastAggregate.mockResolvedValue(ok(aggregateView({ groups: [] })));
    const empty = renderForecasts(VIEWER);
    await until(() => byTestId(empty, "aggregate-empty") !== null);
    expect(byTestId(empty, "aggregate-table")).toBeNull();
    expect(byTestId(empty, "aggregate-chart")).toBeNull();

    ipc.forecastAggregate.mockResolvedValue({ status: "error", error: { kind: "offline" } });
    const failed = renderForecasts(VIEWER);
    await until(() => byTestId(failed, "aggregate-error") !== null);
    expect(text(failed, "aggregate-error")).toContain("load the aggregates");
  });
});
