// Pieces the catalog lists share: the search box, the status filter, the row's open
// button, and the empty states.

import type { ReactNode } from "react";
import type { SortingFn } from "../../shared/DataTable";
import { NO_VALUE, compareDecimal, formatPercent, isDecimalString, shiftDecimal } from "../../shared/format";
import { Button, EmptyState, SelectField, TextField } from "../../shared/ui";
import type { ActiveFilter } from "./filters";

/** Sorts a column of decimal strings by value, not as text ("9.99" before "10.00"). */
export function byDecimal<T>(get: (row: T) => string | null): SortingFn<T> {
  return (a, b) => compareDecimal(get(a.original), get(b.original));
}

/** A rate stored as a share (0.0825) in percent with the decimals it has: "8.25%", "20%". */
export function formatRate(rate: string | null, locale: string): string {
  if (rate == null || !isDecimalString(rate)) return NO_VALUE;
  const percent = shiftDecimal(rate, 2);
  const digits = percent.includes(".") ? (percent.split(".")[1] ?? "").length : 0;
  return formatPercent(percent, locale, { digits });
}

export function SearchBox({ value, onChange, placeholder }: { value: string; onChange: (value: string) => void; placeholder: string }) {
  return (
    <TextField
      label="Search"
      type="search"
      value={value}
      placeholder={placeholder}
      onChange={(e) => onChange(e.target.value)}
      autoComplete="off"
      spellCheck={false}
      data-testid="catalog-search"
    />
  );
}

export function StatusSelect({ value, onChange }: { value: ActiveFilter; onChange: (value: ActiveFilter) => void }) {
  return (
    <SelectField label="Status" value={value} onChange={(e) => onChange(e.target.value as ActiveFilter)} data-testid="catalog-filter-status">
      <option value="all">Active and inactive</option>
      <option value="active">Active only</option>
      <option value="inactive">Inactive only</option>
    </SelectField>
  );
}

export function ActiveTag({ active }: { active: boolean }) {
  return active ? <span className="tag tag-ok">Active</span> : <span className="tag">Inactive</span>;
}

/** The row's own button: Edit for those who may change the catalog, View for the others. */
export function OpenButton({ canManage, name, onOpen }: { canManage: boolean; name: string; onOpen: () => void }) {
  return canManage ? (
    <Button onClick={onOpen} aria-label={`Edit ${name}`} data-testid="catalog-edit">
      Edit
    </Button>
  ) : (
    <Button variant="ghost" onClick={onOpen} aria-label={`View ${name}`} data-testid="catalog-view">
      View
    </Button>
  );
}

/**
 * What an empty list says: nothing matches the filters (and how to show everything), or there
 * is nothing yet (and what to do next; a read-only role is told who adds rows instead).
 */
export function ListEmpty({
  filtered,
  plural,
  newLabel,
  canManage,
  onClear,
  filters = "the search and filters",
  children,
}: {
  filtered: boolean;
  /** "products" */
  plural: string;
  /** The New button's text, "New product". */
  newLabel: string;
  canManage: boolean;
  onClear: () => void;
  /** What narrows the list, as "No products match …" ends. */
  filters?: string;
  /** What to do next instead of "Add one with …" (and what happens until then). */
  children?: ReactNode;
}): ReactNode {
  if (filtered) {
    return (
      <EmptyState
        title={`No ${plural} match ${filters}.`}
        testId="catalog-no-match"
        action={
          <Button onClick={onClear} data-testid="catalog-clear-filters">
            Show all {plural}
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState title={`No ${plural} yet.`} testId="catalog-empty">
      {children ?? (canManage ? `Add one with ${newLabel}.` : `An administrator or manager adds ${plural}; they will be listed here.`)}
    </EmptyState>
  );
}

/** How rows are opened, for people who do not see the row's button first. */
export function TableHint({ canManage }: { canManage: boolean }) {
  return (
    <p className="muted table-hint">
      Click a row, or move to it with Tab and the arrow keys and press Enter, to {canManage ? "edit" : "view"} it.
    </p>
  );
}
