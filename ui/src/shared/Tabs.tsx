import type { KeyboardEvent, ReactNode } from "react";
import { useSearchParams } from "react-router";

export interface TabDef<T extends string> {
  id: T;
  label: string;
}

/** Where arrow keys, Home and End move from tab `current` of `count` (wrapping, as in the WAI-ARIA tabs pattern). */
export function tabAfterKey(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case "ArrowRight":
      return (current + 1) % count;
    case "ArrowLeft":
      return (current + count - 1) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/** The tab a `?tab=` value names; the first for a missing or unknown one (an old bookmark). */
export function tabFrom<T extends string>(tabs: readonly [TabDef<T>, ...TabDef<T>[]], value: string | null): T {
  return tabs.find((t) => t.id === value)?.id ?? tabs[0].id;
}

/** The chosen tab, kept in the URL (`#/inventory?tab=orders`) so that a link or a reload keeps it. */
export function useUrlTab<T extends string>(tabs: readonly [TabDef<T>, ...TabDef<T>[]]): [T, (tab: T) => void] {
  const [params, setParams] = useSearchParams();
  return [tabFrom(tabs, params.get("tab")), (tab) => setParams({ tab }, { replace: true })];
}

/**
 * A tab list and the chosen tab's panel. `name` prefixes ids and test ids: `inventory` gives
 * `inventory-tab-items` and `inventory-panel-items`. The panel is a landmark F6 reaches.
 */
export function Tabs<T extends string>({
  name,
  label,
  tabs,
  current,
  onChoose,
  children,
}: {
  name: string;
  /** What the tab list chooses between, for assistive tech. */
  label: string;
  tabs: readonly TabDef<T>[];
  current: T;
  onChoose: (tab: T) => void;
  children: ReactNode;
}) {
  const onKeyDown = (e: KeyboardEvent) => {
    const to = tabAfterKey(
      e.key,
      tabs.findIndex((t) => t.id === current),
      tabs.length,
    );
    const next = to === null ? undefined : tabs[to];
    if (!next) return;
    e.preventDefault();
    onChoose(next.id);
    document.getElementById(`${name}-tab-${next.id}`)?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`${name}-tab-${t.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={current === t.id}
            aria-controls={`${name}-panel-${t.id}`}
            tabIndex={current === t.id ? 0 : -1}
            onClick={() => onChoose(t.id)}
            data-testid={`${name}-tab-${t.id}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`${name}-panel-${current}`} role="tabpanel" aria-labelledby={`${name}-tab-${current}`} data-region="" tabIndex={-1}>
        {children}
      </div>
    </>
  );
}
