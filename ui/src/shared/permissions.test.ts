import { describe, expect, it } from "vitest";
import type { Permission } from "../lib/ipc";
import { PERMISSION_LABELS, permissionLabel } from "./permissions";

describe("permission labels", () => {
  it("gives every permission its own label", () => {
    const labels = Object.values(PERMISSION_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
    expect(permissionLabel("admin.view")).toBe("Open the admin pages");
  });

  it("falls back to the key for a permission a newer Rust added", () => {
    expect(permissionLabel("reports.schedule" as Permission)).toBe("reports.schedule");
  });
});
