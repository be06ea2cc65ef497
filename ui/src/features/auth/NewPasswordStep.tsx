import { type FormEvent, useEffect, useRef, useState } from "react";
import { commands, type SessionInfo, toAppError } from "../../lib/ipc";
import { type UserError, describeError } from "../../shared/errors";
import { FALLBACK_LOCALE, useLocale } from "../../shared/locale";
import { PASSWORD_LABELS, type PasswordErrors, checkPasswordChange, firstInvalid } from "../../shared/password";
import { PasswordFields } from "../../shared/PasswordFields";
import { Button, ErrorBanner } from "../../shared/ui";

/**
 * The sign-in screen's second step after an admin reset the password: the user picks a new
 * one and is signed in with it. The temporary password was proven by the login just made.
 */
export function NewPasswordStep({
  username,
  temporaryPassword,
  onSignedIn,
  onCancel,
}: {
  username: string;
  temporaryPassword: string;
  onSignedIn: (session: SessionInfo) => void;
  /** Back to sign-in, with the reason when the temporary password no longer works. */
  onCancel: (reason: UserError | null) => void;
}) {
  const { locale, timeZone } = useLocale();
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const nextRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  useEffect(() => nextRef.current?.focus(), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const v = checkPasswordChange({ current: temporaryPassword, next, confirm });
    setErrors(v);
    const first = firstInvalid(v);
    if (first) return (first === "confirmPassword" ? confirmRef : nextRef).current?.focus();

    setBusy(true);
    setError(null);
    try {
      const res = await commands.changePassword(username, temporaryPassword, next);
      if (res.status === "ok") {
        onSignedIn(res.data);
        return;
      }
      const described = describeError(res.error, {
        locale,
        timeZone,
        action: "set the new password",
        fieldLabels: PASSWORD_LABELS,
      });
      // The temporary password stopped working (reset again, or locked): only sign-in helps.
      if (described.field === "currentPassword" || res.error.kind === "lockedOut") {
        onCancel(described);
        return;
      }
      if (described.field === "newPassword") {
        setErrors({ newPassword: described.message });
        setNext("");
        setConfirm("");
        nextRef.current?.focus();
        return;
      }
      setError(described);
    } catch (thrown) {
      setError(describeError(toAppError(thrown), { locale: FALLBACK_LOCALE, timeZone: undefined, action: "set the new password" }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="login-change-password">
      <h1 id="login-title">Choose a new password</h1>
      <p className="banner banner-info" role="status" data-testid="login-change-notice">
        An administrator reset the password of <strong>{username}</strong>. Choose a new one to continue; you will be
        signed in with it.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {/* Lets password managers file the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={username} />
        <PasswordFields
          value={{ next, confirm }}
          onChange={(field, text) => {
            (field === "newPassword" ? setNext : setConfirm)(text);
            setErrors((x) => ({ ...x, [field]: undefined }));
          }}
          errors={errors}
          names={{ next: "new-password", confirm: "confirm-password" }}
          nextRef={nextRef}
          confirmRef={confirmRef}
          testIds={{ next: "login-new-password", confirm: "login-confirm-password" }}
        />
        {error ? <ErrorBanner error={error} testId="login-change-error" /> : null}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy} data-testid="login-change-submit" className="wide">
            Set password and sign in
          </Button>
        </div>
      </form>
      <button type="button" className="link-button" onClick={() => onCancel(null)} data-testid="login-change-cancel">
        Back to sign-in
      </button>
    </div>
  );
}
