import type { CommandResult } from "../lib/ipc";

/** What a cancelled long job (an import, a forecast run) resolves to in place of its result. */
export const CANCELLED: unique symbol = Symbol("cancelled");
export type Cancelled = typeof CANCELLED;

function isCancelled(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "cancelled";
}

/**
 * A cancelled job is not a failure: Rust answers `cancelled` once it has stopped (and
 * written nothing), and the screen says so instead of showing an error. Everything else
 * passes through to be worded as usual.
 */
export async function withCancel<T>(call: Promise<CommandResult<T>>): Promise<CommandResult<T | Cancelled>> {
  let result: CommandResult<T>;
  try {
    result = await call;
  } catch (thrown) {
    if (isCancelled(thrown)) return { status: "ok", data: CANCELLED };
    throw thrown;
  }
  if (result.status === "error" && isCancelled(result.error)) return { status: "ok", data: CANCELLED };
  return result;
}
