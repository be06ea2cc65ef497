// Whether the server answers, as the app's background probe last found, and which report
// screens show the copy kept on this computer meanwhile. One provider in the shell; screens,
// the offline banner and `useCommandCall` read it with `useConnectivity()`.
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { type ConnectionStatus, type ServedFromCache, commands, events } from "../lib/ipc";
import { listenWhileMounted } from "./events";

export interface Connectivity {
  /** The server answered at the probe's last look. */
  online: boolean;
  /** When the current state was noticed (gone offline, or back online); null before any change. */
  since: Date | null;
  /** Report screens showing the copy kept on this computer, with the time that copy was fetched. */
  servedFromCache: ServedFromCache[];
}

/** Without a provider (sign-in, the wizard, tests) the app is taken to be online. */
const ONLINE: Connectivity = { online: true, since: null, servedFromCache: [] };

const ConnectivityContext = createContext<Connectivity>(ONLINE);

export function useConnectivity(): Connectivity {
  return useContext(ConnectivityContext);
}

/** How often the status is read again while offline, to learn which screens show kept copies. */
export const OFFLINE_POLL_MS = 2_000;

/** The report screens the cache serves, in the words of the navigation. */
const SCREEN_LABELS: Record<string, string> = {
  dashboard: "Dashboard",
  "forecast-runs": "Forecast runs",
  "forecast-series": "Forecast series",
  "forecast-detail": "Forecast detail",
  inventory: "Inventory",
  "stock-risks": "Stock risks",
  "cash-projection": "Cash projection",
};

/** A cached screen's name for people: "stock-risks" → "Stock risks". */
export function screenLabel(screen: string): string {
  const known = SCREEN_LABELS[screen];
  if (known) return known;
  const words = screen.replace(/[-_]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The oldest `asOf` among the kept copies shown, or null when none is shown (or none parses). */
export function oldestAsOf(served: readonly ServedFromCache[]): string | null {
  let oldest: { text: string; ms: number } | null = null;
  for (const s of served) {
    const ms = Date.parse(s.asOf);
    if (Number.isNaN(ms)) continue;
    if (!oldest || ms < oldest.ms) oldest = { text: s.asOf, ms };
  }
  return oldest?.text ?? null;
}

function sameServed(a: readonly ServedFromCache[], b: readonly ServedFromCache[]): boolean {
  return a.length === b.length && a.every((x, i) => x.screen === b[i]?.screen && x.asOf === b[i]?.asOf);
}

function instant(at: string): Date {
  const ms = Date.parse(at);
  return new Date(Number.isNaN(ms) ? Date.now() : ms);
}

/** The next state from what the probe says; the same object when nothing changed. */
function next(prev: Connectivity, online: boolean, served: readonly ServedFromCache[] | null, at: Date): Connectivity {
  if (prev.online !== online) return { online, since: at, servedFromCache: served ? [...served] : [] };
  if (served === null || sameServed(prev.servedFromCache, served)) return prev;
  return { ...prev, servedFromCache: [...served] };
}

/**
 * Follows the server's reachability: the status once on mount, every `connectionChanged`
 * event, and the status again every {@link OFFLINE_POLL_MS} while offline and when a load
 * settles offline. Back online, every query is invalidated so each screen refreshes what it
 * showed from the kept copies.
 */
export function ConnectivityProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<Connectivity>(ONLINE);
  // Bumped by every event: a status read that started before one is older news and is dropped.
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const started = generation.current;
    let status: ConnectionStatus;
    try {
      // Inside the try: a missing command (a test's mock) throws before any promise exists.
      const res = await commands.connectionStatus();
      if (res.status !== "ok") return;
      status = res.data;
    } catch {
      // The status is the probe's last answer, read locally; if even that fails, keep what is
      // known: the next event or read says more.
      return;
    }
    if (generation.current !== started) return;
    setState((prev) => next(prev, status.online, status.servedFromCache, new Date()));
  }, []);

  // The status at mount, and every change Rust announces.
  useEffect(() => {
    void refresh();
    return listenWhileMounted(() =>
      events.connectionChanged.listen((event) => {
        generation.current += 1;
        const { online, at } = event.payload;
        setState((prev) => next(prev, online, online ? [] : null, instant(at)));
        // Gone offline: which screens show kept copies comes with the status, not the event.
        if (!online) void refresh();
      }),
    );
  }, [refresh]);

  // While offline: the status every two seconds, and after each load that settles (a screen
  // just opened may now show its kept copy).
  useEffect(() => {
    if (state.online) return;
    const timer = window.setInterval(() => void refresh(), OFFLINE_POLL_MS);
    const unsubscribe = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && (event.action.type === "success" || event.action.type === "error")) void refresh();
    });
    return () => {
      window.clearInterval(timer);
      unsubscribe();
    };
  }, [state.online, refresh, queryClient]);

  // Back online: everything a screen showed may be a kept copy or a failed load; read it again.
  const wasOnline = useRef(true);
  useEffect(() => {
    if (state.online && !wasOnline.current) void queryClient.invalidateQueries();
    wasOnline.current = state.online;
  }, [state.online, queryClient]);

  return <ConnectivityContext.Provider value={state}>{children}</ConnectivityContext.Provider>;
}
