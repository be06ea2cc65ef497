import { describe, expect, it } from "vitest";
import type { ConnectionReport } from "../../lib/ipc";
import { reportAdvice, schemaAdvice } from "./ConnectionReportView";

type Outcome = Pick<ConnectionReport, "ok" | "pendingMigrations" | "advice">;

const passed: Outcome = { ok: true, pendingMigrations: 0, advice: null };

describe("connection report advice", () => {
  it("says a current schema is up to date", () => {
    expect(reportAdvice(passed, "en-GB")).toBe("The schema is up to date.");
  });

  it("does not promise that saving applies pending migrations", () => {
    const behind: Outcome = { ok: false, pendingMigrations: 3, advice: "run `sentia migrate`" };
    const text = reportAdvice(behind, "en-GB") ?? "";
    expect(text).toContain("3 schema updates behind this version");
    expect(text).toContain("Saving the connection does not apply them");
    expect(text).toContain("`sentia migrate`");
    expect(text).not.toMatch(/will be applied/);
  });

  it("counts one update in the singular and formats the number for the locale", () => {
    expect(schemaAdvice(1, "en-GB")).toContain("1 schema update behind");
    expect(schemaAdvice(1, "en-GB")).toContain("does not apply it:");
    expect(schemaAdvice(1200, "de-DE")).toContain("1.200 schema updates");
  });

  it("gives Rust's advice on the failed stage otherwise, as a sentence", () => {
    const refused: Outcome = { ok: false, pendingMigrations: 0, advice: "check the database name with IT" };
    expect(reportAdvice(refused, "en-GB")).toBe("Check the database name with IT.");
    expect(reportAdvice({ ok: false, pendingMigrations: 0, advice: null }, "en-GB")).toBeNull();
  });
});
