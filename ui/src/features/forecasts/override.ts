// The override form's rules, checked before anything is sent; Rust checks them again and
// names the field it refuses. Pure, so it is tested without a window.

import type { ForecastPoint, OverrideRequest } from "../../lib/ipc";

/** The most units one period may be set to: far above any real demand, well inside i32. */
export const MAX_OVERRIDE = 10_000_000;

export interface OverrideFields {
  value: string;
  reason: string;
}

export type OverrideErrors = Partial<Record<keyof OverrideFields, string>>;

/** The units and the trimmed reason the form holds, or what is wrong with each field. */
export function checkOverride(fields: OverrideFields, max = MAX_OVERRIDE): { value: number; reason: string } | { errors: OverrideErrors } {
  const errors: OverrideErrors = {};
  const typed = fields.value.trim();
  if (!typed) errors.value = "Enter the units for this period.";
  else if (!/^\d+$/.test(typed)) errors.value = "Enter a whole number of units, 0 or more.";
  else if (Number(typed) > max) errors.value = "That is more units than a period can hold.";
  const reason = fields.reason.trim();
  if (!reason) errors.reason = "Say why, e.g. “promotion planned” or “listing paused”.";
  if (errors.value || errors.reason) return { errors };
  return { value: Number(typed), reason };
}

/**
 * The request the form asks for, or what is wrong with each field. It names the status the
 * planner saw, so that Rust refuses it as stale if the period was submitted, approved or
 * rejected meanwhile (a change queued offline may reach the server much later).
 */
export function toOverrideRequest(
  point: Pick<ForecastPoint, "id" | "status">,
  fields: OverrideFields,
): { request: OverrideRequest } | { errors: OverrideErrors } {
  const checked = checkOverride(fields);
  return "errors" in checked ? checked : { request: { forecastId: point.id, ...checked, seenStatus: point.status } };
}

/** The value the form starts from: the period's current value, rounded to whole units. */
export function initialOverrideValue(value: number | null): string {
  return value == null || !Number.isFinite(value) ? "" : String(Math.max(0, Math.round(value)));
}
