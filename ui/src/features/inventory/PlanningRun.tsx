import { useCallback, useState } from "react";
import { type PlanSummary, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { Button, ErrorBanner } from "../../shared/ui";
import { planSummaryText, sourcesText } from "./items";

export type PlanningState =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; summary: PlanSummary }
  | { kind: "failed"; error: UserError };

/** Plans every item (safety stock, reorder point, order quantity, draft orders); `onDone` reads the items again. */
export function usePlanningRun(onDone: () => Promise<void>) {
  const call = useCommandCall();
  const [state, setState] = useState<PlanningState>({ kind: "idle" });
  const run = useCallback(async () => {
    setState({ kind: "running" });
    const res = await call(() => commands.planInventory(), "plan the inventory");
    if (!res.ok) {
      setState({ kind: "failed", error: res.error });
      return;
    }
    await onDone();
    setState({ kind: "done", summary: res.data });
  }, [call, onDone]);
  return { state, run };
}

export function RunPlanningButton({ state, onRun, variant = "secondary" }: { state: PlanningState; onRun: () => void; variant?: "primary" | "secondary" }) {
  return (
    <Button variant={variant} onClick={onRun} busy={state.kind === "running"} data-testid="inventory-run-planning">
      {state.kind === "running" ? "Planning…" : "Run planning"}
    </Button>
  );
}

/** A running plan, what the last one did (and what it could not plan as asked), or why it failed. */
export function PlanningOutcome({ state }: { state: PlanningState }) {
  const { locale } = useLocale();
  switch (state.kind) {
    case "idle":
      return null;
    case "running":
      return (
        <p className="banner banner-info" role="status" aria-busy="true" data-testid="inventory-planning">
          <span className="spinner" aria-hidden="true" /> Planning every item from its forecast or recent sales…
        </p>
      );
    case "failed":
      return <ErrorBanner error={state.error} testId="inventory-plan-error" />;
    case "done":
      return (
        <div className="banner banner-success" role="status" data-testid="inventory-plan-summary">
          <p>
            <strong>{planSummaryText(state.summary, locale)}</strong>
          </p>
          <p data-testid="inventory-plan-sources">Demand from: {sourcesText(state.summary, locale)}.</p>
          {state.summary.warnings.length > 0 ? (
            <ul data-testid="inventory-plan-warnings">
              {state.summary.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      );
  }
}
