import { describe, expect, it } from "vitest";
import { FALLBACK_LOCALE, safeLocale, safeTimeZone } from "./locale";
import { formatDateTime } from "./format";

describe("safeLocale", () => {
  it("keeps a preference Intl knows", () => {
    expect(safeLocale("de-DE", "en-US")).toBe("de-DE");
  });

  it("falls back to the machine's locale for a bad preference", () => {
    expect(safeLocale("not a tag", "fr-FR")).toBe("fr-FR");
    expect(safeLocale(null, "fr-FR")).toBe("fr-FR");
  });

  it("never returns a tag the formatters reject, even when the machine reports C", () => {
    // WebKitGTK reports the POSIX locale "C" as navigator.language when LANG is unset.
    const locale = safeLocale(undefined, "C");
    expect(locale).toBe(FALLBACK_LOCALE);
    expect(() => formatDateTime("2026-11-25T04:52:28Z", locale, "UTC")).not.toThrow();
  });
});

describe("safeTimeZone", () => {
  it("drops a zone Intl does not know", () => {
    expect(safeTimeZone("Europe/London")).toBe("Europe/London");
    expect(safeTimeZone("Mars/Olympus")).toBeUndefined();
  });
});
