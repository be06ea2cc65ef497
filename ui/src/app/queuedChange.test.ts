import { describe, expect, it } from "vitest";
import type { EditState, QueuedEdit } from "../lib/ipc";
import { appliedText, changeWhat, queueNoticeText, reviewOrder, serverStatusText, stateText } from "./queuedChange";

function edit(id: string, state: EditState, withServer = false): QueuedEdit {
  return {
    id,
    change: { kind: "override", forecastId: `f-${id}`, value: 1200, reason: "Prime Day", seenStatus: "draft" },
    queuedAt: "2026-12-02T09:00:00Z",
    state,
    after: null,
    server: withServer
      ? {
          forecastId: `f-${id}`,
          value: 170,
          status: "submitted",
          reason: null,
          changedBy: "Sam Lee",
          changedAt: "2026-12-02T10:00:00Z",
          sku: "GR-UK-30",
          productName: "GABA Red 30",
          channelName: "Amazon UK",
          period: "2026-12-01",
        }
      : null,
    refusal: null,
  };
}

describe("the queue notice", () => {
  it("counts what waits to be sent, and puts first what needs the user", () => {
    expect(queueNoticeText({ waiting: 1, deciding: 0 }, "en-GB")).toBe("1 change waits to be sent");
    expect(queueNoticeText({ waiting: 2, deciding: 0 }, "en-GB")).toBe("2 changes wait to be sent");
    expect(queueNoticeText({ waiting: 0, deciding: 1 }, "en-GB")).toBe("1 change needs your decision");
    expect(queueNoticeText({ waiting: 0, deciding: 3 }, "en-GB")).toBe("3 changes need your decision");
    expect(queueNoticeText({ waiting: 2, deciding: 1 }, "en-GB")).toBe("1 change needs your decision; 2 wait to be sent");
    expect(queueNoticeText({ waiting: 0, deciding: 0 }, "en-GB")).toBeNull();
  });

  it("says how many queued changes were applied", () => {
    expect(appliedText(1, "en-GB")).toBe("1 queued change was applied");
    expect(appliedText(2, "en-GB")).toBe("2 queued changes were applied");
  });
});

describe("a queued change in words", () => {
  it("names the series and period once the server has, and otherwise the figures it sets", () => {
    expect(changeWhat(edit("a", "conflict", true), "en-GB")).toBe("GR-UK-30 · Amazon UK · 1 Dec 2026");
    expect(changeWhat(edit("b", "queued"), "en-GB")).toBe("1,200 units · “Prime Day”");
  });

  it("names a comment by its period, or the series, and its first 60 characters on one line", () => {
    const comment = (period: string | null, body: string): QueuedEdit => ({
      ...edit("c", "queued"),
      change: { kind: "comment", key: { productId: "p", channelId: "c" }, period, body },
    });
    expect(changeWhat(comment("2026-12-01", "Buyer called:\nexpect a reorder."), "en-GB")).toBe("Comment on 1 Dec 2026: “Buyer called: expect a reorder.”");
    const long = `${"a".repeat(59)}bcd`;
    expect(changeWhat(comment(null, long), "en-GB")).toBe(`Comment on the series: “${"a".repeat(59)}b…”`);
    expect(changeWhat(comment(null, "x".repeat(60)), "en-GB")).toBe(`Comment on the series: “${"x".repeat(60)}”`);
  });

  it("says where it stands and what the server's status is", () => {
    expect(stateText("queued")).toBe("Waits for the server");
    expect(stateText("refused")).toBe("Refused by the server");
    expect(stateText("conflict")).toContain("choose");
    expect(serverStatusText("submitted")).toBe("Submitted");
    expect(serverStatusText("onHold")).toBe("On hold");
  });

  it("lists conflicts, then refusals, then those waiting, each in the order made", () => {
    const listed = reviewOrder([edit("q1", "queued"), edit("r1", "refused"), edit("c1", "conflict"), edit("q2", "queued"), edit("c2", "conflict"), edit("x", "applied")]);
    expect(listed.map((e) => e.id)).toEqual(["c1", "c2", "r1", "q1", "q2"]);
  });
});
