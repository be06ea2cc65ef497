import { type FormEvent, useState } from "react";
import { type ImportBatch, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { Button, Dialog, ErrorBanner, TextAreaField } from "../../shared/ui";
import { periodText, rowsText } from "./report";

/** Rolling a batch back removes its rows everywhere they count, so it asks why first (the audit log keeps it). */
export function RollbackDialog({
  batch,
  onClose,
  onDone,
}: {
  batch: ImportBatch;
  onClose: () => void;
  onDone: () => void;
}) {
  const { locale } = useLocale();
  const call = useCommandCall();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = rowsText(batch.rowsWritten, locale);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim() || busy) return;
    setBusy(true);
    const res = await call(() => commands.rollbackImport(batch.id, reason.trim()), "roll back the import", { reason: "Reason" });
    setBusy(false);
    if (res.ok) onDone();
    else setError(res.error);
  };

  return (
    <Dialog open title={`Roll back ${batch.file}`} onClose={onClose} testId="import-rollback-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <p>
          All its <strong>{rows}</strong> ({periodText(batch.period, locale)}) are removed from the sales history and the
          dashboard. The batch stays listed as rolled back, and the audit log records who did it and why.
        </p>
        <TextAreaField
          label="Reason"
          hint="Required, e.g. “wrong channel chosen” or “file exported twice”."
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={2}
          autoFocus
          required
          data-testid="import-rollback-reason"
        />
        {error ? <ErrorBanner error={error} testId="import-rollback-error" /> : null}
        <div className="dialog-footer">
          <Button onClick={onClose}>Keep the rows</Button>
          <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()} data-testid="import-rollback-confirm">
            Roll back {rows}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
