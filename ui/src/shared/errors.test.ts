import { describe, expect, it } from "vitest";
import { describeError, humanize } from "./errors";

const ctx = { locale: "en-GB", timeZone: "Europe/London" };

describe("describeError", () => {
  it("says when a locked account unlocks, in the user's zone", () => {
    const e = describeError({ kind: "lockedOut", until: "2026-07-01T12:15:00Z" }, ctx);
    expect(e.message).toContain("1 Jul 2026, 13:15");
  });

  it("does not reveal which credential was wrong", () => {
    const e = describeError({ kind: "notAuthenticated" }, { ...ctx, signingIn: true });
    expect(e.message).toBe("The username or password is incorrect.");
    expect(e.signedOut).toBeUndefined();
  });

  it("reports wrong credentials from login without naming a field", () => {
    const e = describeError(
      { kind: "validation", field: "password", message: "wrong user name or password" },
      { ...ctx, signingIn: true },
    );
    expect(e.message).toBe("The username or password is incorrect.");
    expect(e.field).toBeUndefined();
  });

  it("shows Rust's words for a conflict and highlights the field it names", () => {
    const e = describeError(
      { kind: "conflict", constraint: "users_email_lower_key", field: "email", message: "that e-mail address is already in use" },
      ctx,
    );
    expect(e.message).toBe("That e-mail address is already in use.");
    expect(e.field).toBe("email");
  });

  it("treats notAuthenticated elsewhere as an ended session", () => {
    expect(describeError({ kind: "notAuthenticated" }, ctx).signedOut).toBe(true);
  });

  it("names the field of a validation error", () => {
    const e = describeError(
      { kind: "validation", field: "port", message: "must be between 1 and 65535" },
      { ...ctx, fieldLabels: { port: "Port" } },
    );
    expect(e.field).toBe("port");
    expect(e.message).toBe("Port: must be between 1 and 65535");
  });

  it("names only the password when the current one is wrong", () => {
    const e = describeError(
      { kind: "validation", field: "currentPassword", message: "wrong user name or password" },
      { ...ctx, fieldLabels: { currentPassword: "Current password" } },
    );
    expect(e.message).toBe("The current password is incorrect.");
    expect(e.field).toBe("currentPassword");
  });

  it("labels a new-password rule with the form's own field name", () => {
    const e = describeError(
      { kind: "validation", field: "newPassword", message: "use at least 12 characters" },
      { ...ctx, fieldLabels: { newPassword: "New password" } },
    );
    expect(e.message).toBe("New password: use at least 12 characters");
    expect(e.field).toBe("newPassword");
  });

  it("gives the log reference of an internal error, not its details", () => {
    const e = describeError({ kind: "internal", reference: "E-1234" }, { ...ctx, action: "load the dashboard" });
    expect(e.message).toMatch(/^Could not load the dashboard\. Please report reference E-1234/);
  });

  it("turns a bare string rejection into an internal error", () => {
    const e = describeError("command get_dashboard not found" as never, ctx);
    expect(e.kind).toBe("internal");
  });

  it("names a missing permission by its label, not its key", () => {
    const e = describeError({ kind: "forbidden", permission: "audit.view" }, ctx);
    expect(e.message).toContain("“Read the audit log”");
    expect(e.message).not.toContain("audit.view");
  });

  it("says who saved a row first and when, in the user's zone, and that nothing was saved", () => {
    const e = describeError(
      { kind: "stale", entity: "product", changedBy: "Fiona Clarke", changedAt: "2026-07-01T12:15:00Z" },
      ctx,
    );
    expect(e.title).toBe("Changed by someone else");
    expect(e.message).toBe(
      "Fiona Clarke changed this product at 1 Jul 2026, 13:15. Your changes are not saved yet: compare and choose.",
    );
    expect(e.signedOut).toBeUndefined();
  });

  it("says someone else changed a row when Rust does not know who", () => {
    const e = describeError(
      { kind: "stale", entity: "sales channel", changedBy: null, changedAt: "2026-12-24T08:00:00Z" },
      ctx,
    );
    expect(e.message).toMatch(/^Someone else changed this sales channel at 24 Dec 2026, 08:00\./);
  });

  it("names the file, line and column of a bad import row and says nothing was saved", () => {
    const e = describeError({ kind: "badRow", file: "rates.csv", line: 7, field: "rate", message: "not a number" }, ctx);
    expect(e.title).toBe("Check the file");
    expect(e.message).toBe("rates.csv, line 7, rate: not a number. Nothing from the file was saved.");
    expect(e.field).toBeUndefined();
  });

  it("does not double the full stop when Rust's words end with one", () => {
    const e = describeError({ kind: "badRow", file: "fx.csv", line: 1200, field: "date", message: "not a date like 2026-11-30." }, ctx);
    expect(e.message).toBe("fx.csv, line 1,200, date: not a date like 2026-11-30. Nothing from the file was saved.");
  });

  it("names a file that cannot be imported at all and says nothing was saved", () => {
    const e = describeError(
      { kind: "badFile", file: "orders.xlsx", message: "the columns match no known layout (Sentia template, Shopify, Amazon): a, b." },
      ctx,
    );
    expect(e.title).toBe("Check the file");
    expect(e.message).toBe("orders.xlsx: the columns match no known layout (Sentia template, Shopify, Amazon): a, b. Nothing from the file was saved.");
  });

  it("says a cancelled piece of work saved nothing", () => {
    const e = describeError({ kind: "cancelled" }, { ...ctx, action: "import orders.csv" });
    expect(e.title).toBe("Cancelled");
    expect(e.message).toBe("Could not import orders.csv: it was cancelled. Nothing of it was saved.");
    expect(e.retryable).toBeUndefined();
  });

  it("humanizes identifiers", () => {
    expect(humanize("forecastApprove")).toBe("forecast approve");
    expect(humanize("users_email_key")).toBe("users email key");
  });
});
