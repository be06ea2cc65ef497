// Loading data from Rust: one hook per kind of read, on TanStack Query, so a screen writes one
// line and gets loading, a described error and the data, and reads again after a change.
import {
  type QueryKey,
  QueryClient,
  keepPreviousData,
  skipToken,
  useInfiniteQuery,
  useQueries,
  useQuery,
} from "@tanstack/react-query";
import { useCallback, useContext, useEffect, useMemo, useState } from "react";
import { type AppError, type CommandResult, toAppError } from "../lib/ipc";
import { type UserError, describeError } from "./errors";
import { useLocale } from "./locale";
import { SessionContext } from "./session";

/** A command's failure, thrown so that TanStack Query sees it; `appError` is what Rust sent. */
export class CommandError extends Error {
  readonly appError: AppError;

  constructor(appError: AppError) {
    super(`command failed: ${appError.kind}`);
    this.name = "CommandError";
    this.appError = appError;
  }
}

/**
 * A command's data, or a thrown CommandError: its AppError, or `internal` for a call that never
 * reached Rust (Tauri then rejects instead of returning a result).
 */
export async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  let result: CommandResult<T>;
  try {
    result = await call;
  } catch (thrown) {
    throw new CommandError(toAppError(thrown));
  }
  if (result.status === "ok") return result.data;
  throw new CommandError(result.error);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Rust bounds every call with its own deadline and says why it failed; retrying here
        // would only hold back that answer (an offline database would take three times as long).
        retry: false,
        // A desktop window gains and loses focus all day: data is read when a screen opens, on
        // "Try again" and after a change, not on every focus or network blip.
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
      },
    },
  });
}

/** What a screen gets back from a load. */
export interface Loaded<T> {
  /** The data; while a new request runs with `keepPrevious`, the previous request's. */
  data: T | undefined;
  /** The failure in words (errors.ts), or null. A lapsed session also returns to sign-in. */
  error: UserError | null;
  /** The first load is running: there is nothing to show yet. */
  loading: boolean;
  /** Any request is running, including a reload while older data is shown. */
  fetching: boolean;
  /** `data` is the previous arguments' while the new ones load (`keepPrevious`). */
  previous: boolean;
  /** Reads again, e.g. after a change; resolves when the new data (or error) is in. */
  refetch: () => Promise<void>;
}

export interface LoadOptions {
  /** Keep showing the previous arguments' data while the new ones load (filters). */
  keepPrevious?: boolean;
  /** Forget the data when the screen closes, so the next visit starts afresh (a form's initial values). */
  once?: boolean;
}

/**
 * Loads one command's data. `key` names the data and its arguments (["dashboard", query]): a
 * new key is a new request; the same key on another visit shows the last data at once and
 * refreshes it. `call` is null while its arguments are not ready (an invalid period), and then
 * nothing is asked. `action` completes "Could not …" in the error text.
 */
export function useCommandQuery<T>(
  key: QueryKey,
  call: (() => Promise<CommandResult<T>>) | null,
  action: string,
  options: LoadOptions = {},
): Loaded<T> {
  const query = useQuery({
    queryKey: key,
    queryFn: call ? () => unwrap(call()) : skipToken,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    ...(options.once ? { gcTime: 0 } : {}),
  });
  const error = useUserError(query.error, action);
  const { refetch: refetchQuery } = query;
  const refetch = useCallback(async () => {
    await refetchQuery();
  }, [refetchQuery]);
  return {
    data: query.data,
    error,
    loading: query.isLoading,
    fetching: query.isFetching,
    previous: query.isPlaceholderData,
    refetch,
  };
}

/** One of several loads that belong together: its key and its command, as `useCommandQuery` takes them. */
export interface CommandRequest<T> {
  key: QueryKey;
  call: () => Promise<CommandResult<T>>;
}

/**
 * Loads several commands at once, in parallel (one projection per scenario compared), each
 * under its own key, so what another view already loaded under the same key is reused. `data`
 * holds every answer, in the order asked, once all are in; with `keepPrevious` the last
 * complete set stays while a changed set loads. `error` is the first failure's.
 */
export function useCommandQueries<T>(requests: readonly CommandRequest<T>[], action: string, options: LoadOptions = {}): Loaded<T[]> {
  const results = useQueries({
    queries: requests.map((r) => ({
      queryKey: r.key,
      queryFn: () => unwrap(r.call()),
      ...(options.once ? { gcTime: 0 } : {}),
    })),
  });
  const complete = results.every((r) => r.data !== undefined) ? results.map((r) => r.data as T) : undefined;
  // The last complete set, stored while rendering the one that brings it (no effect, no
  // flash): the same answers stay the same array, and with `keepPrevious` it stands in.
  const [kept, setKept] = useState<T[] | undefined>(undefined);
  const fresh = complete !== undefined && !sameItems(complete, kept);
  if (fresh) setKept(complete);
  const current = complete === undefined || fresh ? complete : kept;
  const data = current ?? (options.keepPrevious ? kept : undefined);
  const error = useUserError(results.find((r) => r.error)?.error ?? null, action);
  return {
    data,
    error,
    loading: data === undefined && results.some((r) => r.isLoading),
    fetching: results.some((r) => r.isFetching),
    previous: current === undefined && data !== undefined,
    refetch: async () => {
      await Promise.all(results.map((r) => r.refetch()));
    },
  };
}

function sameItems<T>(a: readonly T[], b: readonly T[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** What a paged load adds: the pages so far, in order, and a way to get the next one. */
export interface LoadedPages<T> extends Omit<Loaded<T[]>, "data" | "previous"> {
  /** Every item of the pages loaded so far. */
  data: T[] | undefined;
  /** Another page is there to load. */
  hasMore: boolean;
  /** The next page is being read. */
  loadingMore: boolean;
  loadMore: () => Promise<void>;
}

/**
 * Loads a list page by page. `call(cursor)` reads the page after `cursor` (null for the first);
 * `nextCursor` says where the page after `page` starts, or null when `page` was the last.
 */
export function useCommandPages<T, C>(
  key: QueryKey,
  call: (cursor: C | null) => Promise<CommandResult<T[]>>,
  nextCursor: (page: T[]) => C | null,
  action: string,
): LoadedPages<T> {
  const query = useInfiniteQuery({
    queryKey: key,
    // TanStack's context type is conditional on the cursor type, which a generic C leaves open.
    queryFn: ({ pageParam }) => unwrap(call(pageParam as C | null)),
    initialPageParam: null as C | null,
    getNextPageParam: (last: T[]) => nextCursor(last),
  });
  const error = useUserError(query.error, action);
  const data = useMemo(() => query.data?.pages.flat(), [query.data]);
  const { refetch: refetchQuery, fetchNextPage } = query;
  const refetch = useCallback(async () => {
    await refetchQuery();
  }, [refetchQuery]);
  const loadMore = useCallback(async () => {
    await fetchNextPage();
  }, [fetchNextPage]);
  return {
    data,
    error,
    loading: query.isLoading,
    fetching: query.isFetching,
    refetch,
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    loadMore,
  };
}

/**
 * A failed load in words, as errors.ts gives them. An ended session returns to sign-in (outside
 * a signed-in shell, e.g. in the connection wizard, there is no session to end).
 */
function useUserError(error: Error | null, action: string): UserError | null {
  const { locale, timeZone } = useLocale();
  const expire = useContext(SessionContext)?.expire;
  const described = useMemo(() => {
    if (!error) return null;
    const appError = error instanceof CommandError ? error.appError : toAppError(error);
    return describeError(appError, { locale, timeZone, action });
  }, [error, locale, timeZone, action]);
  const signedOut = described?.signedOut === true;
  useEffect(() => {
    if (signedOut) expire?.();
  }, [signedOut, expire]);
  return described;
}
