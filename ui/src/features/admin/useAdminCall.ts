import { useCallback } from "react";
import type { CommandResult } from "../../lib/ipc";
import { type UserError, describeError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { useSession } from "../../shared/session";

/**
 * Runs an admin command and turns its error into user text; a lapsed session returns to
 * sign-in. Resolves to the data, or to a UserError for the caller to show next to the form.
 */
export function useAdminCall() {
  const { locale, timeZone } = useLocale();
  const { expire } = useSession();
  return useCallback(
    async <T,>(call: Promise<CommandResult<T>>, action: string, fieldLabels?: Record<string, string>): Promise<{ ok: true; data: T } | { ok: false; error: UserError }> => {
      const res = await call;
      if (res.status === "ok") return { ok: true, data: res.data };
      const error = describeError(res.error, { locale, timeZone, action, ...(fieldLabels ? { fieldLabels } : {}) });
      if (error.signedOut) expire();
      return { ok: false, error };
    },
    [locale, timeZone, expire],
  );
}
