// The import form as the screen holds it, the request it becomes, and how a cancelled run is
// told apart from a failed one. Pure, so it is tested without a window.

import type { ColumnMapping, ImportLayout, ImportMode, ImportRequest } from "../../lib/ipc";
import { sameMapping } from "./mapping";

/** The form's text, as typed: a blank channel or layout means "none" / "recognise it". */
export interface ImportForm {
  path: string;
  /** A sales channel's name, or "" for none. */
  channel: string;
  layout: ImportLayout | "";
  mode: ImportMode;
}

export const NEW_IMPORT: ImportForm = { path: "", channel: "", layout: "", mode: "allOrNothing" };

/** A pasted path without the quotes Explorer's "Copy as path" puts around it. */
export function cleanPath(text: string): string {
  const t = text.trim();
  const quoted = t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0];
  return quoted ? t.slice(1, -1).trim() : t;
}

/**
 * The request the form asks for, or null while it names no file. `mapping` is the columns
 * chosen for a file of no known layout; none for every other file.
 */
export function toRequest(form: ImportForm, dryRun: boolean, mapping: ColumnMapping | null = null): ImportRequest | null {
  const path = cleanPath(form.path);
  if (!path) return null;
  return {
    path,
    channel: form.channel.trim() || null,
    layout: form.layout || null,
    mode: form.mode,
    dryRun,
    mapping,
  };
}

/** The same file read the same way (dry run or not): an import may follow its check only then. */
export function sameRequest(a: ImportRequest | null, b: ImportRequest | null): boolean {
  if (!a || !b) return false;
  return (
    a.path === b.path &&
    a.channel === b.channel &&
    a.layout === b.layout &&
    a.mode === b.mode &&
    sameMapping(a.mapping, b.mapping)
  );
}

/** The file's name from a path, whichever separator the system uses. */
export function fileName(path: string): string {
  const clean = cleanPath(path);
  const parts = clean.split(/[\\/]/);
  return parts[parts.length - 1] || clean;
}

