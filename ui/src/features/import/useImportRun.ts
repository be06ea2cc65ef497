import { useCallback, useRef, useState } from "react";
import { type ImportProgress, type ImportReport, type ImportRequest, commands, progressChannel } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { CANCELLED, withCancel } from "../../shared/cancel";
import { fileName } from "./run";

export type RunStatus =
  | { kind: "idle" }
  | {
      kind: "running";
      dryRun: boolean;
      file: string;
      /** The last progress message; none until the first arrives. */
      progress: ImportProgress | null;
      cancelling: boolean;
      /** Asking Rust to stop failed (the import carries on). */
      cancelError: UserError | null;
    }
  | { kind: "cancelled"; dryRun: boolean }
  | { kind: "failed"; error: UserError };

/** The last report, with the request that produced it (an import repeats a check's request). */
export interface RunResult {
  request: ImportRequest;
  report: ImportReport;
}

/**
 * Runs an import (or its dry run) and follows it: the progress Rust sends on the call's
 * channel, a cancel, and the report. `onImported` runs after a real import returns (the list
 * of batches reads again).
 */
export function useImportRun(onImported: () => Promise<void>) {
  const call = useCommandCall();
  const [status, setStatus] = useState<RunStatus>({ kind: "idle" });
  const [result, setResult] = useState<RunResult | null>(null);
  // Each run has its own progress channel; a late message of an earlier run is not this one's.
  const runId = useRef(0);

  const run = useCallback(
    async (request: ImportRequest) => {
      const file = fileName(request.path);
      // A new check replaces the old report; an import keeps the check's on screen until it ends.
      if (request.dryRun) setResult(null);
      const id = ++runId.current;
      setStatus({ kind: "running", dryRun: request.dryRun, file, progress: null, cancelling: false, cancelError: null });
      const onProgress = (progress: ImportProgress) => {
        if (id === runId.current) setStatus((s) => (s.kind === "running" ? { ...s, progress } : s));
      };
      // Made inside the promise, so that a channel refused outside a Tauri window is a failed
      // call like any other rather than an exception in a click handler.
      const importing = Promise.resolve().then(() => commands.importSales(request, progressChannel(onProgress)));
      const res = await call(withCancel(importing), request.dryRun ? `check ${file}` : `import ${file}`);
      if (!res.ok) {
        setStatus({ kind: "failed", error: res.error });
        return;
      }
      if (res.data === CANCELLED) {
        setStatus({ kind: "cancelled", dryRun: request.dryRun });
        return;
      }
      setResult({ request, report: res.data });
      setStatus({ kind: "idle" });
      if (!request.dryRun) await onImported();
    },
    [call, onImported],
  );

  const cancel = useCallback(async () => {
    setStatus((s) => (s.kind === "running" ? { ...s, cancelling: true, cancelError: null } : s));
    const res = await call(commands.cancelImport(), "cancel the import");
    if (!res.ok) {
      const error = res.error;
      setStatus((s) => (s.kind === "running" ? { ...s, cancelling: false, cancelError: error } : s));
    }
  }, [call]);

  /** Clears the last report and error, as a new check begins; a running import is left alone. */
  const reset = useCallback(() => {
    setResult(null);
    setStatus((s) => (s.kind === "running" ? s : { kind: "idle" }));
  }, []);

  return { status, result, run, cancel, reset };
}
