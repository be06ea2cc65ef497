import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import type { ColumnMapping, FilePreview } from "../../lib/ipc";
import { Button, SelectField } from "../../shared/ui";
import { MAPPING_FIELDS, type MappingDraft, type MappingField, columnChoices, mappingProblems, toMapping } from "./mapping";

/** Rows of the file shown; enough to tell a date from an order number, short enough to scan. */
export const PREVIEW_ROWS_SHOWN = 10;

/**
 * For a file of no known layout: its first rows, and one select per field of the template
 * naming the column that holds it. Checking runs the usual dry run through those columns.
 */
export function MappingStep({
  preview,
  draft,
  remembered,
  channelChosen,
  running,
  onChange,
  onCheck,
  onCancel,
}: {
  preview: FilePreview;
  draft: MappingDraft;
  /** The draft is the columns this user chose last time for this header. */
  remembered: boolean;
  /** The form names the channel of every row, so the file needs no channel column. */
  channelChosen: boolean;
  running: boolean;
  onChange: (draft: MappingDraft) => void;
  onCheck: (mapping: ColumnMapping) => void;
  onCancel: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const selects = useRef(new Map<MappingField, HTMLSelectElement>());
  // A required field left empty is pointed out once a check was tried; a column chosen twice at once.
  const [attempted, setAttempted] = useState(false);
  const choices = useMemo(() => columnChoices(preview.header), [preview.header]);
  const problems = mappingProblems(draft);
  const rows = preview.rows.slice(0, PREVIEW_ROWS_SHOWN);

  // The step replaces the check the planner asked for: the keyboard goes where it appeared.
  useEffect(() => heading.current?.focus(), [preview]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (running) return;
    const mapping = toMapping(draft);
    if (!mapping) {
      setAttempted(true);
      const first = MAPPING_FIELDS.find(({ field }) => problems[field]);
      if (first) selects.current.get(first.field)?.focus();
      return;
    }
    onCheck(mapping);
  };

  return (
    <section id="import-mapping" aria-labelledby="import-mapping-heading" tabIndex={-1} data-region="" data-testid="import-mapping">
      <h2 id="import-mapping-heading" ref={heading} tabIndex={-1}>
        Choose the columns
      </h2>
      <p>
        {preview.file} is not in a layout Sentia recognises. Choose the column that holds each field; the file is then read
        with the template’s rules, one row per order line.
      </p>
      <p className={remembered ? "banner banner-info" : "muted"} data-testid="import-mapping-source">
        {remembered
          ? "Columns as you chose them last time for this header."
          : "Sentia guessed the columns from their names: check each one against the rows below."}
      </p>
      <div className="table-wrap import-preview" role="region" aria-label={`The first rows of ${preview.file}`} tabIndex={0} data-testid="import-preview">
        <table className="data-table compact">
          <caption className="visually-hidden">
            The header and first {rows.length} rows of {preview.file}
          </caption>
          <thead>
            <tr>
              {preview.header.map((name, i) => (
                <th key={i} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r} data-testid="import-preview-row">
                {preview.header.map((_, i) => (
                  <td key={i}>{row[i] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form onSubmit={submit} noValidate>
        <fieldset className="form-fieldset" disabled={running}>
          <legend className="visually-hidden">The column of each field</legend>
          <div className="form-grid">
            {MAPPING_FIELDS.map(({ field, label, required }) => {
              const problem = problems[field];
              const shown = problem && (attempted || problem.kind === "duplicate") ? problem.message : undefined;
              return (
                <SelectField
                  key={field}
                  ref={(el) => {
                    if (el) selects.current.set(field, el);
                    else selects.current.delete(field);
                  }}
                  label={required ? label : `${label} (optional)`}
                  hint={fieldHint(field, channelChosen)}
                  error={shown}
                  value={draft[field]}
                  onChange={(e) => onChange({ ...draft, [field]: e.target.value })}
                  data-testid={`import-map-${field}`}
                >
                  <option value="">{required ? "Choose a column…" : "— not in the file —"}</option>
                  {choices.map((name) => (
                    <option key={name} value={name}>
                      {name}
                    </option>
                  ))}
                </SelectField>
              );
            })}
          </div>
        </fieldset>
        <p className="field-hint" data-testid="import-mapping-help">
          Unit price is the price of one unit, not the line’s total. Sentia remembers these columns for the next file with the
          same header.
        </p>
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={running} data-testid="import-mapping-check">
            Check with these columns
          </Button>
          <Button variant="ghost" onClick={onCancel} disabled={running} data-testid="import-mapping-cancel">
            Cancel
          </Button>
        </div>
      </form>
    </section>
  );
}

function fieldHint(field: MappingField, channelChosen: boolean): string | undefined {
  switch (field) {
    case "line":
      return "Without one, an order’s lines are numbered in file order.";
    case "channel":
      return channelChosen
        ? "The sales channel chosen above is used for every row."
        : "Without one, choose the sales channel of every row above.";
    case "quantity":
      return "Units sold.";
    default:
      return undefined;
  }
}
