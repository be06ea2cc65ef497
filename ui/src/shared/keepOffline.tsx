// Keeping a report on this computer on purpose: the last view of a screen is then not replaced
// by the next one, and Rust fetches it again every 15 minutes while online and when the server
// comes back. The button on each report screen and the list in Settings read the same cache info.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import { type CacheInfo, type Screen, commands } from "../lib/ipc";
import { useCommandCall } from "./call";
import { screenLabel } from "./connectivity";
import type { UserError } from "./errors";
import { useCommandQuery } from "./query";

/** The key of `offlineCacheInfo`, so that a change made in one place is read again in every other. */
export const OFFLINE_CACHE_KEY = ["offline-cache"] as const;

/** What keeping means, for the button's tooltip. */
const KEEP_OFFLINE_HINT = "Kept on this computer, refreshed every 15 minutes while online.";

/** A report screen's name for people: "stockRisks" → "Stock risks". */
export function keptScreenLabel(screen: Screen): string {
  // The cache and the connectivity status name screens in kebab case: one set of words for both.
  return screenLabel(screen.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
}

/** Whether a view of `screen` is kept offline on purpose. */
export function isKept(info: CacheInfo | undefined, screen: Screen): boolean {
  return info?.kept.some((k) => k.screen === screen) ?? false;
}

/**
 * Toggles keeping the signed-in user's last view of `screen` offline. Pressed while a view of
 * the screen is kept. The call is local to this computer, so it is made offline too.
 */
export function KeepOfflineButton({ screen }: { screen: Screen }) {
  const info = useCommandQuery(OFFLINE_CACHE_KEY, commands.offlineCacheInfo, "read the offline copies");
  const queryClient = useQueryClient();
  const call = useCommandCall();
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  // A second press while the first is answered would send the same state twice.
  const pending = useRef(false);
  const hintId = useId();
  const kept = isKept(info.data, screen);

  const toggle = async () => {
    if (pending.current) return;
    pending.current = true;
    setBusy(true);
    setNote(null);
    setError(null);
    const keep = !kept;
    const res = await call(commands.keepOffline(screen, keep), keep ? "keep the report offline" : "stop keeping the report offline");
    if (res.ok) await queryClient.invalidateQueries({ queryKey: OFFLINE_CACHE_KEY });
    pending.current = false;
    setBusy(false);
    if (!res.ok) {
      setError(res.error);
    } else if (!res.data) {
      setNote("Open the report first, then keep it offline.");
    } else if (!keep && isKept(queryClient.getQueryData<CacheInfo>(OFFLINE_CACHE_KEY), screen)) {
      // Only the last view was let go: views kept before it stay until let go in Preferences.
      setNote("Other views of this report are still kept: see Preferences, Offline copies.");
    }
  };

  const hint = kept ? `${KEEP_OFFLINE_HINT} Press to stop keeping it.` : `${KEEP_OFFLINE_HINT} Readable while the server cannot be reached.`;
  return (
    <span className="keep-offline" data-testid="keep-offline-control">
      {/* Not disabled while busy: a disabled button would drop the keyboard's focus. */}
      <button
        type="button"
        className="btn btn-ghost"
        aria-pressed={kept}
        aria-busy={busy || undefined}
        aria-describedby={hintId}
        title={hint}
        onClick={() => void toggle()}
        data-testid="keep-offline"
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {kept ? (
          <>
            Kept offline <span aria-hidden="true">✓</span>
          </>
        ) : (
          "Keep offline"
        )}
      </button>
      <span id={hintId} className="visually-hidden">
        {hint}
      </span>
      <span role="status">
        {note ? (
          <span className="muted" data-testid="keep-offline-note">
            {note}
          </span>
        ) : null}
      </span>
      {error ? (
        <span className="field-error" role="alert" data-testid="keep-offline-error">
          {error.title}. {error.message}
        </span>
      ) : null}
    </span>
  );
}
