import { type FormEvent, type KeyboardEvent, useId, useMemo, useState } from "react";
import { type SeriesDetail, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { queuedComments, useQueuedChanges } from "../../shared/queue";
import { Button, ErrorBanner, SelectField, TextAreaField } from "../../shared/ui";
import { periodLabel } from "./figures";

/**
 * What planners and approvers said about a series, or one period of it: the comments on the
 * server, oldest first, then the user's own still kept on this computer. With `canComment`, a
 * form adds one; it is sent even offline, because Rust keeps it until the server answers.
 */
export function SeriesComments({
  detail,
  canComment,
  onSaved,
}: {
  detail: SeriesDetail;
  canComment: boolean;
  /** Reads the series again after a comment reached the server. */
  onSaved: () => Promise<void>;
}) {
  const { locale, timeZone } = useLocale();
  const queue = useQueuedChanges();
  const waiting = useMemo(() => queuedComments(queue.data ?? [], detail.key), [queue.data, detail.key]);
  const about = (period: string | null) => (period ? periodLabel(period, detail.bucket, locale) : null);
  const when = (at: string) => formatDateTime(at, locale, timeZone);
  const headingId = useId();

  return (
    <section aria-labelledby={headingId} data-testid="series-comments-panel">
      <h3 id={headingId}>Comments</h3>
      {detail.comments.length === 0 && waiting.length === 0 ? (
        <p className="muted" data-testid="series-comments-empty">
          No comments yet. Note what the figures do not show: a promotion, a lost listing, a customer's call.
        </p>
      ) : (
        <ul className="comment-list" data-testid="series-comments">
          {detail.comments.map((c) => (
            <CommentItem key={c.id} author={c.author ?? "Unknown author"} at={when(c.at)} period={about(c.period)} body={c.body} testId="series-comment" />
          ))}
          {waiting.map(({ edit, change }) => (
            <CommentItem
              key={edit.id}
              author="You"
              at={when(edit.queuedAt)}
              period={about(change.period)}
              body={change.body}
              testId="series-comment-queued"
              state={edit.state}
            />
          ))}
        </ul>
      )}
      {canComment ? <CommentForm detail={detail} onSaved={onSaved} onQueued={queue.refetch} /> : null}
    </section>
  );
}

function CommentItem({
  author,
  at,
  period,
  body,
  testId,
  state,
}: {
  author: string;
  at: string;
  period: string | null;
  body: string;
  testId: string;
  /** Set for a comment kept on this computer. */
  state?: string;
}) {
  return (
    <li className="comment" data-testid={testId} data-state={state}>
      <p className="comment-meta">
        <strong data-testid="comment-author">{author}</strong> <span className="muted">· {at}</span>
        {period ? <span className="muted" data-testid="comment-about"> · {period}</span> : null}
      </p>
      {/* Shown as text, line breaks kept by the stylesheet (pre-line): never as markup. */}
      <p className="comment-body" data-testid="comment-text">
        {body}
      </p>
      {state === "queued" ? <p className="muted comment-state">Queued — sent when the server answers</p> : null}
      {state === "refused" ? (
        <p className="text-error comment-state">Refused by the server: see the changes kept on this computer.</p>
      ) : null}
    </li>
  );
}

type Saved = { queued: boolean } | null;

/** A comment on the whole series or one forecast period. Ctrl+Enter saves from the text. */
function CommentForm({ detail, onSaved, onQueued }: { detail: SeriesDetail; onSaved: () => Promise<void>; onQueued: () => Promise<void> }) {
  const call = useCommandCall();
  const { locale } = useLocale();
  const [body, setBody] = useState("");
  const [period, setPeriod] = useState("");
  const [bodyError, setBodyError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<UserError | null>(null);
  const [saved, setSaved] = useState<Saved>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    setBodyError(undefined);
    setFailure(null);
    setSaved(null);
    // Given as a promise, so it is sent offline too: Rust queues it until the server answers.
    // Rust alone decides what a valid comment is (not blank, not too long).
    const res = await call(commands.addForecastComment({ key: detail.key, period: period || null, body }), "save the comment", {
      body: "Comment",
    });
    if (res.ok) {
      setBody("");
      setSaved({ queued: res.data.queued });
      // A queued comment is not on the server yet: only the list of queued changes moved.
      await (res.data.queued ? onQueued() : onSaved());
    } else if (res.error.field === "body") {
      setBodyError(res.error.message);
    } else {
      setFailure(res.error);
    }
    setBusy(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Add a comment" data-testid="comment-form">
      <div className="form-grid">
        <TextAreaField
          label="Comment"
          value={body}
          onChange={(e) => {
            setBody(e.target.value);
            setBodyError(undefined);
          }}
          onKeyDown={onKeyDown}
          rows={3}
          hint="Up to 2,000 characters. Ctrl+Enter saves."
          error={bodyError}
          data-testid="comment-body"
        />
        <SelectField label="About" value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="comment-period">
          <option value="">The whole series</option>
          {detail.forecast.map((p) => (
            <option key={p.period} value={p.period}>
              {periodLabel(p.period, detail.bucket, locale)}
            </option>
          ))}
        </SelectField>
      </div>
      {failure ? <ErrorBanner error={failure} testId="comment-error" /> : null}
      {saved ? (
        <p
          className={`banner ${saved.queued ? "banner-info" : "banner-success"}`}
          role="status"
          data-testid={saved.queued ? "comment-queued" : "comment-saved"}
        >
          {saved.queued ? "Queued on this computer; sent when the server answers." : "Comment saved."}
        </p>
      ) : null}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy} data-testid="comment-save">
          Save
        </Button>
      </div>
    </form>
  );
}
