// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CashMonth, CashProjection, CashRequest, Permission, ProductCash, RiskMonth } from "../../lib/ipc";
import { LocaleContext } from "../../shared/locale";
import { byTestId, render, until } from "../../test/render";
import { cacheInfo } from "../../test/cacheInfo";
import type { ComparedScenario } from "./charts";
import {
  DIGEST,
  FEB,
  MAR,
  SCENARIOS,
  TAX,
  cashMonth,
  productsCash,
  projection,
  purchasePlan,
  reproduction,
  savedProjection,
  sensitivity,
  versusActual,
} from "./fixtures.test-data";
import type { DriverSwing } from "./sensitivity";
import { WorkingCapitalScreen } from "./WorkingCapitalScreen";

const ipc = vi.hoisted(() => ({
  cashScenarios: vi.fn(),
  projectCash: vi.fn(),
  saveCashProjection: vi.fn(),
  savedCashProjections: vi.fn(),
  reproduceCashProjection: vi.fn(),
  deleteCashProjection: vi.fn(),
  cashSensitivity: vi.fn(),
  cashByProduct: vi.fn(),
  offlineCacheInfo: vi.fn(),
  keepOffline: vi.fn(),
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
  SensitivityChart: ({ swings }: { swings: DriverSwing[] }) => <p data-testid="sensitivity-chart-stand-in">{swings.map((s) => s.label).join(", ")}</p>,
  ProductChart: ({ product, periods }: { product: ProductCash; periods: string[] }) => (
    <p data-testid="product-chart-stand-in">
      {product.sku} {product.market}: {periods.length} periods
    </p>
  ),
}));

const MANAGER: Permission[] = ["dashboard.view", "data.export", "working_capital.view"];
const PLANNER: Permission[] = [...MANAGER, "scenario.edit"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });

/** The fixture's three months as the first three weeks or days from Monday 4 January 2027. */
const BY = {
  week: ["2027-01-04", "2027-01-11", "2027-01-18"],
  day: ["2027-01-04", "2027-01-05", "2027-01-06"],
};
const periodsOf = (months: CashMonth[], granularity: CashRequest["granularity"]) =>
  granularity === "week" || granularity === "day" ? months.map((m, i) => ({ ...m, month: BY[granularity][i] ?? m.month })) : months;

/** Rust's answer: the scenario asked for, with the fixture's months (or weeks or days, as asked). */
function answer(request: CashRequest) {
  const risk = request.simulations ? [{ month: "2027-01-01", shortfall: 0, lineOverWarning: 0 }, { month: "2027-02-01", shortfall: 0.12, lineOverWarning: 0.3 }] : null;
  const granularity = request.granularity ?? "month";
  const months = request.scenario === "Pessimistic" ? [cashMonth({ closingCash: "200000.00" }), FEB, MAR] : [cashMonth(), FEB, MAR];
  return ok(projection({ scenario: request.scenario ?? "Base", risk, granularity, months: periodsOf(months, granularity), tax: TAX }));
}

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.cashScenarios.mockResolvedValue(ok(SCENARIOS));
  ipc.projectCash.mockImplementation(async (r: CashRequest) => answer(r));
  ipc.savedCashProjections.mockResolvedValue(ok([]));
  ipc.offlineCacheInfo.mockResolvedValue(ok(cacheInfo([])));
  ipc.keepOffline.mockResolvedValue(ok(true));
});

// The user's zone, an hour ahead of UTC in January: saved instants show in it.
const USER = { locale: "en-GB", timeZone: "Europe/Paris" };
const renderScreen = (path = "/working-capital", permissions: Permission[] = MANAGER) =>
  render(
    <LocaleContext.Provider value={USER}>
      <WorkingCapitalScreen />
    </LocaleContext.Provider>,
    { path, session: { permissions } },
  );

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
        granularity: "month",
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
    expect(text(el, "wc-alerts")).toContain("The credit line is 80.0% drawn in Mar 2027: £400,000.00 of £500,000.00, past the 75% warning level.");
    expect(text(el, "wc-demand")).toBe("Demand: 60 series-months from statistical forecasts not yet approved, 300 from the same month's sales a year earlier.");
    expect(text(el, "wc-credit-line")).toBe("Credit line £500,000.00.");
    expect(byTestId(el, "wc-kpi-line-note")).toBeNull();
    expect(text(el, "wc-purchase-plan")).toBe("No open replenishment orders: stock purchases keep the inventory cover.");
    expect(byTestId(el, "wc-warnings")).toBeNull();
    await until(() => byTestId(el, "cash-chart-stand-in") !== null && byTestId(el, "balances-chart-stand-in") !== null);
    expect(text(el, "wc-updating")).toBe("");
  });

  it("warns of the line by the projection's warning share", async () => {
    const sixty = [cashMonth({ drawn: "300000.00", headroom: "200000.00" })];
    ipc.projectCash.mockResolvedValue(ok(projection({ months: sixty, lineWarningShare: "0.5" })));
    const el = renderScreen();
    await until(() => byTestId(el, "wc-alerts") !== null);
    expect(text(el, "wc-alerts")).toContain("The credit line is 60.0% drawn in Jan 2027: £300,000.00 of £500,000.00, past the 50% warning level.");

    // The same line under the three-quarter share raises nothing.
    ipc.projectCash.mockResolvedValue(ok(projection({ months: sixty, lineWarningShare: "0.75" })));
    const calm = renderScreen();
    await until(() => byTestId(calm, "wc-kpis") !== null);
    expect(byTestId(calm, "wc-alerts")).toBeNull();
    expect(text(calm, "wc-kpi-line-first")).toBe("£300,000.00 drawn£200,000.00 headroom · 60.0% drawn");
  });

  it("says when the lender's covenant caps the line below the facility", async () => {
    ipc.projectCash.mockResolvedValue(
      ok(projection({ creditLimit: "300000.00", facilityLimit: "500000.00", covenantLimit: "300000.00", months: [cashMonth({ headroom: "300000.00" })] })),
    );
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    expect(byTestId(el, "wc-kpi-line")?.querySelector("h3")?.textContent).toBe("Credit line (£300,000.00 limit)");
    expect(text(el, "wc-kpi-line-note")).toBe("Capped by the lender's covenant at £300,000.00 (facility £500,000.00).");
    expect(text(el, "wc-credit-line")).toBe("Credit line capped by the lender's covenant at £300,000.00 (facility £500,000.00).");
    expect(text(el, "wc-basis")).toContain("starting with £200,000.00 in cash and the balances of 31 Dec 2026. Credit line capped");
  });

  it("says where the stock purchases come from when the replenishment plan has open orders", async () => {
    ipc.projectCash.mockResolvedValue(ok(projection({ purchasePlan: purchasePlan() })));
    const el = renderScreen();
    await until(() => byTestId(el, "wc-purchase-plan") !== null);
    expect(text(el, "wc-purchase-plan")).toBe(
      "Stock purchases follow the replenishment plan's 4 open orders (£120,000.00) until 1 Mar 2027 (the first 2 months), then keep the inventory cover setting.",
    );
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

  it("folds the drivers into a summary line with a toggle, and unfolds them for a refused input", async () => {
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    const toggle = byTestId<HTMLButtonElement>(el, "drivers-toggle");
    const body = byTestId(el, "wc-controls-body");
    // A real button: Tab reaches it and Enter or Space press it.
    expect(toggle?.tagName).toBe("BUTTON");
    expect(toggle?.type).toBe("button");
    expect(toggle?.getAttribute("aria-expanded")).toBe("false");
    expect(toggle?.getAttribute("aria-controls")).toBe(body?.id);
    expect(body?.hidden).toBe(true);
    expect(text(el, "wc-controls-summary")).toBe("Base scenario · 24 months · no driver changes");
    // The key figures come before any driver input in the page.
    const kpis = byTestId(el, "wc-kpis");
    expect(kpis && body ? body.compareDocumentPosition(kpis) & Node.DOCUMENT_POSITION_FOLLOWING : 0).toBeTruthy();

    await click(toggle);
    expect(toggle?.getAttribute("aria-expanded")).toBe("true");
    expect(body?.hidden).toBe(false);
    await typeInto(el, "wc-driver-demand", "5");
    await typeInto(el, "wc-driver-collection-days", "7");
    await until(() => text(el, "wc-controls-summary") === "Base scenario · 24 months · demand +5%, collection +7 d");

    await click(toggle);
    expect(body?.hidden).toBe(true);
    // The drivers stay as typed while folded.
    expect(byTestId<HTMLInputElement>(el, "wc-driver-demand")?.value).toBe("5");
    await typeInto(el, "wc-driver-fx", "500");
    await until(() => toggle?.getAttribute("aria-expanded") === "true");
    expect(body?.hidden).toBe(false);
    expect(byTestId(el, "wc-driver-fx")?.getAttribute("aria-invalid")).toBe("true");
  });

  it("saves the projection on screen under a name, and shows a taken name at the field", async () => {
    const el = renderScreen("/working-capital", PLANNER);
    await until(() => byTestId(el, "wc-kpis") !== null);
    await click(byTestId(el, "drivers-toggle"));
    await typeInto(el, "wc-driver-demand", "5");
    await typeInto(el, "wc-driver-collection-days", "7");
    await until(() => requests().length === 2);
    await click(byTestId(el, "wc-simulate"));
    await until(() => requests().some((r) => r.simulations === 500));
    const onScreen = requests().at(-1);

    await click(byTestId(el, "save-projection"));
    await until(() => byTestId(el, "save-projection-dialog") !== null);
    expect(text(el, "save-projection-what")).toContain("The Base scenario over 24 months, demand +5%, collection +7 d, with the shortfall risk simulated.");
    expect(byTestId<HTMLButtonElement>(el, "save-projection-confirm")?.disabled).toBe(true);
    expect(document.activeElement).toBe(byTestId(el, "save-projection-name"));

    ipc.saveCashProjection.mockResolvedValueOnce({
      status: "error",
      error: { kind: "conflict", field: "name", message: "a projection is already saved under that name; choose another or delete it" },
    });
    await typeInto(el, "save-projection-name", " Q3 plan ");
    await click(byTestId(el, "save-projection-confirm"));
    await until(() => byTestId(el, "save-projection-name")?.getAttribute("aria-invalid") === "true");
    expect(ipc.saveCashProjection).toHaveBeenLastCalledWith("Q3 plan", onScreen);
    expect(text(el, "save-projection-dialog")).toContain("A projection is already saved under that name; choose another or delete it.");
    expect(byTestId(el, "save-projection-error")).toBeNull();

    const saved = savedProjection({ name: "Q3 plan v2", simulations: 500 });
    ipc.saveCashProjection.mockResolvedValueOnce(ok(saved));
    ipc.savedCashProjections.mockResolvedValue(ok([saved]));
    ipc.cashScenarios.mockResolvedValue(ok([...SCENARIOS, "Q3 plan v2"]));
    await typeInto(el, "save-projection-name", "Q3 plan v2");
    // The error goes as the name changes.
    expect(byTestId(el, "save-projection-name")?.getAttribute("aria-invalid")).toBeNull();
    await click(byTestId(el, "save-projection-confirm"));
    await until(() => byTestId(el, "wc-notice") !== null);
    expect(ipc.saveCashProjection).toHaveBeenLastCalledWith("Q3 plan v2", onScreen);
    expect(text(el, "wc-notice")).toContain("Saved “Q3 plan v2”");
    expect(byTestId(el, "save-projection-dialog")).toBeNull();
    // The new name can be chosen as a scenario, and is listed.
    await until(() => byTestId<HTMLSelectElement>(el, "wc-scenario")?.options.length === 7);
    expect(ipc.savedCashProjections).toHaveBeenCalledTimes(2);
    await click(byTestId(el, "wc-tab-saved"));
    await until(() => el.querySelector('[data-testid="saved-projection-row"][data-name="Q3 plan v2"]') !== null);
  });

  it("closes the save dialog on Escape without saving, and offers saving only to who may", async () => {
    const el = renderScreen("/working-capital", PLANNER);
    await until(() => byTestId(el, "wc-kpis") !== null);
    await click(byTestId(el, "save-projection"));
    const dialog = byTestId(el, "save-projection-dialog");
    await until(() => byTestId(el, "save-projection-name") !== null);
    await act(async () => dialog?.dispatchEvent(new Event("cancel", { cancelable: true })));
    expect(byTestId(el, "save-projection-name")).toBeNull();
    expect(ipc.saveCashProjection).not.toHaveBeenCalled();

    const viewer = renderScreen("/working-capital", MANAGER);
    await until(() => byTestId(viewer, "wc-kpis") !== null);
    expect(byTestId(viewer, "save-projection")).toBeNull();
  });

  it("says what to do when nothing is saved yet", async () => {
    const el = renderScreen("/working-capital?tab=saved", PLANNER);
    await until(() => byTestId(el, "saved-projections-empty") !== null);
    expect(text(el, "saved-projections-empty")).toContain(
      "Save the projection you are looking at to keep it with the inputs it used, and reproduce it later.",
    );
    expect(byTestId(el, "saved-projections")).not.toBeNull();
  });

  it("lists the saved projections and opens one live under its name", async () => {
    const cautious = savedProjection({
      id: "p-2",
      name: "Cautious",
      scenario: "Pessimistic",
      drivers: { price: "-0.025", cost: "0", demand: "0", collectionDays: 0, paymentDays: -3, inventoryDays: 0, badDebt: "0.01" },
      fxChange: "-0.1",
      months: 36,
      savedBy: null,
    });
    ipc.savedCashProjections.mockResolvedValue(ok([savedProjection(), cautious]));
    ipc.cashScenarios.mockResolvedValue(ok([...SCENARIOS, "Q3 plan", "Cautious"]));
    const el = renderScreen("/working-capital?tab=saved", MANAGER);
    await until(() => el.querySelectorAll('[data-testid="saved-projection-row"]').length === 2);
    const q3 = el.querySelector<HTMLElement>('[data-testid="saved-projection-row"][data-name="Q3 plan"]');
    expect(q3?.textContent).toContain("demand +5%, collection +7 d");
    expect(q3?.textContent).toContain("15 Jan 2027, 10:30");
    expect(q3?.textContent).toContain("Fiona Finance");
    expect(q3?.textContent).toContain("24 months");
    const row = el.querySelector<HTMLElement>('[data-testid="saved-projection-row"][data-name="Cautious"]');
    expect(row?.textContent).toContain("price -2.5%, payment -3 d, bad debt +1 pp, FX -10%");
    expect(row?.textContent).toContain("36 months");
    expect(Array.from(byTestId(el, "saved-projections-table")?.querySelectorAll("thead th") ?? []).map((th) => th.textContent)).toContain("Horizon");
    // Who may not draft scenarios can open and reproduce, not delete.
    expect(byTestId(el, "delete-projection")).toBeNull();

    await click(row?.querySelector('[data-testid="open-projection"]'));
    await until(() => byTestId(el, "wc-kpis") !== null);
    expect(byTestId<HTMLSelectElement>(el, "wc-scenario")?.value).toBe("Cautious");
    expect(byTestId<HTMLSelectElement>(el, "wc-months")?.value).toBe("36");
    await until(() => requests().some((r) => r.scenario === "Cautious"));
    expect(requests().at(-1)).toEqual({
      scenario: "Cautious",
      drivers: { price: "0", cost: "0", demand: "0", collectionDays: 0, paymentDays: 0, inventoryDays: 0, badDebt: "0" },
      fxChange: "0",
      months: 36,
      granularity: "month",
      simulations: 0,
    });
    expect(text(el, "wc-notice")).toContain("Showing “Cautious” live");
  });

  it("opens a saved projection in the periods it was saved in", async () => {
    const weekly = savedProjection({ id: "p-3", name: "Weekly cash", granularity: "week", months: 12 });
    ipc.savedCashProjections.mockResolvedValue(ok([weekly]));
    ipc.cashScenarios.mockResolvedValue(ok([...SCENARIOS, "Weekly cash"]));
    const el = renderScreen("/working-capital?tab=saved", MANAGER);
    await until(() => byTestId(el, "open-projection") !== null);
    expect(el.querySelector('[data-testid="saved-projection-row"][data-name="Weekly cash"]')?.textContent).toContain("13 weeks");
    // Monthly on screen until it is opened.
    expect(byTestId<HTMLInputElement>(el, "wc-granularity-month")?.checked).toBe(true);

    await click(byTestId(el, "open-projection"));
    await until(() => requests().some((r) => r.scenario === "Weekly cash"));
    expect(requests().at(-1)).toMatchObject({ scenario: "Weekly cash", months: 12, granularity: "week", simulations: 0 });
    expect(byTestId<HTMLInputElement>(el, "wc-granularity-week")?.checked).toBe(true);
    expect(text(el, "wc-controls-summary")).toBe("Weekly cash scenario · 13 weeks · no driver changes");
    await until(() => text(el, "wc-kpi-ccc")?.includes("w/c 4 Jan 2027 (first week)") === true);
    expect(text(el, "wc-tab-months")).toBe("Weeks");
  });

  it("reproduces a saved projection exactly, with its inputs and its months against the actuals", async () => {
    ipc.savedCashProjections.mockResolvedValue(ok([savedProjection()]));
    ipc.reproduceCashProjection.mockResolvedValue(
      ok(reproduction({ versusActual: [versusActual(), versusActual({ market: "UK", currency: "GBP", projectedRevenue: "0.00", actualRevenue: "1000.00" })] })),
    );
    const el = renderScreen("/working-capital?tab=saved", PLANNER);
    await until(() => byTestId(el, "reproduce-projection") !== null);
    await click(byTestId(el, "reproduce-projection"));
    await until(() => byTestId(el, "reproduction-identical") !== null);
    expect(ipc.reproduceCashProjection).toHaveBeenCalledWith(savedProjection().id);
    expect(text(el, "reproduction-identical")).toBe("Reproduced exactly — SHA-256 matches");
    expect(byTestId(el, "reproduction-changed")).toBeNull();
    expect(text(el, "reproduction-forecasts-as-of")).toBe("15 Jan 2027, 10:29");
    expect(text(el, "reproduction-forecast-runs")).toBe("2 runs");
    const settings = Array.from(el.querySelectorAll('[data-testid="reproduction-setting"]')).map((r) => r.textContent);
    expect(settings).toEqual(["finance.ccc_target_days355", "finance.minimum_cashdefault50000"]);
    expect(el.querySelector('[data-testid="reproduction-rate"][data-market="EU"]')?.textContent).toBe("EUEUR0.851231 Dec 2026");
    expect(el.querySelectorAll("[data-testid^='cash-month-']")).toHaveLength(3);

    const eu = byTestId(el, "versus-actual-2027-01-EU");
    // Revenue: projected, actual, difference, difference in percent; in the market's currency.
    expect(eu?.textContent).toContain("€40,000.00€42,000.00+€2,000.00+5.0%");
    expect(eu?.textContent).toContain("€50,000.00€45,000.00-€5,000.00-10.0%");
    expect(byTestId(el, "versus-actual-2027-01-UK")?.textContent).toContain("£0.00£1,000.00+£1,000.00—");
  });

  it("says why a reproduction differs, and when no month has closed yet", async () => {
    ipc.savedCashProjections.mockResolvedValue(ok([savedProjection()]));
    ipc.reproduceCashProjection.mockResolvedValue(
      ok(
        reproduction({
          identical: false,
          resultDigest: "9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b3f2a9c1d5e7b80a4c6d2e1f0",
          changed: ["the sales of the year before the projection have changed since it was saved"],
          versusActual: [],
        }),
      ),
    );
    const el = renderScreen("/working-capital?tab=saved", PLANNER);
    await until(() => byTestId(el, "reproduce-projection") !== null);
    await click(byTestId(el, "reproduce-projection"));
    await until(() => byTestId(el, "reproduction-changed") !== null);
    expect(byTestId(el, "reproduction-identical")).toBeNull();
    expect(text(el, "reproduction-changed")).toContain("The sales of the year before the projection have changed since it was saved.");
    expect(text(el, "reproduction-changed")).toContain(`Saved ${DIGEST.slice(0, 12)}…, reproduced 9b8a7c6d5e4f…`);
    expect(byTestId(el, "versus-actual")).toBeNull();
    expect(text(el, "versus-actual-empty")).toContain("No month of this projection has closed yet.");
  });

  it("deletes a saved projection after asking, and shows Rust's refusal", async () => {
    ipc.savedCashProjections.mockResolvedValue(ok([savedProjection()]));
    ipc.deleteCashProjection.mockResolvedValueOnce({ status: "error", error: { kind: "forbidden", permission: "settings.manage" } });
    const el = renderScreen("/working-capital?tab=saved", PLANNER);
    await until(() => byTestId(el, "delete-projection") !== null);
    await click(byTestId(el, "delete-projection"));
    await until(() => byTestId(el, "delete-projection-confirm") !== null);
    expect(ipc.deleteCashProjection).not.toHaveBeenCalled();
    await click(byTestId(el, "delete-projection-confirm"));
    await until(() => byTestId(el, "delete-projection-error") !== null);
    expect(text(el, "delete-projection-error")).toContain("Not permitted");

    ipc.deleteCashProjection.mockResolvedValueOnce(ok(null));
    ipc.savedCashProjections.mockResolvedValue(ok([]));
    await click(byTestId(el, "delete-projection-confirm"));
    await until(() => byTestId(el, "saved-projections-empty") !== null);
    expect(ipc.deleteCashProjection).toHaveBeenLastCalledWith(savedProjection().id);
    expect(text(el, "wc-notice")).toBe("Deleted “Q3 plan”.");
    expect(byTestId(el, "delete-projection-dialog")).toBeNull();
  });
  it("projects by week or day from the folded controls, and names every period by it", async () => {
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    const group = byTestId(el, "wc-granularity");
    // A native radio group under a legend: Tab reaches it and the arrow keys move the choice.
    expect(group?.tagName).toBe("FIELDSET");
    expect(group?.querySelector("legend")?.textContent).toBe("Periods");
    expect(Array.from(group?.querySelectorAll("input[type=radio]") ?? []).map((r) => (r as HTMLInputElement).checked)).toEqual([true, false, false]);
    expect(text(el, "wc-tab-months")).toBe("Months");

    await click(byTestId(el, "drivers-toggle"));
    await click(byTestId(el, "wc-granularity-week"));
    await until(() => requests().some((r) => r.granularity === "week"));
    expect(requests().at(-1)).toMatchObject({ scenario: "Base", months: 24, granularity: "week", simulations: 0 });
    await until(() => text(el, "wc-kpi-lowest-cash")?.includes("w/c 11 Jan 2027") === true);
    expect(text(el, "wc-controls-summary")).toBe("Base scenario · 13 weeks · no driver changes");
    expect(byTestId<HTMLSelectElement>(el, "wc-months")?.disabled).toBe(true);
    expect(text(el, "wc-kpi-ccc")).toContain("w/c 4 Jan 2027 (first week)");
    expect(text(el, "wc-kpi-ccc")).toContain("w/c 18 Jan 2027 (end)");
    expect(text(el, "wc-alerts")).toContain("The credit line is 80.0% drawn in the week of 18 Jan 2027");
    expect(text(el, "wc-tab-months")).toBe("Weeks");

    await click(byTestId(el, "wc-tab-months"));
    await until(() => byTestId(el, "cash-months") !== null);
    expect(byTestId(el, "cash-months")?.querySelector("thead th")?.textContent).toBe("Week of");
    expect(byTestId(el, "cash-month-2027-01-11")?.querySelector("td")?.textContent).toBe("w/c 11 Jan 2027");

    await click(byTestId(el, "wc-granularity-day"));
    await until(() => byTestId(el, "cash-month-2027-01-05") !== null);
    expect(requests().at(-1)).toMatchObject({ granularity: "day" });
    expect(byTestId(el, "cash-months")?.querySelector("thead th")?.textContent).toBe("Day");
    expect(byTestId(el, "cash-month-2027-01-05")?.querySelector("td")?.textContent).toBe("Tue 5 Jan");
    expect(text(el, "wc-controls-summary")).toBe("Base scenario · 30 days · no driver changes");
    expect(text(el, "wc-tab-months")).toBe("Days");

    await click(byTestId(el, "wc-granularity-month"));
    await until(() => byTestId(el, "cash-month-2027-02") !== null);
    expect(byTestId<HTMLSelectElement>(el, "wc-months")?.disabled).toBe(false);
    expect(byTestId(el, "cash-month-2027-02")?.querySelector("td")?.textContent).toBe("Feb 2027");
  });

  it("lists the tax returns by due date, totals what falls due within the projection and picks out the next payment", async () => {
    const el = renderScreen("/working-capital?tab=tax");
    await until(() => byTestId(el, "wc-tax-table") !== null);
    const rows = Array.from(el.querySelectorAll<HTMLElement>('[data-testid="wc-tax-row"]'));
    expect(rows.map((r) => [r.getAttribute("data-due"), r.getAttribute("data-market")])).toEqual([
      ["2027-02-20", "US"],
      ["2027-04-07", "UK"],
      ["2027-05-07", "EU"],
      ["2027-07-07", "UK"],
    ]);
    // The US reclaim comes first; the UK's payment is the next one due.
    expect(rows.map((r) => r.getAttribute("data-next"))).toEqual(["false", "true", "false", "false"]);
    expect(rows[1]?.querySelector('[data-testid="wc-tax-next-tag"]')).not.toBeNull();
    expect(rows[1]?.textContent).toContain("1 Dec 2026 – 28 Feb 2027part projected");
    expect(rows.filter((r) => r.querySelector('[data-testid="wc-tax-partial"]') !== null)).toHaveLength(1);
    expect(rows[0]?.textContent).toContain("USD-US$500.00-£395.50Yes");
    expect(rows[2]?.textContent).toContain("€12,000.00£10,214.40Yes");
    expect(rows[3]?.getAttribute("data-paid")).toBe("false");
    expect(rows[3]?.textContent).toContain("No: due after it");
    expect(text(el, "wc-tax-total")).toBe("£12,818.90 from 3 returns; 1 more falls due after it");
    expect(text(el, "wc-tax-next")).toBe("UK VAT, £3,000.00, due 7 Apr 2027");
  });

  it("says when no tax return falls in the projection, and keeps import duty in a column shown on demand", async () => {
    ipc.projectCash.mockResolvedValue(ok(projection({ months: [cashMonth({ duty: "1250.00" })] })));
    const el = renderScreen("/working-capital?tab=tax");
    await until(() => byTestId(el, "wc-tax-empty") !== null);
    expect(byTestId(el, "wc-tax-table")).toBeNull();

    await click(byTestId(el, "wc-tab-months"));
    await until(() => byTestId(el, "cash-months") !== null);
    const headers = () => Array.from(byTestId(el, "cash-months")?.querySelectorAll("thead th") ?? []).map((th) => th.textContent);
    expect(headers()).not.toContain("Import duty");
    const duty = byTestId<HTMLInputElement>(el, "cash-months-column-duty");
    expect(duty?.checked).toBe(false);
    await click(duty);
    expect(headers()).toContain("Import duty");
    expect(byTestId(el, "cash-month-2027-01")?.textContent).toContain("£1,250.00");
  });

  it("works out the drivers that matter most only while they are shown, and lists them biggest first", async () => {
    let resolve: (value: unknown) => void = () => {};
    ipc.cashSensitivity.mockImplementation(() => new Promise((r) => (resolve = r)));
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    await click(byTestId(el, "drivers-toggle"));
    await click(byTestId(el, "wc-simulate"));
    await typeInto(el, "wc-driver-demand", "5");
    await until(() => requests().some((r) => r.drivers?.demand === "0.05" && r.simulations === 500));
    // Hidden, it is not worked out, however the drivers change.
    expect(ipc.cashSensitivity).not.toHaveBeenCalled();

    await click(byTestId(el, "wc-tab-sensitivity"));
    await until(() => byTestId(el, "wc-sensitivity") !== null);
    expect(text(el, "wc-sensitivity")).toContain("Working out which drivers matter most…");
    expect(ipc.cashSensitivity).toHaveBeenCalledTimes(1);
    // The projection on screen, without the simulation.
    expect(ipc.cashSensitivity).toHaveBeenLastCalledWith({ ...requests().at(-1), simulations: 0 });
    await act(async () => resolve(ok(sensitivity())));
    await until(() => byTestId(el, "sensitivity-table") !== null);
    expect(text(el, "wc-sensitivity-note")).toContain("net cash, which is cash less the credit line drawn");
    expect(text(el, "wc-sensitivity-basis")).toBe(
      "As projected, the lowest net cash is -£70,000.00, at the end of Feb 2027; -£350,000.00 at the end; no month short of the minimum even with the line fully drawn.",
    );
    const rows = Array.from(el.querySelectorAll('[data-testid="sensitivity-row"]'));
    expect(rows.map((r) => r.getAttribute("data-driver"))).toEqual(["demand", "collectionDays", "fx"]);
    expect(rows[0]?.textContent).toBe("Demand±10 %-£90,000.00£170,000.00-£40,000.00£260,000.0020");
    await until(() => byTestId(el, "sensitivity-chart-stand-in") !== null);
    expect(text(el, "sensitivity-chart-stand-in")).toBe("Demand, Collection days, FX change");

    // Back on the overview, a change is not worked out for the hidden view.
    ipc.cashSensitivity.mockResolvedValue(ok(sensitivity()));
    await click(byTestId(el, "wc-tab-overview"));
    await typeInto(el, "wc-driver-demand", "10");
    await until(() => requests().some((r) => r.drivers?.demand === "0.1"));
    await until(() => byTestId(el, "wc-updating")?.getAttribute("data-active") === "false");
    expect(ipc.cashSensitivity).toHaveBeenCalledTimes(1);
    // The shortfall risk leads there too.
    await click(byTestId(el, "wc-to-sensitivity"));
    await until(() => ipc.cashSensitivity.mock.calls.length === 2);
    expect(ipc.cashSensitivity).toHaveBeenLastCalledWith(expect.objectContaining({ drivers: expect.objectContaining({ demand: "0.1" }), simulations: 0 }));
  });

  it("shows the products, filters them by market, and opens one period by period by click or Enter", async () => {
    ipc.cashByProduct.mockResolvedValue(ok(productsCash()));
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    expect(ipc.cashByProduct).not.toHaveBeenCalled();
    await click(byTestId(el, "wc-tab-products"));
    await until(() => byTestId(el, "wc-products-table") !== null);
    expect(ipc.cashByProduct).toHaveBeenCalledWith({ ...requests().at(-1), simulations: 0 });
    const rows = () => Array.from(el.querySelectorAll<HTMLElement>('[data-testid="wc-product-row"]'));
    expect(rows().map((r) => `${r.getAttribute("data-sku")} ${r.getAttribute("data-market")}`)).toEqual([
      "GABA-GOLD-60 UK",
      "GABA-GOLD-60 EU",
      "GABA-RED-30 UK",
    ]);
    expect(rows()[0]?.textContent).toBe("GABA-GOLD-60GABA Gold 60 capsUK310.5£9,315.00£3,726.00£8,100.0060.0%");
    expect(Array.from(byTestId<HTMLSelectElement>(el, "wc-products-market")?.options ?? []).map((o) => o.textContent)).toEqual([
      "All markets",
      "EU",
      "UK",
    ]);
    expect(byTestId(el, "wc-product-hint")).not.toBeNull();

    await click(rows()[0]);
    await until(() => byTestId(el, "wc-product-detail") !== null);
    expect(rows()[0]?.getAttribute("data-selected")).toBe("true");
    expect(byTestId(el, "wc-product-detail")?.querySelector("h3")?.textContent).toBe("GABA-GOLD-60 · GABA Gold 60 caps · UK");
    expect(byTestId(el, "wc-product-period-2027-03")?.textContent).toBe("Mar 202790.5£2,715.00£1,086.00£1,629.00£3,500.00");
    await until(() => byTestId(el, "product-chart-stand-in") !== null);
    expect(text(el, "product-chart-stand-in")).toBe("GABA-GOLD-60 UK: 3 periods");

    // Enter on a row reached from the keyboard opens it too.
    const red = rows()[2];
    await act(async () => red?.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true })));
    await until(() => byTestId(el, "wc-product-detail")?.getAttribute("data-sku") === "GABA-RED-30");
    expect(byTestId(el, "wc-product-period-2027-02")?.textContent).toBe("Feb 202710£150.00£60.00£90.00£3,200.00");

    await typeInto(el, "wc-products-market", "EU");
    expect(rows().map((r) => r.getAttribute("data-market"))).toEqual(["EU"]);
    // The product chosen is not in the market shown.
    expect(byTestId(el, "wc-product-detail")).toBeNull();
    expect(byTestId(el, "wc-product-hint")).not.toBeNull();
  });

  it("says when no product is projected", async () => {
    ipc.cashByProduct.mockResolvedValue(ok(productsCash({ products: [], periods: [] })));
    const el = renderScreen("/working-capital?tab=products");
    await until(() => byTestId(el, "wc-products-empty") !== null);
    expect(byTestId(el, "wc-products-table")).toBeNull();
  });
});

describe("keeping the cash projection offline", () => {
  it("offers Keep offline beside the drivers, for the cashProjection screen", async () => {
    const el = renderScreen();
    await until(() => byTestId(el, "wc-kpis") !== null);
    await until(() => byTestId(el, "keep-offline") !== null);
    expect(byTestId(el, "keep-offline")?.getAttribute("aria-pressed")).toBe("false");
    ipc.offlineCacheInfo.mockResolvedValue(ok(cacheInfo(["cashProjection"])));
    await click(byTestId(el, "keep-offline"));
    await until(() => byTestId(el, "keep-offline")?.getAttribute("aria-pressed") === "true");
    expect(ipc.keepOffline).toHaveBeenCalledExactlyOnceWith("cashProjection", true);
  });
});
