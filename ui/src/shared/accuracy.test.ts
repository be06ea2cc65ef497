import { describe, expect, it } from "vitest";
import { overrideVerdict, scoredText } from "./accuracy";

describe("the overrides' verdict", () => {
  it("calls a positive value added an improvement and a negative one a loss", () => {
    expect(overrideVerdict({ overridden: 3, overrideValueAdded: 0.032 })).toEqual({ tone: "up", text: "made the forecast more accurate" });
    expect(overrideVerdict({ overridden: 3, overrideValueAdded: -0.01 })).toEqual({ tone: "down", text: "made the forecast less accurate" });
  });

  it("calls a difference too small to show no difference", () => {
    expect(overrideVerdict({ overridden: 2, overrideValueAdded: 0.0004 }).tone).toBe("flat");
    expect(overrideVerdict({ overridden: 2, overrideValueAdded: -0.0004 }).text).toBe("made no difference to accuracy");
    // A tenth of a point shows as "+0.1 pts", so it counts.
    expect(overrideVerdict({ overridden: 2, overrideValueAdded: 0.001 }).tone).toBe("up");
  });

  it("says when there is nothing to judge", () => {
    expect(overrideVerdict({ overridden: 0, overrideValueAdded: 0 })).toEqual({ tone: "flat", text: "no overridden period scored yet" });
    expect(overrideVerdict({ overridden: 1, overrideValueAdded: null }).text).toBe("not measurable: nothing was sold");
  });
});

describe("the scored periods", () => {
  it("counts series-periods and the overridden among them", () => {
    expect(scoredText({ points: 1234, overridden: 12 }, "en-GB")).toBe("1,234 scored series-periods (12 overridden)");
    expect(scoredText({ points: 1, overridden: 0 }, "en-GB")).toBe("1 scored series-period");
  });
});
