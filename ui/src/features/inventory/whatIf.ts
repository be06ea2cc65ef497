// The "what if" inputs of an item's plan: lead time and cycle service level as typed, checked
// and turned into a projection request. Pure, so the rules are tested without a window.

import type { InventoryItem, PlanFigures, ProjectionRequest } from "../../lib/ipc";
import { compareDecimal, shiftDecimal } from "../../shared/format";

/** The form as typed: lead time in days, cycle service level in percent ("95", "97.5"). */
export interface WhatIfFields {
  leadTime: string;
  serviceLevel: string;
}

export type WhatIfErrors = Partial<Record<keyof WhatIfFields, string>>;

// Rust plans with 1–365 days and a level from 50 % up to (not including) 100 %.
const MAX_LEAD_TIME = 365;
const LEAD_TIME_RE = /^\d{1,3}$/;
const LEVEL_RE = /^\d{1,2}(\.\d{1,2})?$/;

export const LEAD_TIME_HINT = `Whole days, 1–${MAX_LEAD_TIME}. Empty: the product's own.`;
export const SERVICE_LEVEL_HINT = "50–99.99: the chance of not running out before an order arrives. Empty: the class target.";

/** The inputs the plan was made with, as the form shows them. */
export function fieldsFromPlan(plan: Pick<PlanFigures, "leadTimeDays" | "serviceLevel">): WhatIfFields {
  return {
    leadTime: String(plan.leadTimeDays),
    // Two decimals at most, as typed; toFixed keeps 0.9 × 100 from reading 90.00000000000001.
    serviceLevel: plan.serviceLevel == null ? "" : String(Number((plan.serviceLevel * 100).toFixed(2))),
  };
}

/**
 * The request for `item` under the typed inputs, or what is wrong with them. An input left
 * empty, or equal to what the plan was made with (`baseline`), is sent as absent, so the
 * plan's own figures are asked for (and come from the cache) rather than a copy of them.
 */
export function toProjectionRequest(
  item: Pick<InventoryItem, "productId" | "location">,
  fields: WhatIfFields,
  baseline: WhatIfFields | null,
): { request: ProjectionRequest } | { errors: WhatIfErrors } {
  const errors: WhatIfErrors = {};
  const lead = fields.leadTime.trim();
  const level = fields.serviceLevel.trim();
  let leadTimeDays: number | null = null;
  if (lead !== "") {
    const days = Number(lead);
    if (!LEAD_TIME_RE.test(lead) || days < 1 || days > MAX_LEAD_TIME) errors.leadTime = `Enter whole days from 1 to ${MAX_LEAD_TIME}.`;
    else if (baseline === null || Number(baseline.leadTime) !== days) leadTimeDays = days;
  }
  let serviceLevel: string | null = null;
  if (level !== "") {
    if (!LEVEL_RE.test(level) || compareDecimal(level, "50") < 0 || compareDecimal(level, "99.99") > 0) {
      errors.serviceLevel = "Enter a percentage from 50 to 99.99.";
    } else if (baseline === null || baseline.serviceLevel === "" || compareDecimal(level, baseline.serviceLevel) !== 0) {
      serviceLevel = shiftDecimal(level, -2);
    }
  }
  if (errors.leadTime || errors.serviceLevel) return { errors };
  return { request: { productId: item.productId, location: item.location, leadTimeDays, serviceLevel } };
}
