// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Dashboard, DashboardQuery, StockRisk } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { cacheInfo } from "../../test/cacheInfo";
import { DashboardScreen } from "./DashboardScreen";

const ipc = vi.hoisted(() => ({ getDashboard: vi.fn(), getStockRisks: vi.fn(), offlineCacheInfo: vi.fn(), keepOffline: vi.fn() }));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

const kpi = (value: string) => ({ value, previousYear: null, changePct: null });

/** The rate Rust converted GBP at, for a reporting currency other than GBP. */
function conversion(query: DashboardQuery): Dashboard["conversion"] {
  return query.reportingCurrency === "GBP"
    ? null
    : { from: "GBP", to: query.reportingCurrency, rate: "1.265", date: "2026-11-27", source: "import: rates.csv" };
}

/** A dashboard with the given markets, each with one channel; no trend, so no chart loads. */
function dashboard(query: DashboardQuery, units: string, markets: string[]): Dashboard {
  return {
    from: query.from,
    to: query.to,
    reportingCurrency: query.reportingCurrency,
    conversion: conversion(query),
    kpis: {
      revenue: kpi("1000.00"),
      units: kpi(units),
      grossMargin: { pct: null, previousYearPct: null, changePoints: null },
      netProfit: kpi("100.00"),
    },
    byMarket: markets.map((code) => ({
      marketCode: code,
      marketName: `Market ${code}`,
      revenueLocal: null,
      revenue: "500.00",
      units,
      grossMarginPct: null,
      netProfit: "50.00",
    })),
    byChannel: markets.map((code) => ({
      channelId: `ch-${code}`,
      channelName: `Shop ${code}`,
      marketCode: code,
      revenue: "500.00",
      units,
      grossMarginPct: null,
      netProfit: "50.00",
    })),
    dataUntil: "2026-10-31",
    trendBucket: "month",
    trend: [],
    topProducts: [],
    bottomProducts: [],
    forecastAccuracy: null,
  } as Dashboard;
}

beforeEach(() => {
  ipc.getDashboard.mockReset();
  ipc.getStockRisks.mockReset();
  ipc.getStockRisks.mockResolvedValue({ status: "ok", data: [] });
  ipc.offlineCacheInfo.mockReset();
  ipc.offlineCacheInfo.mockResolvedValue(ok(cacheInfo([])));
  ipc.keepOffline.mockReset();
  ipc.keepOffline.mockResolvedValue(ok(true));
  window.sessionStorage.clear();
});

const renderDashboard = () => render(<DashboardScreen />, { path: "/dashboard", session: { permissions: ["dashboard.view"] } });

function choose(select: HTMLSelectElement | null, value: string) {
  if (!select) throw new Error("no such select");
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

const options = (el: HTMLElement) =>
  Array.from(el.querySelectorAll<HTMLOptionElement>('[data-testid="filter-market"] option')).map((o) => o.value);

describe("dashboard screen", () => {
  it("shows the figures, and keeps the unfiltered markets on offer while one is chosen", async () => {
    ipc.getDashboard.mockImplementation(async (q: DashboardQuery) => ({
      status: "ok",
      data: q.market ? dashboard(q, "7", [q.market]) : dashboard(q, "42", ["UK", "DE"]),
    }));
    const el = renderDashboard();
    await until(() => byTestId(el, "kpi-units")?.textContent?.includes("42") === true);
    expect(options(el)).toEqual(expect.arrayContaining(["UK", "DE"]));

    choose(byTestId<HTMLSelectElement>(el, "filter-market"), "DE");
    await until(() => byTestId(el, "kpi-units")?.textContent?.includes("7") === true);
    expect(ipc.getDashboard).toHaveBeenLastCalledWith(expect.objectContaining({ market: "DE" }));
    expect(options(el)).toEqual(expect.arrayContaining(["UK", "DE"]));
  });

  it("says what rate the amounts were converted at, and nothing when reporting in GBP", async () => {
    ipc.getDashboard.mockImplementation(async (q: DashboardQuery) => ({ status: "ok", data: dashboard(q, "42", ["UK"]) }));
    const el = renderDashboard();
    await until(() => byTestId(el, "kpi-units") !== null);
    expect(ipc.getDashboard).toHaveBeenLastCalledWith(expect.objectContaining({ reportingCurrency: "GBP" }));
    expect(byTestId(el, "dashboard-conversion")).toBeNull();

    choose(byTestId<HTMLSelectElement>(el, "currency"), "USD");
    await until(() => byTestId(el, "dashboard-conversion") !== null);
    expect(byTestId(el, "dashboard-conversion")?.textContent).toBe(
      "Converted at 1 GBP = 1.2650 USD (import: rates.csv, 27 Nov 2026)",
    );
  });

  it("lists the items at risk of running out with their status, cover and risk, or says none is", async () => {
    const risk: StockRisk = {
      productId: "p1",
      sku: "GABA_RED_UK",
      name: "GABA Red 50cl (UK)",
      location: "FBA-UK",
      asOf: "2026-10-25",
      status: "critical",
      available: 12,
      inbound: 300,
      reorderPoint: 140,
      daysOfCover: 3,
      risk: "0.87",
    };
    ipc.getDashboard.mockImplementation(async (q: DashboardQuery) => ({ status: "ok", data: dashboard(q, "42", ["UK"]) }));
    ipc.getStockRisks.mockImplementation(async (market: string | null) => ({ status: "ok", data: market ? [] : [risk] }));
    const el = renderDashboard();
    await until(() => byTestId(el, "stock-risk-row") !== null);
    const cells = Array.from(byTestId(el, "stock-risk-row")?.querySelectorAll("td") ?? []).map((td) => td.textContent);
    expect(cells).toEqual(["GABA Red 50cl (UK) GABA_RED_UK", "FBA-UK", "Critical", "12", "300", "140", "3", "87%"]);

    choose(byTestId<HTMLSelectElement>(el, "filter-market"), "UK");
    await until(() => byTestId(el, "stock-risks-empty") !== null);
    expect(byTestId(el, "stock-risks-empty")?.textContent).toContain("No item is at or below its reorder point.");
    expect(ipc.getStockRisks).toHaveBeenLastCalledWith("UK");
  });

  it("says forecast accuracy is yet to come until a forecast period has been scored", async () => {
    ipc.getDashboard.mockImplementation(async (q: DashboardQuery) => ({ status: "ok", data: dashboard(q, "42", ["UK"]) }));
    const el = renderDashboard();
    await until(() => byTestId(el, "forecast-accuracy-empty") !== null);
    expect(byTestId(el, "forecast-accuracy")).toBeNull();
    expect(byTestId(el, "forecast-accuracy-empty")?.textContent).toContain("No forecast accuracy yet.");
  });

  it("shows the planned forecast's error beside the statistical and naive ones, and what the overrides added", async () => {
    const accuracy = {
      points: 1234,
      overridden: 56,
      actual: 98000,
      naiveWape: 0.305,
      statisticalWape: 0.212,
      finalWape: 0.18,
      finalBias: 0.02,
      overrideValueAdded: 0.032,
      statisticalValueAdded: 0.093,
    };
    ipc.getDashboard.mockImplementation(async (q: DashboardQuery) => ({
      status: "ok",
      data: { ...dashboard(q, "42", ["UK"]), forecastAccuracy: accuracy },
    }));
    const el = renderDashboard();
    await until(() => byTestId(el, "forecast-accuracy") !== null);
    expect(byTestId(el, "forecast-accuracy-empty")).toBeNull();
    expect(byTestId(el, "forecast-accuracy-final")?.textContent).toBe("18.0%");
    expect(byTestId(el, "forecast-accuracy-compare")?.textContent).toBe("Statistical 21.2% · Naive 30.5%");
    const overrides = byTestId(el, "forecast-accuracy-overrides");
    expect(overrides?.textContent).toBe("Overrides: +3.2 pts (made the forecast more accurate)");
    expect(overrides?.className).toContain("up");
    expect(byTestId(el, "forecast-accuracy-basis")?.textContent).toContain("over 1,234 scored series-periods (56 overridden)");
  });

  it("says so when the overrides made the forecast worse", async () => {
    ipc.getDashboard.mockImplementation(async (q: DashboardQuery) => ({
      status: "ok",
      data: {
        ...dashboard(q, "42", ["UK"]),
        forecastAccuracy: {
          points: 8,
          overridden: 3,
          actual: 400,
          naiveWape: 0.3,
          statisticalWape: 0.2,
          finalWape: 0.21,
          finalBias: -0.05,
          overrideValueAdded: -0.01,
          statisticalValueAdded: 0.1,
        },
      },
    }));
    const el = renderDashboard();
    await until(() => byTestId(el, "forecast-accuracy") !== null);
    const overrides = byTestId(el, "forecast-accuracy-overrides");
    expect(overrides?.textContent).toBe("Overrides: \u22121.0 pts (made the forecast less accurate)");
    expect(overrides?.className).toContain("down");
  });

  it("words a failure as errors.ts does", async () => {
    ipc.getDashboard.mockResolvedValue({ status: "error", error: { kind: "offline" } });
    const el = renderDashboard();
    await until(() => byTestId(el, "dashboard-error") !== null);
    expect(byTestId(el, "dashboard-error")?.getAttribute("data-error-kind")).toBe("offline");
    expect(byTestId(el, "dashboard-error")?.textContent).toContain("Could not load the dashboard");
  });
});

describe("keeping the dashboard offline", () => {
  it("offers Keep offline in the header for the dashboard, and on the stock risks for their own screen", async () => {
    ipc.getDashboard.mockImplementation(async (q: DashboardQuery) => ({ status: "ok", data: dashboard(q, "42", ["UK"]) }));
    const el = renderDashboard();
    const header = () => el.querySelector<HTMLElement>('.page-header [data-testid="keep-offline"]');
    const stock = () => byTestId(byTestId(el, "dashboard-stock") ?? el, "keep-offline");
    await until(() => header() !== null && stock() !== null);
    expect(header()?.getAttribute("aria-pressed")).toBe("false");

    ipc.offlineCacheInfo.mockResolvedValue(ok(cacheInfo(["dashboard"])));
    await act(async () => header()?.click());
    await until(() => header()?.getAttribute("aria-pressed") === "true");
    expect(ipc.keepOffline).toHaveBeenCalledExactlyOnceWith("dashboard", true);
    // Another screen: the stock risks are not kept by keeping the dashboard.
    expect(stock()?.getAttribute("aria-pressed")).toBe("false");

    await act(async () => stock()?.click());
    expect(ipc.keepOffline).toHaveBeenLastCalledWith("stockRisks", true);
  });
});
