import { useCallback, useMemo, useState } from "react";
import { commands, type UserSummary } from "../../lib/ipc";
import { DataTable, type ColumnDef } from "../../shared/DataTable";
import type { UserError } from "../../shared/errors";
import { formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { hasPermission, useSession } from "../../shared/session";
import { Button, EmptyState, ErrorBanner, Loading } from "../../shared/ui";
import { AnonymizeDialog } from "./AnonymizeDialog";
import { CreateUserDialog } from "./CreateUserDialog";
import { roleLabel } from "./permissions";
import { ResetPasswordDialog } from "./ResetPasswordDialog";
import { RoleDialog } from "./RoleDialog";
import { useCommandCall } from "../../shared/call";

type DialogState =
  | { kind: "none" }
  | { kind: "create" }
  | { kind: "role"; user: UserSummary }
  | { kind: "anonymize"; user: UserSummary }
  | { kind: "resetPassword"; user: UserSummary };

/** A user is locked while their lock-out instant is in the future. */
function isLocked(u: UserSummary, now: number): boolean {
  return u.lockedUntil != null && Date.parse(u.lockedUntil) > now;
}

export function UsersPanel() {
  const { session } = useSession();
  const { locale, timeZone } = useLocale();
  const call = useCommandCall();
  const canManage = hasPermission(session, "users.manage");
  const users = useCommandQuery(["users"], commands.listUsers, "load the users");
  // A change that failed; a failed load is `users.error`.
  const [error, setError] = useState<UserError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Where an access-request export was saved: shown apart so the path can be selected.
  const [exported, setExported] = useState<{ who: string; path: string } | null>(null);
  const [dialog, setDialog] = useState<DialogState>({ kind: "none" });
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const [now] = useState(() => Date.now());

  const { refetch } = users;
  const failure = error ?? users.error;

  // Changes return nothing; the list is read again so it shows what the database holds.
  const rowAction = useCallback(
    async (user: UserSummary, run: () => ReturnType<typeof commands.setUserActive>, action: string, done: string) => {
      setBusyRow(user.userId);
      setNotice(null);
      setExported(null);
      const res = await call(run, action);
      if (res.ok) {
        setError(null);
        await refetch();
        setNotice(done);
      } else setError(res.error);
      setBusyRow(null);
    },
    [call, refetch],
  );

  // GDPR/CCPA access request: Rust writes the JSON file and audits the export; nothing to reload.
  const exportPersonalData = useCallback(
    async (user: UserSummary) => {
      setBusyRow(user.userId);
      setNotice(null);
      setExported(null);
      const res = await call(() => commands.exportPersonalData(user.userId), "export the personal data");
      if (res.ok) {
        setError(null);
        setExported({ who: user.displayName ?? user.username, path: res.data.path });
      } else setError(res.error);
      setBusyRow(null);
    },
    [call],
  );

  const afterDialog = useCallback(
    async (done: string) => {
      setDialog({ kind: "none" });
      setExported(null);
      setError(null);
      await refetch();
      setNotice(done);
    },
    [refetch],
  );

  const columns = useMemo<ColumnDef<UserSummary, unknown>[]>(() => {
    const cols: ColumnDef<UserSummary, unknown>[] = [
      {
        id: "name",
        header: "User",
        accessorFn: (u) => u.displayName ?? u.username,
        cell: (c) => (
          <>
            <strong>{c.row.original.displayName ?? c.row.original.username}</strong>
            <br />
            <span className="muted mono">{c.row.original.username}</span>
          </>
        ),
      },
      { id: "email", header: "Email", accessorFn: (u) => u.email },
      {
        id: "role",
        header: "Role",
        accessorFn: (u) => u.role,
        cell: (c) => (
          <>
            {roleLabel(c.row.original.role)}
            {c.row.original.overrides.length > 0 ? (
              <span className="tag" title={`${c.row.original.overrides.length} permission override(s)`}>
                overrides
              </span>
            ) : null}
          </>
        ),
        meta: { exportValue: (u) => roleLabel(u.role) },
      },
      {
        id: "status",
        header: "Status",
        accessorFn: (u) => (u.anonymized ? 3 : !u.active ? 2 : isLocked(u, now) ? 1 : 0),
        cell: (c) => {
          const u = c.row.original;
          if (u.anonymized) return <span className="tag">Anonymised</span>;
          if (!u.active) return <span className="tag tag-warn">Deactivated</span>;
          const status = isLocked(u, now) ? (
            <span className="tag tag-bad">Locked until {formatDateTime(u.lockedUntil ?? "", locale, timeZone)}</span>
          ) : (
            <span className="tag tag-ok">Active</span>
          );
          return (
            <>
              {status}
              {u.passwordResetRequired ? (
                <span
                  className="tag tag-warn"
                  title="Signs in with a temporary password and must choose a new one"
                  data-testid={`user-must-change-${u.username}`}
                >
                  Must change password
                </span>
              ) : null}
            </>
          );
        },
        meta: {
          exportValue: (u) =>
            u.anonymized ? "Anonymised" : !u.active ? "Deactivated" : isLocked(u, now) ? `Locked until ${u.lockedUntil ?? ""}` : "Active",
        },
      },
      {
        id: "lastLogin",
        header: "Last sign-in",
        accessorFn: (u) => u.lastLoginAt ?? "",
        cell: (c) => (c.row.original.lastLoginAt ? formatDateTime(c.row.original.lastLoginAt, locale, timeZone) : <span className="muted">Never</span>),
      },
    ];
    if (canManage) {
      cols.push({
        id: "actions",
        header: "Actions",
        enableSorting: false,
        cell: (c) => {
          const u = c.row.original;
          const self = u.userId === session.userId;
          const busy = busyRow === u.userId;
          if (u.anonymized) return <span className="muted">No actions</span>;
          const who = u.displayName ?? u.username;
          return (
            <div className="row-actions">
              <Button onClick={() => setDialog({ kind: "role", user: u })} disabled={busy} aria-label={`Change role of ${who}`}>
                Role…
              </Button>
              {isLocked(u, now) ? (
                <Button
                  onClick={() => void rowAction(u, () => commands.resetUserLockout(u.userId), "reset the lock-out", `${who} can sign in again.`)}
                  busy={busy}
                  aria-label={`Unlock ${who}`}
                >
                  Unlock
                </Button>
              ) : null}
              <Button
                onClick={() =>
                  void rowAction(
                    u,
                    () => commands.setUserActive(u.userId, !u.active),
                    u.active ? "deactivate the user" : "reactivate the user",
                    u.active ? `${who} is deactivated and can no longer sign in.` : `${who} is active again.`,
                  )
                }
                busy={busy}
                disabled={self}
                title={self ? "You cannot deactivate yourself." : undefined}
                aria-label={`${u.active ? "Deactivate" : "Reactivate"} ${who}`}
              >
                {u.active ? "Deactivate" : "Reactivate"}
              </Button>
              <Button
                onClick={() => setDialog({ kind: "resetPassword", user: u })}
                disabled={busy || self}
                title={self ? "Change your own password from your user menu." : undefined}
                aria-label={`Reset the password of ${who}`}
                data-testid={`user-reset-password-${u.username}`}
              >
                Reset password…
              </Button>
              <Button
                onClick={() => void exportPersonalData(u)}
                busy={busy}
                aria-label={`Export the personal data of ${who}`}
                data-testid={`user-export-data-${u.username}`}
              >
                Export personal data
              </Button>
              <Button
                variant="ghost"
                onClick={() => setDialog({ kind: "anonymize", user: u })}
                disabled={busy || self}
                aria-label={`Anonymise ${who}`}
              >
                Anonymise…
              </Button>
            </div>
          );
        },
      });
    }
    return cols;
  }, [canManage, locale, timeZone, now, busyRow, session.userId, rowAction, exportPersonalData]);

  return (
    <section aria-labelledby="users-heading">
      <div className="toolbar">
        <h2 id="users-heading">Users</h2>
        {canManage ? (
          <Button variant="primary" onClick={() => setDialog({ kind: "create" })} data-testid="user-create">
            New user
          </Button>
        ) : (
          <span className="muted">Read-only: your role can view users but not change them.</span>
        )}
      </div>
      {failure ? (
        <ErrorBanner
          error={failure}
          onRetry={() => {
            setError(null);
            void refetch();
          }}
          testId="admin-error"
        />
      ) : null}
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="admin-notice">
          {notice}
        </p>
      ) : null}
      {exported ? (
        <p className="banner banner-success" role="status" data-testid="personal-data-saved">
          The personal data of {exported.who} was saved to <span className="mono" data-testid="personal-data-path">{exported.path}</span>
        </p>
      ) : null}
      {users.loading ? <Loading label="Loading users…" /> : null}
      {users.data ? (
        <DataTable
          data={users.data}
          columns={columns}
          caption="Sentia users"
          testId="admin-users"
          getRowId={(u) => u.userId}
          initialSort={[{ id: "name", desc: false }]}
          exportName="users"
          empty={<EmptyState title="No users yet." testId="admin-users">Create the first user with “New user”.</EmptyState>}
        />
      ) : null}

      <CreateUserDialog
        open={dialog.kind === "create"}
        onClose={() => setDialog({ kind: "none" })}
        onCreated={(u) => void afterDialog(`${u.displayName ?? u.username} was created.`)}
      />
      {dialog.kind === "role" ? (
        <RoleDialog
          user={dialog.user}
          isSelf={dialog.user.userId === session.userId}
          onClose={() => setDialog({ kind: "none" })}
          onSaved={(role) =>
            void afterDialog(`${dialog.user.displayName ?? dialog.user.username} is now ${roleLabel(role)}.`)
          }
        />
      ) : null}
      {dialog.kind === "resetPassword" ? (
        <ResetPasswordDialog
          user={dialog.user}
          onClose={() => setDialog({ kind: "none" })}
          onDone={() =>
            void afterDialog(
              `${dialog.user.displayName ?? dialog.user.username} must choose a new password at the next sign-in.`,
            )
          }
        />
      ) : null}
      {dialog.kind === "anonymize" ? (
        <AnonymizeDialog
          user={dialog.user}
          onClose={() => setDialog({ kind: "none" })}
          onDone={() =>
            void afterDialog("The user's personal data was removed. Audit entries keep their anonymous reference.")
          }
        />
      ) : null}
    </section>
  );
}
