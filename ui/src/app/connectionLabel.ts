import type { ConnectionSettings } from "../lib/ipc";

/** "user@host:port/database" — never the password, which the webview does not have. */
export function connectionLabel(c: ConnectionSettings | null): string | null {
  return c ? `${c.user}@${c.host}:${c.port}/${c.database}` : null;
}
