// Running a command that changes something, from a form: the data, or the error in words
// next to what Rust sent, so a form can put a field's message under that field and show a
// `stale` refusal's who and when. While the server cannot be reached nothing is changed: a
// refusal says that changes are disabled while offline.
import { useCallback } from "react";
import { type AppError, type CommandResult, toAppError } from "../lib/ipc";
import { useConnectivity } from "./connectivity";
import { type UserError, describeError } from "./errors";
import { useLocale } from "./locale";
import { useSession } from "./session";

export type CallResult<T> = { ok: true; data: T } | { ok: false; error: UserError; raw: AppError };

/**
 * The command to run: a function making the call (`() => commands.saveX(…)`), which is not
 * called at all while offline, or the call already made (`commands.saveX(…)`).
 */
export type CommandCall<T> = (() => Promise<CommandResult<T>>) | Promise<CommandResult<T>>;

/**
 * Runs a command and words its error; a lapsed session returns to sign-in. `raw` is the
 * AppError itself, for the fields of a kind (a validation's field, a stale change's author).
 *
 * Offline (`useConnectivity`), a call given as a function is not made: the answer is at once
 * an `offline` refusal. A call given as a promise was already sent by its caller, so its own
 * answer is awaited and returned: Rust refuses what needs the server with the same `offline`
 * kind, and what it could do alone (a local file, a restart) is not reported as refused
 * when it was done. Either way an `offline` refusal says that changes are disabled.
 */
export function useCommandCall() {
  const { locale, timeZone } = useLocale();
  const { expire } = useSession();
  const { online } = useConnectivity();
  return useCallback(
    async <T>(call: CommandCall<T>, action: string, fieldLabels?: Record<string, string>): Promise<CallResult<T>> => {
      const ctx = { locale, timeZone, action, change: true, ...(fieldLabels ? { fieldLabels } : {}) };
      if (!online && typeof call === "function") {
        const raw: AppError = { kind: "offline" };
        return { ok: false, error: describeError(raw, ctx), raw };
      }
      let raw: AppError;
      try {
        const res = await (typeof call === "function" ? call() : call);
        if (res.status === "ok") return { ok: true, data: res.data };
        raw = res.error;
      } catch (thrown) {
        // A call that never reached Rust rejects instead of returning a result.
        raw = toAppError(thrown);
      }
      const error = describeError(raw, ctx);
      if (error.signedOut) expire();
      return { ok: false, error, raw };
    },
    [locale, timeZone, expire, online],
  );
}
