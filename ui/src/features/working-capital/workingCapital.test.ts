import { describe, expect, it } from "vitest";
import type { ChartColors } from "../../shared/Chart";
import {
  BALANCE_NAMES,
  CASH_NAMES,
  RISK_NAMES,
  balancesChartOption,
  cashChartOption,
  cashTooltipLines,
  compareChartOption,
  compareTooltipLines,
  riskChartOption,
} from "./charts";
import { compareRows, deltaTone, initialSelection, scenarioSlug, toggleScenario } from "./compare";
import {
  DRIVERS,
  NO_CHANGE,
  NO_DRIVERS,
  cashRequest,
  driverChanges,
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
  demandText,
  hasRevenue,
  lineUse,
  lowestCash,
  riskPeak,
  runway,
} from "./figures";
import { FEB, JAN, MAR, SCENARIOS, cashMonth, projection, versusActual } from "./fixtures.test-data";
import { settingVersionText, shortDigest, versusValues } from "./saved";

const text = {
  money: (v: string) => `£${v}`,
  month: (m: string) => m.slice(0, 7),
  days: (v: string) => v,
  percent: (v: string) => `${v}%`,
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
    const controls = { scenario: "Base", months: 24, simulate: true };
    expect(cashRequest(controls, NO_DRIVERS)).toEqual({ scenario: "Base", drivers: NO_DRIVERS.drivers, fxChange: "0", months: 24, simulations: 500 });
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

  it("raise an alert for a red cycle, a shortfall and a line over 75% drawn, each at its first month", () => {
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
      "The credit line is 80% drawn in 2027-03: £400000.00 of £500000.00 (2 months in all).",
    ]);
  });

  it("raise none when all is well, nor for a line of exactly 75% or no line at all", () => {
    expect(cashAlerts(projection({ months: [JAN] }))).toEqual([]);
    expect(cashAlerts(projection({ months: [cashMonth({ drawn: "375000.00" })] }))).toEqual([]);
    expect(cashAlerts(projection({ months: [cashMonth({ drawn: "0" })], creditLimit: "0" }))).toEqual([]);
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
      { month: "2027-01-01", shortfall: 0, lineOver75: 0 },
      { month: "2027-02-01", shortfall: 0.12, lineOver75: 0.4 },
      { month: "2027-03-01", shortfall: 0.08, lineOver75: null },
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
  });

  it("draw the chance of running short in percent", () => {
    const option = riskChartOption([{ month: "2027-01-01", shortfall: 0.125, lineOver75: null }], colors, text);
    expect(data(option, RISK_NAMES.shortfall)).toEqual([12.5]);
    expect(data(option, RISK_NAMES.lineOver75)).toEqual([null]);
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

  it("set a closed month against the projection: actual minus projected, in percent of the projected", () => {
    const row = versusActual();
    expect(versusValues(row, "revenue")).toEqual({ projected: "40000.00", actual: "42000.00", difference: "2000", percent: "5" });
    expect(versusValues(row, "receivables")).toEqual({ projected: "50000.00", actual: "45000.00", difference: "-5000", percent: "-10" });
    expect(versusValues(row, "payables").difference).toBe("0");
    expect(versusValues(versusActual({ projectedInventory: "0.00" }), "inventory").percent).toBeNull();
  });
});
