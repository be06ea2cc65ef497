import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { type Change, type Keep, type QueueSummary, type QueuedEdit, commands, events } from "../lib/ipc";
import { useCommandCall } from "../shared/call";
import { useConnectivity } from "../shared/connectivity";
import type { UserError } from "../shared/errors";
import { listenWhileMounted } from "../shared/events";
import { NO_VALUE, formatDateTime, formatNumber } from "../shared/format";
import { useLocale } from "../shared/locale";
import { QUEUED_CHANGES_KEY, queueCounts, useQueuedChanges } from "../shared/queue";
import { Button, Dialog, ErrorBanner } from "../shared/ui";
import { appliedText, changeFigures, changeWhat, queueNoticeText, reviewOrder, serverStatusText, stateText } from "./queuedChange";

/** How long "2 queued changes were applied" stays. */
export const APPLIED_NOTICE_MS = 8_000;

/**
 * The changes kept on this computer until the server answers: one line saying how many wait
 * (and how many need the user), and a dialog to review them, keep one's own or the server's
 * value where both changed, and discard what the server refused. Rust applies queued changes
 * by itself when the server answers again and says so with `queueChanged`; the dialog opens
 * then if a change met a newer value on the server. Nothing leaves the queue without a click.
 */
export function QueuedChanges() {
  const queue = useQueuedChanges();
  const { refetch } = queue;
  const queryClient = useQueryClient();
  const { locale } = useLocale();
  const [reviewing, setReviewing] = useState(false);
  // A new object for every replay that applied something, so the notice's time starts again.
  const [applied, setApplied] = useState<{ count: number } | null>(null);

  // What a replay did, whoever started it (the server answering again, a sign-in, the user).
  const settled = useCallback(
    async (summary: QueueSummary) => {
      if (summary.applied > 0) setApplied({ count: summary.applied });
      // Applied changes show on every screen, so all of them read again; otherwise only the
      // queue moved. A read begun before the replay ended may have missed it, and TanStack
      // would join that read rather than start another: it is cancelled first.
      const which = summary.applied > 0 ? undefined : { queryKey: QUEUED_CHANGES_KEY };
      await queryClient.cancelQueries(which);
      await queryClient.invalidateQueries(which);
      // Opened once the conflicts are listed, so focus lands on the first one's buttons.
      if (summary.conflicts > 0) setReviewing(true);
    },
    [queryClient],
  );

  // Outside a Tauri window (unit tests) there are no events: the list is read on mount.
  useEffect(() => listenWhileMounted(() => events.queueChanged.listen((event) => void settled(event.payload.summary))), [settled]);

  useEffect(() => {
    if (!applied) return;
    const timer = window.setTimeout(() => setApplied(null), APPLIED_NOTICE_MS);
    return () => window.clearTimeout(timer);
  }, [applied]);

  const edits = queue.data ?? [];
  const counts = queueCounts(edits);
  const notice = queueNoticeText(counts, locale);

  return (
    <>
      {applied ? (
        <div className="banner banner-success connectivity-banner" role="status" data-testid="queue-applied">
          <p>{appliedText(applied.count, locale)}.</p>
        </div>
      ) : null}
      {notice ? (
        <div
          className={`banner ${counts.deciding > 0 ? "banner-warning" : "banner-info"} connectivity-banner queue-notice`}
          role="status"
          data-testid="queue-notice"
          data-deciding={counts.deciding}
          data-waiting={counts.waiting}
        >
          <p>
            <strong>{notice}</strong> <span className="muted">— kept on this computer.</span>
          </p>
          <Button variant="ghost" onClick={() => setReviewing(true)} aria-haspopup="dialog" data-testid="queue-review">
            Review
          </Button>
        </div>
      ) : null}
      <QueueDialog open={reviewing} edits={edits} loadError={queue.error} onRetry={() => void refetch()} onSettled={settled} onClose={() => setReviewing(false)} />
    </>
  );
}

/** The user's choice under way, so its button shows busy and the others wait. */
type Busy = { id: string; keep: Keep } | "send" | null;

/**
 * Every open change, those needing a decision first; Escape or Close leaves them all as they
 * are. Focus starts on the first button, and returns there after a change leaves the list.
 */
function QueueDialog({
  open,
  edits,
  loadError,
  onRetry,
  onSettled,
  onClose,
}: {
  open: boolean;
  edits: QueuedEdit[];
  loadError: UserError | null;
  onRetry: () => void;
  onSettled: (summary: QueueSummary) => Promise<void>;
  onClose: () => void;
}) {
  const call = useCommandCall();
  const { online } = useConnectivity();
  const body = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<{ id: string | null; error: UserError } | null>(null);

  // Focus on the first button when the dialog opens (its own effect has shown it by now: a
  // child's effects run first), and again when a choice took away the button that had it.
  useEffect(() => {
    const dialog = body.current?.closest("dialog");
    if (!open || !dialog || dialog.contains(document.activeElement)) return;
    dialog.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
  }, [open, edits, busy]);

  const close = () => {
    setFailure(null);
    onClose();
  };

  const resolve = async (edit: QueuedEdit, keep: Keep) => {
    if (busy) return;
    setBusy({ id: edit.id, keep });
    setFailure(null);
    // Given as a promise, so it is sent offline too: Rust discards on this computer alone,
    // and keeps "mine" queued until the server answers.
    const res = await call(commands.resolveQueuedChange(edit.id, keep), keep === "mine" ? "keep your change" : "discard your change");
    if (res.ok) await onSettled(res.data);
    else setFailure({ id: edit.id, error: res.error });
    setBusy(null);
  };

  const sendNow = async () => {
    if (busy) return;
    setBusy("send");
    setFailure(null);
    const res = await call(() => commands.replayQueuedChanges(), "send the changes");
    if (res.ok) await onSettled(res.data);
    else setFailure({ id: null, error: res.error });
    setBusy(null);
  };

  const listed = reviewOrder(edits);
  const waiting = listed.some((e) => e.state === "queued");
  const decide = (edit: QueuedEdit) => ({
    busy: (keep: Keep) => busy !== null && busy !== "send" && busy.id === edit.id && busy.keep === keep,
    disabled: busy !== null,
    error: failure && failure.id === edit.id ? failure.error : null,
    resolve: (keep: Keep) => void resolve(edit, keep),
  });

  return (
    <Dialog
      open={open}
      title="Changes kept on this computer"
      onClose={close}
      testId="conflict-dialog"
      wide
      footer={
        <>
          {online && waiting ? (
            <Button variant="primary" onClick={() => void sendNow()} busy={busy === "send"} disabled={busy !== null} data-testid="queue-send-now">
              Send now
            </Button>
          ) : null}
          <Button onClick={close} data-testid="queue-close">
            Close
          </Button>
        </>
      }
    >
      <div ref={body}>
        {loadError ? <ErrorBanner error={loadError} onRetry={onRetry} testId="queue-load-error" /> : null}
        {failure && failure.id === null ? <ErrorBanner error={failure.error} testId="queue-error" /> : null}
        {listed.length === 0 && !loadError ? (
          <p data-testid="queue-empty">Nothing waits: every change is on the server or was discarded.</p>
        ) : (
          <p className="muted">
            {online
              ? "Changes waiting are sent in the order they were made."
              : "The server cannot be reached: changes waiting are sent, in the order they were made, when it answers."}
          </p>
        )}
        <ul className="queue-list" data-testid="queue-list">
          {listed.map((edit) => (
            <li key={edit.id} className="queue-item" data-testid="queue-item" data-state={edit.state} data-id={edit.id}>
              {/* Only an override can conflict: a comment is a new row on the server. */}
              {edit.state === "conflict" && edit.change.kind === "override" ? (
                <ConflictItem edit={edit} change={edit.change} {...decide(edit)} />
              ) : (
                <QueuedItem edit={edit} {...decide(edit)} />
              )}
            </li>
          ))}
        </ul>
      </div>
    </Dialog>
  );
}

interface Decision {
  busy: (keep: Keep) => boolean;
  disabled: boolean;
  error: UserError | null;
  resolve: (keep: Keep) => void;
}

/** A change whose row changed on the server meanwhile: both sides, and the two ways out. */
function ConflictItem({
  edit,
  change,
  busy,
  disabled,
  error,
  resolve,
}: { edit: QueuedEdit; change: Extract<Change, { kind: "override" }> } & Decision) {
  const { locale, timeZone } = useLocale();
  const server = edit.server;
  const what = changeWhat(edit, locale);
  const units = (n: number) => `${formatNumber(n, locale)} units`;
  const when = (at: string) => formatDateTime(at, locale, timeZone);
  return (
    <>
      <h3 data-testid="queue-item-what">{what}</h3>
      {server ? (
        <p className="muted" data-testid="conflict-product">
          {server.productName}
        </p>
      ) : null}
      <p>{stateText(edit.state)}.</p>
      <div className="two-col">
        <section aria-label="Yours" data-testid="conflict-mine">
          <h4>Yours</h4>
          <dl className="read-only-facts">
            <dt>Units</dt>
            <dd>{units(change.value)}</dd>
            <dt>Reason</dt>
            <dd>{change.reason}</dd>
            <dt>Queued</dt>
            <dd>{when(edit.queuedAt)}</dd>
          </dl>
        </section>
        <section aria-label="On the server now" data-testid="conflict-server">
          <h4>On the server now</h4>
          {server ? (
            <dl className="read-only-facts">
              <dt>Units</dt>
              <dd>{units(server.value)}</dd>
              <dt>Reason</dt>
              <dd>{server.reason ?? NO_VALUE}</dd>
              <dt>Status</dt>
              <dd>{serverStatusText(server.status)}</dd>
              <dt>Changed by</dt>
              <dd>{server.changedBy ?? NO_VALUE}</dd>
              <dt>Changed</dt>
              <dd>{when(server.changedAt)}</dd>
            </dl>
          ) : (
            <p className="muted">Not known on this computer.</p>
          )}
        </section>
      </div>
      {error ? <ErrorBanner error={error} testId="queue-item-error" /> : null}
      <div className="form-actions">
        <Button
          variant="primary"
          onClick={() => resolve("mine")}
          busy={busy("mine")}
          disabled={disabled}
          aria-label={`Keep mine for ${what}`}
          data-testid="conflict-keep-mine"
        >
          Keep mine
        </Button>
        <Button
          onClick={() => resolve("server")}
          busy={busy("server")}
          disabled={disabled}
          aria-label={`Keep the server's for ${what}`}
          data-testid="conflict-keep-server"
        >
          Keep the server's
        </Button>
      </div>
    </>
  );
}

/** A change waiting for the server, or one it refused (which only its author may drop). */
function QueuedItem({ edit, busy, disabled, error, resolve }: { edit: QueuedEdit } & Decision) {
  const { locale, timeZone } = useLocale();
  const what = changeWhat(edit, locale);
  return (
    <>
      <h3 data-testid="queue-item-what">{what}</h3>
      <p>
        <span data-testid="queue-item-state">{stateText(edit.state)}</span>
        <span className="muted"> · queued {formatDateTime(edit.queuedAt, locale, timeZone)}</span>
      </p>
      {edit.server ? <p className="muted">{changeFigures(edit.change, locale)}</p> : null}
      {edit.state === "refused" ? (
        <>
          <p className="text-error" data-testid="queue-refusal">
            {edit.refusal ?? "The server did not say why."}
          </p>
          {error ? <ErrorBanner error={error} testId="queue-item-error" /> : null}
          <div className="form-actions">
            <Button onClick={() => resolve("server")} busy={busy("server")} disabled={disabled} aria-label={`Discard ${what}`} data-testid="queue-discard">
              Discard
            </Button>
          </div>
        </>
      ) : null}
    </>
  );
}
