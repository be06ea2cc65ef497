import { describe, expect, it } from "vitest";
import { ADMIN_ID, OTHER_USER_ID, PRODUCT_ID, asDefault, currency, filters, passwordLength, serviceLevelA, setting } from "./fixtures.test-data";
import { changedPreferences, localeChoices, storedPreferences, timeZoneChoices } from "./preferences";
import {
  diffValues,
  filterSettings,
  groupByCategory,
  inputKind,
  lineDiff,
  prettyJson,
  scalarChange,
  settingTestId,
  stepFor,
  storedAt,
  versionFor,
} from "./settings";

describe("the settings list", () => {
  it("groups rows by category in the order Rust lists them, each setting's rows together", () => {
    const perProduct = { ...serviceLevelA, id: "s-p", scope: "product" as const, scopeId: PRODUCT_ID, value: "0.995" };
    const prod = { ...serviceLevelA, id: "s-prod", environment: "prod", value: "0.98" };
    const levelB = setting("inventory", "service_level_b");
    const groups = groupByCategory([passwordLength, perProduct, serviceLevelA, levelB, currency, prod]);
    expect(groups.map((g) => g.category)).toEqual(["security", "inventory", "finance"]);
    const inventory = groups[1]?.rows.map((r) => [r.key, r.scope, r.environment]);
    expect(inventory).toEqual([
      ["service_level_a", "global", "all"],
      ["service_level_a", "global", "prod"],
      ["service_level_a", "product", "all"],
      ["service_level_b", "global", "all"],
    ]);
  });

  it("finds settings by every word of the search, in key, description, value or author", () => {
    const rows = [serviceLevelA, currency, passwordLength];
    expect(filterSettings(rows, "").length).toBe(3);
    expect(filterSettings(rows, "service class").map((r) => r.key)).toEqual(["service_level_a"]);
    expect(filterSettings(rows, "inventory.service").map((r) => r.key)).toEqual(["service_level_a"]);
    expect(filterSettings(rows, "EUR").map((r) => r.key)).toEqual(["reporting_currency"]);
    expect(filterSettings(rows, "amelia").map((r) => r.key)).toEqual(["service_level_a", "password.min_length"]);
    expect(filterSettings(rows, "service nothing-like-this")).toEqual([]);
  });

  it("names the value for everyone by its key alone and narrower values by environment and scope", () => {
    expect(settingTestId(serviceLevelA)).toBe("settings-row-inventory.service_level_a");
    expect(settingTestId({ ...serviceLevelA, environment: "prod" })).toBe("settings-row-inventory.service_level_a--prod--global");
    expect(settingTestId({ ...serviceLevelA, scope: "product", scopeId: PRODUCT_ID })).toBe(
      `settings-row-inventory.service_level_a--all--product-${PRODUCT_ID}`,
    );
  });
});

describe("the input a rule calls for", () => {
  it("reads each of Rust's rules", () => {
    expect(inputKind("one of GBP, EUR, USD")).toEqual({ kind: "choice", choices: ["GBP", "EUR", "USD"] });
    expect(inputKind("one of system, light, dark")).toEqual({ kind: "choice", choices: ["system", "light", "dark"] });
    expect(inputKind("whole number, 8 to 128")).toEqual({ kind: "integer", min: "8", max: "128" });
    expect(inputKind("number, 0.5 to 0.9999, 4 decimals")).toEqual({ kind: "decimal", min: "0.5", max: "0.9999", decimals: 4 });
    expect(inputKind("number, 0 to 1000000000, 2 decimals")).toEqual({ kind: "decimal", min: "0", max: "1000000000", decimals: 2 });
    expect(inputKind("true or false")).toEqual({ kind: "boolean" });
    expect(inputKind("JSON object")).toEqual({ kind: "json" });
    expect(inputKind("date")).toEqual({ kind: "date" });
    expect(inputKind("language tag, e.g. en-GB")).toEqual({ kind: "locale" });
    expect(inputKind("time zone, e.g. Europe/London")).toEqual({ kind: "timeZone" });
    expect(inputKind("text")).toEqual({ kind: "text" });
  });

  it("falls back to text for a rule it does not know", () => {
    expect(inputKind("a colour")).toEqual({ kind: "text" });
    expect(inputKind("one of ")).toEqual({ kind: "text" });
    expect(inputKind("whole number, many")).toEqual({ kind: "text" });
  });

  it("steps a number input by its last decimal", () => {
    expect(stepFor(4)).toBe("0.0001");
    expect(stepFor(1)).toBe("0.1");
    expect(stepFor(0)).toBe("1");
  });
});

describe("where a change lands", () => {
  const rows = [
    serviceLevelA,
    { ...serviceLevelA, id: "s-p", scope: "product" as const, scopeId: PRODUCT_ID, version: 4 },
    asDefault(setting("inventory", "service_level_b")),
  ];
  const target = { category: "inventory", key: "service_level_a", environment: "all", scope: "global", scopeId: null };

  it("names the version of the stored row it replaces", () => {
    expect(versionFor(rows, target)).toBe(1);
    expect(versionFor(rows, { ...target, scope: "product", scopeId: PRODUCT_ID })).toBe(4);
  });

  it("names no version for a value not stored yet: another environment, product or a default", () => {
    expect(versionFor(rows, { ...target, environment: "prod" })).toBeNull();
    expect(versionFor(rows, { ...target, scope: "product", scopeId: "another" })).toBeNull();
    expect(versionFor(rows, { ...target, key: "service_level_b" })).toBeNull();
    expect(storedAt(rows, { ...target, key: "service_level_b" })).toBeUndefined();
  });
});

describe("what changed between versions", () => {
  it("shows a scalar change as before → after", () => {
    expect(diffValues("0.975", "0.99", false)).toEqual({ kind: "scalar", before: "0.975", after: "0.99" });
    expect(scalarChange("0.975", "0.99")).toBe("0.975 → 0.99");
    expect(diffValues("14", "14", false)).toEqual({ kind: "same" });
  });

  it("diffs JSON line by line, ignoring key order and layout", () => {
    const diff = diffValues('{"currency":"GBP","channel":"all"}', '{"channel":"all","currency":"EUR"}', true);
    expect(diff).toEqual({
      kind: "lines",
      lines: [
        { op: "same", text: "{" },
        { op: "same", text: '  "channel": "all",' },
        { op: "removed", text: '  "currency": "GBP"' },
        { op: "added", text: '  "currency": "EUR"' },
        { op: "same", text: "}" },
      ],
    });
    expect(diffValues('{"b":1,"a":2}', '{ "a": 2, "b": 1 }', true)).toEqual({ kind: "same" });
  });

  it("keeps the common lines of a longer text and marks only what moved", () => {
    const ops = lineDiff("a\nb\nc\nd", "a\nc\nd\ne").map((l) => `${l.op[0]}${l.text}`);
    expect(ops).toEqual(["sa", "rb", "sc", "sd", "ae"]);
    expect(lineDiff("", "x").map((l) => l.op)).toEqual(["removed", "added"]);
  });

  it("lays JSON out sorted, and leaves text that is not JSON as it is", () => {
    expect(prettyJson('{"b":[2,{"d":1,"c":0}],"a":null}')).toBe('{\n  "a": null,\n  "b": [\n    2,\n    {\n      "c": 0,\n      "d": 1\n    }\n  ]\n}');
    expect(prettyJson("{not json")).toBe("{not json");
  });
});

describe("a user's own preferences", () => {
  const mine = (key: string, value: string) =>
    setting("preferences", key, { scope: "user", scopeId: ADMIN_ID, value, scopes: ["global", "user"] });

  it("are the user rows stored for that user, not someone else's nor the defaults", () => {
    const rows = [
      asDefault(setting("preferences", "locale", { defaultValue: "en-GB" })),
      mine("locale", "de-DE"),
      { ...mine("time_zone", "America/New_York"), scopeId: OTHER_USER_ID },
      mine("theme", "dark"),
      { ...filters, scope: "user" as const, scopeId: ADMIN_ID },
    ];
    expect(storedPreferences(rows, ADMIN_ID)).toEqual({ locale: "de-DE", theme: "dark" });
    expect(storedPreferences(rows, OTHER_USER_ID)).toEqual({ time_zone: "America/New_York" });
  });

  it("ignore a stored theme the window does not have", () => {
    expect(storedPreferences([mine("theme", "sepia")], ADMIN_ID)).toEqual({});
  });

  it("are saved only where the form differs, in the dialog's order", () => {
    const initial = { locale: "en-GB", time_zone: "Europe/London", theme: "system" as const };
    expect(changedPreferences(initial, initial)).toEqual([]);
    expect(changedPreferences(initial, { ...initial, theme: "dark", locale: " de-DE " })).toEqual([
      ["locale", "de-DE"],
      ["theme", "dark"],
    ]);
  });

  it("offer the zone and locale in use even when the list lacks them", () => {
    expect(timeZoneChoices("Europe/London", ["Europe/Berlin", "Europe/London"])).toEqual(["Europe/Berlin", "Europe/London"]);
    expect(timeZoneChoices("Mars/Olympus", ["Europe/London"])).toEqual(["Mars/Olympus", "Europe/London"]);
    expect(localeChoices("pt-BR")[0]).toBe("pt-BR");
    expect(localeChoices("en-GB").filter((l) => l === "en-GB")).toHaveLength(1);
  });
});
