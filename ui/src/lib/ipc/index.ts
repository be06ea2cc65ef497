// The only door from the UI to Rust. Components import commands, types and the error
// helpers from here; nothing else imports bindings.ts or @tauri-apps/*.
export * from "../../bindings";
import type { AppError, Permission } from "../../bindings";

/** The result shape every command returns (ErrorHandlingMode::Result). */
export type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/**
 * True for a value shaped like an AppError. Tauri itself rejects with a plain string when
 * a call never reached a command (unknown command, malformed arguments); those are not
 * AppErrors and `toAppError` turns them into `internal`.
 */
export function isAppError(value: unknown): value is AppError {
  return typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string";
}

/** Normalises anything a call rejected with into an AppError. */
export function toAppError(value: unknown): AppError {
  if (isAppError(value)) return value;
  return { kind: "internal", reference: typeof value === "string" ? value.slice(0, 200) : "ipc" };
}

const permissionLabels: Record<Permission, string> = {
  "dashboard.view": "view the dashboard",
  "data.export": "export data",
  "data.import": "import data",
  "forecast.run": "run forecasts",
  "forecast.approve": "approve forecasts and plans",
  "working_capital.view": "view working capital",
  "scenario.edit": "edit scenarios",
  "layout.save": "save layouts",
  "admin.view": "open the admin pages",
  "users.manage": "manage users",
  "audit.view": "read the audit log",
  "settings.manage": "change settings",
};

/** A human sentence for a permission key. */
export function permissionLabel(permission: Permission): string {
  return permissionLabels[permission];
}

/**
 * The English sentence for an error, built from its kind and fields (never by parsing a
 * message). `formatInstant` formats `lockedOut.until` in the user's locale and zone.
 */
export function errorMessage(error: AppError, formatInstant: (iso: string) => string = (iso) => iso): string {
  switch (error.kind) {
    case "notAuthenticated":
      return "Please sign in.";
    case "lockedOut":
      return `This account is locked after too many failed sign-ins. Try again after ${formatInstant(error.until)} or ask an administrator to unlock it.`;
    case "forbidden":
      return `Your role does not allow you to ${permissionLabel(error.permission)}.`;
    case "passwordChangeRequired":
      return "Your password was reset by an administrator: choose a new one.";
    case "validation":
      return error.message;
    case "conflict":
      return error.message;
    case "notFound":
      return `The ${error.entity} was not found.`;
    case "offline":
      return "The database cannot be reached. Check the connection settings or your network.";
    case "keychainUnavailable":
      return `The system keychain is unavailable: ${error.message}`;
    case "database":
      return error.message;
    case "internal":
      return `Something went wrong. Quote reference ${error.reference} to support.`;
    default: {
      const unreachable: never = error;
      return String(unreachable);
    }
  }
}

/** Unwraps a command result or throws the AppError (for code paths that prefer throw). */
export function unwrap<T>(result: CommandResult<T>): T {
  if (result.status === "ok") return result.data;
  throw result.error;
}
