import { type FormEvent, useState } from "react";
import type { UserError } from "../../shared/errors";
import { Button, Dialog, ErrorBanner, TextAreaField } from "../../shared/ui";

/** Rejecting sends forecasts back to the planner, so it asks why; the reason is kept with them. */
export function RejectDialog({
  what,
  onClose,
  onReject,
}: {
  /** What is rejected, in words: "GR-UK-30 · Amazon UK" or "3 series". */
  what: string;
  onClose: () => void;
  /** Rejects with the reason; resolves to the refusal, or null once done. */
  onReject: (reason: string) => Promise<UserError | null>;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!reason.trim()) {
      setError(null);
      return;
    }
    setBusy(true);
    const refused = await onReject(reason.trim());
    setBusy(false);
    if (refused) setError(refused);
    else onClose();
  };

  // A refusal about the reason belongs under it; any other above the buttons.
  const reasonError = error?.field === "reason" ? error.message : undefined;
  return (
    <Dialog open title={`Reject ${what}`} onClose={onClose} testId="forecast-reject-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <p>The forecasts go back to the planner as rejected, with your reason; they can be changed and submitted again.</p>
        <TextAreaField
          label="Reason"
          hint="Required, e.g. “too high for a month without promotions”."
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            if (error?.field === "reason") setError(null);
          }}
          rows={2}
          autoFocus
          required
          error={reasonError}
          data-testid="reject-reason"
        />
        {error && !reasonError ? <ErrorBanner error={error} testId="reject-error" /> : null}
        <div className="dialog-footer">
          <Button onClick={onClose}>Keep them</Button>
          <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()} data-testid="reject-confirm">
            Reject
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
