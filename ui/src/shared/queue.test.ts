import { describe, expect, it } from "vitest";
import type { EditState, QueuedEdit, SeriesKey, ServerSide } from "../lib/ipc";
import { queueCounts, queuedComments, queuedMarks } from "./queue";

function edit(id: string, forecastId: string, value: number, state: EditState = "queued", server: Partial<ServerSide> | null = null): QueuedEdit {
  return {
    id,
    change: { kind: "override", forecastId, value, reason: "Promotion", seenStatus: "draft" },
    queuedAt: "2026-12-02T09:00:00Z",
    state,
    after: null,
    server: server
      ? {
          forecastId,
          value: 0,
          status: "draft",
          reason: null,
          changedBy: null,
          changedAt: "2026-12-02T10:00:00Z",
          sku: "GR-UK-30",
          productName: "GABA Red 30",
          channelName: "Amazon UK",
          period: "2026-12-01",
          ...server,
        }
      : null,
    refusal: null,
  };
}

describe("the marks of queued changes", () => {
  it("mark each period changed offline with the units of its newest change", () => {
    const marks = queuedMarks([edit("q-1", "f-dec", 140), edit("q-2", "f-jan", 90), edit("q-3", "f-dec", 150)]);
    expect([...marks.entries()]).toEqual([
      ["f-dec", { state: "queued", value: 150 }],
      ["f-jan", { state: "queued", value: 90 }],
    ]);
    expect(marks.has("f-feb")).toBe(false);
  });

  it("say conflict when any change of the period waits for a decision, under the user's row and the server's", () => {
    const marks = queuedMarks([edit("q-1", "f-dec", 140, "conflict", { forecastId: "f-dec-server" }), edit("q-2", "f-dec", 150)]);
    expect(marks.get("f-dec")).toEqual({ state: "conflict", value: 150 });
    expect(marks.get("f-dec-server")).toEqual({ state: "conflict", value: 140 });
  });

  it("leave out comments, which set no figure", () => {
    const marks = queuedMarks([comment("q-1", RED, "2026-12-01"), edit("q-2", "f-jan", 90)]);
    expect([...marks.keys()]).toEqual(["f-jan"]);
  });

  it("leave out changes already applied or discarded", () => {
    expect(queuedMarks([edit("q-1", "f-dec", 140, "applied"), edit("q-2", "f-jan", 90, "discarded")]).size).toBe(0);
  });

  it("count what waits for the server apart from what waits for the user", () => {
    const edits = [edit("a", "f1", 1), edit("b", "f2", 2, "conflict"), edit("c", "f3", 3, "refused"), edit("d", "f4", 4), edit("e", "f5", 5, "applied")];
    expect(queueCounts(edits)).toEqual({ waiting: 2, deciding: 2 });
    expect(queueCounts([])).toEqual({ waiting: 0, deciding: 0 });
  });
});

const RED: SeriesKey = { productId: "p-red", channelId: "c-uk" };

function comment(id: string, key: SeriesKey, period: string | null, state: EditState = "queued"): QueuedEdit {
  return { ...edit(id, "-", 0, state), change: { kind: "comment", key, period, body: `Note ${id}` } };
}

describe("the comments kept on this computer", () => {
  it("are this series' comments still open, oldest first, and no override", () => {
    const edits = [
      comment("c-1", RED, null),
      edit("o-1", "f-dec", 140),
      comment("c-2", { productId: "p-red", channelId: "c-eu" }, null),
      comment("c-3", RED, "2026-12-01", "refused"),
      comment("c-4", RED, null, "applied"),
      comment("c-5", RED, null, "discarded"),
    ];
    expect(queuedComments(edits, RED).map((c) => [c.edit.id, c.change.period, c.change.body])).toEqual([
      ["c-1", null, "Note c-1"],
      ["c-3", "2026-12-01", "Note c-3"],
    ]);
    expect(queuedComments([], RED)).toEqual([]);
  });
});
