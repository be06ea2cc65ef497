// The offline copies as Rust describes them, for screen tests of "Keep offline".
import type { CacheInfo, Screen } from "../lib/ipc";

/** The offline copies, with one kept view of each screen named. */
export const cacheInfo = (screens: Screen[]): CacheInfo => ({
  entries: screens.length,
  bytes: 2_048,
  oldest: null,
  newest: null,
  kept: screens.map((screen) => ({ entry: `e-${screen}`, screen, asOf: "2026-12-01T09:00:00Z" })),
  file: "/tmp/offline.db",
});
