import { formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { Button, ErrorBanner } from "../../shared/ui";
import { STAGE_LABELS, progressFraction, progressText } from "./report";
import type { RunStatus } from "./useImportRun";

/** A running import: its stage, its counts, a bar where the total is known, and Cancel. */
export function ProgressView({ status, onCancel }: { status: Extract<RunStatus, { kind: "running" }>; onCancel: () => void }) {
  const { locale } = useLocale();
  const p = status.progress;
  const fraction = p ? progressFraction(p) : null;
  const what = status.dryRun ? `Checking ${status.file}` : `Importing ${status.file}`;
  return (
    <div className="banner banner-info" data-testid="import-progress" aria-busy="true">
      <p>
        <strong>{what}…</strong>{" "}
        <span role="status" data-testid="import-stage" data-stage={p?.stage ?? "starting"}>
          {p ? progressText(p, locale) : "Starting…"}
        </span>
      </p>
      {/* Without a value the bar is indeterminate: writing has no total to measure against. */}
      <progress
        max={1}
        {...(fraction === null ? {} : { value: fraction })}
        aria-label={p ? STAGE_LABELS[p.stage] : "Starting"}
        data-testid="import-progress-bar"
      />
      {p ? (
        <p className="muted" data-testid="import-progress-counts">
          Read {formatNumber(p.rowsRead, locale)} · checked {formatNumber(p.rowsValidated, locale)} · written{" "}
          {formatNumber(p.rowsWritten, locale)}
        </p>
      ) : null}
      {status.cancelError ? <ErrorBanner error={status.cancelError} testId="import-cancel-error" /> : null}
      <div className="form-actions">
        <Button variant="danger" onClick={onCancel} busy={status.cancelling} data-testid="import-cancel">
          {status.cancelling ? "Cancelling…" : "Cancel"}
        </Button>
      </div>
    </div>
  );
}
