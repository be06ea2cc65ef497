import { type FormEvent, type RefObject, useId, useState } from "react";
import { type ImportLayout, type ImportMode, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import type { UserError } from "../../shared/errors";
import { useCommandQuery } from "../../shared/query";
import { Button, ErrorBanner, SelectField, TextField } from "../../shared/ui";
import { LAYOUT_LABELS } from "./report";
import { type ImportForm, cleanPath } from "./run";

const MODES: { id: ImportMode; label: string; hint: string; testId: string }[] = [
  {
    id: "allOrNothing",
    label: "All or nothing (recommended)",
    hint: "Any row with an error rejects the file; nothing is written until it is clean.",
    testId: "import-mode-all-or-nothing",
  },
  {
    id: "validOnly",
    label: "Import valid rows only",
    hint: "The valid rows are written; the rows with errors are recorded with the batch, to download and fix.",
    testId: "import-mode-valid-only",
  },
];

type Saved = { kind: "idle" } | { kind: "busy" } | { kind: "saved"; path: string } | { kind: "failed"; error: UserError };

/**
 * Which file to import and how. Submitting the form (Enter in the path, or "Check file") runs a
 * dry run; the import itself is the button beside it, offered once a check says what it does.
 */
export function NewImportPanel({
  form,
  onChange,
  onCheck,
  running,
  commit,
  pathField,
}: {
  form: ImportForm;
  onChange: (form: ImportForm) => void;
  onCheck: () => void;
  /** A check or an import is under way: the form waits. */
  running: boolean;
  /** The import button: its label, whether it can run and why not. */
  commit: { label: string; disabled: boolean; hint: string | null; onCommit: () => void } | null;
  /** The path's input, which the screen focuses when the planner returns to the form. */
  pathField: RefObject<HTMLInputElement | null>;
}) {
  const call = useCommandCall();
  const id = useId();
  const channels = useCommandQuery(["catalog", "channels"], commands.listChannels, "load the sales channels");
  const [pathError, setPathError] = useState<string | undefined>(undefined);
  const [template, setTemplate] = useState<Saved>({ kind: "idle" });

  const set = (patch: Partial<ImportForm>) => onChange({ ...form, ...patch });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (running) return;
    if (!cleanPath(form.path)) {
      setPathError("Type or paste the full path of the file to import.");
      pathField.current?.focus();
      return;
    }
    setPathError(undefined);
    onCheck();
  };

  const saveTemplate = async () => {
    setTemplate({ kind: "busy" });
    const res = await call(commands.saveImportTemplate(), "save the template");
    setTemplate(res.ok ? { kind: "saved", path: res.data.path } : { kind: "failed", error: res.error });
  };

  const activeChannels = (channels.data ?? []).filter((c) => c.fields.active || c.fields.name === form.channel);

  return (
    <section id="import-new" aria-labelledby="import-new-heading" tabIndex={-1} data-region="" data-testid="import-new">
      <div className="toolbar">
        <h2 id="import-new-heading">New import</h2>
        <div className="toolbar-actions">
          <Button variant="ghost" onClick={() => void saveTemplate()} busy={template.kind === "busy"} data-testid="import-template">
            Download template
          </Button>
        </div>
      </div>
      {template.kind === "saved" ? (
        <p className="muted" role="status" data-testid="import-template-saved">
          Template saved to {template.path}
        </p>
      ) : null}
      {template.kind === "failed" ? <ErrorBanner error={template.error} testId="import-template-error" /> : null}
      <form onSubmit={submit} noValidate>
        <fieldset className="form-fieldset" disabled={running}>
          <TextField
            ref={pathField}
            label="File"
            hint="The full path of a CSV, TSV or XLSX file on this computer. To copy it: in Finder hold Option and choose “Copy … as Pathname”; in Explorer, right-click and choose “Copy as path”."
            value={form.path}
            onChange={(e) => {
              setPathError(undefined);
              set({ path: e.target.value });
            }}
            placeholder="/Users/me/Downloads/orders_export.csv"
            autoComplete="off"
            spellCheck={false}
            error={pathError}
            data-testid="import-path"
          />
          <div className="form-grid">
            <SelectField
              label="Sales channel"
              hint={
                channels.error
                  ? `The channels could not be loaded (${channels.error.message}); rows must name their channel.`
                  : "The channel every row was sold on; it replaces any channel column. Needed for Shopify and Amazon files, which name none Sentia knows."
              }
              value={form.channel}
              onChange={(e) => set({ channel: e.target.value })}
              data-testid="import-channel"
            >
              <option value="">From the file</option>
              {activeChannels.map((c) => (
                <option key={c.id} value={c.fields.name}>
                  {c.fields.name}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Layout"
              hint="Recognised from the header; choose one to refuse a file in any other."
              value={form.layout}
              onChange={(e) => set({ layout: e.target.value as ImportLayout | "" })}
              data-testid="import-layout"
            >
              <option value="">Recognise automatically</option>
              {(Object.keys(LAYOUT_LABELS) as ImportLayout[]).map((l) => (
                <option key={l} value={l}>
                  {LAYOUT_LABELS[l]}
                </option>
              ))}
            </SelectField>
          </div>
          <fieldset className="segmented" aria-describedby={`${id}-mode-hint`}>
            <legend>Rows with errors</legend>
            {MODES.map((m) => (
              <label key={m.id} className={form.mode === m.id ? "is-selected" : undefined}>
                <input
                  type="radio"
                  name={`${id}-mode`}
                  value={m.id}
                  checked={form.mode === m.id}
                  onChange={() => set({ mode: m.id })}
                  data-testid={m.testId}
                />
                {m.label}
              </label>
            ))}
          </fieldset>
          <p className="field-hint" id={`${id}-mode-hint`}>
            {MODES.find((m) => m.id === form.mode)?.hint}
          </p>
        </fieldset>
        <div className="form-actions">
          <Button type="submit" variant={commit && !commit.disabled ? "secondary" : "primary"} busy={running} data-testid="import-check">
            Check file
          </Button>
          {commit ? (
            <Button variant="primary" onClick={commit.onCommit} disabled={commit.disabled || running} data-testid="import-commit">
              {commit.label}
            </Button>
          ) : null}
        </div>
        {commit?.hint ? (
          <p className="muted" data-testid="import-commit-hint">
            {commit.hint}
          </p>
        ) : null}
      </form>
      <details data-testid="import-help">
        <summary>Which files can be imported?</summary>
        <ul>
          <li>
            <strong>Sentia template</strong> (CSV): <code>date, order_id, line, sku, channel, quantity, unit_price, currency</code>.{" "}
            <code>line</code> and <code>channel</code> may be left out; dates are <code>YYYY-MM-DD</code>.
          </li>
          <li>
            <strong>Shopify</strong> “Export orders” CSV, as the Shopify admin writes it.
          </li>
          <li>
            <strong>Amazon</strong> “All Orders” report (tab-separated); cancelled and pending orders are skipped.
          </li>
          <li>
            <strong>Excel</strong> workbooks (XLSX) in one of these layouts.
          </li>
          <li>
            <strong>Any other header</strong>: Sentia shows the first rows and asks which column holds each field, and
            remembers the choice for files with the same header.
          </li>
        </ul>
        <p className="muted">
          Comma-, semicolon- and tab-separated files are recognised, in UTF-8 or Windows encoding. A check writes nothing:
          it shows what an import would do.
        </p>
      </details>
    </section>
  );
}
