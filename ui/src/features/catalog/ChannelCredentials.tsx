import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { type SalesChannel, commands } from "../../lib/ipc";
import type { UserError } from "../../shared/errors";
import { Button, ErrorBanner, TextField } from "../../shared/ui";
import type { SideChange } from "./EditorDialog";
import { useCommandCall } from "../../shared/call";

const LABELS = { credentials: "New credentials" };

/**
 * A channel's API credentials: whether some are stored, and replacing or removing them. They
 * are write-only: Rust seals them and never sends them back, so the field starts empty and is
 * cleared once they are saved. Each change names the channel's version, like an edit.
 */
export function ChannelCredentials({
  side,
  refetch,
}: {
  side: SideChange<SalesChannel>;
  /** Reads the channel list again (after someone else's change, to get its new version). */
  refetch: () => Promise<void>;
}) {
  const call = useCommandCall();
  const channel = side.current;
  const [secret, setSecret] = useState("");
  const [busy, setBusy] = useState<null | "save" | "remove">(null);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<UserError | null>(null);
  // After someone else's change: the version that was refused. A retry waits until the list,
  // read again, brings the channel's newer version (the list's data arrives a render after
  // its read completes, so the version itself is what is waited for).
  const [refusedAt, setRefusedAt] = useState<number | null>(null);
  const reread = refusedAt === null ? null : channel.stamp.version === refusedAt ? "reading" : "read";
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = useId();
  const confirmRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (confirm) confirmRef.current?.focus();
  }, [confirm]);

  const disabled = busy !== null || side.stale || reread === "reading";

  const run = async (credentials: string | null) => {
    setError(null);
    setRefusedAt(null);
    setNotice(null);
    setBusy(credentials === null ? "remove" : "save");
    const from = channel.stamp.version;
    const res = await call(
      () => commands.setChannelCredentials(channel.id, from, credentials),
      credentials === null ? "remove the credentials" : "save the credentials",
      LABELS,
    );
    setBusy(null);
    setConfirm(false);
    if (res.ok) {
      setSecret("");
      side.changed(res.data, from);
      setNotice(credentials === null ? "The credentials were removed." : "The new credentials were saved.");
      return;
    }
    setError(res.error);
    if (res.raw.kind === "stale") {
      // Nothing was written. Once the list is read again, a retry names the version stored now.
      setRefusedAt(from);
      await refetch();
    }
  };

  const save = () => {
    if (!disabled && secret.trim()) void run(secret);
  };

  // The field sits inside the channel's form: Enter saves the credentials, not the channel.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    save();
  };

  return (
    <section className="credentials" aria-labelledby={headingId} data-testid="channel-credentials">
      <h3 id={headingId}>API credentials</h3>
      <p>
        Status: <strong data-testid="channel-credentials-status">{channel.hasCredentials ? "Set" : "Not set"}</strong>
      </p>
      <p className="muted">
        Paste the key or JSON the platform gave you{channel.hasCredentials ? "; it replaces the stored one" : ""}. Credentials are
        stored encrypted and never shown again, here or anywhere else.
      </p>
      <div className="field-with-action">
        <TextField
          label={LABELS.credentials}
          type="password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          spellCheck={false}
          data-testid="channel-credentials-input"
        />
        <Button onClick={save} busy={busy === "save"} disabled={disabled || !secret.trim()} data-testid="channel-credentials-save">
          {channel.hasCredentials ? "Replace credentials" : "Save credentials"}
        </Button>
      </div>
      {channel.hasCredentials && !confirm ? (
        <Button variant="ghost" onClick={() => setConfirm(true)} disabled={disabled} data-testid="channel-credentials-remove">
          Remove credentials…
        </Button>
      ) : null}
      {confirm ? (
        <div className="banner banner-error" role="alert" tabIndex={-1} ref={confirmRef} data-testid="channel-credentials-remove-panel">
          <p>Remove the API credentials of {channel.fields.name}? Synchronising stops until new ones are saved.</p>
          <div className="form-actions">
            <Button variant="danger" onClick={() => void run(null)} busy={busy === "remove"} data-testid="channel-credentials-remove-confirm">
              Remove
            </Button>
            <Button onClick={() => setConfirm(false)} disabled={busy !== null}>
              Keep them
            </Button>
          </div>
        </div>
      ) : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="channel-credentials-notice">
          {notice}
        </p>
      ) : null}
      {error ? <ErrorBanner error={error} testId="channel-credentials-error" /> : null}
      {reread === "read" ? (
        <p className="muted" data-testid="channel-credentials-reread">
          The channel has been read again: save or remove the credentials again if you still want to.
        </p>
      ) : null}
    </section>
  );
}
