import { useCallback, useState } from "react";
import { type SeriesKey, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { STEP_ACTIONS, type WorkflowStep, stepNotice } from "./workflow";

export interface WorkflowState {
  /** The step under way. */
  busy: WorkflowStep | null;
  /** What the last step did. */
  notice: string | null;
  /** Why the last step was refused (Rust words an illegal move, e.g. approving a draft). */
  error: UserError | null;
}

const IDLE: WorkflowState = { busy: null, notice: null, error: null };

/**
 * Submits, approves or rejects series of a run, then `onDone` reads the changed data again.
 * `perform` resolves to the refusal (or null), so a dialog can keep it beside its field.
 */
export function useWorkflow(runId: string, onDone: () => Promise<void>) {
  const call = useCommandCall();
  const { locale } = useLocale();
  const [state, setState] = useState<WorkflowState>(IDLE);

  const perform = useCallback(
    async (step: WorkflowStep, series: SeriesKey[], reason = ""): Promise<UserError | null> => {
      setState({ busy: step, notice: null, error: null });
      const request =
        step === "submit"
          ? commands.submitForecasts(runId, series)
          : step === "approve"
            ? commands.approveForecasts(runId, series)
            : commands.rejectForecasts(runId, series, reason);
      const res = await call(request, STEP_ACTIONS[step], { reason: "Reason", status: "Status", series: "Series" });
      if (!res.ok) {
        // The reject dialog shows its own refusal, beside the reason.
        setState({ busy: null, notice: null, error: step === "reject" ? null : res.error });
        return res.error;
      }
      await onDone();
      setState({ busy: null, notice: stepNotice(step, series.length, res.data, locale), error: null });
      return null;
    },
    [call, runId, onDone, locale],
  );

  const clear = useCallback(() => setState(IDLE), []);

  return { ...state, perform, clear };
}
