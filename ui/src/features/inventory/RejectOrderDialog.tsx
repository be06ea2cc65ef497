import { type FormEvent, useState } from "react";
import type { ReplenishmentOrder } from "../../lib/ipc";
import type { UserError } from "../../shared/errors";
import { formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { Button, Dialog, ErrorBanner, TextAreaField } from "../../shared/ui";

/** Rejecting sends an order back to the planner, so it asks why; the comment is kept with the order. */
export function RejectOrderDialog({
  order,
  onClose,
  onReject,
}: {
  order: ReplenishmentOrder;
  onClose: () => void;
  /** Rejects with the comment; resolves to the refusal, or null once done. */
  onReject: (comment: string) => Promise<UserError | null>;
}) {
  const { locale } = useLocale();
  const [comment, setComment] = useState("");
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !comment.trim()) return;
    setBusy(true);
    const refused = await onReject(comment.trim());
    setBusy(false);
    if (refused) setError(refused);
    else onClose();
  };

  // A refusal about the comment belongs under it; any other above the buttons.
  const commentError = error?.field === "comment" ? error.message : undefined;
  return (
    <Dialog open title={`Reject ${order.orderNumber}`} onClose={onClose} testId="order-reject-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <p>
          The order for {formatNumber(order.quantity, locale)} units of {order.sku} at {order.location} goes back to the planner as rejected, with your
          comment; it can be changed and submitted again.
        </p>
        <TextAreaField
          label="Comment"
          hint="Required, e.g. “the line is booked that week; order in January”."
          value={comment}
          onChange={(e) => {
            setComment(e.target.value);
            if (error?.field === "comment") setError(null);
          }}
          rows={2}
          autoFocus
          required
          error={commentError}
          data-testid="order-reject-comment"
        />
        {error && !commentError ? <ErrorBanner error={error} testId="order-reject-error" /> : null}
        <div className="dialog-footer">
          <Button onClick={onClose}>Keep it</Button>
          <Button type="submit" variant="danger" busy={busy} disabled={!comment.trim()} data-testid="order-reject-confirm">
            Reject
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
