// @vitest-environment happy-dom
import { act } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Permission } from "../../lib/ipc";
import { useTheme } from "../../shared/theme";
import { byTestId, render, until } from "../../test/render";
import { ADMIN_ID, OTHER_USER_ID, setting } from "./fixtures.test-data";
import { ApplyStoredPreferences, PreferencesDialog } from "./PreferencesDialog";

const ipc = vi.hoisted(() => ({ listSettings: vi.fn(), setMyPreference: vi.fn(), offlineCacheInfo: vi.fn() }));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));

const VIEWER: Permission[] = ["dashboard.view"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const pref = (key: string, value: string, scopeId = ADMIN_ID) =>
  setting("preferences", key, { scope: "user", scopeId, value, scopes: ["global", "user"] });

function ThemeShown() {
  return <span data-testid="theme-now">{useTheme().preference}</span>;
}

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  window.localStorage.clear();
  ipc.listSettings.mockResolvedValue(ok([pref("theme", "light", OTHER_USER_ID)]));
  ipc.offlineCacheInfo.mockResolvedValue(
    ok({ entries: 0, bytes: 0, oldest: null, newest: null, kept: [], file: "/tmp/offline.sqlite" }),
  );
});
afterEach(() => window.localStorage.clear());

const session = { permissions: VIEWER, userId: ADMIN_ID, language: "en-GB", timezone: "Europe/London" };

async function pick(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLSelectElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

describe("my preferences", () => {
  it("saves only what changed, one preference at a time, and applies it at once", async () => {
    const prefer = vi.fn();
    ipc.setMyPreference.mockImplementation(async (key: string, value: string) => ok(pref(key, value)));
    const el = render(
      <>
        <PreferencesDialog open onClose={() => {}} />
        <ThemeShown />
      </>,
      { session, prefer },
    );
    await until(() => byTestId(el, "preference-time-zone") !== null);
    const zones = Array.from(byTestId<HTMLSelectElement>(el, "preference-time-zone")?.options ?? []).map((o) => o.value);
    expect(zones).toContain("America/New_York");
    await pick(el, "preference-time-zone", "America/New_York");
    await pick(el, "preference-theme", "dark");
    await act(async () => byTestId(el, "preferences-save")?.click());
    await until(() => byTestId(el, "preferences-saved") !== null);
    expect(ipc.setMyPreference.mock.calls).toEqual([
      ["time_zone", "America/New_York"],
      ["theme", "dark"],
    ]);
    expect(prefer).toHaveBeenCalledWith({ timezone: "America/New_York" });
    expect(byTestId(el, "theme-now")?.textContent).toBe("dark");
  });

  it("shows Rust's refusal under the preference it concerns", async () => {
    ipc.setMyPreference.mockResolvedValue({ status: "error", error: { kind: "validation", field: "value", message: "an IANA time zone such as Europe/London" } });
    const el = render(<PreferencesDialog open onClose={() => {}} />, { session });
    await until(() => byTestId(el, "preference-time-zone") !== null);
    await pick(el, "preference-time-zone", "Europe/Berlin");
    await act(async () => byTestId(el, "preferences-save")?.click());
    await until(() => el.querySelector(".field-error") !== null);
    expect(el.querySelector(".field-invalid [data-testid='preference-time-zone']")).not.toBeNull();
    expect(el.querySelector(".field-error")?.textContent).toBe("An IANA time zone such as Europe/London.");
    expect(byTestId(el, "preferences-saved")).toBeNull();
  });

  it("applies the signed-in user's stored preferences, not someone else's", async () => {
    const prefer = vi.fn();
    ipc.listSettings.mockResolvedValue(
      ok([pref("locale", "de-DE"), pref("time_zone", "Europe/Berlin"), pref("theme", "dark"), pref("theme", "light", OTHER_USER_ID)]),
    );
    const el = render(
      <>
        <ApplyStoredPreferences />
        <ThemeShown />
      </>,
      { session, prefer },
    );
    await until(() => prefer.mock.calls.length > 0);
    expect(prefer).toHaveBeenCalledWith({ language: "de-DE", timezone: "Europe/Berlin" });
    expect(byTestId(el, "theme-now")?.textContent).toBe("dark");
  });
});
