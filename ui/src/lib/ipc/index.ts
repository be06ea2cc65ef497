// The only door from the UI to Rust. Components import commands, types and the error
// helpers from here; nothing else imports bindings.ts or @tauri-apps/*.
export * from "../../bindings";
import { Channel } from "@tauri-apps/api/core";
import type { AppError } from "../../bindings";

/**
 * The channel a long command reports on while it runs (a `Channel<T>` argument, such as
 * `importSales`'s progress): `onMessage` hears each message Rust sends, in order.
 */
export function progressChannel<T>(onMessage: (message: T) => void): Channel<T> {
  return new Channel<T>(onMessage);
}

/** What every generated command resolves to (tauri-specta's ErrorHandlingMode::Result). */
export type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/**
 * True for a value shaped like an AppError. Tauri itself rejects with a plain string when
 * a call never reached a command (unknown command, malformed arguments); those are not
 * AppErrors and `toAppError` turns them into `internal`.
 */
function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string";
}

/** Normalises anything a call rejected with into an AppError. */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return value;
  return { kind: "internal", reference: typeof value === "string" ? value.slice(0, 200) : "ipc" };
}
