// Running a command that changes something, from a form: the data, or the error in words
// next to what Rust sent, so a form can put a field's message under that field and show a
// `stale` refusal's who and when.
import { useCallback } from "react";
import { type AppError, type CommandResult, toAppError } from "../lib/ipc";
import { type UserError, describeError } from "./errors";
import { useLocale } from "./locale";
import { useSession } from "./session";

export type CallResult<T> = { ok: true; data: T } | { ok: false; error: UserError; raw: AppError };

/**
 * Runs a command and words its error; a lapsed session returns to sign-in. `raw` is the
 * AppError itself, for the fields of a kind (a validation's field, a stale change's author).
 */
export function useCommandCall() {
  const { locale, timeZone } = useLocale();
  const { expire } = useSession();
  return useCallback(
    async <T>(call: Promise<CommandResult<T>>, action: string, fieldLabels?: Record<string, string>): Promise<CallResult<T>> => {
      let raw: AppError;
      try {
        const res = await call;
        if (res.status === "ok") return { ok: true, data: res.data };
        raw = res.error;
      } catch (thrown) {
        // A call that never reached Rust rejects instead of returning a result.
        raw = toAppError(thrown);
      }
      const error = describeError(raw, { locale, timeZone, action, ...(fieldLabels ? { fieldLabels } : {}) });
      if (error.signedOut) expire();
      return { ok: false, error, raw };
    },
    [locale, timeZone, expire],
  );
}
