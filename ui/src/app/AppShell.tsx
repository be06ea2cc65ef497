import { type MouseEvent, Suspense, useEffect, useRef, useState } from "react";
import { NavLink, Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import type { ConnectionSettings } from "../lib/ipc";
import { ChangePasswordDialog } from "../features/auth/ChangePasswordDialog";
import { ApplyStoredPreferences, PreferencesDialog } from "../features/settings/PreferencesDialog";
import { UpdateNotifier, UpdateSourceLine } from "../features/updates/UpdateNotifier";
import { useUpdater } from "../features/updates/useUpdater";
import { ConnectivityProvider, useConnectivity } from "../shared/connectivity";
import { Forbidden } from "../shared/Forbidden";
import { type SequenceState, cycleRegions, feedSequence, isTypingTarget } from "../shared/keyboard";
import { useLocale } from "../shared/locale";
import type { ScreenEntry } from "../shared/screen";
import { useSession } from "../shared/session";
import { type ThemePreference, useTheme } from "../shared/theme";
import { Dialog, Loading } from "../shared/ui";
import { ConnectivityBanner } from "./ConnectivityBanner";
import { QueuedChanges } from "./QueuedChanges";
import { connectionLabel } from "./connectionLabel";
import { HOME, SCREENS, allowedScreens, mayOpen, navTestId, screenForSequence } from "./screens";

const THEME_LABEL: Record<ThemePreference, string> = { system: "System", light: "Light", dark: "Dark" };
const THEME_NEXT: Record<ThemePreference, ThemePreference> = { system: "light", light: "dark", dark: "system" };

type ShellProps = { connection: ConnectionSettings | null; version: string | null };

/**
 * The signed-in window: navigation, top bar and the open screen. Whether the server answers
 * is followed here, for as long as someone is signed in (`useConnectivity`).
 */
export function AppShell(props: ShellProps) {
  return (
    <ConnectivityProvider>
      <Shell {...props} />
    </ConnectivityProvider>
  );
}

function Shell({ connection, version }: ShellProps) {
  const { session } = useSession();
  const permissions = session.permissions;
  const navigate = useNavigate();
  const location = useLocation();
  const { preference, choose } = useTheme();
  const [helpOpen, setHelpOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const seq = useRef<SequenceState>({ prefix: null, at: 0 });
  // Looks for a newer release at sign-in and every six hours while the shell is up.
  const updater = useUpdater();

  // Move focus to the new page after navigation so screen readers announce it.
  useEffect(() => {
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "F6") {
        e.preventDefault();
        cycleRegions(e.shiftKey);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === "?") {
        setHelpOpen(true);
        return;
      }
      const { state, sequence } = feedSequence(seq.current, e.key, e.timeStamp);
      seq.current = state;
      if (!sequence) return;
      const screen = screenForSequence(allowedScreens(SCREENS, permissions), sequence);
      if (screen) {
        e.preventDefault();
        void navigate(screen.path);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, permissions]);

  const screens = allowedScreens(SCREENS, permissions);

  const skipToMain = (e: MouseEvent) => {
    e.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <div className="shell">
      <ApplyStoredPreferences />
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to main content
      </a>
      <nav className="sidebar" aria-label="Main" data-region="" tabIndex={-1}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            S
          </span>
          Sentia
        </div>
        <ul className="nav-list">
          {screens.map((s) => (
            <li key={s.path}>
              <NavLink to={s.path} className="nav-link" data-testid={navTestId(s)} aria-keyshortcuts={`g ${s.shortcut}`}>
                {s.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <button type="button" className="link-button" onClick={() => setHelpOpen(true)}>
            Keyboard shortcuts <kbd>?</kbd>
          </button>
          {version ? <span className="muted" data-testid="app-version">Version {version}</span> : null}
          <UpdateSourceLine check={updater.check} />
        </div>
      </nav>
      <div className="shell-body">
        <header className="topbar" data-region="" tabIndex={-1}>
          <ConnectionIndicator connection={connection} />
          <div className="topbar-actions">
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => choose(THEME_NEXT[preference])}
              aria-label={`Theme: ${THEME_LABEL[preference]}. Switch to ${THEME_LABEL[THEME_NEXT[preference]]}.`}
              data-testid="theme-toggle"
            >
              <span aria-hidden="true">{preference === "dark" ? "☾" : preference === "light" ? "☀" : "◐"}</span>
              Theme: {THEME_LABEL[preference]}
            </button>
            <UserMenu />
          </div>
        </header>
        <main id="main" ref={mainRef} tabIndex={-1} className="main">
          <ConnectivityBanner />
          <UpdateNotifier updater={updater} />
          <QueuedChanges />
          <Routes>
            <Route path="/" element={<Navigate to={HOME} replace />} />
            {SCREENS.map((s) => (
              <Route key={s.path} path={s.path} element={<ScreenRoute screen={s} />} />
            ))}
            <Route path="*" element={<Navigate to={HOME} replace />} />
          </Routes>
        </main>
      </div>
      <Dialog open={helpOpen} title="Keyboard shortcuts" onClose={() => setHelpOpen(false)}>
        <dl className="shortcuts">
          <dt>
            <kbd>F6</kbd> / <kbd>Shift</kbd>+<kbd>F6</kbd>
          </dt>
          <dd>Move to the next / previous area (navigation, top bar, each dashboard section)</dd>
          {screens.map((s) => (
            <div key={s.shortcut} className="shortcut-row">
              <dt>
                <kbd>g</kbd> then <kbd>{s.shortcut}</kbd>
              </dt>
              <dd>Go to {s.label}</dd>
            </div>
          ))}
          <dt>
            <kbd>?</kbd>
          </dt>
          <dd>Show this list</dd>
        </dl>
        <div className="dialog-footer">
          <button type="button" className="btn btn-primary" onClick={() => setHelpOpen(false)}>
            Close
          </button>
        </div>
      </Dialog>
    </div>
  );
}

/** A screen, or "Not permitted" when the user lacks its permission (typed URL, stale link). */
function ScreenRoute({ screen }: { screen: ScreenEntry }) {
  const { session } = useSession();
  if (!mayOpen(screen, session.permissions)) {
    return <Forbidden what={screen.forbiddenName ?? screen.label} permission={screen.permission} />;
  }
  const Screen = screen.component;
  return (
    <Suspense fallback={<Loading label={screen.loadingLabel} />}>
      <Screen />
    </Suspense>
  );
}

function ConnectionIndicator({ connection }: { connection: ConnectionSettings | null }) {
  const label = connectionLabel(connection);
  const { online } = useConnectivity();
  return (
    <div className="connection-chip" data-testid="connection-indicator" title="Current database connection">
      <span className={`dot ${online ? "dot-ok" : "dot-warn"}`} aria-hidden="true" />
      {online ? <span className="visually-hidden">Connected to </span> : null}
      {label ?? (online ? "Database connected" : "Database")}
      {online ? null : (
        <span className="tag tag-warn" data-testid="connection-offline">
          offline
        </span>
      )}
      {connection?.tlsMode === "disable" ? <span className="tag tag-warn">not encrypted</span> : null}
    </div>
  );
}

function UserMenu() {
  const { session, signOut } = useSession();
  const { locale, timeZone } = useLocale();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [preferencesOpen, setPreferencesOpen] = useState(false);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: globalThis.MouseEvent) => {
      if (!wrapRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("mousedown", onDown);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDown);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const name = session.displayName || session.username;
  return (
    <div className="user-menu" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-ghost"
        aria-expanded={open}
        aria-controls="user-menu-panel"
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu"
      >
        <span className="avatar" aria-hidden="true">
          {name.slice(0, 1).toUpperCase()}
        </span>
        {name}
      </button>
      {open ? (
        <div id="user-menu-panel" className="menu-panel">
          <p className="menu-user">
            <strong>{name}</strong>
            <span className="muted">
              {session.username} · {session.role}
            </span>
            <span className="muted">
              {locale} · {timeZone ?? session.timezone}
            </span>
          </p>
          <button
            type="button"
            className="btn btn-ghost wide"
            onClick={() => {
              setOpen(false);
              setPreferencesOpen(true);
            }}
            data-testid="preferences"
          >
            Preferences…
          </button>
          <button
            type="button"
            className="btn btn-ghost wide"
            onClick={() => {
              setOpen(false);
              setPasswordOpen(true);
            }}
            data-testid="change-password"
          >
            Change password…
          </button>
          <button
            type="button"
            className="btn btn-secondary wide"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void signOut();
            }}
            data-testid="logout"
          >
            Sign out
          </button>
        </div>
      ) : null}
      <PreferencesDialog
        open={preferencesOpen}
        onClose={() => {
          setPreferencesOpen(false);
          buttonRef.current?.focus();
        }}
      />
      <ChangePasswordDialog
        open={passwordOpen}
        onClose={() => {
          setPasswordOpen(false);
          // The menu item that opened the dialog is gone; return focus to the menu button.
          buttonRef.current?.focus();
        }}
      />
    </div>
  );
}
