import { useRef, useState } from "react";
import { type ColumnMapping, type FilePreview, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { ErrorBanner } from "../../shared/ui";
import { BatchesPanel } from "./BatchesPanel";
import { MappingStep } from "./MappingStep";
import { type MappingDraft, initialDraft, needsColumns, toMapping } from "./mapping";
import { NewImportPanel } from "./NewImportPanel";
import { ProgressView } from "./ProgressView";
import { ReportView } from "./ReportView";
import { commitCount, rowsText } from "./report";
import { type ImportForm, NEW_IMPORT, fileName, sameRequest, toRequest } from "./run";
import { useImportRun } from "./useImportRun";

/** Before a check: the file's first rows are read, and a file of no known layout has its columns chosen. */
type Columns =
  | { kind: "none" }
  | { kind: "reading" }
  | { kind: "failed"; error: UserError }
  | { kind: "choosing"; preview: FilePreview; draft: MappingDraft; remembered: boolean };

/**
 * Sales files into the sales history: check a file (a dry run that writes nothing), read the
 * report, import it, and roll back an import that should not have happened. A file in no
 * layout Sentia knows is checked through the columns the planner chooses.
 */
export function ImportScreen() {
  const { locale } = useLocale();
  const call = useCommandCall();
  const batches = useCommandQuery(["import", "batches"], commands.listImportBatches, "load the past imports");
  const { status, result, run, cancel, reset } = useImportRun(batches.refetch);
  const [form, setForm] = useState<ImportForm>(NEW_IMPORT);
  const [columns, setColumns] = useState<Columns>({ kind: "none" });
  const pathField = useRef<HTMLInputElement>(null);
  const running = status.kind === "running";
  const busy = running || columns.kind === "reading";

  // Columns are chosen for one file: another path starts again.
  const change = (next: ImportForm) => {
    if (next.path !== form.path) setColumns({ kind: "none" });
    setForm(next);
  };

  const check = async () => {
    const request = toRequest(form, true);
    if (!request) return;
    reset();
    setColumns({ kind: "reading" });
    const res = await call(commands.previewImportFile(request.path), `check ${fileName(request.path)}`);
    if (!res.ok) {
      setColumns({ kind: "failed", error: res.error });
    } else if (needsColumns(form.layout, res.data.layout)) {
      setColumns({ kind: "choosing", preview: res.data, ...initialDraft(res.data) });
    } else {
      setColumns({ kind: "none" });
      void run(request);
    }
  };

  const checkColumns = (mapping: ColumnMapping) => {
    const request = toRequest(form, true, mapping);
    if (request) void run(request);
  };

  const cancelColumns = () => {
    setColumns({ kind: "none" });
    reset();
    pathField.current?.focus();
  };

  // An import repeats the request its check ran, while the form (and the columns) still ask for the same.
  const chosen = columns.kind === "choosing" ? toMapping(columns.draft) : null;
  const checked = result?.report.outcome === "checked" ? result : null;
  const changed = checked !== null && !sameRequest(checked.request, toRequest(form, false, chosen));
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
      <NewImportPanel
        form={form}
        onChange={change}
        onCheck={() => void check()}
        running={busy}
        commit={commit}
        pathField={pathField}
      />
      {columns.kind === "failed" ? <ErrorBanner error={columns.error} testId="import-error" /> : null}
      {columns.kind === "choosing" ? (
        <MappingStep
          preview={columns.preview}
          draft={columns.draft}
          remembered={columns.remembered}
          channelChosen={form.channel.trim() !== ""}
          running={running}
          onChange={(draft) => setColumns({ ...columns, draft })}
          onCheck={checkColumns}
          onCancel={cancelColumns}
        />
      ) : null}
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
