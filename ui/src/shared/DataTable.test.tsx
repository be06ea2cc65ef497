// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { byTestId, render, until } from "../test/render";
import { type ColumnDef, DataTable, nextRowIndex } from "./DataTable";

const ipc = vi.hoisted(() => ({ exportTable: vi.fn() }));
vi.mock("../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../lib/ipc")>()),
  commands: ipc,
}));

beforeEach(() => {
  ipc.exportTable.mockReset();
});

interface Row {
  id: string;
  name: string;
  qty: number;
}

const rows: Row[] = [
  { id: "a", name: "Alpha", qty: 3 },
  { id: "b", name: "Bravo", qty: 1 },
  { id: "c", name: "Charlie", qty: 2 },
];
const columns: ColumnDef<Row, unknown>[] = [
  { id: "name", header: "Name", accessorFn: (r) => r.name, enableHiding: false },
  { id: "qty", header: "Quantity", accessorFn: (r) => r.qty },
];

const press = (el: Element | null | undefined, key: string) =>
  act(() => {
    el?.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
  });

describe("row navigation keys", () => {
  it("move one row at a time, stop at the ends and jump with Home and End", () => {
    expect(nextRowIndex("ArrowDown", 0, 3)).toBe(1);
    expect(nextRowIndex("ArrowDown", 2, 3)).toBe(2);
    expect(nextRowIndex("ArrowUp", 0, 3)).toBe(0);
    expect(nextRowIndex("Home", 2, 3)).toBe(0);
    expect(nextRowIndex("End", 0, 3)).toBe(2);
    expect(nextRowIndex("a", 0, 3)).toBeNull();
    expect(nextRowIndex("ArrowDown", 0, 0)).toBeNull();
  });
});

describe("data table", () => {
  it("stays a plain table for callers that open no rows", () => {
    const el = render(<DataTable data={rows} columns={columns} caption="Rows" empty="none" testId="t" />);
    const tr = byTestId(el, "t")?.querySelector("tbody tr");
    expect(tr?.hasAttribute("tabindex")).toBe(false);
    expect(byTestId(el, "t-columns")).toBeNull();
  });

  it("puts a row's own data attributes on it, for tests that pick a row by what it shows", () => {
    const el = render(
      <DataTable data={rows} columns={columns} caption="Rows" empty="none" rowTestId={() => "row"} rowAttributes={(r) => ({ "data-name": r.name })} />,
    );
    expect(Array.from(el.querySelectorAll('[data-testid="row"]'), (tr) => tr.getAttribute("data-name"))).toEqual(["Alpha", "Bravo", "Charlie"]);
  });

  it("opens the row reached with the arrow keys on Enter, and not when a button in it is used", () => {
    const open = vi.fn();
    const el = render(
      <DataTable
        data={rows}
        columns={[...columns, { id: "act", header: "", cell: () => <button type="button">Do</button>, enableHiding: false }]}
        caption="Rows"
        empty="none"
        testId="t"
        rowTestId={(r) => `row-${r.id}`}
        onRowOpen={open}
      />,
    );
    const first = byTestId<HTMLTableRowElement>(el, "row-a");
    act(() => first?.focus());
    press(first, "End");
    expect(document.activeElement).toBe(byTestId(el, "row-c"));
    press(document.activeElement, "ArrowUp");
    expect(document.activeElement).toBe(byTestId(el, "row-b"));
    press(document.activeElement, "Enter");
    expect(open).toHaveBeenCalledWith(rows[1]);
    // One row is in the tab order: the last one reached.
    expect([...el.querySelectorAll("tbody tr")].map((tr) => (tr as HTMLElement).tabIndex)).toEqual([-1, 0, -1]);

    act(() => byTestId(el, "row-c")?.querySelector("button")?.click());
    press(byTestId(el, "row-c")?.querySelector("button"), "Enter");
    expect(open).toHaveBeenCalledTimes(1);
    act(() => byTestId<HTMLElement>(el, "row-c")?.querySelector("td")?.click());
    expect(open).toHaveBeenLastCalledWith(rows[2]);
  });

  it("hides the columns chosen, starting from the initially hidden ones", () => {
    const el = render(
      <DataTable data={rows} columns={columns} caption="Rows" empty="none" testId="t" columnChoice initialHidden={["qty"]} />,
    );
    const headers = () => [...el.querySelectorAll("thead th")].map((th) => th.textContent);
    expect(headers()).toEqual(["Name"]);
    // Name cannot be hidden: it is not offered.
    expect(byTestId(el, "t-column-name")).toBeNull();
    act(() => byTestId<HTMLInputElement>(el, "t-column-qty")?.click());
    expect(headers()).toEqual(["Name", "Quantity"]);
  });

  it("keeps the last visible column", () => {
    const hideable = columns.map((c) => ({ ...c, enableHiding: true }));
    const el = render(<DataTable data={rows} columns={hideable} caption="Rows" empty="none" testId="t" columnChoice />);
    act(() => byTestId<HTMLInputElement>(el, "t-column-name")?.click());
    expect(byTestId<HTMLInputElement>(el, "t-column-qty")?.disabled).toBe(true);
    expect([...el.querySelectorAll("thead th")].map((th) => th.textContent)).toEqual(["Quantity"]);
  });

  it("offers the export only to those who may export", () => {
    const table = <DataTable data={rows} columns={columns} caption="Rows" empty="none" testId="t" exportName="rows" />;
    const viewer = render(table, { session: { permissions: ["dashboard.view"] } });
    expect(byTestId(viewer, "table-export-xlsx")).toBeNull();
    expect(byTestId(viewer, "table-export-csv")).toBeNull();
    const exporter = render(table, { session: { permissions: ["dashboard.view", "data.export"] } });
    expect(byTestId(exporter, "table-export-xlsx")).not.toBeNull();
    expect(byTestId(exporter, "table-export-csv")).not.toBeNull();
    // Without a name there is nothing to call the file.
    const unnamed = render(<DataTable data={rows} columns={columns} caption="Rows" empty="none" />, { session: { permissions: ["data.export"] } });
    expect(byTestId(unnamed, "table-export-xlsx")).toBeNull();
  });

  it("exports the visible columns in the order shown and says where the file went", async () => {
    ipc.exportTable.mockResolvedValue({ status: "ok", data: { path: "/home/ana/Downloads/sentia-rows.xlsx", fileName: "sentia-rows.xlsx" } });
    const withActions: ColumnDef<Row, unknown>[] = [
      ...columns,
      { id: "share", header: "Share", accessorFn: (r) => `0.${r.qty}`, meta: { numeric: true, exportKind: "percent" } },
      { id: "act", header: "", cell: () => <button type="button">Do</button>, enableHiding: false },
    ];
    const el = render(
      <DataTable
        data={rows}
        columns={withActions}
        caption="Rows"
        empty="none"
        testId="t"
        exportName="rows"
        columnChoice
        initialSort={[{ id: "qty", desc: true }]}
        initialHidden={["share"]}
      />,
      { session: { permissions: ["data.export"] } },
    );
    act(() => byTestId<HTMLInputElement>(el, "t-column-share")?.click());
    act(() => byTestId<HTMLInputElement>(el, "t-column-qty")?.click());
    await act(async () => byTestId(el, "table-export-xlsx")?.click());
    await until(() => byTestId(el, "table-export-saved") !== null);
    expect(ipc.exportTable).toHaveBeenCalledTimes(1);
    expect(ipc.exportTable).toHaveBeenCalledWith({
      name: "rows",
      format: "xlsx",
      columns: [
        { header: "Name", kind: "text" },
        { header: "Share", kind: "percent" },
      ],
      // Still sorted by quantity, descending, although the column is hidden.
      rows: [
        ["Alpha", 0.3],
        ["Charlie", 0.2],
        ["Bravo", 0.1],
      ],
    });
    expect(byTestId(el, "table-export-saved")?.textContent).toBe("Saved to /home/ana/Downloads/sentia-rows.xlsx");
  });

  it("words a refused export from its kind", async () => {
    ipc.exportTable.mockResolvedValue({ status: "error", error: { kind: "forbidden", permission: "data.export" } });
    const el = render(<DataTable data={rows} columns={columns} caption="Rows" empty="none" exportName="rows" />, {
      session: { permissions: ["data.export"] },
    });
    await act(async () => byTestId(el, "table-export-csv")?.click());
    await until(() => byTestId(el, "table-export-failed") !== null);
    expect(ipc.exportTable).toHaveBeenCalledWith(expect.objectContaining({ format: "csv" }));
    expect(byTestId(el, "table-export-failed")?.textContent).toMatch(/^Not permitted\. /);
    expect(byTestId(el, "table-export-saved")).toBeNull();
  });
});
