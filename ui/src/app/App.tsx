import { QueryClientProvider } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { HashRouter } from "react-router";
import { commands, toAppError, type AppInfo, type ConnectionSettings, type SessionInfo } from "../lib/ipc";
import { LoginScreen } from "../features/auth/LoginScreen";
import { ConnectionWizard } from "../features/connection/ConnectionWizard";
import { type UserError, describeError } from "../shared/errors";
import { LocaleContext, machineLocale, safeLocale, safeTimeZone } from "../shared/locale";
import { createQueryClient } from "../shared/query";
import { type Preferred, SessionContext, type SessionContextValue } from "../shared/session";
import { Button, ErrorBanner, Loading } from "../shared/ui";
import { AppShell } from "./AppShell";
import { connectionLabel } from "./connectionLabel";

type Phase =
  | { kind: "loading" }
  | { kind: "failed"; error: UserError }
  | { kind: "wizard"; canCancel: boolean }
  | { kind: "login"; notice?: string }
  | { kind: "app"; session: SessionInfo; preferred?: Preferred };

/** Decides the first screen: connection wizard, sign-in, or the app for a live session. */
export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [connection, setConnection] = useState<ConnectionSettings | null>(null);
  const [queryClient] = useState(createQueryClient);

  const boot = useCallback(async () => {
    setPhase({ kind: "loading" });
    const bootSteps = async () => {
      const infoRes = await commands.appInfo();
      if (infoRes.status === "error") {
        setPhase({ kind: "failed", error: describeError(infoRes.error, { ...machineLocale(), action: "start" }) });
        return;
      }
      const appInfo = infoRes.data;
      setInfo(appInfo);
      if (!appInfo.connectionConfigured) {
        setPhase({ kind: "wizard", canCancel: false });
        return;
      }
      const conn = await commands.getConnection();
      if (conn.status === "ok") setConnection(conn.data);
      // IT provisioned host, database and user; the password is still entered once, here.
      if (conn.status === "ok" && conn.data?.provisioned && !conn.data.hasPassword) {
        setPhase({ kind: "wizard", canCancel: false });
        return;
      }
      const current = await commands.currentSession();
      if (current.status === "error") {
        const error = describeError(current.error, { ...machineLocale(), action: "reach the database" });
        setPhase(error.signedOut ? { kind: "login" } : { kind: "failed", error });
        return;
      }
      setPhase(current.data ? { kind: "app", session: current.data } : { kind: "login" });
    };
    try {
      await bootSteps();
    } catch (e) {
      // A call that never reached Rust (IPC unavailable) rejects instead of returning a result.
      setPhase({ kind: "failed", error: describeError(toAppError(e), { ...machineLocale(), action: "start" }) });
    }
  }, []);

  useEffect(() => {
    // Async boot: state is set after the IPC round trips, not synchronously in the effect.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void boot();
  }, [boot]);

  const locale = useMemo(
    () =>
      phase.kind === "app"
        ? {
            locale: safeLocale(phase.preferred?.language ?? phase.session.language),
            timeZone: safeTimeZone(phase.preferred?.timezone) ?? safeTimeZone(phase.session.timezone),
          }
        : machineLocale(),
    [phase],
  );

  // The user's own preferences outrank the account's language and zone until sign-out (a new
  // phase starts without them). Applying the same ones again changes nothing, so callers may
  // apply them whenever they read them.
  const prefer = useCallback((next: Preferred) => {
    setPhase((p) => {
      if (p.kind !== "app") return p;
      const merged = { ...p.preferred, ...next };
      if (merged.language === p.preferred?.language && merged.timezone === p.preferred?.timezone) return p;
      return { ...p, preferred: merged };
    });
  }, []);

  const sessionValue = useMemo<SessionContextValue | null>(() => {
    if (phase.kind !== "app") return null;
    return {
      session: phase.session,
      signOut: async () => {
        await commands.logout();
        // View state such as dashboard filters, and the screen last open, belong to this
        // user, not the next one: the next sign-in starts on the dashboard.
        window.sessionStorage.clear();
        window.location.hash = "#/";
        setPhase({ kind: "login" });
      },
      expire: () => setPhase({ kind: "login", notice: "Your session has ended. Sign in again to continue." }),
      // A new session from Rust (after a password change) keeps the preferences applied.
      renew: (session) => setPhase((p) => ({ kind: "app", session, ...(p.kind === "app" && p.preferred ? { preferred: p.preferred } : {}) })),
      prefer,
    };
  }, [phase, prefer]);

  // Sessions last 4–8 hours by role; Rust refuses commands after expiresAt, and the UI
  // returns to sign-in at that moment instead of waiting for the next failed call.
  const expiresAt = phase.kind === "app" ? phase.session.expiresAt : null;
  useEffect(() => {
    if (!expiresAt) return;
    const ms = Date.parse(expiresAt) - Date.now();
    if (Number.isNaN(ms)) return;
    const timer = window.setTimeout(
      () => setPhase({ kind: "login", notice: "Your session has ended. Sign in again to continue." }),
      Math.max(0, Math.min(ms, 2_147_000_000)),
    );
    return () => window.clearTimeout(timer);
  }, [expiresAt]);

  useEffect(() => {
    document.documentElement.lang = locale.locale;
  }, [locale.locale]);

  // What screens loaded belongs to the user who was signed in (users, audit log, figures):
  // nothing of it may show to the next one, so it is dropped whenever nobody is signed in.
  const signedIn = phase.kind === "app";
  useEffect(() => {
    if (!signedIn) queryClient.clear();
  }, [signedIn, queryClient]);

  let content;
  switch (phase.kind) {
    case "loading":
      content = (
        <div className="centered-page">
          <Loading label="Starting Sentia…" />
        </div>
      );
      break;
    case "failed":
      content = (
        <div className="centered-page">
          <main className="card" aria-labelledby="failed-title">
            <h1 id="failed-title">Sentia cannot start</h1>
            <ErrorBanner error={phase.error} />
            <div className="form-actions">
              <Button variant="primary" onClick={() => void boot()}>
                Try again
              </Button>
              {connection?.provisioned && connection.hasPassword ? null : (
                <Button onClick={() => setPhase({ kind: "wizard", canCancel: true })}>Change connection</Button>
              )}
            </div>
          </main>
        </div>
      );
      break;
    case "wizard":
      content = (
        <ConnectionWizard
          onSaved={(settings) => {
            setConnection(settings);
            setInfo((i) => (i ? { ...i, connectionConfigured: true } : i));
            setPhase({ kind: "login" });
          }}
          {...(phase.canCancel ? { onCancel: () => setPhase({ kind: "login" }) } : {})}
        />
      );
      break;
    case "login":
      content = (
        <LoginScreen
          onSignedIn={(session) => setPhase({ kind: "app", session })}
          notice={phase.notice ?? null}
          connectionLabel={connectionLabel(connection)}
          version={info?.version ?? null}
          {...(connection?.provisioned && connection.hasPassword
            ? {}
            : { onChangeConnection: () => setPhase({ kind: "wizard", canCancel: true }) })}
        />
      );
      break;
    case "app":
      content = (
        <SessionContext.Provider value={sessionValue}>
          <HashRouter>
            <AppShell connection={connection} version={info?.version ?? null} />
          </HashRouter>
        </SessionContext.Provider>
      );
      break;
  }

  return (
    <LocaleContext.Provider value={locale}>
      <QueryClientProvider client={queryClient}>{content}</QueryClientProvider>
    </LocaleContext.Provider>
  );
}
