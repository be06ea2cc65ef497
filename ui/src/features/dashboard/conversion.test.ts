import { describe, expect, it } from "vitest";
import { conversionText } from "./conversion";

describe("conversionText", () => {
  it("states the rate with four decimals, its source and its day", () => {
    const rate = { from: "GBP", to: "USD", rate: "1.265", date: "2026-11-27", source: "import: rates.csv" } as const;
    expect(conversionText(rate, "en-GB")).toBe("Converted at 1 GBP = 1.2650 USD (import: rates.csv, 27 Nov 2026)");
  });

  it("keeps the decimals an inverted rate has, up to eight, in the user's locale", () => {
    const rate = { from: "GBP", to: "EUR", rate: "1.174812030075", date: "2026-11-30", source: "ECB" } as const;
    expect(conversionText(rate, "de-DE")).toBe("Converted at 1 GBP = 1,17481203 EUR (ECB, 30.11.2026)");
  });

  it("gives only the day when the rate has no source", () => {
    const rate = { from: "GBP", to: "EUR", rate: "1.17", date: "2026-11-30", source: " " } as const;
    expect(conversionText(rate, "en-GB")).toBe("Converted at 1 GBP = 1.1700 EUR (30 Nov 2026)");
  });
});
