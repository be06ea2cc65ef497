import { describe, expect, it } from "vitest";
import type { TlsWarning } from "../../lib/ipc";
import { tlsWarningText } from "./tls";

describe("TLS warnings", () => {
  it("explain every warning Rust can send and point to verify-full", () => {
    const all: TlsWarning[] = ["unencrypted", "downgradable", "unverified"];
    const texts = all.map(tlsWarningText);
    expect(new Set(texts).size).toBe(all.length);
    for (const text of texts) expect(text).toMatch(/Verify full/);
    expect(tlsWarningText("unencrypted")).toMatch(/clear text/);
  });
});
