// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Dashboard, DashboardQuery } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { DashboardScreen } from "./DashboardScreen";

const ipc = vi.hoisted(() => ({ getDashboard: vi.fn() }));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));

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
    stockRisks: [],
    forecastAccuracy: null,
  } as Dashboard;
}

beforeEach(() => {
  ipc.getDashboard.mockReset();
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

  it("words a failure as errors.ts does", async () => {
    ipc.getDashboard.mockResolvedValue({ status: "error", error: { kind: "offline" } });
    const el = renderDashboard();
    await until(() => byTestId(el, "dashboard-error") !== null);
    expect(byTestId(el, "dashboard-error")?.getAttribute("data-error-kind")).toBe("offline");
    expect(byTestId(el, "dashboard-error")?.textContent).toContain("Could not load the dashboard");
  });
});
