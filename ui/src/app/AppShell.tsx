import { type MouseEvent, Suspense, lazy, useEffect, useRef, useState } from "react";
import { NavLink, Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import type { ConnectionSettings } from "../lib/ipc";
import { AdminScreen } from "../features/admin/AdminScreen";
import { ChangePasswordDialog } from "../features/auth/ChangePasswordDialog";
import { Forbidden } from "../shared/Forbidden";
import { type SequenceState, cycleRegions, feedSequence, isTypingTarget } from "../shared/keyboard";
import { hasPermission, useSession } from "../shared/session";
import { type ThemePreference, useTheme } from "../shared/theme";
import { Dialog, Loading } from "../shared/ui";

// The dashboard pulls in the chart library (the largest chunk); load it when first shown so
// the wizard and sign-in start without it.
const DashboardScreen = lazy(() =>
  import("../features/dashboard/DashboardScreen").then((m) => ({ default: m.DashboardScreen })),
);
import { ComingSoon } from "./ComingSoon";
import { connectionLabel } from "./connectionLabel";

interface NavItem {
  to: string;
  label: string;
  key: string;
  adminOnly?: boolean;
  testId: string;
}

const NAV: NavItem[] = [
  { to: "/dashboard", label: "Dashboard", key: "d", testId: "nav-dashboard" },
  { to: "/forecasts", label: "Forecasts", key: "f", testId: "nav-forecasts" },
  { to: "/inventory", label: "Inventory", key: "i", testId: "nav-inventory" },
  { to: "/working-capital", label: "Working capital", key: "w", testId: "nav-working-capital" },
  { to: "/admin", label: "Admin", key: "a", adminOnly: true, testId: "nav-admin" },
];

const THEME_LABEL: Record<ThemePreference, string> = { system: "System", light: "Light", dark: "Dark" };
const THEME_NEXT: Record<ThemePreference, ThemePreference> = { system: "light", light: "dark", dark: "system" };

export function AppShell({ connection, version }: { connection: ConnectionSettings | null; version: string | null }) {
  const { session } = useSession();
  // The admin pages follow the permission matrix in Rust (admin.view), not a role name, so a
  // per-user override or a matrix change needs no UI change. Rust still checks every command.
  const isAdmin = hasPermission(session, "admin.view");
  const navigate = useNavigate();
  const location = useLocation();
  const { preference, choose } = useTheme();
  const [helpOpen, setHelpOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const seq = useRef<SequenceState>({ prefix: null, at: 0 });

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
      const item = NAV.find((n) => `g ${n.key}` === sequence && (!n.adminOnly || isAdmin));
      if (item) {
        e.preventDefault();
        void navigate(item.to);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, isAdmin]);

  const skipToMain = (e: MouseEvent) => {
    e.preventDefault();
    mainRef.current?.focus();
  };

  return (
    <div className="shell">
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
          {NAV.filter((n) => !n.adminOnly || isAdmin).map((n) => (
            <li key={n.to}>
              <NavLink to={n.to} className="nav-link" data-testid={n.testId} aria-keyshortcuts={`g ${n.key}`}>
                {n.label}
              </NavLink>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <button type="button" className="link-button" onClick={() => setHelpOpen(true)}>
            Keyboard shortcuts <kbd>?</kbd>
          </button>
          {version ? <span className="muted">Version {version}</span> : null}
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
          <Routes>
            <Route path="/" element={<Navigate to="/dashboard" replace />} />
            <Route
              path="/dashboard"
              element={
                <Suspense fallback={<Loading label="Loading the dashboard…" />}>
                  <DashboardScreen />
                </Suspense>
              }
            />
            <Route
              path="/forecasts"
              element={
                <ComingSoon
                  testId="forecasts"
                  title="Forecasts"
                  description="Demand forecasts by market, channel and product with confidence bands and accuracy scores will appear here. Until then, the dashboard shows actual sales."
                />
              }
            />
            <Route
              path="/inventory"
              element={
                <ComingSoon
                  testId="inventory"
                  title="Inventory"
                  description="Stock levels, reorder points and safety stock per product and location will appear here. Until then, stock risks on the dashboard stay empty."
                />
              }
            />
            <Route
              path="/working-capital"
              element={
                <ComingSoon
                  testId="working-capital"
                  title="Working capital"
                  description="Cash conversion cycle, receivables, payables and the cash timeline will appear here."
                />
              }
            />
            <Route path="/admin" element={isAdmin ? <AdminScreen /> : <Forbidden what="administration" />} />
            <Route path="*" element={<Navigate to="/dashboard" replace />} />
          </Routes>
        </main>
      </div>
      <Dialog open={helpOpen} title="Keyboard shortcuts" onClose={() => setHelpOpen(false)}>
        <dl className="shortcuts">
          <dt>
            <kbd>F6</kbd> / <kbd>Shift</kbd>+<kbd>F6</kbd>
          </dt>
          <dd>Move to the next / previous area (navigation, top bar, each dashboard section)</dd>
          {NAV.filter((n) => !n.adminOnly || isAdmin).map((n) => (
            <div key={n.key} className="shortcut-row">
              <dt>
                <kbd>g</kbd> then <kbd>{n.key}</kbd>
              </dt>
              <dd>Go to {n.label}</dd>
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

function ConnectionIndicator({ connection }: { connection: ConnectionSettings | null }) {
  const label = connectionLabel(connection);
  return (
    <div className="connection-chip" data-testid="connection-indicator" title="Current database connection">
      <span className="dot dot-ok" aria-hidden="true" />
      <span className="visually-hidden">Connected to </span>
      {label ?? "Database connected"}
      {connection?.tlsMode === "disable" ? <span className="tag tag-warn">not encrypted</span> : null}
    </div>
  );
}

function UserMenu() {
  const { session, signOut } = useSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
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
              {session.language} · {session.timezone}
            </span>
          </p>
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
