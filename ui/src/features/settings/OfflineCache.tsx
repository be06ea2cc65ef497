import { useEffect, useId, useRef, useState } from "react";
import { type CacheInfo, type KeptCopy, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { NO_VALUE, formatDateTime, formatNumber } from "../../shared/format";
import { OFFLINE_CACHE_KEY, keptScreenLabel } from "../../shared/keepOffline";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { Button, EmptyState, ErrorBanner, Loading } from "../../shared/ui";

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
        cannot be reached. The last view of each report is replaced by the next one, unless you keep it offline.
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
          >
            <KeepHowTo />
          </EmptyState>
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
            <KeptCopies kept={data.kept} onChanged={info.refetch} />
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

/** "stock risks of 30 Jun 2026, 09:40": which kept copy, in words. */
function keptCopyText(copy: KeptCopy, locale: string, timeZone: string | undefined): string {
  return `${keptScreenLabel(copy.screen).toLowerCase()} of ${formatDateTime(copy.asOf, locale, timeZone)}`;
}

/** How to keep a report, where none is kept yet. */
function KeepHowTo() {
  return (
    <p className="muted" data-testid="kept-offline-how">
      Use Keep offline on a report screen to keep its current view: it is then not replaced by your next view, and it is
      refreshed every 15 minutes while online.
    </p>
  );
}

/** The copies kept offline on purpose, each of which can be let go. */
function KeptCopies({ kept, onChanged }: { kept: KeptCopy[]; onChanged: () => Promise<void> }) {
  const { locale, timeZone } = useLocale();
  const call = useCommandCall();
  const [stopping, setStopping] = useState<string | null>(null);
  const [error, setError] = useState<UserError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const listRef = useRef<HTMLDivElement>(null);

  const stop = async (copy: KeptCopy) => {
    if (stopping !== null) return;
    const what = keptCopyText(copy, locale, timeZone);
    setError(null);
    setNotice(null);
    setStopping(copy.entry);
    // Sent as it is, offline too: the copies are on this computer, and Rust answers alone.
    const res = await call(commands.stopKeepingOffline(copy.entry), `stop keeping the ${keptScreenLabel(copy.screen).toLowerCase()} offline`);
    if (res.ok) await onChanged();
    setStopping(null);
    if (res.ok) setNotice(`No longer keeping the ${what} offline: the copy stays until your next view replaces it.`);
    else setError(res.error);
    // The pressed button was disabled while busy, and on success its row is gone: the list,
    // which shows what happened, keeps the keyboard.
    listRef.current?.focus();
  };

  return (
    <div ref={listRef} className="kept-offline" tabIndex={-1} aria-labelledby={headingId} role="group" data-testid="kept-offline">
      <h3 id={headingId}>Kept offline</h3>
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="kept-offline-notice">
          {notice}
        </p>
      ) : null}
      {error ? <ErrorBanner error={error} testId="kept-offline-error" /> : null}
      {kept.length === 0 ? (
        <EmptyState title="No report is kept offline on purpose." testId="kept-offline-empty">
          <KeepHowTo />
        </EmptyState>
      ) : (
        <table className="data-table compact" data-testid="kept-offline-table">
          <caption className="visually-hidden">Reports kept offline, refreshed every 15 minutes while online</caption>
          <thead>
            <tr>
              <th scope="col">Report</th>
              <th scope="col">As of</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {kept.map((copy) => (
              <tr key={copy.entry} data-testid="kept-offline-row" data-screen={copy.screen}>
                <td data-testid="kept-offline-screen">{keptScreenLabel(copy.screen)}</td>
                <td data-testid="kept-offline-as-of">{formatDateTime(copy.asOf, locale, timeZone)}</td>
                <td className="num">
                  <Button
                    variant="ghost"
                    onClick={() => void stop(copy)}
                    busy={stopping === copy.entry}
                    aria-label={`Stop keeping the ${keptCopyText(copy, locale, timeZone)} offline`}
                    data-testid="stop-keeping"
                  >
                    Stop keeping
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
