// The update notifier's rules without a window: how often it looks, how an install is going
// from the messages Rust sends, and the words for the source, the date and a refusal.

import type { AppError, UpdateCheck, UpdateProgress } from "../../lib/ipc";
import { NO_VALUE, capitalise, formatDateTime, formatNumber } from "../../shared/format";

/** A signed-in app looks for a newer release at sign-in, then this often. */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

/** Where an install is: from the click on Install now to the restart. */
export type InstallState =
  | { kind: "idle" }
  /** `received` bytes of `total` (null until and unless the server says). */
  | { kind: "downloading"; received: number; total: number | null }
  | { kind: "verified" }
  | { kind: "installed"; restarting: boolean; error: string | null }
  | { kind: "failed"; message: string };

const RANK: Record<"downloading" | "verified" | "installed", number> = { downloading: 0, verified: 1, installed: 2 };

/**
 * The state after one progress message. Messages only move forward: one that arrives late (a
 * last "downloading" after "verified") changes nothing, and neither does any message once the
 * install has failed or not begun.
 */
export function advance(state: InstallState, message: UpdateProgress): InstallState {
  if (state.kind === "idle" || state.kind === "failed") return state;
  if (RANK[message.kind] < RANK[state.kind]) return state;
  switch (message.kind) {
    case "downloading":
      return state.kind === "downloading" ? { kind: "downloading", received: message.received, total: message.total } : state;
    case "verified":
      return { kind: "verified" };
    case "installed":
      return state.kind === "installed" ? state : { kind: "installed", restarting: false, error: null };
  }
}

/** Whole percent of the download, 0–100, when the size is known. */
export function downloadPercent(received: number, total: number | null): number | null {
  if (total === null || !(total > 0)) return null;
  return Math.max(0, Math.min(100, Math.floor((received / total) * 100)));
}

/** A byte count in MB (one decimal), as the download shows it when the size is unknown. */
export function megabytes(bytes: number, locale: string): string {
  return `${formatNumber(bytes / 1_000_000, locale, 1)} MB`;
}

/** The About line: which channel from where, and who set it. */
export function sourceText(check: Pick<UpdateCheck, "source">): string {
  const s = check.source;
  if (!s) return "Updates: not configured by IT";
  return `Updates: ${s.channel} from ${s.manifestUrl} (set by ${s.setBy})`;
}

// The updater's dates as the time crate writes them: "2026-12-07 6:55:21.0 +00:00:00".
const TIME_CRATE = /^(\d{4}-\d{2}-\d{2}) (\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)? ([+-])(\d{2}):(\d{2})(?::\d{2})?$/;

/**
 * When a release was published, in the user's zone: an RFC 3339 instant, or the time crate's
 * own layout, which the updater passes on; anything else is shown as it came.
 */
export function publishedText(value: string, locale: string, timeZone?: string): string {
  const m = TIME_CRATE.exec(value.trim());
  const iso = m ? `${m[1]}T${(m[2] ?? "").padStart(2, "0")}:${m[3]}:${m[4]}${m[5]}${m[6]}:${m[7]}` : value.trim();
  const text = formatDateTime(iso, locale, timeZone);
  return text === NO_VALUE ? value : text;
}

/**
 * What Rust said when it refused to install or restart: its own words for the refusals it
 * words (a bad signature, a version mismatch, an import under way), else the app's words.
 */
export function refusalText(raw: AppError, described: string): string {
  if (raw.kind === "validation" || raw.kind === "conflict") {
    const message = raw.message.trim();
    return /[.!?]$/.test(message) ? capitalise(message) : `${capitalise(message)}.`;
  }
  return described;
}
