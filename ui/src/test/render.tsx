// Renders components for tests that need a DOM (files that start with
// `// @vitest-environment happy-dom`): the providers the app sets up, and a wait that lets
// commands answer and React render.
import { QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, act } from "react";
import { type Root, createRoot } from "react-dom/client";
import { MemoryRouter } from "react-router";
import { afterEach, expect } from "vitest";
import type { Permission, SessionInfo } from "../lib/ipc";
import { createQueryClient } from "../shared/query";
import { SessionContext, type SessionContextValue } from "../shared/session";
import { ThemeProvider } from "../shared/theme";

// Tells React that updates are wrapped in act(), as a test renderer does.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const mounted: { root: Root; container: HTMLElement }[] = [];

afterEach(() => {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
});

export interface RenderOptions {
  /** Renders inside a signed-in session with these fields (permissions, userId, …). */
  session?: Partial<SessionInfo> & { permissions?: Permission[] };
  /** Called when a load reports an ended session. */
  expire?: () => void;
  /** Called when a screen applies the user's preferences. */
  prefer?: SessionContextValue["prefer"];
  /** The route the router starts at; without it there is no router. */
  path?: string;
}

/** Renders `ui` with the query client, theme and, as asked, a session and a router. */
export function render(ui: ReactNode, options: RenderOptions = {}): HTMLElement {
  let tree = ui;
  if (options.path !== undefined) tree = <MemoryRouter initialEntries={[options.path]}>{tree}</MemoryRouter>;
  if (options.session) {
    const value = {
      session: { username: "test.user", permissions: [], ...options.session } as SessionInfo,
      signOut: async () => {},
      expire: options.expire ?? (() => {}),
      renew: () => {},
      prefer: options.prefer ?? (() => {}),
    } satisfies SessionContextValue;
    tree = <SessionContext.Provider value={value}>{tree}</SessionContext.Provider>;
  }
  tree = (
    <ThemeProvider>
      <QueryClientProvider client={createQueryClient()}>{tree}</QueryClientProvider>
    </ThemeProvider>
  );
  const container = document.body.appendChild(document.createElement("div"));
  const root = createRoot(container);
  mounted.push({ root, container });
  act(() => root.render(tree));
  return container;
}

/** Lets promises settle and React render until `check` holds; fails after about a second. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
  }
  expect(check()).toBe(true);
}

/** The element with this `data-testid`, or null. */
export function byTestId<E extends HTMLElement = HTMLElement>(el: ParentNode, testId: string): E | null {
  return el.querySelector<E>(`[data-testid="${testId}"]`);
}
