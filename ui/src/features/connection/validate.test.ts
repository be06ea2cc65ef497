import { describe, expect, it } from "vitest";
import { type FormState, validateForm } from "./validate";

const good: FormState = { host: "db.internal", port: "5432", database: "sentia", user: "app", password: "", tlsMode: "require" };

describe("connection form", () => {
  it("accepts a complete form with a blank password (kept in the keychain)", () => {
    expect(validateForm(good)).toEqual({});
  });

  it("names each missing or malformed field", () => {
    const e = validateForm({ ...good, host: " ", port: "70000", database: "", user: "" });
    expect(Object.keys(e).sort()).toEqual(["database", "host", "port", "user"]);
    expect(validateForm({ ...good, port: "54a" }).port).toMatch(/between 1 and 65535/);
    expect(validateForm({ ...good, host: "db internal" }).host).toMatch(/spaces/);
  });
});
