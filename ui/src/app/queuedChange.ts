// The words of the queued-changes notice and dialog. Pure, so they are tested without a window.
import type { EditState, QueuedEdit } from "../lib/ipc";
import { humanize } from "../shared/errors";
import { capitalise, formatDate, formatNumber } from "../shared/format";

const changes = (n: number, locale: string) => `${formatNumber(n, locale)} change${n === 1 ? "" : "s"}`;

/**
 * The shell's one line about the queue: what needs the user comes first, because it will not
 * resolve by itself. Null when nothing is open.
 */
export function queueNoticeText(counts: { waiting: number; deciding: number }, locale: string): string | null {
  const { waiting, deciding } = counts;
  const decide = `${changes(deciding, locale)} ${deciding === 1 ? "needs" : "need"} your decision`;
  const wait = `${waiting === 1 ? "waits" : "wait"} to be sent`;
  if (deciding > 0 && waiting > 0) return `${decide}; ${formatNumber(waiting, locale)} ${wait}`;
  if (deciding > 0) return decide;
  if (waiting > 0) return `${changes(waiting, locale)} ${wait}`;
  return null;
}

/** "2 queued changes were applied". */
export function appliedText(applied: number, locale: string): string {
  return `${formatNumber(applied, locale)} queued ${applied === 1 ? "change was" : "changes were"} applied`;
}

/** "140 units · “Prime Day”": what the change sets. */
export function changeFigures(edit: QueuedEdit, locale: string): string {
  return `${formatNumber(edit.change.value, locale)} units · “${edit.change.reason}”`;
}

/**
 * What a change is about: the series and period once the server has named them (a conflict),
 * otherwise the figures the change sets, which is all this computer knows of it.
 */
export function changeWhat(edit: QueuedEdit, locale: string): string {
  const s = edit.server;
  return s ? `${s.sku} · ${s.channelName} · ${formatDate(s.period, locale)}` : changeFigures(edit, locale);
}

const STATE_TEXT: Record<EditState, string> = {
  queued: "Waits for the server",
  conflict: "Changed on the server meanwhile: choose which stands",
  refused: "Refused by the server",
  applied: "Applied",
  discarded: "Discarded",
};

export function stateText(state: EditState): string {
  return STATE_TEXT[state];
}

/** A forecast's workflow status on the server ("submitted" → "Submitted"). */
export function serverStatusText(status: string): string {
  return capitalise(humanize(status));
}

/**
 * The order the dialog lists changes in: conflicts, then refusals (both need the user), then
 * those waiting; oldest first within each, as Rust sends them.
 */
export function reviewOrder(edits: readonly QueuedEdit[]): QueuedEdit[] {
  const rank = (e: QueuedEdit) => (e.state === "conflict" ? 0 : e.state === "refused" ? 1 : 2);
  // Array sort is stable, so each group keeps Rust's order.
  return edits.filter((e) => e.state === "conflict" || e.state === "refused" || e.state === "queued").sort((a, b) => rank(a) - rank(b));
}
