// Production jobs in words and their legal moves. Pure, so the rules are tested without a
// window; Rust refuses any other move anyway.

import type { JobStatus } from "../../lib/ipc";

const STATUS_LABELS: Record<JobStatus, string> = {
  pending: "Pending",
  active: "In production",
  completed: "Completed",
  cancelled: "Cancelled",
};

export function jobStatusLabel(status: JobStatus): string {
  return STATUS_LABELS[status];
}

/** Running stands out, finished is good, abandoned is greyed. */
export function jobStatusTone(status: JobStatus): string {
  switch (status) {
    case "pending":
      return "";
    case "active":
      return "tag-info";
    case "completed":
      return "tag-ok";
    case "cancelled":
      return "tag-muted";
  }
}

export type JobMove = "start" | "complete" | "cancel";

/** The state each move takes a job to. */
export const MOVE_TARGET: Record<JobMove, JobStatus> = { start: "active", complete: "completed", cancel: "cancelled" };

export const MOVE_LABELS: Record<JobMove, string> = { start: "Start", complete: "Complete", cancel: "Cancel…" };

/** "Could not …" of a refused move. */
export const MOVE_DOING: Record<JobMove, string> = {
  start: "start the job",
  complete: "complete the job",
  cancel: "cancel the job",
};

const MOVE_DONE: Record<JobMove, string> = { start: "started", complete: "completed", cancel: "cancelled" };

/** A job is started, then completed; until it is completed it can be cancelled. Finished jobs stay as they are. */
export function jobMoves(status: JobStatus): JobMove[] {
  switch (status) {
    case "pending":
      return ["start", "cancel"];
    case "active":
      return ["complete", "cancel"];
    case "completed":
    case "cancelled":
      return [];
  }
}

/** What a move did: "J-000123 started; RO-000045 is now in production." */
export function moveNotice(job: { jobNumber: string; orderNumber: string | null }, move: JobMove): string {
  const done = `${job.jobNumber} ${MOVE_DONE[move]}`;
  // Starting the job of a replenishment order implements the order (Rust moves both at once).
  return move === "start" && job.orderNumber ? `${done}; ${job.orderNumber} is now in production.` : `${done}.`;
}
