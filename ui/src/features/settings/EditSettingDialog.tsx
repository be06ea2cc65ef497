import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { type Product, type SettingScope, type SettingView, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { capitalise, formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useSession } from "../../shared/session";
import { Button, Dialog, ErrorBanner, Loading, SelectField, TextAreaField, TextField } from "../../shared/ui";
import { ValueText, environmentText, scopePhrase } from "./parts";
import { localeChoices, localeName, timeZoneChoices } from "./preferences";
import { ENVIRONMENTS, type InputKind, SCOPE_LABELS, type Target, inputKind, prettyJson, stepFor, storedAt } from "./settings";

/** The fields Rust may name in a validation error, with the labels the form shows. */
const LABELS = {
  value: "Value",
  reason: "Reason for the change",
  scope: "Applies to",
  scopeId: "Product",
  environment: "Environment",
} as const;

type Field = keyof typeof LABELS;
type Errors = Partial<Record<Field, string>>;

const isField = (field: string): field is Field => field in LABELS;

interface Stale {
  by: string | null;
  at: string;
  /** The list has been read again: what is stored now is shown and Save names its version. */
  reloaded: boolean;
}

/**
 * Changes one setting: a value that fits its rule, the scope and environment it is for, and a
 * reason, which the history keeps. Saving names the version this editor saw; when someone
 * saved first, Rust refuses and the dialog says who and when, and reloads on request.
 */
export function EditSettingDialog({
  row,
  rows,
  products,
  refetch,
  onClose,
  onDone,
}: {
  row: SettingView;
  /** The list as read now; the change's version is that of the row it lands on. */
  rows: readonly SettingView[];
  products: readonly Product[] | undefined;
  refetch: () => Promise<void>;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const call = useCommandCall();
  const { session } = useSession();
  const { locale, timeZone } = useLocale();
  const kind = inputKind(row.rule);
  const name = `${row.category}.${row.key}`;
  // JSON one member a line, so that it can be edited like the history shows it.
  const [value, setValue] = useState(() => (kind.kind === "json" ? prettyJson(row.value) : row.value));
  const [reason, setReason] = useState("");
  const [scope, setScope] = useState<SettingScope>(row.scope);
  const [productId, setProductId] = useState(row.scope === "product" ? (row.scopeId ?? "") : "");
  const [environment, setEnvironment] = useState(row.environment);
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<UserError | null>(null);
  const [stale, setStale] = useState<Stale | null>(null);
  const [busy, setBusy] = useState(false);
  const [reloading, setReloading] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const staleRef = useRef<HTMLDivElement>(null);

  const staleAt = stale?.at;
  useEffect(() => {
    if (staleAt) staleRef.current?.focus();
  }, [staleAt]);

  // A user's value is the opened row's user's, or the editor's own.
  const userId = row.scope === "user" ? row.scopeId : session.userId;
  const scopeId = scope === "global" ? null : scope === "product" ? productId || null : userId;
  const target: Target = { category: row.category, key: row.key, environment, scope, scopeId };
  const stored = storedAt(rows, target);
  const where = `${scopePhrase({ scope, scopeId }, products, session.userId)}, ${environmentText(environment).toLowerCase()}`;
  const when = (instant: string) => formatDateTime(instant, locale, timeZone);

  const clear = (field: Field) => setErrors((x) => ({ ...x, [field]: undefined }));
  const focus = (field: Field) => formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || (stale && !stale.reloaded)) return;
    const found: Errors = {};
    if (!reason.trim()) found.reason = "Say why you are changing it: the history keeps the reason.";
    if (scope === "product" && !scopeId) found.scopeId = "Choose the product the value is for.";
    setErrors(found);
    const first = (Object.keys(LABELS) as Field[]).find((f) => found[f]);
    if (first) return focus(first);

    setBusy(true);
    setError(null);
    const res = await call(
      () => commands.changeSetting({ ...target, value, version: stored?.version ?? null, reason: reason.trim() }),
      `change ${name}`,
      LABELS,
    );
    setBusy(false);
    if (res.ok) {
      onDone(`${name} is now ${res.data.value} (version ${res.data.version}).`);
      return;
    }
    const raw = res.raw;
    if (raw.kind === "stale") {
      // Nothing was written; the list is read again on request, to show what is stored now.
      setStale({ by: raw.changedBy, at: raw.changedAt, reloaded: false });
      return;
    }
    if (raw.kind === "validation" && isField(raw.field)) {
      setErrors({ [raw.field]: `${capitalise(raw.message.trim().replace(/\.$/, ""))}.` });
      focus(raw.field);
      return;
    }
    setError(res.error);
  };

  const reload = async () => {
    setReloading(true);
    await refetch();
    setReloading(false);
    setStale((s) => (s ? { ...s, reloaded: true } : s));
  };

  return (
    <Dialog open title={`Change ${name}`} onClose={onClose} testId="setting-dialog" wide>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">{row.description}.</p>
        <div className="form-grid">
          <div className="span-2">
            <ValueInput
              kind={kind}
              value={value}
              error={errors.value}
              hint={`Takes: ${row.rule}. Default: ${row.defaultValue}.`}
              locale={locale}
              onChange={(v) => {
                setValue(v);
                clear("value");
              }}
            />
          </div>
          <SelectField
            name="scope"
            label={LABELS.scope}
            value={scope}
            error={errors.scope}
            onChange={(e) => {
              setScope(e.target.value as SettingScope);
              clear("scope");
              clear("scopeId");
            }}
            disabled={row.scopes.length < 2}
            data-testid="setting-scope"
          >
            {row.scopes.map((s) => (
              <option key={s} value={s}>
                {SCOPE_LABELS[s]}
              </option>
            ))}
          </SelectField>
          <SelectField
            name="environment"
            label={LABELS.environment}
            value={environment}
            error={errors.environment}
            onChange={(e) => {
              setEnvironment(e.target.value);
              clear("environment");
            }}
            data-testid="setting-environment"
          >
            {ENVIRONMENTS.map((env) => (
              <option key={env} value={env}>
                {environmentText(env)}
              </option>
            ))}
          </SelectField>
          {scope === "product" ? (
            <SelectField
              name="scopeId"
              label={LABELS.scopeId}
              value={productId}
              error={errors.scopeId}
              onChange={(e) => {
                setProductId(e.target.value);
                clear("scopeId");
              }}
              className="span-2"
              data-testid="setting-scope-id"
            >
              <option value="">Choose a product…</option>
              {(products ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.fields.sku} — {p.fields.name}
                </option>
              ))}
            </SelectField>
          ) : scope === "user" ? (
            <p className="span-2 muted">For {scopePhrase({ scope, scopeId }, products, session.userId)} only.</p>
          ) : null}
          {errors.scopeId && scope !== "product" ? <p className="field-error span-2">{errors.scopeId}</p> : null}
        </div>
        <p className="muted" data-testid="setting-target">
          {stored
            ? `Stored for ${where}: ${stored.value} (version ${stored.version}).`
            : `Nothing stored for ${where} yet: saving adds it.`}
        </p>
        <TextAreaField
          name="reason"
          label={LABELS.reason}
          value={reason}
          error={errors.reason}
          rows={2}
          required
          onChange={(e) => {
            setReason(e.target.value);
            clear("reason");
          }}
          hint="Kept in the history with your name."
          data-testid="setting-reason"
        />
        {error ? <ErrorBanner error={error} testId="setting-error" /> : null}
        {stale ? (
          <div className="banner banner-info" role="alert" tabIndex={-1} ref={staleRef} data-testid="setting-stale">
            <p>
              <strong>
                Changed by {stale.by ?? "someone else"} at {when(stale.at)}.
              </strong>{" "}
              Your value is not saved yet.
            </p>
            {stale.reloaded ? (
              <p data-testid="setting-stale-now">
                {stored ? (
                  <>
                    Stored now: <ValueText value={stored.value} json={kind.kind === "json"} /> (version {stored.version}). Save
                    again to replace it with yours, or cancel.
                  </>
                ) : (
                  "It is no longer stored there. Save again to store yours, or cancel."
                )}
              </p>
            ) : reloading ? (
              <Loading label="Reading what is stored now…" />
            ) : (
              <Button onClick={() => void reload()} data-testid="setting-stale-reload">
                Reload
              </Button>
            )}
          </div>
        ) : null}
        <div className="dialog-footer">
          <Button onClick={onClose} data-testid="setting-cancel">
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabled={stale !== null && !stale.reloaded} data-testid="setting-save">
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The input a setting's rule calls for, with the test id `setting-value`. */
function ValueInput({
  kind,
  value,
  error,
  hint,
  locale,
  onChange,
}: {
  kind: InputKind;
  value: string;
  error: string | undefined;
  hint: ReactNode;
  locale: string;
  onChange: (value: string) => void;
}) {
  const common = {
    name: "value",
    label: LABELS.value,
    value,
    error,
    hint,
    "data-testid": "setting-value",
  };
  const text = { ...common, onChange: (e: { target: { value: string } }) => onChange(e.target.value) };
  switch (kind.kind) {
    case "choice": {
      const choices = kind.choices.includes(value) ? kind.choices : [value, ...kind.choices];
      return (
        <SelectField {...text}>
          {choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
      );
    }
    case "integer":
      return <TextField {...text} type="number" inputMode="numeric" step="1" min={kind.min} max={kind.max} />;
    case "decimal":
      return <TextField {...text} type="number" inputMode="decimal" step={stepFor(kind.decimals)} min={kind.min} max={kind.max} />;
    case "boolean":
      return (
        <div className={`field${error ? " field-invalid" : ""}`}>
          <label className="checkbox-row">
            <input
              type="checkbox"
              role="switch"
              name="value"
              checked={value === "true"}
              aria-checked={value === "true"}
              onChange={(e) => onChange(e.target.checked ? "true" : "false")}
              data-testid="setting-value"
            />
            {LABELS.value}: {value === "true" ? "true (on)" : "false (off)"}
          </label>
          <p className="field-hint">{hint}</p>
          {error ? <p className="field-error">{error}</p> : null}
        </div>
      );
    case "json":
      return <TextAreaField {...text} mono rows={8} spellCheck={false} />;
    case "date":
      return <TextField {...text} type="date" />;
    case "timeZone":
      return (
        <SelectField {...text}>
          {timeZoneChoices(value).map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </SelectField>
      );
    case "locale":
      return (
        <SelectField {...text}>
          {localeChoices(value).map((l) => (
            <option key={l} value={l}>
              {localeName(l, locale)}
            </option>
          ))}
        </SelectField>
      );
    case "text":
      return <TextField {...text} autoComplete="off" />;
  }
}
