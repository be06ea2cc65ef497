// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import type { Permission } from "../lib/ipc";
import { byTestId, render } from "../test/render";
import { AppShell } from "./AppShell";

const VIEWER: Permission[] = ["dashboard.view", "data.export"];

/** The shell at `path`; the screens opened here call no command. */
function renderShell(path: string, permissions: Permission[]) {
  return render(<AppShell connection={null} version="1.0.0" />, { path, session: { permissions } });
}

const navTestIds = (el: HTMLElement) =>
  Array.from(el.querySelectorAll("[data-testid^='nav-']")).map((a) => a.getAttribute("data-testid"));

describe("the shell built from the screen list", () => {
  it("links a viewer to every screen but administration", () => {
    const el = renderShell("/forecasts", VIEWER);
    expect(navTestIds(el)).toEqual(["nav-dashboard", "nav-catalog", "nav-forecasts", "nav-inventory", "nav-working-capital"]);
    expect(byTestId(el, "nav-forecasts")?.getAttribute("aria-keyshortcuts")).toBe("g f");
    expect(byTestId(el, "forecasts")?.textContent).toContain("Forecasts is coming in a later release.");
  });

  it("links an admin to administration too", () => {
    const el = renderShell("/inventory", [...VIEWER, "admin.view"]);
    expect(navTestIds(el)).toContain("nav-admin");
    expect(byTestId(el, "nav-admin")?.textContent).toBe("Admin");
  });

  it("shows a typed admin URL as not permitted, naming the permission", () => {
    const el = renderShell("/admin", VIEWER);
    const page = byTestId(el, "forbidden");
    expect(page?.textContent).toContain("Your role does not give access to administration.");
    expect(page?.textContent).toContain("“Open the admin pages”");
    expect(byTestId(el, "admin")).toBeNull();
  });

  it("opens the working-capital placeholder at its path", () => {
    const el = renderShell("/working-capital", VIEWER);
    expect(byTestId(el, "working-capital")?.querySelector("h1")?.textContent).toBe("Working capital");
  });
});
