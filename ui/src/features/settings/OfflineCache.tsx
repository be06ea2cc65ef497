import { useEffect, useId, useRef, useState } from "react";
import { type CacheInfo, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import { screenLabel } from "../../shared/connectivity";
import type { UserError } from "../../shared/errors";
import { NO_VALUE, formatDateTime, formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { Button, EmptyState, ErrorBanner, Loading } from "../../shared/ui";

export const OFFLINE_CACHE_KEY = ["offline-cache"] as const;

/** A size for people: "850 KB", "12.4 MB" (decimal units, as the update download's). */
export function sizeText(bytes: number, locale: string): string {
  if (bytes < 1_000_000) return `${formatNumber(Math.max(bytes, 0) / 1_000, locale, bytes < 10_000 ? 1 : 0)} KB`;
  return `${formatNumber(bytes / 1_000_000, locale, 1)} MB`;
}

/** "1 report", "12 reports". */
function reportsText(count: number, locale: string): string {
  return `${formatNumber(count, locale)} ${count === 1 ? "report" : "reports"}`;
}

/**
 * The signed-in user's own copies of reports kept on this computer, to read without the
 * server: how many, how large, how old, where, and a way to remove them. Open to every user:
 * the copies are theirs.
 */
export function OfflineCacheSection() {
  const { locale, timeZone } = useLocale();
  const info = useCommandQuery(OFFLINE_CACHE_KEY, commands.offlineCacheInfo, "read the offline copies");
  const call = useCommandCall();
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UserError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const confirmRef = useRef<HTMLDivElement>(null);
  const clearRef = useRef<HTMLButtonElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  // Where the keyboard goes when the question closes: back to Clear, or (once nothing is
  // left to clear) to the section, whose notice says what was removed.
  const restoreFocus = useRef(false);

  useEffect(() => {
    if (confirm) {
      confirmRef.current?.focus();
    } else if (restoreFocus.current) {
      restoreFocus.current = false;
      (clearRef.current ?? sectionRef.current)?.focus();
    }
  }, [confirm]);

  const clear = async () => {
    setError(null);
    setNotice(null);
    setBusy(true);
    // Sent as it is, offline too: the copies are on this computer, and Rust answers alone.
    const res = await call(commands.clearOfflineCache(), "remove the offline copies");
    if (res.ok) await info.refetch();
    setBusy(false);
    restoreFocus.current = true;
    setConfirm(false);
    if (!res.ok) {
      setError(res.error);
      return;
    }
    setNotice(res.data === 0 ? "There was nothing to remove." : `${reportsText(res.data, locale)} removed from this computer.`);
  };

  const keep = () => {
    restoreFocus.current = true;
    setConfirm(false);
  };

  const data: CacheInfo | undefined = info.data;
  const when = (value: string | null) => (value ? formatDateTime(value, locale, timeZone) : NO_VALUE);

  return (
    <section ref={sectionRef} className="settings-group offline-cache" aria-labelledby={headingId} tabIndex={-1} data-testid="offline-cache">
      <h2 id={headingId}>Offline copies</h2>
      <p className="muted">
        Reports you open are kept on this computer, encrypted for your account, so that you can still read them while the server
        cannot be reached.
      </p>
      {info.error ? <ErrorBanner error={info.error} onRetry={() => void info.refetch()} testId="offline-cache-error" /> : null}
      {info.loading ? <Loading label="Reading the offline copies…" /> : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="offline-cache-notice">
          {notice}
        </p>
      ) : null}
      {error ? <ErrorBanner error={error} testId="offline-cache-clear-error" /> : null}
      {data ? (
        data.entries === 0 ? (
          <EmptyState
            title="Nothing is kept yet: reports you open are kept here so you can read them without the server."
            testId="offline-cache-empty"
          />
        ) : (
          <>
            <dl className="facts-grid">
              <div>
                <dt>Reports kept</dt>
                <dd data-testid="offline-cache-entries">{formatNumber(data.entries, locale)}</dd>
              </div>
              <div>
                <dt>Size</dt>
                <dd data-testid="offline-cache-size">{sizeText(data.bytes, locale)}</dd>
              </div>
              <div>
                <dt>Oldest</dt>
                <dd data-testid="offline-cache-oldest">{when(data.oldest)}</dd>
              </div>
              <div>
                <dt>Newest</dt>
                <dd data-testid="offline-cache-newest">{when(data.newest)}</dd>
              </div>
            </dl>
            {data.keptScreens.length > 0 ? (
              <p data-testid="offline-cache-screens">Kept for reading offline: {data.keptScreens.map(screenLabel).join(", ")}</p>
            ) : null}
            {confirm ? (
              <div className="banner banner-error" role="alert" tabIndex={-1} ref={confirmRef} data-testid="offline-cache-clear-panel">
                <p>
                  Remove the {reportsText(data.entries, locale)} kept on this computer? They are read again from the server the next
                  time you open them; until then they cannot be shown offline.
                </p>
                <div className="form-actions">
                  <Button variant="danger" onClick={() => void clear()} busy={busy} data-testid="offline-cache-clear-confirm">
                    Remove
                  </Button>
                  <Button onClick={keep} disabled={busy} data-testid="offline-cache-clear-cancel">
                    Keep them
                  </Button>
                </div>
              </div>
            ) : (
              <div className="form-actions">
                <button ref={clearRef} type="button" className="btn btn-secondary" onClick={() => setConfirm(true)} data-testid="offline-cache-clear">
                  Clear…
                </button>
              </div>
            )}
          </>
        )
      ) : null}
      {data ? (
        <p className="muted offline-cache-file" data-testid="offline-cache-file">
          Stored in <span className="mono">{data.file}</span>
        </p>
      ) : null}
    </section>
  );
}
