import { describe, expect, it } from "vitest";
import type { ConnectionReport } from "../../lib/ipc";
import { reportAdvice, schemaAdvice } from "./ConnectionReportView";

type Outcome = Pick<ConnectionReport, "ok" | "stage" | "pendingMigrations">;

const passed: Outcome = { ok: true, stage: "ok", pendingMigrations: 0 };

describe("connection report advice", () => {
  it("says a current schema is up to date", () => {
    expect(reportAdvice(passed, "en-GB")).toBe("The schema is up to date.");
  });

  it("does not promise that saving applies pending migrations", () => {
    const behind: Outcome = { ...passed, ok: false, stage: "migrations", pendingMigrations: 3 };
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

  it("gives the failed stage's advice otherwise", () => {
    const refused: Outcome = { ...passed, ok: false, stage: "auth" };
    expect(reportAdvice(refused, "en-GB")).toBe("The database user or password was not accepted.");
    const differs: Outcome = { ...passed, ok: false, stage: "migrations" };
    expect(reportAdvice(differs, "en-GB")).toMatch(/does not match this version/);
  });
});
