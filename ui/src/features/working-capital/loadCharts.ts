// The screen's charts share one chunk. Every lazy chart asks for it through one promise, so
// it is imported once however many charts mount together (and a test's stand-in module is
// the one every chart gets: Vitest can hand simultaneous imports of a mocked module the real one).

type Charts = typeof import("./CashCharts");

let pending: Promise<Charts> | null = null;

export function loadCharts(): Promise<Charts> {
  pending ??= import("./CashCharts").catch((error: unknown) => {
    // A chunk that failed to load may load on the next visit.
    pending = null;
    throw error;
  });
  return pending;
}
