import { createContext, useContext } from "react";
import type { SessionInfo } from "../lib/ipc";

export interface SessionContextValue {
  session: SessionInfo;
  /** Ends the session in Rust and returns to the sign-in screen. */
  signOut: () => Promise<void>;
  /** Called when a command reports notAuthenticated: returns to sign-in without a round trip. */
  expire: () => void;
  /** Replaces the session after Rust opened a new one (a password change ends the old one). */
  renew: (session: SessionInfo) => void;
  /**
   * Applies the user's own preferences (settings they stored, or just saved) to this window:
   * they take the place of the account's language and zone until the user signs out.
   */
  prefer: (preferred: Preferred) => void;
}

/** A user's stored language and zone, where they differ from the account's. */
export interface Preferred {
  language?: string;
  timezone?: string;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside a signed-in shell");
  return value;
}

export function hasPermission(session: SessionInfo, permission: SessionInfo["permissions"][number]): boolean {
  return session.permissions.includes(permission);
}
