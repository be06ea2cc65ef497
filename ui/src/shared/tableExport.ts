import type { Column, Table } from "@tanstack/react-table";
import type { ColumnKind, ExportCell, TableExport } from "../lib/ipc";
import { isDecimalString } from "./format";

const ISO_DATE_START_RE = /^\d{4}-\d{2}-\d{2}/;

/** The column's name as the column chooser and an export show it. */
export function columnName<T>(column: Column<T, unknown>): string {
  const header = column.columnDef.header;
  return column.columnDef.meta?.label ?? (typeof header === "string" ? header : column.id);
}

/** How a column's cells are written: its `exportKind`, else a decimal for numeric columns. */
export function exportKind<T>(column: Column<T, unknown>): ColumnKind {
  const meta = column.columnDef.meta;
  return meta?.exportKind ?? (meta?.numeric ? "decimal" : "text");
}

/**
 * One value as the cell Rust writes. Decimal strings become numbers in number columns: a
 * spreadsheet cell is a double anyway, and the text form would not sum. Empty text is an
 * empty cell (accessors send "" for a missing value so that it sorts).
 */
export function exportCell(value: unknown, kind: ColumnKind): ExportCell {
  if (value === null || value === undefined || value === "") return null;
  switch (kind) {
    case "integer":
    case "decimal":
    case "percent":
      if (typeof value === "number") return Number.isFinite(value) ? value : null;
      if (typeof value === "string" && isDecimalString(value)) return Number(value);
      return String(value);
    case "date":
      // Rust reads `YYYY-MM-DD` as a date cell; the rest of an ISO timestamp would stop it.
      if (typeof value === "string" && ISO_DATE_START_RE.test(value)) return value.slice(0, 10);
      return String(value);
    case "text":
      return String(value);
  }
}

/**
 * The columns and rows of `table` as the user sees them: visible columns in their order, rows
 * in the current sort order. Columns without a value (a checkbox, the row's buttons) are left
 * out; a column's `exportValue` takes the place of its accessor.
 */
export function tableExportRows<T>(table: Table<T>): Pick<TableExport, "columns" | "rows"> {
  const columns = table
    .getVisibleLeafColumns()
    .filter((column) => column.accessorFn !== undefined || column.columnDef.meta?.exportValue !== undefined)
    .map((column) => ({ column, kind: exportKind(column) }));
  return {
    columns: columns.map(({ column, kind }) => ({ header: columnName(column), kind })),
    rows: table.getRowModel().rows.map((row) =>
      columns.map(({ column, kind }) => {
        const exportValue = column.columnDef.meta?.exportValue;
        return exportCell(exportValue ? exportValue(row.original) : row.getValue(column.id), kind);
      }),
    ),
  };
}
