import { type FormEvent, useState } from "react";
import { commands, type UserSummary } from "../../lib/ipc";
import type { UserError } from "../../shared/errors";
import { PasswordFields, usePasswordRules } from "../../shared/PasswordFields";
import { Button, Dialog, ErrorBanner, SelectField, TextField } from "../../shared/ui";
import { ROLES } from "./permissions";
import { useCommandCall } from "../../shared/call";
import { type Field, type NewUserForm, validateNewUser } from "./validate";

const LABELS: Record<Field, string> = {
  username: "Username",
  email: "Email",
  displayName: "Full name (optional)",
  role: "Role",
  password: "Temporary password",
};

const EMPTY: NewUserForm = { username: "", email: "", displayName: "", role: "viewer", password: "" };

export function CreateUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (user: UserSummary) => void;
}) {
  const call = useCommandCall();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const rules = usePasswordRules("other", form.username.trim());

  const setField = (k: Field, value: string) => {
    setForm((f) => ({ ...f, [k]: value }));
    setErrors((x) => ({ ...x, [k]: undefined }));
  };
  const set = (k: Field) => (e: { target: { value: string } }) => setField(k, e.target.value);

  const close = () => {
    setForm(EMPTY);
    setErrors({});
    setError(null);
    onClose();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = validateNewUser(form);
    setErrors(v);
    if (Object.keys(v).length > 0) return;
    setBusy(true);
    const res = await call(
      () => commands.createUser({
        username: form.username,
        email: form.email.trim(),
        displayName: form.displayName.trim() || null,
        role: form.role,
        password: form.password,
      }),
      "create the user",
      LABELS,
    );
    setBusy(false);
    if (res.ok) {
      setForm(EMPTY);
      onCreated(res.data);
      return;
    }
    const field = res.error.field as Field | undefined;
    if (field && field in LABELS) setErrors((x) => ({ ...x, [field]: res.error.message }));
    setError(res.error);
  };

  return (
    <Dialog open={open} title="New user" onClose={close} testId="user-create-dialog">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField label={LABELS.username} value={form.username} onChange={set("username")} error={errors.username} autoComplete="off" spellCheck={false} autoFocus data-testid="user-username" />
        <TextField label={LABELS.displayName} value={form.displayName} onChange={set("displayName")} error={errors.displayName} autoComplete="off" data-testid="user-display-name" />
        <TextField label={LABELS.email} type="email" value={form.email} onChange={set("email")} error={errors.email} autoComplete="off" data-testid="user-email" />
        <SelectField label={LABELS.role} value={form.role} onChange={set("role")} error={errors.role} data-testid="user-role">
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label} — {r.help}
            </option>
          ))}
        </SelectField>
        <PasswordFields
          label={LABELS.password}
          value={{ next: form.password }}
          onChange={(_, text) => setField("password", text)}
          errors={{ newPassword: errors.password }}
          hint={`Give it to the person privately. It is temporary: they must choose their own password the first time they sign in. ${rules}`}
          testIds={{ next: "user-password" }}
        />
        {error ? <ErrorBanner error={error} /> : null}
        <div className="dialog-footer">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} data-testid="user-create-submit">
            Create user
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
