import { describe, expect, it } from "vitest";
import { presetPeriod, sameRangeLastYear, startOfMonthBefore, validatePeriod } from "./periods";

const today = { year: 2026, month: 2, day: 14 };

describe("period presets", () => {
  it("ends every preset today", () => {
    expect(presetPeriod("thisMonth", today)).toEqual({ from: "2026-02-01", to: "2026-02-14" });
    expect(presetPeriod("yearToDate", today)).toEqual({ from: "2026-01-01", to: "2026-02-14" });
  });

  it("counts months back across a year boundary", () => {
    expect(presetPeriod("last3Months", today)).toEqual({ from: "2025-12-01", to: "2026-02-14" });
    expect(presetPeriod("last12Months", today)).toEqual({ from: "2025-03-01", to: "2026-02-14" });
    expect(startOfMonthBefore({ year: 2026, month: 1, day: 31 }, 1)).toEqual({ year: 2025, month: 12, day: 1 });
  });

  it("maps a range to last year, clamping 29 February", () => {
    expect(sameRangeLastYear({ from: "2024-02-01", to: "2024-02-29" })).toEqual({ from: "2023-02-01", to: "2023-02-28" });
  });

  it("validates custom ranges", () => {
    expect(validatePeriod({ from: "2026-01-01", to: "2026-01-31" })).toBeNull();
    expect(validatePeriod({ from: "2026-02-01", to: "2026-01-31" })).toMatch(/on or before/);
    expect(validatePeriod({ from: "", to: "2026-01-31" })).toMatch(/start date/);
  });
});
