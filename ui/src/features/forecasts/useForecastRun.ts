import { useCallback, useRef, useState } from "react";
import { type ForecastRun, type RunProgress, type RunRequest, commands, progressChannel } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { CANCELLED, withCancel } from "../../shared/cancel";

export type RunStatus =
  | { kind: "idle" }
  | {
      kind: "running";
      /** The last progress message; none until the first arrives. */
      progress: RunProgress | null;
      cancelling: boolean;
      /** Asking Rust to stop failed (the run carries on). */
      cancelError: UserError | null;
    }
  | { kind: "finished"; run: ForecastRun }
  | { kind: "cancelled" }
  | { kind: "failed"; error: UserError };

/**
 * Runs a forecast and follows it: the progress Rust sends on the call's channel, a cancel,
 * and the finished run, which `onFinished` receives (the screen lists and opens it).
 */
export function useForecastRun(onFinished: (run: ForecastRun) => Promise<void> | void) {
  const call = useCommandCall();
  const [status, setStatus] = useState<RunStatus>({ kind: "idle" });
  // Each run has its own progress channel; a late message of an earlier run is not this one's.
  const runNumber = useRef(0);

  const run = useCallback(
    async (request: RunRequest) => {
      const id = ++runNumber.current;
      setStatus({ kind: "running", progress: null, cancelling: false, cancelError: null });
      const onProgress = (progress: RunProgress) => {
        if (id === runNumber.current) setStatus((s) => (s.kind === "running" ? { ...s, progress } : s));
      };
      // Made inside the promise, so that a channel refused outside a Tauri window is a failed
      // call like any other rather than an exception in a click handler.
      const running = Promise.resolve().then(() => commands.runForecast(request, progressChannel(onProgress)));
      const res = await call(withCancel(running), "run the forecast", { horizon: "Horizon", model: "Model", scope: "Scope", reconciliation: "Totals" });
      if (!res.ok) {
        setStatus({ kind: "failed", error: res.error });
        return;
      }
      if (res.data === CANCELLED) {
        setStatus({ kind: "cancelled" });
        return;
      }
      await onFinished(res.data);
      setStatus({ kind: "finished", run: res.data });
    },
    [call, onFinished],
  );

  const cancel = useCallback(async () => {
    setStatus((s) => (s.kind === "running" ? { ...s, cancelling: true, cancelError: null } : s));
    const res = await call(commands.cancelForecastRun(), "cancel the forecast run");
    if (!res.ok) {
      const error = res.error;
      setStatus((s) => (s.kind === "running" ? { ...s, cancelling: false, cancelError: error } : s));
    }
  }, [call]);

  return { status, run, cancel };
}
