// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CashProjection, CashRequest, Permission, RiskMonth } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import type { ComparedScenario } from "./charts";
import { FEB, MAR, SCENARIOS, cashMonth, projection } from "./fixtures.test-data";
import { WorkingCapitalScreen } from "./WorkingCapitalScreen";

const ipc = vi.hoisted(() => ({
  cashScenarios: vi.fn(),
  projectCash: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));
// The chart library draws on a canvas, which the test DOM has not got: the stand-ins show what they were given.
vi.mock("./CashCharts", () => ({
  CashChart: ({ projection: p }: { projection: CashProjection }) => <p data-testid="cash-chart-stand-in">{p.months.length} months</p>,
  RiskChart: ({ risk }: { risk: RiskMonth[] }) => <p data-testid="risk-chart-stand-in">{risk.length} months</p>,
  BalancesChart: ({ projection: p }: { projection: CashProjection }) => <p data-testid="balances-chart-stand-in">{p.months.length} months</p>,
  CompareChart: ({ scenarios }: { scenarios: ComparedScenario[] }) => (
    <p data-testid="compare-chart-stand-in">{scenarios.map((s) => s.name).join(", ")}</p>
  ),
}));

const MANAGER: Permission[] = ["dashboard.view", "data.export", "working_capital.view"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

/** Rust's answer: the scenario asked for, with the fixture's months. */
function answer(request: CashRequest) {
  const risk = request.simulations ? [{ month: "2027-01-01", shortfall: 0, lineOver75: 0 }, { month: "2027-02-01", shortfall: 0.12, lineOver75: 0.3 }] : null;
  if (request.scenario === "Pessimistic") {
    return ok(projection({ scenario: "Pessimistic", risk, months: [cashMonth({ closingCash: "200000.00" }), FEB, MAR] }));
  }
  return ok(projection({ scenario: request.scenario ?? "Base", risk }));
}

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.cashScenarios.mockResolvedValue(ok(SCENARIOS));
  ipc.projectCash.mockImplementation(async (r: CashRequest) => answer(r));
});

const renderScreen = (path = "/working-capital") => render(<WorkingCapitalScreen />, { path, session: { permissions: MANAGER } });

async function typeInto(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLInputElement | HTMLSelectElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  const select = field instanceof HTMLSelectElement;
  await act(async () => {
    Object.getOwnPropertyDescriptor(select ? HTMLSelectElement.prototype : HTMLInputElement.prototype, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event(select ? "change" : "input", { bubbles: true }));
  });
}

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

const text = (el: HTMLElement, id: string) => byTestId(el, id)?.textContent ?? null;
const requests = (): CashRequest[] => ipc.projectCash.mock.calls.map(([r]) => r as CashRequest);

describe("working capital", () => {
  it("projects the base scenario over 24 months and shows the key figures, alerts and demand", async () => {
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    expect(requests()).toEqual([
      {
        scenario: "Base",
        drivers: { price: "0", cost: "0", demand: "0", collectionDays: 0, paymentDays: 0, inventoryDays: 0, badDebt: "0" },
        fxChange: "0",
        months: 24,
        simulations: 0,
      },
    ]);
    await until(() => byTestId<HTMLSelectElement>(el, "wc-scenario")?.options.length === 6);
    expect(byTestId<HTMLSelectElement>(el, "wc-months")?.value).toBe("24");

    const ccc = byTestId(el, "wc-kpi-ccc");
    expect(ccc?.getAttribute("data-band")).toBe("red");
    expect(text(el, "wc-kpi-ccc-first")).toBe("53.8 daysOn target: 1.3 days under the 55-day target");
    expect(text(el, "wc-kpi-ccc-end")).toBe("68.3 daysRed: 13.3 days over the 55-day target");
    expect(text(el, "wc-kpi-closing-cash-first")).toBe("£220,000.00");
    expect(text(el, "wc-kpi-closing-cash-end")).toBe("£50,000.00");
    expect(text(el, "wc-kpi-line-end")).toBe("£400,000.00 drawn£100,000.00 headroom · 80.0% drawn");
    expect(text(el, "wc-kpi-lowest-cash-value")).toBe("£50,000.00");
    expect(text(el, "wc-kpi-lowest-cash")).toContain("at the end of Feb 2027");
    expect(text(el, "wc-kpi-runway-value")).toBe("Whole horizon");
    expect(byTestId(el, "wc-kpi-risk")).toBeNull();

    const alerts = Array.from(byTestId(el, "wc-alerts")?.querySelectorAll("li") ?? []).map((li) => li.getAttribute("data-kind"));
    expect(alerts).toEqual(["ccc", "line"]);
    expect(text(el, "wc-alerts")).toContain("The credit line is 80.0% drawn in Mar 2027: £400,000.00 of £500,000.00.");
    expect(text(el, "wc-demand")).toBe("Demand: 60 series-months from statistical forecasts not yet approved, 300 from the same month's sales a year earlier.");
    expect(byTestId(el, "wc-warnings")).toBeNull();
    await until(() => byTestId(el, "cash-chart-stand-in") !== null && byTestId(el, "balances-chart-stand-in") !== null);
    expect(text(el, "wc-updating")).toBe("");
  });

  it("works out the drivers as the user types, once per pause, keeps the figures on a half-typed value, and resets", async () => {
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    expect(byTestId<HTMLButtonElement>(el, "wc-reset")?.disabled).toBe(true);

    await typeInto(el, "wc-driver-price", "1");
    await typeInto(el, "wc-driver-price", "10");
    await typeInto(el, "wc-driver-collection-days", "7");
    expect(byTestId(el, "wc-updating")?.getAttribute("data-active")).toBe("true");
    await until(() => requests().length === 2);
    expect(requests()[1]).toMatchObject({ drivers: { price: "0.1", collectionDays: 7 }, fxChange: "0" });
    await until(() => byTestId(el, "wc-updating")?.getAttribute("data-active") === "false");

    await typeInto(el, "wc-driver-fx", "-");
    await until(() => byTestId(el, "wc-driver-fx")?.getAttribute("aria-invalid") === "true");
    expect(el.textContent).toContain("Enter a percentage from \u221299 to +100, with up to 2 decimals.");
    expect(requests()).toHaveLength(2);
    expect(byTestId(el, "wc-kpis")).not.toBeNull();

    await typeInto(el, "wc-driver-fx", "-20");
    await until(() => requests().length === 3);
    expect(requests()[2]?.fxChange).toBe("-0.2");

    await click(byTestId(el, "wc-reset"));
    expect(byTestId<HTMLInputElement>(el, "wc-driver-price")?.value).toBe("");
    expect(byTestId<HTMLInputElement>(el, "wc-driver-fx")?.value).toBe("");
    await until(() => requests().length === 4);
    expect(requests()[3]).toEqual(requests()[0]);
    await until(() => byTestId(el, "wc-updating")?.getAttribute("data-active") === "false");
  });

  it("shows Rust's refusal of the FX change at its field", async () => {
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    ipc.projectCash.mockResolvedValue({ status: "error", error: { kind: "validation", field: "fxChange", message: "an exchange-rate change is between −99 % and +100 %" } });
    await typeInto(el, "wc-driver-fx", "50");
    await until(() => byTestId(el, "wc-driver-fx")?.getAttribute("aria-invalid") === "true");
    expect(byTestId(el, "wc-error")).toBeNull();
    // The last figures stay, marked as such.
    expect(byTestId(el, "wc-kpis")).not.toBeNull();
    expect(byTestId(el, "wc-stale-note")).not.toBeNull();
  });

  it("projects another scenario and horizon at once, and adds the shortfall risk when simulated", async () => {
    const el = renderScreen();
    await until(() => byTestId<HTMLSelectElement>(el, "wc-scenario")?.options.length === 6);
    await typeInto(el, "wc-scenario", "Pessimistic");
    await typeInto(el, "wc-months", "36");
    await until(() => requests().some((r) => r.scenario === "Pessimistic" && r.months === 36));
    await click(byTestId(el, "wc-simulate"));
    await until(() => byTestId(el, "risk-chart-stand-in") !== null);
    expect(requests().at(-1)).toMatchObject({ scenario: "Pessimistic", months: 36, simulations: 500 });
    expect(text(el, "wc-kpi-risk-value")).toBe("12%");
    expect(text(el, "wc-kpi-risk")).toContain("in Feb 2027");
  });

  it("lists the months and each market in its currency", async () => {
    const el = renderScreen("/working-capital?tab=months");
    await until(() => byTestId(el, "cash-months") !== null);
    const row = byTestId(el, "cash-month-2027-03");
    expect(row?.getAttribute("data-band")).toBe("red");
    expect(row?.textContent).toContain("£400,000.00");
    expect(row?.textContent).toContain("Red");
    expect(el.querySelectorAll("[data-testid^='cash-month-']")).toHaveLength(3);

    await click(byTestId(el, "wc-tab-markets"));
    await until(() => byTestId(el, "cash-market-EU") !== null);
    expect(text(el, "cash-market-EU-terms")).toBe("1 EUR = 0.8512 GBP, the rate of 31 Dec 2026. Tax rate 21%.");
    expect(text(el, "cash-market-EU-2027-01")).toContain("€40,000.00");
  });

  it("compares scenarios side by side, in parallel, with differences from the first", async () => {
    const el = renderScreen("/working-capital?tab=compare");
    await until(() => byTestId(el, "scenario-compare-table") !== null);
    // The projection on screen, then both scenarios compared with the same drivers and months.
    expect(requests().map((r) => r.scenario)).toEqual(["Base", "Base", "Pessimistic"]);
    expect(requests()[1]).toEqual(requests()[0]);
    const jan = byTestId(el, "compare-month-2027-01");
    expect(jan?.textContent).toContain("£220,000.00£200,000.00-£20,000.00");
    expect(jan?.querySelector("[data-tone]")?.getAttribute("data-tone")).toBe("worse");
    expect(text(el, "compare-chart-stand-in")).toBe("Base, Pessimistic");

    await click(byTestId(el, "wc-compare-downturn"));
    await until(() => text(el, "compare-chart-stand-in") === "Base, Pessimistic, Downturn");
    expect(requests().at(-1)).toMatchObject({ scenario: "Downturn", simulations: 0 });

    await typeInto(el, "wc-compare-kpi", "drawn");
    await until(() => byTestId(el, "compare-month-2027-01")?.textContent?.includes("£0.00") === true);

    await click(byTestId(el, "wc-compare-pessimistic"));
    await click(byTestId(el, "wc-compare-downturn"));
    expect(byTestId(el, "scenario-compare-pick")).not.toBeNull();
    expect(byTestId(el, "scenario-compare-table")).toBeNull();
  });

  it("says forecasts or sales are needed when no month has revenue", async () => {
    ipc.projectCash.mockResolvedValue(ok(projection({ months: [cashMonth({ revenue: "0.00" })], warnings: ["no closed month with actual balances"] })));
    const el = renderScreen();
    await until(() => byTestId(el, "wc-no-revenue") !== null);
    expect(byTestId(el, "wc-no-revenue")?.querySelector("a")?.getAttribute("href")).toBe("/forecasts");
    expect(text(el, "wc-warnings")).toContain("no closed month with actual balances");
    expect(byTestId(el, "wc-kpis")).toBeNull();
  });

  it("shows a failed projection with a retry", async () => {
    ipc.projectCash.mockResolvedValueOnce({ status: "error", error: { kind: "offline" } });
    const el = renderScreen();
    await until(() => byTestId(el, "wc-error") !== null);
    expect(text(el, "wc-error")).toContain("Could not work out the cash projection");
    await click(byTestId(el, "wc-error")?.querySelector("button"));
    await until(() => byTestId(el, "wc-kpis") !== null);
    expect(byTestId(el, "wc-error")).toBeNull();
  });
});
