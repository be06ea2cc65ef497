// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { UserSummary } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { UsersPanel } from "./UsersPanel";

const ipc = vi.hoisted(() => ({ listUsers: vi.fn(), setUserActive: vi.fn() }));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));

const ann: UserSummary = {
  userId: "u-ann",
  username: "ann.admin",
  email: "ann@example.test",
  displayName: "Ann",
  role: "admin",
  overrides: [],
  active: true,
  lockedUntil: null,
  failedLogins: 0,
  lastLoginAt: null,
  anonymized: false,
  passwordResetRequired: false,
  createdAt: "2026-01-01T00:00:00Z",
};
const bob: UserSummary = { ...ann, userId: "u-bob", username: "bob.viewer", displayName: "Bob", role: "viewer" };

let expire = vi.fn();

beforeEach(() => {
  ipc.listUsers.mockReset();
  ipc.setUserActive.mockReset();
  expire = vi.fn();
});

const renderPanel = () =>
  render(<UsersPanel />, { session: { userId: "u-ann", permissions: ["admin.view", "users.manage"] }, expire });

describe("users panel", () => {
  it("lists the users Rust returns", async () => {
    ipc.listUsers.mockResolvedValue({ status: "ok", data: [ann, bob] });
    const el = renderPanel();
    expect(el.textContent).toContain("Loading users…");
    await until(() => Boolean(byTestId(el, "admin-users")?.querySelector("tbody")));
    expect(el.textContent).toContain("bob.viewer");
    expect(el.textContent).not.toContain("Loading users…");
  });

  it("reads the list again after a change and says what happened", async () => {
    ipc.listUsers
      .mockResolvedValueOnce({ status: "ok", data: [ann, bob] })
      .mockResolvedValue({ status: "ok", data: [ann, { ...bob, active: false }] });
    ipc.setUserActive.mockResolvedValue({ status: "ok", data: null });
    const el = renderPanel();
    await until(() => el.textContent?.includes("bob.viewer") === true);

    const deactivate = el.querySelector<HTMLButtonElement>('[aria-label="Deactivate Bob"]');
    act(() => deactivate?.click());
    await until(() => byTestId(el, "admin-notice") !== null);
    expect(ipc.setUserActive).toHaveBeenCalledWith("u-bob", false);
    expect(ipc.listUsers).toHaveBeenCalledTimes(2);
    expect(byTestId(el, "admin-notice")?.textContent).toBe("Bob is deactivated and can no longer sign in.");
    await until(() => el.querySelector('[aria-label="Reactivate Bob"]') !== null);
  });

  it("shows a failed load as errors.ts words it, and returns to sign-in when the session ended", async () => {
    ipc.listUsers.mockResolvedValue({ status: "error", error: { kind: "notAuthenticated" } });
    const el = renderPanel();
    await until(() => byTestId(el, "admin-error") !== null);
    const banner = byTestId(el, "admin-error");
    expect(banner?.getAttribute("data-error-kind")).toBe("notAuthenticated");
    expect(banner?.textContent).toContain("Your session has ended.");
    expect(expire).toHaveBeenCalledTimes(1);
  });
});
