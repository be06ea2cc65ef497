import { describe, expect, it } from "vitest";
import { matchesSearch } from "./search";

describe("list search", () => {
  it("finds every word in any of the row's texts, ignoring case", () => {
    expect(matchesSearch("gold eu", ["GABA_GOLD_EU", "GABA Gold 50cl (EU)"])).toBe(true);
    expect(matchesSearch("gold uk", ["GABA_GOLD_EU", "GABA Gold 50cl (EU)"])).toBe(false);
    expect(matchesSearch("   ", ["anything"])).toBe(true);
    expect(matchesSearch("x", [null, undefined])).toBe(false);
  });
});
