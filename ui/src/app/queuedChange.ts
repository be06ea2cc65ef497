// The words of the queued-changes notice and dialog. Pure, so they are tested without a window.
import type { Change, EditState, QueuedEdit } from "../lib/ipc";
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

/** How much of a comment names it in the list. */
export const COMMENT_EXCERPT_CHARS = 60;

/**
 * "140 units · “Prime Day”": what an override sets; "Comment on 1 Dec 2026: “…”" for a comment
 * (its text on one line, cut after 60 characters).
 */
export function changeFigures(change: Change, locale: string): string {
  if (change.kind === "override") return `${formatNumber(change.value, locale)} units · “${change.reason}”`;
  const on = change.period ? formatDate(change.period, locale) : "the series";
  // Counted in characters as the user sees them, so an emoji is never cut in half.
  const chars = Array.from(change.body.trim().replace(/\s+/g, " "));
  const excerpt = chars.length > COMMENT_EXCERPT_CHARS ? `${chars.slice(0, COMMENT_EXCERPT_CHARS).join("").trimEnd()}…` : chars.join("");
  return `Comment on ${on}: “${excerpt}”`;
}

/**
 * What a change is about: the series and period once the server has named them (a conflict),
 * otherwise what the change sets or says, which is all this computer knows of it.
 */
export function changeWhat(edit: QueuedEdit, locale: string): string {
  const s = edit.server;
  return s ? `${s.sku} · ${s.channelName} · ${formatDate(s.period, locale)}` : changeFigures(edit.change, locale);
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
