import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { type CatalogEntity, type CommandResult, type RowStamp, commands } from "../../lib/ipc";
import type { UserError } from "../../shared/errors";
import { capitalise, formatDateTime } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { Button, Dialog, ErrorBanner, Loading } from "../../shared/ui";
import { type FieldErrors, type FieldKind, type FormOf, type Spec, diffFields, firstError, parseForm, toForm } from "./forms";
import { type CallResult, useCommandCall } from "../../shared/call";

/** What the catalog lists have in common. */
export interface CatalogRow<I> {
  id: string;
  fields: I;
  stamp: RowStamp;
}

/** What a form's fields get to bind themselves to the editor. */
export interface FieldHelpers<I> {
  form: FormOf<I>;
  errors: FieldErrors<I>;
  readOnly: boolean;
  /** Changes several fields at once (a channel type and the fulfilment it allows). */
  update: (patch: Partial<FormOf<I>>) => void;
  /** Props for a TextField, SelectField or TextAreaField showing `key`. */
  bind: (key: keyof I & string) => {
    name: string;
    label: string;
    value: string;
    error: string | undefined;
    onChange: (e: { target: { value: string } }) => void;
    "data-testid": string;
  };
  /** A checkbox for a yes/no field. */
  flag: (key: keyof I & string, hint?: ReactNode) => ReactNode;
}

/** What `facts` gets: the row as now known, and a way to report a change made beside the form. */
export interface SideChange<R> {
  /** The row as the dialog knows it now: the newest of the opened row, the list's copy and `changed`. */
  current: R;
  /**
   * A change saved beside the form (a channel's credentials) bumped the row to `next`. When
   * it was saved from the version the form's edits start from, they go on from `next`'s:
   * the form's fields were not touched. Otherwise the form keeps its version, so a later
   * save still meets someone else's change and shows it.
   */
  changed: (next: R, from: number) => void;
  /** Someone else's change is being compared: no other change should start. */
  stale: boolean;
}

type Busy = null | "save" | "deactivate" | "delete";

interface Stale {
  by: string | null;
  at: string;
  /** The list has been read again since, so `latest` is what is stored now. */
  reloaded: boolean;
}

function shown(kind: FieldKind, value: string | boolean): ReactNode {
  if (kind === "flag") return value ? "Yes" : "No";
  const text = String(value).trim();
  if (!text) return <span className="muted">(empty)</span>;
  return kind === "json" ? <pre className="mono">{text}</pre> : text;
}

/** Of two copies of a row, the later (higher version); the first when they are level. */
function newer<R extends { stamp: RowStamp }>(a: R | null | undefined, b: R | null | undefined): R | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return b.stamp.version > a.stamp.version ? b : a;
}

/**
 * The create/edit dialog of a catalog row, with what all of them share: the form state, Rust's
 * field errors on their fields, the "changed by someone else" comparison (edits name the
 * version they started from), delete with its confirmation or "deactivate instead" (for rows
 * with an `active` flag), and a read-only view for roles without catalog.manage. `children`
 * lays out the entity's fields.
 */
export function EditorDialog<I extends object, R extends CatalogRow<I>>({
  entity,
  noun,
  testPrefix,
  spec,
  labels,
  nameOf,
  row,
  latest,
  blank,
  canManage,
  history,
  create,
  update,
  refetch,
  onClose,
  onDone,
  facts,
  children,
}: {
  entity: CatalogEntity;
  /** "product", "market", "sales channel". */
  noun: string;
  /** Field test ids are `${testPrefix}-${field}`. */
  testPrefix: string;
  spec: Spec<I>;
  /** Each field's label, with its unit; also names Rust's field in error texts. */
  labels: Record<keyof I & string, string>;
  /** What names a row to people (its SKU, code, name; a rate's pair and day). */
  nameOf: (fields: I) => string;
  /** The row as it was when opened; null for a new one. */
  row: R | null;
  /** The list's copy of the row now (after a reload it may be newer than `row`). */
  latest: R | undefined;
  blank: FormOf<I>;
  canManage: boolean;
  /** Why the row cannot be deleted ("it has sales history"), or null when it can; always can when absent. */
  history?: (row: R) => string | null;
  create: (input: I) => Promise<CommandResult<R>>;
  update: (id: string, version: number, input: I) => Promise<CommandResult<R>>;
  /** Reads the list again. */
  refetch: () => Promise<void>;
  onClose: () => void;
  /** A change was saved; the message says which. */
  onDone: (message: string) => void;
  /** Shown under the fields, for an opened row: facts (sync status) and changes made beside the form (credentials). */
  facts?: (side: SideChange<R>) => ReactNode;
  children: (fields: FieldHelpers<I>) => ReactNode;
}) {
  const call = useCommandCall();
  const { locale, timeZone } = useLocale();
  const readOnly = !canManage;
  const [form, setForm] = useState<FormOf<I>>(() => (row ? toForm(spec, row.fields) : blank));
  // The version this form's edits start from: the opened row's, or the stored one after "Use theirs".
  const [version, setVersion] = useState(row?.stamp.version ?? 0);
  const [errors, setErrors] = useState<FieldErrors<I>>({});
  const [error, setError] = useState<UserError | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [stale, setStale] = useState<Stale | null>(null);
  const [confirm, setConfirm] = useState<null | "delete" | "blocked">(null);
  // Rust's own refusal of a delete (the row gained history since the list was read).
  const [refusal, setRefusal] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const staleRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLDivElement>(null);

  // The row saved by a change beside the form, until the list's copy catches up with it.
  const [changed, setChanged] = useState<R | null>(null);
  const current = row ? newer(newer(row, latest), changed) : null;
  const name = row ? nameOf(row.fields) : `the new ${noun}`;
  const blocked = current && history ? history(current) : null;
  // Only a row with an `active` flag can be deactivated instead of deleted.
  const canDeactivate = "active" in spec;
  const isActive = (form as { active?: unknown }).active === true;

  // Announce and show a refusal where it is, wherever the dialog was scrolled to.
  const staleAt = stale?.at;
  useEffect(() => {
    if (staleAt) staleRef.current?.focus();
  }, [staleAt]);
  useEffect(() => {
    if (confirm) confirmRef.current?.focus();
  }, [confirm]);

  const focusField = (field: string | undefined) => {
    if (field) formRef.current?.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  };

  const edit = (patch: Partial<FormOf<I>>) => {
    setForm((f) => ({ ...f, ...patch }));
    // The message under a field goes once the field is changed.
    setErrors((x) => Object.fromEntries(Object.entries(x).filter(([k]) => !(k in patch))) as FieldErrors<I>);
  };

  const fail = (res: Extract<CallResult<unknown>, { ok: false }>) => {
    if (res.raw.kind === "stale") {
      // Nothing was written. Read the list again to show what is stored now next to the form.
      setError(null);
      setConfirm(null);
      setStale({ by: res.raw.changedBy, at: res.raw.changedAt, reloaded: false });
      void refetch().then(() => setStale((s) => (s ? { ...s, reloaded: true } : s)));
      return;
    }
    const field = res.error.field;
    if (field && field in labels) {
      setErrors((x) => ({ ...x, [field]: res.error.message }));
      focusField(field);
    }
    setError(res.error);
  };

  const save = async (values: FormOf<I>, baseVersion: number, kind: "save" | "deactivate") => {
    setError(null);
    setStale(null);
    const parsed = parseForm(spec, values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      focusField(firstError(spec, parsed.errors));
      return;
    }
    setErrors({});
    setBusy(kind);
    const res = row
      ? await call(() => update(row.id, baseVersion, parsed.input), `save the ${noun}`, labels)
      : await call(() => create(parsed.input), `add the ${noun}`, labels);
    setBusy(null);
    if (res.ok) {
      const saved = nameOf(res.data.fields);
      onDone(
        kind === "deactivate"
          ? `${saved} was deactivated: it has left the pickers and keeps its history.`
          : row
            ? `${saved} was saved.`
            : `${saved} was added.`,
      );
      return;
    }
    fail(res);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (readOnly || busy || stale) return;
    void save(form, version, "save");
  };

  const deactivate = () => {
    const values = { ...form, active: false } as FormOf<I>;
    setForm(values);
    setConfirm(null);
    void save(values, version, "deactivate");
  };

  const remove = async () => {
    if (!row) return;
    setError(null);
    setBusy("delete");
    const res = await call(() => commands.deleteCatalogRow(entity, row.id, version), `delete the ${noun}`, labels);
    setBusy(null);
    if (res.ok) {
      onDone(`${name} was deleted.`);
      return;
    }
    if (res.raw.kind === "conflict" && res.raw.field === "active") {
      // The database found history the list did not show: it can only be deactivated.
      setConfirm("blocked");
      setRefusal(res.error.message);
      return;
    }
    setConfirm(null);
    fail(res);
  };

  const useTheirs = () => {
    if (!latest) return;
    setForm(toForm(spec, latest.fields));
    setVersion(latest.stamp.version);
    setErrors({});
    setError(null);
    setStale(null);
  };

  const keepMine = () => {
    if (!latest) return;
    setVersion(latest.stamp.version);
    void save(form, latest.stamp.version, "save");
  };

  const helpers: FieldHelpers<I> = {
    form,
    errors,
    readOnly,
    update: edit,
    bind: (key) => ({
      name: key,
      label: labels[key],
      value: String(form[key]),
      error: errors[key],
      onChange: (e) => edit({ [key]: e.target.value } as Partial<FormOf<I>>),
      "data-testid": `${testPrefix}-${key}`,
    }),
    flag: (key, hint) => (
      <div className="field">
        <label className="checkbox-row">
          <input
            type="checkbox"
            name={key}
            checked={form[key] === true}
            onChange={(e) => edit({ [key]: e.target.checked } as Partial<FormOf<I>>)}
            data-testid={`${testPrefix}-${key}`}
          />
          {labels[key]}
        </label>
        {hint ? <p className="field-hint">{hint}</p> : null}
        {errors[key] ? <p className="field-error">{errors[key]}</p> : null}
      </div>
    ),
  };

  const title = !row ? `New ${noun}` : readOnly ? `${capitalise(noun)} ${name}` : `Edit ${noun} ${name}`;
  const diffs = stale?.reloaded && latest ? diffFields(spec, latest.fields, form) : [];
  const when = (instant: string) => formatDateTime(instant, locale, timeZone);

  return (
    <Dialog open title={title} onClose={onClose} testId="catalog-dialog" wide>
      <form ref={formRef} onSubmit={submit} noValidate>
        <fieldset className="form-fieldset" disabled={readOnly}>
          <legend className="visually-hidden">{readOnly ? `${capitalise(noun)} details (read-only)` : `${capitalise(noun)} fields`}</legend>
          <div className="form-grid">{children(helpers)}</div>
        </fieldset>
        {current && facts
          ? facts({
              current,
              changed: (next, from) => {
                setChanged(next);
                setVersion((v) => (v === from ? next.stamp.version : v));
                void refetch();
              },
              stale: stale !== null,
            })
          : null}
        {current ? (
          <p className="muted" data-testid="catalog-stamp">
            Last changed{current.stamp.updatedBy ? ` by ${current.stamp.updatedBy}` : ""} at {when(current.stamp.updatedAt)}.
            {blocked ? ` ${capitalise(blocked)}: it can be deactivated, not deleted.` : ""}
          </p>
        ) : null}
        {readOnly ? <p className="muted">Read-only: your role can view the catalog but not change it.</p> : null}
        {error ? <ErrorBanner error={error} testId="catalog-error" /> : null}

        {stale ? (
          <div className="banner banner-info" role="alert" tabIndex={-1} ref={staleRef} data-testid="stale-banner">
            <p>
              <strong>
                Changed by {stale.by ?? "someone else"} at {when(stale.at)}.
              </strong>{" "}
              Your changes are not saved yet: compare and choose.
            </p>
            {!stale.reloaded ? (
              <Loading label="Reading what is stored now…" />
            ) : !latest ? (
              <p data-testid="stale-gone">
                The {noun} is no longer in the list: it was deleted. Close this dialog; nothing of yours was saved.
              </p>
            ) : diffs.length === 0 ? (
              <p>What is stored now is the same as what you typed.</p>
            ) : (
              <table className="compare-table" data-testid="stale-compare">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Theirs (stored now)</th>
                    <th scope="col">Yours</th>
                  </tr>
                </thead>
                <tbody>
                  {diffs.map((d) => (
                    <tr key={d.field} data-testid={`stale-field-${d.field}`}>
                      <th scope="row">{labels[d.field]}</th>
                      <td data-testid={`stale-theirs-${d.field}`}>{shown(spec[d.field], d.theirs)}</td>
                      <td data-testid={`stale-yours-${d.field}`}>{shown(spec[d.field], d.yours)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {stale.reloaded && latest ? (
              <div className="form-actions">
                <Button onClick={useTheirs} data-testid="stale-use-theirs">
                  Use theirs
                </Button>
                <Button variant="primary" onClick={keepMine} busy={busy === "save"} data-testid="stale-keep-mine">
                  Keep mine
                </Button>
              </div>
            ) : null}
          </div>
        ) : null}

        {confirm === "delete" ? (
          <div className="banner banner-error" role="alert" tabIndex={-1} ref={confirmRef} data-testid="catalog-delete-confirm-panel">
            <p>
              Delete {name} for good? This cannot be undone.
            </p>
            <div className="form-actions">
              <Button variant="danger" onClick={() => void remove()} busy={busy === "delete"} data-testid="catalog-delete-confirm">
                Delete
              </Button>
              <Button onClick={() => setConfirm(null)}>Keep it</Button>
            </div>
          </div>
        ) : null}
        {confirm === "blocked" ? (
          <div className="banner banner-info" role="alert" tabIndex={-1} ref={confirmRef} data-testid="catalog-delete-blocked">
            {refusal ? (
              // Rust's words already advise deactivating.
              <p data-testid="catalog-delete-refused">{refusal}</p>
            ) : (
              <p>
                {name} cannot be deleted: {blocked ?? "it has history"}. Deactivate it instead: it leaves the pickers and keeps its
                history.
              </p>
            )}
            <div className="form-actions">
              {!canDeactivate ? null : isActive ? (
                <Button variant="primary" onClick={deactivate} busy={busy === "deactivate"} data-testid="catalog-deactivate">
                  Deactivate
                </Button>
              ) : (
                <span className="muted">It is already inactive.</span>
              )}
              <Button onClick={() => setConfirm(null)}>Cancel</Button>
            </div>
          </div>
        ) : null}

        <div className="dialog-footer">
          {canManage && row ? (
            <Button
              variant="ghost"
              className="push-left"
              onClick={() => {
                setRefusal(null);
                setConfirm(blocked ? "blocked" : "delete");
              }}
              disabled={busy !== null || stale !== null}
              data-testid="catalog-delete"
            >
              Delete…
            </Button>
          ) : null}
          <Button onClick={onClose} data-testid="catalog-close">
            {readOnly ? "Close" : "Cancel"}
          </Button>
          {readOnly ? null : (
            <Button type="submit" variant="primary" busy={busy === "save"} disabled={busy !== null || stale !== null} data-testid="catalog-save">
              {row ? "Save" : `Add ${noun}`}
            </Button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
