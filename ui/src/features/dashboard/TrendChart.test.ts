import { describe, expect, it } from "vitest";
import { trendLines } from "./TrendChart";
import type { TrendPoint } from "./types";

const point = (period: string, revenue: string, partial = false): TrendPoint => ({
  period,
  revenue,
  revenueLastYear: "0",
  partial,
});

describe("trendLines", () => {
  it("draws incomplete months on their own line, joined to the last complete one", () => {
    const lines = trendLines([
      point("2026-08-01", "100"),
      point("2026-09-01", "120"),
      point("2026-10-01", "130"),
      point("2026-11-01", "4", true),
    ]);
    expect(lines.complete).toEqual([100, 120, 130, null]);
    expect(lines.partial).toEqual([null, null, 130, 4]);
  });

  it("leaves the incomplete line empty when every month is complete", () => {
    const lines = trendLines([point("2026-09-01", "120"), point("2026-10-01", "130")]);
    expect(lines.complete).toEqual([120, 130]);
    expect(lines.partial).toEqual([null, null]);
  });

  it("keeps a trend that is incomplete from the start off the solid line", () => {
    const lines = trendLines([point("2026-11-01", "4", true), point("2026-12-01", "0", true)]);
    expect(lines.complete).toEqual([null, null]);
    expect(lines.partial).toEqual([4, 0]);
  });
});
