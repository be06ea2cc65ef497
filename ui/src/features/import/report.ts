// Sales imports in words: what a report, a progress event and a past batch say. Pure, so the
// wording, the grouping of row errors and the figures are tested without a window.

import type {
  FlagCount,
  ImportBatch,
  ImportLayout,
  ImportMode,
  ImportProgress,
  ImportReport,
  ImportRowError,
  ImportStage,
} from "../../lib/ipc";
import { humanize } from "../../shared/errors";
import { NO_VALUE, capitalise, formatDate, formatDateTime, formatNumber, formatPercent, isDecimalString, shiftDecimal } from "../../shared/format";

export const LAYOUT_LABELS: Record<ImportLayout, string> = {
  template: "Sentia template",
  shopify: "Shopify",
  amazon: "Amazon",
  mapped: "Chosen columns",
};

export const MODE_LABELS: Record<ImportMode, string> = {
  allOrNothing: "All or nothing",
  validOnly: "Valid rows only",
};

export const STAGE_LABELS: Record<ImportStage, string> = {
  reading: "Reading the file",
  validating: "Checking the rows against the catalog",
  writing: "Writing to the sales history",
  done: "Finishing",
};

// Rust's stable problem codes (sentia-import's row errors and core's checks against the
// catalog and the history). A code not listed here is still shown, in words made from it.
const PROBLEM_LABELS: Record<string, string> = {
  tooFewCells: "Row too short",
  missingValue: "Missing value",
  invalidText: "Unreadable text",
  invalidDate: "Invalid date",
  dateFormatConflict: "Date format differs",
  ambiguousDate: "Ambiguous date",
  futureDate: "Date in the future",
  invalidNumber: "Invalid number",
  ambiguousNumber: "Ambiguous number",
  numberStyleConflict: "Number style differs",
  negativeQuantity: "Negative quantity",
  nonIntegerQuantity: "Fractional quantity",
  zeroQuantity: "Zero quantity",
  quantityTooLarge: "Quantity too large",
  negativePrice: "Negative price",
  revenueMismatch: "Revenue is not quantity × price",
  invalidCurrency: "Invalid currency",
  currencyMismatch: "Currency differs from the market's",
  tooLong: "Text too long",
  unreadable: "File unreadable",
  unknownSku: "Unknown SKU",
  unknownChannel: "Unknown channel",
  noChannel: "No channel",
  duplicateInFile: "Duplicate in the file",
  alreadyImported: "Already imported",
  noFxRate: "No exchange rate",
  amountTooLarge: "Amount too large",
};

/** "Unknown SKU" for `unknownSku`; an unlisted code in words ("someNewCheck" → "Some new check"). */
export function problemLabel(problem: string): string {
  return PROBLEM_LABELS[problem] ?? capitalise(humanize(problem));
}

const FLAG_LABELS: Record<string, string> = {
  estimatedCost: "Estimated cost",
  priceOutlier: "Price outside the product's usual band",
  fxRateStale: "Stale exchange rate",
  inactiveProduct: "Inactive product",
};

export function flagLabel(flag: string): string {
  return FLAG_LABELS[flag] ?? capitalise(humanize(flag));
}

/** What the quality figure means, next to it. */
export const QUALITY_HELP =
  "Mean data-quality score of the valid rows: 100 % less penalties for estimated cost, prices outside the product's usual band, stale exchange rates and inactive products.";

/** "1 row", "1,234 rows". */
export function rowsText(n: number, locale: string): string {
  return `${formatNumber(n, locale)} ${n === 1 ? "row" : "rows"}`;
}

/** "1 row has", "3 rows have". */
function rowsHave(n: number, locale: string): string {
  return `${rowsText(n, locale)} ${n === 1 ? "has" : "have"}`;
}

/** A batch as people read it out: the first block of its id. */
export function shortBatchId(id: string): string {
  return id.split("-")[0] ?? id;
}

/** The rows an import with the checked request would write: none when all or nothing meets an error. */
export function commitCount(report: ImportReport, mode: ImportMode): number {
  if (report.outcome !== "checked") return 0;
  if (mode === "allOrNothing" && report.rowsRejected > 0) return 0;
  return report.rowsValid;
}

/** The outcome banner: what happened (or, for a check, what an import would do). */
export function outcomeText(report: ImportReport, mode: ImportMode, locale: string): string {
  const one = (n: number, past: boolean) => (past ? (n === 1 ? "was" : "were") : n === 1 ? "is" : "are");
  const s = report.rowsSkipped;
  const skipped = s > 0 ? ` ${rowsText(s, locale)} of cancelled or pending orders ${one(s, report.outcome === "imported")} skipped.` : "";
  switch (report.outcome) {
    case "imported": {
      const batch = report.batchId ? ` as batch ${shortBatchId(report.batchId)}` : "";
      const r = report.rowsRejected;
      const left = r > 0 ? `; ${rowsText(r, locale)} with errors ${one(r, true)} left out (listed below)` : "";
      return `Imported ${rowsText(report.rowsWritten, locale)}${batch}${left}.${skipped}`;
    }
    case "rejected":
      if (report.rowsRejected > 0) return `Rejected: ${rowsHave(report.rowsRejected, locale)} errors; nothing was written.${skipped}`;
      return `Rejected: the file has no valid sales rows; nothing was written.${skipped}`;
    case "checked":
      if (report.rowsRejected === 0) {
        if (report.rowsValid === 0) return `Checked: the file has no sales rows to import.${skipped}`;
        return `Checked: all ${rowsText(report.rowsValid, locale)} are valid. Nothing is written until you import them.${skipped}`;
      }
      if (mode === "validOnly") {
        return `Checked: ${rowsText(report.rowsValid, locale)} can be imported; ${rowsText(report.rowsRejected, locale)} with errors would be left out.${skipped}`;
      }
      return `Checked: ${rowsHave(report.rowsRejected, locale)} errors, so all or nothing would import none of the ${rowsText(report.rowsValid, locale)}. Fix the file, or choose “Import valid rows only”.${skipped}`;
  }
}

/** A banner's tone for the outcome: success, a warning worth reading, or a refusal. */
export function outcomeTone(report: ImportReport, mode: ImportMode): "success" | "info" | "error" {
  if (report.outcome === "rejected") return "error";
  if (report.outcome === "checked" && commitCount(report, mode) === 0) return "error";
  return report.rowsRejected > 0 ? "info" : "success";
}

/** A 0–1 share sent as a decimal string ("0.9734") as a percentage, "97.3%". */
export function qualityText(quality: string | null, locale: string): string {
  if (quality == null || !isDecimalString(quality)) return NO_VALUE;
  return formatPercent(shiftDecimal(quality, 2), locale, { digits: 1 });
}

/** "1 Mar 2024 – 31 Mar 2024" (one date when the file covers a single day). */
export function periodText(period: [string, string] | null, locale: string): string {
  if (!period) return NO_VALUE;
  const [from, to] = period;
  return from === to ? formatDate(from, locale) : `${formatDate(from, locale)} – ${formatDate(to, locale)}`;
}

/** "Stale exchange rate: 12 rows", most frequent first. */
export function flagLines(flags: readonly FlagCount[], locale: string): string[] {
  return [...flags]
    .filter((f) => f.rows > 0)
    .sort((a, b) => b.rows - a.rows || flagLabel(a.flag).localeCompare(flagLabel(b.flag)))
    .map((f) => `${flagLabel(f.flag)}: ${rowsText(f.rows, locale)}`);
}

/** "2.4 s" for the time an import took, when Rust measured it. */
export function secondsText(seconds: number | null, locale: string): string {
  if (seconds === null || !Number.isFinite(seconds)) return NO_VALUE;
  return `${formatNumber(seconds.toFixed(1), locale, 1)} s`;
}

/** "Did you mean GABA_RED_UK?" when Rust found a close known value. */
export function suggestionText(suggestion: string | null): string | null {
  return suggestion ? `Did you mean ${suggestion}?` : null;
}

export interface ProblemGroup {
  problem: string;
  label: string;
  count: number;
}

/** The problems among `errors` with how many rows each, most frequent first (then by name). */
export function groupByProblem(errors: readonly ImportRowError[]): ProblemGroup[] {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e.problem, (counts.get(e.problem) ?? 0) + 1);
  return [...counts]
    .map(([problem, count]) => ({ problem, label: problemLabel(problem), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The errors of one problem, or all of them for null. */
export function filterByProblem(errors: readonly ImportRowError[], problem: string | null): ImportRowError[] {
  return problem === null ? [...errors] : errors.filter((e) => e.problem === problem);
}

/**
 * How far the import is, 0–1, when that can be known: the bytes read while reading (when the
 * file's size is known), the rows checked while validating. Writing has no total to measure
 * against (null: an indeterminate bar).
 */
export function progressFraction(progress: ImportProgress): number | null {
  const clamp = (x: number) => (Number.isFinite(x) ? Math.min(Math.max(x, 0), 1) : null);
  switch (progress.stage) {
    case "reading":
      return progress.fractionRead === null ? null : clamp(progress.fractionRead);
    case "validating":
      return progress.rowsRead > 0 ? clamp(progress.rowsValidated / progress.rowsRead) : null;
    case "writing":
      return null;
    case "done":
      return 1;
  }
}

/** "Reading the file: 12,000 rows read (45%), about 8,000 rows a second". */
export function progressText(progress: ImportProgress, locale: string): string {
  const stage = STAGE_LABELS[progress.stage];
  const fraction = progressFraction(progress);
  const percent = fraction === null ? "" : ` (${formatPercent(String(Math.floor(fraction * 100)), locale, { digits: 0 })})`;
  const perSecond = progress.rowsPerSecond;
  const speed =
    perSecond !== null && perSecond > 0 && Number.isFinite(perSecond)
      ? `, about ${formatNumber(Math.round(perSecond), locale)} rows a second`
      : "";
  switch (progress.stage) {
    case "reading":
      return `${stage}: ${rowsText(progress.rowsRead, locale)} read${percent}${speed}`;
    case "validating":
      return `${stage}: ${formatNumber(progress.rowsValidated, locale)} of ${rowsText(progress.rowsRead, locale)} checked${percent}`;
    case "writing":
      return `${stage}: ${rowsText(progress.rowsWritten, locale)} written`;
    case "done":
      return `${stage}: ${rowsText(progress.rowsRead, locale)} read`;
  }
}

/** "Imported", or "Rolled back by Priya Shah on 2 Dec 2026, 10:30: wrong channel". */
export function batchStatusText(batch: ImportBatch, locale: string, timeZone?: string): string {
  const r = batch.rolledBack;
  if (!r) return "Imported";
  return `Rolled back by ${r.by} on ${formatDateTime(r.at, locale, timeZone)}: ${r.reason}`;
}

/** A batch can be rolled back while its rows stand. */
export function canRollBack(batch: ImportBatch): boolean {
  return batch.rolledBack === null && batch.rowsWritten > 0;
}

/** A valid-only batch kept its rejected rows, which can be listed. */
export function hasRejectedRows(batch: ImportBatch): boolean {
  return batch.mode === "validOnly" && batch.rowsRejected > 0;
}
