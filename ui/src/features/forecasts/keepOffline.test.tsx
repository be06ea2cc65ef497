// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Permission } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { cacheInfo } from "../../test/cacheInfo";
import { ForecastsScreen } from "./ForecastsScreen";
import { GOLD_EU, aggregateView, detail, emptyReport, run, summary } from "./fixtures.test-data";

const ipc = vi.hoisted(() => ({
  listForecastRuns: vi.fn(),
  forecastRunSeries: vi.fn(),
  forecastSeries: vi.fn(),
  forecastAggregate: vi.fn(),
  forecastValueAdded: vi.fn(),
  queuedChanges: vi.fn(),
  offlineCacheInfo: vi.fn(),
  keepOffline: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));
// Charts draw on a canvas, which the test DOM has not got; here only the headers matter.
vi.mock("./SeriesCharts", () => ({ SeriesChart: () => null, ComponentsChart: () => null }));
vi.mock("./AggregateChart", () => ({ AggregateChart: () => null }));

const VIEWER: Permission[] = ["dashboard.view", "data.export"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.listForecastRuns.mockResolvedValue(ok([run()]));
  ipc.forecastRunSeries.mockResolvedValue(ok([summary(), summary({ key: GOLD_EU, sku: "GG-EU-60", channelName: "Shop EU", marketCode: "EU" })]));
  ipc.forecastSeries.mockResolvedValue(ok(detail()));
  ipc.forecastAggregate.mockResolvedValue(ok(aggregateView()));
  ipc.forecastValueAdded.mockResolvedValue(ok(emptyReport()));
  ipc.queuedChanges.mockResolvedValue(ok([]));
  ipc.offlineCacheInfo.mockResolvedValue(ok(cacheInfo(["forecastRuns"])));
  ipc.keepOffline.mockResolvedValue(ok(true));
});

/** The Keep offline button in the part of the screen with this test id. */
const keepIn = (el: HTMLElement, part: string) => byTestId(byTestId(el, part) ?? el, "keep-offline");

describe("keeping forecasts offline", () => {
  it("offers Keep offline for the runs, the open run's series and the open series, each as its own screen", async () => {
    const el = render(<ForecastsScreen />, { path: "/forecasts", session: { permissions: VIEWER } });
    await until(() => el.querySelector('[data-sku="GR-UK-30"]') !== null);

    // Pressed state per screen: the runs are kept, the series list is not.
    await until(() => keepIn(el, "forecast-runs")?.getAttribute("aria-pressed") === "true");
    expect(keepIn(el, "forecast-series")?.getAttribute("aria-pressed")).toBe("false");

    await act(async () => keepIn(el, "forecast-series")?.click());
    expect(ipc.keepOffline).toHaveBeenLastCalledWith("forecastSeries", true);

    await act(async () => (el.querySelector('[data-sku="GR-UK-30"] td:nth-child(2)') as HTMLElement | null)?.click());
    await until(() => keepIn(el, "forecast-series-view") !== null);
    await act(async () => keepIn(el, "forecast-series-view")?.click());
    expect(ipc.keepOffline).toHaveBeenLastCalledWith("forecastDetail", true);

    await act(async () => keepIn(el, "forecast-runs")?.click());
    expect(ipc.keepOffline).toHaveBeenLastCalledWith("forecastRuns", false);
    expect(ipc.keepOffline).toHaveBeenCalledTimes(3);
  });
});
