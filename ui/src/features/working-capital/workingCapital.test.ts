import { describe, expect, it } from "vitest";
import type { ChartColors } from "../../shared/Chart";
import {
  BALANCE_NAMES,
  CASH_NAMES,
  PRODUCT_NAMES,
  SENSITIVITY_NAMES,
  balancesChartOption,
  cashChartOption,
  cashTooltipLines,
  compareChartOption,
  compareTooltipLines,
  productChartOption,
  productTooltipLines,
  riskChartOption,
  riskNames,
  riskTooltipLines,
  sensitivityChartOption,
  sensitivityTooltipLines,
} from "./charts";
import { compareRows, deltaTone, initialSelection, scenarioSlug, toggleScenario } from "./compare";
import {
  DRIVERS,
  NO_CHANGE,
  NO_DRIVERS,
  cashRequest,
  driverChanges,
  driverName,
  driversText,
  isUnchanged,
  parseDriver,
  parseDrivers,
  projectionKey,
  sameDrivers,
} from "./drivers";
import {
  alertText,
  bandText,
  bandTone,
  cashAlerts,
  cccBand,
  covenantCaps,
  covenantText,
  creditLineText,
  demandText,
  hasRevenue,
  lineUse,
  lineWarningPercent,
  lineWarningText,
  lowestCash,
  purchasePlanText,
  riskPeak,
  runway,
} from "./figures";
import {
  FEB,
  JAN,
  MAR,
  SCENARIOS,
  TAX,
  cashMonth,
  productCash,
  productsCash,
  projection,
  purchasePlan,
  savedProjection,
  sensitivity,
  versusActual,
} from "./fixtures.test-data";
import { granularityOf, periodCount, periodHeader, periodKey, periodLabel, periodWhen, periodsText } from "./periods";
import { productKey, productMarkets, productPeriods, productsIn } from "./products";
import { savedHorizon, settingVersionText, shortDigest, versusValues } from "./saved";
import { driverSwings } from "./sensitivity";
import { nextTaxDue, taxByDue, taxDueTotal } from "./tax";

const text = {
  money: (v: string) => `£${v}`,
  period: (m: string) => m.slice(0, 7),
  when: (m: string) => `in ${m.slice(0, 7)}`,
  periods: (n: number) => `${n} month${n === 1 ? "" : "s"}`,
  unit: "month",
  units: (v: string) => v,
  days: (v: string) => v,
  percent: (v: string, digits?: number) => `${digits === undefined ? v : Number(v).toFixed(digits)}%`,
  share: (f: number) => `${Math.round(f * 100)}%`,
  count: (n: number) => String(n),
  moneyAxis: (v: number) => `£${v}`,
};

const colors: ChartColors = {
  text: "#000",
  muted: "#666",
  grid: "#ccc",
  primary: "#00f",
  secondary: "#999",
  surface: "#fff",
  success: "#0a0",
  warning: "#f90",
  danger: "#f00",
};

const spec = (field: string) => {
  const d = DRIVERS.find((x) => x.field === field);
  if (!d) throw new Error(field);
  return d;
};

describe("drivers", () => {
  it("read percentages, points and days as typed, empty as no change", () => {
    expect(parseDriver(spec("price"), "")).toBe("0");
    expect(parseDriver(spec("price"), " 5 ")).toBe("5");
    expect(parseDriver(spec("price"), "+2.50")).toBe("2.5");
    expect(parseDriver(spec("price"), "\u22123,5")).toBe("-3.5");
    expect(parseDriver(spec("price"), "-0")).toBe("0");
    expect(parseDriver(spec("collectionDays"), "-7")).toBe("-7");
  });

  it("refuse what is not a number in range", () => {
    expect(parseDriver(spec("price"), "-")).toBeNull();
    expect(parseDriver(spec("price"), "5.125")).toBeNull();
    expect(parseDriver(spec("price"), "-100")).toBeNull();
    expect(parseDriver(spec("demand"), "-100")).toBe("-100");
    expect(parseDriver(spec("demand"), "201")).toBeNull();
    expect(parseDriver(spec("collectionDays"), "1.5")).toBeNull();
    expect(parseDriver(spec("collectionDays"), "366")).toBeNull();
    expect(parseDriver(spec("fx"), "101")).toBeNull();
    expect(parseDriver(spec("badDebt"), "abc")).toBeNull();
  });

  it("turn percentages and points into shares, days into integers", () => {
    const parsed = parseDrivers({ ...NO_CHANGE, price: "5", cost: "-2.5", demand: "10", collectionDays: "7", paymentDays: "-3", inventoryDays: "15", badDebt: "1.5", fx: "-20" });
    expect(parsed).toEqual({
      applied: {
        drivers: { price: "0.05", cost: "-0.025", demand: "0.1", collectionDays: 7, paymentDays: -3, inventoryDays: 15, badDebt: "0.015" },
        fxChange: "-0.2",
      },
    });
  });

  it("name every input that is wrong, with its range", () => {
    const parsed = parseDrivers({ ...NO_CHANGE, price: "x", collectionDays: "2.5", badDebt: "200" });
    expect(parsed).toEqual({
      errors: {
        price: "Enter a percentage from \u221299 to +200, with up to 2 decimals.",
        collectionDays: "Enter whole days from \u2212365 to +365.",
        badDebt: "Enter percentage points from \u2212100 to +100, with up to 2 decimals.",
      },
    });
  });

  it("tell equal drivers apart from changed ones, and an untouched form", () => {
    const five = parseDrivers({ ...NO_CHANGE, price: "5.0" });
    const again = parseDrivers({ ...NO_CHANGE, price: "05" });
    if (!("applied" in five) || !("applied" in again)) throw new Error("refused");
    expect(sameDrivers(five.applied, again.applied)).toBe(true);
    expect(sameDrivers(five.applied, NO_DRIVERS)).toBe(false);
    expect(isUnchanged(NO_CHANGE)).toBe(true);
    expect(isUnchanged({ ...NO_CHANGE, fx: " " })).toBe(true);
    expect(isUnchanged({ ...NO_CHANGE, fx: "0" })).toBe(false);
  });

  it("ask for the risk only when simulated, and key each request by all it asks", () => {
    const controls = { scenario: "Base", months: 24, granularity: "month" as const, simulate: true };
    expect(cashRequest(controls, NO_DRIVERS)).toEqual({
      scenario: "Base",
      drivers: NO_DRIVERS.drivers,
      fxChange: "0",
      months: 24,
      granularity: "month",
      simulations: 500,
    });
    // Weeks and days keep the months chosen: Rust checks them, and a saved projection keeps them.
    expect(cashRequest({ ...controls, granularity: "week" }, NO_DRIVERS)).toMatchObject({ months: 24, granularity: "week" });
    expect(projectionKey(cashRequest({ ...controls, granularity: "day" }, NO_DRIVERS))).not.toEqual(projectionKey(cashRequest(controls, NO_DRIVERS)));
    expect(cashRequest(controls, NO_DRIVERS, "Downturn", false)).toMatchObject({ scenario: "Downturn", simulations: 0 });
    expect(projectionKey(cashRequest({ ...controls, simulate: false }, NO_DRIVERS))).toEqual(projectionKey(cashRequest(controls, NO_DRIVERS, "Base", false)));
  });

  it("give every driver a test id, a unit in its label and a hint", () => {
    expect(DRIVERS.map((d) => d.testId)).toEqual([
      "wc-driver-price",
      "wc-driver-cost",
      "wc-driver-demand",
      "wc-driver-collection-days",
      "wc-driver-payment-days",
      "wc-driver-inventory-days",
      "wc-driver-bad-debt",
      "wc-driver-fx",
    ]);
    for (const d of DRIVERS) {
      expect(d.label).toMatch(/\((%|±|pp)\)$/);
      expect(d.hint.length).toBeGreaterThan(20);
    }
  });
});

describe("figures", () => {
  it("word the cycle against its target, with the band", () => {
    expect(bandText(FEB, "55", text)).toBe("Amber: 4 days over the 55-day target");
    expect(bandText(JAN, "55", text)).toBe("On target: 1.25 days under the 55-day target");
    expect(bandText(cashMonth({ ccc: "55.00" }), "55", text)).toBe("On target: at the 55-day target");
    expect(bandText(cashMonth({ ccc: "56", cccBand: "amber" }), "55", text)).toBe("Amber: 1 day over the 55-day target");
    expect(bandText(cashMonth({ ccc: null, cccBand: null }), "55", text)).toBe("No sales or costs to measure the cycle");
  });

  it("know the four bands and colour each apart", () => {
    expect(cccBand("critical")).toBe("critical");
    expect(cccBand("unknown")).toBeNull();
    expect(new Set(["on_target", "amber", "red", "critical"].map((b) => bandTone(cccBand(b)))).size).toBe(4);
  });

  it("find the lowest cash, the first of equals", () => {
    expect(lowestCash([JAN, FEB, MAR])?.month).toBe("2027-02-01");
    expect(lowestCash([])).toBeNull();
  });

  it("count the months before cash falls below the minimum", () => {
    expect(runway([JAN, FEB, MAR], "50000")).toBeNull();
    const short = cashMonth({ month: "2027-03-01", closingCash: "50000.00", shortfall: "1200.00" });
    expect(runway([JAN, FEB, short], "50000")).toMatchObject({ months: 2, month: { month: "2027-03-01" } });
    expect(runway([cashMonth({ closingCash: "49999.99" })], "50000")?.months).toBe(0);
  });

  it("measure the line drawn as a share of its limit", () => {
    expect(lineUse(MAR, "500000")).toBe("80");
    expect(lineUse(MAR, "0")).toBeNull();
  });

  it("raise an alert for a red cycle, a shortfall and a line drawn past its warning share, each at its first month", () => {
    const short = cashMonth({ month: "2027-04-01", shortfall: "1200.00", closingCash: "48800.00", drawn: "500000.00", headroom: "0.00", cccBand: "critical", ccc: "80" });
    const p = projection({ months: [JAN, FEB, MAR, short] });
    const alerts = cashAlerts(p);
    expect(alerts.map((a) => [a.kind, a.month.month, a.count])).toEqual([
      ["ccc", "2027-03-01", 2],
      ["shortfall", "2027-04-01", 1],
      ["line", "2027-03-01", 2],
    ]);
    expect(alerts.map((a) => alertText(a, p, text))).toEqual([
      "The cash conversion cycle is red in 2027-03: 68.25 days, 13.25 days over the 55-day target (2 months in all).",
      "Cash falls £1200.00 short of the £50000.00 minimum in 2027-04, even with the line fully drawn.",
      "The credit line is 80% drawn in 2027-03: £400000.00 of £500000.00, past the 75% warning level (2 months in all).",
    ]);
  });

  it("raise none when all is well, nor for a line drawn exactly to its warning share or no line at all", () => {
    expect(cashAlerts(projection({ months: [JAN] }))).toEqual([]);
    expect(cashAlerts(projection({ months: [cashMonth({ drawn: "375000.00" })] }))).toEqual([]);
    expect(cashAlerts(projection({ months: [cashMonth({ drawn: "250000.00" })], lineWarningShare: "0.5" }))).toEqual([]);
    expect(cashAlerts(projection({ months: [cashMonth({ drawn: "0" })], creditLimit: "0" }))).toEqual([]);
  });

  it("read the line's warning share as a percent, for the alert and the risk chart alike", () => {
    expect(lineWarningPercent("0.75")).toBe("75");
    expect(lineWarningPercent("0.5")).toBe("50");
    expect(lineWarningPercent("0.725")).toBe("72.5");
    expect(lineWarningPercent("1")).toBe("100");
    expect(lineWarningPercent("three quarters")).toBeNull();
    expect(lineWarningText("0.5", text)).toBe("50%");
    expect(lineWarningText("0.725", text)).toBe("72.5%");
    expect(lineWarningText("", text)).toBeNull();
  });

  it("warn of the line by the projection's warning share: 60% drawn is past a half, not three quarters", () => {
    const sixty = cashMonth({ drawn: "300000.00", headroom: "200000.00" });
    const half = projection({ months: [sixty], lineWarningShare: "0.5" });
    const alerts = cashAlerts(half);
    expect(alerts.map((a) => [a.kind, a.month.month, a.count])).toEqual([["line", "2027-01-01", 1]]);
    expect(alerts.map((a) => alertText(a, half, text))).toEqual([
      "The credit line is 60% drawn in 2027-01: £300000.00 of £500000.00, past the 50% warning level.",
    ]);
    expect(cashAlerts(projection({ months: [sixty], lineWarningShare: "0.75" }))).toEqual([]);
    // A share that is not a number raises no alert rather than a made-up one.
    expect(cashAlerts(projection({ months: [sixty], lineWarningShare: "" }))).toEqual([]);
  });

  it("say when the lender's covenant caps the line below the facility", () => {
    const capped = { creditLimit: "300000.00", facilityLimit: "500000.00", covenantLimit: "300000.00" };
    expect(covenantCaps(capped)).toBe(true);
    expect(covenantText(capped, text)).toBe("capped by the lender's covenant at £300000.00 (facility £500000.00)");
    expect(creditLineText(capped, text)).toBe("Credit line capped by the lender's covenant at £300000.00 (facility £500000.00).");

    const within = { creditLimit: "500000.00", facilityLimit: "500000.00", covenantLimit: "800000.00" };
    expect(covenantCaps(within)).toBe(false);
    expect(creditLineText(within, text)).toBe("Credit line £500000.00, within the lender's covenant of £800000.00.");

    const none = { creditLimit: "500000.00", facilityLimit: "500000.00", covenantLimit: null };
    expect(covenantCaps(none)).toBe(false);
    expect(covenantText(none, text)).toBeNull();
    expect(creditLineText(none, text)).toBe("Credit line £500000.00.");
    // Equal limits: the facility's own applies.
    expect(covenantCaps({ facilityLimit: "500000", covenantLimit: "500000.00" })).toBe(false);
  });

  it("say where the stock purchases come from, with and without open replenishment orders", () => {
    const dated = { ...text, date: (d: string) => d.split("-").reverse().join("/") };
    expect(purchasePlanText(purchasePlan(), dated)).toBe(
      "Stock purchases follow the replenishment plan's 4 open orders (£120000.00) until 01/03/2027 (the first 2 months), then keep the inventory cover setting.",
    );
    expect(purchasePlanText(purchasePlan({ orders: 1, periods: 1, valueBase: "5000.00" }), dated)).toBe(
      "Stock purchases follow the replenishment plan's 1 open order (£5000.00) until 01/03/2027 (the first month), then keep the inventory cover setting.",
    );
    expect(purchasePlanText(null, dated)).toBe("No open replenishment orders: stock purchases keep the inventory cover.");
  });

  it("say where the demand came from", () => {
    expect(demandText({ approved: 0, statistical: 60, lastYear: 300, none: 0 }, text)).toBe(
      "Demand: 60 series-months from statistical forecasts not yet approved, 300 from the same month's sales a year earlier.",
    );
    expect(demandText({ approved: 1, statistical: 0, lastYear: 0, none: 2 }, text)).toBe(
      "Demand: 1 series-month from approved forecasts, 2 with no demand (neither a forecast nor sales a year earlier).",
    );
    expect(demandText({ approved: 0, statistical: 0, lastYear: 0, none: 0 }, text)).toMatch(/^Demand: no product/);
  });

  it("tell a projection without revenue", () => {
    expect(hasRevenue([JAN])).toBe(true);
    expect(hasRevenue([cashMonth({ revenue: "0.00" })])).toBe(false);
    expect(hasRevenue([])).toBe(false);
  });

  it("find the month most likely to run short", () => {
    const risk = [
      { month: "2027-01-01", shortfall: 0, lineOverWarning: 0 },
      { month: "2027-02-01", shortfall: 0.12, lineOverWarning: 0.4 },
      { month: "2027-03-01", shortfall: 0.08, lineOverWarning: null },
    ];
    expect(riskPeak(risk)?.month).toBe("2027-02-01");
    expect(riskPeak(risk.slice(0, 1))).toBeNull();
  });
});

describe("scenario comparison", () => {
  const base = projection();
  const worse = projection({ scenario: "Pessimistic", months: [cashMonth({ closingCash: "200000.00", ccc: "60.00" }), cashMonth({ month: "2027-02-01", closingCash: "50000.00", drawn: "150000.00" })] });

  it("lines up each scenario's figure per month, with its difference from the first", () => {
    expect(compareRows([base, worse], "closingCash").slice(0, 3)).toEqual([
      { month: "2027-01-01", values: ["220000.00", "200000.00"], deltas: [null, "-20000"] },
      { month: "2027-02-01", values: ["50000.00", "50000.00"], deltas: [null, "0"] },
      { month: "2027-03-01", values: ["50000.00", null], deltas: [null, null] },
    ]);
    expect(compareRows([base, worse], "ccc")[0]?.deltas).toEqual([null, "6.25"]);
    expect(compareRows([], "drawn")).toEqual([]);
  });

  it("read a difference as better or worse for the figure", () => {
    expect(deltaTone("-20000", "closingCash")).toBe("worse");
    expect(deltaTone("30000", "drawn")).toBe("worse");
    expect(deltaTone("-2.5", "ccc")).toBe("better");
    expect(deltaTone("100", "netFlow")).toBe("better");
    expect(deltaTone("0", "workingCapital")).toBe("same");
    expect(deltaTone(null, "workingCapital")).toBe("same");
  });

  it("keeps the scenarios in the order chosen, starting from the one on screen", () => {
    expect(initialSelection(SCENARIOS, "Base")).toEqual(["Base", "Pessimistic"]);
    expect(initialSelection(SCENARIOS, "Pessimistic")).toEqual(["Pessimistic", "Base"]);
    expect(initialSelection(["Base"], "Base")).toEqual(["Base"]);
    expect(initialSelection(["A", "B", "C"], "C")).toEqual(["C", "A"]);
    expect(toggleScenario(["Base", "Pessimistic"], "Downturn")).toEqual(["Base", "Pessimistic", "Downturn"]);
    expect(toggleScenario(["Base", "Pessimistic"], "Base")).toEqual(["Pessimistic"]);
    expect(scenarioSlug("Supply shock")).toBe("supply-shock");
  });
});

describe("charts", () => {
  const p = projection();
  const names = (o: { series?: unknown }) => (o.series as { name: string }[]).map((s) => s.name);
  const data = (o: { series?: unknown }, name: string) => (o.series as { name: string; data: unknown[] }[]).find((s) => s.name === name)?.data;

  it("draw cash, the line drawn, the minimum and the limit month by month", () => {
    const option = cashChartOption(p, colors, text);
    expect(names(option)).toEqual([CASH_NAMES.drawn, CASH_NAMES.minimumCash, CASH_NAMES.creditLimit, CASH_NAMES.closingCash]);
    expect(data(option, CASH_NAMES.closingCash)).toEqual([220000, 50000, 50000]);
    expect(data(option, CASH_NAMES.drawn)).toEqual([0, 120000, 400000]);
    expect(data(option, CASH_NAMES.minimumCash)).toEqual([50000, 50000, 50000]);
    expect(data(option, CASH_NAMES.creditLimit)).toEqual([500000, 500000, 500000]);
    expect(cashTooltipLines(p, "2027-02-01", text)).toEqual([
      "2027-02",
      "Closing cash: £50000.00",
      "Line drawn: £120000.00 (headroom £380000.00)",
      "Minimum cash: £50000.00",
      "Credit limit: £500000.00",
    ]);
    expect(cashTooltipLines(projection({ months: [cashMonth({ shortfall: "10" })] }), "2027-01-01", text).at(-1)).toBe("Short of the minimum: £10");
    const capped = projection({ creditLimit: "300000.00", covenantLimit: "300000.00" });
    expect(data(cashChartOption(capped, colors, text), CASH_NAMES.creditLimit)).toEqual([300000, 300000, 300000]);
    expect(cashTooltipLines(capped, "2027-02-01", text).at(-1)).toBe("Credit limit: £300000.00 (capped by the lender's covenant; facility £500000.00)");
  });

  it("draw the chance of running short in percent", () => {
    const names = riskNames("0.75", text);
    const option = riskChartOption([{ month: "2027-01-01", shortfall: 0.125, lineOverWarning: null }], "0.75", colors, text);
    expect(data(option, names.shortfall)).toEqual([12.5]);
    expect(data(option, names.lineOverWarning)).toEqual([null]);
  });

  it("name the chance of a heavily drawn line by the projection's warning share", () => {
    expect(riskNames("0.75", text)).toEqual({ shortfall: "Chance of a shortfall", lineOverWarning: "Chance of more than 75% of the line drawn" });
    const risk = [{ month: "2027-02-01", shortfall: 0.12, lineOverWarning: 0.3 }];
    const option = riskChartOption(risk, "0.5", colors, text);
    expect(names(option)).toEqual(["Chance of a shortfall", "Chance of more than 50% of the line drawn"]);
    expect((option.legend as { data: string[] }).data).toEqual(names(option));
    expect(data(option, "Chance of more than 50% of the line drawn")).toEqual([30]);
    expect(riskTooltipLines(risk, "0.5", "2027-02-01", text)).toEqual([
      "2027-02",
      "Chance of a shortfall: 12%",
      "Chance of more than 50% of the line drawn: 30%",
    ]);
  });

  it("draw the balances and the working capital they make", () => {
    const option = balancesChartOption(p.months, colors, text);
    expect(names(option)).toEqual(Object.values(BALANCE_NAMES));
    expect(data(option, BALANCE_NAMES.workingCapital)).toEqual([160000, 160000, 210000]);
  });

  it("draw one line per scenario compared", () => {
    const scenarios = [
      { name: "Base", projection: p },
      { name: "Pessimistic", projection: projection({ months: [cashMonth({ closingCash: "1" })] }) },
    ];
    const option = compareChartOption(scenarios, "closingCash", colors, text);
    expect(names(option)).toEqual(["Base", "Pessimistic"]);
    expect(data(option, "Pessimistic")).toEqual([1, null, null]);
    expect(compareTooltipLines(scenarios, "ccc", "2027-01-01", text)).toEqual(["2027-01 · Cash conversion cycle", "Base: 53.75 days", "Pessimistic: 53.75 days"]);
  });
});

describe("saved projections", () => {
  it("name only the drivers that change something, each in its unit", () => {
    expect(driversText(NO_DRIVERS, "en-GB")).toBe("no driver changes");
    const applied = {
      drivers: { price: "0.125", cost: "-0.1", demand: "0.05", collectionDays: 7, paymentDays: -3, inventoryDays: 0, badDebt: "0.005" },
      fxChange: "-0.2",
    };
    expect(driverChanges(applied, "en-GB")).toEqual(["price +12.5%", "unit cost -10%", "demand +5%", "collection +7 d", "payment -3 d", "bad debt +0.5 pp", "FX -20%"]);
    expect(driverChanges({ ...NO_DRIVERS, fxChange: "0.015" }, "de-DE")).toEqual(["FX +1,5\u00a0%"]);
  });

  it("shorten digests and call version 0 the default", () => {
    expect(shortDigest("3f2a9c1d5e7b80a4c6d2e1f09b8a7c6d")).toBe("3f2a9c1d5e7b…");
    expect(shortDigest("abc")).toBe("abc");
    expect(settingVersionText(0)).toBe("default");
    expect(settingVersionText(4)).toBe("4");
  });

  it("say how far ahead a saved projection runs, in the periods it was saved in", () => {
    expect(savedHorizon(savedProjection(), "en-GB")).toBe("24 months");
    expect(savedHorizon(savedProjection({ granularity: "week" }), "en-GB")).toBe("13 weeks");
    expect(savedHorizon(savedProjection({ months: 12, granularity: "day" }), "en-GB")).toBe("30 days");
  });

  it("set a closed month against the projection: actual minus projected, in percent of the projected", () => {
    const row = versusActual();
    expect(versusValues(row, "revenue")).toEqual({ projected: "40000.00", actual: "42000.00", difference: "2000", percent: "5" });
    expect(versusValues(row, "receivables")).toEqual({ projected: "50000.00", actual: "45000.00", difference: "-5000", percent: "-10" });
    expect(versusValues(row, "payables").difference).toBe("0");
    expect(versusValues(versusActual({ projectedInventory: "0.00" }), "inventory").percent).toBeNull();
  });
});

describe("periods", () => {
  it("name a period from its first day by the granularity", () => {
    expect(periodLabel("2026-12-01", "month", "en-GB")).toBe("Dec 2026");
    expect(periodLabel("2026-12-08", "week", "en-GB")).toBe("w/c 8 Dec 2026");
    expect(periodLabel("2026-12-08", "day", "en-GB")).toBe("Tue 8 Dec");
    expect(periodLabel("2026-12-08", "day", "en-US")).toBe("Tue, Dec 8");
    expect(periodLabel("not a day", "week", "en-GB")).toBe("not a day");
  });

  it("say when in a sentence, and head a table's first column", () => {
    expect(periodWhen("2027-02-01", "month", "en-GB")).toBe("in Feb 2027");
    expect(periodWhen("2026-12-08", "week", "en-GB")).toBe("in the week of 8 Dec 2026");
    expect(periodWhen("2026-12-08", "day", "en-GB")).toBe("on Tue 8 Dec");
    expect([periodHeader("month"), periodHeader("week"), periodHeader("day")]).toEqual(["Month", "Week of", "Day"]);
  });

  it("count the periods a request projects, in words", () => {
    expect(periodCount("month", 36)).toBe(36);
    expect(periodCount("week", 36)).toBe(13);
    expect(periodCount("day", 12)).toBe(30);
    expect(periodsText(1, "month", "en-GB")).toBe("1 month");
    expect(periodsText(13, "week", "en-GB")).toBe("13 weeks");
    expect(periodsText(1200, "day", "en-GB")).toBe("1,200 days");
  });

  it("key a month by its month and a week or day by its date, and read an unknown granularity as months", () => {
    expect(periodKey("2027-03-01", "month")).toBe("2027-03");
    expect(periodKey("2027-03-08", "week")).toBe("2027-03-08");
    expect(periodKey("2027-03-09", "day")).toBe("2027-03-09");
    expect(granularityOf("week")).toBe("week");
    expect(granularityOf("quarter")).toBe("month");
    expect(granularityOf(undefined)).toBe("month");
  });
});

describe("tax obligations", () => {
  it("list the returns by due date", () => {
    expect(taxByDue(TAX).map((t) => [t.due, t.market])).toEqual([
      ["2027-02-20", "US"],
      ["2027-04-07", "UK"],
      ["2027-05-07", "EU"],
      ["2027-07-07", "UK"],
    ]);
  });

  it("total what is paid within the projection in the base currency, reclaims netted off", () => {
    expect(taxDueTotal(TAX)).toBe("12818.9");
    expect(taxDueTotal([])).toBe("0");
  });

  it("pick the next payment: the first due within the projection that owes something", () => {
    expect(nextTaxDue(TAX)).toMatchObject({ market: "UK", due: "2027-04-07" });
    expect(nextTaxDue(TAX.filter((t) => t.market === "US"))).toBeNull();
  });
});

describe("drivers that matter most", () => {
  it("name each driver in the words of its input", () => {
    expect(["price", "cost", "demand", "collectionDays", "paymentDays", "inventoryDays", "badDebt", "fx"].map(driverName)).toEqual([
      "Price",
      "Unit cost",
      "Demand",
      "Collection days",
      "Payment days",
      "Inventory days",
      "Bad debt",
      "FX change",
    ]);
    expect(driverName("shippingDays")).toBe("Shipping days");
  });

  it("measure each step against the lowest net cash as projected, in Rust's order", () => {
    expect(driverSwings(sensitivity()).map((s) => [s.label, s.step, s.down, s.up])).toEqual([
      ["Demand", "±10 %", "-20000", "240000"],
      ["Collection days", "±7 days", "50000", "-45000"],
      ["FX change", "±10 %", "-5000", "5000"],
    ]);
  });

  it("draw a tornado, the driver that matters most on top, with the values on hover", () => {
    const swings = driverSwings(sensitivity());
    const option = sensitivityChartOption(swings, colors, text);
    const yAxis = option.yAxis as { data: string[]; inverse: boolean; axisLabel: { formatter: (v: string) => string } };
    expect(yAxis.data).toEqual(["demand", "collectionDays", "fx"]);
    expect(yAxis.inverse).toBe(true);
    expect(yAxis.axisLabel.formatter("collectionDays")).toBe("Collection days");
    const series = option.series as { name: string; data: unknown[] }[];
    expect(series.map((x) => [x.name, x.data])).toEqual([
      [SENSITIVITY_NAMES.down, [-20000, 50000, -5000]],
      [SENSITIVITY_NAMES.up, [240000, -45000, 5000]],
    ]);
    expect(sensitivityTooltipLines(swings, "demand", text)).toEqual([
      "Demand, a step of ±10 %",
      "A step down: lowest net cash £-90000.00 (£-20000)",
      "A step up: lowest net cash £170000.00 (+£240000)",
    ]);
  });
});

describe("products", () => {
  const data = productsCash();

  it("list the markets to filter by, and a market's products in Rust's order", () => {
    expect(productMarkets(data.products)).toEqual(["EU", "UK"]);
    expect(productsIn(data.products, "UK").map((p) => p.sku)).toEqual(["GABA-GOLD-60", "GABA-RED-30"]);
    expect(productsIn(data.products, "")).toHaveLength(3);
    // The gold product in two markets is two rows.
    expect(new Set(data.products.map(productKey)).size).toBe(3);
  });

  it("line a product's figures up with the periods", () => {
    expect(productPeriods(data.periods, productCash())).toEqual([
      { month: "2027-01-01", units: "100", revenue: "3000.00", cogs: "1200.00", grossProfit: "1800", receipts: "1400.00" },
      { month: "2027-02-01", units: "120", revenue: "3600.00", cogs: "1440.00", grossProfit: "2160", receipts: "3200.00" },
      { month: "2027-03-01", units: "90.5", revenue: "2715.00", cogs: "1086.00", grossProfit: "1629", receipts: "3500.00" },
    ]);
    expect(productPeriods(["2027-01-01", "2027-02-01"], { units: ["1"], revenue: ["2"], cogs: ["1"], receipts: ["1"] })[1]).toEqual({
      month: "2027-02-01",
      units: null,
      revenue: null,
      cogs: null,
      grossProfit: null,
      receipts: null,
    });
  });

  it("draw a product's revenue and COGS per period", () => {
    const option = productChartOption(data.periods, productCash(), colors, text);
    const series = option.series as { name: string; data: unknown[] }[];
    expect(series.map((x) => [x.name, x.data])).toEqual([
      [PRODUCT_NAMES.revenue, [3000, 3600, 2715]],
      [PRODUCT_NAMES.cogs, [1200, 1440, 1086]],
      [PRODUCT_NAMES.receipts, [1400, 3200, 3500]],
    ]);
    expect(productTooltipLines(data.periods, productCash(), "2027-03-01", text)).toEqual([
      "2027-03",
      "Revenue: £2715.00",
      "COGS: £1086.00",
      "Gross profit: £1629",
      "Receipts: £3500.00",
      "Units: 90.5",
    ]);
    expect(productTooltipLines(data.periods, productCash(), "2027-04-01", text)).toEqual([]);
  });
});
