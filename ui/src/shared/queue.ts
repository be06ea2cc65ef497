// Changes made while the server could not be reached wait on this computer until it answers
// (Rust keeps and applies them). The shell shows how many wait and asks about conflicts; the
// forecast table marks the periods they concern. Both read the list under one key, so a
// change queued on a screen shows in the shell at once.
import type { Change, EditState, QueuedEdit, SeriesKey } from "../lib/ipc";
import { commands } from "../lib/ipc";
import { type Loaded, useCommandQuery } from "./query";

/** The signed-in user's open changes (queued, in conflict, refused), oldest first. */
export const QUEUED_CHANGES_KEY = ["queued-changes"] as const;

export function useQueuedChanges(): Loaded<QueuedEdit[]> {
  return useCommandQuery(QUEUED_CHANGES_KEY, () => commands.queuedChanges(), "read the changes kept on this computer");
}

/** What a period's mark says: the state of its open change and the units it sets. */
export interface QueuedMark {
  state: Exclude<EditState, "applied" | "discarded">;
  value: number;
}

/**
 * The mark of each forecast row with an open change, by row id. The newest change of a row
 * gives the units (two made offline are applied one on top of the other); one waiting for the
 * user's decision outranks one that waits for the server, because it will not go by itself.
 * A conflict is found under the row the user changed and under the row the server holds now,
 * since the table may show either.
 */
export function queuedMarks(edits: readonly QueuedEdit[]): Map<string, QueuedMark> {
  const marks = new Map<string, QueuedMark>();
  for (const edit of edits) {
    const change = edit.change;
    // A comment adds a row of its own and sets no figure: the table has nothing to mark.
    if (change.kind !== "override" || edit.state === "applied" || edit.state === "discarded") continue;
    const ids = [change.forecastId, ...(edit.server ? [edit.server.forecastId] : [])];
    for (const id of ids) {
      const before = marks.get(id);
      const state = before && RANK[before.state] > RANK[edit.state] ? before.state : edit.state;
      marks.set(id, { state, value: change.value });
    }
  }
  return marks;
}

const RANK: Record<QueuedMark["state"], number> = { queued: 0, refused: 1, conflict: 2 };

/** How many changes wait for the server and how many for the user (conflicts and refusals). */
export function queueCounts(edits: readonly QueuedEdit[]): { waiting: number; deciding: number } {
  let waiting = 0;
  let deciding = 0;
  for (const e of edits) {
    if (e.state === "queued") waiting += 1;
    else if (e.state === "conflict" || e.state === "refused") deciding += 1;
  }
  return { waiting, deciding };
}

/** A queued comment, with what it says. */
export type QueuedComment = { edit: QueuedEdit; change: Extract<Change, { kind: "comment" }> };

/**
 * The comments on this series kept on this computer: those waiting for the server and those
 * it refused (which stay until their author discards them), oldest first.
 */
export function queuedComments(edits: readonly QueuedEdit[], key: SeriesKey): QueuedComment[] {
  const found: QueuedComment[] = [];
  for (const edit of edits) {
    const change = edit.change;
    if (change.kind !== "comment" || (edit.state !== "queued" && edit.state !== "refused")) continue;
    if (change.key.productId === key.productId && change.key.channelId === key.channelId) found.push({ edit, change });
  }
  return found;
}
