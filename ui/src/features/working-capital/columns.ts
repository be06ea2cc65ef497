// Table columns of decimal figures: shown formatted, sorted and exported on the exact strings.

import type { ColumnDef } from "../../shared/DataTable";
import { compareDecimal } from "../../shared/format";
import { type Granularity, periodHeader, periodLabel } from "./periods";

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

/**
 * The period column: "Mar 2027", "w/c 8 Dec 2026" or "Tue 8 Dec" on screen by the
 * projection's granularity, the period's first day in an export.
 */
export function periodColumn<T extends { month: string }>(locale: string, granularity: Granularity = "month"): ColumnDef<T, unknown> {
  return {
    id: "month",
    header: periodHeader(granularity),
    accessorFn: (row) => row.month,
    cell: (c) => periodLabel(c.row.original.month, granularity, locale),
    enableHiding: false,
    meta: { exportKind: "date" },
  };
}
