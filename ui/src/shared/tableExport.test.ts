import {
  type ColumnDef,
  type SortingState,
  type VisibilityState,
  createTable,
  getCoreRowModel,
  getSortedRowModel,
} from "@tanstack/react-table";
import { describe, expect, it } from "vitest";
import { exportCell, tableExportRows } from "./tableExport";

interface Sale {
  id: string;
  sku: string;
  soldOn: string;
  units: number;
  revenue: string;
  margin: string | null;
  channel: { name: string };
}

const sales: Sale[] = [
  { id: "1", sku: "GR-UK-30", soldOn: "2026-03-02", units: 12, revenue: "1234.50", margin: "0.25", channel: { name: "Amazon UK" } },
  { id: "2", sku: "GG-EU-60", soldOn: "2026-01-15T09:30:00Z", units: 3, revenue: "-20.00", margin: null, channel: { name: "Shop EU" } },
  { id: "3", sku: "AB-US-10", soldOn: "", units: 7, revenue: "n/a", margin: "0.1", channel: { name: "Walmart" } },
];

const columns: ColumnDef<Sale, unknown>[] = [
  { id: "pick", header: "Choose", cell: () => null },
  { id: "sku", header: "SKU", accessorFn: (s) => s.sku },
  { id: "soldOn", header: "Sold on", accessorFn: (s) => s.soldOn, meta: { exportKind: "date" } },
  { id: "units", header: "Units", accessorFn: (s) => s.units, meta: { numeric: true, exportKind: "integer" } },
  { id: "revenue", header: () => "Revenue", accessorFn: (s) => s.revenue, meta: { numeric: true, label: "Revenue (GBP)" } },
  { id: "margin", header: "Margin", accessorFn: (s) => s.margin, meta: { numeric: true, exportKind: "percent" } },
  { id: "channel", header: "Channel", accessorFn: (s) => s.channel, meta: { exportValue: (s) => s.channel.name } },
  { id: "actions", header: "Actions", cell: () => null },
];

/** A headless table as DataTable builds it (useReactTable does the same), with this sort and these hidden columns. */
function table(sorting: SortingState = [], columnVisibility: VisibilityState = {}) {
  const t = createTable<Sale>({
    data: sales,
    columns,
    state: {},
    onStateChange: () => {},
    renderFallbackValue: null,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  t.setOptions((options) => ({ ...options, state: { ...t.initialState, sorting, columnVisibility } }));
  return t;
}

describe("a cell for export", () => {
  it("keeps numbers and turns decimal strings into numbers in number columns", () => {
    expect(exportCell(12, "integer")).toBe(12);
    expect(exportCell("1234.50", "decimal")).toBe(1234.5);
    expect(exportCell("-0.0825", "percent")).toBe(-0.0825);
    expect(exportCell("n/a", "decimal")).toBe("n/a");
    expect(exportCell(Number.NaN, "decimal")).toBeNull();
  });

  it("writes missing values as empty cells", () => {
    for (const kind of ["text", "integer", "decimal", "percent", "date"] as const) {
      expect(exportCell(null, kind)).toBeNull();
      expect(exportCell(undefined, kind)).toBeNull();
      expect(exportCell("", kind)).toBeNull();
    }
  });

  it("keeps the calendar date of a date or timestamp and text of anything else", () => {
    expect(exportCell("2026-03-02", "date")).toBe("2026-03-02");
    expect(exportCell("2026-01-15T09:30:00Z", "date")).toBe("2026-01-15");
    expect(exportCell("soon", "date")).toBe("soon");
    expect(exportCell(42, "text")).toBe("42");
    expect(exportCell("12.50", "text")).toBe("12.50");
    expect(exportCell(true, "text")).toBe("true");
  });
});

describe("a table for export", () => {
  it("has the value columns with their headers and kinds, and none of the display columns", () => {
    expect(tableExportRows(table()).columns).toEqual([
      { header: "SKU", kind: "text" },
      { header: "Sold on", kind: "date" },
      { header: "Units", kind: "integer" },
      { header: "Revenue (GBP)", kind: "decimal" },
      { header: "Margin", kind: "percent" },
      { header: "Channel", kind: "text" },
    ]);
  });

  it("converts every row's cells by its column's kind", () => {
    expect(tableExportRows(table()).rows).toEqual([
      ["GR-UK-30", "2026-03-02", 12, 1234.5, 0.25, "Amazon UK"],
      ["GG-EU-60", "2026-01-15", 3, -20, null, "Shop EU"],
      ["AB-US-10", null, 7, "n/a", 0.1, "Walmart"],
    ]);
  });

  it("leaves out hidden columns", () => {
    const out = tableExportRows(table([], { soldOn: false, revenue: false }));
    expect(out.columns.map((c) => c.header)).toEqual(["SKU", "Units", "Margin", "Channel"]);
    expect(out.rows[0]).toEqual(["GR-UK-30", 12, 0.25, "Amazon UK"]);
  });

  it("lists the rows in the current sort order", () => {
    const skus = (sorting: SortingState) => tableExportRows(table(sorting)).rows.map((r) => r[0]);
    expect(skus([{ id: "units", desc: true }])).toEqual(["GR-UK-30", "AB-US-10", "GG-EU-60"]);
    expect(skus([{ id: "sku", desc: false }])).toEqual(["AB-US-10", "GG-EU-60", "GR-UK-30"]);
  });
});
