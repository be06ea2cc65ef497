import { describe, expect, it } from "vitest";
import { checkPasswordChange, firstInvalid, passwordRules } from "./password";

describe("password change form", () => {
  const ok = { current: "temporary-Pa55", next: "harbour lights 2027", confirm: "harbour lights 2027" };

  it("accepts a new password typed the same way twice", () => {
    expect(checkPasswordChange(ok)).toEqual({});
  });

  it("flags a confirmation that differs from the new password", () => {
    const e = checkPasswordChange({ ...ok, confirm: "harbour lights 2028" });
    expect(e).toEqual({ confirmPassword: "The two new passwords do not match." });
  });

  it("compares exactly: case and spaces count", () => {
    expect(checkPasswordChange({ ...ok, confirm: "Harbour lights 2027" }).confirmPassword).toBeDefined();
    expect(checkPasswordChange({ ...ok, confirm: "harbour lights 2027 " }).confirmPassword).toBeDefined();
  });

  it("asks for every field and says which is missing", () => {
    const e = checkPasswordChange({ current: "", next: "", confirm: "" });
    expect(Object.keys(e).sort()).toEqual(["confirmPassword", "currentPassword", "newPassword"]);
    expect(firstInvalid(e)).toBe("currentPassword");
  });

  it("refuses the current password as the new one", () => {
    const e = checkPasswordChange({ current: "same-password-1", next: "same-password-1", confirm: "same-password-1" });
    expect(e.newPassword).toBeDefined();
    expect(e.confirmPassword).toBeUndefined();
    expect(firstInvalid(e)).toBe("newPassword");
  });

  it("leaves length and the user-name rule to Rust", () => {
    expect(checkPasswordChange({ current: "x", next: "ab", confirm: "ab" })).toEqual({});
    expect(checkPasswordChange({ next: "ab" })).toEqual({});
  });

  it("checks only the fields a form has", () => {
    // An admin's temporary password: no current password, no confirmation.
    expect(checkPasswordChange({ next: "" })).toEqual({ newPassword: "Enter a new password." });
    // The sign-in step after a reset knows the current password without showing it.
    expect(Object.keys(checkPasswordChange({ current: "temp", next: "", confirm: "" })).sort()).toEqual([
      "confirmPassword",
      "newPassword",
    ]);
  });

  it("finds no invalid field in a clean form", () => {
    expect(firstInvalid({})).toBeUndefined();
  });

  it("states the user-name rule for whose password it is", () => {
    expect(passwordRules("own")).toContain("must not contain your user name.");
    expect(passwordRules("other")).toContain("must not contain the person's user name.");
    expect(passwordRules("other", "j.smith")).toContain("must not contain the user name “j.smith”.");
  });

  it("names the minimum length once it is known", () => {
    expect(passwordRules("own")).toMatch(/^Your organisation sets the minimum length;/);
    expect(passwordRules("own", "", 14)).toMatch(/^At least 14 characters;/);
  });
});
