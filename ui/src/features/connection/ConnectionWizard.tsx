import { type FormEvent, useEffect, useRef, useState } from "react";
import {
  commands,
  type AppError,
  type ConnectionInput,
  type ConnectionReport,
  type ConnectionSettings,
  type TlsMode,
} from "../../lib/ipc";
import { type UserError, describeError } from "../../shared/errors";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { Button, ErrorBanner, Loading, SelectField, TextField } from "../../shared/ui";
import { ConnectionReportView } from "./ConnectionReportView";
import { tlsWarningText } from "./tls";
import { type FieldName, type FormState, validateForm } from "./validate";

const TLS_MODES = [
  { value: "disable", label: "Disable — no encryption (only for a server on this computer)" },
  { value: "prefer", label: "Prefer — encrypt if the server offers it" },
  { value: "require", label: "Require — always encrypt, do not verify the certificate" },
  { value: "verify-full", label: "Verify full — encrypt and verify the certificate and host name (recommended)" },
] as const satisfies readonly { value: TlsMode; label: string }[];

const FIELD_LABELS: Record<FieldName, string> = {
  host: "Host",
  port: "Port",
  database: "Database",
  user: "Database user",
  password: "Password",
  tlsMode: "Encryption (TLS)",
};

/** Host names, database and user names: no autofill, no spelling marks. */
const IDENTIFIER = { autoComplete: "off", spellCheck: false } as const;

const DEFAULTS: FormState = { host: "", port: "5432", database: "sentia", user: "", password: "", tlsMode: "verify-full" };

function fromSettings(s: ConnectionSettings): FormState {
  return { host: s.host, port: String(s.port), database: s.database, user: s.user, password: "", tlsMode: s.tlsMode };
}

interface WizardProps {
  onSaved: (settings: ConnectionSettings) => void;
  /** Present when a connection already works and the user may go back without changing it. */
  onCancel?: () => void;
}

export function ConnectionWizard(props: WizardProps) {
  // Read afresh each time the wizard opens: it fills the form, which must show what is saved now.
  const saved = useCommandQuery(["connection"], commands.getConnection, "read the saved connection", { once: true });
  if (saved.loading) return <Loading label="Reading the saved connection…" />;
  return <WizardForm {...props} existing={saved.data ?? null} loadError={saved.error} />;
}

function WizardForm({
  onSaved,
  onCancel,
  existing,
  loadError,
}: WizardProps & {
  existing: ConnectionSettings | null;
  /** The saved connection could not be read: the form starts empty and says why. */
  loadError: UserError | null;
}) {
  const { locale, timeZone } = useLocale();
  const [form, setForm] = useState<FormState>(() => (existing ? fromSettings(existing) : DEFAULTS));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [error, setError] = useState<UserError | null>(null);
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [busy, setBusy] = useState<"test" | "save" | "demo" | null>(null);
  const hostRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // A provisioned connection only needs its password; otherwise start at the host.
  const provisioned = existing?.provisioned ?? false;
  useEffect(() => {
    if (provisioned) formRef.current?.querySelector<HTMLElement>('[name="password"]')?.focus();
    else hostRef.current?.focus();
  }, [provisioned]);

  const update = (name: FieldName) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [name]: e.target.value }));
    setFieldErrors((fe) => ({ ...fe, [name]: undefined }));
    setReport(null);
  };

  /** What every text field of the form shares: label, value, change handler, error, test id. */
  const fieldProps = (name: Exclude<FieldName, "tlsMode">) => ({
    label: FIELD_LABELS[name],
    name,
    value: form[name],
    onChange: update(name),
    error: fieldErrors[name],
    "data-testid": `conn-${name}`,
  });

  const toInput = (): ConnectionInput | null => {
    const errors = validateForm(form);
    setFieldErrors(errors);
    const first = (Object.keys(FIELD_LABELS) as FieldName[]).find((k) => errors[k]);
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return null;
    }
    return {
      host: form.host.trim(),
      port: Number(form.port),
      database: form.database.trim(),
      user: form.user.trim(),
      // Blank keeps the password already in the keychain; the webview never reads it back.
      password: form.password === "" ? null : form.password,
      tlsMode: form.tlsMode,
    };
  };

  const showError = (err: AppError, action: string) => {
    const described = describeError(err, { locale, timeZone, action, fieldLabels: FIELD_LABELS });
    if (described.field && described.field in FIELD_LABELS) {
      setFieldErrors((fe) => ({ ...fe, [described.field as FieldName]: described.message }));
      formRef.current?.querySelector<HTMLElement>(`[name="${described.field}"]`)?.focus();
    }
    setError(described);
  };

  const test = async () => {
    setError(null);
    const input = toInput();
    if (!input) return;
    setBusy("test");
    setReport(null);
    const res = await commands.testConnection(input);
    setBusy(null);
    if (res.status === "ok") setReport(res.data);
    else showError(res.error, "test the connection");
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    const input = toInput();
    if (!input) return;
    setBusy("save");
    const res = await commands.saveConnection(input);
    setBusy(null);
    if (res.status === "ok") onSaved(res.data);
    else showError(res.error, "save the connection");
  };

  const chooseDemo = async () => {
    setError(null);
    setBusy("demo");
    const res = await commands.useDemoDatabase();
    setBusy(null);
    if (res.status === "ok") onSaved(res.data);
    else showError(res.error, "connect to the local demo database");
  };

  // The tested settings' warning while the form is being changed, else the saved one's.
  const tlsWarning = report ? report.tlsWarning : existing?.tlsWarning ?? null;

  return (
    <div className="centered-page">
      <main className="card wizard" aria-labelledby="wizard-title">
        <h1 id="wizard-title">Connect to your Sentia database</h1>
        <p className="lede">
          Sentia reads your sales, stock and finance data from a PostgreSQL database. Enter the details IT gave you,
          test them, then save. The password is kept in this computer's keychain, never in a file.
        </p>
        {provisioned ? (
          <p className="banner banner-info">
            IT has set up this connection. Enter the password once if asked; other settings are managed centrally.
          </p>
        ) : null}

        <form ref={formRef} onSubmit={(e) => void save(e)} noValidate>
          <div className="form-grid">
            <TextField
              ref={hostRef}
              {...fieldProps("host")}
              {...IDENTIFIER}
              placeholder="db.example.internal"
              readOnly={provisioned}
              className="span-2"
            />
            <TextField {...fieldProps("port")} inputMode="numeric" readOnly={provisioned} />
            <TextField {...fieldProps("database")} {...IDENTIFIER} readOnly={provisioned} />
            <TextField {...fieldProps("user")} {...IDENTIFIER} readOnly={provisioned} />
            <TextField
              {...fieldProps("password")}
              type="password"
              autoComplete="off"
              hint={existing?.hasPassword ? "A password is saved in the keychain. Leave blank to keep it." : undefined}
            />
            <SelectField
              label={FIELD_LABELS.tlsMode}
              name="tlsMode"
              value={form.tlsMode}
              onChange={update("tlsMode")}
              error={fieldErrors.tlsMode}
              disabled={provisioned}
              data-testid="conn-tls"
              className="span-2"
            >
              {TLS_MODES.map((m) => (
                <option key={m.value} value={m.value}>
                  {m.label}
                </option>
              ))}
            </SelectField>
          </div>

          {loadError ? <ErrorBanner error={loadError} testId="conn-load-error" /> : null}
          {tlsWarning ? (
            <p className="banner banner-error" role="alert" data-testid="conn-tls-warning">
              <strong>Insecure connection.</strong> {tlsWarningText(tlsWarning)}
            </p>
          ) : null}
          {error ? <ErrorBanner error={error} testId="conn-error" /> : null}
          {report ? <ConnectionReportView report={report} /> : null}

          <div className="form-actions">
            <Button onClick={() => void test()} busy={busy === "test"} disabled={busy !== null} data-testid="conn-test">
              Test connection
            </Button>
            <Button type="submit" variant="primary" busy={busy === "save"} disabled={busy !== null} data-testid="conn-save">
              Save and continue
            </Button>
            {onCancel ? (
              <Button variant="ghost" onClick={onCancel} disabled={busy !== null}>
                Cancel
              </Button>
            ) : null}
          </div>
        </form>

        {provisioned ? null : (
          <div className="wizard-demo">
            <h2>Just evaluating?</h2>
            <p>
              Use the demo database started by the README's demo command on this computer. It holds sample data only.
            </p>
            <Button onClick={() => void chooseDemo()} busy={busy === "demo"} disabled={busy !== null} data-testid="conn-demo">
              Use the local demo database
            </Button>
          </div>
        )}
      </main>
    </div>
  );
}
