import { type FormEvent, useRef, useState } from "react";
import { commands } from "../../lib/ipc";
import { type UserError, describeError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { useSession } from "../../shared/session";
import { PASSWORD_LABELS, type PasswordErrors, type PasswordField, checkPasswordChange, firstInvalid } from "../../shared/password";
import { PasswordFields } from "../../shared/PasswordFields";
import { Button, Dialog, ErrorBanner, TextField } from "../../shared/ui";

const EMPTY = { current: "", next: "", confirm: "" };
const FORM_KEY = { currentPassword: "current", newPassword: "next", confirmPassword: "confirm" } as const;

/**
 * A signed-in user replaces their own password. Rust ends every session of the user and opens
 * a new one for this window, which the shell then carries on with.
 */
export function ChangePasswordDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { session, renew, expire } = useSession();
  const { locale, timeZone } = useLocale();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const currentRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const focus = (field: PasswordField) =>
    (field === "currentPassword" ? currentRef : field === "newPassword" ? newRef : confirmRef).current?.focus();

  const set = (field: PasswordField, text: string) => {
    setForm((f) => ({ ...f, [FORM_KEY[field]]: text }));
    setErrors((x) => ({ ...x, [field]: undefined }));
  };

  const close = () => {
    setForm(EMPTY);
    setErrors({});
    setError(null);
    setDone(false);
    onClose();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = checkPasswordChange(form);
    setErrors(v);
    const first = firstInvalid(v);
    if (first) return focus(first);

    setBusy(true);
    setError(null);
    const res = await commands.changePassword(session.username, form.current, form.next);
    setBusy(false);
    if (res.status === "ok") {
      setForm(EMPTY);
      setDone(true);
      renew(res.data);
      return;
    }
    const described = describeError(res.error, { locale, timeZone, action: "change the password", fieldLabels: PASSWORD_LABELS });
    if (described.signedOut) return expire();
    const field = described.field;
    if (field === "currentPassword" || field === "newPassword") {
      // A wrong current password counts as a failed sign-in, so both are typed again.
      setForm((f) => (field === "currentPassword" ? { ...f, current: "" } : { ...f, next: "", confirm: "" }));
      setErrors({ [field]: described.message });
      focus(field);
      return;
    }
    setError(described);
  };

  return (
    <Dialog open={open} title="Change password" onClose={close} testId="password-change-dialog">
      {done ? (
        <div>
          <p className="banner banner-success" role="status" data-testid="password-change-done">
            Your password was changed. Any other sessions of yours, in other windows or on other computers, were
            signed out.
          </p>
          <div className="dialog-footer">
            <Button variant="primary" onClick={close} autoFocus data-testid="password-change-close">
              Close
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <input type="hidden" name="username" autoComplete="username" value={session.username} />
          <TextField
            ref={currentRef}
            label={PASSWORD_LABELS.currentPassword}
            type="password"
            autoComplete="current-password"
            value={form.current}
            onChange={(e) => set("currentPassword", e.target.value)}
            error={errors.currentPassword}
            autoFocus
            data-testid="password-current"
          />
          <PasswordFields
            value={{ next: form.next, confirm: form.confirm }}
            onChange={set}
            errors={errors}
            nextRef={newRef}
            confirmRef={confirmRef}
            testIds={{ next: "password-new", confirm: "password-confirm" }}
          />
          <p className="muted">Changing it signs you out everywhere else.</p>
          {error ? <ErrorBanner error={error} testId="password-change-error" /> : null}
          <div className="dialog-footer">
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" variant="primary" busy={busy} data-testid="password-change-submit">
              Change password
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
