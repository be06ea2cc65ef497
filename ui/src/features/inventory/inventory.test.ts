import { describe, expect, it } from "vitest";
import type { ChartColors } from "../../shared/Chart";
import { GOLD_EU, item, limit, order, plan, projection, summary, week } from "./fixtures.test-data";
import {
  ALL_ITEMS,
  STOCK_STATUSES,
  baseMoney,
  daysText,
  demandSourceLabel,
  elapsedText,
  filterItems,
  fractionText,
  isAtRisk,
  neverPlanned,
  planSummaryText,
  reasonText,
  sourcesText,
  stockStatusTone,
  unitsText,
} from "./items";
import { aboveLimit, aboveLimitText, decisionNotice, limitText, orderActions } from "./orders";
import { PROJECTION_NAMES, bandSeries, projectionChartOption, projectionTooltipLines, weekOf } from "./projectionChart";
import { fieldsFromPlan, toProjectionRequest } from "./whatIf";

const L = "en-GB";
const RED = item();

describe("the items list", () => {
  it("groups out, critical and low as at risk", () => {
    expect(STOCK_STATUSES.filter(isAtRisk)).toEqual(["out", "critical", "low"]);
  });

  it("colours each status apart, with out of stock the strongest", () => {
    const tones = STOCK_STATUSES.map(stockStatusTone);
    expect(new Set(tones).size).toBe(STOCK_STATUSES.length);
    expect(stockStatusTone("out")).toContain("tag-filled");
  });

  it("filters by status group, one status and words of the search, keeping Rust's order", () => {
    const out = item({ productId: "p-out", sku: "GR-UK-60", status: "out", riskScore: 95 });
    const rows = [out, RED, GOLD_EU];
    expect(filterItems(rows, ALL_ITEMS)).toEqual(rows);
    expect(filterItems(rows, { ...ALL_ITEMS, status: "at-risk" })).toEqual([out, RED]);
    expect(filterItems(rows, { ...ALL_ITEMS, status: "excess" })).toEqual([GOLD_EU]);
    expect(filterItems(rows, { search: "gaba bhx4", status: "all" })).toEqual([out, RED]);
    expect(filterItems(rows, { search: "reorder now", status: "all" })).toEqual([RED]);
  });

  it("knows when no planning run has set a policy yet", () => {
    expect(neverPlanned([item({ planningRunId: null }), item({ productId: "p-2", planningRunId: null })])).toBe(true);
    expect(neverPlanned([item({ planningRunId: null }), RED])).toBe(false);
    expect(neverPlanned([])).toBe(true);
  });

  it("words figures in the locale, with units and missing values", () => {
    expect(unitsText(1234.5, L)).toBe("1,234.5");
    expect(unitsText("210", L)).toBe("210");
    expect(unitsText(null, L)).toBe("—");
    expect(fractionText("0.98", L)).toBe("98.0%");
    expect(fractionText("0.9995", L, 2)).toBe("99.95%");
    expect(fractionText(null, L)).toBe("—");
    expect(daysText(1, L)).toBe("1 day");
    expect(daysText(364, L, true)).toBe("more than 364 days");
    expect(daysText(null, L)).toBe("—");
    expect(demandSourceLabel("recent_sales")).toBe("Recent sales (13 weeks)");
    expect(demandSourceLabel(null)).toBe("Not planned yet");
  });

  it("words a risk reason with the points it adds", () => {
    expect(reasonText({ kind: "projected_stockout", points: 40, message: "projected to run out on 21 Dec 2026" }, L)).toBe(
      "Projected to run out on 21 Dec 2026 (+40 risk points)",
    );
    expect(reasonText({ kind: "x", points: 1, message: "one" }, L)).toBe("One (+1 risk point)");
  });

  it("shows base-currency money once the currency is known, and a plain amount until then", () => {
    expect(baseMoney("2520.00", "GBP", L)).toBe("£2,520.00");
    expect(baseMoney("2520", undefined, L)).toBe("2,520");
  });

  it("sums a planning run up", () => {
    expect(planSummaryText(summary(), L)).toBe("Planned 2 items in 1.8 s: 1 draft order recommended, 1 item at risk.");
    expect(planSummaryText(summary({ items: 15000, orders: 0, atRisk: 12, elapsedMs: 420 }), L)).toBe(
      "Planned 15,000 items in 420 ms: 0 draft orders recommended, 12 items at risk.",
    );
    expect(sourcesText(summary(), L)).toBe("Approved forecast 1 · Recent sales (13 weeks) 1");
    expect(sourcesText(summary({ bySource: [] }), L)).toBe("—");
    expect(elapsedText(-1, L)).toBe("—");
  });
});

describe("the what-if inputs", () => {
  const baseline = fieldsFromPlan(plan());

  it("start from the lead time and service level the plan was made with", () => {
    expect(baseline).toEqual({ leadTime: "21", serviceLevel: "98" });
    expect(fieldsFromPlan(plan({ serviceLevel: 0.9 })).serviceLevel).toBe("90");
    expect(fieldsFromPlan(plan({ serviceLevel: 0.975 })).serviceLevel).toBe("97.5");
    expect(fieldsFromPlan(plan({ serviceLevel: null })).serviceLevel).toBe("");
  });

  it("ask for the plan's own figures when the inputs are the plan's or empty", () => {
    const own = { productId: RED.productId, location: RED.location, leadTimeDays: null, serviceLevel: null };
    expect(toProjectionRequest(RED, baseline, baseline)).toEqual({ request: own });
    expect(toProjectionRequest(RED, { leadTime: " ", serviceLevel: "" }, baseline)).toEqual({ request: own });
    expect(toProjectionRequest(RED, { leadTime: "21", serviceLevel: "98.0" }, baseline)).toEqual({ request: own });
  });

  it("send a changed lead time in days and a changed level as a fraction", () => {
    expect(toProjectionRequest(RED, { leadTime: "35", serviceLevel: "99.5" }, baseline)).toEqual({
      request: { productId: RED.productId, location: RED.location, leadTimeDays: 35, serviceLevel: "0.995" },
    });
    expect(toProjectionRequest(RED, { leadTime: "21", serviceLevel: "95" }, null)).toMatchObject({ request: { leadTimeDays: 21, serviceLevel: "0.95" } });
  });

  it("refuse what Rust would refuse, on its field", () => {
    for (const leadTime of ["0", "366", "2.5", "-3", "two"]) {
      expect(toProjectionRequest(RED, { leadTime, serviceLevel: "98" }, baseline)).toEqual({ errors: { leadTime: "Enter whole days from 1 to 365." } });
    }
    for (const serviceLevel of ["49.99", "100", "99.999", "0.95", "high"]) {
      expect(toProjectionRequest(RED, { leadTime: "21", serviceLevel }, baseline)).toEqual({
        errors: { serviceLevel: "Enter a percentage from 50 to 99.99." },
      });
    }
    expect(toProjectionRequest(RED, { leadTime: "1", serviceLevel: "50" }, baseline)).toHaveProperty("request");
    expect(toProjectionRequest(RED, { leadTime: "365", serviceLevel: "99.99" }, baseline)).toHaveProperty("request");
  });
});

describe("the replenishment workflow", () => {
  const both = { run: true, approve: true };

  it("offers only the moves the order's state and the user's role allow", () => {
    expect(orderActions("draft", both)).toEqual(["submit"]);
    expect(orderActions("rejected", both)).toEqual(["submit"]);
    expect(orderActions("submitted", both)).toEqual(["approve", "reject"]);
    expect(orderActions("approved", both)).toEqual([]);
    expect(orderActions("implemented", both)).toEqual([]);
    expect(orderActions("draft", { run: false, approve: true })).toEqual([]);
    expect(orderActions("submitted", { run: true, approve: false })).toEqual([]);
  });

  it("compares the order's value with the limit exactly, and no limit allows any value", () => {
    expect(aboveLimit("10000.00", limit())).toBe(false);
    expect(aboveLimit("10000.01", limit())).toBe(true);
    expect(aboveLimit("999999", limit({ limit: null }))).toBe(false);
    expect(aboveLimit("1", undefined)).toBe(false);
  });

  it("words the limit and why Approve is unavailable", () => {
    expect(limitText(limit(), L)).toBe("You may approve replenishment orders worth up to £10,000.00.");
    expect(limitText(limit({ limit: null }), L)).toBe("You may approve replenishment orders of any value.");
    expect(limitText(limit({ canApprove: false, limit: "0" }), L)).toBe("Your role cannot approve replenishment orders.");
    expect(aboveLimitText(limit(), L)).toBe("Above your approval limit of £10,000.00: an approver with a higher limit must approve it.");
  });

  it("says what a move did, naming the job an approval booked", () => {
    expect(decisionNotice(order({ status: "submitted" }), "submit")).toBe("RO-000001 submitted for approval.");
    expect(decisionNotice(order({ status: "approved", jobNumber: "J-000042" }), "approve")).toBe("RO-000001 approved; production job J-000042 is booked.");
    expect(decisionNotice(order({ status: "rejected" }), "reject")).toBe("RO-000001 sent back to the planner.");
  });
});

describe("the projection chart", () => {
  const colors: ChartColors = {
    text: "#000",
    muted: "#555",
    grid: "#ddd",
    primary: "#00f",
    secondary: "#888",
    surface: "#fff",
    success: "#0a0",
    warning: "#fa0",
    danger: "#f00",
  };
  const text = { week: (w: string) => w, units: (v: number | null) => (v == null ? "—" : String(v)) };

  it("stacks the band's width on its lower edge, leaving gaps where a bound is missing", () => {
    expect(bandSeries([week("2026-12-07"), week("2026-12-14", { stockLow80: null })])).toEqual({ lower: [80, null], width: [40, null] });
  });

  it("finds the week a date falls in", () => {
    const weeks = [week("2026-12-07"), week("2026-12-14"), week("2026-12-21")];
    expect(weekOf(weeks, "2026-12-16")).toBe("2026-12-14");
    expect(weekOf(weeks, "2026-12-21")).toBe("2026-12-21");
    expect(weekOf(weeks, "2026-12-01")).toBeNull();
    expect(weekOf(weeks, null)).toBeNull();
  });

  it("marks the reorder point, the safety stock and the stock-out week", () => {
    const p = projection();
    const option = projectionChartOption(p.weeks, p.plan, colors, text);
    const series = option.series as { name: string; markLine?: { data: { name: string; yAxis?: number; xAxis?: string }[] } }[];
    const stock = series.find((s) => s.name === PROJECTION_NAMES.stock);
    expect(stock?.markLine?.data.map((d) => [d.name, d.yAxis ?? d.xAxis])).toEqual([
      [PROJECTION_NAMES.reorderPoint, 210],
      [PROJECTION_NAMES.safetyStock, 80],
      [PROJECTION_NAMES.stockout, "2026-12-21"],
    ]);
    expect(series.map((s) => s.name)).toEqual([PROJECTION_NAMES.demand, `${PROJECTION_NAMES.band} (lower)`, PROJECTION_NAMES.band, PROJECTION_NAMES.stock]);
    const noStockout = projectionChartOption(p.weeks, plan({ stockoutDate: null }), colors, text).series as typeof series;
    expect(noStockout.find((s) => s.name === PROJECTION_NAMES.stock)?.markLine?.data).toHaveLength(2);
  });

  it("words a week in the tooltip, with receipts and unmet demand when there are any", () => {
    const weeks = [week("2026-12-07", { receipts: 600 }), week("2026-12-21", { stock: 0, unmet: 40 })];
    expect(projectionTooltipLines(weeks, "2026-12-07", text)).toEqual([
      "Week of 2026-12-07",
      "Projected stock: 100",
      "80% range: 80 – 120",
      "Forecast demand: 70",
      "Received: 600",
    ]);
    expect(projectionTooltipLines(weeks, "2026-12-21", text)).toContain("Demand not served: 40");
    expect(projectionTooltipLines(weeks, "2027-01-04", text)).toEqual([]);
  });
});
