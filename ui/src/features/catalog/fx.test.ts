import { describe, expect, it } from "vitest";
import { fxRate } from "./fixtures.test-data";
import { ALL_FX, filterFxRates, isFiltered } from "./filters";
import { FX_SPEC, parseForm, toForm } from "./forms";
import { importSummaryText, ratePreview, rateSeries, swapIfSame } from "./fx";
import { currencyPairs, formatPair, pairFrom, pairValue } from "./options";

describe("exchange rate pairs", () => {
  it("read as the direction they convert in", () => {
    expect(formatPair("EUR", "GBP")).toBe("EUR → GBP");
    expect(formatPair("GBP", "EUR")).toBe("GBP → EUR");
  });

  it("are every two different currencies, both ways round", () => {
    const pairs = currencyPairs().map(([b, q]) => formatPair(b, q));
    expect(pairs).toEqual(["GBP → EUR", "GBP → USD", "EUR → GBP", "EUR → USD", "USD → GBP", "USD → EUR"]);
  });

  it("survive a round trip through a picker's value, and nothing else passes for one", () => {
    for (const p of currencyPairs()) expect(pairFrom(pairValue(p))).toEqual(p);
    expect(pairValue(null)).toBe("");
    expect(pairFrom("")).toBeNull();
    expect(pairFrom("GBP-GBP")).toBeNull();
    expect(pairFrom("EUR-JPY")).toBeNull();
  });

  it("turn round when one side is set to the other side's currency", () => {
    expect(swapIfSame({ base: "EUR", quote: "GBP" }, "base", "GBP")).toEqual({ base: "GBP", quote: "EUR" });
    expect(swapIfSame({ base: "EUR", quote: "GBP" }, "quote", "EUR")).toEqual({ base: "GBP", quote: "EUR" });
    expect(swapIfSame({ base: "EUR", quote: "GBP" }, "base", "USD")).toEqual({ base: "USD", quote: "GBP" });
    expect(swapIfSame({ base: "EUR", quote: "GBP" }, "quote", "USD")).toEqual({ base: "EUR", quote: "USD" });
  });
});

describe("the exchange rate list", () => {
  const rows = [
    fxRate("EUR", "GBP", "2026-11-30", "0.8512"),
    fxRate("GBP", "EUR", "2026-11-29", "1.1750"),
    fxRate("EUR", "GBP", "2026-11-28", "0.8490"),
    fxRate("USD", "GBP", "2026-11-30", "0.7901"),
  ];

  it("keeps only the chosen pair, in the chosen direction", () => {
    const dates = (f: typeof ALL_FX) => filterFxRates(rows, f).map((r) => `${r.fields.base}${r.fields.quote} ${r.fields.date}`);
    expect(dates({ pair: ["EUR", "GBP"] })).toEqual(["EURGBP 2026-11-30", "EURGBP 2026-11-28"]);
    expect(dates({ pair: ["GBP", "EUR"] })).toEqual(["GBPEUR 2026-11-29"]);
    expect(filterFxRates(rows, ALL_FX)).toHaveLength(4);
    expect(isFiltered({ pair: ["EUR", "GBP"] }, ALL_FX)).toBe(true);
    expect(isFiltered(ALL_FX, ALL_FX)).toBe(false);
  });

  it("charts a pair oldest first, with the rates as Rust sent them", () => {
    const series = rateSeries(filterFxRates(rows, { pair: ["EUR", "GBP"] }));
    expect(series).toEqual([
      { date: "2026-11-28", rate: "0.8490" },
      { date: "2026-11-30", rate: "0.8512" },
    ]);
  });
});

describe("an exchange rate's form", () => {
  it("turns a stored rate into text and back into the same input", () => {
    const r = fxRate("EUR", "GBP", "2026-11-30", "0.8512");
    expect(parseForm(FX_SPEC, toForm(FX_SPEC, r.fields))).toEqual({ ok: true, input: r.fields });
  });

  it("refuses a day that does not exist, a missing day and a rate that is not a number", () => {
    const form = { ...toForm(FX_SPEC, fxRate("EUR", "GBP", "2026-11-30", "0.85").fields), date: "2026-02-30", rate: "0,85" };
    const parsed = parseForm(FX_SPEC, form);
    expect(parsed.ok ? [] : Object.keys(parsed.errors).sort()).toEqual(["date", "rate"]);
    const blank = parseForm(FX_SPEC, { ...form, date: " ", rate: "0.85" });
    expect(blank.ok ? null : blank.errors.date).toBe("Enter a date, such as 2026-11-30.");
  });

  it("says what the rate means once it is whole", () => {
    const form = toForm(FX_SPEC, fxRate("EUR", "GBP", "2026-11-30", "0.8512").fields);
    expect(ratePreview(form, "en-GB")).toBe("1 EUR = 0.8512 GBP on 30 Nov 2026");
    expect(ratePreview({ ...form, rate: "0.85" }, "en-GB")).toBe("1 EUR = 0.8500 GBP on 30 Nov 2026");
    expect(ratePreview({ ...form, rate: "0." }, "en-GB")).toBeNull();
    expect(ratePreview({ ...form, date: "" }, "en-GB")).toBeNull();
  });
});

describe("an import's result", () => {
  it("counts the rates read, the new ones and the replaced ones", () => {
    expect(importSummaryText({ file: "rates.csv", rows: 24, added: 20, replaced: 4 }, "en-GB")).toBe(
      "Imported 24 rates from rates.csv (20 new, 4 replaced)",
    );
  });

  it("says rate for one, and groups large counts as the locale does", () => {
    expect(importSummaryText({ file: "one.csv", rows: 1, added: 0, replaced: 1 }, "en-GB")).toBe(
      "Imported 1 rate from one.csv (0 new, 1 replaced)",
    );
    expect(importSummaryText({ file: "ecb.csv", rows: 1500, added: 1500, replaced: 0 }, "en-GB")).toBe(
      "Imported 1,500 rates from ecb.csv (1,500 new, 0 replaced)",
    );
  });
});
