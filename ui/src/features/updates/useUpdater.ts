import { useCallback, useEffect, useRef, useState } from "react";
import { type UpdateCheck, type UpdateProgress, commands, progressChannel, toAppError } from "../../lib/ipc";
import { type CallResult, useCommandCall } from "../../shared/call";
import { CHECK_INTERVAL_MS, type InstallState, advance, refusalText } from "./updates";

export interface Updater {
  /** What the last check that succeeded found; null until one has. */
  check: UpdateCheck | null;
  /** The user chose Later: nothing shows until the next check. */
  hidden: boolean;
  install: InstallState;
  /** Downloads, verifies and installs the release the check found. */
  startInstall: () => Promise<void>;
  restart: () => Promise<void>;
  /** Later: hides the banner until the next check. */
  later: () => void;
}

function failure(res: Extract<CallResult<unknown>, { ok: false }>): string {
  return refusalText(res.raw, res.error.message);
}

/**
 * Looks for a newer release while someone is signed in (the shell lives only then): once
 * now, then every six hours. A check that fails is logged and tried again at the next
 * interval; it never shows an error. No check runs once an install has begun (it would only
 * find the release being installed).
 */
export function useUpdater(): Updater {
  const call = useCommandCall();
  const [check, setCheck] = useState<UpdateCheck | null>(null);
  const [hidden, setHidden] = useState(false);
  const [install, setInstall] = useState<InstallState>({ kind: "idle" });
  // Read by the timer, so kept out of render: an install has begun (and not failed).
  const installing = useRef(false);
  // Each install has its own progress channel; a late message of an earlier one is not this one's.
  const installNumber = useRef(0);

  useEffect(() => {
    let stopped = false;
    const look = async () => {
      if (installing.current) return;
      try {
        const res = await commands.checkForUpdate();
        if (stopped || installing.current) return;
        if (res.status === "error") {
          console.warn("Update check failed; trying again later", res.error);
          return;
        }
        setCheck(res.data);
        setHidden(false);
        // A new check offers the install afresh, without the last attempt's error.
        setInstall((s) => (s.kind === "failed" ? { kind: "idle" } : s));
      } catch (thrown) {
        // A call that never reached Rust rejects instead of returning a result.
        if (!stopped) console.warn("Update check failed; trying again later", toAppError(thrown));
      }
    };
    void look();
    const timer = setInterval(() => void look(), CHECK_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const version = check?.available?.version ?? null;

  const startInstall = useCallback(async () => {
    if (!version) return;
    const id = ++installNumber.current;
    installing.current = true;
    setInstall({ kind: "downloading", received: 0, total: null });
    const onProgress = (message: UpdateProgress) => {
      if (id === installNumber.current) setInstall((s) => advance(s, message));
    };
    // Made inside the promise, so that a channel refused outside a Tauri window is a failed
    // call like any other rather than an exception in a click handler.
    const running = Promise.resolve().then(() => commands.installUpdate(version, progressChannel(onProgress)));
    const res = await call(running, "install the update");
    if (id !== installNumber.current) return;
    if (!res.ok) {
      installing.current = false;
      setInstall({ kind: "failed", message: failure(res) });
      return;
    }
    setInstall((s) => (s.kind === "installed" ? s : { kind: "installed", restarting: false, error: null }));
  }, [call, version]);

  const restart = useCallback(async () => {
    setInstall((s) => (s.kind === "installed" ? { ...s, restarting: true, error: null } : s));
    // On success the app restarts and this never returns.
    const res = await call(commands.restartApp(), "restart Sentia");
    const error = res.ok ? null : failure(res);
    setInstall((s) => (s.kind === "installed" ? { ...s, restarting: false, error } : s));
  }, [call]);

  const later = useCallback(() => {
    setHidden(true);
    setInstall((s) => (s.kind === "failed" ? { kind: "idle" } : s));
  }, []);

  return { check, hidden, install, startInstall, restart, later };
}
