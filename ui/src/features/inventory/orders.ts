// Replenishment orders' workflow in words: which moves a user may make on an order, whether
// its value is within their approval limit, and what a move did. Pure, so the rules are
// tested without a window; Rust enforces the same rules on every move.

import type { ApprovalLimit, ReplenishmentOrder, ReplenishmentStatus } from "../../lib/ipc";
import { compareDecimal } from "../../shared/format";
import { baseMoney } from "./items";

export const ORDER_STATUSES: readonly ReplenishmentStatus[] = ["draft", "submitted", "approved", "rejected", "implemented"];

const STATUS_LABELS: Record<ReplenishmentStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  approved: "Approved",
  rejected: "Rejected",
  implemented: "In production",
};

export function orderStatusLabel(status: ReplenishmentStatus): string {
  return STATUS_LABELS[status];
}

/** Settled is good, sent back is bad, waiting for an approver needs attention. */
export function orderStatusTone(status: ReplenishmentStatus): string {
  switch (status) {
    case "approved":
    case "implemented":
      return "tag-ok";
    case "rejected":
      return "tag-bad";
    case "submitted":
      return "tag-warn";
    case "draft":
      return "";
  }
}

export type OrderAction = "submit" | "approve" | "reject";

/** The state each action moves an order to. */
export const ACTION_TARGET: Record<OrderAction, ReplenishmentStatus> = { submit: "submitted", approve: "approved", reject: "rejected" };

/** "Could not …" of a refused action. */
export const ACTION_DOING: Record<OrderAction, string> = {
  submit: "submit the order",
  approve: "approve the order",
  reject: "reject the order",
};

/**
 * The moves a user may make on an order in `status`: planners (forecast.run) submit drafts and
 * rejected orders, approvers (forecast.approve) approve or reject submitted ones. An approved
 * order moves on when its production job starts, not from here.
 */
export function orderActions(status: ReplenishmentStatus, can: { run: boolean; approve: boolean }): OrderAction[] {
  switch (status) {
    case "draft":
    case "rejected":
      return can.run ? ["submit"] : [];
    case "submitted":
      return can.approve ? ["approve", "reject"] : [];
    case "approved":
    case "implemented":
      return [];
  }
}

/** The order is worth more than the user may approve (no limit means any value). */
export function aboveLimit(value: string, limit: ApprovalLimit | undefined): boolean {
  return limit?.limit != null && compareDecimal(value, limit.limit) > 0;
}

/** What the user may approve, in a sentence. */
export function limitText(limit: ApprovalLimit, locale: string): string {
  if (!limit.canApprove) return "Your role cannot approve replenishment orders.";
  if (limit.limit === null) return "You may approve replenishment orders of any value.";
  return `You may approve replenishment orders worth up to ${baseMoney(limit.limit, limit.currency, locale)}.`;
}

/** Why Approve is unavailable for an order above the limit. */
export function aboveLimitText(limit: ApprovalLimit, locale: string): string {
  return `Above your approval limit of ${baseMoney(limit.limit ?? "0", limit.currency, locale)}: an approver with a higher limit must approve it.`;
}

/** What an action did, from the order as Rust returned it. */
export function decisionNotice(order: ReplenishmentOrder, action: OrderAction): string {
  switch (action) {
    case "submit":
      return `${order.orderNumber} submitted for approval.`;
    case "approve":
      return order.jobNumber
        ? `${order.orderNumber} approved; production job ${order.jobNumber} is booked.`
        : `${order.orderNumber} approved.`;
    case "reject":
      return `${order.orderNumber} sent back to the planner.`;
  }
}
