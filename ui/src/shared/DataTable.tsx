import {
  type Column,
  type ColumnDef,
  type SortingState,
  type VisibilityState,
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
} from "@tanstack/react-table";
import { type KeyboardEvent, type MouseEvent, type ReactNode, useRef, useState } from "react";

export type { ColumnDef, SortingFn } from "@tanstack/react-table";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** Right-align numbers so digits line up. */
    numeric?: boolean;
    /** The column's name in the column chooser when its header is not plain text. */
    label?: string;
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

function columnName<T>(column: Column<T, unknown>): string {
  const header = column.columnDef.header;
  return column.columnDef.meta?.label ?? (typeof header === "string" ? header : column.id);
}

/**
 * A sortable, accessible table over TanStack Table (headless: we own the markup, so it uses
 * real <table> semantics, aria-sort and keyboard-operable header buttons).
 *
 * With `onRowOpen`, rows can be opened: by click, or by Enter on a row reached with Tab and
 * the arrow keys (one row is in the tab order at a time, as in a WAI-ARIA grid). With
 * `columnChoice`, a "Columns" menu shows and hides the columns that allow it.
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
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSort ?? []);
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(() =>
    Object.fromEntries((initialHidden ?? []).map((id) => [id, false])),
  );
  // The row in the tab order; arrow keys move it (roving tabindex).
  const [activeRow, setActiveRow] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
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

  return (
    <>
      {/* Outside the scrolling wrapper, which would clip the open menu. */}
      {columnChoice && hideable.length > 0 ? (
        <div className="table-tools">
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
