// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ColumnMapping, CommandResult, FilePreview, ImportProgress, ImportReport, Permission } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { BATCH_ID, batch, progress, report, rowError } from "./fixtures.test-data";
import { ImportScreen } from "./ImportScreen";

const ipc = vi.hoisted(() => ({
  listChannels: vi.fn(),
  listImportBatches: vi.fn(),
  importSales: vi.fn(),
  previewImportFile: vi.fn(),
  cancelImport: vi.fn(),
  importBatchErrors: vi.fn(),
  rollbackImport: vi.fn(),
  saveImportTemplate: vi.fn(),
  exportImportErrors: vi.fn(),
}));
// Progress arrives on a channel passed with the call; the stand-in keeps its handler so a test
// can send messages, and counts the channels made (one per run).
const progressChannels = vi.hoisted(() => {
  const state = { onMessage: null as ((p: unknown) => void) | null, made: 0 };
  return {
    state,
    progressChannel: (onMessage: (p: unknown) => void) => {
      state.onMessage = onMessage;
      state.made += 1;
      return { id: state.made };
    },
  };
});
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
  progressChannel: progressChannels.progressChannel,
}));

const IMPORTER: Permission[] = ["dashboard.view", "data.export", "data.import"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const PATH = "/home/fiona/Downloads/orders.csv";

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  progressChannels.state.onMessage = null;
  progressChannels.state.made = 0;
  ipc.listChannels.mockResolvedValue(
    ok([
      { id: "c-1", fields: { name: "Shopify UK", active: true } },
      { id: "c-2", fields: { name: "Old shop", active: false } },
    ]),
  );
  ipc.listImportBatches.mockResolvedValue(ok([]));
  ipc.cancelImport.mockResolvedValue(ok(null));
  ipc.previewImportFile.mockResolvedValue(ok(preview({ layout: "template" })));
});

/** A file's first rows as Rust sends them: by default an ERP export of no known layout. */
function preview(over: Partial<FilePreview> = {}): FilePreview {
  const rows = Array.from({ length: 15 }, (_, i) => [
    `2026-11-${String(i + 1).padStart(2, "0")}`,
    `B-${1000 + i}`,
    "GABA_RED_UK",
    String(i + 1),
    "12.50",
    "GBP",
    i === 0 ? "a note long enough to need the table to scroll sideways" : "",
  ]);
  return {
    file: "erp.csv",
    header: ["Datum", "Belegnr", "Artikel", "Menge", "Einzelpreis", "Währung", "Notiz"],
    rows,
    layout: null,
    remembered: null,
    ...over,
  };
}

const renderImport = () => render(<ImportScreen />, { path: "/import", session: { permissions: IMPORTER, username: "fiona.finance" } });

/** Types into a field (or picks an option) as React sees a user do it. */
async function typeInto(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLInputElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  const proto =
    field instanceof HTMLSelectElement
      ? HTMLSelectElement.prototype
      : field instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

const text = (el: HTMLElement, id: string) => byTestId(el, id)?.textContent ?? null;

/** A command that answers when the test says so. */
function deferred<T>() {
  let resolve: (value: CommandResult<T>) => void = () => {};
  const promise = new Promise<CommandResult<T>>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function sendProgress(p: ImportProgress) {
  await act(async () => progressChannels.state.onMessage?.(p));
}

async function checkFile(el: HTMLElement, path = PATH) {
  await typeInto(el, "import-path", path);
  await click(byTestId(el, "import-check"));
}

describe("import screen", () => {
  it("checks a typed path, then imports it with the same request and lists the batch", async () => {
    ipc.importSales.mockResolvedValueOnce(ok(report())).mockResolvedValueOnce(
      ok(report({ outcome: "imported", batchId: BATCH_ID, rowsWritten: 1234 })),
    );
    const el = renderImport();
    await until(() => byTestId(el, "import-batches-empty") !== null);
    expect(text(el, "import-batches-empty")).toContain("No imports yet — check a file above to start.");
    expect(byTestId(el, "import-commit")).toBeNull();

    await typeInto(el, "import-channel", "Shopify UK");
    await checkFile(el);
    await until(() => byTestId(el, "import-report") !== null);
    expect(ipc.previewImportFile).toHaveBeenCalledWith(PATH);
    expect(byTestId(el, "import-mapping")).toBeNull();
    expect(ipc.importSales).toHaveBeenCalledWith({ path: PATH, channel: "Shopify UK", layout: null, mode: "allOrNothing", dryRun: true, mapping: null }, { id: 1 });
    expect(text(el, "import-outcome")).toBe("Checked: all 1,234 rows are valid. Nothing is written until you import them.");
    expect(text(el, "import-quality")).toBe("97.3%");
    expect(text(el, "import-period")).toBe("1 Nov 2026 – 30 Nov 2026");
    expect(text(el, "import-count-read")).toBe("1,240");
    expect(text(el, "import-commit")).toBe("Import 1,234 rows");

    ipc.listImportBatches.mockResolvedValue(ok([batch()]));
    await click(byTestId(el, "import-commit"));
    await until(() => byTestId(el, "import-batch-row") !== null);
    expect(ipc.importSales).toHaveBeenLastCalledWith({ path: PATH, channel: "Shopify UK", layout: null, mode: "allOrNothing", dryRun: false, mapping: null }, { id: 2 });
    expect(text(el, "import-outcome")).toBe("Imported 1,234 rows as batch 3f2a9c1e.");
    expect(byTestId(el, "import-commit")).toBeNull();
    expect(text(el, "import-batch-row")).toContain("Priya Shah");
    expect(text(el, "import-batch-status")).toBe("Imported");
    // Each run reports on a channel of its own.
    expect(progressChannels.state.made).toBe(2);
  });

  it("lists only active channels, and asks for a file before checking", async () => {
    const el = renderImport();
    await until(() => (byTestId<HTMLSelectElement>(el, "import-channel")?.options.length ?? 0) > 1);
    expect(Array.from(byTestId<HTMLSelectElement>(el, "import-channel")?.options ?? []).map((o) => o.textContent)).toEqual(["From the file", "Shopify UK"]);
    await click(byTestId(el, "import-check"));
    expect(ipc.importSales).not.toHaveBeenCalled();
    expect(byTestId(el, "import-path")?.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(byTestId(el, "import-path"));
  });

  it("saves the template where it says", async () => {
    ipc.saveImportTemplate.mockResolvedValue(ok({ path: "/home/fiona/Downloads/sentia-sales-template.csv", fileName: "sentia-sales-template.csv" }));
    const el = renderImport();
    await click(byTestId(el, "import-template"));
    await until(() => byTestId(el, "import-template-saved") !== null);
    expect(text(el, "import-template-saved")).toBe("Template saved to /home/fiona/Downloads/sentia-sales-template.csv");
  });

  it("checks a path pasted with quotes around it, and does so on Enter", async () => {
    ipc.importSales.mockResolvedValue(ok(report()));
    const el = renderImport();
    await typeInto(el, "import-path", '"C:\\Users\\fiona\\orders.csv"');
    const form = byTestId(el, "import-path")?.closest("form");
    await act(async () => form?.requestSubmit());
    await until(() => byTestId(el, "import-report") !== null);
    expect(ipc.importSales).toHaveBeenCalledWith(expect.objectContaining({ path: "C:\\Users\\fiona\\orders.csv", dryRun: true }), expect.anything());
  });

  it("shows progress while running and says a cancelled import wrote nothing", async () => {
    ipc.importSales.mockResolvedValueOnce(ok(report()));
    const el = renderImport();
    await checkFile(el);
    await until(() => byTestId(el, "import-commit") !== null);

    const running = deferred<ImportReport>();
    ipc.importSales.mockReturnValueOnce(running.promise);
    await click(byTestId(el, "import-commit"));
    await until(() => byTestId(el, "import-progress") !== null);
    expect(text(el, "import-stage")).toBe("Starting…");
    expect(byTestId<HTMLButtonElement>(el, "import-commit")?.disabled).toBe(true);

    await sendProgress(progress());
    expect(text(el, "import-stage")).toBe("Reading the file: 12,000 rows read (45%), about 8,013 rows a second");
    expect(byTestId<HTMLProgressElement>(el, "import-progress-bar")?.value).toBeCloseTo(0.45);
    await sendProgress(progress({ stage: "writing", rowsValidated: 12000, rowsWritten: 3000, fractionRead: 1 }));
    expect(text(el, "import-stage")).toBe("Writing to the sales history: 3,000 rows written");
    expect(byTestId(el, "import-progress-bar")?.hasAttribute("value")).toBe(false);

    await click(byTestId(el, "import-cancel"));
    expect(ipc.cancelImport).toHaveBeenCalledTimes(1);
    expect(text(el, "import-cancel")).toContain("Cancelling…");
    await act(async () => running.resolve({ status: "error", error: { kind: "cancelled" } }));
    await until(() => byTestId(el, "import-cancelled") !== null);
    expect(text(el, "import-cancelled")).toBe("Import cancelled; nothing was written.");
    expect(byTestId(el, "import-error")).toBeNull();
    expect(byTestId(el, "import-progress")).toBeNull();
    // The check still stands: the import can be started again.
    expect(byTestId<HTMLButtonElement>(el, "import-commit")?.disabled).toBe(false);
    expect(ipc.listImportBatches).toHaveBeenCalledTimes(1);
  });

  it("words a failed import as an error", async () => {
    ipc.importSales.mockResolvedValue({ status: "error", error: { kind: "file", path: PATH, message: "no such file or directory" } });
    const el = renderImport();
    await checkFile(el);
    await until(() => byTestId(el, "import-error") !== null);
    expect(text(el, "import-error")).toContain(`Could not check orders.csv: ${PATH} — no such file or directory.`);
  });

  it("refuses to import a check whose choices changed, and one all or nothing would reject", async () => {
    ipc.importSales.mockResolvedValue(ok(report({ rowsValid: 1231, rowsRejected: 3, errors: [rowError(2, "unknownSku")] })));
    const el = renderImport();
    await checkFile(el);
    await until(() => byTestId(el, "import-commit") !== null);
    expect(byTestId<HTMLButtonElement>(el, "import-commit")?.disabled).toBe(true);
    expect(text(el, "import-commit-hint")).toBe("Fix the rows with errors and check again, or choose “Import valid rows only”.");

    await click(byTestId(el, "import-mode-valid-only"));
    expect(byTestId<HTMLButtonElement>(el, "import-commit")?.disabled).toBe(true);
    expect(text(el, "import-commit-hint")).toBe("The file or the choices changed since the check: check the file again.");

    await click(byTestId(el, "import-check"));
    await until(() => byTestId<HTMLButtonElement>(el, "import-commit")?.disabled === false);
    expect(ipc.importSales).toHaveBeenLastCalledWith({ path: PATH, channel: null, layout: null, mode: "validOnly", dryRun: true, mapping: null }, expect.anything());
    expect(text(el, "import-commit")).toBe("Import 1,231 rows");
  });

  it("lists the row errors, filters them by problem and downloads them as CSV", async () => {
    const errors = [
      rowError(2, "unknownSku", { suggestion: "GABA_RED_UK" }),
      rowError(3, "futureDate", { column: "date", value: "2031-01-01", message: "the date is in the future" }),
      rowError(5, "unknownSku"),
    ];
    ipc.importSales.mockResolvedValue(ok(report({ outcome: "rejected", rowsValid: 1231, rowsRejected: 3, errors })));
    ipc.exportImportErrors.mockResolvedValue(ok({ path: "/home/fiona/Downloads/orders-errors.csv", fileName: "orders-errors.csv" }));
    const el = renderImport();
    await checkFile(el);
    await until(() => byTestId(el, "import-errors") !== null);
    expect(text(el, "import-outcome")).toBe("Rejected: 3 rows have errors; nothing was written.");
    const rows = () => Array.from(el.querySelectorAll('[data-testid="import-error-row"]'));
    expect(rows()).toHaveLength(3);
    expect(rows()[0]?.textContent).toContain("Unknown SKU");
    expect(rows()[0]?.textContent).toContain("Did you mean GABA_RED_UK?");
    expect(text(el, "import-error-filter-unknownSku")).toBe("Unknown SKU 2");

    await click(byTestId(el, "import-error-filter-futureDate"));
    expect(rows()).toHaveLength(1);
    expect(rows()[0]?.textContent).toContain("2031-01-01");
    expect(byTestId(el, "import-error-filter-futureDate")?.getAttribute("aria-pressed")).toBe("true");
    await click(byTestId(el, "import-error-filter-all"));
    expect(rows()).toHaveLength(3);

    await click(byTestId(el, "import-errors-export"));
    await until(() => byTestId(el, "import-errors-saved") !== null);
    expect(ipc.exportImportErrors).toHaveBeenCalledWith("orders.csv", errors);
    expect(text(el, "import-errors-saved")).toBe("Saved to /home/fiona/Downloads/orders-errors.csv");
    expect(byTestId(el, "import-commit")).toBeNull();
  });

  it("rolls a batch back only with a reason, then shows who did it", async () => {
    ipc.listImportBatches.mockResolvedValue(ok([batch()]));
    const rolled = batch({ rolledBack: { by: "fiona.finance", at: "2026-12-02T10:30:00Z", reason: "wrong channel" } });
    ipc.rollbackImport.mockResolvedValue(ok(rolled));
    const el = renderImport();
    await until(() => byTestId(el, "import-rollback") !== null);
    await click(byTestId(el, "import-rollback"));
    await until(() => byTestId(el, "import-rollback-dialog") !== null);
    expect(text(el, "import-rollback-dialog")).toContain("All its 1,234 rows (1 Nov 2026 – 30 Nov 2026) are removed from the sales history and the dashboard.");
    expect(byTestId<HTMLButtonElement>(el, "import-rollback-confirm")?.disabled).toBe(true);

    await typeInto(el, "import-rollback-reason", "  wrong channel ");
    ipc.listImportBatches.mockResolvedValue(ok([rolled]));
    await click(byTestId(el, "import-rollback-confirm"));
    await until(() => byTestId(el, "import-notice") !== null);
    expect(ipc.rollbackImport).toHaveBeenCalledWith(BATCH_ID, "wrong channel");
    expect(text(el, "import-notice")).toBe("Rolled back orders.csv: 1,234 rows removed from the sales history.");
    expect(text(el, "import-batch-status")).toContain("Rolled back by fiona.finance on 2 Dec 2026");
    expect(text(el, "import-batch-status")).toContain(": wrong channel");
    expect(byTestId(el, "import-rollback")).toBeNull();
  });

  it("lists the rejected rows of a valid-only batch", async () => {
    ipc.listImportBatches.mockResolvedValue(ok([batch({ mode: "validOnly", rowsRejected: 2 }), batch({ id: "other", file: "clean.csv" })]));
    ipc.importBatchErrors.mockResolvedValue(ok([rowError(4, "noFxRate", { column: "currency", value: "CHF" }), rowError(9, "unknownChannel", { column: "channel", suggestion: "Amazon UK" })]));
    const el = renderImport();
    await until(() => el.querySelectorAll('[data-testid="import-batch-row"]').length === 2);
    // Only the valid-only batch with rejected rows offers them.
    expect(el.querySelectorAll('[data-testid="import-batch-errors"]')).toHaveLength(1);
    await click(byTestId(el, "import-batch-errors"));
    await until(() => el.querySelectorAll('[data-testid="import-error-row"]').length === 2);
    expect(ipc.importBatchErrors).toHaveBeenCalledWith(BATCH_ID);
    expect(text(el, "import-batch-rejected")).toContain("Rejected rows of orders.csv");
    expect(text(el, "import-batch-rejected")).toContain("Did you mean Amazon UK?");
    await click(byTestId(el, "import-batch-rejected-close"));
    expect(byTestId(el, "import-batch-rejected")).toBeNull();
  });
});

describe("import screen, a file of no known layout", () => {
  const selected = (el: HTMLElement, field: string) => byTestId<HTMLSelectElement>(el, `import-map-${field}`)?.value ?? null;
  const fieldError = (el: HTMLElement, field: string) =>
    byTestId(el, `import-map-${field}`)?.closest(".field")?.querySelector(".field-error")?.textContent ?? null;
  const CHOSEN: ColumnMapping = {
    date: "Datum",
    orderId: "Belegnr",
    line: null,
    sku: "Artikel",
    channel: null,
    quantity: "Menge",
    unitPrice: "Einzelpreis",
    currency: "Währung",
  };

  it("shows the first rows and guessed columns instead of checking, then checks and imports through the chosen ones", async () => {
    ipc.previewImportFile.mockResolvedValue(ok(preview()));
    ipc.importSales
      .mockResolvedValueOnce(ok(report({ file: "erp.csv", layout: "mapped" })))
      .mockResolvedValueOnce(ok(report({ file: "erp.csv", layout: "mapped", outcome: "imported", batchId: BATCH_ID, rowsWritten: 1234 })));
    const el = renderImport();
    await until(() => (byTestId<HTMLSelectElement>(el, "import-channel")?.options.length ?? 0) > 1);
    await typeInto(el, "import-channel", "Shopify UK");
    await checkFile(el);
    await until(() => byTestId(el, "import-mapping") !== null);
    expect(ipc.previewImportFile).toHaveBeenCalledWith(PATH);
    expect(ipc.importSales).not.toHaveBeenCalled();
    expect(document.activeElement?.id).toBe("import-mapping-heading");

    const table = byTestId(el, "import-preview");
    expect(Array.from(table?.querySelectorAll("th") ?? []).map((th) => th.textContent)).toEqual(preview().header);
    expect(table?.querySelectorAll('[data-testid="import-preview-row"]')).toHaveLength(10);
    expect(table?.querySelector("td")?.textContent).toBe("2026-11-01");
    expect(text(el, "import-mapping-source")).toBe("Sentia guessed the columns from their names: check each one against the rows below.");
    expect(text(el, "import-mapping-help")).toContain("Unit price is the price of one unit, not the line’s total.");
    expect(Array.from(byTestId<HTMLSelectElement>(el, "import-map-line")?.options ?? []).map((o) => o.textContent)).toEqual([
      "— not in the file —",
      ...preview().header,
    ]);
    expect(["date", "orderId", "line", "sku", "channel", "quantity", "unitPrice", "currency"].map((f) => selected(el, f))).toEqual([
      "Datum",
      "",
      "",
      "Artikel",
      "",
      "Menge",
      "Einzelpreis",
      "Währung",
    ]);

    // "Belegnr" is no order name Sentia knows: the check waits for it, and says so on the field.
    await click(byTestId(el, "import-mapping-check"));
    expect(ipc.importSales).not.toHaveBeenCalled();
    expect(fieldError(el, "orderId")).toBe("Choose the column that holds the order reference.");
    expect(document.activeElement).toBe(byTestId(el, "import-map-orderId"));

    // A column for two fields is pointed out as soon as it is chosen.
    await typeInto(el, "import-map-orderId", "Artikel");
    expect(fieldError(el, "orderId")).toBe("“Artikel” is also chosen for the SKU; choose one column per field.");
    expect(fieldError(el, "sku")).toBe("“Artikel” is also chosen for the order reference; choose one column per field.");
    await click(byTestId(el, "import-mapping-check"));
    expect(ipc.importSales).not.toHaveBeenCalled();

    await typeInto(el, "import-map-orderId", "Belegnr");
    expect(fieldError(el, "orderId")).toBeNull();
    const form = byTestId(el, "import-mapping-check")?.closest("form");
    await act(async () => form?.requestSubmit());
    await until(() => byTestId(el, "import-report") !== null);
    expect(ipc.importSales).toHaveBeenCalledWith(
      { path: PATH, channel: "Shopify UK", layout: null, mode: "allOrNothing", dryRun: true, mapping: CHOSEN },
      expect.anything(),
    );
    expect(text(el, "import-layout-found")).toBe("Chosen columns");
    // The columns stay on screen beside the report, to be changed and checked again.
    expect(byTestId(el, "import-mapping")).not.toBeNull();

    await click(byTestId(el, "import-commit"));
    await until(() => text(el, "import-outcome")?.startsWith("Imported") === true);
    expect(ipc.importSales).toHaveBeenCalledTimes(2);
    expect(ipc.importSales).toHaveBeenLastCalledWith(
      { path: PATH, channel: "Shopify UK", layout: null, mode: "allOrNothing", dryRun: false, mapping: CHOSEN },
      expect.anything(),
    );
  });

  it("preselects the columns chosen last time for this header, and says so", async () => {
    // The header is remembered in lower case; the selects name this file's spelling.
    const remembered = { ...CHOSEN, date: "datum", orderId: "belegnr", line: "notiz", unitPrice: "einzelpreis" };
    ipc.previewImportFile.mockResolvedValue(ok(preview({ remembered })));
    ipc.importSales.mockResolvedValue(ok(report({ file: "erp.csv", layout: "mapped" })));
    const el = renderImport();
    await checkFile(el);
    await until(() => byTestId(el, "import-mapping") !== null);
    expect(text(el, "import-mapping-source")).toBe("Columns as you chose them last time for this header.");
    expect(["date", "orderId", "line", "sku", "channel", "quantity", "unitPrice", "currency"].map((f) => selected(el, f))).toEqual([
      "Datum",
      "Belegnr",
      "Notiz",
      "Artikel",
      "",
      "Menge",
      "Einzelpreis",
      "Währung",
    ]);
    await click(byTestId(el, "import-mapping-check"));
    await until(() => byTestId(el, "import-report") !== null);
    expect(ipc.importSales).toHaveBeenCalledWith(expect.objectContaining({ mapping: { ...CHOSEN, line: "Notiz" } }), expect.anything());
  });

  it("asks to check again when a column changes after the check", async () => {
    ipc.previewImportFile.mockResolvedValue(ok(preview({ remembered: CHOSEN })));
    ipc.importSales.mockResolvedValue(ok(report({ file: "erp.csv", layout: "mapped" })));
    const el = renderImport();
    await checkFile(el);
    await until(() => byTestId(el, "import-mapping") !== null);
    await click(byTestId(el, "import-mapping-check"));
    await until(() => byTestId<HTMLButtonElement>(el, "import-commit")?.disabled === false);

    await typeInto(el, "import-map-unitPrice", "Notiz");
    expect(byTestId<HTMLButtonElement>(el, "import-commit")?.disabled).toBe(true);
    expect(text(el, "import-commit-hint")).toBe("The file or the choices changed since the check: check the file again.");
    await typeInto(el, "import-map-unitPrice", "Einzelpreis");
    expect(byTestId<HTMLButtonElement>(el, "import-commit")?.disabled).toBe(false);
  });

  it("returns to the form on Cancel, and forgets the columns when the path changes", async () => {
    ipc.previewImportFile.mockResolvedValue(ok(preview()));
    const el = renderImport();
    await checkFile(el);
    await until(() => byTestId(el, "import-mapping") !== null);
    await click(byTestId(el, "import-mapping-cancel"));
    expect(byTestId(el, "import-mapping")).toBeNull();
    expect(document.activeElement).toBe(byTestId(el, "import-path"));

    await click(byTestId(el, "import-check"));
    await until(() => byTestId(el, "import-mapping") !== null);
    await typeInto(el, "import-path", "/home/fiona/Downloads/other.csv");
    expect(byTestId(el, "import-mapping")).toBeNull();
    expect(ipc.importSales).not.toHaveBeenCalled();
  });

  it("says why a file cannot be read, without checking it", async () => {
    ipc.previewImportFile.mockResolvedValue({ status: "error", error: { kind: "badFile", file: "orders.csv", message: "the file is empty" } });
    const el = renderImport();
    await checkFile(el);
    await until(() => byTestId(el, "import-error") !== null);
    expect(text(el, "import-error")).toContain("orders.csv: the file is empty. Nothing from the file was saved.");
    expect(byTestId(el, "import-mapping")).toBeNull();
    expect(ipc.importSales).not.toHaveBeenCalled();
  });
});
