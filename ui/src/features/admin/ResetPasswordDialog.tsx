import { type FormEvent, useRef, useState } from "react";
import { commands, type UserSummary } from "../../lib/ipc";
import type { UserError } from "../../shared/errors";
import { PasswordFields, usePasswordRules } from "../../shared/PasswordFields";
import { Button, Dialog, ErrorBanner } from "../../shared/ui";
import { generatePassword } from "./generatePassword";
import { useCommandCall } from "../../shared/call";

const LABELS = { temporaryPassword: "Temporary password" };

/**
 * An admin sets a temporary password that the user must replace at the next sign-in; Rust ends
 * the user's open sessions. The password is shown in clear so it can be passed on.
 */
export function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserSummary;
  onClose: () => void;
  /** After a successful reset, when the admin closes the dialog. */
  onDone: () => void;
}) {
  const call = useCommandCall();
  const [password, setPassword] = useState("");
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const rules = usePasswordRules("other", user.username);
  const inputRef = useRef<HTMLInputElement>(null);
  const who = user.displayName ?? user.username;

  const generate = () => {
    setPassword(generatePassword(undefined, user.username));
    setFieldError(undefined);
    inputRef.current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!password) {
      setFieldError("Enter a temporary password or generate one.");
      return inputRef.current?.focus();
    }
    setBusy(true);
    setError(null);
    const res = await call(() => commands.resetUserPassword(user.userId, password), "reset the password", LABELS);
    setBusy(false);
    if (res.ok) {
      setDone(true);
      return;
    }
    if (res.error.field === "temporaryPassword") {
      setFieldError(res.error.message);
      inputRef.current?.focus();
    } else setError(res.error);
  };

  return (
    <Dialog open title={`Reset password — ${who}`} onClose={done ? onDone : onClose} testId="reset-password-dialog">
      {done ? (
        <div data-testid="reset-password-done">
          <p className="banner banner-success" role="status">
            The password of {who} was reset and their open sessions were ended.
          </p>
          <p>
            Give {who} this temporary password privately. They must choose a new one when they next sign in.
          </p>
          <p className="secret-value" data-testid="reset-password-value">
            {password}
          </p>
          <div className="dialog-footer">
            <Button variant="primary" onClick={onDone} autoFocus data-testid="reset-password-close">
              Done
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>
            {who} will sign in with this temporary password and must then choose a new one. Their open sessions end
            now. {rules}
          </p>
          <div className="field-with-action">
            <PasswordFields
              label={LABELS.temporaryPassword}
              // Shown in clear on purpose: the admin reads it out or copies it for the user.
              reveal
              value={{ next: password }}
              onChange={(_, text) => {
                setPassword(text);
                setFieldError(undefined);
              }}
              errors={{ newPassword: fieldError }}
              // The rules are in the text above: a hint under the field would push the button off its line.
              hint={null}
              nextRef={inputRef}
              autoFocus
              testIds={{ next: "reset-password-input" }}
            />
            <Button onClick={generate} data-testid="reset-password-generate">
              Generate
            </Button>
          </div>
          {error ? <ErrorBanner error={error} testId="reset-password-error" /> : null}
          <div className="dialog-footer">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="danger" busy={busy} data-testid="reset-password-submit">
              Reset password
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
