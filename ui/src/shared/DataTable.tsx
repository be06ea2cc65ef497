import {
  type ColumnDef,
  type SortingState,
  type VisibilityState,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
} from "@tanstack/react-table";
import { type KeyboardEvent, type MouseEvent, type ReactNode, useContext, useRef, useState } from "react";
import { type ColumnKind, type TableFormat, commands } from "../lib/ipc";
import { describeError } from "./errors";
import { useLocale } from "./locale";
import { SessionContext, hasPermission } from "./session";
import { columnName, tableExportRows } from "./tableExport";
import { Button } from "./ui";

export type { ColumnDef, SortingFn } from "@tanstack/react-table";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** Right-align numbers so digits line up. */
    numeric?: boolean;
    /** The column's name in the column chooser and exports when its header is not plain text. */
    label?: string;
    /** How an export writes the column's cells; "decimal" for numeric columns, else "text". */
    exportKind?: ColumnKind;
    /** What an export writes when the accessor's value is not it (a sort key, an object). */
    exportValue?: (row: TData) => string | number | null;
  }
}

/** Where arrow keys move from `current` in a list of `count` rows (clamped, not wrapping). */
export function nextRowIndex(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case "ArrowDown":
      return Math.min(current + 1, count - 1);
    case "ArrowUp":
      return Math.max(current - 1, 0);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/** A click on a control inside a row belongs to that control, not to the row. */
function fromControl(e: MouseEvent<HTMLElement>): boolean {
  const control = (e.target as HTMLElement).closest("button, a, input, select, textarea, label, summary");
  return control !== null && e.currentTarget.contains(control);
}

/**
 * A sortable, accessible table over TanStack Table (headless: we own the markup, so it uses
 * real <table> semantics, aria-sort and keyboard-operable header buttons).
 *
 * With `onRowOpen`, rows can be opened: by click, or by Enter on a row reached with Tab and
 * the arrow keys (one row is in the tab order at a time, as in a WAI-ARIA grid). With
 * `columnChoice`, a "Columns" menu shows and hides the columns that allow it. With
 * `exportName`, users who may export save what they see (visible columns, current order) as
 * XLSX or CSV.
 */
export function DataTable<T>({
  data,
  columns,
  caption,
  empty,
  testId,
  getRowId,
  initialSort,
  onRowOpen,
  rowTestId,
  rowAttributes,
  columnChoice = false,
  initialHidden,
  exportName,
}: {
  data: T[];
  // TanStack's own examples type column arrays this way: each column has its own value type.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  caption: string;
  empty: ReactNode;
  testId?: string;
  getRowId?: (row: T) => string;
  initialSort?: SortingState;
  /** Opens a row (an editor or details); makes rows focusable and keyboard-navigable. */
  onRowOpen?: (row: T) => void;
  rowTestId?: (row: T) => string;
  /** Extra `data-*` attributes of a row, for tests that pick a row by what it shows (`data-sku`). */
  rowAttributes?: (row: T) => Record<`data-${string}`, string>;
  /** Offer a menu to show and hide columns (those without `enableHiding: false`). */
  columnChoice?: boolean;
  /** Column ids hidden until the user shows them. */
  initialHidden?: string[];
  /** What the table lists, for the exported file's name (`sentia-<name>.xlsx`); no export when absent. */
  exportName?: string;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSort ?? []);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(() =>
    Object.fromEntries((initialHidden ?? []).map((id) => [id, false])),
  );
  // The row in the tab order; arrow keys move it (roving tabindex).
  const [activeRow, setActiveRow] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  // Outside a signed-in shell (tests, the sign-in screens) there is no session and no export.
  const sessionContext = useContext(SessionContext);
  const localeSettings = useLocale();
  const [exportState, setExportState] = useState<
    | { kind: "idle" }
    | { kind: "busy"; format: TableFormat }
    | { kind: "saved"; path: string }
    | { kind: "failed"; message: string }
  >({ kind: "idle" });
  // TanStack Table returns non-memoisable functions by design; the React Compiler lint knows.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    state: { sorting, columnVisibility },
    onSortingChange: setSorting,
    onColumnVisibilityChange: setColumnVisibility,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    ...(getRowId ? { getRowId } : {}),
  });

  if (data.length === 0) return <>{empty}</>;

  const rows = table.getRowModel().rows;
  const focusRow = (index: number) => {
    setActiveRow(index);
    (bodyRef.current?.children.item(index) as HTMLElement | null | undefined)?.focus();
  };
  const onRowKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, index: number, row: T) => {
    // Keys pressed on a button inside the row are the button's.
    if (e.target !== e.currentTarget) return;
    if (e.key === "Enter") {
      e.preventDefault();
      onRowOpen?.(row);
      return;
    }
    const next = nextRowIndex(e.key, index, rows.length);
    if (next !== null) {
      e.preventDefault();
      focusRow(next);
    }
  };
  // Sorting or filtering may leave the remembered row past the end.
  const tabRow = Math.min(activeRow, rows.length - 1);
  const hideable = table.getAllLeafColumns().filter((c) => c.getCanHide());
  const showChooser = columnChoice && hideable.length > 0;
  const canExport = exportName !== undefined && sessionContext !== null && hasPermission(sessionContext.session, "data.export");

  // The webview cannot choose where files go: Rust writes the file in the exports folder and
  // records the export in the audit log.
  const exportAs = async (format: TableFormat) => {
    if (!exportName) return;
    setExportState({ kind: "busy", format });
    const res = await commands.exportTable({ name: exportName, format, ...tableExportRows(table) });
    if (res.status === "ok") {
      setExportState({ kind: "saved", path: res.data.path });
      return;
    }
    const error = describeError(res.error, { ...localeSettings, action: "export the table" });
    if (error.signedOut) return sessionContext?.expire();
    setExportState({ kind: "failed", message: `${error.title}. ${error.message}` });
  };

  return (
    <>
      {/* Outside the scrolling wrapper, which would clip the open menu. */}
      {showChooser || canExport ? (
        <div className="table-tools">
          {canExport ? (
            <>
              {exportState.kind === "saved" ? (
                <span className="muted" role="status" data-testid="table-export-saved">
                  Saved to {exportState.path}
                </span>
              ) : null}
              {exportState.kind === "failed" ? (
                <span className="text-error" role="alert" data-testid="table-export-failed">
                  {exportState.message}
                </span>
              ) : null}
              <div className="table-export" role="group" aria-label={`Export ${caption}`}>
                <span className="muted" aria-hidden="true">
                  Export
                </span>
                {(["xlsx", "csv"] as const).map((format) => (
                  <Button
                    key={format}
                    variant="ghost"
                    onClick={() => void exportAs(format)}
                    busy={exportState.kind === "busy" && exportState.format === format}
                    disabled={exportState.kind === "busy"}
                    title={format === "xlsx" ? "Excel workbook" : "Comma-separated text"}
                    data-testid={`table-export-${format}`}
                  >
                    {format.toUpperCase()}
                  </Button>
                ))}
              </div>
            </>
          ) : null}
          {showChooser ? (
            <details className="column-chooser" data-testid={testId ? `${testId}-columns` : undefined}>
              <summary className="btn btn-ghost">Columns</summary>
              <fieldset className="column-chooser-panel">
                <legend className="visually-hidden">Columns to show</legend>
                {hideable.map((c) => (
                  <label key={c.id} className="checkbox-row">
                    <input
                      type="checkbox"
                      checked={c.getIsVisible()}
                      // The last visible column stays: a table without columns shows nothing to choose from.
                      disabled={c.getIsVisible() && table.getVisibleLeafColumns().length === 1}
                      onChange={c.getToggleVisibilityHandler()}
                      data-testid={testId ? `${testId}-column-${c.id}` : undefined}
                    />
                    {columnName(c)}
                  </label>
                ))}
              </fieldset>
            </details>
          ) : null}
        </div>
      ) : null}
      <div className="table-wrap">
        <table className="data-table" data-testid={testId}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  const numeric = header.column.columnDef.meta?.numeric;
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={numeric ? "num" : undefined}
                      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true" className="sort-indicator">
                            {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                          </span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody ref={bodyRef}>
            {rows.map((row, index) => (
              <tr
                key={row.id}
                {...rowAttributes?.(row.original)}
                data-testid={rowTestId?.(row.original)}
                className={onRowOpen ? "row-openable" : undefined}
                tabIndex={onRowOpen ? (index === tabRow ? 0 : -1) : undefined}
                onFocus={
                  onRowOpen
                    ? (e) => {
                        if (e.target === e.currentTarget) setActiveRow(index);
                      }
                    : undefined
                }
                onKeyDown={onRowOpen ? (e) => onRowKeyDown(e, index, row.original) : undefined}
                onClick={
                  onRowOpen
                    ? (e) => {
                        if (!fromControl(e)) onRowOpen(row.original);
                      }
                    : undefined
                }
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={cell.column.columnDef.meta?.numeric ? "num" : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
