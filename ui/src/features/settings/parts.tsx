// Pieces the settings list, editor and history share: how a value, its scope and its
// environment are shown, and a change between two versions.

import type { Product, SettingView } from "../../lib/ipc";
import { capitalise } from "../../shared/format";
import { ENVIRONMENT_LABELS, type Environment, type ValueDiff, diffValues, scalarChange } from "./settings";

/** A value as stored: JSON in monospace, one member a line; an empty text says so. */
export function ValueText({ value, json, testId }: { value: string; json: boolean; testId?: string }) {
  if (json) {
    return (
      <pre className="mono setting-json" data-testid={testId}>
        {value}
      </pre>
    );
  }
  return (
    <span className="setting-scalar" data-testid={testId}>
      {value === "" ? <span className="muted">(empty)</span> : value}
    </span>
  );
}

/** Who a scoped value is for, inside a sentence: "everyone", "product GABA_RED_UK", "you". */
export function scopePhrase(row: Pick<SettingView, "scope" | "scopeId">, products: readonly Product[] | undefined, userId: string): string {
  switch (row.scope) {
    case "global":
      return "everyone";
    case "product": {
      const p = products?.find((x) => x.id === row.scopeId);
      return `product ${p ? p.fields.sku : (row.scopeId ?? "?")}`;
    }
    case "user":
      return row.scopeId === userId ? "you" : `user ${row.scopeId?.slice(0, 8) ?? "?"}`;
  }
}

/** The same, as a label: "Everyone", "Product GABA_RED_UK", "You". */
export function scopeText(row: Pick<SettingView, "scope" | "scopeId">, products: readonly Product[] | undefined, userId: string): string {
  return capitalise(scopePhrase(row, products, userId));
}

export function environmentText(environment: string): string {
  return ENVIRONMENT_LABELS[environment as Environment] ?? environment;
}

/** The scope and environment a row's value applies to, as tags. */
export function ScopeTags({ row, products, userId }: { row: SettingView; products: readonly Product[] | undefined; userId: string }) {
  return (
    <span className="setting-tags">
      <span className={`tag${row.scope === "global" ? "" : " tag-ok"}`} data-testid="setting-scope-tag">
        {scopeText(row, products, userId)}
      </span>
      <span className={`tag${row.environment === "all" ? "" : " tag-warn"}`} data-testid="setting-environment-tag">
        {environmentText(row.environment)}
      </span>
    </span>
  );
}

/** What changed from the version before: "0.975 → 0.99", or the JSON lines removed and added. */
export function ChangeView({ before, after, json }: { before: string; after: string; json: boolean }) {
  const diff: ValueDiff = diffValues(before, after, json);
  switch (diff.kind) {
    case "same":
      return <p className="muted setting-diff">Same value as the version before.</p>;
    case "scalar":
      return (
        <p className="setting-diff" data-testid="setting-diff">
          <span className="visually-hidden">Changed from </span>
          <span className="mono">{scalarChange(diff.before, diff.after)}</span>
        </p>
      );
    case "lines":
      return (
        <pre className="mono setting-diff setting-line-diff" data-testid="setting-diff" aria-label="Changes from the version before">
          {diff.lines.map((l, i) => (
            <span key={i} className={`diff-${l.op}`}>
              {l.op === "added" ? "+ " : l.op === "removed" ? "- " : "  "}
              {l.text}
              {"\n"}
            </span>
          ))}
        </pre>
      );
  }
}
