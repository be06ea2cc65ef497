// @vitest-environment happy-dom
import { act } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Permission, SettingChange } from "../../lib/ipc";
import { byTestId, render, until } from "../../test/render";
import { ADMIN_ID, PRODUCT_ID, asDefault, currency, filters, passwordLength, serviceLevelA, setting, version } from "./fixtures.test-data";
import { SettingsScreen } from "./SettingsScreen";

const ipc = vi.hoisted(() => ({
  listSettings: vi.fn(),
  listProducts: vi.fn(),
  settingHistory: vi.fn(),
  changeSetting: vi.fn(),
  revertSetting: vi.fn(),
}));
vi.mock("../../lib/ipc", async (actual) => ({
  ...(await actual<typeof import("../../lib/ipc")>()),
  commands: ipc,
}));

const ADMIN: Permission[] = ["dashboard.view", "settings.manage"];
const ok = <T,>(data: T) => ({ status: "ok" as const, data });
const ROW = "settings-row-inventory.service_level_a";

const redProduct = { id: PRODUCT_ID, fields: { sku: "GABA_RED_UK", name: "GABA Red 50cl" } };

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  ipc.listSettings.mockResolvedValue(ok([passwordLength, currency, serviceLevelA, filters]));
  ipc.listProducts.mockResolvedValue(ok([redProduct]));
});

const renderSettings = () => render(<SettingsScreen />, { path: "/settings", session: { permissions: ADMIN, userId: ADMIN_ID } });

/** Types into a field (or picks an option) as React sees a user do it. */
async function typeInto(el: HTMLElement, id: string, value: string) {
  const field = byTestId<HTMLInputElement>(el, id);
  if (!field) throw new Error(`no field ${id}`);
  const proto =
    field instanceof HTMLSelectElement
      ? HTMLSelectElement.prototype
      : field instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(field, value);
    field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

async function click(node: Element | null | undefined) {
  if (!node) throw new Error("nothing to click");
  await act(async () => (node as HTMLElement).click());
}

async function openEditor(el: HTMLElement, row = ROW) {
  await until(() => byTestId(el, row) !== null);
  await click(byTestId(byTestId(el, row) as HTMLElement, "setting-edit"));
  await until(() => byTestId(el, "setting-dialog") !== null);
}

describe("the settings list", () => {
  it("groups settings under their category and marks defaults", async () => {
    const el = renderSettings();
    await until(() => byTestId(el, ROW) !== null);
    const headings = Array.from(el.querySelectorAll("h2")).map((h) => h.textContent);
    expect(headings).toEqual(["Security", "Finance", "Inventory", "Preferences"]);
    const row = byTestId(el, "settings-row-finance.reporting_currency") as HTMLElement;
    expect(byTestId(row, "setting-default")?.textContent).toBe("default");
    expect(byTestId(row, "setting-history")).toBeNull();
    expect(byTestId(byTestId(el, ROW) as HTMLElement, "setting-default")).toBeNull();
    expect(byTestId(byTestId(el, ROW) as HTMLElement, "setting-rule")?.textContent).toBe("Takes: number, 0.5 to 0.9999, 4 decimals");
    // JSON in monospace, as a block.
    expect(byTestId(byTestId(el, "settings-row-preferences.dashboard_filters") as HTMLElement, "setting-current")?.tagName).toBe("PRE");
  });

  it("narrows the list to what the search names", async () => {
    const el = renderSettings();
    await until(() => byTestId(el, ROW) !== null);
    await typeInto(el, "settings-search", "service level");
    expect(byTestId(el, ROW)).not.toBeNull();
    expect(byTestId(el, "settings-row-security.password.min_length")).toBeNull();
    expect(byTestId(el, "settings-group-security")).toBeNull();
    await typeInto(el, "settings-search", "no such setting");
    expect(byTestId(el, "settings-empty")).not.toBeNull();
  });

  it("offers no change for a row the user may not edit", async () => {
    ipc.listSettings.mockResolvedValue(ok([{ ...serviceLevelA, editable: false }]));
    const el = renderSettings();
    await until(() => byTestId(el, ROW) !== null);
    expect(byTestId(el, "setting-edit")).toBeNull();
    expect(byTestId(el, "setting-history")).not.toBeNull();
  });
});

describe("the update settings", () => {
  // As the registry lists them (crates/core/src/settings/registry.rs): an empty server means no updates.
  const endpoint = asDefault(
    setting("updates", "endpoint", {
      rule: "text",
      value: "",
      defaultValue: "",
      description: "Update server: the https address of the folder holding stable/ and beta/latest.json (empty: no updates)",
    }),
  );
  const channel = asDefault(
    setting("updates", "channel", {
      rule: "one of stable, beta",
      value: "stable",
      defaultValue: "stable",
      description: "Which releases this company installs",
    }),
  );

  it("lists the update server as text and the channel as a choice of stable or beta", async () => {
    ipc.listSettings.mockResolvedValue(ok([passwordLength, endpoint, channel]));
    const el = renderSettings();
    await until(() => byTestId(el, "settings-row-updates.endpoint") !== null);
    expect(byTestId(el, "settings-group-updates")?.querySelector("h2")?.textContent).toBe("Updates");
    const server = byTestId(el, "settings-row-updates.endpoint") as HTMLElement;
    expect(byTestId(server, "setting-current")?.textContent).toBe("(empty)");
    expect(byTestId(server, "setting-default")?.textContent).toBe("default");
    expect(byTestId(byTestId(el, "settings-row-updates.channel") as HTMLElement, "setting-rule")?.textContent).toBe("Takes: one of stable, beta");

    await openEditor(el, "settings-row-updates.channel");
    const select = byTestId<HTMLSelectElement>(el, "setting-value");
    expect(select?.tagName).toBe("SELECT");
    expect(Array.from(select?.options ?? []).map((o) => o.value)).toEqual(["stable", "beta"]);
    expect(select?.value).toBe("stable");
    await click(byTestId(el, "setting-cancel"));
    await openEditor(el, "settings-row-updates.endpoint");
    const address = byTestId<HTMLInputElement>(el, "setting-value");
    expect(address?.tagName).toBe("INPUT");
    expect(address?.type).toBe("text");
    expect(address?.value).toBe("");
  });
});

describe("changing a setting", () => {
  it("uses an input that fits the rule", async () => {
    const el = renderSettings();
    await openEditor(el);
    const value = byTestId<HTMLInputElement>(el, "setting-value");
    expect(value?.type).toBe("number");
    expect(value?.step).toBe("0.0001");
    expect(value?.min).toBe("0.5");
    await click(byTestId(el, "setting-cancel"));
    await openEditor(el, "settings-row-finance.reporting_currency");
    const select = byTestId<HTMLSelectElement>(el, "setting-value");
    expect(select?.tagName).toBe("SELECT");
    expect(Array.from(select?.options ?? []).map((o) => o.value)).toEqual(["GBP", "EUR", "USD"]);
    await click(byTestId(el, "setting-cancel"));
    await openEditor(el, "settings-row-preferences.dashboard_filters");
    const json = byTestId<HTMLTextAreaElement>(el, "setting-value");
    expect(json?.tagName).toBe("TEXTAREA");
    expect(json?.value).toBe('{\n  "currency": "GBP"\n}');
  });

  it("asks for a reason before anything is sent", async () => {
    const el = renderSettings();
    await openEditor(el);
    await typeInto(el, "setting-value", "0.975");
    await click(byTestId(el, "setting-save"));
    expect(ipc.changeSetting).not.toHaveBeenCalled();
    expect(el.querySelector(".field-invalid [data-testid='setting-reason']")).not.toBeNull();
  });

  it("sends the value, reason, scope and the version it saw, then reads the list again", async () => {
    ipc.changeSetting.mockImplementation(async (change: SettingChange) => ok({ ...serviceLevelA, value: change.value, version: 2 }));
    const el = renderSettings();
    await openEditor(el);
    await typeInto(el, "setting-value", "0.975");
    await typeInto(el, "setting-reason", "Fewer stock-outs on A items");
    ipc.listSettings.mockResolvedValue(ok([{ ...serviceLevelA, value: "0.975", version: 2 }]));
    await click(byTestId(el, "setting-save"));
    await until(() => byTestId(el, "settings-notice") !== null);
    expect(ipc.changeSetting).toHaveBeenCalledWith({
      category: "inventory",
      key: "service_level_a",
      environment: "all",
      scope: "global",
      scopeId: null,
      value: "0.975",
      version: 1,
      reason: "Fewer stock-outs on A items",
    });
    expect(byTestId(el, "setting-dialog")).toBeNull();
    expect(byTestId(byTestId(el, ROW) as HTMLElement, "setting-current")?.textContent).toBe("0.975");
  });

  it("stores a new per-product value with no version", async () => {
    ipc.changeSetting.mockImplementation(async (change: SettingChange) => ok({ ...serviceLevelA, ...change, scope: "product" }));
    const el = renderSettings();
    await openEditor(el);
    await typeInto(el, "setting-scope", "product");
    await typeInto(el, "setting-scope-id", PRODUCT_ID);
    await typeInto(el, "setting-environment", "prod");
    expect(byTestId(el, "setting-target")?.textContent).toContain("Nothing stored for product GABA_RED_UK, production yet");
    await typeInto(el, "setting-reason", "Red sells fast");
    await click(byTestId(el, "setting-save"));
    await until(() => ipc.changeSetting.mock.calls.length === 1);
    expect(ipc.changeSetting.mock.calls[0]?.[0]).toMatchObject({ scope: "product", scopeId: PRODUCT_ID, environment: "prod", version: null });
  });

  it("shows Rust's refusal under the field it names", async () => {
    ipc.changeSetting.mockResolvedValue({
      status: "error",
      error: { kind: "validation", field: "value", message: "a number from 0.5 to 0.9999 with at most 4 decimals" },
    });
    const el = renderSettings();
    await openEditor(el);
    await typeInto(el, "setting-value", "1.5");
    await typeInto(el, "setting-reason", "try");
    await click(byTestId(el, "setting-save"));
    await until(() => el.querySelector(".field-error") !== null);
    expect(el.querySelector(".field-invalid [data-testid='setting-value']")).not.toBeNull();
    expect(el.querySelector(".field-error")?.textContent).toBe("A number from 0.5 to 0.9999 with at most 4 decimals.");
    expect(byTestId(el, "setting-dialog")).not.toBeNull();
  });

  it("says who saved first, reloads on request and then saves over the newer version", async () => {
    ipc.changeSetting.mockResolvedValueOnce({
      status: "error",
      error: { kind: "stale", entity: "setting", changedBy: "olivia.ops", changedAt: "2026-11-05T08:00:00Z" },
    });
    const el = renderSettings();
    await openEditor(el);
    await typeInto(el, "setting-value", "0.975");
    await typeInto(el, "setting-reason", "Fewer stock-outs");
    await click(byTestId(el, "setting-save"));
    await until(() => byTestId(el, "setting-stale") !== null);
    expect(byTestId(el, "setting-stale")?.textContent).toContain("Changed by olivia.ops");
    expect(byTestId<HTMLButtonElement>(el, "setting-save")?.disabled).toBe(true);

    ipc.listSettings.mockResolvedValue(ok([{ ...serviceLevelA, value: "0.98", version: 2, updatedBy: "olivia.ops" }]));
    await click(byTestId(el, "setting-stale-reload"));
    await until(() => byTestId(el, "setting-stale-now") !== null);
    expect(byTestId(el, "setting-stale-now")?.textContent).toContain("0.98 (version 2)");
    expect(byTestId<HTMLInputElement>(el, "setting-value")?.value).toBe("0.975");

    ipc.changeSetting.mockImplementation(async (change: SettingChange) => ok({ ...serviceLevelA, value: change.value, version: 3 }));
    await click(byTestId(el, "setting-save"));
    await until(() => ipc.changeSetting.mock.calls.length === 2);
    expect(ipc.changeSetting.mock.calls[1]?.[0]).toMatchObject({ value: "0.975", version: 2 });
  });
});

describe("a setting's history", () => {
  beforeEach(() => {
    ipc.listSettings.mockResolvedValue(ok([{ ...serviceLevelA, value: "0.975", version: 2 }, filters]));
    ipc.settingHistory.mockResolvedValue(ok([version(2, "0.975", "Fewer stock-outs"), version(1, "0.99", null)]));
  });

  async function openHistory(el: HTMLElement, row = ROW) {
    await until(() => byTestId(el, row) !== null);
    await click(byTestId(byTestId(el, row) as HTMLElement, "setting-history"));
    await until(() => byTestId(el, "setting-version-1") !== null);
  }

  it("lists versions newest first with what changed, and offers to revert only older ones", async () => {
    const el = renderSettings();
    await openHistory(el);
    const items = Array.from(el.querySelectorAll("li.setting-version")).map((n) => n.getAttribute("data-testid"));
    expect(items).toEqual(["setting-version-2", "setting-version-1"]);
    const newest = byTestId(el, "setting-version-2") as HTMLElement;
    expect(byTestId(newest, "setting-diff")?.textContent).toContain("0.99 → 0.975");
    expect(newest.textContent).toContain("Fewer stock-outs");
    expect(byTestId(el, "setting-revert-2")).toBeNull();
    expect(byTestId(el, "setting-revert-1")).not.toBeNull();
    expect(ipc.settingHistory).toHaveBeenCalledWith(serviceLevelA.id);
  });

  it("reverts with a reason and reads history and list again", async () => {
    ipc.revertSetting.mockResolvedValue(ok({ ...serviceLevelA, value: "0.99", version: 3 }));
    const el = renderSettings();
    await openHistory(el);
    await click(byTestId(el, "setting-revert-1"));
    await click(byTestId(el, "setting-revert-confirm"));
    expect(ipc.revertSetting).not.toHaveBeenCalled();

    await typeInto(el, "setting-revert-reason", "Back to the audited level");
    ipc.settingHistory.mockResolvedValue(
      ok([version(3, "0.99", "Back to the audited level"), version(2, "0.975", "Fewer stock-outs"), version(1, "0.99", null)]),
    );
    ipc.listSettings.mockResolvedValue(ok([{ ...serviceLevelA, value: "0.99", version: 3 }, filters]));
    await click(byTestId(el, "setting-revert-confirm"));
    await until(() => byTestId(el, "setting-revert-done") !== null);
    expect(ipc.revertSetting).toHaveBeenCalledWith(serviceLevelA.id, 1, "Back to the audited level");
    expect(byTestId(el, "setting-version-3")).not.toBeNull();
    expect(byTestId(byTestId(el, "setting-version-3") as HTMLElement, "setting-diff")?.textContent).toContain("0.975 → 0.99");
    await click(byTestId(el, "setting-history-close"));
    expect(byTestId(byTestId(el, ROW) as HTMLElement, "setting-current")?.textContent).toBe("0.99");
  });

  it("diffs JSON versions line by line", async () => {
    ipc.settingHistory.mockResolvedValue(ok([version(2, '{"currency":"EUR"}'), version(1, '{"currency":"GBP"}')]));
    const el = renderSettings();
    await openHistory(el, "settings-row-preferences.dashboard_filters");
    const diff = byTestId(byTestId(el, "setting-version-2") as HTMLElement, "setting-diff");
    expect(diff?.querySelector(".diff-removed")?.textContent).toContain('"currency": "GBP"');
    expect(diff?.querySelector(".diff-added")?.textContent).toContain('"currency": "EUR"');
  });
});

it("uses a switch for a yes/no setting", async () => {
  ipc.listSettings.mockResolvedValue(ok([setting("demo", "generated", { rule: "true or false", value: "false", defaultValue: "false" })]));
  ipc.changeSetting.mockImplementation(async (change: SettingChange) => ok({ ...serviceLevelA, value: change.value }));
  const el = renderSettings();
  await openEditor(el, "settings-row-demo.generated");
  const box = byTestId<HTMLInputElement>(el, "setting-value");
  expect(box?.getAttribute("role")).toBe("switch");
  await click(box);
  await typeInto(el, "setting-reason", "Real data now");
  await click(byTestId(el, "setting-save"));
  await until(() => ipc.changeSetting.mock.calls.length === 1);
  expect(ipc.changeSetting.mock.calls[0]?.[0]).toMatchObject({ value: "true" });
});
