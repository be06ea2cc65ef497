import { type KeyboardEvent, useState } from "react";
import { hasPermission, useSession } from "../../shared/session";
import { AuditLog } from "./AuditLog";
import { UsersPanel } from "./UsersPanel";

type Tab = "users" | "audit";

export function AdminScreen() {
  const { session } = useSession();
  const canAudit = hasPermission(session, "audit.view");
  const [tab, setTab] = useState<Tab>("users");
  const tabs: { id: Tab; label: string }[] = [
    { id: "users", label: "Users" },
    ...(canAudit ? [{ id: "audit" as const, label: "Audit log" }] : []),
  ];

  const onKeyDown = (e: KeyboardEvent) => {
    // Arrow keys move between tabs (WAI-ARIA tabs pattern).
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const i = tabs.findIndex((t) => t.id === tab);
    const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
    if (next) {
      setTab(next.id);
      document.getElementById(`admin-tab-${next.id}`)?.focus();
    }
  };

  return (
    <div className="page" data-testid="admin">
      <h1>Administration</h1>
      <div className="tabs" role="tablist" aria-label="Administration" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`admin-tab-${t.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={tab === t.id}
            aria-controls={`admin-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`admin-panel-${tab}`} role="tabpanel" aria-labelledby={`admin-tab-${tab}`} data-region="" tabIndex={-1}>
        {tab === "users" ? <UsersPanel /> : <AuditLog />}
      </div>
    </div>
  );
}
