import { describe, expect, it } from "vitest";
import {
  compareDecimal,
  decimalSign,
  formatDate,
  formatDateTime,
  formatFxRate,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPercent,
  formatPoints,
  formatShare,
  formatTime,
  parseIsoDate,
  percentChange,
  percentOf,
  shiftDecimal,
  subtractDecimal,
  sumDecimals,
  toPlotNumber,
  todayIn,
} from "./format";

// Intl uses narrow no-break spaces in some locales; normalise them so expectations stay readable.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("formatMoney", () => {
  it("formats a decimal string in the given currency and locale", () => {
    expect(formatMoney("1234567.891", "GBP", "en-GB")).toBe("£1,234,567.89");
    expect(plain(formatMoney("1234.5", "EUR", "de-DE"))).toBe("1.234,50 €");
    expect(formatMoney("-42", "USD", "en-US")).toBe("-$42.00");
  });

  it("keeps precision beyond what a float holds", () => {
    expect(formatMoney("12345678901234567.25", "GBP", "en-GB")).toBe("£12,345,678,901,234,567.25");
  });

  it("refuses strings that are not plain decimals", () => {
    expect(formatMoney("1e5", "GBP", "en-GB")).toBe("—");
    expect(formatMoney("", "GBP", "en-GB")).toBe("—");
    expect(formatMoney("12,5", "GBP", "en-GB")).toBe("—");
  });

  it("can abbreviate for tiles", () => {
    expect(formatMoney("1250000", "USD", "en-US", { compact: true })).toBe("$1.3M");
    expect(formatMoney("0", "USD", "en-US", { compact: true })).toBe("$0");
  });
});

describe("numbers and percentages", () => {
  it("formats counts with grouping", () => {
    expect(formatNumber(1234567, "en-GB")).toBe("1,234,567");
    expect(plain(formatNumber("1234567", "fr-FR"))).toBe("1 234 567");
  });

  it("formats percent units with an optional sign", () => {
    expect(formatPercent("12.34", "en-GB")).toBe("12.3%");
    expect(formatPercent("5", "en-GB", { signed: true })).toBe("+5.0%");
    expect(formatPercent("-0.25", "en-GB", { signed: true, digits: 2 })).toBe("-0.25%");
  });

  it("shows an exchange rate with 4 to 8 decimals, in the locale's style", () => {
    expect(formatFxRate("1.265", "en-GB")).toBe("1.2650");
    expect(formatFxRate("0.85123456", "en-GB")).toBe("0.85123456");
    expect(formatFxRate("1.265822784810", "en-GB")).toBe("1.26582278");
    expect(formatFxRate("1234.5", "de-DE")).toBe("1.234,5000");
    expect(formatFxRate("1,2", "en-GB")).toBe("—");
  });

  it("shifts the decimal point exactly", () => {
    expect(shiftDecimal("12.5", -2)).toBe("0.125");
    expect(shiftDecimal("-3", -3)).toBe("-0.003");
    expect(shiftDecimal("0.015", 2)).toBe("1.5");
    expect(shiftDecimal("7", 2)).toBe("700");
    expect(shiftDecimal("-0", -1)).toBe("0");
  });
});

describe("fractions and percentage points", () => {
  it("shows a fraction as a percentage, one decimal unless asked", () => {
    expect(formatShare(0.253, "en-GB")).toBe("25.3%");
    expect(formatShare(0.0004, "en-GB")).toBe("0.0%");
    expect(formatShare(1.5, "en-GB")).toBe("150.0%");
    expect(formatShare(0.04, "en-GB", { signed: true })).toBe("+4.0%");
    expect(formatShare(-0.125, "en-GB", { signed: true, digits: 2 })).toBe("-12.50%");
    expect(plain(formatShare(0.1234, "de-DE"))).toBe("12,3 %");
  });

  it("shows no figure for a missing or impossible fraction", () => {
    expect(formatShare(null, "en-GB")).toBe("—");
    expect(formatShare(undefined, "en-GB")).toBe("—");
    expect(formatShare(Number.NaN, "en-GB")).toBe("—");
    expect(formatShare(Number.POSITIVE_INFINITY, "en-GB")).toBe("—");
  });

  it("shows a difference of fractions as signed percentage points", () => {
    expect(formatPoints(0.032, "en-GB")).toBe("+3.2 pts");
    expect(formatPoints(-0.01, "en-GB")).toBe("\u22121.0 pts");
    expect(formatPoints(0.12345, "en-GB")).toBe("+12.3 pts");
    expect(formatPoints(0, "en-GB")).toBe("0.0 pts");
    // Too small to show a tenth of a point: neither sign.
    expect(formatPoints(-0.0004, "en-GB")).toBe("0.0 pts");
    expect(formatPoints(0.0251, "de-DE")).toBe("+2,5 pts");
    expect(formatPoints(null, "en-GB")).toBe("—");
    expect(formatPoints(Number.NaN, "en-GB")).toBe("—");
  });
});

describe("percentChange", () => {
  it("computes the change against last year on decimal strings", () => {
    expect(percentChange("110.00", "100.00")).toBe("10");
    expect(percentChange("90", "100")).toBe("-10");
    expect(percentChange("100.05", "100")).toBe("0.1");
    expect(percentChange("1", "3")).toBe("-66.7");
  });

  it("uses the size of a negative base", () => {
    expect(percentChange("-50", "-100")).toBe("50");
  });

  it("has no answer without a base", () => {
    expect(percentChange("10", "0")).toBeNull();
    expect(percentChange("10", null)).toBeNull();
    expect(percentChange("abc", "10")).toBeNull();
  });

  it("gives the sign of a decimal without floats", () => {
    expect(decimalSign("-0.01")).toBe(-1);
    expect(decimalSign("0.00")).toBe(0);
    expect(decimalSign("3")).toBe(1);
  });
});

describe("dates", () => {
  it("parses YYYY-MM-DD field by field and rejects impossible dates", () => {
    expect(parseIsoDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate("2023-02-29")).toBeNull();
    expect(parseIsoDate("2023-13-01")).toBeNull();
    expect(parseIsoDate("2023-1-01")).toBeNull();
  });

  it("shows the calendar day that was sent, whatever the zone", () => {
    expect(formatDate("2026-01-01", "en-GB")).toBe("1 Jan 2026");
    expect(formatDate("2026-01-01", "en-US")).toBe("Jan 1, 2026");
    expect(formatMonth("2026-03", "en-GB")).toBe("Mar 2026");
  });

  it("shows an instant in the user's zone", () => {
    expect(formatDateTime("2026-07-01T12:15:00Z", "en-GB", "Europe/London")).toBe("1 Jul 2026, 13:15");
    expect(formatDateTime("2026-07-01T12:15:00Z", "en-GB", "America/New_York")).toBe("1 Jul 2026, 08:15");
    expect(formatDateTime("2026-07-01", "en-GB", "UTC")).toBe("—");
  });

  it("shows the time of day of an instant in the user's zone", () => {
    const instant = new Date(Date.UTC(2026, 6, 1, 13, 2));
    expect(formatTime(instant, "en-GB", "Europe/London")).toBe("14:02");
    expect(plain(formatTime(instant, "en-US", "America/New_York"))).toBe("9:02 AM");
    expect(formatTime(new Date(Number.NaN), "en-GB", "UTC")).toBe("—");
  });

  it("knows today's date in the user's zone", () => {
    const instant = new Date(Date.UTC(2026, 0, 1, 2, 0)); // 02:00 UTC on 1 Jan
    expect(todayIn("UTC", instant)).toEqual({ year: 2026, month: 1, day: 1 });
    expect(todayIn("America/Los_Angeles", instant)).toEqual({ year: 2025, month: 12, day: 31 });
  });

  it("converts to a number only for plotting", () => {
    expect(toPlotNumber("12.50")).toBe(12.5);
    expect(toPlotNumber(null)).toBeNull();
    expect(toPlotNumber("n/a")).toBeNull();
  });
});

describe("compareDecimal", () => {
  it("orders decimal strings exactly", () => {
    expect(compareDecimal("10.5", "9.75")).toBe(1);
    expect(compareDecimal("-1", "0.00")).toBe(-1);
    expect(compareDecimal("1.10", "1.1")).toBe(0);
    expect(compareDecimal("9007199254740993.01", "9007199254740993.02")).toBe(-1);
    expect(compareDecimal(null, "1")).toBe(-1);
  });
});

describe("subtractDecimal", () => {
  it("subtracts decimal strings exactly, whatever their scales", () => {
    expect(subtractDecimal("1250.50", "1000")).toBe("250.5");
    expect(subtractDecimal("0.1", "0.3")).toBe("-0.2");
    expect(subtractDecimal("12345678901234567.25", "0.25")).toBe("12345678901234567");
    expect(subtractDecimal("-5", "-5")).toBe("0");
  });

  it("has no answer without two decimals", () => {
    expect(subtractDecimal(null, "1")).toBeNull();
    expect(subtractDecimal("1", "x")).toBeNull();
  });
});

describe("sumDecimals", () => {
  it("adds decimal strings exactly, whatever their scales and signs", () => {
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["9007199254740993.01", "-0.01", "10"])).toBe("9007199254741003");
    expect(sumDecimals(["-5.50", "2.25"])).toBe("-3.25");
    expect(sumDecimals([])).toBe("0");
  });

  it("has no answer when one is not a decimal", () => {
    expect(sumDecimals(["1", "x"])).toBeNull();
  });
});

describe("percentOf", () => {
  it("gives a part of a whole in percent, to a tenth, exactly", () => {
    expect(percentOf("375000", "500000")).toBe("75");
    expect(percentOf("375000.01", "500000")).toBe("75");
    expect(percentOf("1", "3")).toBe("33.3");
    expect(percentOf("2", "3")).toBe("66.7");
    expect(percentOf("-1", "4")).toBe("-25");
  });

  it("has no answer for a zero whole", () => {
    expect(percentOf("1", "0")).toBeNull();
    expect(percentOf("1", "0.00")).toBeNull();
  });
});
