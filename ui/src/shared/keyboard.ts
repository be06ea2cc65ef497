// Keyboard navigation helpers shared by the shell: F6 cycles between landmark regions (as in
// browsers and Office), and two-key "g then x" sequences jump to a screen (as in GitHub/Gmail).

/** Index of the region to focus after pressing F6 (or Shift+F6 when `backwards`). */
export function nextRegionIndex(count: number, current: number, backwards: boolean): number {
  if (count <= 0) return -1;
  if (current < 0) return backwards ? count - 1 : 0;
  return (current + (backwards ? count - 1 : 1)) % count;
}

/** True when a key press belongs to a text field and must not trigger shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
}

export interface SequenceState {
  prefix: string | null;
  at: number;
}

/**
 * Feeds one key into a "g x" sequence. Returns the completed sequence ("g d") when the second
 * key arrives within `timeoutMs` of "g", and the new state either way.
 */
export function feedSequence(
  state: SequenceState,
  key: string,
  now: number,
  timeoutMs = 1200,
): { state: SequenceState; sequence: string | null } {
  const k = key.toLowerCase();
  if (state.prefix && now - state.at <= timeoutMs) {
    return { state: { prefix: null, at: 0 }, sequence: `${state.prefix} ${k}` };
  }
  if (k === "g") return { state: { prefix: "g", at: now }, sequence: null };
  return { state: { prefix: null, at: 0 }, sequence: null };
}

/** Focusable landmark regions in document order. */
export function regions(root: ParentNode = document): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>("[data-region]")).filter(
    (el) => el.offsetParent !== null || el === document.activeElement,
  );
}

export function cycleRegions(backwards: boolean): void {
  const list = regions();
  const active = document.activeElement;
  const current = list.findIndex((el) => el === active || (active instanceof Node && el.contains(active)));
  const next = list[nextRegionIndex(list.length, current, backwards)];
  if (next) {
    if (!next.hasAttribute("tabindex")) next.tabIndex = -1;
    next.focus();
  }
}
