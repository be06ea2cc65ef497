// The approval workflow's steps in words. Pure, so the wording is tested without a window.

import { formatNumber } from "../../shared/format";
import { seriesText } from "./figures";

export type WorkflowStep = "submit" | "approve" | "reject";

export const STEP_ACTIONS: Record<WorkflowStep, string> = {
  submit: "submit the forecasts for approval",
  approve: "approve the forecasts",
  reject: "reject the forecasts",
};

const VERBS: Record<WorkflowStep, string> = {
  submit: "submit",
  approve: "approve",
  reject: "send back",
};

const DONE: Record<WorkflowStep, string> = {
  submit: "Submitted for approval",
  approve: "Approved",
  reject: "Sent back",
};

/** What a step did: "Approved 3 series (36 forecast periods)." */
export function stepNotice(step: WorkflowStep, series: number, rows: number, locale: string): string {
  if (rows === 0) return `Nothing changed: the chosen series had no forecasts to ${VERBS[step]}.`;
  const periods = `${formatNumber(rows, locale)} forecast period${rows === 1 ? "" : "s"}`;
  return `${DONE[step]}: ${seriesText(series, locale)} (${periods}).`;
}
