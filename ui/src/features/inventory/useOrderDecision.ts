import { useCallback, useState } from "react";
import { type ReplenishmentOrder, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { ACTION_DOING, ACTION_TARGET, type OrderAction, decisionNotice } from "./orders";

export interface DecisionState {
  /** The order and action under way. */
  busy: { id: string; action: OrderAction } | null;
  /** What the last action did. */
  notice: string | null;
  /** The last refusal, by order id, shown beside that order's buttons. */
  errors: Record<string, UserError>;
}

/**
 * Submits, approves or rejects an order at the version the screen showed (`rowVersion`), then
 * `onDone` reads the orders again, after a refusal too: a stale or already-moved order then
 * shows its current state. `perform` resolves to the refusal (or null), so the reject dialog
 * can keep it beside the comment.
 */
export function useOrderDecision(onDone: () => Promise<void>) {
  const call = useCommandCall();
  const [state, setState] = useState<DecisionState>({ busy: null, notice: null, errors: {} });

  const perform = useCallback(
    async (order: ReplenishmentOrder, action: OrderAction, comment: string | null = null): Promise<UserError | null> => {
      setState((s) => ({ busy: { id: order.id, action }, notice: null, errors: without(s.errors, order.id) }));
      const res = await call(
        commands.decideReplenishmentOrder({ id: order.id, rowVersion: order.rowVersion, to: ACTION_TARGET[action], comment }),
        ACTION_DOING[action],
        { comment: "Comment", to: "Status" },
      );
      await onDone();
      if (!res.ok) {
        const error = res.error;
        // The reject dialog shows its own refusal, beside the comment.
        setState((s) => ({ ...s, busy: null, errors: action === "reject" ? s.errors : { ...s.errors, [order.id]: error } }));
        return error;
      }
      setState((s) => ({ ...s, busy: null, notice: decisionNotice(res.data, action) }));
      return null;
    },
    [call, onDone],
  );

  return { ...state, perform };
}

function without(errors: Record<string, UserError>, id: string): Record<string, UserError> {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => key !== id));
}
