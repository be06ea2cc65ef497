// @vitest-environment happy-dom
import { act, useState } from "react";
import { describe, expect, it, vi } from "vitest";
import type { AppError, CommandResult } from "../lib/ipc";
import { render, until as waitFor } from "../test/render";
import { CommandError, unwrap, useCommandPages, useCommandQueries, useCommandQuery } from "./query";

const ok = <T,>(data: T): CommandResult<T> => ({ status: "ok", data });
const failed = (error: AppError): CommandResult<never> => ({ status: "error", error });

/** A command whose answer the test gives when it chooses. */
function deferred<T>() {
  let resolve: (value: CommandResult<T>) => void = () => {};
  const promise = new Promise<CommandResult<T>>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Runs `hook` in a component inside a signed-in session; `result.current` is its latest value. */
function renderHook<R>(hook: () => R, expire: () => void = () => {}) {
  const result = { current: undefined as R };
  function Probe() {
    result.current = hook();
    return null;
  }
  render(<Probe />, { session: {}, expire });
  return result;
}

describe("unwrap", () => {
  it("returns the data of a successful call", async () => {
    await expect(unwrap(Promise.resolve(ok([1, 2])))).resolves.toEqual([1, 2]);
  });

  it("throws the AppError Rust sent", async () => {
    const thrown = await unwrap(Promise.resolve(failed({ kind: "offline" }))).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(CommandError);
    expect((thrown as CommandError).appError).toEqual({ kind: "offline" });
  });

  it("turns a call that never reached Rust into an internal error", async () => {
    const thrown = await unwrap(Promise.reject(new Error("command list_users not found") as unknown as never)).catch(
      (e: unknown) => e,
    );
    expect((thrown as CommandError).appError.kind).toBe("internal");
    const rejected = await unwrap(Promise.reject("ipc closed")).catch((e: unknown) => e);
    expect((rejected as CommandError).appError).toEqual({ kind: "internal", reference: "ipc closed" });
  });
});

describe("useCommandQuery", () => {
  it("is loading until the command answers, then has the data", async () => {
    const answer = deferred<string[]>();
    const result = renderHook(() => useCommandQuery(["users"], () => answer.promise, "load the users"));
    expect(result.current.loading).toBe(true);
    expect(result.current.data).toBeUndefined();
    expect(result.current.error).toBeNull();

    answer.resolve(ok(["ann", "bob"]));
    await waitFor(() => !result.current.loading);
    expect(result.current.data).toEqual(["ann", "bob"]);
    expect(result.current.error).toBeNull();
    expect(result.current.fetching).toBe(false);
  });

  it("describes a failure the way errors.ts words it, once, without retrying", async () => {
    const call = vi.fn(async () => failed({ kind: "offline" }));
    const result = renderHook(() => useCommandQuery(["users"], call, "load the users"));
    await waitFor(() => result.current.error !== null);
    expect(result.current.error).toMatchObject({
      kind: "offline",
      title: "Database unreachable",
      retryable: true,
    });
    expect(result.current.error?.message).toMatch(/^Could not load the users: the database cannot be reached/);
    expect(result.current.loading).toBe(false);
    expect(result.current.data).toBeUndefined();
    expect(call).toHaveBeenCalledTimes(1);
  });

  it("returns to sign-in when the session has ended", async () => {
    const expire = vi.fn();
    const result = renderHook(
      () => useCommandQuery(["users"], async () => failed({ kind: "notAuthenticated" }), "load the users"),
      expire,
    );
    await waitFor(() => result.current.error !== null);
    expect(result.current.error?.signedOut).toBe(true);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it("reads again on refetch, e.g. after a change", async () => {
    let version = 0;
    const call = vi.fn(async () => ok(++version));
    const result = renderHook(() => useCommandQuery(["version"], call, "load"));
    await waitFor(() => result.current.data === 1);
    await act(() => result.current.refetch());
    await waitFor(() => result.current.data === 2);
    expect(call).toHaveBeenCalledTimes(2);
  });

  it("clears the error once a retry succeeds", async () => {
    const answers: CommandResult<string>[] = [failed({ kind: "database", message: "busy" }), ok("fine")];
    const result = renderHook(() => useCommandQuery(["flaky"], async () => answers.shift() ?? ok("again"), "load"));
    await waitFor(() => result.current.error !== null);
    expect(result.current.error?.kind).toBe("database");
    await act(() => result.current.refetch());
    await waitFor(() => result.current.data === "fine");
    expect(result.current.error).toBeNull();
  });

  it("asks nothing while its arguments are not ready", async () => {
    const result = renderHook(() => useCommandQuery<number>(["dashboard", null], null, "load the dashboard"));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(result.current.loading).toBe(false);
    expect(result.current.fetching).toBe(false);
    expect(result.current.data).toBeUndefined();
  });

  it("keeps the previous arguments' data on screen while new ones load", async () => {
    const answers = new Map([
      ["GBP", deferred<string>()],
      ["EUR", deferred<string>()],
    ]);
    let choose: (currency: string) => void = () => {};
    const result = renderHook(() => {
      const [currency, setCurrency] = useState("GBP");
      choose = setCurrency;
      const call = () => answers.get(currency)?.promise ?? Promise.resolve(failed({ kind: "offline" }));
      return useCommandQuery(["figures", currency], call, "load", { keepPrevious: true });
    });
    answers.get("GBP")?.resolve(ok("£10"));
    await waitFor(() => result.current.data === "£10");
    expect(result.current.previous).toBe(false);

    act(() => choose("EUR"));
    expect(result.current.data).toBe("£10");
    expect(result.current.previous).toBe(true);
    expect(result.current.fetching).toBe(true);
    expect(result.current.loading).toBe(false);

    answers.get("EUR")?.resolve(ok("€12"));
    await waitFor(() => result.current.data === "€12");
    expect(result.current.previous).toBe(false);
  });
});

describe("useCommandQueries", () => {
  it("asks every command at once and has the data when all have answered, in order", async () => {
    const a = deferred<string>();
    const b = deferred<string>();
    const started: string[] = [];
    const result = renderHook(() =>
      useCommandQueries(
        [
          { key: ["x", "a"], call: () => (started.push("a"), a.promise) },
          { key: ["x", "b"], call: () => (started.push("b"), b.promise) },
        ],
        "load",
      ),
    );
    await waitFor(() => started.length === 2);
    expect(result.current.loading).toBe(true);
    b.resolve(ok("B"));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(result.current.data).toBeUndefined();
    a.resolve(ok("A"));
    await waitFor(() => result.current.data !== undefined);
    expect(result.current.data).toEqual(["A", "B"]);
    expect(result.current.loading).toBe(false);
  });

  it("words the first failure, and keeps the last complete set while a changed one loads", async () => {
    const later = deferred<number>();
    let extend: () => void = () => {};
    const result = renderHook(() => {
      const [more, setMore] = useState(false);
      extend = () => setMore(true);
      const requests = [{ key: ["n", 1], call: async () => ok(1) }, ...(more ? [{ key: ["n", 2], call: () => later.promise }] : [])];
      return useCommandQueries(requests, "load", { keepPrevious: true });
    });
    await waitFor(() => result.current.data?.length === 1);
    act(() => extend());
    expect(result.current.data).toEqual([1]);
    expect(result.current.previous).toBe(true);
    later.resolve(failed({ kind: "offline" }));
    await waitFor(() => result.current.error !== null);
    expect(result.current.error?.message).toMatch(/^Could not load: /);
  });
});

describe("useCommandPages", () => {
  it("loads the first page, then the next from where it ended", async () => {
    const pages: Record<string, number[]> = { start: [5, 4], "4": [3, 2], "2": [1] };
    const call = vi.fn(async (before: number | null) => ok(pages[before === null ? "start" : String(before)] ?? []));
    // A page of two may have more after it; a shorter one is the last.
    const next = (page: number[]) => (page.length === 2 ? (page[page.length - 1] ?? null) : null);
    const result = renderHook(() => useCommandPages(["log"], call, next, "load the log"));

    await waitFor(() => result.current.data !== undefined);
    expect(result.current.data).toEqual([5, 4]);
    expect(result.current.hasMore).toBe(true);

    await act(() => result.current.loadMore());
    await waitFor(() => result.current.data?.length === 4);
    expect(result.current.data).toEqual([5, 4, 3, 2]);
    await act(() => result.current.loadMore());
    await waitFor(() => result.current.data?.length === 5);
    expect(result.current.data).toEqual([5, 4, 3, 2, 1]);
    expect(result.current.hasMore).toBe(false);
    expect(call.mock.calls.map(([before]) => before)).toEqual([null, 4, 2]);
  });

  it("describes a failed page like any other load", async () => {
    const result = renderHook(() =>
      useCommandPages(["log"], async () => failed({ kind: "forbidden", permission: "audit.view" }), () => null, "load the log"),
    );
    await waitFor(() => result.current.error !== null);
    expect(result.current.error?.message).toContain("“Read the audit log”");
    expect(result.current.data).toBeUndefined();
  });
});
