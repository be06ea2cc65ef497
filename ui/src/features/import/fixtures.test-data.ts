// Reports, errors and batches shaped as Rust sends them, for the import's tests.

import type { ImportBatch, ImportProgress, ImportReport, ImportRowError } from "../../lib/ipc";

export const BATCH_ID = "3f2a9c1e-7b4d-4e8a-9c01-5d6e7f809a1b";

export function rowError(row: number, problem: string, over: Partial<ImportRowError> = {}): ImportRowError {
  return {
    row,
    column: "sku",
    problem,
    message: `${problem} in row ${row}`,
    value: "GABA_RDE_UK",
    suggestion: null,
    ...over,
  };
}

export function report(over: Partial<ImportReport> = {}): ImportReport {
  return {
    outcome: "checked",
    batchId: null,
    file: "orders.csv",
    layout: "template",
    rowsRead: 1240,
    rowsValid: 1234,
    rowsWritten: 0,
    rowsRejected: 0,
    rowsSkipped: 0,
    quality: "0.9734",
    flags: [],
    errors: [],
    period: ["2026-11-01", "2026-11-30"],
    seconds: 2.35,
    ...over,
  };
}

export function batch(over: Partial<ImportBatch> = {}): ImportBatch {
  return {
    id: BATCH_ID,
    file: "orders.csv",
    layout: "template",
    mode: "allOrNothing",
    rowsRead: 1234,
    rowsWritten: 1234,
    rowsRejected: 0,
    rowsSkipped: 0,
    quality: "0.9734",
    period: ["2026-11-01", "2026-11-30"],
    importedBy: "Priya Shah",
    importedAt: "2026-12-01T09:30:00Z",
    rolledBack: null,
    ...over,
  };
}

export function progress(over: Partial<ImportProgress> = {}): ImportProgress {
  return {
    stage: "reading",
    rowsRead: 12000,
    rowsValidated: 0,
    rowsWritten: 0,
    fractionRead: 0.45,
    rowsPerSecond: 8012.6,
    ...over,
  };
}
