import { type FormEvent, useEffect, useRef, useState } from "react";
import { commands, type SessionInfo, toAppError } from "../../lib/ipc";
import { type UserError, describeError } from "../../shared/errors";
import { FALLBACK_LOCALE, useLocale } from "../../shared/locale";
import { Button, ErrorBanner, TextField } from "../../shared/ui";
import { NewPasswordStep } from "./NewPasswordStep";

/**
 * After an admin's reset, login answers passwordChangeRequired: the user then chooses a new
 * password, proven by the temporary one just typed. That one stays in memory, in this state,
 * and is gone when the step ends.
 */
type Step = { kind: "signIn" } | { kind: "newPassword"; username: string; temporaryPassword: string };

export function LoginScreen({
  onSignedIn,
  onChangeConnection,
  connectionLabel,
  version,
  notice,
}: {
  /** Why the user is here again, e.g. an ended session. */
  notice: string | null;
  onSignedIn: (session: SessionInfo) => void;
  /** Absent when IT provisioned the connection and users should not change it. */
  onChangeConnection?: () => void;
  connectionLabel: string | null;
  version: string | null;
}) {
  // Before sign-in the user's own zone is unknown: lock-out times use the machine's zone.
  const { locale, timeZone } = useLocale();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step>({ kind: "signIn" });
  const userRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  // Back from the new-password step the username is still filled in: start at the password.
  const returned = useRef(false);

  useEffect(() => {
    if (step.kind !== "signIn") return;
    (returned.current ? passwordRef : userRef).current?.focus();
  }, [step]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m: typeof missing = {};
    if (!username.trim()) m.username = "Enter your username.";
    if (!password) m.password = "Enter your password.";
    setMissing(m);
    if (m.username) return userRef.current?.focus();
    if (m.password) return passwordRef.current?.focus();

    setBusy(true);
    setError(null);
    try {
      const res = await commands.login(username.trim(), password);
      if (res.status === "ok") {
        onSignedIn(res.data);
        return;
      }
      if (res.error.kind === "passwordChangeRequired") {
        setStep({ kind: "newPassword", username: username.trim(), temporaryPassword: password });
        setPassword("");
        return;
      }
      setError(describeError(res.error, { locale, timeZone, action: "sign in", signingIn: true }));
    } catch (thrown) {
      // A failure in the UI itself must still leave the form with a visible reason.
      setError(describeError(toAppError(thrown), { locale: FALLBACK_LOCALE, timeZone: undefined, action: "sign in" }));
    } finally {
      setBusy(false);
    }
    // Clear only the password: retyping a username is the commoner annoyance.
    setPassword("");
    passwordRef.current?.focus();
  };

  return (
    <div className="centered-page">
      <main className="card login" aria-labelledby="login-title">
        {step.kind === "newPassword" ? (
          <NewPasswordStep
            username={step.username}
            temporaryPassword={step.temporaryPassword}
            onSignedIn={onSignedIn}
            onCancel={(reason) => {
              returned.current = true;
              setError(reason);
              setStep({ kind: "signIn" });
            }}
          />
        ) : (
          <>
            <h1 id="login-title">Sign in to Sentia</h1>
            {notice && !error ? (
              <p className="banner banner-info" role="status" data-testid="login-notice">
                {notice}
              </p>
            ) : null}
            <form onSubmit={(e) => void submit(e)} noValidate>
              <TextField
                ref={userRef}
                label="Username"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                error={missing.username}
                data-testid="login-username"
              />
              <TextField
                ref={passwordRef}
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                error={missing.password}
                data-testid="login-password"
              />
              {error ? <ErrorBanner error={error} testId="login-error" /> : null}
              <div className="form-actions">
                <Button type="submit" variant="primary" busy={busy} data-testid="login-submit" className="wide">
                  Sign in
                </Button>
              </div>
            </form>
          </>
        )}
        <footer className="login-footer">
          <span className="connection-chip" title="Database connection">
            <span className="dot dot-ok" aria-hidden="true" />
            {connectionLabel ?? "Connection configured"}
          </span>
          {onChangeConnection ? (
            <button type="button" className="link-button" onClick={onChangeConnection}>
              Change connection
            </button>
          ) : null}
          {version ? <span className="muted">Version {version}</span> : null}
        </footer>
      </main>
    </div>
  );
}
