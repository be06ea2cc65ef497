import { useCallback } from "react";
import { type AppError, type CommandResult, toAppError } from "../../lib/ipc";
import { type UserError, describeError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { useSession } from "../../shared/session";

export type CallResult<T> = { ok: true; data: T } | { ok: false; error: UserError; raw: AppError };

/**
 * Runs a catalog command and words its error; a lapsed session returns to sign-in. Unlike the
 * admin calls, the caller also gets what Rust sent (`raw`): a `stale` refusal carries who saved
 * first and when, which the editor shows next to both versions.
 */
export function useCatalogCall() {
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
