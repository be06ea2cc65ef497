// The settings screen's rules without a window: how the list is grouped and searched, which
// input a setting's rule calls for, which stored row a change lands on, and what changed
// between two versions.

import type { SettingChange, SettingScope, SettingView } from "../../lib/ipc";
import { matchesSearch } from "../../shared/search";

/** The list's query key: the screen and the preferences the shell applies at sign-in share it. */
export const SETTINGS_KEY = ["settings", "list"] as const;

export const ENVIRONMENTS = ["all", "dev", "test", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface SettingGroup {
  category: string;
  rows: SettingView[];
}

const SCOPE_ORDER: Record<SettingScope, number> = { global: 0, product: 1, user: 2 };

function environmentRank(environment: string): number {
  const i = ENVIRONMENTS.indexOf(environment as Environment);
  return i < 0 ? ENVIRONMENTS.length : i;
}

/**
 * The rows by category, in the order Rust lists them (the registry's), each setting's rows
 * together: the value for everyone first, then per environment, per product and per user.
 */
export function groupByCategory(rows: readonly SettingView[]): SettingGroup[] {
  const keyOrder = new Map<string, number>();
  const groups = new Map<string, SettingView[]>();
  for (const row of rows) {
    const name = `${row.category}.${row.key}`;
    if (!keyOrder.has(name)) keyOrder.set(name, keyOrder.size);
    const group = groups.get(row.category);
    if (group) group.push(row);
    else groups.set(row.category, [row]);
  }
  const rank = (r: SettingView) => [
    keyOrder.get(`${r.category}.${r.key}`) ?? 0,
    SCOPE_ORDER[r.scope],
    r.scopeId ?? "",
    environmentRank(r.environment),
  ];
  const compare = (a: SettingView, b: SettingView) => {
    const x = rank(a);
    const y = rank(b);
    for (let i = 0; i < x.length; i++) {
      const [p, q] = [x[i] as number | string, y[i] as number | string];
      if (p < q) return -1;
      if (p > q) return 1;
    }
    return 0;
  };
  return [...groups].map(([category, list]) => ({ category, rows: [...list].sort(compare) }));
}

/** The rows whose texts hold every word of `search` (key, category, description, value, rule, author). */
export function filterSettings(rows: readonly SettingView[], search: string): SettingView[] {
  return rows.filter((r) =>
    matchesSearch(search, [`${r.category}.${r.key}`, r.description, r.value, r.rule, r.updatedBy, r.environment, r.scope]),
  );
}

/** The value for everyone in every environment, as opposed to a narrower one. */
export function isBaseRow(row: Pick<SettingView, "scope" | "environment">): boolean {
  return row.scope === "global" && row.environment === "all";
}

/**
 * A row's test id: `settings-row-inventory.service_level_a` for the value for everyone, with
 * the environment and scope added for narrower ones so that every row has its own.
 */
export function settingTestId(row: Pick<SettingView, "category" | "key" | "scope" | "scopeId" | "environment">): string {
  const base = `settings-row-${row.category}.${row.key}`;
  if (isBaseRow(row)) return base;
  return `${base}--${row.environment}--${row.scope}${row.scopeId ? `-${row.scopeId}` : ""}`;
}

/** The input a setting's rule (Rust's words, `SettingDef::rule`) calls for. */
export type InputKind =
  | { kind: "choice"; choices: string[] }
  | { kind: "integer"; min: string; max: string }
  | { kind: "decimal"; min: string; max: string; decimals: number }
  | { kind: "boolean" }
  | { kind: "json" }
  | { kind: "date" }
  | { kind: "locale" }
  | { kind: "timeZone" }
  | { kind: "text" };

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const INTEGER_RULE = new RegExp(`^whole number, (${NUMBER}) to (${NUMBER})$`);
const DECIMAL_RULE = new RegExp(`^number, (${NUMBER}) to (${NUMBER}), (\\d+) decimals?$`);

/** Reads the rule Rust words ("number, 0.5 to 0.9999, 4 decimals"); plain text for one it does not know. */
export function inputKind(rule: string): InputKind {
  const text = rule.trim();
  if (text.startsWith("one of ")) {
    const choices = text
      .slice("one of ".length)
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    if (choices.length > 0) return { kind: "choice", choices };
  }
  const integer = INTEGER_RULE.exec(text);
  if (integer) return { kind: "integer", min: integer[1] ?? "", max: integer[2] ?? "" };
  const decimal = DECIMAL_RULE.exec(text);
  if (decimal) return { kind: "decimal", min: decimal[1] ?? "", max: decimal[2] ?? "", decimals: Number(decimal[3]) };
  if (text === "true or false") return { kind: "boolean" };
  if (text === "JSON object") return { kind: "json" };
  if (text === "date") return { kind: "date" };
  if (text.startsWith("language tag")) return { kind: "locale" };
  if (text.startsWith("time zone")) return { kind: "timeZone" };
  return { kind: "text" };
}

/** The step of a number input with `decimals` places: 0.0001 for 4, 1 for none. */
export function stepFor(decimals: number): string {
  return decimals > 0 ? `0.${"0".repeat(decimals - 1)}1` : "1";
}

/** Where a change lands: the setting, environment and scope (with its product or user). */
export type Target = Pick<SettingChange, "category" | "key" | "environment" | "scope" | "scopeId">;

/** The stored row a change lands on, if there is one (a default is not stored). */
export function storedAt(rows: readonly SettingView[], t: Target): SettingView | undefined {
  return rows.find(
    (r) =>
      r.id !== null &&
      r.category === t.category &&
      r.key === t.key &&
      r.environment === t.environment &&
      r.scope === t.scope &&
      (r.scopeId ?? null) === (t.scopeId ?? null),
  );
}

/** The version a change names: that of the row it replaces, or null when it stores a new one. */
export function versionFor(rows: readonly SettingView[], t: Target): number | null {
  return storedAt(rows, t)?.version ?? null;
}

/** One line of a line diff. */
export interface DiffLine {
  op: "same" | "added" | "removed";
  text: string;
}

/** What changed from one version's value to the next. */
export type ValueDiff =
  | { kind: "same" }
  | { kind: "scalar"; before: string; after: string }
  | { kind: "lines"; lines: DiffLine[] };

/** A JSON object sorted by key and laid out one member a line, so a diff shows what changed and not how it was typed. */
export function prettyJson(text: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  try {
    return JSON.stringify(sort(JSON.parse(text)), null, 2);
  } catch {
    return text;
  }
}

/** The lines of `before` and `after` by their longest common subsequence: kept, removed and added. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: "same", text: a[i] as string });
      i++;
      j++;
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) {
      out.push({ op: "removed", text: a[i++] as string });
    } else {
      out.push({ op: "added", text: b[j++] as string });
    }
  }
  while (i < a.length) out.push({ op: "removed", text: a[i++] as string });
  while (j < b.length) out.push({ op: "added", text: b[j++] as string });
  return out;
}

/** From one version's value to the next: a line diff for JSON, "before → after" for the rest. */
export function diffValues(before: string, after: string, json: boolean): ValueDiff {
  if (json) {
    const [x, y] = [prettyJson(before), prettyJson(after)];
    return x === y ? { kind: "same" } : { kind: "lines", lines: lineDiff(x, y) };
  }
  return before === after ? { kind: "same" } : { kind: "scalar", before, after };
}

/** A scalar change as one line: "0.975 → 0.99". */
export function scalarChange(before: string, after: string): string {
  return `${before} → ${after}`;
}

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  all: "All environments",
  dev: "Development",
  test: "Test",
  prod: "Production",
};

export const SCOPE_LABELS: Record<SettingScope, string> = {
  global: "Everyone",
  product: "One product",
  user: "One user",
};
