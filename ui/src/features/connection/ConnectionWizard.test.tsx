// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionSettings } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { ConnectionWizard } from "./ConnectionWizard";

const ipc = vi.hoisted(() => ({ getConnection: vi.fn() }));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));

const saved: ConnectionSettings = {
  host: "db.example.internal",
  port: 5433,
  database: "sentia",
  user: "planner",
  tlsMode: "verify-full",
  tlsWarning: null,
  hasPassword: true,
  provisioned: false,
};

beforeEach(() => ipc.getConnection.mockReset());

// The wizard opens before anyone signs in: no session around it.
const renderWizard = () => render(<ConnectionWizard onSaved={() => {}} />);
const input = (el: HTMLElement, id: string) => byTestId<HTMLInputElement>(el, id);

describe("connection wizard", () => {
  it("fills the form with the saved connection once it is read", async () => {
    ipc.getConnection.mockResolvedValue({ status: "ok", data: saved });
    const el = renderWizard();
    expect(el.textContent).toContain("Reading the saved connection…");
    await until(() => input(el, "conn-host") !== null);
    expect(input(el, "conn-host")?.value).toBe("db.example.internal");
    expect(input(el, "conn-port")?.value).toBe("5433");
    expect(input(el, "conn-user")?.value).toBe("planner");
    expect(byTestId(el, "conn-load-error")).toBeNull();
  });

  it("starts empty and says why when the saved connection cannot be read", async () => {
    ipc.getConnection.mockResolvedValue({
      status: "error",
      error: { kind: "keychainUnavailable", message: "Start the Secret Service, then try again." },
    });
    const el = renderWizard();
    await until(() => input(el, "conn-host") !== null);
    expect(input(el, "conn-host")?.value).toBe("");
    const banner = byTestId(el, "conn-load-error");
    expect(banner?.getAttribute("data-error-kind")).toBe("keychainUnavailable");
    expect(banner?.textContent).toContain("Start the Secret Service");
  });
});
