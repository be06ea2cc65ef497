import { useMemo, useState } from "react";
import { type ImportRowError, commands } from "../../lib/ipc";
import { useCommandCall } from "../../shared/call";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import type { UserError } from "../../shared/errors";
import { NO_VALUE, formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { Button, EmptyState, ErrorBanner } from "../../shared/ui";
import { filterByProblem, groupByProblem, problemLabel, rowsText, suggestionText } from "./report";

/** A long list is cut here on screen; the CSV has every error. */
export const ERROR_DISPLAY_LIMIT = 500;

type Keyed = ImportRowError & { key: string };

type Saved = { kind: "idle" } | { kind: "busy" } | { kind: "saved"; path: string } | { kind: "failed"; error: UserError };

/**
 * The rows an import refused, with what is wrong and what to do: chips filter by problem (with
 * counts), and the whole list downloads as CSV to fix the file in a spreadsheet.
 */
export function ErrorsTable({
  file,
  errors,
  total,
  caption,
}: {
  /** The imported file's name (the CSV is named after it). */
  file: string;
  errors: readonly ImportRowError[];
  /** Rows with errors in all, when the report lists fewer than there are. */
  total?: number;
  caption: string;
}) {
  const { locale } = useLocale();
  const call = useCommandCall();
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<Saved>({ kind: "idle" });

  const groups = useMemo(() => groupByProblem(errors), [errors]);
  // A filter whose problem is gone (another report) shows everything again.
  const shownProblem = problem !== null && groups.some((g) => g.problem === problem) ? problem : null;
  const filtered = useMemo(() => filterByProblem(errors, shownProblem), [errors, shownProblem]);
  const rows = useMemo<Keyed[]>(
    () => filtered.slice(0, ERROR_DISPLAY_LIMIT).map((e, i) => ({ ...e, key: `${e.row}-${e.column ?? ""}-${e.problem}-${i}` })),
    [filtered],
  );

  const columns = useMemo<ColumnDef<Keyed, unknown>[]>(
    () => [
      {
        id: "row",
        header: "Row",
        accessorFn: (e) => e.row,
        cell: (c) => formatNumber(c.row.original.row, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      { id: "column", header: "Column", accessorFn: (e) => e.column ?? "", cell: (c) => c.row.original.column ?? <span className="muted">{NO_VALUE}</span> },
      { id: "problem", header: "Problem", accessorFn: (e) => problemLabel(e.problem) },
      { id: "message", header: "What is wrong", accessorFn: (e) => e.message, enableSorting: false },
      {
        id: "value",
        header: "Value",
        accessorFn: (e) => e.value ?? "",
        cell: (c) => (c.row.original.value == null ? <span className="muted">{NO_VALUE}</span> : <span className="mono">{c.row.original.value}</span>),
      },
      {
        id: "suggestion",
        header: "Suggestion",
        accessorFn: (e) => e.suggestion ?? "",
        enableSorting: false,
        cell: (c) => suggestionText(c.row.original.suggestion) ?? "",
        meta: { exportValue: (e) => suggestionText(e.suggestion) },
      },
    ],
    [locale],
  );

  const download = async () => {
    setSaved({ kind: "busy" });
    const res = await call(commands.exportImportErrors(file, [...errors]), "save the errors as CSV");
    setSaved(res.ok ? { kind: "saved", path: res.data.path } : { kind: "failed", error: res.error });
  };

  if (errors.length === 0) return null;

  return (
    <div data-testid="import-errors">
      <div className="toolbar">
        <div className="row-actions" role="group" aria-label="Show errors of one kind">
          <ProblemChip label="All problems" count={errors.length} pressed={shownProblem === null} onClick={() => setProblem(null)} testId="import-error-filter-all" />
          {groups.map((g) => (
            <ProblemChip
              key={g.problem}
              label={g.label}
              count={g.count}
              pressed={shownProblem === g.problem}
              onClick={() => setProblem(shownProblem === g.problem ? null : g.problem)}
              testId={`import-error-filter-${g.problem}`}
            />
          ))}
        </div>
        <Button onClick={() => void download()} busy={saved.kind === "busy"} data-testid="import-errors-export">
          Download errors as CSV
        </Button>
      </div>
      {saved.kind === "saved" ? (
        <p className="muted" role="status" data-testid="import-errors-saved">
          Saved to {saved.path}
        </p>
      ) : null}
      {saved.kind === "failed" ? <ErrorBanner error={saved.error} testId="import-errors-save-error" /> : null}
      {total !== undefined && total > errors.length ? (
        <p className="muted" data-testid="import-errors-partial">
          The report lists the first {formatNumber(errors.length, locale)} errors of {rowsText(total, locale)} with errors.
        </p>
      ) : null}
      {filtered.length > rows.length ? (
        <p className="muted" data-testid="import-errors-limit">
          Showing the first {formatNumber(rows.length, locale)} of {formatNumber(filtered.length, locale)}; the CSV has them all.
        </p>
      ) : null}
      <DataTable
        data={rows}
        columns={columns}
        caption={caption}
        testId="import-errors-table"
        getRowId={(e) => e.key}
        rowTestId={() => "import-error-row"}
        initialSort={[{ id: "row", desc: false }]}
        exportName="import-errors"
        empty={<EmptyState title="No errors of this kind." />}
      />
    </div>
  );
}

function ProblemChip({
  label,
  count,
  pressed,
  onClick,
  testId,
}: {
  label: string;
  count: number;
  pressed: boolean;
  onClick: () => void;
  testId: string;
}) {
  const { locale } = useLocale();
  return (
    <Button variant={pressed ? "primary" : "ghost"} aria-pressed={pressed} onClick={onClick} data-testid={testId}>
      {label} <span className="tag">{formatNumber(count, locale)}</span>
    </Button>
  );
}
