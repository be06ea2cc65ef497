// Listening to an event Rust emits for as long as a component is mounted.

/**
 * Starts `listen` (e.g. `() => events.queueChanged.listen(…)`) and returns the effect's
 * cleanup, which stops it, also when it is still starting. Outside a Tauri window (unit
 * tests) there are no events: nothing is heard and nothing fails.
 */
export function listenWhileMounted(listen: () => Promise<() => void>): () => void {
  let unlisten: (() => void) | null = null;
  let closed = false;
  // Async, so that a listen that throws at once (no Tauri) becomes a rejection.
  (async () => listen())().then(
    (stop) => {
      if (closed) stop();
      else unlisten = stop;
    },
    () => {},
  );
  return () => {
    closed = true;
    unlisten?.();
  };
}
