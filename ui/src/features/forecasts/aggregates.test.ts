import { describe, expect, it } from "vitest";
import {
  aggregateOverrideMax,
  aggregateTable,
  differsFromStatistical,
  hasOverrides,
  levelColumn,
  overriddenText,
  spreadNote,
  spreadNotice,
  toAggregateOverrideRequest,
} from "./aggregate";
import { AGGREGATE_NAMES, aggregateChartOption, aggregatePeriods, aggregateTooltipLines } from "./aggregateChart";
import { periodLabel, unitsText } from "./figures";
import { aggregateGroup, aggregatePeriod, categoryView, RUN_ID } from "./fixtures.test-data";
import { MAX_OVERRIDE } from "./override";
import type { ChartPalette, ChartText } from "./seriesChart";

const L = "en-GB";

describe("the aggregates table", () => {
  it("puts every group's forecast periods in calendar order and leaves a gap where a group has none", () => {
    const table = aggregateTable(categoryView());
    expect(table.periods).toEqual(["2026-12-01", "2027-01-01"]);
    expect(table.rows.map((r) => [r.key, r.label, r.total])).toEqual([
      ["GABA Gold", "GABA Gold", 90],
      ["GABA Red", "GABA Red", 450],
    ]);
    expect(table.rows[0]?.cells.map((c) => c?.forecast ?? null)).toEqual([90, null]);
    expect(table.rows[1]?.cells.map((c) => c?.forecast ?? null)).toEqual([150, 300]);
  });

  it("has no columns for a run without forecast periods", () => {
    expect(aggregateTable({ groups: [] })).toEqual({ periods: [], rows: [] });
  });

  it("tells an overridden period from one the models set", () => {
    const [december, january] = aggregateGroup().forecast;
    expect(differsFromStatistical(december ?? aggregatePeriod("x", 0))).toBe(false);
    expect(differsFromStatistical(january ?? aggregatePeriod("x", 0))).toBe(true);
    expect(differsFromStatistical({ forecast: 10, statistical: null })).toBe(false);
    expect(hasOverrides(aggregateGroup())).toBe(true);
    expect(hasOverrides(aggregateGroup({ forecast: [aggregatePeriod("2026-12-01", 240)] }))).toBe(false);
    // An override that happens to equal the models' figure is still an override.
    expect(hasOverrides(aggregateGroup({ forecast: [aggregatePeriod("2026-12-01", 240, { overridden: 1 })] }))).toBe(true);
    expect(overriddenText({ series: 3, overridden: 2 }, L)).toBe("2 of 3 series overridden");
  });

  it("names the groups' column after the level", () => {
    expect(levelColumn("total")).toBe("Scope");
    expect(levelColumn("market")).toBe("Market");
  });
});

describe("an aggregate override", () => {
  const target = { runId: RUN_ID, level: "category" as const, groupKey: "GABA Red", period: "2027-01-01", series: 3 };

  it("asks Rust to set the group's period with the trimmed reason", () => {
    expect(toAggregateOverrideRequest(target, { value: " 320 ", reason: " Promotion " })).toEqual({
      request: { runId: RUN_ID, level: "category", groupKey: "GABA Red", period: "2027-01-01", value: 320, reason: "Promotion" },
    });
  });

  it("needs whole units and a reason before anything is sent", () => {
    expect(toAggregateOverrideRequest(target, { value: "", reason: "" })).toEqual({
      errors: { value: "Enter the units for this period.", reason: "Say why, e.g. “promotion planned” or “listing paused”." },
    });
    expect(toAggregateOverrideRequest(target, { value: "12.5", reason: "x" })).toEqual({
      errors: { value: "Enter a whole number of units, 0 or more." },
    });
  });

  it("allows a larger total the more series it is spread over, within what Rust can store", () => {
    expect(aggregateOverrideMax(0)).toBe(MAX_OVERRIDE);
    expect(aggregateOverrideMax(3)).toBe(3 * MAX_OVERRIDE);
    expect(aggregateOverrideMax(1000)).toBe(2_147_483_647);
    const over = String(MAX_OVERRIDE + 1);
    expect(toAggregateOverrideRequest({ ...target, series: 1 }, { value: over, reason: "x" })).toEqual({
      errors: { value: "That is more units than a period can hold." },
    });
    expect(toAggregateOverrideRequest({ ...target, series: 2 }, { value: over, reason: "x" })).toMatchObject({ request: { value: MAX_OVERRIDE + 1 } });
  });

  it("says where the total goes, before and after", () => {
    expect(spreadNote(3, L)).toBe("The total is spread over the 3 series below in proportion to their statistical forecast; Escape cancels.");
    expect(spreadNotice(3, "GABA Red", "Jan 2027", 1200, L)).toBe("Spread over 3 series: GABA Red, Jan 2027 set to 1,200 units.");
  });
});

describe("the aggregate chart", () => {
  const palette: ChartPalette = {
    text: "#000",
    muted: "#555",
    grid: "#ddd",
    primary: "#00f",
    secondary: "#999",
    surface: "#fff",
    warning: "#f80",
    danger: "#f00",
    success: "#0a0",
  };
  const text: ChartText = { period: (p) => periodLabel(p, "month", L, "axis"), units: (v) => unitsText(v, L) };
  type Series = {
    name: string;
    type: string;
    data: (number | null)[];
    label?: { show?: boolean; formatter?: unknown };
    itemStyle?: { borderType?: string };
    lineStyle?: { type?: string };
    markLine?: { data: { xAxis: string }[] };
  };
  const seriesOf = (group = aggregateGroup()) => aggregateChartOption(group, palette, text).series as Series[];
  const named = (series: Series[], name: string) => {
    const found = series.find((s) => s.name === name);
    if (!found) throw new Error(`no series ${name}`);
    return found;
  };

  it("puts the history and the horizon on one time axis", () => {
    const periods = ["2026-10-01", "2026-11-01", "2026-12-01", "2027-01-01"];
    expect(aggregatePeriods(aggregateGroup())).toEqual(periods);
    expect((aggregateChartOption(aggregateGroup(), palette, text).xAxis as { data: string[] }).data).toEqual(periods);
  });

  it("draws the partial period apart from the sales, dashed and labelled", () => {
    const series = seriesOf();
    expect(named(series, AGGREGATE_NAMES.sold).data).toEqual([210, null, null, null]);
    const partial = named(series, AGGREGATE_NAMES.partial);
    expect(partial.data).toEqual([null, 80, null, null]);
    expect(partial.itemStyle?.borderType).toBe("dashed");
    expect(partial.label).toMatchObject({ show: true, formatter: "partial" });
  });

  it("draws the forecast from its first period, and the statistical forecast dashed where overrides changed it", () => {
    const series = seriesOf();
    const forecast = named(series, AGGREGATE_NAMES.forecast);
    expect(forecast.data).toEqual([null, null, 240, 300]);
    expect(forecast.markLine?.data).toEqual([{ xAxis: "2026-12-01" }]);
    const statistical = named(series, AGGREGATE_NAMES.statistical);
    expect(statistical.data).toEqual([null, null, 240, 260]);
    expect(statistical.lineStyle?.type).toBe("dashed");
    const legend = (aggregateChartOption(aggregateGroup(), palette, text).legend as { data: string[] }).data;
    expect(legend).toContain(AGGREGATE_NAMES.statistical);
  });

  it("leaves the statistical line out when no series is overridden", () => {
    const plain = aggregateGroup({ forecast: [aggregatePeriod("2026-12-01", 240)] });
    expect(seriesOf(plain).map((s) => s.name)).toEqual([AGGREGATE_NAMES.sold, AGGREGATE_NAMES.partial, AGGREGATE_NAMES.forecast]);
    expect((aggregateChartOption(plain, palette, text).legend as { data: string[] }).data).not.toContain(AGGREGATE_NAMES.statistical);
  });

  it("words every value in the tooltip", () => {
    const group = aggregateGroup();
    expect(aggregateTooltipLines(group, "2026-11-01", text)).toEqual(["Nov 2026", "Units sold: 80 (partial)"]);
    expect(aggregateTooltipLines(group, "2026-12-01", text)).toEqual(["Dec 2026", "Forecast: 240"]);
    expect(aggregateTooltipLines(group, "2027-01-01", text)).toEqual([
      "Jan 2027",
      "Forecast: 300",
      "Statistical forecast: 260",
      "Overridden: 1 of 2 series",
    ]);
    const formatter = (aggregateChartOption(group, palette, text).tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter([{ axisValue: "2026-10-01" }])).toBe("Oct 2026\nUnits sold: 210");
  });
});
