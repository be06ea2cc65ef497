import { describe, expect, it } from "vitest";
import type { ChartColors } from "../../shared/Chart";
import { capacityCell, capacityChartOption, capacityTooltipLines, cellText, kindLabel, overBooked } from "./capacity";
import { capacityView, job, resource, weekLoad } from "./fixtures.test-data";
import { jobMoves, jobStatusTone, moveNotice } from "./jobs";

const text = {
  week: (w: string) => w,
  units: (v: number | null) => String(Math.round(v ?? 0)),
  share: (f: number) => `${Math.round(f * 100)}%`,
};

describe("production jobs", () => {
  it("move pending → active → completed, and cancel until completed", () => {
    expect(jobMoves("pending")).toEqual(["start", "cancel"]);
    expect(jobMoves("active")).toEqual(["complete", "cancel"]);
    expect(jobMoves("completed")).toEqual([]);
    expect(jobMoves("cancelled")).toEqual([]);
  });

  it("say what a move did, and that starting puts its order in production", () => {
    expect(moveNotice(job(), "start")).toBe("J-000001 started; RO-000001 is now in production.");
    expect(moveNotice(job({ orderNumber: null }), "start")).toBe("J-000001 started.");
    expect(moveNotice(job(), "cancel")).toBe("J-000001 cancelled.");
  });

  it("colour each status apart", () => {
    expect(new Set((["pending", "active", "completed", "cancelled"] as const).map(jobStatusTone)).size).toBe(4);
  });
});

describe("capacity", () => {
  const line = resource();

  it("bands a week's load by its share of capacity, with Rust deciding over-booking", () => {
    expect(capacityCell(line, weekLoad("w", 4800, 9600))).toMatchObject({ kind: "load", share: 0.5, band: "low", over: false });
    expect(capacityCell(line, weekLoad("w", 6720, 9600))).toMatchObject({ band: "medium" });
    expect(capacityCell(line, weekLoad("w", 9600, 9600))).toMatchObject({ band: "high", over: false });
    expect(capacityCell(line, weekLoad("w", 10000, 9600, true))).toMatchObject({ band: "over", over: true });
  });

  it("shows no capacity for a resource that has none, and leaves out what is not scheduled by units", () => {
    expect(capacityCell(line, weekLoad("w", 0, 0))).toEqual({ kind: "none", load: 0, over: false });
    expect(capacityCell(line, weekLoad("w", 300, 0, true))).toEqual({ kind: "none", load: 300, over: true });
    expect(capacityCell(resource({ scheduled: false }), weekLoad("w", 0, 0))).toEqual({ kind: "unscheduled" });
  });

  it("words a cell for the export", () => {
    expect(cellText(capacityCell(line, weekLoad("w", 10000, 9600, true)), text)).toBe("10000 / 9600 (104%, over-booked)");
    expect(cellText(capacityCell(line, weekLoad("w", 300, 0, true)), text)).toBe("300 / 0 (over-booked)");
    expect(cellText({ kind: "unscheduled" }, text)).toBe("not scheduled by units");
  });

  it("counts the over-booked resource-weeks and words a kind", () => {
    expect(overBooked(capacityView())).toBe(2);
    expect(kindLabel("bottling_line")).toBe("Bottling line");
  });

  it("charts the load of each scheduled resource beside its capacity", () => {
    const colors: ChartColors = { text: "#000", muted: "#555", grid: "#ddd", primary: "#00f", secondary: "#888", surface: "#fff", success: "#0a0", warning: "#fa0", danger: "#f00" };
    const series = capacityChartOption(capacityView(), colors, text).series as { name: string; type: string; data: (number | null)[]; itemStyle: { color: string } }[];
    expect(series.map((s) => [s.name, s.type])).toEqual([
      ["Capsule line 1", "bar"],
      ["Capsule line 1 capacity", "line"],
      ["Bottling line", "bar"],
      ["Bottling line capacity", "line"],
    ]);
    expect(series[0]?.data).toEqual([10000, 4800]);
    expect(series[1]?.data).toEqual([9600, 9600]);
    expect(series[0]?.itemStyle.color).toBe(series[1]?.itemStyle.color);
    expect(series[0]?.itemStyle.color).not.toBe(series[2]?.itemStyle.color);
  });

  it("words a week in the tooltip", () => {
    expect(capacityTooltipLines(capacityView(), "2026-12-14", text)).toEqual([
      "Week of 2026-12-14",
      "Capsule line 1: 4800 of 9600 units (50%)",
      "Bottling line: 300 of 0 units, no capacity, over-booked",
    ]);
  });
});
