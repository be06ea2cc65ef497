import { describe, expect, it } from "vitest";
import { formatMonth, formatPoints, formatShare } from "../../shared/format";
import { accuracy, categoryReport, emptyReport, plannerReport, valueAddedGroup } from "./fixtures.test-data";
import type { ChartPalette } from "./seriesChart";
import {
  type ValueAddedText,
  accuracyBasis,
  compareFigures,
  groupColumn,
  hasScores,
  toPoints,
  valueAddedLines,
  valueAddedRows,
  valueAddedTooltipLines,
} from "./valueAdded";
import { lineStyles, valueAddedChartOption } from "./valueAddedChart";

const L = "en-GB";
const text: ValueAddedText = {
  period: (m) => formatMonth(m, L),
  points: (v) => formatPoints(v, L),
  share: (v) => formatShare(v, L),
};
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

describe("the value-added table", () => {
  it("has one row per group with the group's totals", () => {
    const rows = valueAddedRows(plannerReport());
    expect(rows.map((r) => [r.label, r.points, r.overridden, r.finalWape, r.overrideValueAdded])).toEqual([
      ["Priya Shah", 4, 4, 0.2, 0.05],
      ["Tom Reed", 2, 2, 0.18, -0.03],
    ]);
    expect(groupColumn("planner")).toBe("Planner");
    expect(groupColumn("category")).toBe("Category");
  });

  it("has something to show only once a period has been scored", () => {
    expect(hasScores(plannerReport())).toBe(true);
    expect(hasScores(emptyReport())).toBe(false);
    expect(hasScores({ by: "category", groups: [valueAddedGroup("GABA Red", { points: 0, overridden: 0 }, {})] })).toBe(false);
  });

  it("sorts figures with the missing ones first", () => {
    const sorted = [0.2, null, -0.1, 0.05, Number.NaN].sort(compareFigures);
    expect(sorted.slice(2)).toEqual([-0.1, 0.05, 0.2]);
    expect(sorted.slice(0, 2).every((v) => v == null || Number.isNaN(v))).toBe(true);
    expect(compareFigures(0.1, 0.1)).toBe(0);
  });
});

describe("the value-added chart's data", () => {
  it("turns fractions into percentage points without float noise", () => {
    expect(toPoints(0.032)).toBe(3.2);
    expect(toPoints(-0.0301)).toBe(-3.01);
    expect(toPoints(null)).toBeNull();
    expect(toPoints(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it("lays every group's months on one axis, leaving a gap where a group was not scored", () => {
    expect(valueAddedLines(plannerReport())).toEqual({
      months: ["2026-10-01", "2026-11-01"],
      lines: [
        { label: "Priya Shah", points: [6, 4] },
        { label: "Tom Reed", points: [null, -3] },
      ],
    });
  });

  it("orders the months in time whatever order the groups list them in", () => {
    const report = { by: "category" as const, groups: [valueAddedGroup("A", {}, { "2027-01-01": 0.01, "2026-09-01": 0.02 }), valueAddedGroup("B", {}, { "2026-12-01": 0 })] };
    expect(valueAddedLines(report)).toEqual({
      months: ["2026-09-01", "2026-12-01", "2027-01-01"],
      lines: [
        { label: "A", points: [2, null, 1] },
        { label: "B", points: [null, 0, null] },
      ],
    });
  });

  it("words each group scored in a month in the tooltip", () => {
    expect(valueAddedTooltipLines(plannerReport(), "2026-10-01", text)).toEqual([
      "Oct 2026",
      "Priya Shah: +6.0 pts (statistical 21.2%, planned 18.0%)",
    ]);
    expect(valueAddedTooltipLines(plannerReport(), "2026-11-01", text)).toEqual([
      "Nov 2026",
      "Priya Shah: +4.0 pts (statistical 21.2%, planned 18.0%)",
      "Tom Reed: \u22123.0 pts (statistical 21.2%, planned 18.0%)",
    ]);
  });
});

describe("the value-added chart", () => {
  type Line = { name: string; type: string; data: (number | null)[]; lineStyle: { color: string; type: string }; markLine?: { data: { yAxis: number }[] } };
  const option = valueAddedChartOption(categoryReport(), palette, text);
  const series = option.series as Line[];

  it("draws one line of override value added per group over the months", () => {
    expect(series.map((s) => [s.name, s.type, s.data])).toEqual([
      ["GABA Gold", "line", [0, 0]],
      ["GABA Red", "line", [5, 1]],
    ]);
    expect((option.xAxis as { data: string[] }).data).toEqual(["2026-10-01", "2026-11-01"]);
    expect(series[0]?.lineStyle.color).not.toBe(series[1]?.lineStyle.color);
  });

  it("marks the zero line once", () => {
    expect(series[0]?.markLine?.data).toEqual([{ yAxis: 0 }]);
    expect(series[1]?.markLine).toBeUndefined();
  });

  it("words a month in its tooltip", () => {
    const formatter = (option.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(formatter([{ axisValue: "2026-11-01" }])).toBe(
      "Nov 2026\nGABA Gold: 0.0 pts (statistical 21.2%, planned 18.0%)\nGABA Red: +1.0 pts (statistical 21.2%, planned 18.0%)",
    );
  });

  it("tells groups apart by dash once the colours run out", () => {
    const styles = lineStyles(8, palette);
    expect(styles.slice(0, 6).every((s) => s.type === "solid")).toBe(true);
    expect(styles[6]).toEqual({ color: palette.primary, type: "dashed" });
    expect(new Set(styles.map((s) => `${s.color} ${s.type}`)).size).toBe(8);
  });
});

describe("a series' accuracy in words", () => {
  it("says what it was measured over and how far the plan ran off", () => {
    expect(accuracyBasis(accuracy(), L)).toBe("Over 3 complete periods (1 overridden), 330 units sold; the plan ran 4.0% high.");
    expect(accuracyBasis(accuracy({ points: 1, overridden: 0, actual: 12.5, finalBias: -0.125 }), L)).toBe(
      "Over 1 complete period, 12.5 units sold; the plan ran 12.5% low.",
    );
    expect(accuracyBasis(accuracy({ finalBias: 0.0002 }), L)).toBe("Over 3 complete periods (1 overridden), 330 units sold; the plan matched them in total.");
    expect(accuracyBasis(accuracy({ actual: 0, finalBias: null }), L)).toBe("Over 3 complete periods (1 overridden), 0 units sold.");
  });
});
