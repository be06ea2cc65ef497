// Table columns of decimal figures: shown formatted, sorted and exported on the exact strings.

import type { ColumnDef } from "../../shared/DataTable";
import { compareDecimal, formatMonth } from "../../shared/format";

/** An amount column: formatted by `format`, sorted exactly, exported as a number. */
export function decimalColumn<T>(id: string, header: string, get: (row: T) => string | null, format: (value: string) => string): ColumnDef<T, unknown> {
  return {
    id,
    header,
    // "" for a missing figure, so that it sorts and exports as empty.
    accessorFn: (row) => get(row) ?? "",
    sortingFn: (a, b) => compareDecimal(get(a.original), get(b.original)),
    cell: (c) => {
      const value = get(c.row.original);
      return value === null ? "—" : format(value);
    },
    meta: { numeric: true, exportKind: "decimal" },
  };
}

/** The month column: "Mar 2027" on screen, its first day in an export. */
export function monthColumn<T extends { month: string }>(locale: string): ColumnDef<T, unknown> {
  return {
    id: "month",
    header: "Month",
    accessorFn: (row) => row.month,
    cell: (c) => formatMonth(c.row.original.month, locale),
    enableHiding: false,
    meta: { exportKind: "date" },
  };
}

/** A month's row test id part: "2027-03-01" → "2027-03". */
export function monthKey(month: string): string {
  return month.slice(0, 7);
}
