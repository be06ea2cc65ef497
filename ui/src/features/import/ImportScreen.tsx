import { useState } from "react";
import { commands } from "../../lib/ipc";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { ErrorBanner } from "../../shared/ui";
import { BatchesPanel } from "./BatchesPanel";
import { NewImportPanel } from "./NewImportPanel";
import { ProgressView } from "./ProgressView";
import { ReportView } from "./ReportView";
import { commitCount, rowsText } from "./report";
import { type ImportForm, NEW_IMPORT, sameRequest, toRequest } from "./run";
import { useImportRun } from "./useImportRun";

/**
 * Sales files into the sales history: check a file (a dry run that writes nothing), read the
 * report, import it, and roll back an import that should not have happened.
 */
export function ImportScreen() {
  const { locale } = useLocale();
  const batches = useCommandQuery(["import", "batches"], commands.listImportBatches, "load the past imports");
  const { status, result, run, cancel } = useImportRun(batches.refetch);
  const [form, setForm] = useState<ImportForm>(NEW_IMPORT);
  const running = status.kind === "running";

  const check = () => {
    const request = toRequest(form, true);
    if (request) void run(request);
  };

  // An import repeats the request its check ran, while the form still asks for the same.
  const checked = result?.report.outcome === "checked" ? result : null;
  const changed = checked !== null && !sameRequest(checked.request, toRequest(form, false));
  const count = checked ? commitCount(checked.report, checked.request.mode) : 0;
  const commit = checked
    ? {
        label: count > 0 ? `Import ${rowsText(count, locale)}` : "Import",
        disabled: changed || count === 0,
        hint: changed
          ? "The file or the choices changed since the check: check the file again."
          : count === 0
            ? checked.report.rowsRejected > 0 && checked.request.mode === "allOrNothing"
              ? "Fix the rows with errors and check again, or choose “Import valid rows only”."
              : "There is nothing to import."
            : null,
        onCommit: () => void run({ ...checked.request, dryRun: false }),
      }
    : null;

  return (
    <div className="page import" data-testid="import">
      <h1>Import sales</h1>
      <NewImportPanel form={form} onChange={setForm} onCheck={check} running={running} commit={commit} />
      {status.kind === "running" ? <ProgressView status={status} onCancel={() => void cancel()} /> : null}
      {status.kind === "cancelled" ? (
        <p className="banner banner-info" role="status" data-testid="import-cancelled">
          {status.dryRun ? "Check cancelled; nothing was written." : "Import cancelled; nothing was written."}
        </p>
      ) : null}
      {status.kind === "failed" ? <ErrorBanner error={status.error} testId="import-error" /> : null}
      {result ? <ReportView report={result.report} mode={result.request.mode} /> : null}
      <BatchesPanel batches={batches} />
    </div>
  );
}
