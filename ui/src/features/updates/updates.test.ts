import { describe, expect, it } from "vitest";
import { type InstallState, advance, downloadPercent, megabytes, publishedText, refusalText, sourceText } from "./updates";

const downloading = (received: number, total: number | null): InstallState => ({ kind: "downloading", received, total });

describe("following an install", () => {
  it("moves forward with the messages Rust sends", () => {
    let s = downloading(0, null);
    s = advance(s, { kind: "downloading", received: 10, total: 40 });
    expect(s).toEqual(downloading(10, 40));
    s = advance(s, { kind: "verified" });
    expect(s).toEqual({ kind: "verified" });
    s = advance(s, { kind: "installed" });
    expect(s).toEqual({ kind: "installed", restarting: false, error: null });
  });

  it("ignores a late message and any message before or after a failed install", () => {
    expect(advance({ kind: "verified" }, { kind: "downloading", received: 40, total: 40 })).toEqual({ kind: "verified" });
    const installed: InstallState = { kind: "installed", restarting: true, error: null };
    expect(advance(installed, { kind: "verified" })).toBe(installed);
    expect(advance(installed, { kind: "installed" })).toBe(installed);
    expect(advance({ kind: "idle" }, { kind: "verified" })).toEqual({ kind: "idle" });
    const failed: InstallState = { kind: "failed", message: "No." };
    expect(advance(failed, { kind: "installed" })).toBe(failed);
  });

  it("gives the download's whole percent only when the size is known", () => {
    expect(downloadPercent(0, 200)).toBe(0);
    expect(downloadPercent(51, 200)).toBe(25);
    expect(downloadPercent(200, 200)).toBe(100);
    expect(downloadPercent(300, 200)).toBe(100);
    expect(downloadPercent(50, null)).toBeNull();
    expect(downloadPercent(50, 0)).toBeNull();
    expect(megabytes(3_450_000, "en-GB")).toBe("3.5 MB");
  });
});

describe("the words", () => {
  it("says where updates come from, or that IT set none", () => {
    expect(sourceText({ source: null })).toBe("Updates: not configured by IT");
    expect(sourceText({ source: { manifestUrl: "https://u.example.com/beta/latest.json", channel: "beta", setBy: "provisioning" } })).toBe(
      "Updates: beta from https://u.example.com/beta/latest.json (set by provisioning)",
    );
  });

  it("shows the publication date in the user's zone, as RFC 3339 or as the updater writes it", () => {
    const expected = publishedText("2026-12-07T06:55:21Z", "en-GB", "Europe/London");
    expect(expected).toBe("7 Dec 2026, 06:55");
    expect(publishedText("2026-12-07 6:55:21.0 +00:00:00", "en-GB", "Europe/London")).toBe(expected);
    expect(publishedText("2026-12-07 8:55:21.0 +02:00:00", "en-GB", "Europe/London")).toBe(expected);
    expect(publishedText("sometime in December", "en-GB")).toBe("sometime in December");
  });

  it("shows Rust's words for a refusal it words, as a sentence", () => {
    expect(refusalText({ kind: "validation", field: "update", message: "the update's signature is not Sentia's: it was not installed" }, "x")).toBe(
      "The update's signature is not Sentia's: it was not installed.",
    );
    expect(
      refusalText(
        { kind: "conflict", constraint: "no_update_during_work", field: null, message: "an import is under way: install the update when it has finished" },
        "x",
      ),
    ).toBe("An import is under way: install the update when it has finished.");
    expect(refusalText({ kind: "offline" }, "Could not install the update: the database cannot be reached.")).toBe(
      "Could not install the update: the database cannot be reached.",
    );
  });
});
