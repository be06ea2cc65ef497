import { describe, expect, it } from "vitest";
import { feedSequence, nextRegionIndex } from "./keyboard";

describe("F6 region cycling", () => {
  it("wraps forwards and backwards", () => {
    expect(nextRegionIndex(3, 2, false)).toBe(0);
    expect(nextRegionIndex(3, 0, true)).toBe(2);
    expect(nextRegionIndex(3, 1, false)).toBe(2);
  });

  it("starts at the first or last region when focus is outside all of them", () => {
    expect(nextRegionIndex(4, -1, false)).toBe(0);
    expect(nextRegionIndex(4, -1, true)).toBe(3);
    expect(nextRegionIndex(0, -1, false)).toBe(-1);
  });
});

describe("g-sequences", () => {
  it("completes within the timeout", () => {
    const first = feedSequence({ prefix: null, at: 0 }, "g", 1000);
    expect(first.sequence).toBeNull();
    expect(feedSequence(first.state, "d", 1500).sequence).toBe("g d");
  });

  it("expires after the timeout and ignores other keys", () => {
    const first = feedSequence({ prefix: null, at: 0 }, "g", 1000);
    expect(feedSequence(first.state, "d", 5000).sequence).toBeNull();
    expect(feedSequence({ prefix: null, at: 0 }, "x", 1).sequence).toBeNull();
  });
});
