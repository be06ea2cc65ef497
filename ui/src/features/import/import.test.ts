import { describe, expect, it } from "vitest";
import type { CommandResult, ImportReport } from "../../lib/ipc";
import { batch, progress, report, rowError } from "./fixtures.test-data";
import {
  batchStatusText,
  canRollBack,
  commitCount,
  filterByProblem,
  flagLines,
  groupByProblem,
  hasRejectedRows,
  outcomeText,
  outcomeTone,
  periodText,
  problemLabel,
  progressFraction,
  progressText,
  qualityText,
  secondsText,
  shortBatchId,
  suggestionText,
} from "./report";
import { CANCELLED, withCancel } from "../../shared/cancel";
import { NEW_IMPORT, fileName, sameRequest, toRequest } from "./run";

const L = "en-GB";

describe("row errors", () => {
  const errors = [
    rowError(2, "unknownSku"),
    rowError(3, "futureDate", { column: "date" }),
    rowError(4, "unknownSku"),
    rowError(5, "noFxRate"),
    rowError(6, "unknownSku"),
    rowError(7, "futureDate", { column: "date" }),
  ];

  it("group by problem, most frequent first, then by name", () => {
    expect(groupByProblem(errors)).toEqual([
      { problem: "unknownSku", label: "Unknown SKU", count: 3 },
      { problem: "futureDate", label: "Date in the future", count: 2 },
      { problem: "noFxRate", label: "No exchange rate", count: 1 },
    ]);
    expect(groupByProblem([])).toEqual([]);
  });

  it("filter to one problem, or show all of them for none", () => {
    expect(filterByProblem(errors, "futureDate").map((e) => e.row)).toEqual([3, 7]);
    expect(filterByProblem(errors, null)).toHaveLength(6);
    expect(filterByProblem(errors, "duplicateInFile")).toEqual([]);
  });

  it("name a problem Rust adds later in words made from its code", () => {
    expect(problemLabel("currencyMismatch")).toBe("Currency differs from the market's");
    expect(problemLabel("alreadyImported")).toBe("Already imported");
    expect(problemLabel("orderLineMissing")).toBe("Order line missing");
  });

  it("offer the closest known value as a question", () => {
    expect(suggestionText("GABA_RED_UK")).toBe("Did you mean GABA_RED_UK?");
    expect(suggestionText(null)).toBeNull();
    expect(suggestionText("")).toBeNull();
  });
});

describe("the outcome banner", () => {
  it("says what an import wrote and which batch it is", () => {
    const r = report({ outcome: "imported", batchId: "3f2a9c1e-7b4d-4e8a-9c01-5d6e7f809a1b", rowsWritten: 1234 });
    expect(outcomeText(r, "allOrNothing", L)).toBe("Imported 1,234 rows as batch 3f2a9c1e.");
    expect(outcomeTone(r, "allOrNothing")).toBe("success");
  });

  it("says which rows a valid-only import left out, and the skipped lines", () => {
    const r = report({ outcome: "imported", batchId: "ab12cd34-0000", rowsWritten: 10, rowsRejected: 1, rowsSkipped: 2 });
    expect(outcomeText(r, "validOnly", L)).toBe(
      "Imported 10 rows as batch ab12cd34; 1 row with errors was left out (listed below). 2 rows of cancelled or pending orders were skipped.",
    );
    expect(outcomeTone(r, "validOnly")).toBe("info");
  });

  it("says that a rejected file wrote nothing", () => {
    expect(outcomeText(report({ outcome: "rejected", rowsRejected: 3 }), "allOrNothing", L)).toBe(
      "Rejected: 3 rows have errors; nothing was written.",
    );
    expect(outcomeText(report({ outcome: "rejected", rowsRejected: 1 }), "allOrNothing", L)).toBe(
      "Rejected: 1 row has errors; nothing was written.",
    );
    expect(outcomeText(report({ outcome: "rejected", rowsValid: 0 }), "validOnly", L)).toBe(
      "Rejected: the file has no valid sales rows; nothing was written.",
    );
    expect(outcomeTone(report({ outcome: "rejected" }), "validOnly")).toBe("error");
  });

  it("says what a check found and what an import would do in each mode", () => {
    expect(outcomeText(report(), "allOrNothing", L)).toBe("Checked: all 1,234 rows are valid. Nothing is written until you import them.");
    const withErrors = report({ rowsValid: 1231, rowsRejected: 3 });
    expect(outcomeText(withErrors, "validOnly", L)).toBe("Checked: 1,231 rows can be imported; 3 rows with errors would be left out.");
    expect(outcomeText(withErrors, "allOrNothing", L)).toBe(
      "Checked: 3 rows have errors, so all or nothing would import none of the 1,231 rows. Fix the file, or choose “Import valid rows only”.",
    );
    expect(outcomeTone(withErrors, "allOrNothing")).toBe("error");
    expect(outcomeTone(withErrors, "validOnly")).toBe("info");
    expect(outcomeText(report({ rowsValid: 0, rowsRead: 0 }), "allOrNothing", L)).toBe("Checked: the file has no sales rows to import.");
  });
});

describe("the import button after a check", () => {
  it("imports the valid rows unless all or nothing meets an error", () => {
    expect(commitCount(report(), "allOrNothing")).toBe(1234);
    expect(commitCount(report({ rowsValid: 1231, rowsRejected: 3 }), "validOnly")).toBe(1231);
    expect(commitCount(report({ rowsValid: 1231, rowsRejected: 3 }), "allOrNothing")).toBe(0);
  });

  it("offers nothing after a real import", () => {
    expect(commitCount(report({ outcome: "imported", rowsWritten: 1234 }), "allOrNothing")).toBe(0);
    expect(commitCount(report({ outcome: "rejected" }), "validOnly")).toBe(0);
  });
});

describe("report figures", () => {
  it("show the quality share as a percentage", () => {
    expect(qualityText("0.9734", L)).toBe("97.3%");
    expect(qualityText("1", L)).toBe("100.0%");
    expect(qualityText(null, L)).toBe("—");
    expect(qualityText("n/a", L)).toBe("—");
  });

  it("show the period as dates, never shifted by the time zone", () => {
    expect(periodText(["2026-11-01", "2026-11-30"], L)).toBe("1 Nov 2026 – 30 Nov 2026");
    expect(periodText(["2026-11-01", "2026-11-01"], L)).toBe("1 Nov 2026");
    expect(periodText(null, L)).toBe("—");
  });

  it("list the quality flags that rows carry, most frequent first", () => {
    expect(
      flagLines(
        [
          { flag: "fxRateStale", rows: 2 },
          { flag: "estimatedCost", rows: 40 },
          { flag: "inactiveProduct", rows: 0 },
          { flag: "priceOutlier", rows: 1 },
        ],
        L,
      ),
    ).toEqual(["Estimated cost: 40 rows", "Stale exchange rate: 2 rows", "Price outside the product's usual band: 1 row"]);
  });

  it("shorten a batch id to its first block", () => {
    expect(shortBatchId("3f2a9c1e-7b4d-4e8a-9c01-5d6e7f809a1b")).toBe("3f2a9c1e");
  });
});

describe("progress", () => {
  it("measures reading by the bytes read and shows the speed", () => {
    const p = progress();
    expect(progressFraction(p)).toBe(0.45);
    expect(progressText(p, L)).toBe("Reading the file: 12,000 rows read (45%), about 8,013 rows a second");
  });

  it("measures checking by the rows checked of those read", () => {
    const p = progress({ stage: "validating", rowsRead: 20000, rowsValidated: 5000, fractionRead: 1 });
    expect(progressFraction(p)).toBe(0.25);
    expect(progressText(p, L)).toBe("Checking the rows against the catalog: 5,000 of 20,000 rows checked (25%)");
  });

  it("has no fraction while writing (an indeterminate bar)", () => {
    const p = progress({ stage: "writing", rowsWritten: 1500 });
    expect(progressFraction(p)).toBeNull();
    expect(progressText(p, L)).toBe("Writing to the sales history: 1,500 rows written");
  });

  it("leaves out what Rust could not measure", () => {
    const p = progress({ fractionRead: null, rowsPerSecond: null });
    expect(progressFraction(p)).toBeNull();
    expect(progressText(p, L)).toBe("Reading the file: 12,000 rows read");
    expect(secondsText(null, L)).toBe("—");
    expect(secondsText(2.35, L)).toBe("2.4 s");
  });

  it("keeps the bar within its bounds when Rust sends odd numbers", () => {
    expect(progressFraction(progress({ fractionRead: 1.2 }))).toBe(1);
    expect(progressFraction(progress({ fractionRead: Number.NaN }))).toBeNull();
    expect(progressFraction(progress({ stage: "validating", rowsRead: 0 }))).toBeNull();
    expect(progressText(progress({ rowsPerSecond: 0, rowsRead: 1, fractionRead: 0 }), L)).toBe("Reading the file: 1 row read (0%)");
  });
});

describe("past imports", () => {
  it("say who rolled a batch back, when and why", () => {
    expect(batchStatusText(batch(), L, "UTC")).toBe("Imported");
    const rolled = batch({ rolledBack: { by: "Marco Rossi", at: "2026-12-02T10:30:00Z", reason: "wrong channel" } });
    expect(batchStatusText(rolled, L, "UTC")).toBe("Rolled back by Marco Rossi on 2 Dec 2026, 10:30: wrong channel");
    expect(canRollBack(rolled)).toBe(false);
    expect(canRollBack(batch())).toBe(true);
  });

  it("offer the rejected rows of a valid-only batch only", () => {
    expect(hasRejectedRows(batch({ mode: "validOnly", rowsRejected: 3 }))).toBe(true);
    expect(hasRejectedRows(batch({ mode: "validOnly", rowsRejected: 0 }))).toBe(false);
    expect(hasRejectedRows(batch({ mode: "allOrNothing", rowsRejected: 3 }))).toBe(false);
  });
});

describe("the import request", () => {
  it("is built from the form, with blanks as none", () => {
    expect(toRequest(NEW_IMPORT, true)).toBeNull();
    expect(toRequest({ ...NEW_IMPORT, path: "   " }, true)).toBeNull();
    expect(toRequest({ ...NEW_IMPORT, path: " /data/orders.csv " }, true)).toEqual({
      path: "/data/orders.csv",
      channel: null,
      layout: null,
      mode: "allOrNothing",
      dryRun: true,
      mapping: null,
    });
    expect(toRequest({ path: "C:\\x.csv", channel: "Shopify UK", layout: "shopify", mode: "validOnly" }, false)).toEqual({
      path: "C:\\x.csv",
      channel: "Shopify UK",
      layout: "shopify",
      mode: "validOnly",
      dryRun: false,
      mapping: null,
    });
  });

  it("may be imported only as it was checked", () => {
    const checked = toRequest({ ...NEW_IMPORT, path: "/data/orders.csv" }, true);
    expect(sameRequest(checked, toRequest({ ...NEW_IMPORT, path: "/data/orders.csv" }, false))).toBe(true);
    expect(sameRequest(checked, toRequest({ ...NEW_IMPORT, path: "/data/orders.csv", mode: "validOnly" }, false))).toBe(false);
    expect(sameRequest(checked, toRequest({ ...NEW_IMPORT, path: "/data/orders2.csv" }, false))).toBe(false);
    expect(sameRequest(checked, toRequest({ ...NEW_IMPORT, path: "/data/orders.csv", channel: "Amazon UK" }, false))).toBe(false);
    expect(sameRequest(checked, null)).toBe(false);
  });

  it("carries the chosen columns, and may be imported only with the same ones", () => {
    const form = { ...NEW_IMPORT, path: "/data/erp.csv" };
    const columns = { date: "Datum", orderId: "Beleg", line: null, sku: "Artikel", channel: null, quantity: "Menge", unitPrice: "Preis", currency: "Währung" };
    const checked = toRequest(form, true, columns);
    expect(checked?.mapping).toEqual(columns);
    expect(sameRequest(checked, toRequest(form, false, { ...columns }))).toBe(true);
    expect(sameRequest(checked, toRequest(form, false, { ...columns, unitPrice: "Betrag" }))).toBe(false);
    expect(sameRequest(checked, toRequest(form, false))).toBe(false);
    expect(sameRequest(toRequest(form, true), toRequest(form, false, columns))).toBe(false);
  });

  it("drops the quotes Explorer's Copy as path adds", () => {
    expect(toRequest({ ...NEW_IMPORT, path: '"C:\\Users\\me\\orders.csv"' }, true)?.path).toBe("C:\\Users\\me\\orders.csv");
    expect(toRequest({ ...NEW_IMPORT, path: " '/tmp/a b.csv' " }, true)?.path).toBe("/tmp/a b.csv");
    expect(toRequest({ ...NEW_IMPORT, path: '"' }, true)?.path).toBe('"');
    expect(toRequest({ ...NEW_IMPORT, path: '""' }, true)).toBeNull();
    expect(fileName('"C:\\data\\orders.csv"')).toBe("orders.csv");
  });

  it("names the file whichever separator the path uses", () => {
    expect(fileName("/Users/me/orders.csv")).toBe("orders.csv");
    expect(fileName("C:\\Users\\me\\orders.csv")).toBe("orders.csv");
    expect(fileName("orders.csv")).toBe("orders.csv");
  });
});

describe("a cancelled import", () => {
  const ok: CommandResult<ImportReport> = { status: "ok", data: report() };

  it("resolves to CANCELLED instead of an error", async () => {
    const cancelled: CommandResult<ImportReport> = { status: "error", error: { kind: "cancelled" } };
    expect(await withCancel(Promise.resolve(cancelled))).toEqual({ status: "ok", data: CANCELLED });
    expect(await withCancel(Promise.reject({ kind: "cancelled" }))).toEqual({ status: "ok", data: CANCELLED });
  });

  it("passes reports and other errors through", async () => {
    expect(await withCancel(Promise.resolve(ok))).toBe(ok);
    const offline: CommandResult<ImportReport> = { status: "error", error: { kind: "offline" } };
    expect(await withCancel(Promise.resolve(offline))).toBe(offline);
    await expect(withCancel(Promise.reject("no such command"))).rejects.toBe("no such command");
  });
});
