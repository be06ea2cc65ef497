import { type AppError, toAppError } from "../lib/ipc";
import { capitalise, formatDateTime, formatNumber } from "./format";
import { permissionLabel } from "./permissions";

/** What the UI shows for an error; built from `kind` and its fields, never from message text. */
export interface UserError {
  kind: AppError["kind"];
  title: string;
  message: string;
  /** Form field to highlight (validation errors). */
  field?: string;
  /** The session is gone: the app returns to the sign-in screen. */
  signedOut?: boolean;
  /** Trying again may help (network, database). */
  retryable?: boolean;
}

export interface ErrorContext {
  locale: string;
  /** The user's IANA zone once known; the machine's zone before login. */
  timeZone?: string;
  /** Friendly names for form fields, by the field key Rust sends. */
  fieldLabels?: Record<string, string>;
  /** What was being done, e.g. "save the connection". */
  action?: string;
  /** On the sign-in form "not authenticated" means wrong credentials, not an expired session. */
  signingIn?: boolean;
  /** The call was to change something (a form's save): offline, that is disabled, not merely failed. */
  change?: boolean;
}

/** Splits camelCase/snake_case identifiers into words: "forecastApprove" → "forecast approve". */
export function humanize(identifier: string): string {
  return identifier
    .replace(/[._-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
}

/** The single place where AppError kinds become words. Add a case here when Rust adds a kind. */
export function describeError(raw: AppError, ctx: ErrorContext): UserError {
  // Tauri rejects with a bare string when a call never reached a command; normalise it so
  // the switch below only ever sees real AppError kinds.
  const error = toAppError(raw);
  const doing = ctx.action ? `Could not ${ctx.action}` : "Something went wrong";
  switch (error.kind) {
    case "notAuthenticated":
      if (ctx.signingIn) {
        // Deliberately vague: saying which of the two was wrong would confirm that a username exists.
        return { kind: error.kind, title: "Sign-in failed", message: "The username or password is incorrect." };
      }
      return { kind: error.kind, title: "Signed out", message: "Your session has ended. Sign in again to continue.", signedOut: true };
    case "lockedOut": {
      const when = formatDateTime(error.until, ctx.locale, ctx.timeZone);
      return {
        kind: error.kind,
        title: "Account locked",
        message: `Too many failed sign-in attempts. The account unlocks at ${when}, or an administrator can unlock it sooner.`,
      };
    }
    case "passwordChangeRequired":
      return {
        kind: error.kind,
        title: "New password needed",
        message: "An administrator reset your password. Choose a new one to continue.",
      };
    case "forbidden":
      return {
        kind: error.kind,
        title: "Not permitted",
        message: `Your role does not allow this (it needs the permission “${permissionLabel(error.permission)}”). Ask an administrator if you need access.`,
      };
    case "validation": {
      if (ctx.signingIn && error.field === "password") {
        // Rust reports wrong credentials on "password" whichever was wrong; say neither.
        return { kind: error.kind, title: "Sign-in failed", message: "The username or password is incorrect." };
      }
      if (error.field === "currentPassword") {
        // Rust words this as a failed sign-in ("wrong user name or password"); the forms that
        // send it do not ask for a user name, so only the password is named.
        return { kind: error.kind, title: "Check the form", message: "The current password is incorrect.", field: error.field };
      }
      const label = ctx.fieldLabels?.[error.field] ?? humanize(error.field);
      return { kind: error.kind, title: "Check the form", message: `${capitalise(label)}: ${error.message}`, field: error.field };
    }
    case "conflict":
      // Rust words the conflict and names the field (each feature's constraint table).
      return { kind: error.kind, title: "Already exists", message: `${capitalise(error.message)}.`, field: error.field ?? undefined };
    case "badRow": {
      // Imports are all or nothing (Rust's one transaction), so the first bad value is the
      // only thing to fix; the column is the file's own header, not a form label.
      const detail = error.message.trim().replace(/[.\s]+$/, "");
      return {
        kind: error.kind,
        title: "Check the file",
        message: `${error.file}, line ${formatNumber(error.line, ctx.locale)}, ${error.field}: ${detail}. Nothing from the file was saved.`,
      };
    }
    case "badFile":
      // The file as a whole (empty, no known layout, an unreadable workbook): nothing of it was saved.
      return {
        kind: error.kind,
        title: "Check the file",
        message: `${error.file}: ${error.message.trim().replace(/[.\s]+$/, "")}. Nothing from the file was saved.`,
      };
    case "cancelled":
      // Screens that offer Cancel say so themselves; this is for any other that meets it.
      return { kind: error.kind, title: "Cancelled", message: `${doing}: it was cancelled. Nothing of it was saved.` };
    case "stale": {
      // Optimistic concurrency: nothing was written, and the screen shows both versions.
      const who = error.changedBy ?? "Someone else";
      const when = formatDateTime(error.changedAt, ctx.locale, ctx.timeZone);
      return {
        kind: error.kind,
        title: "Changed by someone else",
        message: `${who} changed this ${humanize(error.entity)} at ${when}. Your changes are not saved yet: compare and choose.`,
      };
    }
    case "notFound":
      return { kind: error.kind, title: "Not found", message: `That ${humanize(error.entity)} no longer exists. Refresh and try again.` };
    case "offline":
      if (ctx.change) {
        // Reports still show the copies kept on this computer; nothing can be changed meanwhile.
        return {
          kind: error.kind,
          title: "Offline",
          message: `${doing}: the server cannot be reached, and changes are disabled while offline. Try again once it answers (check the network or VPN).`,
          retryable: true,
        };
      }
      return { kind: error.kind, title: "Database unreachable", message: `${doing}: the database cannot be reached. Check the network or VPN, then try again.`, retryable: true };
    case "file":
      return {
        kind: error.kind,
        title: "File not saved",
        // The OS's words name the cause (a full disk, a folder without write access).
        message: `${doing}: ${error.path} — ${error.message}.`,
        retryable: true,
      };
    case "keychainUnavailable":
      return {
        kind: error.kind,
        title: "Keychain unavailable",
        // Rust sends advice (what to install, start or unlock), never the driver's words.
        message: `${doing}. ${error.message}`,
        retryable: true,
      };
    case "database":
      return { kind: error.kind, title: "Database error", message: `${doing}: the database reported a problem. Try again; if it persists, contact IT.`, retryable: true };
    case "internal":
      return {
        kind: error.kind,
        title: "Unexpected error",
        message: `${doing}. Please report reference ${error.reference} to IT; the details are in the application log.`,
      };
    default:
      return assertNever(error);
  }
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
