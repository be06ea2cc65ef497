import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS, overrideOf, overridesFromList, overridesToList, withOverride } from "./permissions";
import { validateNewUser } from "./validate";

describe("permission overrides", () => {
  it("sets, flips and clears an override without touching others", () => {
    const a = withOverride({ "data.import": true }, "forecast.approve", "allow");
    expect(a).toEqual({ "data.import": true, "forecast.approve": true });
    const b = withOverride(a, "forecast.approve", "deny");
    expect(overrideOf(b, "forecast.approve")).toBe("deny");
    const c = withOverride(b, "forecast.approve", "default");
    expect(c).toEqual({ "data.import": true });
    expect(overrideOf(c, "forecast.approve")).toBe("default");
  });

  it("converts between Rust's list and the dialog's map", () => {
    const list = [
      { permission: "users.manage" as const, granted: false },
      { permission: "data.import" as const, granted: true },
    ];
    const map = overridesFromList(list);
    expect(map).toEqual({ "users.manage": false, "data.import": true });
    // Back in declaration order, regardless of the order received.
    expect(overridesToList(map)).toEqual([list[1], list[0]]);
  });

  it("lists every permission once", () => {
    expect(new Set(ALL_PERMISSIONS).size).toBe(ALL_PERMISSIONS.length);
    expect(ALL_PERMISSIONS).toContain("users.manage");
  });
});

describe("new user form", () => {
  const ok = { username: "j.smith", email: "j@example.com", displayName: "J Smith", role: "viewer" as const, password: "correct horse battery" };

  it("accepts a valid user", () => {
    expect(validateNewUser(ok)).toEqual({});
  });

  it("mirrors the database's username and email checks", () => {
    expect(validateNewUser({ ...ok, username: "jo" }).username).toBeDefined();
    expect(validateNewUser({ ...ok, username: "j smith" }).username).toBeDefined();
    expect(validateNewUser({ ...ok, email: "nope" }).email).toBeDefined();
    expect(validateNewUser({ ...ok, password: "" }).password).toBeDefined();
  });

  it("leaves the full name optional, as Rust does", () => {
    expect(validateNewUser({ ...ok, displayName: "  " })).toEqual({});
  });

  it("leaves the password's length to Rust, whose minimum is a database setting", () => {
    expect(validateNewUser({ ...ok, password: "short" })).toEqual({});
  });
});
