import { type FormEvent, useState } from "react";
import { commands, type Role, type UserSummary } from "../../lib/ipc";
import type { UserError } from "../../shared/errors";
import { PERMISSION_LABELS } from "../../shared/permissions";
import { Button, Dialog, ErrorBanner, SelectField } from "../../shared/ui";
import {
  ALL_PERMISSIONS,
  type Override,
  type Overrides,
  ROLES,
  overrideOf,
  overridesFromList,
  overridesToList,
  withOverride,
} from "./permissions";
import { useCommandCall } from "../../shared/call";

export function RoleDialog({
  user,
  isSelf,
  onClose,
  onSaved,
}: {
  user: UserSummary;
  isSelf: boolean;
  onClose: () => void;
  /** Called with the role and overrides that were saved. */
  onSaved: (role: Role) => void;
}) {
  const call = useCommandCall();
  const [role, setRole] = useState<Role>(user.role);
  const [overrides, setOverrides] = useState<Overrides>(() => overridesFromList(user.overrides));
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const who = user.displayName ?? user.username;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const res = await call(() => commands.setUserRole(user.userId, role, overridesToList(overrides)), "change the role");
    setBusy(false);
    if (res.ok) onSaved(role);
    else setError(res.error);
  };

  return (
    <Dialog open title={`Role and permissions — ${who}`} onClose={onClose} testId="role-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          hint={ROLES.find((r) => r.value === role)?.help}
          autoFocus
          data-testid="role-select"
        >
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </SelectField>
        {isSelf && role !== "admin" ? (
          <p className="banner banner-info">You are changing your own role: you may lose access to this page.</p>
        ) : null}
        <fieldset className="permission-grid">
          <legend>Overrides (on top of the role)</legend>
          {ALL_PERMISSIONS.map((p) => (
            <label key={p} className="field">
              <span>{PERMISSION_LABELS[p]}</span>
              <select
                value={overrideOf(overrides, p)}
                onChange={(e) => setOverrides((o) => withOverride(o, p, e.target.value as Override))}
                data-testid={`override-${p}`}
              >
                <option value="default">As the role says</option>
                <option value="allow">Always allow</option>
                <option value="deny">Always deny</option>
              </select>
            </label>
          ))}
        </fieldset>
        {error ? <ErrorBanner error={error} /> : null}
        <div className="dialog-footer">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} data-testid="role-save">
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
