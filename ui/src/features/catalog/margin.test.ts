import { describe, expect, it } from "vitest";
import { divideHalfEven, unitMargin } from "./margin";

describe("unit margin", () => {
  it("is the price less the cost, and its share of the price to four decimals", () => {
    // 15.99 / 25.99 = 0.61523…
    expect(unitMargin("10.00", "25.99")).toEqual({ amount: "15.99", share: "0.6152" });
    expect(unitMargin("6", "10")).toEqual({ amount: "4", share: "0.4000" });
  });

  it("keeps the decimals of the more precise input", () => {
    expect(unitMargin("1.5", "2.25")).toEqual({ amount: "0.75", share: "0.3333" });
  });

  it("rounds a half to the even neighbour, as Rust does", () => {
    // 0.00005 / 1 and 0.00015 / 1 lie exactly half-way between two ten-thousandths.
    expect(unitMargin("0.99995", "1")?.share).toBe("0.0000");
    expect(unitMargin("0.99985", "1")?.share).toBe("0.0002");
    // 1/8 = 0.125 is not a midpoint at four decimals: plain rounding.
    expect(unitMargin("7", "8")?.share).toBe("0.1250");
    // 2/3 rounds up.
    expect(unitMargin("1", "3")?.share).toBe("0.6667");
  });

  it("shows a loss as a negative margin", () => {
    expect(unitMargin("12.00", "10.00")).toEqual({ amount: "-2.00", share: "-0.2000" });
    // -1/3 = -0.33333…
    expect(unitMargin("4", "3")).toEqual({ amount: "-1", share: "-0.3333" });
  });

  it("has no share of a zero price", () => {
    expect(unitMargin("1.00", "0")).toEqual({ amount: "-1.00", share: "0.0000" });
  });

  it("waits for both figures to be numbers", () => {
    expect(unitMargin("", "10")).toBeNull();
    expect(unitMargin("4", "10.")).toBeNull();
    expect(unitMargin("4", "1e3")).toBeNull();
    expect(unitMargin("4,5", "10")).toBeNull();
    expect(unitMargin(" 4 ", " 10 ")).toEqual({ amount: "6", share: "0.6000" });
  });

  it("stays exact on figures a float would round", () => {
    expect(unitMargin("0.10", "0.30")).toEqual({ amount: "0.20", share: "0.6667" });
    expect(unitMargin("9007199254740993.01", "9007199254740993.02")?.amount).toBe("0.01");
  });
});

describe("division rounding a half to even", () => {
  it("rounds halves towards the even neighbour on both sides of zero", () => {
    expect([5n, 15n, 25n, -5n, -15n, -25n].map((n) => divideHalfEven(n, 10n))).toEqual([0n, 2n, 2n, -0n, -2n, -2n]);
    expect(divideHalfEven(7n, -2n)).toBe(-4n);
    expect(divideHalfEven(26n, 10n)).toBe(3n);
    expect(divideHalfEven(-24n, 10n)).toBe(-2n);
  });
});
