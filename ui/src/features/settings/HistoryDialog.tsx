import { type FormEvent, useEffect, useRef, useState } from "react";
import { type Product, type SettingView, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { capitalise, formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useSession } from "../../shared/session";
import { Button, Dialog, EmptyState, ErrorBanner, Loading, TextField } from "../../shared/ui";
import { ChangeView, ScopeTags, ValueText } from "./parts";
import { inputKind } from "./settings";

/**
 * A stored setting's versions, newest first: each value with who set it, when and why, and
 * what changed from the version before. An older version's value can be restored, with a
 * reason; that is a new version, so the history only grows.
 */
export function HistoryDialog({
  id,
  row,
  products,
  onChanged,
  onClose,
}: {
  id: string;
  /** The row as listed when the history was opened (its name, rule and scope). */
  row: SettingView;
  products: readonly Product[] | undefined;
  /** Reads the list again after a revert. */
  onChanged: () => Promise<void>;
  onClose: () => void;
}) {
  const call = useCommandCall();
  const { session } = useSession();
  const { locale, timeZone } = useLocale();
  const history = useCommandQuery(["settings", "history", id], () => commands.settingHistory(id), "load the history");
  const [reverting, setReverting] = useState<number | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const name = `${row.category}.${row.key}`;
  const json = inputKind(row.rule).kind === "json";
  const versions = history.data ?? [];
  const newest = versions[0]?.version;

  useEffect(() => {
    if (reverting !== null) reasonRef.current?.focus();
  }, [reverting]);

  const startRevert = (version: number) => {
    setReverting(version);
    setReason("");
    setReasonError(undefined);
    setError(null);
    setNotice(null);
  };

  const revert = async (e: FormEvent) => {
    e.preventDefault();
    if (reverting === null || busy) return;
    if (!reason.trim()) {
      setReasonError("Say why you are restoring it: the history keeps the reason.");
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const version = reverting;
    const res = await call(() => commands.revertSetting(id, version, reason.trim()), `restore version ${version} of ${name}`, {
      reason: "Reason",
    });
    if (res.ok) {
      setReverting(null);
      setReason("");
      await Promise.all([history.refetch(), onChanged()]);
      setBusy(false);
      setNotice(`Version ${version}'s value ${res.data.value} is back, as version ${res.data.version}.`);
      return;
    }
    setBusy(false);
    if (res.raw.kind === "validation" && res.raw.field === "reason") {
      setReasonError(`${capitalise(res.raw.message.trim().replace(/\.$/, ""))}.`);
      reasonRef.current?.focus();
      return;
    }
    setError(res.error);
    // Someone changed it meanwhile: show the versions as they are now.
    if (res.raw.kind === "stale") void Promise.all([history.refetch(), onChanged()]);
  };

  return (
    <Dialog open title={`History of ${name}`} onClose={onClose} testId="setting-history-dialog" wide>
      <p className="muted">
        {row.description}. <ScopeTags row={row} products={products} userId={session.userId} />
      </p>
      {history.error ? <ErrorBanner error={history.error} onRetry={() => void history.refetch()} testId="setting-history-error" /> : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="setting-revert-done">
          {notice}
        </p>
      ) : null}
      {error ? <ErrorBanner error={error} testId="setting-revert-error" /> : null}
      {history.loading ? <Loading label="Loading the history…" /> : null}
      {history.data && versions.length === 0 ? <EmptyState title="No versions recorded." /> : null}
      <ol className="setting-history" aria-label="Versions, newest first">
        {versions.map((v, i) => {
          const before = versions[i + 1];
          return (
            <li key={v.version} className="setting-version" data-testid={`setting-version-${v.version}`}>
              <div className="setting-version-head">
                <strong>Version {v.version}</strong>
                {v.version === newest ? <span className="tag tag-ok">current</span> : null}
                <span className="muted">
                  {formatDateTime(v.changedAt, locale, timeZone)}
                  {v.changedBy ? ` by ${v.changedBy}` : ""}
                </span>
              </div>
              <div className="setting-version-value">
                <ValueText value={v.value} json={json} testId={`setting-version-value-${v.version}`} />
              </div>
              <p className="setting-version-reason">
                <span className="muted">Reason: </span>
                {v.reason ?? <span className="muted">(none given)</span>}
              </p>
              {before ? (
                <ChangeView before={before.value} after={v.value} json={json} />
              ) : i === versions.length - 1 ? (
                <p className="muted setting-diff">First stored value{row.defaultValue ? ` (the default is ${row.defaultValue})` : ""}.</p>
              ) : null}
              {v.version !== newest ? (
                reverting === v.version ? (
                  <form className="setting-revert" onSubmit={(e) => void revert(e)} noValidate>
                    <TextField
                      ref={reasonRef}
                      label={`Why restore version ${v.version}?`}
                      value={reason}
                      error={reasonError}
                      onChange={(e) => {
                        setReason(e.target.value);
                        setReasonError(undefined);
                      }}
                      data-testid="setting-revert-reason"
                    />
                    <div className="form-actions">
                      <Button onClick={() => setReverting(null)} disabled={busy}>
                        Cancel
                      </Button>
                      <Button type="submit" variant="primary" busy={busy} data-testid="setting-revert-confirm">
                        Restore this value
                      </Button>
                    </div>
                  </form>
                ) : (
                  <Button onClick={() => startRevert(v.version)} disabled={busy} data-testid={`setting-revert-${v.version}`}>
                    Revert to this version
                  </Button>
                )
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="dialog-footer">
        <Button variant="primary" onClick={onClose} data-testid="setting-history-close">
          Close
        </Button>
      </div>
    </Dialog>
  );
}
