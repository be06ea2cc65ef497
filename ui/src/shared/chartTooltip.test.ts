import { describe, expect, it } from "vitest";
import { axisTooltip } from "./chartTooltip";

describe("the axis tooltip", () => {
  const tooltip = axisTooltip({ text: "#000", grid: "#ddd", surface: "#fff" }, (category) => [`Week of ${category}`, "Stock: 12"]);
  const format = (tooltip as { formatter: (params: unknown) => string }).formatter;

  it("words the category under the pointer, drawn as rich text for the strict CSP", () => {
    expect(tooltip).toMatchObject({ trigger: "axis", renderMode: "richText", backgroundColor: "#fff" });
    expect(format([{ axisValue: "2026-12-07" }])).toBe("Week of 2026-12-07\nStock: 12");
    expect(format({ name: "2026-12-14" })).toBe("Week of 2026-12-14\nStock: 12");
  });

  it("says nothing without a category", () => {
    expect(format([])).toBe("");
    expect(format(null)).toBe("");
  });
});
