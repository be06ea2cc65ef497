import { describe, expect, it } from "vitest";
import { type TabDef, tabAfterKey, tabFrom } from "./Tabs";

describe("tabs", () => {
  it("move with the arrow keys, wrapping, and jump with Home and End", () => {
    expect(tabAfterKey("ArrowRight", 0, 3)).toBe(1);
    expect(tabAfterKey("ArrowRight", 2, 3)).toBe(0);
    expect(tabAfterKey("ArrowLeft", 0, 3)).toBe(2);
    expect(tabAfterKey("Home", 2, 3)).toBe(0);
    expect(tabAfterKey("End", 0, 3)).toBe(2);
    expect(tabAfterKey("Enter", 1, 3)).toBeNull();
    expect(tabAfterKey("ArrowRight", 0, 0)).toBeNull();
  });

  it("open the tab the URL names, or the first for an unknown one", () => {
    const tabs: [TabDef<"a" | "b">, ...TabDef<"a" | "b">[]] = [
      { id: "a", label: "A" },
      { id: "b", label: "B" },
    ];
    expect(tabFrom(tabs, "b")).toBe("b");
    expect(tabFrom(tabs, "old-bookmark")).toBe("a");
    expect(tabFrom(tabs, null)).toBe("a");
  });
});
